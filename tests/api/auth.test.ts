import { describe, expect, it } from "vitest";
import { call, tokenFor, useTempDatabase } from "./helpers";

useTempDatabase();
const signin = await import("@/app/api/auth/signin/route");
const signout = await import("@/app/api/auth/signout/route");
const me = await import("@/app/api/auth/me/route");
const setup = await import("@/app/api/auth/setup/route");
const users = await import("@/app/api/users/route");
const user = await import("@/app/api/users/[id]/route");
const tokens = await import("@/app/api/tokens/route");
const token = await import("@/app/api/tokens/[id]/route");
const audit = await import("@/app/api/audit/route");
const networks = await import("@/app/api/networks/route");
const { db } = await import("@/lib/db/client");
const { bootstrapFirstAdmin } = await import("@/lib/db/auth");
const { loginLimiter } = await import("@/lib/auth/ratelimit");

const PASSWORD = "correct horse battery";
// every network gets its own /24 (two networks may never share an address: the overlap rule)
let netSeq = 0;
const net = (name: string, extra: Record<string, unknown> = {}) => {
  const o = `10.70.${netSeq++}`;
  return {
    name,
    vswitchName: "extSwitch",
    ipAddressPrefix: `${o}.0/24`,
    gateway: `${o}.1`,
    dnsServers: [`${o}.2`],
    k8sNodeIpPoolStart: `${o}.10`,
    k8sNodeIpPoolEnd: `${o}.99`,
    vipPoolStart: `${o}.150`,
    vipPoolEnd: `${o}.250`,
    ...extra,
  };
};
const cookieOf = (setCookie: string | null) => setCookie!.split(";")[0];
const signIn = (username: string, password: string, headers: Record<string, string> = {}) =>
  call(signin.POST, { json: { username, password }, as: "anonymous", headers: { "x-forwarded-for": "192.0.2.1", ...headers } });

describe("first run", () => {
  it("with no account, makes a one-time setup link that creates the first admin once", async () => {
    delete process.env.HCINET_ADMIN_PASSWORD;
    const first = await bootstrapFirstAdmin(db());
    expect(first.kind).toBe("setup");
    const t = (first as { token: string }).token;
    expect((await call(setup.POST, { json: { token: "wrong", username: "root", password: PASSWORD }, as: "anonymous" })).status).toBe(403);
    const ok = await call(setup.POST, { json: { token: t, username: "root", password: PASSWORD }, as: "anonymous" });
    expect(ok.status).toBe(201);
    expect(ok.body.role).toBe("admin");
    expect((await call(setup.POST, { json: { token: t, username: "root2", password: PASSWORD }, as: "anonymous" })).status).toBe(403);
    expect((await bootstrapFirstAdmin(db())).kind).toBe("exists");
    const stored = await db().user.findUnique({ where: { username: "root" } });
    expect(stored!.passwordHash).toMatch(/^scrypt\$/);
    expect(stored!.passwordHash).not.toContain(PASSWORD);
  });
});

