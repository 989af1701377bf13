#!/usr/bin/env node
// Two-instance hammer: two `node bin/start.mjs` servers on ONE database (loopback ports), clusters on two networks,
// driven in parallel with cluster creations, node-pool scale-ups, Service applies (ClusterIP, NodePort, LoadBalancer) and deletes, spread
// over both instances. Afterwards the database is checked directly:
// - no node IP, VIP, ClusterIP or NodePort is held twice (in the allocation tables or in the stored Service objects);
// - every address and port a stored object shows is allocated to it, and every allocation has a living owner
//   (what deleted clusters/services/nodes held is free again).
// Usage: node tests/hammer/hammer.mjs --store sqlite|postgresql [--port 3281] [--clusters 6]   |   --check DATABASE_URL
// Exits 1 on any violation or unexpected HTTP status (409 pool-exhausted and 503 busy are counted, not failures).
import { randomBytes } from "node:crypto";
import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startPrivatePg, createDatabase } from "../../bin/pg-cluster.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const store = arg("store", "sqlite");
const basePort = Number(arg("port", process.env.HAMMER_PORT ?? "3281"));
const nClusters = Number(arg("clusters", "6"));

// `--check URL`: only the database check (used to confirm the check finds planted duplicates)
if (process.argv.includes("--check")) {
  const v = await check(arg("check"));
  for (const x of v) console.error(`VIOLATION: ${x}`);
  console.log(`hammer check: ${v.length} violation(s)`);
  process.exit(v.length ? 1 : 0);
}

let cluster = null;
let url;
if (store === "postgresql") {
  const server = process.env.PG_URL || process.env.TEST_PG_URL;
  if (server) url = await createDatabase(server, `hcinet_hammer_${Date.now()}`);
  else {
    cluster = await startPrivatePg();
    url = await createDatabase(cluster.url, "hcinet");
  }
} else url = `file:${path.join(mkdtempSync(path.join(os.tmpdir(), "hcinet-hammer-")), "hammer.db")}`;

// both instances accept this deployment admin token (HCINET_ADMIN_TOKEN, audited as env-token): the hammer is an admin
const ADMIN_TOKEN = randomBytes(24).toString("hex");
const servers = [];
function startInstance(port, skipBuild) {
  const child = spawn(process.execPath, [path.join(root, "bin", "start.mjs")], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: url, PORT: String(port), HOST: "127.0.0.1", HCINET_SKIP_BUILD: skipBuild ? "1" : "", LOG_LEVEL: "warn", HCINET_ADMIN_TOKEN: ADMIN_TOKEN },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let log = "";
  child.stdout.on("data", (d) => (log += d));
  child.stderr.on("data", (d) => (log += d));
  servers.push(child);
  return { port, child, log: () => log };
}
async function waitReady(inst, timeoutMs = 300_000) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (inst.child.exitCode !== null) throw new Error(`instance on ${inst.port} exited:\n${inst.log()}`);
    try {
      const r = await fetch(`http://127.0.0.1:${inst.port}/api/ready`);
      if (r.status === 200) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`instance on ${inst.port} not ready within ${timeoutMs / 1000} s:\n${inst.log()}`);
}
function stopAll() {
  for (const s of servers) {
    try {
      process.kill(-s.pid, "SIGTERM");
    } catch {}
  }
}

