/**
 * Accounts, sessions, API tokens and the first-admin setup: the only code that stores them. Secrets (session cookies,
 * tokens, setup links) are random and only their SHA-256 is stored; passwords are scrypt hashes.
 */
import type { Db } from "./client";
import { recordAudit } from "./audit";
import { Sql } from "./sql";
import { AppError, badRequest, notFound, unprocessable } from "../errors";
import { dummyHash, hashPassword, passwordProblem, verifyPassword } from "../auth/password";
import { hashSecret, newSecret, sameSecret } from "../auth/secrets";
import { isRole, ROLES, type Principal, type Role } from "../auth/roles";
import { loginLimiter } from "../auth/ratelimit";
import { freeTextProblem } from "../api/security";
import type { TokenDto, UserDto } from "../api/auth-dto";

export const SESSION_COOKIE = "hcinet-session";
export const IDLE_MS = Number(process.env.HCINET_SESSION_IDLE_MINUTES ?? 120) * 60_000;
export const ABSOLUTE_MS = Number(process.env.HCINET_SESSION_MAX_HOURS ?? 12) * 3_600_000;
const SETUP_MS = 24 * 3_600_000;
/** last-seen / last-used are written at most this often */
const TOUCH_MS = 30_000;

export type { UserDto, TokenDto };

const USERNAME = /^[a-z0-9]([a-z0-9._-]{0,62}[a-z0-9])?$/;

export function usernameProblem(name: string): string | null {
  return USERNAME.test(name) ? null : "must be 1–64 characters: lowercase letters, digits, '.', '_' or '-', starting and ending with a letter or digit";
}

type UserRow = { id: number; username: string; role: string; disabled: boolean; createdAt: Date; updatedAt: Date };
const userDto = (u: UserRow): UserDto => ({
  id: u.id,
  username: u.username,
  role: isRole(u.role) ? u.role : "reviewer",
  disabled: u.disabled,
  createdAt: u.createdAt.toISOString(),
  updatedAt: u.updatedAt.toISOString(),
});

// ---------- users

export async function countUsers(db: Db): Promise<number> {
  return db.user.count();
}

export async function listUsers(db: Db): Promise<UserDto[]> {
  return (await db.user.findMany({ orderBy: { username: "asc" } })).map(userDto);
}

export async function createUser(db: Db, input: { username: string; password: string; role: string }): Promise<UserDto> {
  const fields = [];
  const np = usernameProblem(input.username);
  if (np) fields.push({ path: "username", message: np });
  const pp = passwordProblem(input.password);
  if (pp) fields.push({ path: "password", message: pp });
  if (!isRole(input.role)) fields.push({ path: "role", message: `must be one of ${ROLES.join(", ")}` });
  if (fields.length) throw unprocessable("the account is not valid", fields);
  const passwordHash = await hashPassword(input.password);
  return db.$transaction(async (tx) => {
    if (await tx.user.findUnique({ where: { username: input.username } }))
      throw new AppError(409, "name_taken", `user "${input.username}" already exists`, [{ path: "username", message: "already exists", code: "exists.user" }], { name: input.username });
    const u = await tx.user.create({ data: { username: input.username, passwordHash, role: input.role } });
    await recordAudit(tx, { action: "create", targetKind: "User", targetName: u.username, after: { role: u.role, disabled: false } });
    return userDto(u);
  });
}

