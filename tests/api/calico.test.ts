import { beforeAll, describe, expect, it } from "vitest";
import { call, useTempDatabase } from "./helpers";

useTempDatabase();
const apply = await import("@/app/api/clusters/[name]/apply/route");
const reach = await import("@/app/api/clusters/[name]/reachability/route");
const explainRoute = await import("@/app/api/clusters/[name]/reachability/explain/route");
const stateless = await import("@/app/api/analysis/reachability/route");
const compare = await import("@/app/api/clusters/[name]/compare/route");
const { db } = await import("@/lib/db/client");
const { seedDemo } = await import("@/lib/db/seed");

/** A Calico policy on the demo shop: nothing but the api may reach postgres, written the Calico way, ahead of the k8s policies. */
const CALICO = `apiVersion: projectcalico.org/v3
kind: Tier
metadata: {name: platform}
spec: {order: 100}
---
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: {name: platform.no-web-to-data}
spec:
  tier: platform
  selector: projectcalico.org/namespace == 'data'
  ingress:
    - action: Deny
      source: {namespaceSelector: "team == 'shop'", selector: "tier == 'web'"}
    - action: Pass
`;

describe("Calico v3 policies through the API", () => {
  beforeAll(async () => {
    await seedDemo(db());
  });

  it("are validated on apply: a bad selector is a 422 naming the field and line", async () => {
    const bad = CALICO.replace("selector: projectcalico.org/namespace == 'data'", "selector: has (app)");
    const r = await call(apply.POST, { params: { name: "shopcalico" }, body: bad, headers: { "content-type": "application/yaml" } });
    expect(r.status).toBe(422);
    expect(r.body.error.fields[0]).toMatchObject({ document: 2, path: "spec.selector" });
    expect(r.body.error.fields[0].message).toMatch(/has\( must follow has/);
  });

  it("are stored, enforced on the Calico cluster's matrix and explained with tier and rule", async () => {
    const r = await call(apply.POST, { params: { name: "shopcalico" }, body: CALICO, headers: { "content-type": "application/yaml" } });
    expect(r.status).toBe(200);
    const m = await call(reach.GET, { path: "/api/clusters/shopcalico/reachability?port=5432/TCP", params: { name: "shopcalico" } });
    expect(m.status).toBe(200);
    const pods: string[] = m.body.pods;
    const frontend = pods.find((p) => p.startsWith("shop/frontend-"))!;
    const api = pods.find((p) => p.startsWith("shop/api-"))!;
    const postgres = pods.find((p) => p.startsWith("data/postgres-"))!;
    const cell = (a: string, b: string) => m.body.matrices["5432/TCP"][pods.indexOf(a)][pods.indexOf(b)];
    expect(cell(api, postgres)).toBe(true); // passed to the default tier, where the k8s policies admit it
    expect(cell(frontend, postgres)).toBe(false);
    const bits = await call(reach.GET, { path: "/api/clusters/shopcalico/reachability?port=5432/TCP&format=bits", params: { name: "shopcalico" } });
    expect(bits.body.pods).toEqual(pods);
    const e = await call(explainRoute.GET, { path: `/api/clusters/shopcalico/reachability/explain?from=${frontend}&to=${postgres}&port=5432/TCP`, params: { name: "shopcalico" } });
    expect(e.body.allowed).toBe(false);
    expect(e.body.calico.ingress).toMatchObject({ by: "rule", tier: "platform", policy: "platform.no-web-to-data", rule: 0, action: "Deny" });
    const ok = await call(explainRoute.GET, { path: `/api/clusters/shopcalico/reachability/explain?from=${api}&to=${postgres}&port=5432/TCP`, params: { name: "shopcalico" } });
    expect(ok.body.calico.ingress.passed).toEqual([{ tier: "platform", policy: "platform.no-web-to-data", rule: 1 }]);
    expect(ok.body.reason).toContain("allowed by k8s:data/postgres-from-api");
    // Compare counts them among the features Flannel would not enforce
    const c = await call(compare.GET, { path: "/api/clusters/shopcalico/compare?port=5432/TCP", params: { name: "shopcalico" } });
    expect(c.body.lost.find((l: { feature: string }) => l.feature === "calicoPolicy").objects).toEqual(["GlobalNetworkPolicy platform.no-web-to-data", "Tier platform"]);
  });

  it("stateless analysis takes them too", async () => {
    const text = `apiVersion: v1
kind: Pod
metadata: {name: a, namespace: x, labels: {app: a}}
spec: {containers: [{name: c, image: x}]}
status: {podIP: 10.244.0.2}
---
apiVersion: v1
kind: Pod
metadata: {name: b, namespace: x, labels: {app: b}}
spec: {containers: [{name: c, image: x}]}
status: {podIP: 10.244.0.3}
---
apiVersion: projectcalico.org/v3
kind: NetworkPolicy
metadata: {name: b-deny-a, namespace: x}
spec:
  selector: app == 'b'
  ingress: [{action: Deny, source: {selector: "app == 'a'"}}, {action: Allow}]
`;
    const r = await call(stateless.POST, { path: "/api/analysis/reachability?port=80", body: text, headers: { "content-type": "application/yaml" } });
    expect(r.status).toBe(200);
    expect(r.body.matrices["80/TCP"]).toEqual([
      [true, false],
      [true, true],
    ]);
  });
});
