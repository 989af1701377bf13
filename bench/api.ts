/**
 * API benchmark: `npm run bench:api`. Starts the real server (`node bin/start.mjs`, the same as `npm start`: migrate,
 * seed, build when stale, `next start`) on a fresh database, and a bare yardstick (node:http + the store's driver, one
 * INSERT transaction per request), both on 127.0.0.1 only, and measures in the same run:
 *
 *  (a) 1,000 applies of one LoadBalancer Service each by 32 concurrent clients: requests/s, p50/p99, ratio to the bare
 *      server (goal ≥ 0.5×) and duplicate addresses (goal 0)
 *  (b) one apply of a 20,000-object kubectl List (namespaces, services, deployments, config maps, network policies):
 *      goal ≤ 10 s, atomic
 *  (c) GET /api/health p99 while (b) runs: goal ≤ 100 ms
 *  (d) GET /api/clusters/{name}/manifests of the 1,000-Service cluster: goal ≤ 200 ms
 *  (f) the floor, with (a): an authenticated no-op (GET /api/auth/me) and GET /api/health by the same clients
 *
 * Options (after `npm run bench:api --`):
 *   --store sqlite|postgresql   sqlite (default): a fresh SQLite file, yardstick bench/bare-server.mjs (node:http +
 *                               better-sqlite3). postgresql: a private PostgreSQL (bin/pg-cluster.mjs: initdb in a temp
 *                               dir, loopback, stopped at the end), one database for hcinet and one for the yardstick
 *                               bench/bare-pg-server.mjs (node:http + pg pool of 10, one INSERT transaction per request).
 *   --instances 2               also (e): a second server on the same database; the same applies, spread over two
 *                               clusters on two networks, sent by one instance and then by both (clients alternate),
 *                               and by both into two clusters of ONE network; req/s and the ratio to one instance
 *                               (goal ≥ 1.5×). CPU seconds per request of the servers (and PostgreSQL) are printed.
 *   --only a,d,e                run only these figures (b and c always go together; f, the floor — an authenticated
 *                               no-op and the health probe with the same clients — also runs with a).
 *
 * Env: BENCH_PORT (default 3290; the bare server uses +1, the second instance +2), BENCH_SERVICES (1000),
 * BENCH_CLIENTS (32), BENCH_LIST (20000). The load average is printed with the table (the machine may be shared).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, readdirSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { BENCH_NETWORK, bigList, lbService } from "./fixtures";
// @ts-expect-error plain ES module without types (also used by npm run test:pg)
import { createDatabase, startPrivatePg } from "../bin/pg-cluster.mjs";

const arg = (name: string, dflt: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1] : dflt;
};
const STORE = arg("store", "sqlite");
const INSTANCES = Number(arg("instances", "1"));
const ONLY = new Set(arg("only", "a,b,c,d,e").split(","));
if (STORE !== "sqlite" && STORE !== "postgresql") throw new Error("--store must be sqlite or postgresql");
if (INSTANCES !== 1 && INSTANCES !== 2) throw new Error("--instances must be 1 or 2");
const PORT = Number(process.env.BENCH_PORT ?? 3290);
const BARE_PORT = PORT + 1;
const SECOND_PORT = PORT + 2;
const SERVICES = Number(process.env.BENCH_SERVICES ?? 1000);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 32);
const LIST = Number(process.env.BENCH_LIST ?? 20000);
const base = `http://127.0.0.1:${PORT}`;
const second = `http://127.0.0.1:${SECOND_PORT}`;
const bare = `http://127.0.0.1:${BARE_PORT}`;
const dir = mkdtempSync(path.join(os.tmpdir(), "hcinet-bench-"));
const children: ChildProcess[] = [];
// both instances accept this deployment admin token (HCINET_ADMIN_TOKEN); every request of the benchmark sends it
const TOKEN = randomBytes(24).toString("hex");
const AUTH = { authorization: `Bearer ${TOKEN}` };

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
      const r = await fetch(url, { headers: AUTH });
      if (r.ok) return;
    } catch {
      // not up yet
    }
    if (Date.now() - t0 > timeoutMs) throw new Error(`${url} did not come up within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** What the first server logged about long stretches of its request thread (HCINET_STALL_LOG_MS, lib/stalls.ts). */