/** Role change, disable/enable, password reset (all sessions of the user end on disable or reset). */
export async function updateUser(db: Db, id: number, patch: { role?: string; disabled?: boolean; password?: string }): Promise<UserDto> {
  const fields = [];
  if (patch.role !== undefined && !isRole(patch.role)) fields.push({ path: "role", message: `must be one of ${ROLES.join(", ")}` });
  if (patch.password !== undefined) {
    const pp = passwordProblem(patch.password);
    if (pp) fields.push({ path: "password", message: pp });
  }
  if (fields.length) throw unprocessable("the change is not valid", fields);
  const passwordHash = patch.password !== undefined ? await hashPassword(patch.password) : undefined;
  return db.$transaction(async (tx) => {
    const before = await tx.user.findUnique({ where: { id } });
    if (!before) throw notFound("user", String(id));
    const role = patch.role ?? before.role;
    const disabled = patch.disabled ?? before.disabled;
    if (before.role === "admin" && !before.disabled && (role !== "admin" || disabled)) {
      const admins = await tx.user.count({ where: { role: "admin", disabled: false } });
      if (admins <= 1) throw new AppError(409, "last_admin", "the last enabled admin cannot be demoted or disabled");
    }
    const u = await tx.user.update({ where: { id }, data: { role, disabled, ...(passwordHash ? { passwordHash } : {}) } });
    if (disabled || passwordHash) await tx.session.deleteMany({ where: { userId: id } });
    await recordAudit(tx, {
      action: passwordHash ? "reset-password" : "update",
      targetKind: "User",
      targetName: u.username,
      before: { role: before.role, disabled: before.disabled },
      after: { role: u.role, disabled: u.disabled, ...(passwordHash ? { password: "(reset)" } : {}) },
    });
    return userDto(u);
  });
}

// ---------- sign-in and sessions

export class RateLimited extends AppError {
  constructor(readonly retryAfterSeconds: number) {
    super(429, "too_many_attempts", `too many failed sign-ins; try again in ${retryAfterSeconds} s`, [], { retryAfterSeconds });
  }
}

/** Checks the password (rate limited per account and address) and opens a session; the cookie value is returned once. */
export async function signIn(db: Db, username: string, password: string, address: string): Promise<{ secret: string; user: UserDto; expiresAt: Date }> {
  const name = username.trim().toLowerCase().slice(0, 64);
  const keys = [`user:${name}`, `addr:${address}`];
  const limiter = loginLimiter();
  const wait = limiter.retryAfter(keys);
  if (wait > 0) {
    await db.$transaction((tx) => recordAudit(tx, { actor: "anonymous", action: "signin-throttled", targetKind: "User", targetName: safeName(name), after: { address } }));
    throw new RateLimited(Math.ceil(wait / 1000));
  }
  const u = await db.user.findUnique({ where: { username: name } });
  const ok = u ? await verifyPassword(password, u.passwordHash) : (await verifyPassword(password, await dummyHash()), false);
  if (!u || !ok || u.disabled) {
    limiter.fail(keys);
    await db.$transaction((tx) =>
      recordAudit(tx, { actor: "anonymous", action: "signin-failed", targetKind: "User", targetName: safeName(name), after: { address, reason: !u ? "unknown user" : !ok ? "wrong password" : "disabled" } }),
    );
    throw new AppError(401, "invalid_credentials", "wrong username or password");
  }
  limiter.succeed([`user:${name}`]);
  const secret = newSecret("s_");
  const expiresAt = new Date(Date.now() + ABSOLUTE_MS);
  await db.$transaction(async (tx) => {
    await tx.session.create({ data: { secretHash: hashSecret(secret), userId: u.id, expiresAt } });
    await recordAudit(tx, { actor: u.username, action: "signin", targetKind: "User", targetName: u.username, after: { address } });
  });
  return { secret, user: userDto(u), expiresAt };
}

function safeName(name: string): string {
  return freeTextProblem(name, 64) ? "(unprintable)" : name;
}

export async function signOut(db: Db, sessionSecret: string | null, actor: string): Promise<void> {
  if (!sessionSecret) return;
  await db.$transaction(async (tx) => {
    const { count } = await tx.session.deleteMany({ where: { secretHash: hashSecret(sessionSecret) } });
    if (count) await recordAudit(tx, { actor, action: "signout", targetKind: "User", targetName: actor });
  });
}

// ---------- API tokens

export async function createToken(db: Db, principal: Principal, name: string): Promise<{ token: string; info: TokenDto }> {
  if (principal.userId === null) throw new AppError(422, "validation_failed", "the environment admin token cannot own tokens; sign in as a user");
  const np = freeTextProblem(name, 64) ?? (name.trim() === "" ? "must not be empty" : null);
  if (np) throw unprocessable("the token is not valid", [{ path: "name", message: np }]);
  const token = newSecret("hcinet_");
  const row = await db.$transaction(async (tx) => {
    const t = await tx.apiToken.create({ data: { name, secretHash: hashSecret(token), prefix: token.slice(0, 12), userId: principal.userId! }, include: { user: true } });
    await recordAudit(tx, { action: "create", targetKind: "ApiToken", targetName: `${t.user.username}/${name}`, after: { id: t.id, prefix: t.prefix } });
    return t;
  });
  return { token, info: tokenDto(row) };
}