const statuses = {};
const unexpected = [];
const samples = [];
let retries = 0;
async function req(inst, method, p, body, expectOk = [200, 201, 204]) {
  const headers = { authorization: `Bearer ${ADMIN_TOKEN}` };
  let payload;
  if (body !== undefined) {
    payload = typeof body === "string" ? body : JSON.stringify(body);
    headers["content-type"] = typeof body === "string" ? "application/yaml" : "application/json";
  }
  // a well-behaved client: on 503 it waits Retry-After and tries again (bounded)
  let r;
  let text;
  for (let attempt = 1; ; attempt++) {
    r = await fetch(`http://127.0.0.1:${inst.port}${p}`, { method, headers, body: payload });
    text = await r.text();
    if (r.status !== 503 || attempt >= 5) break;
    retries++;
    await new Promise((res) => setTimeout(res, 1000 * Number(r.headers.get("retry-after") ?? 1)));
  }
  const key = `${method} ${p.replace(/\/clusters\/[^/?]+/, "/clusters/*").replace(/\/nodepools\/[^/?]+/, "/nodepools/*").split("?")[0]} ${r.status}`;
  statuses[key] = (statuses[key] ?? 0) + 1;
  const tolerated = r.status === 409 || r.status === 503;
  if (tolerated && samples.length < 4) samples.push(`${key} (Retry-After ${r.headers.get("retry-after")}): ${text.slice(0, 200)}`);
  if (!expectOk.includes(r.status) && !tolerated) unexpected.push(`${key}: ${text.slice(0, 300)}`);
  return { status: r.status, text };
}

function services(prefix, n, lb) {
  const docs = [];
  for (let i = 0; i < n; i++) {
    docs.push(`apiVersion: v1
kind: Service
metadata: {name: ${prefix}-${i}, namespace: default}
spec:
  type: ${lb && i === 0 ? "LoadBalancer" : i % 2 ? "NodePort" : "ClusterIP"}
  selector: {app: ${prefix}-${i}}
  ports: [{name: http, port: ${8000 + i}, targetPort: 8080}]`);
  }
  return docs.join("\n---\n");
}

let failed = false;
try {
  const a = startInstance(basePort, false);
  await waitReady(a); // the first instance migrates, seeds and builds; the second reuses the build
  const b = startInstance(basePort + 1, true);
  await waitReady(b);
  const inst = [a, b];
  const on = (i) => inst[i % 2];
  console.log(`hammer: ${store}, instances on ${a.port} and ${b.port}, ${nClusters} clusters`);

  await req(a, "POST", "/api/networks", {
    name: "hammer", vswitchName: "extSwitch", ipAddressPrefix: "10.60.0.0/22", gateway: "10.60.0.1", dnsServers: ["10.60.0.1"],
    k8sNodeIpPoolStart: "10.60.0.10", k8sNodeIpPoolEnd: "10.60.1.250", vipPoolStart: "10.60.2.10", vipPoolEnd: "10.60.3.250",
  });
  // a second network: on PostgreSQL its writers hold another network's lock and run beside the first network's
  await req(a, "POST", "/api/networks", {
    name: "hammer2", vswitchName: "extSwitch", ipAddressPrefix: "10.61.0.0/22", gateway: "10.61.0.1", dnsServers: ["10.61.0.1"],
    k8sNodeIpPoolStart: "10.61.0.10", k8sNodeIpPoolEnd: "10.61.1.250", vipPoolStart: "10.61.2.10", vipPoolEnd: "10.61.3.250",
  });
  const names = Array.from({ length: nClusters }, (_, i) => `ham${i}`);
  const vnetOf = (i) => (i % 3 === 2 ? "hammer2" : "hammer"); // two of three clusters share "hammer"
  const t0 = Date.now();
  // round 1: parallel creations on both instances
  await Promise.all(names.map((n, i) => req(on(i), "POST", "/api/clusters", { name: n, vnet: vnetOf(i), nodePools: [{ name: "pool", count: 1 }] })));
  // round 2: scale-ups, service applies from both instances into the same clusters, control-plane scale
  await Promise.all(names.flatMap((n, i) => [
    req(on(i), "PATCH", `/api/clusters/${n}/nodepools/pool`, { count: 3 }),
    req(on(i + 1), "POST", `/api/clusters/${n}/apply`, services("a", 6, true)),
    req(on(i), "POST", `/api/clusters/${n}/apply`, services("b", 6, true)),
    req(on(i + 1), "PATCH", `/api/clusters/${n}`, { controlPlaneNodeCount: 3 }),
  ]));
  // round 3: deletes (services, a node pool scale-down, whole clusters) racing new creations and applies
  await Promise.all([
    ...names.slice(0, Math.ceil(nClusters / 2)).map((n, i) => req(on(i), "DELETE", `/api/clusters/${n}`)),
    ...names.slice(Math.ceil(nClusters / 2)).flatMap((n, i) => [
      req(on(i), "DELETE", `/api/clusters/${n}/objects?kind=Service&namespace=default&name=a-0`, undefined, [200, 404]),
      req(on(i + 1), "DELETE", `/api/clusters/${n}/objects?kind=Service&namespace=default&name=b-1`, undefined, [200, 404]),
      req(on(i), "PATCH", `/api/clusters/${n}/nodepools/pool`, { count: 1 }),
      req(on(i + 1), "POST", `/api/clusters/${n}/apply`, services("c", 4, true)),
    ]),
    ...names.map((n, i) => req(on(i + 1), "POST", `/api/clusters`, { name: `${n}x`, vnet: vnetOf(i + 1), nodePools: [{ name: "pool", count: 2 }] })),
  ]);
  console.log(`hammer: ${Object.values(statuses).reduce((x, y) => x + y, 0)} requests (${retries} retries after 503) in ${Date.now() - t0} ms`);
  for (const [k, v] of Object.entries(statuses).sort()) console.log(`  ${v}× ${k}`);
  for (const x of samples) console.log(`  e.g. ${x}`);
  stopAll();

  const violations = await check(url);
  for (const u of unexpected) console.error(`unexpected: ${u}`);
  for (const v of violations) console.error(`VIOLATION: ${v}`);
  failed = violations.length > 0 || unexpected.length > 0;
  console.log(failed ? `hammer (${store}): FAILED` : `hammer (${store}): no address, VIP, NodePort or ClusterIP held twice; every released address is free`);
} catch (e) {
  console.error(e);
  failed = true;
} finally {
  stopAll();
  await new Promise((r) => setTimeout(r, 1500));
  cluster?.stop();
}
process.exit(failed ? 1 : 0);

