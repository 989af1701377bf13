/** Bounded work: each cap answers 422 naming the limit before doing the work; an abandoned apply is never committed. */
import { beforeAll, describe, expect, it } from "vitest";
import { call, useTempDatabase, tokenFor } from "./helpers";

useTempDatabase();
const networks = await import("@/app/api/networks/route");
const clusters = await import("@/app/api/clusters/route");
const nodepools = await import("@/app/api/clusters/[name]/nodepools/route");
const apply = await import("@/app/api/clusters/[name]/apply/route");
const stateless = await import("@/app/api/analysis/reachability/route");
const { db } = await import("@/lib/db/client");

const net = {
  name: "capnet",
  vswitchName: "extSwitch",
  ipAddressPrefix: "10.40.0.0/24",
  gateway: "10.40.0.1",
  dnsServers: ["10.40.0.1"],
  k8sNodeIpPoolStart: "10.40.0.10",
  k8sNodeIpPoolEnd: "10.40.0.99",
  vipPoolStart: "10.40.0.200",
  vipPoolEnd: "10.40.0.250",
};

const applyYaml = (body: string, query = "") =>
  call(apply.POST, { path: `/api/clusters/capped/apply${query}`, params: { name: "capped" }, body, headers: { "content-type": "application/yaml" } });