type TokenRow = { id: number; name: string; prefix: string; createdAt: Date; lastUsedAt: Date | null; revokedAt: Date | null; user: { username: string; role: string } };
const tokenDto = (t: TokenRow): TokenDto => ({
  id: t.id,
  name: t.name,
  prefix: t.prefix,
  username: t.user.username,
  role: isRole(t.user.role) ? t.user.role : "reviewer",
  createdAt: t.createdAt.toISOString(),
  lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
  revokedAt: t.revokedAt?.toISOString() ?? null,
});

/** The caller's tokens; an admin sees every user's. */
export async function listTokens(db: Db, principal: Principal): Promise<TokenDto[]> {
  const where = principal.role === "admin" ? {} : { userId: principal.userId ?? -1 };
  return (await db.apiToken.findMany({ where, include: { user: true }, orderBy: { id: "asc" } })).map(tokenDto);
}

export async function revokeToken(db: Db, principal: Principal, id: number): Promise<TokenDto> {
  return db.$transaction(async (tx) => {
    const t = await tx.apiToken.findUnique({ where: { id }, include: { user: true } });
    if (!t || (principal.role !== "admin" && t.userId !== principal.userId)) throw notFound("token", String(id));
    const revoked = t.revokedAt ? t : await tx.apiToken.update({ where: { id }, data: { revokedAt: new Date() }, include: { user: true } });
    if (!t.revokedAt) await recordAudit(tx, { action: "revoke", targetKind: "ApiToken", targetName: `${t.user.username}/${t.name}`, before: { revokedAt: null }, after: { revokedAt: revoked.revokedAt } });
    return tokenDto(revoked);
  });
}

// ---------- who is calling

/** A token and its user as the raw statement returns them (SQLite: ISO text and 0/1; PostgreSQL: Date and boolean). */
interface TokenLookupRow {
  id: number | bigint;
  userId: number | bigint;
  revokedAt: unknown;
  lastUsedAt: unknown;
  username: string;
  role: string;
  disabled: unknown;
}
const truthy = (v: unknown) => v === true || v === 1 || v === 1n || v === "1" || v === "true";
function timeOf(v: unknown): number | null {
  if (v === null || v === undefined) return null;
  const t = v instanceof Date ? v.getTime() : typeof v === "number" ? v : Date.parse(String(v));
  return Number.isFinite(t) ? t : null;
}

export interface Credentials {
  bearer: string | null;
  session: string | null;
}

export function credentialsOf(headers: Headers): Credentials {
  const auth = headers.get("authorization");
  const m = auth ? /^Bearer\s+(\S+)\s*$/i.exec(auth) : null;
  return { bearer: m ? m[1] : auth ? "" : null, session: cookieValue(headers.get("cookie"), SESSION_COOKIE) };
}

export function cookieValue(header: string | null, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(";")) {
    const i = part.indexOf("=");
    if (i > 0 && part.slice(0, i).trim() === name) return decodeURIComponent(part.slice(i + 1).trim());
  }
  return null;
}

/** HCINET_ADMIN_TOKEN when set to ≥ 32 characters (shorter values are ignored, with a warning at start). */
export function envAdminToken(): string | null {
  const t = process.env.HCINET_ADMIN_TOKEN;
  return t && t.length >= 32 ? t : null;
}

/**
 * The principal of a request: a Bearer token (HCINET_ADMIN_TOKEN or a stored API token) or a session cookie.
 * null = no valid credentials. A Bearer header that is present but wrong is never rescued by a cookie.
 */
