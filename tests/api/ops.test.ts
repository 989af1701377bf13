import { readdirSync } from "node:fs";
import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { call, createPgTestDatabase, testStore, useTempDatabase } from "./helpers";

useTempDatabase();
const health = await import("@/app/api/health/route");
const ready = await import("@/app/api/ready/route");
const { createDb } = await import("@/lib/db/client");
const { storeReadiness } = await import("@/lib/db/health");

describe("operations endpoints", () => {
  it("GET /api/health answers ok without touching the database", async () => {
    const r = await call(health.GET, { path: "/api/health" });
    expect(r.status).toBe(200);
    expect(r.body.status).toBe("ok");
    expect(r.headers.get("x-request-id")).toBeTruthy();
  });

  it("GET /api/ready: reachable, writable, migrations applied; reports the store kind and migration level", async () => {
    const r = await call(ready.GET, { path: "/api/ready" });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ status: "ready", ready: true, reachable: true, writable: true, store: { kind: testStore } });
    if (testStore === "sqlite") expect(r.body.store.journalMode).toBe("wal");
    if (testStore === "sqlite") expect(r.body.store.walCheckpoint).toBe("on-commit"); // the worker is the server's (bin/start.mjs), not the tests'
    expect(r.body.migrations.applied).toBeGreaterThan(0);
    expect(r.body.migrations.pending).toEqual([]);
    // the newest committed migration of the store under test
    const dir = testStore === "sqlite" ? "prisma/migrations" : "prisma/postgresql/migrations";
    const newest = readdirSync(dir).filter((d) => !d.endsWith(".toml")).sort().at(-1);
    expect(r.body.migrations.latest).toBe(newest);
  });

  it("an unmigrated database is not ready and the answer names what is missing", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "hcinet-unmigrated-"));
    const empty = createDb(testStore === "postgresql" ? createPgTestDatabase() : `file:${path.join(dir, "empty.db")}`);
    const r = await storeReadiness(empty);
    expect(r.ready).toBe(false);
    expect(r.problems.join(" ")).toMatch(/not reachable|migrations/);
    await empty.$disconnect();
  });

  it("npm start exits at once with a clear message when the database path is not writable", async () => {
    const child = spawn(process.execPath, [path.resolve("bin/start.mjs")], {
      env: { ...process.env, DATABASE_URL: "file:/dev/null/nowhere/hcinet.db", HCINET_SKIP_BUILD: "1", PORT: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (b) => (out += b));
    child.stderr.on("data", (b) => (out += b));
    const t0 = Date.now();
    const code = await new Promise<number | null>((resolve) => child.on("exit", (c) => resolve(c)));
    expect(code).not.toBe(0);
    expect(Date.now() - t0).toBeLessThan(10_000);
    expect(out).toMatch(/not writable/);
    expect(out).toContain("/dev/null/nowhere");
  });
});