describe("sessions", () => {
  it("sign-in sets an HTTP-only SameSite=Lax cookie (Secure over HTTPS) that /api/auth/me accepts; sign-out ends it", async () => {
    const r = await signIn("root", PASSWORD);
    expect(r.status).toBe(200);
    const sc = r.headers.get("set-cookie")!;
    expect(sc).toMatch(/^hcinet-session=s_/);
    expect(sc).toContain("HttpOnly");
    expect(sc).toContain("SameSite=Lax");
    expect(sc).not.toContain("Secure");
    const cookie = cookieOf(sc);
    const who = await call(me.GET, { as: { cookie } });
    expect(who.status).toBe(200);
    expect(who.body).toMatchObject({ username: "root", role: "admin", via: "session" });
    const overHttps = await call(signin.POST, { json: { username: "root", password: PASSWORD }, as: "anonymous", headers: { "x-forwarded-proto": "https" } });
    expect(overHttps.headers.get("set-cookie")).toContain("Secure");
    expect((await call(signout.POST, { method: "POST", as: { cookie } })).status).toBe(200);
    expect((await call(me.GET, { as: { cookie } })).status).toBe(401);
    expect((await call(me.GET, { as: "anonymous" })).status).toBe(401);
  });

  it("idle and absolute expiry end a session", async () => {
    const a = cookieOf((await signIn("root", PASSWORD)).headers.get("set-cookie"));
    const b = cookieOf((await signIn("root", PASSWORD)).headers.get("set-cookie"));
    const { hashSecret } = await import("@/lib/auth/secrets");
    const h = (c: string) => hashSecret(decodeURIComponent(c.split("=")[1]));
    await db().session.update({ where: { secretHash: h(a) }, data: { lastSeenAt: new Date(Date.now() - 3 * 3600_000) } });
    await db().session.update({ where: { secretHash: h(b) }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await call(me.GET, { as: { cookie: a } })).status).toBe(401);
    expect((await call(me.GET, { as: { cookie: b } })).status).toBe(401);
  });

  it("wrong passwords are 401 and audited; after 5 failures the account is throttled (429 + Retry-After), per address too", async () => {
    loginLimiter().succeed(["user:root", "addr:192.0.2.1", "addr:192.0.2.9"]);
    for (let i = 0; i < 5; i++) expect((await signIn("root", "wrong password!", { "x-forwarded-for": `198.51.100.${i}` })).status).toBe(401);
    const throttled = await signIn("root", PASSWORD, { "x-forwarded-for": "198.51.100.77" });
    expect(throttled.status).toBe(429);
    expect(Number(throttled.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    // per address: one address guessing many accounts
    for (let i = 0; i < 5; i++) await signIn(`nobody${i}`, "x", { "x-forwarded-for": "192.0.2.9" });
    expect((await signIn("someone", "x", { "x-forwarded-for": "192.0.2.9" })).status).toBe(429);
    const failures = await db().auditEvent.findMany({ where: { action: "signin-failed", targetName: "root" } });
    expect(failures.length).toBeGreaterThanOrEqual(5);
    expect(failures[0].actor).toBe("anonymous");
    loginLimiter().succeed(["user:root"]);
  });
});

describe("users (admin)", () => {
  it("creates users with validated names, changes roles, disables (ending sessions), resets passwords; the last admin stays", async () => {
    loginLimiter().succeed(["user:alice", "addr:192.0.2.1"]);
    const bad = await call(users.POST, { json: { username: "<script>", password: "short", role: "god" } });
    expect(bad.status).toBe(422);
    expect(bad.body.error.fields.map((f: { path: string }) => f.path).sort()).toEqual(["password", "role", "username"]);
    const alice = await call(users.POST, { json: { username: "alice", password: PASSWORD, role: "support" } });
    expect(alice.status).toBe(201);
    expect((await call(users.POST, { json: { username: "alice", password: PASSWORD, role: "support" } })).status).toBe(409);
    const cookie = cookieOf((await signIn("alice", PASSWORD)).headers.get("set-cookie"));
    expect((await call(me.GET, { as: { cookie } })).body.role).toBe("support");
    expect((await call(networks.POST, { json: net("alicenet"), as: { cookie } })).status).toBe(403);
    expect((await call(user.PATCH, { method: "PATCH", params: { id: String(alice.body.id) }, json: { disabled: true } })).status).toBe(200);
    expect((await call(me.GET, { as: { cookie } })).status).toBe(401);
    expect((await signIn("alice", PASSWORD)).status).toBe(401);
    await call(user.PATCH, { method: "PATCH", params: { id: String(alice.body.id) }, json: { disabled: false, role: "reviewer", password: "a new password 1" } });
    expect((await signIn("alice", "a new password 1")).status).toBe(200);
    const list = (await call(users.GET)).body as { username: string; role: string }[];
    expect(list.find((u) => u.username === "alice")!.role).toBe("reviewer");
    // the last enabled admin: the test admin and root are admins; demote one, then the other is refused
    const all = (await call(users.GET)).body as { id: number; username: string; role: string }[];
    const root = all.find((u) => u.username === "root")!;
    expect((await call(user.PATCH, { method: "PATCH", params: { id: String(root.id) }, json: { role: "reviewer" } })).status).toBe(200);
    const testAdmin = all.find((u) => u.username === "test-admin")!;
    const last = await call(user.PATCH, { method: "PATCH", params: { id: String(testAdmin.id) }, json: { disabled: true } });
    expect(last.status).toBe(409);
    expect((await call(users.GET, { as: "support" })).status).toBe(403);
  });
});

describe("API tokens", () => {
  it("are hashed at rest, record their last use, act with their user's role and stop working when revoked", async () => {
    const made = await call(tokens.POST, { json: { name: "ci" }, as: "support" });
    expect(made.status).toBe(201);
    const secret: string = made.body.token;
    expect(secret).toMatch(/^hcinet_/);
    const rows = await db().apiToken.findMany();
    expect(rows.some((r) => r.secretHash === secret || r.secretHash.includes(secret))).toBe(false);
    expect((await call(networks.GET, { as: { bearer: secret } })).status).toBe(200);
    expect((await call(networks.POST, { json: net("tokennet"), as: { bearer: secret } })).status).toBe(403);
    const listed = (await call(tokens.GET, { as: "support" })).body as { id: number; name: string; lastUsedAt: string | null }[];
    const ci = listed.find((t) => t.name === "ci")!;
    expect(ci.lastUsedAt).not.toBeNull();
    expect(JSON.stringify(listed)).not.toContain(secret);
    // another non-admin cannot revoke it; its owner can
    expect((await call(token.DELETE, { method: "DELETE", params: { id: String(ci.id) }, as: "reviewer" })).status).toBe(404);
    expect((await call(token.DELETE, { method: "DELETE", params: { id: String(ci.id) }, as: "support" })).status).toBe(200);
    expect((await call(networks.GET, { as: { bearer: secret } })).status).toBe(401);
    expect((await call(networks.GET, { as: { bearer: "hcinet_forged" } })).status).toBe(401);
  });

  it("a token is refused on the very next request once its user is disabled, and works again when re-enabled; its last use is written at most every 30 s", async () => {
    const { createUser, createToken } = await import("@/lib/db/auth");
    const bob = await createUser(db(), { username: "bob-tokens", password: PASSWORD, role: "reviewer" });
    const { token: secret, info } = await createToken(db(), { actor: "bob-tokens", role: "reviewer", userId: bob.id, via: "session" }, "bob's");
    expect((await call(networks.GET, { as: { bearer: secret } })).status).toBe(200);
    const firstUse = (await db().apiToken.findUnique({ where: { id: info.id } }))!.lastUsedAt;
    expect(firstUse).not.toBeNull();
    expect((await call(networks.GET, { as: { bearer: secret } })).status).toBe(200);
    expect((await db().apiToken.findUnique({ where: { id: info.id } }))!.lastUsedAt).toEqual(firstUse); // not rewritten per request
    expect((await call(user.PATCH, { method: "PATCH", params: { id: String(bob.id) }, json: { disabled: true } })).status).toBe(200);
    expect((await call(networks.GET, { as: { bearer: secret } })).status).toBe(401);
    expect((await call(user.PATCH, { method: "PATCH", params: { id: String(bob.id) }, json: { disabled: false } })).status).toBe(200);
    expect((await call(networks.GET, { as: { bearer: secret } })).status).toBe(200);
    // its role follows the user's on the next request
    expect((await call(networks.POST, { json: net("bobnet"), as: { bearer: secret } })).status).toBe(403);
    expect((await call(user.PATCH, { method: "PATCH", params: { id: String(bob.id) }, json: { role: "admin" } })).status).toBe(200);
    expect((await call(networks.POST, { json: net("bobnet"), as: { bearer: secret } })).status).toBe(201);
  });

  it("HCINET_ADMIN_TOKEN (≥ 32 characters) acts as admin and is audited as env-token; shorter values are ignored", async () => {
    process.env.HCINET_ADMIN_TOKEN = "short";
    expect((await call(networks.GET, { as: { bearer: "short" } })).status).toBe(401);
    const env = "e".repeat(24) + "-env-admin-token-0123";
    process.env.HCINET_ADMIN_TOKEN = env;
    expect((await call(networks.POST, { json: net("envnet"), as: { bearer: env } })).status).toBe(201);
    const ev = await db().auditEvent.findFirst({ where: { targetName: "envnet" } });
    expect(ev!.actor).toBe("env-token");
    delete process.env.HCINET_ADMIN_TOKEN;
    expect((await call(networks.GET, { as: { bearer: env } })).status).toBe(401);
  });
});

describe("cross-site requests, content types, headers, free text", () => {
  it("refuses writes with a foreign Origin or Sec-Fetch-Site: cross-site with 403, whatever the credentials", async () => {
    const admin = await tokenFor("admin");
    const foreign = await call(networks.POST, { json: net("csrf1"), headers: { origin: "http://127.0.0.1:9999", authorization: `Bearer ${admin}` } });
    expect(foreign.status).toBe(403);
    expect(foreign.body.error.code).toBe("cross_site_request");
    expect((await call(networks.POST, { json: net("csrf2"), headers: { "sec-fetch-site": "cross-site" } })).status).toBe(403);
    expect((await call(networks.POST, { json: net("csrf3"), headers: { origin: "null" } })).status).toBe(403);
    // an HTML form posts text/plain: refused before anything else
    expect((await call(networks.POST, { body: '{"name":"csrf4"}', headers: { origin: "https://evil.example", "content-type": "text/plain" } })).status).toBe(403);
    // the same origin is fine
    expect((await call(networks.POST, { json: net("sameorigin"), headers: { origin: "http://test.local", "sec-fetch-site": "same-origin" } })).status).toBe(201);
    expect(await db().clusterNetwork.count({ where: { name: { startsWith: "csrf" } } })).toBe(0);
  });

  it("JSON routes require application/json (415 otherwise)", async () => {
    const r = await call(networks.POST, { body: JSON.stringify(net("plainnet")), headers: { "content-type": "text/plain" } });
    expect(r.status).toBe(415);
  });

  it("puts the security headers on every response, errors included", async () => {
    for (const r of [await call(networks.GET), await call(networks.GET, { as: "anonymous" })]) {
      const csp = r.headers.get("content-security-policy")!;
      expect(csp).toContain("frame-ancestors 'none'");
      expect(r.headers.get("x-content-type-options")).toBe("nosniff");
      expect(r.headers.get("referrer-policy")).toBeTruthy();
      expect(r.headers.get("permissions-policy")).toContain("camera=()");
    }
  });

  it("free text: over 256 characters or with NUL / ESC / CR LF is refused naming the field", async () => {
    const big = await call(networks.POST, { json: net("bignet", { vswitchName: "x".repeat(900 * 1024) }) });
    expect(big.status).toBe(422);
    expect(big.body.error.fields[0].path).toBe("vswitchName");
    for (const bad of ["a\u0000b", "a\u001b[31mb", "a\r\nb"]) {
      const r = await call(networks.POST, { json: net("ctlnet", { vswitchName: bad }) });
      expect(r.status).toBe(422);
      expect(r.body.error.fields[0].path).toBe("vswitchName");
    }
    expect((await call(networks.POST, { json: net("okname", { vswitchName: "external switch 1 — 外部" }) })).status).toBe(201);
  });
});

describe("audit", () => {
  it("names the actor of every change; GET /api/audit filters by user, object and time; CSV export", async () => {
    const all = (await call(audit.GET)).body as { actor: string; action: string; targetKind: string; targetName: string }[];
    expect(all.find((e) => e.targetName === "sameorigin")!.actor).toBe("test-admin");
    expect(all.some((e) => e.action === "signin" && e.actor === "root")).toBe(true);
    expect(all.some((e) => e.targetKind === "User" && e.action === "create" && e.targetName === "alice")).toBe(true);
    expect(all.some((e) => e.targetKind === "ApiToken" && e.action === "revoke")).toBe(true);
    const byActor = (await call(audit.GET, { path: "/api/audit?actor=env-token" })).body as { actor: string }[];
    expect(byActor.length).toBeGreaterThan(0);
    expect(byActor.every((e) => e.actor === "env-token")).toBe(true);
    const byObject = (await call(audit.GET, { path: "/api/audit?object=okname" })).body as { targetName: string }[];
    expect(byObject.map((e) => e.targetName)).toEqual(["okname"]);
    const future = (await call(audit.GET, { path: `/api/audit?from=${new Date(Date.now() + 3600_000).toISOString()}` })).body;
    expect(future).toEqual([]);
    expect((await call(audit.GET, { path: "/api/audit?from=yesterday" })).status).toBe(400);
    const csv = await call(audit.GET, { path: "/api/audit?object=okname&format=csv" });
    expect(csv.headers.get("content-type")).toContain("text/csv");
    expect(csv.text.split("\r\n")[0]).toBe("id,at,actor,action,targetKind,targetName,before,after");
    expect(csv.text).toContain(",test-admin,create,ClusterNetwork,okname,");
    expect((await call(audit.GET, { as: "support" })).status).toBe(403);
    expect((await call(audit.GET, { as: "reviewer" })).status).toBe(200);
  });
});