export async function authenticate(db: Db, creds: Credentials, now = new Date()): Promise<Principal | null> {
  if (creds.bearer !== null) {
    if (creds.bearer === "") return null;
    const env = envAdminToken();
    if (env && sameSecret(creds.bearer, env)) return { actor: "env-token", role: "admin", userId: null, via: "env-token" };
    // one statement on the store's read connection (every request with a token pays it: Prisma's findUnique with
    // the user cost ≈ 1 ms of CPU more); no cache, so a revoked token or a disabled user is refused on the next request
    const [t] = await Sql.of(db).query<TokenLookupRow>(
      db,
      `SELECT t."id", t."userId", t."revokedAt", t."lastUsedAt", u."username", u."role", u."disabled" FROM "ApiToken" t JOIN "User" u ON u."id" = t."userId" WHERE t."secretHash" = ?`,
      [hashSecret(creds.bearer)],
    );
    if (!t || t.revokedAt !== null || truthy(t.disabled) || !isRole(t.role)) return null;
    const lastUsed = timeOf(t.lastUsedAt);
    if (lastUsed === null || now.getTime() - lastUsed > TOUCH_MS) await db.apiToken.update({ where: { id: Number(t.id) }, data: { lastUsedAt: now } });
    return { actor: String(t.username), role: t.role, userId: Number(t.userId), via: "token" };
  }
  if (creds.session) {
    const s = await db.session.findUnique({ where: { secretHash: hashSecret(creds.session) }, include: { user: true } });
    if (!s) return null;
    if (s.expiresAt <= now || now.getTime() - s.lastSeenAt.getTime() > IDLE_MS || s.user.disabled || !isRole(s.user.role)) {
      await db.session.delete({ where: { id: s.id } }).catch(() => undefined);
      return null;
    }
    if (now.getTime() - s.lastSeenAt.getTime() > TOUCH_MS) await db.session.update({ where: { id: s.id }, data: { lastSeenAt: now } });
    return { actor: s.user.username, role: s.user.role, userId: s.userId, via: "session" };
  }
  return null;
}

// ---------- first admin

/**
 * First run: with no account, HCINET_ADMIN_PASSWORD creates the admin "admin"; otherwise a one-time setup link
 * (valid 24 h) is made. Returns what to tell the operator.
 */
export async function bootstrapFirstAdmin(db: Db): Promise<{ kind: "exists" } | { kind: "created"; username: string } | { kind: "setup"; token: string }> {
  if ((await db.user.count()) > 0) return { kind: "exists" };
  const password = process.env.HCINET_ADMIN_PASSWORD;
  if (password) {
    const pp = passwordProblem(password);
    if (pp) throw badRequest(`HCINET_ADMIN_PASSWORD ${pp}`);
    const u = await createUser(db, { username: "admin", password, role: "admin" });
    return { kind: "created", username: u.username };
  }
  const token = newSecret("");
  await db.setupToken.create({ data: { secretHash: hashSecret(token), expiresAt: new Date(Date.now() + SETUP_MS) } });
  return { kind: "setup", token };
}

/** Redeems a setup link: creates the first admin; the link works once and only while no account exists. */
export async function completeSetup(db: Db, token: string, username: string, password: string): Promise<UserDto> {
  const row = await db.setupToken.findUnique({ where: { secretHash: hashSecret(token) } });
  if (!row || row.expiresAt <= new Date() || (await db.user.count()) > 0) throw new AppError(403, "setup_closed", "this setup link is invalid, expired or already used");
  const u = await createUser(db, { username, password, role: "admin" });
  await db.setupToken.deleteMany({});
  return u;
}

// ---------- case clusters (support may import into them)

export async function isCaseCluster(db: Db, name: string): Promise<boolean> {
  const c = await db.cluster.findUnique({ where: { name }, select: { settings: true } });
  if (!c) return false;
  try {
    return (JSON.parse(c.settings) as { case?: unknown }).case === true;
  } catch {
    return false;
  }
}

export async function setCaseCluster(db: Db, name: string, isCase: boolean): Promise<{ name: string; case: boolean }> {
  return db.$transaction(async (tx) => {
    const c = await tx.cluster.findUnique({ where: { name }, select: { settings: true } });
    if (!c) throw notFound("cluster", name);
    let settings: Record<string, unknown> = {};
    try {
      settings = JSON.parse(c.settings);
    } catch {
      /* a broken settings blob is replaced */
    }
    const before = settings.case === true;
    await tx.cluster.update({ where: { name }, data: { settings: JSON.stringify({ ...settings, case: isCase }) } });
    await recordAudit(tx, { action: "update", targetKind: "Cluster", targetName: name, before: { case: before }, after: { case: isCase } });
    return { name, case: isCase };
  });
}
