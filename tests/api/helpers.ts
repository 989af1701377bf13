/**
 * API test harness: every test file gets its own real SQLite file, migrated with the project's migrations, and calls
 * the route handlers exactly as Next calls them (a web Request in, a Response out).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";

export function useTempDatabase(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "hcinet-api-"));
  const url = `file:${path.join(dir, "test.db")}`;
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