const stalls: { stallMs?: number; phases?: string; step?: string; ms?: number }[] = [];
const STALL_MS = 25;

function start(cmd: string, args: string[], env: Record<string, string>, quiet = true, watchStalls = false): ChildProcess {
  const child = spawn(cmd, args, { env: { ...process.env, ...env }, stdio: ["ignore", quiet ? "ignore" : watchStalls ? "pipe" : "inherit", "inherit"], detached: true });
  if (watchStalls) {
    let rest = "";
    child.stdout!.on("data", (b: Buffer) => {
      process.stdout.write(b);
      const lines = (rest + b.toString()).split("\n");
      rest = lines.pop()!;
      for (const l of lines) {
        if (!l.includes('"event loop stall"') && !l.includes('"slow step"')) continue;
        try {
          stalls.push(JSON.parse(l));
        } catch {
          // not one JSON line
        }
      }
    });
  }
  children.push(child);
  return child;
}

let stopPg: (() => void) | null = null;
function stopAll(): void {
  for (const c of children) {
    try {
      if (c.pid) process.kill(-c.pid, "SIGTERM");
    } catch {
      // already gone
    }
  }
}
process.on("exit", () => {
  stopAll();
  try {
    stopPg?.(); // idempotent; also on Ctrl-C
  } catch {
    // already stopped
  }
});
process.on("SIGINT", () => process.exit(130));

/** CPU seconds so far of the given process groups (the servers: start.mjs and its `next start`) and PostgreSQL's server processes. */
const TICK = 100; // USER_HZ on Linux
function procStat(pid: string): { ppid: number; pgrp: number; self: number; children: number } | null {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, "utf8");
    const x = f.slice(f.lastIndexOf(")") + 2).split(" ");
    return { ppid: Number(x[1]), pgrp: Number(x[2]), self: (Number(x[11]) + Number(x[12])) / TICK, children: (Number(x[13]) + Number(x[14])) / TICK };
  } catch {
    return null;
  }
}
function cpuSeconds(groups: number[], postmaster?: number): { servers: number; db: number } {
  let servers = 0;
  let dbCpu = 0;
  for (const pid of readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
    const s = procStat(pid);
    if (!s) continue;
    if (groups.includes(s.pgrp)) servers += s.self + s.children;
    if (postmaster && (Number(pid) === postmaster || s.ppid === postmaster)) dbCpu += s.self + (Number(pid) === postmaster ? s.children : 0);
  }
  return { servers, db: dbCpu };
}

async function pool<T>(n: number, clients: number, one: (i: number, client: number) => Promise<T>): Promise<{ results: T[]; latencies: number[]; seconds: number }> {
  const results: T[] = new Array(n);
  const latencies: number[] = [];
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      for (;;) {
        const i = next++;
        if (i >= n) return;
        const s = performance.now();
        results[i] = await one(i, client);
        latencies.push(performance.now() - s);
      }
    }),
  );
  return { results, latencies, seconds: (performance.now() - t0) / 1000 };
}

async function json(method: string, url: string, body?: unknown, type = "application/json") {
  const r = await fetch(url, { method, headers: body === undefined ? AUTH : { ...AUTH, "content-type": type }, body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body) });
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
  pass: boolean | null;
}
const rows: Row[] = [];
const load0 = os.loadavg();

/** A network like BENCH_NETWORK on 172.<octet>.0.0/16 with a larger VIP pool (7,168 VIPs). */
function benchNetwork(name: string, octet: number) {
  return {
    ...BENCH_NETWORK,
    name,
    ipAddressPrefix: `172.${octet}.0.0/16`,
    gateway: `172.${octet}.0.1`,
    dnsServers: [`172.${octet}.0.1`],
    k8sNodeIpPoolStart: `172.${octet}.0.10`,
    k8sNodeIpPoolEnd: `172.${octet}.0.250`,
    vipPoolStart: `172.${octet}.4.0`,
    vipPoolEnd: `172.${octet}.31.255`,
  };
}

