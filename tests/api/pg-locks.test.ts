// PostgreSQL store: per-network write locks (lib/db/tx.ts). Two Prisma clients on one database stand for two hcinet
// instances. Runs with TEST_STORE=postgresql (bin/pg-test.mjs); skipped on SQLite, whose BEGIN IMMEDIATE serializes
// every writer anyway.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { testStore, useTempDatabase } from "./helpers";

const onPg = testStore === "postgresql";
const url = onPg ? useTempDatabase() : "";
const { createDb } = await import("@/lib/db/client");
const { createNetwork } = await import("@/lib/db/networks");
const { createCluster, scaleNodePool } = await import("@/lib/db/clusters");
const { applyManifests } = await import("@/lib/db/apply");
const { WRITE_LOCK_KEY, NETWORK_LOCK_CLASS, DEPLOYMENT_VMS_LOCK } = await import("@/lib/db/pg");

const network = (name: string, octet: number) => ({
  name,
  vswitchName: "extSwitch",
  ipAddressPrefix: `10.${octet}.0.0/22`,
  gateway: `10.${octet}.0.1`,
  dnsServers: [`10.${octet}.0.1`],
  k8sNodeIpPoolStart: `10.${octet}.0.10`,
  k8sNodeIpPoolEnd: `10.${octet}.1.250`,
  vipPoolStart: `10.${octet}.2.10`,
  vipPoolEnd: `10.${octet}.3.250`,
});

/** Three Services per apply: a LoadBalancer (all on port 80, so each needs its own VIP), a NodePort, a ClusterIP. */
const services = (prefix: string) =>
  ["LoadBalancer", "NodePort", "ClusterIP"]
    .map((type, i) => `apiVersion: v1\nkind: Service\nmetadata: {name: ${prefix}-${i}, namespace: default}\nspec:\n  type: ${type}\n  selector: {app: ${prefix}}\n  ports: [{name: http, port: 80, targetPort: 8080}]\n`)
    .join("---\n");

const dbA = onPg ? createDb(url) : (null as never);
const dbB = onPg ? createDb(url) : (null as never);
const ids: Record<string, number> = {};

/** Another instance mid-transaction holding the given advisory lock; release() rolls it back. */
async function holding(lockCall: string): Promise<{ release: () => Promise<void> }> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  await c.query("BEGIN");
  await c.query(`SELECT ${lockCall}`);
  return {
    release: async () => {
      await c.query("ROLLBACK");
      await c.end();
    },
  };
}

async function withLockTimeout<T>(ms: number, fn: () => Promise<T>): Promise<T> {
  const before = process.env.HCINET_DB_LOCK_TIMEOUT_MS;
  process.env.HCINET_DB_LOCK_TIMEOUT_MS = String(ms);
  try {
    return await fn();
  } finally {
    if (before === undefined) delete process.env.HCINET_DB_LOCK_TIMEOUT_MS;
    else process.env.HCINET_DB_LOCK_TIMEOUT_MS = before;
  }
}

