/**
 * API benchmark: `npm run bench:api`. Starts the real server (`node bin/start.mjs`, the same as `npm start`: migrate,
 * seed, build when stale, `next start`) on a fresh SQLite file, and the bare yardstick (bench/bare-server.mjs: node:http
 * + better-sqlite3, one INSERT transaction per request), both on 127.0.0.1 only, and measures in the same run:
 *
 *  (a) 1,000 applies of one LoadBalancer Service each by 32 concurrent clients: requests/s, p50/p99, ratio to the bare
 *      server (goal ≥ 0.5×) and duplicate addresses (goal 0)
 *  (b) one apply of a 20,000-object kubectl List (namespaces, services, deployments, config maps, network policies):
 *      goal ≤ 10 s, atomic
 *  (c) GET /api/health p99 while (b) runs: goal ≤ 100 ms
 *  (d) GET /api/clusters/{name}/manifests of the 1,000-Service cluster: goal ≤ 200 ms
 *
 * Env: BENCH_PORT (default 3290; the bare server uses +1), BENCH_SERVICES (1000), BENCH_CLIENTS (32), BENCH_LIST (20000).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { BENCH_NETWORK, bigList, lbService } from "./fixtures";

const PORT = Number(process.env.BENCH_PORT ?? 3290);
const BARE_PORT = PORT + 1;
const SERVICES = Number(process.env.BENCH_SERVICES ?? 1000);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 32);
const LIST = Number(process.env.BENCH_LIST ?? 20000);
const base = `http://127.0.0.1:${PORT}`;
const bare = `http://127.0.0.1:${BARE_PORT}`;
const dir = mkdtempSync(path.join(os.tmpdir(), "hcinet-bench-"));
// the server accepts this deployment admin token (HCINET_ADMIN_TOKEN): every API call of the benchmark is authenticated
const ADMIN_TOKEN = randomBytes(24).toString("hex");
const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };
const children: ChildProcess[] = [];

function pct(xs: number[], p: number): number {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}
const ms = (x: number) => `${x.toFixed(x < 10 ? 1 : 0)} ms`;

async function waitFor(url: string, timeoutMs: number): Promise<void> {
  const t0 = Date.now();
  for (;;) {
    try {
      const r = await fetch(url);
      if (r.ok) return;
    } catch {
      // not up yet
    }
    if (Date.now() - t0 > timeoutMs) throw new Error(`${url} did not come up within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

function start(cmd: string, args: string[], env: Record<string, string>, quiet = true): ChildProcess {
  const child = spawn(cmd, args, { env: { ...process.env, ...env }, stdio: ["ignore", quiet ? "ignore" : "inherit", "inherit"], detached: true });
  children.push(child);
  return child;
}

function stopAll(): void {
  for (const c of children) {
    try {
      if (c.pid) process.kill(-c.pid, "SIGTERM");
    } catch {
      // already gone
    }
  }
}
process.on("exit", stopAll);
process.on("SIGINT", () => process.exit(130));

async function pool<T>(n: number, clients: number, one: (i: number) => Promise<T>): Promise<{ results: T[]; latencies: number[]; seconds: number }> {
  const results: T[] = new Array(n);
  const latencies: number[] = [];
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      for (;;) {
        const i = next++;
        if (i >= n) return;
        const s = performance.now();
        results[i] = await one(i);
        latencies.push(performance.now() - s);
      }
    }),
  );
  return { results, latencies, seconds: (performance.now() - t0) / 1000 };
}

async function json(method: string, url: string, body?: unknown, type = "application/json") {
  const r = await fetch(url, { method, headers: body === undefined ? { ...auth } : { ...auth, "content-type": type }, body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body) });
  const text = await r.text();
  let parsed: any = null;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = text;
  }
  return { status: r.status, body: parsed, headers: r.headers };
}

interface Row {
  figure: string;
  goal: string;
  measured: string;
  pass: boolean;
}

async function main() {
  console.log(`bench:api on ${os.cpus().length} cores, load average ${os.loadavg().map((x) => x.toFixed(1)).join(" ")}; files in ${dir}`);
  start(process.execPath, [path.resolve("bench/bare-server.mjs"), path.join(dir, "bare.db"), String(BARE_PORT)], {});
  console.log("starting the real server (npm start: migrate, seed, build if stale)…");
  start(process.execPath, [path.resolve("bin/start.mjs")], { PORT: String(PORT), HOST: "127.0.0.1", DATABASE_URL: `file:${path.join(dir, "hcinet.db")}`, LOG_LEVEL: "warn", HCINET_ADMIN_TOKEN: ADMIN_TOKEN }, false);
  await waitFor(`${base}/api/health`, 600_000);
  await waitFor(`${base}/api/ready`, 60_000);

  const setup = [
    await json("POST", `${base}/api/networks`, BENCH_NETWORK),
    await json("POST", `${base}/api/clusters`, { name: "lbs", vnet: BENCH_NETWORK.name, nodePools: [{ name: "pool", count: 2 }] }),
    await json("POST", `${base}/api/clusters`, { name: "biglist", vnet: BENCH_NETWORK.name, nodePools: [{ name: "pool", count: 2 }] }),
  ];
  for (const s of setup) if (s.status !== 201) throw new Error(`setup failed: ${s.status} ${JSON.stringify(s.body)}`);
  const rows: Row[] = [];

  // (a) bare first (warm), then hcinet
  const bareRun = await pool(SERVICES, CLIENTS, async (i) => (await json("POST", `${bare}/svc`, { name: `lb${i}` })).status);
  const bareRps = SERVICES / bareRun.seconds;
  const run = await pool(SERVICES, CLIENTS, async (i) => (await json("POST", `${base}/api/clusters/lbs/apply`, lbService(i), "application/yaml")).status);
  const rps = SERVICES / run.seconds;
  const statuses = new Map<number, number>();
  for (const s of run.results) statuses.set(s, (statuses.get(s) ?? 0) + 1);
  const services = (await json("GET", `${base}/api/clusters/lbs/services`)).body as { name: string; clusterIP: string | null; loadBalancerIP: string | null }[];
  const allocations = (await json("GET", `${base}/api/networks/${BENCH_NETWORK.name}/allocations`)).body as { address: string }[];
  const dupAlloc = allocations.length - new Set(allocations.map((a) => a.address)).size;
  const cips = services.map((s) => s.clusterIP).filter(Boolean);
  const dupCip = cips.length - new Set(cips).size;
  const vips = services.map((s) => s.loadBalancerIP).filter(Boolean);
  const dupVip = vips.length - new Set(vips).size;
  console.log(`(a) statuses ${JSON.stringify(Object.fromEntries(statuses))}; ${services.length} services stored; ${allocations.length} network addresses`);
  rows.push({ figure: `(a) bare node:http + better-sqlite3, ${SERVICES} inserts / ${CLIENTS} clients`, goal: "yardstick", measured: `${bareRps.toFixed(0)}/s, p50 ${ms(pct(bareRun.latencies, 50))}, p99 ${ms(pct(bareRun.latencies, 99))}`, pass: true });
  rows.push({
    figure: `(a) hcinet: ${SERVICES} LoadBalancer Service applies / ${CLIENTS} clients`,
    goal: "≥ 0.5× bare, 0 duplicates",
    measured: `${rps.toFixed(1)}/s (${(rps / bareRps).toFixed(3)}×), p50 ${ms(pct(run.latencies, 50))}, p99 ${ms(pct(run.latencies, 99))}; ${statuses.get(200) ?? 0} ok; duplicates: ${dupAlloc} network addresses, ${dupVip} VIPs (of ${vips.length}), ${dupCip} ClusterIPs`,
    pass: rps / bareRps >= 0.5 && dupAlloc === 0 && dupCip === 0 && dupVip === 0 && (statuses.get(200) ?? 0) === SERVICES,
  });

  // (d) manifests of the 1,000-Service cluster
  const manifestTimes: number[] = [];
  let manifestBytes = 0;
  for (let i = 0; i < 7; i++) {
    const t = performance.now();
    const r = await fetch(`${base}/api/clusters/lbs/manifests`, { headers: auth });
    manifestBytes = (await r.text()).length;
    manifestTimes.push(performance.now() - t);
  }
  const manifestMedian = pct(manifestTimes, 50);
  rows.push({ figure: `(d) GET /manifests of the ${services.length}-Service cluster (${(manifestBytes / 1024).toFixed(0)} KiB)`, goal: "≤ 200 ms", measured: `first ${ms(manifestTimes[0])}, median ${ms(manifestMedian)} (of 7)`, pass: manifestMedian <= 200 && manifestTimes[0] <= 200 });

  // (b) + (c): the big List while /api/health is polled
  const list = bigList(LIST);
  let listDone = false;
  const health: number[] = [];
  const poller = (async () => {
    while (!listDone) {
      const t = performance.now();
      await fetch(`${base}/api/health`).then((r) => r.text());
      health.push(performance.now() - t);
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  const t0 = performance.now();
  const big = await json("POST", `${base}/api/clusters/biglist/apply?createNamespaces=true`, list);
  const listSeconds = (performance.now() - t0) / 1000;
  listDone = true;
  await poller;
  const stored = ((await json("GET", `${base}/api/clusters/biglist/objects`)).body as unknown[]).length;
  rows.push({
    figure: `(b) one apply of a ${LIST.toLocaleString("en")}-object List (${(list.length / 1024 / 1024).toFixed(1)} MiB)`,
    goal: "≤ 10 s, atomic",
    measured: `${listSeconds.toFixed(1)} s, status ${big.status}${big.status === 200 ? "" : ` (${big.body?.error?.code})`}; ${stored} objects stored in the cluster after`,
    pass: listSeconds <= 10 && big.status === 200,
  });
  rows.push({ figure: "(c) GET /api/health while (b) runs", goal: "p99 ≤ 100 ms", measured: `p50 ${ms(pct(health, 50))}, p99 ${ms(pct(health, 99))}, max ${ms(Math.max(...health))} (${health.length} probes)`, pass: pct(health, 99) <= 100 });

  console.log("\n| figure | goal | measured | met |\n|---|---|---|---|");
  for (const r of rows) console.log(`| ${r.figure} | ${r.goal} | ${r.measured} | ${r.pass ? "yes" : "no"} |`);
}

main()
  .catch((e) => {
    console.error(e);
    process.exitCode = 1;
  })
  .finally(() => {
    stopAll();
    setTimeout(() => process.exit(), 500).unref();
  });
