import { describe, expect, it } from "vitest";
import { demoCalico } from "@/lib/trace/fixtures.test-helper";
import { trace } from "@/lib/trace/trace";
import { pathElements, policyLink } from "@/components/traffic/model";

describe("traffic page model", () => {
  const env = demoCalico();
  const fe = env.snapshot.pods.find((p) => p.metadata.labels?.app === "frontend")!;
  const api = env.snapshot.pods.find((p) => p.metadata.labels?.app === "api")!;
  const denied = trace(env, { from: `shop/${api.metadata.name}`, to: `shop/${fe.metadata.name}:8080` });

  it("one numbered node per hop, left to right, edges between consecutive hops; the dropped hop is marked", () => {
    const r = trace(env, { from: "external", to: "shop.contoso.com/api" });
    const els = pathElements(r, (k) => k);
    const nodes = els.filter((e) => e.group === "nodes");
    expect(nodes).toHaveLength(r.hops.length);
    expect(nodes.map((n) => n.position!.x)).toEqual(r.hops.map((_, i) => i * 150));
    expect(nodes[0].data.label!.startsWith("1. client")).toBe(true);
    expect(els.filter((e) => e.group === "edges")).toHaveLength(r.hops.length - 1);
    expect(nodes[nodes.length - 1].classes).toContain("delivered");
    const d = pathElements(denied, (k) => k).filter((e) => e.group === "nodes");
    expect(d.filter((n) => n.classes.includes("dropped")).map((n) => n.data.n)).toEqual([denied.reason!.hop]);
  });

  it("links a policy drop to the Policies explanation of that pair", () => {
    expect(policyLink("shopcalico", denied)).toBe(`/policies?cluster=shopcalico&port=8080/TCP&from=shop/${api.metadata.name}&to=shop/${fe.metadata.name}`);
    expect(policyLink("shopcalico", trace(env, { from: "external", to: "nothing.contoso.com/" }))).toBeNull();
  });
});
