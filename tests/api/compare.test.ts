import { beforeAll, describe, expect, it } from "vitest";
import { call, useTempDatabase } from "./helpers";

useTempDatabase();
const compare = await import("@/app/api/clusters/[name]/compare/route");
const report = await import("@/app/api/clusters/[name]/compare/report/route");
const graphSvg = await import("@/app/api/clusters/[name]/compare/graph.svg/route");
const analysis = await import("@/app/api/analysis/compare/route");
const reach = await import("@/app/api/clusters/[name]/reachability/route");
const { db } = await import("@/lib/db/client");
const { seedDemo } = await import("@/lib/db/seed");

const UPLOAD = `apiVersion: v1
kind: Namespace
metadata: {name: x}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: x}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: web, image: nginx, ports: [{name: http, containerPort: 80}]}]}
---
apiVersion: v1
kind: Pod
metadata: {name: db, namespace: x, labels: {app: db}}
spec: {containers: [{name: db, image: pg, ports: [{containerPort: 5432}]}]}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: db-from-nobody, namespace: x}
spec:
  podSelector: {matchLabels: {app: db}}
  policyTypes: [Ingress]
`;

describe("compare API", () => {
  beforeAll(async () => {
    await seedDemo(db());
  });

  it("a stored cluster: the diff is exactly the engine's Flannel and Calico matrices compared cell by cell", async () => {
    const r = await call(compare.GET, { path: "/api/clusters/shopcalico/compare", params: { name: "shopcalico" } });
    expect(r.status).toBe(200);
    expect(r.body.current).toBe("calico");
    expect(r.body.diff.ports).toEqual(expect.arrayContaining(["53/UDP", "80/TCP", "5432/TCP", "8080/TCP"])); // kube-system's ports too
    expect(r.body.recommendation.plugin).toBe("calico");
    for (const port of r.body.diff.ports as string[]) {
      const q = `/api/clusters/shopcalico/reachability?port=${port}`;
      const calico = await call(reach.GET, { path: `${q}&plugin=calico`, params: { name: "shopcalico" } });
      const flannel = await call(reach.GET, { path: `${q}&plugin=flannel`, params: { name: "shopcalico" } });
      const expected: string[] = [];
      calico.body.pods.forEach((from: string, i: number) =>
        calico.body.pods.forEach((to: string, j: number) => {
          if (flannel.body.matrices[port][i][j] && !calico.body.matrices[port][i][j]) expected.push(`${from} ${to}`);
        }),
      );
      const actual = (r.body.diff.groups as { cells: { from: string; to: string; port: string }[] }[]).flatMap((g) => g.cells.filter((c) => c.port === port).map((c) => `${c.from} ${c.to}`));
      // every listed cell is one the engine's matrices differ on (groups list their first 200 cells)
      expect(actual.filter((c) => !expected.includes(c))).toEqual([]);
      expect(r.body.diff.perPort.find((p: { port: string }) => p.port === port).changed).toBe(expected.length);
    }
    expect(r.body.diff.total).toBeGreaterThan(0);
    expect(r.body.diff.groups.reduce((a: number, g: { count: number }) => a + g.count, 0)).toBe(r.body.diff.total);
  });

  it("?port= narrows the comparison; errors name the field or the limit", async () => {
    const one = await call(compare.GET, { path: "/api/clusters/shopcalico/compare?port=5432/TCP", params: { name: "shopcalico" } });
    expect(one.status).toBe(200);
    expect(one.body.diff.ports).toEqual(["5432/TCP"]);
    const bad = await call(compare.GET, { path: "/api/clusters/shopcalico/compare?port=99999", params: { name: "shopcalico" } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields[0].path).toBe("port");
    const many = Array.from({ length: 17 }, (_, i) => `port=${1000 + i}`).join("&");
    const over = await call(compare.GET, { path: `/api/clusters/shopcalico/compare?${many}`, params: { name: "shopcalico" } });
    expect(over.status).toBe(422);
    expect(over.body.error.fields[0].path).toBe("port");
    expect(over.body.error.message).toMatch(/limit of 16/);
    const missing = await call(compare.GET, { path: "/api/clusters/nosuch/compare", params: { name: "nosuch" } });
    expect(missing.status).toBe(404);
  });

  it("the review report downloads as Markdown, in English or Japanese", async () => {
    const r = await call(report.GET, { path: "/api/clusters/shopcalico/compare/report", params: { name: "shopcalico" } });
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toMatch(/^text\/markdown/);
    expect(r.headers.get("content-disposition")).toMatch(/^attachment; filename="hcinet-plugin-review-shopcalico-\d{4}-\d{2}-\d{2}\.md"$/);
    expect(r.text).toContain("# Network plugin review: shopcalico");
    expect(r.text).toContain("**Recommended for a new cluster: Calico**");
    const ja = await call(report.GET, { path: "/api/clusters/shopcalico/compare/report?lang=ja", params: { name: "shopcalico" } });
    expect(ja.text).toContain("# ネットワーク プラグインのレビュー: shopcalico");
  });

  it("the report carries its picture: an SVG data URI in the Markdown, the same SVG as a file", async () => {
    const r = await call(report.GET, { path: "/api/clusters/shopcalico/compare/report", params: { name: "shopcalico" } });
    const m = /!\[Graph of the workloads of shopcalico[^\]]*\]\(data:image\/svg\+xml;base64,([A-Za-z0-9+/=]+)\)/.exec(r.text);
    expect(m).not.toBeNull();
    const embedded = Buffer.from(m![1], "base64").toString("utf8");
    const file = await call(graphSvg.GET, { path: "/api/clusters/shopcalico/compare/graph.svg", params: { name: "shopcalico" } });
    expect(file.status).toBe(200);
    expect(file.headers.get("content-type")).toMatch(/^image\/svg\+xml/);
    expect(file.headers.get("content-disposition")).toBe('attachment; filename="hcinet-plugin-diff-shopcalico.svg"');
    expect(file.text).toBe(embedded);
    expect(file.text).toMatch(/<line [^>]*stroke="#dc2626"/);
    const c = await call(compare.GET, { path: "/api/clusters/shopcalico/compare", params: { name: "shopcalico" } });
    expect(c.body.graph.edges.reduce((a: number, e: { count: number }) => a + e.count, 0)).toBe(c.body.diff.total);
  });

  it("uploaded manifests (YAML or JSON): workloads become pods, the policy's denials are the diff", async () => {
    const r = await call(analysis.POST, { path: "/api/analysis/compare?plugin=flannel", body: UPLOAD, headers: { "content-type": "application/yaml" } });
    expect(r.status).toBe(200);
    expect(r.body.current).toBe("flannel");
    expect(r.body.diff.ports).toEqual(["80/TCP", "5432/TCP"]);
    expect(r.body.diff.groups).toHaveLength(1);
    expect(r.body.diff.groups[0].ingress).toEqual(["x/db-from-nobody"]);
    expect(r.body.diff.total).toBe(4); // web ×2 → db on 80 and 5432
    const j = await call(analysis.POST, { json: { manifests: UPLOAD, ports: ["5432/TCP"], name: "mine" } });
    expect(j.status).toBe(200);
    expect(j.body.cluster).toBe("mine");
    expect(j.body.diff.total).toBe(2);
    const md = await call(analysis.POST, { path: "/api/analysis/compare?format=markdown&lang=en", body: UPLOAD, headers: { "content-type": "application/yaml" } });
    expect(md.headers.get("content-type")).toMatch(/^text\/markdown/);
    expect(md.text).toContain("denied on ingress by x/db-from-nobody");
  });

  it("bad uploads: 422 naming document and line, 400 for a bad body", async () => {
    const bad = await call(analysis.POST, { path: "/api/analysis/compare", body: UPLOAD.replace("policyTypes: [Ingress]", "policyTypes: [Sideways]"), headers: { "content-type": "application/yaml" } });
    expect(bad.status).toBe(422);
    expect(bad.body.error.fields[0]).toMatchObject({ document: 4 });
    const empty = await call(analysis.POST, { json: { manifests: "" } });
    expect(empty.status).toBe(400);
    expect(empty.body.error.fields[0].path).toBe("manifests");
    const port = await call(analysis.POST, { json: { manifests: UPLOAD, ports: ["http"] } });
    expect(port.status).toBe(400);
    expect(port.body.error.fields[0].path).toBe("ports");
  });

  it("over 5,000 pods (comparePods) the comparison is refused with 422 naming the limit, before any matrix is built", async () => {
    const deployment = (name: string, replicas: number) =>
      `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}, namespace: big}\nspec:\n  replicas: ${replicas}\n  selector: {matchLabels: {app: ${name}}}\n  template:\n    metadata: {labels: {app: ${name}}}\n    spec: {containers: [{name: c, image: nginx, ports: [{containerPort: 80}]}]}`;
    const over = [deployment("a", 2500), deployment("b", 2501)].join("\n---\n");
    const r = await call(analysis.POST, { json: { manifests: over, name: "big" } });
    expect(r.status).toBe(422);
    expect(r.body.error.message).toBe("pods: 5001 is over the limit of 5000 per comparison");
    expect(r.body.error.fields).toEqual([{ path: "pods", message: "at most 5000 pods per comparison" }]);
    expect(r.body.error.details).toEqual({ limit: "pods", max: 5000, value: 5001 });
    // at the limit it is compared
    const at = await call(analysis.POST, { json: { manifests: [deployment("a", 2500), deployment("b", 2500)].join("\n---\n"), name: "big" } });
    expect(at.status).toBe(200);
    expect(at.body.diff.pods).toHaveLength(5000);
  });
});