async function setup(calls: [string, unknown][]) {
  for (const [url, body] of calls) {
    const r = await json("POST", url, body);
    if (r.status !== 201) throw new Error(`setup ${url} failed: ${r.status} ${JSON.stringify(r.body)}`);
  }
}

/** Duplicates among what a set of clusters' Services show and what their networks hold. */
async function duplicates(clusters: string[], networks: string[]) {
  const services: { name: string; clusterIP: string | null; loadBalancerIP: string | null }[] = [];
  let cipDup = 0;
  for (const c of clusters) {
    const mine = (await json("GET", `${base}/api/clusters/${c}/services`)).body as typeof services;
    const cips = mine.map((s) => s.clusterIP).filter(Boolean);
    cipDup += cips.length - new Set(cips).size;
    services.push(...mine);
  }
  let allocDup = 0;
  let allocations = 0;
  for (const n of networks) {
    const rows = (await json("GET", `${base}/api/networks/${n}/allocations`)).body as { address: string }[];
    allocations += rows.length;
    allocDup += rows.length - new Set(rows.map((a) => a.address)).size;
  }
  const vips = services.map((s) => s.loadBalancerIP).filter(Boolean);
  return { services: services.length, allocations, allocDup, cipDup, vipDup: vips.length - new Set(vips).size, vips: vips.length };
}

function statusCounts(xs: number[]): string {
  const m = new Map<number, number>();
  for (const s of xs) m.set(s, (m.get(s) ?? 0) + 1);
  return JSON.stringify(Object.fromEntries(m));
}