/** Reads the tables straight from the database and lists every violation. */
async function check(dbUrl) {
  let q;
  let close;
  if (dbUrl.startsWith("postgres")) {
    const { default: pg } = await import("pg");
    const c = new pg.Client({ connectionString: dbUrl });
    await c.connect();
    q = async (sql) => (await c.query(sql)).rows;
    close = () => c.end();
  } else {
    const { default: Database } = await import("better-sqlite3");
    const d = new Database(dbUrl.slice("file:".length), { readonly: true });
    q = async (sql) => d.prepare(sql).all();
    close = async () => d.close();
  }
  const out = [];
  const dup = async (what, sql) => {
    for (const r of await q(sql)) out.push(`${what} held twice: ${JSON.stringify(r)}`);
  };
  await dup("node IP", `SELECT "ipAddress", COUNT(*) AS n FROM "NodeVm" WHERE "ipAddress" IS NOT NULL GROUP BY "ipAddress" HAVING COUNT(*) > 1`);
  await dup("network address", `SELECT "networkId", "address", COUNT(*) AS n FROM "IpAllocation" GROUP BY "networkId", "address" HAVING COUNT(*) > 1`);
  await dup("cluster address", `SELECT "clusterId", "space", "address", COUNT(*) AS n FROM "ClusterAddress" GROUP BY "clusterId", "space", "address" HAVING COUNT(*) > 1`);
  await dup("NodePort", `SELECT "clusterId", "port", COUNT(*) AS n FROM "PortAllocation" GROUP BY "clusterId", "port" HAVING COUNT(*) > 1`);
  // node VMs: each static node IP is allocated to that node; each node allocation has its node
  for (const r of await q(`SELECT v."name", v."ipAddress" FROM "NodeVm" v JOIN "Cluster" c ON c."id" = v."clusterId" WHERE v."ipAddress" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "IpAllocation" a WHERE a."networkId" = c."networkId" AND a."address" = v."ipAddress")`))
    out.push(`node ${r.name} shows ${r.ipAddress} but it is not allocated`);
  for (const r of await q(`SELECT a."address", a."ownerKind", a."ownerName" FROM "IpAllocation" a WHERE a."clusterId" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "Cluster" c WHERE c."id" = a."clusterId")`))
    out.push(`${r.address} still held by deleted cluster (${r.ownerKind} ${r.ownerName})`);
  // Services: what the stored object shows is what is allocated, and nothing is allocated to a Service that is gone
  const svcs = (await q(`SELECT "clusterId", "namespace", "name", "body" FROM "KubeObject" WHERE "kind" = 'Service'`)).map((r) => ({ ...r, body: JSON.parse(r.body) }));
  const ca = await q(`SELECT "clusterId", "address", "ownerNamespace", "ownerName" FROM "ClusterAddress" WHERE "space" = 'service'`);
  const pa = await q(`SELECT "clusterId", "port", "ownerNamespace", "ownerName" FROM "PortAllocation"`);
  const vipRows = await q(`SELECT a."address", a."ownerName", a."clusterId" FROM "IpAllocation" a WHERE a."ownerKind" = 'service'`);
  const seenIp = new Map();
  const seenPort = new Map();
  const seenVip = new Map();
  const key = (s) => `${s.clusterId}:${s.namespace}/${s.name}`;
  for (const s of svcs) {
    const ip = s.body.spec?.clusterIP;
    if (ip && ip !== "None") {
      const k = `${s.clusterId}:${ip}`;
      if (seenIp.has(k)) out.push(`ClusterIP ${ip} shown by ${seenIp.get(k)} and ${key(s)}`);
      seenIp.set(k, key(s));
      if (!ca.some((r) => r.clusterId === s.clusterId && r.address === ip && r.ownerNamespace === s.namespace && r.ownerName === s.name)) out.push(`ClusterIP ${ip} of ${key(s)} not allocated to it`);
    }
    for (const p of s.body.spec?.ports ?? []) {
      if (!p.nodePort) continue;
      const k = `${s.clusterId}:${p.nodePort}`;
      if (seenPort.has(k)) out.push(`NodePort ${p.nodePort} shown by ${seenPort.get(k)} and ${key(s)}`);
      seenPort.set(k, key(s));
      if (!pa.some((r) => r.clusterId === s.clusterId && r.port === p.nodePort && r.ownerName === s.name)) out.push(`NodePort ${p.nodePort} of ${key(s)} not allocated to it`);
    }
    for (const ing of s.body.status?.loadBalancer?.ingress ?? []) {
      for (const p of s.body.spec?.ports ?? []) {
        const k = `${ing.ip}:${p.port}/${p.protocol ?? "TCP"}`;
        if (seenVip.has(k)) out.push(`VIP ${k} shown by ${seenVip.get(k)} and ${key(s)}`);
        seenVip.set(k, key(s));
      }
      if (!vipRows.some((r) => r.address === ing.ip)) out.push(`VIP ${ing.ip} of ${key(s)} not allocated`);
    }
  }
  const live = new Set(svcs.map(key));
  for (const r of ca) if (!live.has(`${r.clusterId}:${r.ownerNamespace}/${r.ownerName}`)) out.push(`ClusterIP ${r.address} still held by deleted Service ${r.ownerNamespace}/${r.ownerName}`);
  for (const r of pa) if (!live.has(`${r.clusterId}:${r.ownerNamespace}/${r.ownerName}`)) out.push(`NodePort ${r.port} still held by deleted Service ${r.ownerNamespace}/${r.ownerName}`);
  for (const r of vipRows) if (!live.has(`${r.clusterId}:${r.ownerName}`)) out.push(`VIP ${r.address} still held by deleted Service ${r.ownerName}`);
  const counts = (await q(`SELECT (SELECT COUNT(*) FROM "Cluster") AS clusters, (SELECT COUNT(*) FROM "NodeVm") AS nodes, (SELECT COUNT(*) FROM "IpAllocation") AS allocations, (SELECT COUNT(*) FROM "KubeObject" WHERE "kind" = 'Service') AS services`))[0];
  console.log(`hammer: afterwards ${JSON.stringify(counts, (_, v) => (typeof v === "bigint" ? Number(v) : v))}`);
  await close();
  return out;
}
