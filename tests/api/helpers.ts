/**
 * API test harness: every test file gets its own real database, migrated with the project's migrations, and calls
 * the route handlers exactly as Next calls them (a web Request in, a Response out).
 *
 * The store is SQLite (a temp file) unless TEST_STORE=postgresql: then TEST_PG_URL names a running PostgreSQL server
 * (any database on it, e.g. postgresql://hcinet@127.0.0.1:55432/postgres) and each test file gets a fresh database
 * there (`bin/pg-test.mjs` starts a private server and sets both).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";

export const testStore: "sqlite" | "postgresql" = process.env.TEST_STORE === "postgresql" ? "postgresql" : "sqlite";

/** A fresh, empty database on the TEST_PG_URL server; returns its URL. */
export function createPgTestDatabase(): string {
  const server = process.env.TEST_PG_URL;
  if (!server) throw new Error("TEST_STORE=postgresql needs TEST_PG_URL (a running server), e.g. via `node bin/pg-test.mjs`");
  const name = `hcinet_test_${process.pid}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const script = `const pg=require("pg");const c=new pg.Client({connectionString:process.argv[1]});c.connect().then(()=>c.query('CREATE DATABASE "'+process.argv[2]+'"')).then(()=>c.end()).catch(e=>{console.error(e.message);process.exit(1)})`;
  const r = spawnSync(process.execPath, ["-e", script, server, name], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`could not create the test database on ${server}: ${r.stderr}`);
  const url = new URL(server);
  url.pathname = `/${name}`;
  return url.toString();
}

export function useTempDatabase(): string {
  let url: string;
  if (testStore === "postgresql") url = createPgTestDatabase();
  else {
    const dir = mkdtempSync(path.join(os.tmpdir(), "hcinet-api-"));
    url = `file:${path.join(dir, "test.db")}`;
  }
  const r = spawnSync(path.resolve("node_modules/.bin/prisma"), ["migrate", "deploy"], {
    env: { ...process.env, DATABASE_URL: url, CHECKPOINT_DISABLE: "1" },
    encoding: "utf8",
  });
  if (r.status !== 0) throw new Error(`migrate deploy failed: ${r.stderr}\n${r.stdout}`);
  process.env.DATABASE_URL = url;
  return url;
}

type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

/** Every route module, so call() can put the right path on the request (the authorization table is keyed by it). */
const ROUTE_MODULES = import.meta.glob("../../app/api/**/route.ts", { eager: true }) as Record<string, Record<string, unknown>>;
const PATTERN_OF = new Map<unknown, string>();
for (const [file, mod] of Object.entries(ROUTE_MODULES)) {
  const pattern = file.replace(/^.*\/app(\/api.*)\/route\.ts$/, "$1");
  for (const v of Object.values(mod)) if (typeof v === "function") PATTERN_OF.set(v, pattern);
}

/** The URL path of a route pattern with its params filled in (`/api/clusters/[name]` + {name: "a"} → `/api/clusters/a`). */
export function pathOf(pattern: string, params: Record<string, string> = {}): string {
  return pattern
    .replace(/\[\.\.\.(\w+)\]/g, (_, k: string) => params[k] ?? "x")
    .replace(/\[(\w+)\]/g, (_, k: string) => encodeURIComponent(params[k] ?? "x"));
}

export function patternOf(handler: unknown): string | undefined {
  return PATTERN_OF.get(handler);
}

/**
 * Who calls: by default an admin with a real API token created in this test's database; "anonymous" sends no
 * credentials; a role name uses a real user of that role (created once per database); {bearer} / {cookie} send those.
 */
export type Caller = "admin" | "support" | "reviewer" | "anonymous" | { bearer: string } | { cookie: string };

const tokens = new Map<string, string>();
export async function tokenFor(role: "admin" | "support" | "reviewer"): Promise<string> {
  const key = `${process.env.DATABASE_URL}|${role}`;
  const cached = tokens.get(key);
  if (cached) return cached;
  const { db } = await import("../../lib/db/client");
  const { createUser, createToken } = await import("../../lib/db/auth");
  const username = `test-${role}`;
  const existing = await db().user.findUnique({ where: { username } });
  const user = existing ?? (await createUser(db(), { username, password: `password-of-${role}-123`, role }));
  const { token } = await createToken(db(), { actor: username, role, userId: user.id, via: "session" }, `tests ${role}`);
  tokens.set(key, token);
  return token;
}

export async function call(
  handler: Handler,
  opts: { method?: string; path?: string; params?: Record<string, string>; json?: unknown; body?: string; headers?: Record<string, string>; as?: Caller } = {},
): Promise<{ status: number; body: any; text: string; headers: Headers }> {
  const headers: Record<string, string> = { ...(opts.headers ?? {}) };
  const as = opts.as ?? "admin";
  if (typeof as === "string" && as !== "anonymous") headers.authorization ??= `Bearer ${await tokenFor(as)}`;
  else if (typeof as === "object" && "bearer" in as) headers.authorization = `Bearer ${as.bearer}`;
  else if (typeof as === "object" && "cookie" in as) headers.cookie = as.cookie;
  let body: string | undefined = opts.body;
  if (opts.json !== undefined) {
    body = JSON.stringify(opts.json);
    headers["content-type"] = "application/json";
  }
  const pattern = patternOf(handler);
  const path = opts.path ?? (pattern ? pathOf(pattern, opts.params) : "/api/test");
  const req = new Request(`http://test.local${path}`, { method: opts.method ?? (body !== undefined ? "POST" : "GET"), headers, body });
  const res = await handler(req, { params: Promise.resolve(opts.params ?? {}) });
  const text = await res.text();
  let parsed: unknown = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = null;
  }
  return { status: res.status, body: parsed, text, headers: res.headers };
}
