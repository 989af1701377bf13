// PostgreSQL store: the cross-process write lock. Runs with TEST_STORE=postgresql (bin/pg-test.mjs); skipped on SQLite.
import { describe, expect, it } from "vitest";
import pg from "pg";
import { call, testStore, useTempDatabase } from "./helpers";

const onPg = testStore === "postgresql";
const url = onPg ? useTempDatabase() : "";
process.env.HCINET_DB_LOCK_TIMEOUT_MS = "500";
const networks = onPg ? await import("@/app/api/networks/route") : null;
const { createDb } = await import("@/lib/db/client");
const { createCluster } = await import("@/lib/db/clusters");
const { WRITE_LOCK_KEY } = await import("@/lib/db/pg");

describe.skipIf(!onPg)("PostgreSQL store", () => {
  it("a writer that cannot get the write lock within lock_timeout gets 503 store_busy with Retry-After, and nothing is written", async () => {
    const holder = new pg.Client({ connectionString: url });
    await holder.connect();
    await holder.query("BEGIN");
    await holder.query(`SELECT pg_advisory_xact_lock(${WRITE_LOCK_KEY})`); // another instance mid-transaction
    const body = { name: "locked", vswitchName: "s", vipPoolStart: "10.9.0.10", vipPoolEnd: "10.9.0.20" };
    const r = await call(networks!.POST, { json: body });
    expect(r.status).toBe(503);
    expect(r.body.error.code).toBe("store_busy");
    expect(Number(r.headers.get("retry-after"))).toBeGreaterThan(0);
    await holder.query("ROLLBACK"); // the other instance finishes
    await holder.end();
    const again = await call(networks!.POST, { json: body });
    expect(again.status).toBe(201);
  });

  it("two clients (two instances) creating clusters at once on one network never get the same address", async () => {
    const net = { name: "shared2", vswitchName: "s", ipAddressPrefix: "10.8.0.0/24", gateway: "10.8.0.1", dnsServers: ["10.8.0.1"], k8sNodeIpPoolStart: "10.8.0.10", k8sNodeIpPoolEnd: "10.8.0.120", vipPoolStart: "10.8.0.150", vipPoolEnd: "10.8.0.250" };
    expect((await call(networks!.POST, { json: net })).status).toBe(201);
    process.env.HCINET_DB_LOCK_TIMEOUT_MS = "30000";
    const a = createDb(url);
    const b = createDb(url);
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, (_, i) => createCluster(i % 2 ? a : b, { name: `par${i}`, vnet: "shared2", nodePools: [{ name: "pool", count: 2 }] })),
    );
    expect(results.filter((x) => x.status === "rejected").map((x) => String((x as PromiseRejectedResult).reason))).toEqual([]);
    const rows = await a.ipAllocation.findMany({ where: { network: { name: "shared2" } } });
    expect(rows.length).toBeGreaterThanOrEqual(8 * 6);
    expect(new Set(rows.map((r) => r.address)).size).toBe(rows.length);
    expect(await a.cluster.count({ where: { name: { startsWith: "par" } } })).toBe(8);
    await a.$disconnect();
    await b.$disconnect();
  });
});
