// hcinet backup / restore on the store under test (SQLite: online backup API while a connection is open and writing;
// PostgreSQL: pg_dump / pg_restore).
import { mkdtempSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { call, testStore, useTempDatabase } from "./helpers";

useTempDatabase();
const networks = await import("@/app/api/networks/route");
const { db } = await import("@/lib/db/client");
const { main } = await import("@/bin/cli");

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (t: string) => void out.push(t), err: (t: string) => void err.push(t), readFile: async () => "" } };
}
const net = (name: string, third: number) => ({ name, vswitchName: "s", vipPoolStart: `10.${third}.0.10`, vipPoolEnd: `10.${third}.0.20` });

describe(`hcinet backup / restore (${testStore})`, () => {
  it("backs up while the server's connection is open, and restore brings back exactly that state", async () => {
    expect((await call(networks.POST, { json: net("before", 31) })).status).toBe(201);
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), "hcinet-backup-")), "hcinet.backup");
    const b = io();
    expect(await main(["backup", "--out", file], b.io)).toBe(0);
    expect(b.out.join("")).toContain(`${testStore} database backed up`);
    expect(statSync(file).size).toBeGreaterThan(0);

    expect((await call(networks.POST, { json: net("after", 32) })).status).toBe(201);
    expect(await db().clusterNetwork.count({ where: { name: { in: ["before", "after"] } } })).toBe(2);

    const r = io();
    expect(await main(["restore", "--in", file], r.io)).toBe(0);
    const names = (await db().clusterNetwork.findMany({ select: { name: true } })).map((n) => n.name);
    expect(names).toContain("before");
    expect(names).not.toContain("after");
    // the server keeps working on the restored database
    expect((await call(networks.POST, { json: net("again", 33) })).status).toBe(201);
  });

  it("refuses a file that is not a backup, and names the missing option", async () => {
    const bad = io();
    expect(await main(["restore", "--in", path.resolve("package.json")], bad.io)).toBe(1);
    expect(bad.err.join("")).toMatch(/not an hcinet SQLite backup|pg_restore failed/);
    const none = io();
    expect(await main(["backup"], none.io)).toBe(2);
    expect(none.err.join("")).toContain("--out FILE is required");
  });
});
