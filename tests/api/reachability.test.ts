import { beforeAll, describe, expect, it } from "vitest";
import { call, useTempDatabase } from "./helpers";

useTempDatabase();
const stateless = await import("@/app/api/analysis/reachability/route");
const reach = await import("@/app/api/clusters/[name]/reachability/route");
const explainRoute = await import("@/app/api/clusters/[name]/reachability/explain/route");
const policies = await import("@/app/api/clusters/[name]/policies/route");
const { db } = await import("@/lib/db/client");
const { seedDemo } = await import("@/lib/db/seed");

const podYaml = (ns: string, name: string, app: string, ip: string) =>
  `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}, namespace: ${ns}, labels: {app: ${app}}}\nspec:\n  containers: [{name: c, image: x, ports: [{name: http, containerPort: 80}]}]\nstatus: {podIP: ${ip}}\n`;
const FILE = [
  "apiVersion: v1\nkind: Namespace\nmetadata: {name: x}\n",
  podYaml("x", "a", "a", "10.244.0.2"),
  podYaml("x", "b", "b", "10.244.0.3"),
  "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: only-a, namespace: x}\nspec:\n  podSelector: {matchLabels: {app: b}}\n  ingress:\n    - from: [{podSelector: {matchLabels: {app: a}}}]\n      ports: [{port: http}]\n",
].join("---\n");

describe("reachability API", () => {
  beforeAll(async () => {
    await seedDemo(db());
  });

  it("stateless POST with YAML answers the CLI's JSON shape", async () => {
    const r = await call(stateless.POST, { path: "/api/analysis/reachability?port=80/TCP&port=81", body: FILE, headers: { "content-type": "application/yaml" } });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ plugin: "calico", pods: ["x/a", "x/b"], matrices: { "80/TCP": [[true, true], [true, true]], "81/TCP": [[true, false], [true, true]] } });
    // x/b is isolated for ingress and admits x/a on its named port http (80) only; x/a is selected by no policy
  });

  it("stateless POST with JSON and flannel: everything allowed", async () => {
    const r = await call(stateless.POST, { json: { manifests: FILE, ports: ["80/TCP"], plugin: "flannel" } });
    expect(r.status).toBe(200);
    expect(r.body.plugin).toBe("flannel");
    expect(r.body.matrices["80/TCP"]).toEqual([[true, true], [true, true]]);
  });

  it("invalid manifests → 422 naming document, line and field; bad port → 400", async () => {
    const bad = FILE.replace("ports: [{port: http}]", "ports: [{port: http, protocol: ICMP}]");
    const r = await call(stateless.POST, { path: "/api/analysis/reachability?port=80", body: bad, headers: { "content-type": "application/yaml" } });
    expect(r.status).toBe(422);
    expect(r.body.error.fields[0]).toMatchObject({ document: 4, path: "spec.ingress[0].ports[0].protocol" });
    expect(r.body.error.fields[0].line).toBeGreaterThan(20);
    const p = await call(stateless.POST, { path: "/api/analysis/reachability?port=99999", body: FILE, headers: { "content-type": "application/yaml" } });
    expect(p.status).toBe(400);
    expect(p.body.error.fields[0].path).toBe("port");
  });

  it("a stored Calico cluster: the demo's default-deny makes frontend → api allowed but api → admin denied", async () => {
    const r = await call(reach.GET, { path: "/api/clusters/shopcalico/reachability?port=8080/TCP", params: { name: "shopcalico" } });
    expect(r.status).toBe(200);
    const idx = (prefix: string) => r.body.pods.findIndex((p: string) => p.startsWith(prefix));
    const m = r.body.matrices["8080/TCP"];
    expect(m[idx("shop/frontend-")][idx("shop/api-")]).toBe(true);
    expect(m[idx("shop/api-")][idx("shop/admin-")]).toBe(false);
    const bits = await call(reach.GET, { path: "/api/clusters/shopcalico/reachability?port=8080/TCP&format=bits", params: { name: "shopcalico" } });
    expect(bits.body.pods).toEqual(r.body.pods);
    expect(typeof bits.body.matrices["8080/TCP"]).toBe("string");
  });

  it("explains a denied connection: isolating policies and no allowing rule", async () => {
    const pods = (await call(reach.GET, { path: "/api/clusters/shopcalico/reachability?port=8080", params: { name: "shopcalico" } })).body.pods as string[];
    const api = pods.find((p) => p.startsWith("shop/api-"))!;
    const admin = pods.find((p) => p.startsWith("shop/admin-"))!;
    const r = await call(explainRoute.GET, { path: `/api/clusters/shopcalico/reachability/explain?from=${api}&to=${admin}&port=8080/TCP`, params: { name: "shopcalico" } });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ allowed: false, enforced: true, ingress: { isolated: true, allowedBy: [] } });
    expect(r.body.ingress.isolatingPolicies).toContain("shop/default-deny-ingress");
    expect(r.body.reason.length).toBeGreaterThan(10);
    const missing = await call(explainRoute.GET, { path: `/api/clusters/shopcalico/reachability/explain?from=${api}&port=80`, params: { name: "shopcalico" } });
    expect(missing.status).toBe(400);
    expect(missing.body.error.fields[0].path).toBe("to");
    const unknown = await call(explainRoute.GET, { path: `/api/clusters/shopcalico/reachability/explain?from=${api}&to=shop/nope&port=80`, params: { name: "shopcalico" } });
    expect(unknown.status).toBe(404);
  });

  it("under Flannel the answer says the policies exist but are not enforced, and what Calico would do", async () => {
    const pods = (await call(reach.GET, { path: "/api/clusters/shopflannel/reachability?port=5432", params: { name: "shopflannel" } })).body;
    const frontend = pods.pods.find((p: string) => p.startsWith("shop/frontend-"));
    const postgres = pods.pods.find((p: string) => p.startsWith("data/postgres-"));
    expect(pods.matrices["5432/TCP"][pods.pods.indexOf(frontend)][pods.pods.indexOf(postgres)]).toBe(true);
    const r = await call(explainRoute.GET, { path: `/api/clusters/shopflannel/reachability/explain?from=${frontend}&to=${postgres}&port=5432`, params: { name: "shopflannel" } });
    expect(r.body).toMatchObject({ allowed: true, enforced: false, wouldBe: false });
    // what-if: the same objects judged as Calico would
    const whatIf = await call(reach.GET, { path: "/api/clusters/shopflannel/reachability?port=5432&plugin=calico", params: { name: "shopflannel" } });
    expect(whatIf.body.plugin).toBe("calico");
    expect(whatIf.body.matrices["5432/TCP"][whatIf.body.pods.indexOf(frontend)][whatIf.body.pods.indexOf(postgres)]).toBe(false);
    expect((await call(reach.GET, { path: "/api/clusters/shopflannel/reachability?port=5432&plugin=cilium", params: { name: "shopflannel" } })).status).toBe(400);
    const p = await call(policies.GET, { params: { name: "shopflannel" } });
    expect(p.body.enforced).toBe(false);
    expect(p.body.policies.map((x: { policy: string }) => x.policy)).toEqual(expect.arrayContaining([expect.stringContaining("postgres-from-api")]));
  });
});
