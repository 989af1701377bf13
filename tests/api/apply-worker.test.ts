/**
 * Large applies are parsed and validated in a worker thread (lib/db/parse-pool.ts): the same answers as the inline
 * path (errors with the same document, line and field path; allocation problems found after the worker with the
 * right line), and an abandoned client still rolls the apply back. HCINET_PARSE_WORKER_BYTES moves the threshold:
 * small here so the inputs stay quick; 0 forces the inline path for the comparison.
 */
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { call, tokenFor, useTempDatabase } from "./helpers";

useTempDatabase();
const networks = await import("@/app/api/networks/route");
const clusters = await import("@/app/api/clusters/route");
const apply = await import("@/app/api/clusters/[name]/apply/route");
const { db } = await import("@/lib/db/client");
const { parsePool } = await import("@/lib/db/parse-pool");

const net = {
  name: "wknet",
  vswitchName: "extSwitch",
  ipAddressPrefix: "10.41.0.0/24",
  gateway: "10.41.0.1",
  dnsServers: ["10.41.0.1"],
  k8sNodeIpPoolStart: "10.41.0.10",
  k8sNodeIpPoolEnd: "10.41.0.99",
  vipPoolStart: "10.41.0.200",
  vipPoolEnd: "10.41.0.250",
};

const WORKER = "4096"; // characters: every input below is larger
const setThreshold = (v: string) => (process.env.HCINET_PARSE_WORKER_BYTES = v);
afterEach(() => delete process.env.HCINET_PARSE_WORKER_BYTES);

const post = (body: string, type = "application/yaml", query = "") =>
  call(apply.POST, { path: `/api/clusters/wk/apply${query}`, params: { name: "wk" }, body, headers: { "content-type": type } });
