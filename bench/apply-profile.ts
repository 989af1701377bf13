/**
 * In-process profile of the write path (`npm run bench:apply`): no HTTP, no Next — `applyManifests` on a fresh SQLite
 * file, with every SQL statement counted (Prisma's adapter calls and the direct lane of lib/db/sql.ts). Prints:
 *  - statements and CPU of one single-Service apply (LoadBalancer: ClusterIP, NodePort, VIP), sequentially, at the
 *    start and after BENCH_SERVICES Services (the per-apply cost must not grow with the cluster);
 *  - BENCH_SERVICES applies by BENCH_CLIENTS concurrent callers (the per-cluster queue commits them in groups);
 *  - one apply of a BENCH_LIST-object kubectl List and the event loop's longest stalls meanwhile (what a health probe
 *    waits at most).
 * Env: BENCH_SERVICES (1000), BENCH_CLIENTS (32), BENCH_LIST (20000).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { BENCH_NETWORK, bigList, lbService } from "./fixtures";

const SERVICES = Number(process.env.BENCH_SERVICES ?? 1000);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 32);
const LIST = Number(process.env.BENCH_LIST ?? 20000);

async function main() {
  const dir = mkdtempSync(path.join(os.tmpdir(), "hcinet-apply-"));
  const url = `file:${path.join(dir, "p.db")}`;
  process.env.DATABASE_URL = url;
  const m = spawnSync(path.resolve("node_modules/.bin/prisma"), ["migrate", "deploy"], { env: { ...process.env, CHECKPOINT_DISABLE: "1" }, encoding: "utf8" });
  if (m.status) throw new Error(m.stderr);
  const { createDb, storeOf } = await import("../lib/db/client");
  const { createNetwork } = await import("../lib/db/networks");
  const { createCluster } = await import("../lib/db/clusters");
  const { applyManifests } = await import("../lib/db/apply");
  const db = createDb(url);
  // two networks: the sequential and the concurrent run each take ~1,000 VIPs of a 2,048-address pool
  const second = { ...BENCH_NETWORK, name: "benchnet2", ipAddressPrefix: "172.21.0.0/16", gateway: "172.21.0.1", dnsServers: ["172.21.0.1"], k8sNodeIpPoolStart: "172.21.0.10", k8sNodeIpPoolEnd: "172.21.0.250", vipPoolStart: "172.21.4.0", vipPoolEnd: "172.21.11.255" };
  await createNetwork(db, BENCH_NETWORK);
  await createNetwork(db, second);
  for (const [name, vnet] of [["seq", BENCH_NETWORK.name], ["conc", second.name], ["big", second.name]]) await createCluster(db, { name, vnet, nodePools: [{ name: "pool", count: 2 }] });

  // count every statement: Prisma's (BEGIN is sent by the adapter itself, COMMIT through Prisma) and the direct lane
  const a = storeOf(db)!.adapter!;
  let statements = 0;
  for (const c of [a.writer, a.reader]) {
    const q = c.queryRaw.bind(c);
    const e = c.executeRaw.bind(c);
    c.queryRaw = (x) => (statements++, q(x));
    c.executeRaw = (x) => (statements++, e(x));
  }
  const d = a.direct as { all: (s: string, p: unknown[]) => unknown; run: (s: string, p: unknown[]) => unknown; read: (s: string, p: unknown[]) => unknown };
  for (const k of ["all", "run", "read"] as const) {
    const f = d[k].bind(d);
    d[k] = (s: string, p: unknown[]) => (statements++, f(s, p));
  }
  const cpuMs = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1000;

  const rows: string[][] = [];
  const one = async (i: number) => {
    statements = 0;
    const c = process.cpuUsage();
    await applyManifests(db, "seq", lbService(i));
    return { statements: statements + 1 /* BEGIN IMMEDIATE */, cpu: cpuMs(process.cpuUsage(c)) };
  };
  for (let i = 0; i < 20; i++) await one(i); // warm
  const first = [];
  for (let i = 20; i < 70; i++) first.push(await one(i));
  for (let i = 70; i < SERVICES; i++) await one(i);
  const later = [];
  for (let i = SERVICES; i < SERVICES + 50; i++) later.push(await one(i));
  const med = (xs: number[]) => [...xs].sort((x, y) => x - y)[xs.length >> 1];
  rows.push([`one LoadBalancer Service apply, cluster of ~50 Services`, `${first[0].statements} statements`, `${med(first.map((f) => f.cpu)).toFixed(2)} ms CPU (median of 50)`]);
  rows.push([`one LoadBalancer Service apply, cluster of ${SERVICES.toLocaleString("en")} Services`, `${later[0].statements} statements`, `${med(later.map((f) => f.cpu)).toFixed(2)} ms CPU (median of 50)`]);

  let next = 0;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      for (;;) {
        const i = next++;
        if (i >= SERVICES) return;
        await applyManifests(db, "conc", lbService(i));
      }
    }),
  );
  const secs = (performance.now() - t0) / 1000;
  rows.push([`${SERVICES.toLocaleString("en")} applies by ${CLIENTS} concurrent callers (queued, committed in groups)`, `${(SERVICES / secs).toFixed(0)}/s`, `${(cpuMs(process.cpuUsage(c0)) / SERVICES).toFixed(2)} ms CPU per apply`]);

  const text = bigList(LIST);
  const gaps: number[] = [];
  let last = performance.now();
  const iv = setInterval(() => {
    const n = performance.now();
    gaps.push(n - last);
    last = n;
  }, 5);
  statements = 0;
  const t1 = performance.now();
  const res = await applyManifests(db, "big", text, { createNamespaces: true });
  const listSecs = (performance.now() - t1) / 1000;
  clearInterval(iv);
  gaps.sort((x, y) => x - y);
  rows.push([`one apply of a ${LIST.toLocaleString("en")}-object List (${(text.length / 1048576).toFixed(1)} MiB)`, `${listSecs.toFixed(1)} s, ${statements} statements`, `${res.results.length} results`]);
  rows.push([`event loop while the List applies (5 ms timer)`, `p99 stall ${gaps[Math.floor(gaps.length * 0.99)].toFixed(0)} ms`, `max ${gaps[gaps.length - 1].toFixed(0)} ms`]);

  console.log(`bench:apply (in-process) on ${os.cpus().length} cores, load average ${os.loadavg().map((x) => x.toFixed(1)).join(" ")}`);
  console.log("\n| figure | measured | |\n|---|---|---|");
  for (const r of rows) console.log(`| ${r.join(" | ")} |`);
  await db.$disconnect();
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