describe.skipIf(!onPg)("PostgreSQL store: per-network write locks", () => {
  beforeAll(async () => {
    await createNetwork(dbA, network("neta", 70));
    await createNetwork(dbA, network("netb", 71));
    for (const n of await dbA.clusterNetwork.findMany()) ids[n.name] = n.id;
    for (const [name, vnet] of [["a1", "neta"], ["a2", "neta"], ["b1", "netb"], ["b2", "netb"]]) {
      await createCluster(dbA, { name, vnet, nodePools: [{ name: "pool", count: 2 }] });
    }
  });
  afterAll(async () => {
    await dbA?.$disconnect();
    await dbB?.$disconnect();
  });

  it("parallel applies from two instances to two clusters of one network and to clusters of another network hold no address twice", async () => {
    const clusters = ["a1", "a2", "b1", "b2"];
    const jobs = clusters.flatMap((c, ci) => Array.from({ length: 6 }, (_, i) => ({ c, prefix: `s${i}`, db: (ci + i) % 2 ? dbA : dbB })));
    const results = await Promise.allSettled(jobs.map((j) => applyManifests(j.db, j.c, services(j.prefix))));
    expect(results.filter((r) => r.status === "rejected").map((r) => String((r as PromiseRejectedResult).reason))).toEqual([]);

    // network addresses (node IPs, API server VIPs, Service VIPs): unique per network, 12 Service VIPs per network
    const allocs = await dbA.ipAllocation.findMany({ include: { network: { select: { name: true } } } });
    for (const net of ["neta", "netb"]) {
      const mine = allocs.filter((a) => a.network.name === net);
      expect(new Set(mine.map((a) => a.address)).size).toBe(mine.length);
      expect(mine.filter((a) => a.ownerKind === "service")).toHaveLength(12);
    }
    // what the stored Services show: one VIP per LoadBalancer, ClusterIPs and NodePorts unique within each cluster
    const rows = await dbA.kubeObject.findMany({ where: { kind: "Service", name: { startsWith: "s" } }, include: { cluster: { select: { name: true, networkId: true } } } });
    expect(rows).toHaveLength(4 * 6 * 3);
    const bodies = rows.map((r) => ({ cluster: r.cluster.name, net: r.cluster.networkId, s: JSON.parse(r.body) }));
    const vips = bodies.flatMap((b) => (b.s.status?.loadBalancer?.ingress ?? []).map((i: { ip: string }) => `${b.net}/${i.ip}`));
    expect(vips).toHaveLength(24);
    expect(new Set(vips).size).toBe(24);
    const cips = bodies.map((b) => `${b.cluster}/${b.s.spec.clusterIP}`);
    expect(new Set(cips).size).toBe(cips.length);
    const nodePorts = bodies.flatMap((b) => (b.s.spec.ports ?? []).filter((p: { nodePort?: number }) => p.nodePort).map((p: { nodePort: number }) => `${b.cluster}/${p.nodePort}`));
    expect(nodePorts.length).toBe(48); // LoadBalancer and NodePort Services get one each
    expect(new Set(nodePorts).size).toBe(nodePorts.length);
    // and the allocation tables agree
    const addrs = await dbA.clusterAddress.findMany({ where: { space: "service" } });
    expect(new Set(addrs.map((a) => `${a.clusterId}/${a.address}`)).size).toBe(addrs.length);
    const ports = await dbA.portAllocation.findMany();
    expect(new Set(ports.map((p) => `${p.clusterId}/${p.port}`)).size).toBe(ports.length);
  });

  it("a writer of one network does not wait for a writer of another network; a writer of the same network does", async () => {
    const other = await holding(`pg_advisory_xact_lock(${NETWORK_LOCK_CLASS}, ${ids.neta})`); // an apply into neta in flight
    try {
      await withLockTimeout(500, async () => {
        const b = await applyManifests(dbB, "b1", services("while-a-busy"));
        expect(b.results.map((r) => r.action)).toEqual(["created", "created", "created"]);
        await expect(applyManifests(dbB, "a1", services("blocked"))).rejects.toMatchObject({ status: 503, code: "store_busy" });
        await expect(scaleNodePool(dbA, "a2", "pool", 3)).rejects.toMatchObject({ status: 503, code: "store_busy" });
      });
    } finally {
      await other.release();
    }
    expect(await dbA.kubeObject.count({ where: { name: { startsWith: "blocked" } } })).toBe(0);
    const after = await applyManifests(dbA, "a1", services("after"));
    expect(after.results).toHaveLength(3);
  });

  it("one instance queues the writers of one network in memory, so they do not take every pool connection from another network's writer", async () => {
    const small = createDb(url, { max: 2 }); // an instance with a pool of two connections
    try {
      const done: string[] = [];
      const a = Array.from({ length: 8 }, (_, i) => applyManifests(small, i % 2 ? "a1" : "a2", services(`queued${i}`)).then(() => done.push(`a${i}`)));
      await new Promise((r) => setTimeout(r, 50)); // the network's writers are queued first
      const b = applyManifests(small, "b2", services("other-net")).then(() => done.push("b"));
      await Promise.all([...a, b]);
      // without the queue the 8 writers of neta hold both connections (one working, one waiting on the lock) and the
      // writer of netb waits in the pool behind all of them
      expect(done.indexOf("b")).toBeLessThan(4);
    } finally {
      await small.$disconnect();
    }
  });

  it("a write that spans networks (creating a network) waits for every network's writers, which run side by side", async () => {
    const writer = await holding(`pg_advisory_xact_lock_shared(${WRITE_LOCK_KEY})`); // some network's writer in flight
    try {
      await withLockTimeout(500, async () => {
        await expect(createNetwork(dbA, network("netc", 72))).rejects.toMatchObject({ status: 503, code: "store_busy" });
        expect((await applyManifests(dbB, "a2", services("beside"))).results).toHaveLength(3); // shared + shared
      });
    } finally {
      await writer.release();
    }
    expect(await dbA.clusterNetwork.count({ where: { name: "netc" } })).toBe(0);
    await createNetwork(dbA, network("netc", 72));
    expect(await dbA.clusterNetwork.count({ where: { name: "netc" } })).toBe(1);
  });

  it("adding VMs takes the deployment-wide VM key (the 200-VM limit spans networks); removing VMs does not", async () => {
    const other = await holding(`pg_advisory_xact_lock(${DEPLOYMENT_VMS_LOCK[0]}, ${DEPLOYMENT_VMS_LOCK[1]})`);
    try {
      await withLockTimeout(500, async () => {
        await expect(scaleNodePool(dbA, "b2", "pool", 4)).rejects.toMatchObject({ status: 503, code: "store_busy" });
        await expect(createCluster(dbB, { name: "c1", vnet: "netc", nodePools: [{ name: "pool", count: 1 }] })).rejects.toMatchObject({ status: 503, code: "store_busy" });
        const down = await scaleNodePool(dbA, "b2", "pool", 1);
        expect(down.nodePools.find((p) => p.name === "pool")?.count).toBe(1);
      });
    } finally {
      await other.release();
    }
    const up = await scaleNodePool(dbA, "b2", "pool", 4);
    expect(up.nodePools.find((p) => p.name === "pool")?.count).toBe(4);
    const nodes = await dbA.nodeVm.findMany({ where: { ipAddress: { not: null } } });
    expect(new Set(nodes.map((n) => n.ipAddress)).size).toBe(nodes.length);
  });
});