const configMaps = (n: number, prefix: string) =>
  Array.from({ length: n }, (_, i) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${prefix}${i}\n  namespace: default\ndata:\n  k: v${i}`).join("\n---\n");

/** The same input through the worker and inline: both answers, and how many checks the worker ran. */
async function both(body: string, type = "application/yaml", query = "") {
  const checks = parsePool().stats.checks;
  setThreshold(WORKER);
  const viaWorker = await post(body, type, query);
  const ran = parsePool().stats.checks - checks;
  setThreshold("0");
  const inline = await post(body, type, query);
  return { viaWorker, inline, ran };
}

describe("apply checked in a worker thread", () => {
  beforeAll(async () => {
    expect((await call(networks.POST, { json: net })).status).toBe(201);
    expect((await call(clusters.POST, { json: { name: "wk", vnet: "wknet", nodePools: [{ name: "pool", count: 1 }] } })).status).toBe(201);
  });

  it("applies a large YAML input checked in the worker, and stores every object", async () => {
    const checks = parsePool().stats.checks;
    setThreshold(WORKER);
    const r = await post(configMaps(300, "big"));
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(parsePool().stats.checks).toBe(checks + 1);
    expect(r.body.results).toHaveLength(300);
    expect(await db().kubeObject.count({ where: { cluster: { name: "wk" }, name: { startsWith: "big" } } })).toBe(300);
    // the documents come back in batches of 500: a List of 1,200 (JSON) crosses several
    const list = JSON.stringify({ apiVersion: "v1", kind: "List", items: Array.from({ length: 1200 }, (_, i) => ({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: `json${i}`, namespace: "default" }, data: { k: `${i}` } })) });
    const j = await post(list, "application/json");
    expect(j.status, JSON.stringify(j.body)).toBe(200);
    expect(j.body.results.map((x: { name: string }) => x.name)).toEqual(Array.from({ length: 1200 }, (_, i) => `json${i}`));
  });

  it("reports the same validation errors (document, line, field) as the inline path, for YAML and JSON", async () => {
    const bad = configMaps(200, "v") + "\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  namespace: default\nspec:\n  ports:\n  - port: 70000\n" + "\n---\n" + configMaps(3, "w");
    const y = await both(bad);
    expect(y.ran).toBe(1);
    expect(y.viaWorker.status).toBe(422);
    expect(y.viaWorker.body).toEqual(y.inline.body);
    const field = y.viaWorker.body.error.fields.find((f: { path: string }) => f.path === "spec.ports[0].port");
    expect(field).toMatchObject({ document: 201, line: 1608 });

    // a JSON List with a broken item (structural) and a duplicate
    const items: unknown[] = Array.from({ length: 300 }, (_, i) => ({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: `j${i}`, namespace: "default" } }));
    items[120] = { apiVersion: "v1", kind: "ConfigMap", metadata: { namespace: "default" } };
    items[250] = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "j3", namespace: "default" } };
    const j = await both(JSON.stringify({ apiVersion: "v1", kind: "List", items }, null, 1), "application/json");
    expect(j.ran).toBe(1);
    expect(j.viaWorker.status).toBe(422);
    expect(j.viaWorker.body).toEqual(j.inline.body);
    expect(j.viaWorker.body.error.fields[0]).toMatchObject({ document: 121, path: "metadata.name" });
    expect(j.viaWorker.body.error.fields[0].line).toBeGreaterThan(1);
  });

  it("answers the caps the same way (objects per apply, replicas with their line)", async () => {
    const before = process.env.HCINET_MAX_APPLY_DOCUMENTS;
    process.env.HCINET_MAX_APPLY_DOCUMENTS = "100"; // read per request and passed to the worker
    try {
      const over = await both(configMaps(150, "cap"));
      expect(over.ran).toBe(1);
      expect(over.viaWorker.status).toBe(422);
      expect(over.viaWorker.body).toEqual(over.inline.body);
      expect(over.viaWorker.body.error.details).toEqual({ limit: "documentsPerApply", max: 100 });
    } finally {
      if (before === undefined) delete process.env.HCINET_MAX_APPLY_DOCUMENTS;
      else process.env.HCINET_MAX_APPLY_DOCUMENTS = before;
    }
    const deploy = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: huge\n  namespace: default\nspec:\n  replicas: 9000\n  selector:\n    matchLabels: {app: huge}\n  template:\n    metadata:\n      labels: {app: huge}\n    spec:\n      containers:\n      - name: c\n        image: nginx\n";
    const r = await both(configMaps(100, "rep") + "\n---\n" + deploy);
    expect(r.viaWorker.status).toBe(422);
    expect(r.viaWorker.body).toEqual(r.inline.body);
    expect(r.viaWorker.body.error.fields[0]).toMatchObject({ document: 101, line: 807, path: "spec.replicas" });
  });

  it("gives problems found after the worker (a missing namespace) the line the inline path gives", async () => {
    const body = configMaps(200, "ns") + "\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: lost\n  namespace: nowhere\ndata:\n  k: v\n";
    const r = await both(body);
    expect(r.ran).toBe(1);
    expect(r.viaWorker.status).toBe(422);
    expect(r.viaWorker.body).toEqual(r.inline.body);
    expect(r.viaWorker.body.error.fields[0]).toMatchObject({ document: 201, line: 1605, path: "metadata.namespace" });
  });

  it("an abandoned apply ends its worker, answers 499 and writes nothing; the pool serves the next apply", async () => {
    setThreshold(WORKER);
    const terminated = parsePool().stats.terminated;
    const ac = new AbortController();
    const req = new Request("http://test.local/api/clusters/wk/apply", {
      method: "POST",
      headers: { "content-type": "application/yaml", authorization: `Bearer ${await tokenFor("admin")}` },
      body: configMaps(20000, "gone"), // seconds of YAML parsing in the worker: the abort comes first
      signal: ac.signal,
    });
    const pending = apply.POST(req, { params: Promise.resolve({ name: "wk" }) });
    setTimeout(() => ac.abort(), 150);
    const res = await pending;
    expect(res.status).toBe(499);
    expect((await res.json()).error.code).toBe("store_cancelled");
    expect(parsePool().stats.terminated).toBe(terminated + 1);
    expect(await db().kubeObject.count({ where: { name: { startsWith: "gone" } } })).toBe(0);
    const next = await post(configMaps(300, "after"));
    expect(next.status).toBe(200);
  }, 60_000);
});