const configMaps = (n: number, prefix = "cm") =>
  Array.from({ length: n }, (_, i) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${prefix}${i}, namespace: default}\ndata: {k: v}`).join("\n---\n");
const objectCount = () => db().kubeObject.count({ where: { cluster: { name: "capped" } } });

function withEnv(name: string, value: string) {
  const before = process.env[name];
  process.env[name] = value;
  return () => (before === undefined ? delete process.env[name] : (process.env[name] = before));
}

describe("caps", () => {
  beforeAll(async () => {
    expect((await call(networks.POST, { json: net })).status).toBe(201);
    expect((await call(clusters.POST, { json: { name: "capped", vnet: "capnet", nodePools: [{ name: "pool", count: 1 }] } })).status).toBe(201);
  });

  it("documents per apply: 422 naming the limit, nothing applied", async () => {
    const restore = withEnv("HCINET_MAX_APPLY_DOCUMENTS", "5");
    try {
      const before = await objectCount();
      const r = await applyYaml(configMaps(6));
      expect(r.status).toBe(422);
      expect(r.body.error.message).toMatch(/6 is over the limit of 5 \(documentsPerApply; set HCINET_MAX_APPLY_DOCUMENTS/);
      expect(r.body.error.details).toEqual({ limit: "documentsPerApply", max: 5 });
      expect(await objectCount()).toBe(before);
      expect((await applyYaml(configMaps(5))).status).toBe(200);
    } finally {
      restore();
    }
  });

  it("replicas per workload: 422 at spec.replicas with its line, also in a dry run", async () => {
    const deploy = (replicas: number) =>
      `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: huge, namespace: default}\nspec:\n  replicas: ${replicas}\n  selector: {matchLabels: {app: huge}}\n  template:\n    metadata: {labels: {app: huge}}\n    spec: {containers: [{name: c, image: x}]}`;
    for (const q of ["", "?dryRun=true"]) {
      const r = await applyYaml(deploy(1_000_000), q);
      expect(r.status).toBe(422);
      expect(r.body.error.details.limit).toBe("replicasPerWorkload");
      expect(r.body.error.fields[0]).toMatchObject({ path: "spec.replicas", document: 1, line: 5 });
    }
    expect((await applyYaml(deploy(3), "?dryRun=true")).status).toBe(200);
  });

  it("node pools per cluster: 422 for a create with too many, and for one more pool past the limit", async () => {
    const pools = Array.from({ length: 17 }, (_, i) => ({ name: `p${i}`, count: 0 }));
    const r = await call(clusters.POST, { json: { name: "manypools", vnet: "capnet", nodePools: pools } });
    expect(r.status).toBe(422);
    expect(r.body.error.fields).toContainEqual({
      path: "nodePools",
      message: expect.stringMatching(/17 is over the limit of 16 \(nodePoolsPerCluster/),
      code: "limit.exceeded",
      vars: expect.objectContaining({ got: 17, max: 16, limit: "nodePoolsPerCluster" }),
    });
    const restore = withEnv("HCINET_MAX_NODE_POOLS", "2");
    try {
      const ok = await call(nodepools.POST, { params: { name: "capped" }, json: { name: "second", count: 0 } });
      expect(ok.status).toBe(201);
      const over = await call(nodepools.POST, { params: { name: "capped" }, json: { name: "third", count: 0 } });
      expect(over.status).toBe(422);
      expect(over.body.error.details).toEqual({ limit: "nodePoolsPerCluster", max: 2 });
    } finally {
      restore();
    }
  });

  it("pods per analysis: 422 past the cap; above the JSON size the answer is in bitset form", async () => {
    const pods = (n: number) =>
      ["apiVersion: v1\nkind: Namespace\nmetadata: {name: x}"]
        .concat(Array.from({ length: n }, (_, i) => `apiVersion: v1\nkind: Pod\nmetadata: {name: p${i}, namespace: x, labels: {app: a}}\nspec: {containers: [{name: c, image: x}]}\nstatus: {podIP: 10.244.0.${i + 2}}`))
        .join("\n---\n");
    const post = (body: string, q = "") => call(stateless.POST, { path: `/api/analysis/reachability?port=80${q}`, body, headers: { "content-type": "application/yaml" } });
    const r1 = withEnv("HCINET_MAX_ANALYSIS_PODS", "3");
    const r2 = withEnv("HCINET_REACH_JSON_MAX_PODS", "2");
    try {
      const over = await post(pods(4));
      expect(over.status).toBe(422);
      expect(over.body.error.details).toEqual({ limit: "podsPerAnalysis", max: 3 });
      const small = await post(pods(2));
      expect(small.body.matrices["80/TCP"]).toEqual([[true, true], [true, true]]);
      const big = await post(pods(3));
      expect(big.status).toBe(200);
      expect(big.body.format).toBe("bits");
      expect(big.body.pods).toHaveLength(3);
      // 3 pods, all allowed: one 32-bit word per row with the low three bits set
      const words = new Uint32Array(Uint8Array.from(Buffer.from(big.body.matrices["80/TCP"], "base64")).buffer);
      expect([...words]).toEqual([7, 7, 7]);
      expect((await post(pods(3), "&format=json")).status).toBe(422);
    } finally {
      r1();
      r2();
    }
  });
});

describe("request deadline", () => {
  it("an apply whose client went away is rolled back and never committed later", async () => {
    const before = await objectCount();
    const ac = new AbortController();
    const req = new Request("http://test.local/api/clusters/capped/apply", {
      method: "POST",
      headers: { "content-type": "application/yaml", authorization: `Bearer ${await tokenFor("admin")}` },
      body: configMaps(20000, "gone"), // big enough that the fast write path cannot commit before the abort
      signal: ac.signal,
    });
    const pending = apply.POST(req, { params: Promise.resolve({ name: "capped" }) });
    setTimeout(() => ac.abort(), 150);
    const res = await pending;
    expect(res.status).toBe(499);
    expect((await res.json()).error.code).toBe("store_cancelled");
    await new Promise((r) => setTimeout(r, 500));
    expect(await objectCount()).toBe(before);
    expect(await db().kubeObject.count({ where: { name: { startsWith: "gone" } } })).toBe(0);
    // and the store is free for the next write
    expect((await applyYaml(configMaps(1, "after"))).status).toBe(200);
  });

  it("past the request deadline the apply answers 503 and nothing is committed", async () => {
    const restore = withEnv("HCINET_REQUEST_DEADLINE_MS", "100");
    try {
      const r = await applyYaml(configMaps(20000, "late"));
      expect(r.status, JSON.stringify(r.body)).toBe(503);
      expect(r.body.error.code).toBe("store_deadline");
      await new Promise((res) => setTimeout(res, 300));
      expect(await db().kubeObject.count({ where: { name: { startsWith: "late" } } })).toBe(0);
    } finally {
      restore();
    }
  });
});
