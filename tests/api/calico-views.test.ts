import { beforeAll, describe, expect, it } from "vitest";
import { call, useTempDatabase } from "./helpers";

useTempDatabase();
const apply = await import("@/app/api/clusters/[name]/apply/route");
const policies = await import("@/app/api/clusters/[name]/policies/route");
const { db } = await import("@/lib/db/client");
const { seedDemo } = await import("@/lib/db/seed");

/** The platform tier of the demo shop: web may not reach the data namespace; the rest is passed to the default tier. */
export const PLATFORM = `apiVersion: projectcalico.org/v3
kind: Tier
metadata: {name: platform}
spec: {order: 100}
---
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: {name: platform.no-web-to-data}
spec:
  tier: platform
  order: 10
  selector: projectcalico.org/namespace == 'data'
  ingress:
    - action: Deny
      protocol: TCP
      source: {namespaceSelector: "team == 'shop'", selector: "tier == 'web'"}
    - action: Pass
`;

describe("Calico policies in the Policies view", () => {
  beforeAll(async () => {
    await seedDemo(db());
    const r = await call(apply.POST, { params: { name: "shopcalico" }, body: PLATFORM, headers: { "content-type": "application/yaml" } });
    expect(r.status).toBe(200);
  });

  it("lists the tiers in order, each policy with its order, selected pods and rules, and the k8s policies at 1000 in default", async () => {
    const r = await call(policies.GET, { params: { name: "shopcalico" } });
    expect(r.status).toBe(200);
    const tiers = r.body.calico as { name: string; order: number | null; defaultAction: string; policies: { key: string; kind: string; order: number | null; selectedPods: string[]; ingress: { action: string }[] }[] }[];
    expect(tiers.map((t) => t.name)).toEqual(["platform", "default"]);
    const gnp = tiers[0].policies[0];
    expect(gnp).toMatchObject({ key: "platform.no-web-to-data", kind: "GlobalNetworkPolicy", order: 10 });
    expect(gnp.ingress.map((x) => x.action)).toEqual(["Deny", "Pass"]);
    expect(gnp.selectedPods.length).toBeGreaterThan(0);
    expect(gnp.selectedPods.every((p) => p.startsWith("data/"))).toBe(true);
    expect(tiers[1].policies.length).toBe(r.body.policies.length);
    expect(tiers[1].policies.every((p) => p.kind === "KubernetesNetworkPolicy" && p.order === 1000)).toBe(true);
    // the Kubernetes list is unchanged beside it, its peers carry their parts for the words in either language
    expect(r.body.policies.flatMap((p: { ingress: { peers: { words: { kind: string } }[] }[] }) => p.ingress.flatMap((x) => x.peers.map((y) => y.words.kind))).length).toBeGreaterThan(0);
  });

  it("the Flannel cluster lists them too (as Calico would run them) when it holds them", async () => {
    const none = await call(policies.GET, { params: { name: "shopflannel" } });
    expect(none.body.calico).toEqual([]);
    await call(apply.POST, { params: { name: "shopflannel" }, body: PLATFORM, headers: { "content-type": "application/yaml" } });
    const r = await call(policies.GET, { params: { name: "shopflannel" } });
    expect(r.body.enforced).toBe(false);
    expect(r.body.calico.map((t: { name: string }) => t.name)).toEqual(["platform", "default"]);
  });
});
