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

export async function call(
  handler: Handler,
  opts: { method?: string; path?: string; params?: Record<string, string>; json?: unknown; body?: string; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: any; text: string; headers: Headers }> {
  const headers: Record<string, string> = { ...(opts.headers ?? {}) };
  let body: string | undefined = opts.body;
  if (opts.json !== undefined) {
    body = JSON.stringify(opts.json);
    headers["content-type"] = "application/json";
  }
  const req = new Request(`http://test.local${opts.path ?? "/api/test"}`, { method: opts.method ?? (body !== undefined ? "POST" : "GET"), headers, body });
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
