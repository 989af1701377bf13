/**
 * Faults caused for real against a real SQLite file: a COMMIT that fails (a deferred foreign-key violation makes
 * SQLite reject COMMIT and keep the transaction open — the same path as SQLITE_BUSY/FULL/IOERR at COMMIT), another
 * process holding the write lock, another process holding a read transaction.
 */
import { spawn } from "node:child_process";
import { copyFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { call, useTempDatabase } from "./helpers";

const url = useTempDatabase();
// a second, pristine copy for the control experiment with the stock adapter (which wedges and keeps its lock)
const controlFile = url.replace(/^file:/, "").replace(/test\.db$/, "control.db");
copyFileSync(url.replace(/^file:/, ""), controlFile);
process.env.HCINET_DB_BUSY_TIMEOUT_MS = "300";
const networks = await import("@/app/api/networks/route");
const network = await import("@/app/api/networks/[name]/route");
const { db, storeOf } = await import("@/lib/db/client");
const { transaction } = await import("@/lib/db/tx");
const { PrismaClient } = await import("@/lib/generated/prisma/client");

const net = (name: string, third: number) => ({
  name,
  vswitchName: "extSwitch",
  ipAddressPrefix: `10.${third}.0.0/24`,
  gateway: `10.${third}.0.1`,
  dnsServers: [`10.${third}.0.1`],
  k8sNodeIpPoolStart: `10.${third}.0.10`,
  k8sNodeIpPoolEnd: `10.${third}.0.99`,
  vipPoolStart: `10.${third}.0.200`,
  vipPoolEnd: `10.${third}.0.230`,
});

/** A transaction whose COMMIT fails: a row pointing at a cluster that does not exist, foreign keys deferred to COMMIT. */
async function failingCommit(client: InstanceType<typeof PrismaClient>, opts = { timeout: 5_000, maxWait: 1_000 }) {
  return client.$transaction(async (tx) => {
    await tx.$executeRawUnsafe("PRAGMA defer_foreign_keys = ON");
    await tx.auditEvent.create({ data: { actor: "test", action: "halfwritten", targetKind: "Test", targetName: "halfwritten" } });
    await tx.kubeObject.create({ data: { clusterId: 987654, apiVersion: "v1", kind: "ConfigMap", namespace: "default", name: "orphan", uid: "u", body: "{}" } });
  }, opts);
}

const SQLITE = path.resolve("node_modules/better-sqlite3");
const file = url.replace(/^file:/, "");

/** Another process that opens the same file and holds a lock: "write" = BEGIN IMMEDIATE, "read" = a read transaction. */
function holdLock(kind: "write" | "read", ms: number): Promise<{ done: Promise<void> }> {
  const script = `
    const D = require(${JSON.stringify(SQLITE)}); const d = new D(${JSON.stringify(file)});
    if (${JSON.stringify(kind)} === "write") d.exec("BEGIN IMMEDIATE"); else { d.exec("BEGIN"); d.prepare("SELECT count(*) FROM ClusterNetwork").get(); }
    process.stdout.write("locked\\n");
    setTimeout(() => { d.exec("ROLLBACK"); d.close(); process.exit(0); }, ${ms});`;
  const child = spawn(process.execPath, ["-e", script], { stdio: ["ignore", "pipe", "inherit"] });
  const done = new Promise<void>((resolve) => child.on("exit", () => resolve()));
  return new Promise((resolve, reject) => {
    child.stdout.on("data", (b: Buffer) => b.toString().includes("locked") && resolve({ done }));
    child.on("error", reject);
  });
}

describe("the write path is never wedged", () => {
  it("baseline: a write through the API succeeds", async () => {
    const r = await call(networks.POST, { json: net("probe", 70) });
    expect(r.status).toBe(201);
    const row = await db().clusterNetwork.findUniqueOrThrow({ where: { name: "probe" } });
    expect(row.name).toBe("probe");
  });

  it("a failed COMMIT is rolled back, nothing is half-written, and later writes go through at once", async () => {
    // warm the client so the store is connected
    await db().clusterNetwork.count();
    const before = { ...storeOf(db())!.adapter!.stats };
    await expect(failingCommit(db())).rejects.toThrow(/ForeignKey|FOREIGN KEY/i);
    expect(storeOf(db())!.adapter!.stats.failedCommits).toBe(before.failedCommits + 1);
    expect(await db().auditEvent.count({ where: { action: "halfwritten" } })).toBe(0);
    expect(await db().kubeObject.count({ where: { name: "orphan" } })).toBe(0);
    // the server keeps serving writes: an API create, a transaction, a delete — each promptly
    const t0 = Date.now();
    const r = await call(networks.POST, { json: net("after", 71) });
    expect(r.status).toBe(201);
    await transaction(db(), async (tx) => tx.clusterNetwork.update({ where: { name: "after" }, data: { vswitchName: "other" } }));
    const d = await call(network.DELETE, { method: "DELETE", params: { name: "after" } });
    expect(d.status).toBe(204);
    expect(Date.now() - t0).toBeLessThan(3_000);
    // and again: repeated failures never accumulate
    for (let i = 0; i < 3; i++) await expect(failingCommit(db())).rejects.toThrow();
    expect((await call(networks.POST, { json: net("again", 72) })).status).toBe(201);
  });

  it("control: the stock adapter wedges after the same failed COMMIT (what the wrapper fixes)", async () => {
    const stock = new PrismaClient({ adapter: new PrismaBetterSQLite3({ url: `file:${controlFile}`, timeout: 300 }) });
    await expect(failingCommit(stock)).rejects.toThrow(/ForeignKey|FOREIGN KEY/i);
    // the stock adapter's lock is never released: the next transaction does not even start (not within 1.5 s)
    const next = stock.$transaction(async (tx) => tx.clusterNetwork.count(), { maxWait: 500, timeout: 1_000 }).then(
      () => "done",
      () => "failed",
    );
    const outcome = await Promise.race([next, new Promise((r) => setTimeout(() => r("still waiting"), 1_500))]);
    expect(outcome).toBe("still waiting");
    void stock.$disconnect().catch(() => undefined);
    // the file itself is fine: our store writes on
    expect((await call(networks.POST, { json: net("stockdone", 73) })).status).toBe(201);
  });

  it("another process holding the write lock: 503 with Retry-After, nothing written, and writes recover once it lets go", async () => {
    const lock = await holdLock("write", 1_500);
    const r = await call(networks.POST, { json: net("busy", 74) });
    expect(r.status).toBe(503);
    expect(r.headers.get("retry-after")).toBe("1");
    expect(r.body.error.code).toBe("store_busy");
    // reads do not wait for the other process's writer
    const list = await call(networks.GET);
    expect(list.status).toBe(200);
    await lock.done;
    expect(await db().clusterNetwork.findUnique({ where: { name: "busy" } })).toBeNull();
    const again = await call(networks.POST, { json: net("busy", 74) });
    expect(again.status).toBe(201);
  });

  it("another process holding a read transaction does not block writes (WAL)", async () => {
    const lock = await holdLock("read", 1_500);
    const t0 = Date.now();
    const r = await call(networks.POST, { json: net("underreader", 75) });
    expect(r.status).toBe(201);
    expect(Date.now() - t0).toBeLessThan(1_400);
    await lock.done;
  });

  it("the store runs in WAL mode with synchronous=NORMAL and a busy timeout", async () => {
    const [mode] = await db().$queryRawUnsafe<{ journal_mode: string }[]>("PRAGMA journal_mode");
    expect(mode.journal_mode).toBe("wal");
    const w = storeOf(db())!.adapter!.writer.client;
    expect(Number(w.pragma("synchronous", { simple: true }))).toBe(1); // NORMAL
    expect(Number(w.pragma("busy_timeout", { simple: true }))).toBe(300);
  });
});