async function main() {
  console.log(`bench:api --store ${STORE} --instances ${INSTANCES} on ${os.cpus().length} cores, load average ${load0.map((x) => x.toFixed(1)).join(" ")}; files in ${dir}`);
  let dbUrl: string;
  let postmaster: number | undefined;
  if (STORE === "postgresql") {
    const cluster = await startPrivatePg();
    stopPg = cluster.stop;
    postmaster = Number(readFileSync(path.join(cluster.dir, "data", "postmaster.pid"), "utf8").split("\n")[0]);
    dbUrl = await createDatabase(cluster.url, "hcinet");
    const bareUrl = await createDatabase(cluster.url, "bare");
    console.log(`private PostgreSQL on ${cluster.url} (postmaster ${postmaster})`);
    start(process.execPath, [path.resolve("bench/bare-pg-server.mjs"), bareUrl, String(BARE_PORT)], {});
  } else {
    dbUrl = `file:${path.join(dir, "hcinet.db")}`;
    start(process.execPath, [path.resolve("bench/bare-server.mjs"), path.join(dir, "bare.db"), String(BARE_PORT)], {});
  }
  const serverEnv = { HOST: "127.0.0.1", DATABASE_URL: dbUrl, LOG_LEVEL: "warn", HCINET_ADMIN_TOKEN: TOKEN };
  console.log("starting the real server (npm start: migrate, seed, build if stale)…");
  const first = start(process.execPath, [path.resolve("bin/start.mjs")], { ...serverEnv, PORT: String(PORT), HCINET_STALL_LOG_MS: String(STALL_MS) }, false, true);
  await waitFor(`${base}/api/health`, 600_000);
  await waitFor(`${base}/api/ready`, 60_000);
  const groups = [first.pid!];
  if (INSTANCES === 2) {
    console.log("starting the second instance on the same database…");
    const two = start(process.execPath, [path.resolve("bin/start.mjs")], { ...serverEnv, PORT: String(SECOND_PORT), HCINET_SKIP_BUILD: "1" }, false);
    groups.push(two.pid!);
    await waitFor(`${second}/api/ready`, 300_000);
  }
  const bareYard = STORE === "postgresql" ? "bare node:http + pg (pool 10, advisory lock + INSERT per transaction)" : "bare node:http + better-sqlite3";

  await setup([
    [`${base}/api/networks`, BENCH_NETWORK],
    [`${base}/api/clusters`, { name: "lbs", vnet: BENCH_NETWORK.name, nodePools: [{ name: "pool", count: 2 }] }],
    [`${base}/api/clusters`, { name: "biglist", vnet: BENCH_NETWORK.name, nodePools: [{ name: "pool", count: 2 }] }],
  ]);
  const cpuNote = (before: { servers: number; db: number }, n: number) => {
    const after = cpuSeconds(groups, postmaster);
    const srv = ((after.servers - before.servers) / n) * 1000;
    const pgc = ((after.db - before.db) / n) * 1000;
    return postmaster ? `CPU ${srv.toFixed(1)} ms server + ${pgc.toFixed(1)} ms PostgreSQL per request` : `CPU ${srv.toFixed(1)} ms server per request`;
  };

  // (a) bare first (warm), then hcinet
  let bareRps = NaN;
  if (ONLY.has("a")) {
    const bareCpu0 = cpuSeconds([children[0].pid!], postmaster);
    const bareRun = await pool(SERVICES, CLIENTS, async (i) => (await json("POST", `${bare}/svc`, { name: `lb${i}` })).status);
    const bareCpu1 = cpuSeconds([children[0].pid!], postmaster);
    bareRps = SERVICES / bareRun.seconds;
    const bareCpu = `CPU ${(((bareCpu1.servers - bareCpu0.servers) / SERVICES) * 1000).toFixed(1)} ms server${postmaster ? ` + ${(((bareCpu1.db - bareCpu0.db) / SERVICES) * 1000).toFixed(1)} ms PostgreSQL` : ""} per request`;
    const cpu0 = cpuSeconds(groups, postmaster);
    const run = await pool(SERVICES, CLIENTS, async (i) => (await json("POST", `${base}/api/clusters/lbs/apply`, lbService(i), "application/yaml")).status);
    const cpu = cpuNote(cpu0, SERVICES);
    const rps = SERVICES / run.seconds;
    const d = await duplicates(["lbs"], [BENCH_NETWORK.name]);
    const ok = run.results.filter((s) => s === 200).length;
    console.log(`(a) statuses ${statusCounts(run.results)}; ${d.services} services stored; ${d.allocations} network addresses; bare: ${statusCounts(bareRun.results)}`);
    rows.push({ figure: `(a) ${bareYard}, ${SERVICES} inserts / ${CLIENTS} clients`, goal: "yardstick", measured: `${bareRps.toFixed(0)}/s, p50 ${ms(pct(bareRun.latencies, 50))}, p99 ${ms(pct(bareRun.latencies, 99))}; ${bareCpu}`, pass: null });
    rows.push({
      figure: `(a) hcinet: ${SERVICES} LoadBalancer Service applies / ${CLIENTS} clients, one instance`,
      goal: "≥ 0.5× bare, 0 duplicates",
      measured: `${rps.toFixed(1)}/s (${(rps / bareRps).toFixed(3)}×), p50 ${ms(pct(run.latencies, 50))}, p99 ${ms(pct(run.latencies, 99))}; ${ok} ok; duplicates: ${d.allocDup} network addresses, ${d.vipDup} VIPs (of ${d.vips}), ${d.cipDup} ClusterIPs; ${cpu}`,
      pass: rps / bareRps >= 0.5 && d.allocDup === 0 && d.cipDup === 0 && d.vipDup === 0 && ok === SERVICES,
    });
  }

  // the floor: what Next's route machinery + route() cost for an authenticated request that does nothing, and for the
  // public liveness probe (no credentials), with the same clients: the part of (a)'s CPU an apply cannot go below
  if (ONLY.has("a") || ONLY.has("f")) {
    // a stored API token of a user (what the CLI sends): one indexed read per request more than the deployment token
    const password = randomBytes(12).toString("hex");
    await setup([[`${base}/api/users`, { username: "benchuser", password, role: "admin" }]]);
    const signin = await fetch(`${base}/api/auth/signin`, { method: "POST", headers: { "content-type": "application/json", origin: base }, body: JSON.stringify({ username: "benchuser", password }) });
    const cookie = (signin.headers.get("set-cookie") ?? "").split(";")[0];
    const made = await fetch(`${base}/api/tokens`, { method: "POST", headers: { "content-type": "application/json", origin: base, cookie }, body: JSON.stringify({ name: "bench" }) });
    const stored = ((await made.json()) as { token?: string }).token;
    if (!stored) throw new Error(`could not create an API token (${signin.status}, ${made.status})`);
    for (const [label, url, headers] of [
      ["authenticated no-op GET /api/auth/me (deployment token)", `${base}/api/auth/me`, AUTH],
      ["authenticated no-op GET /api/auth/me (stored API token)", `${base}/api/auth/me`, { authorization: `Bearer ${stored}` }],
      ["public GET /api/health", `${base}/api/health`, {}],
    ] as const) {
      const cpu0 = cpuSeconds(groups, postmaster);
      const run = await pool(SERVICES, CLIENTS, async () => {
        const r = await fetch(url, { headers });
        await r.text();
        return r.status;
      });
      const cpu = cpuNote(cpu0, SERVICES);
      const rps = SERVICES / run.seconds;
      rows.push({ figure: `(f) floor: ${SERVICES} × ${label} / ${CLIENTS} clients`, goal: "— (what Next + route() cost per request)", measured: `${rps.toFixed(0)}/s${Number.isNaN(bareRps) ? "" : ` (${(rps / bareRps).toFixed(3)}× bare)`}, p50 ${ms(pct(run.latencies, 50))}, p99 ${ms(pct(run.latencies, 99))}; statuses ${statusCounts(run.results)}; ${cpu}`, pass: null });
    }
  }

  // (d) manifests of the 1,000-Service cluster
  if (ONLY.has("d")) {
    const manifestTimes: number[] = [];
    let manifestBytes = 0;
    for (let i = 0; i < 7; i++) {
      const t = performance.now();
      const r = await fetch(`${base}/api/clusters/lbs/manifests`, { headers: AUTH });
      manifestBytes = (await r.text()).length;
      manifestTimes.push(performance.now() - t);
    }
    const manifestMedian = pct(manifestTimes, 50);
    rows.push({ figure: `(d) GET /manifests of the lbs cluster (${(manifestBytes / 1024).toFixed(0)} KiB)`, goal: "≤ 200 ms", measured: `first ${ms(manifestTimes[0])}, median ${ms(manifestMedian)} (of 7)`, pass: manifestMedian <= 200 && manifestTimes[0] <= 200 });
  }

  // (b) + (c): the big List while /api/health is polled
  if (ONLY.has("b") || ONLY.has("c")) {
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
    const stallsBefore = stalls.length;
    const t0 = performance.now();
    const big = await json("POST", `${base}/api/clusters/biglist/apply?createNamespaces=true`, list);
    const listSeconds = (performance.now() - t0) / 1000;
    listDone = true;
    await poller;
    await new Promise((r) => setTimeout(r, 300)); // the server's last log lines of (b)
    const stallsEnd = stalls.length;
    const stored = ((await json("GET", `${base}/api/clusters/biglist/objects`)).body as unknown[]).length;
    rows.push({
      figure: `(b) one apply of a ${LIST.toLocaleString("en")}-object List (${(list.length / 1024 / 1024).toFixed(1)} MiB)`,
      goal: "≤ 10 s, atomic",
      measured: `${listSeconds.toFixed(1)} s, status ${big.status}${big.status === 200 ? "" : ` (${big.body?.error?.code})`}; ${stored} objects stored in the cluster after`,
      pass: listSeconds <= 10 && big.status === 200,
    });
    const seen = stalls.slice(stallsBefore, stallsEnd).sort((x, y) => (y.stallMs ?? y.ms ?? 0) - (x.stallMs ?? x.ms ?? 0));
    const stallText = seen.length
      ? seen
          .slice(0, 6)
          .map((x) => (x.step ? `${x.step} ${x.ms} ms` : `stall ${x.stallMs} ms (${x.phases})`))
          .join(", ")
      : "none";
    rows.push({
      figure: "(c) GET /api/health while (b) runs",
      goal: "p99 ≤ 100 ms",
      measured: `p50 ${ms(pct(health, 50))}, p99 ${ms(pct(health, 99))}, max ${ms(Math.max(...health))} (${health.length} probes); server stretches ≥ ${STALL_MS} ms during (b): ${stallText}`,
      pass: pct(health, 99) <= 100,
    });
  }

  // (e) one instance vs two instances on one database
  if (INSTANCES === 2 && ONLY.has("e")) {
    await setup([
      [`${base}/api/networks`, benchNetwork("east", 21)],
      [`${base}/api/networks`, benchNetwork("west", 22)],
      ...(["oneeast", "onewest", "twoeast", "twowest", "samea", "sameb"] as const).map(
        (name) => [`${base}/api/clusters`, { name, vnet: name.endsWith("west") ? "west" : "east", nodePools: [{ name: "pool", count: 1 }] }] as [string, unknown],
      ),
    ]);
    const phase = async (label: string, clusters: string[], servers: string[], networks: string[]) => {
      const cpu0 = cpuSeconds(groups, postmaster);
      // client k always talks to servers[k % n] and alternates between the clusters
      const send = (i: number, k: number) => json("POST", `${servers[k % servers.length]}/api/clusters/${clusters[i % clusters.length]}/apply`, lbService(i), "application/yaml");
      // a reused keep-alive socket the server just closed (ECONNRESET): send once more (an apply is idempotent); 0 = no answer
      const run = await pool(SERVICES, CLIENTS, async (i, k) => (await send(i, k).catch(() => send(i, k)).catch(() => ({ status: 0 }))).status);
      const cpu = cpuNote(cpu0, SERVICES);
      const d = await duplicates(clusters, networks);
      const ok = run.results.filter((s) => s === 200).length;
      console.log(`(e) ${label}: statuses ${statusCounts(run.results)}`);
      return { rps: SERVICES / run.seconds, run, d, ok, cpu };
    };
    const line = (x: typeof one) =>
      `${x.rps.toFixed(1)}/s, p50 ${ms(pct(x.run.latencies, 50))}, p99 ${ms(pct(x.run.latencies, 99))}; ${x.ok} ok; duplicates ${x.d.allocDup + x.d.vipDup + x.d.cipDup}; ${x.cpu}`;
    const clean = (x: typeof one) => x.ok === SERVICES && x.d.allocDup + x.d.vipDup + x.d.cipDup === 0;
    const one = await phase("one instance, two networks", ["oneeast", "onewest"], [base], ["east", "west"]);
    rows.push({ figure: `(e) one instance: ${SERVICES} applies into 2 clusters on 2 networks / ${CLIENTS} clients`, goal: "baseline, 0 duplicates", measured: line(one), pass: clean(one) });
    const two = await phase("two instances, two networks", ["twoeast", "twowest"], [base, second], ["east", "west"]);
    rows.push({ figure: `(e) two instances, same applies, clients spread over both`, goal: "≥ 1.5× one, 0 duplicates", measured: `${(two.rps / one.rps).toFixed(2)}× one: ${line(two)}`, pass: two.rps / one.rps >= 1.5 && clean(two) });
    const same = await phase("two instances, one network", ["samea", "sameb"], [base, second], ["east"]);
    rows.push({ figure: `(e) two instances, 2 clusters on ONE network (they share its lock)`, goal: "— (for comparison), 0 duplicates", measured: `${(same.rps / one.rps).toFixed(2)}× one: ${line(same)}`, pass: clean(same) });
  }

}

/** The table of what was measured (also after a failure: the figures measured before it). */
function printTable(): void {
  const load1 = os.loadavg();
  console.log(`\nbench:api --store ${STORE} --instances ${INSTANCES}; load average at start ${load0.map((x) => x.toFixed(1)).join(" ")}, at end ${load1.map((x) => x.toFixed(1)).join(" ")}`);
  console.log("| figure | goal | measured | met |\n|---|---|---|---|");
  for (const r of rows) console.log(`| ${r.figure} | ${r.goal} | ${r.measured} | ${r.pass === null ? "—" : r.pass ? "yes" : "no"} |`);
}

main()
  .catch((e) => {
    console.error(e);
    process.exitCode = 1;
  })
  .finally(async () => {
    printTable();
    stopAll();
    await new Promise((r) => setTimeout(r, 1500));
    try {
      stopPg?.();
    } catch (e) {
      console.error(e);
    }
    setTimeout(() => process.exit(), 200).unref();
  });
