import { describe, expect, it } from "vitest";
import { syntheticTopology } from "../../bench/lib/synthetic-topology";
import { topologyViewOf, type TopologyViewOptions } from "./cytoscape";
import { fixtureContext, fixtureSnapshot } from "./fixture.test-helper";
import { searchModel } from "./find";
import { topologyGraph } from "./model";
import type { ClusterSnapshot } from "../kube/types";

const drawnIds = (model: ReturnType<typeof topologyGraph>, snapshot: ClusterSnapshot, opts: TopologyViewOptions) =>
  new Set(topologyViewOf(model, snapshot, { ...opts, positions: false }).elements.nodes.map((n) => n.data.id));

describe("searchModel (search into folded namespaces, node VMs and owners)", () => {
  const snapshot = fixtureSnapshot();
  const model = topologyGraph(snapshot, fixtureContext);
  const pods = snapshot.pods.length;

  it("a pod folded into its namespace badge and owner: containers are drawn, expanding draws it", () => {
    const opts: TopologyViewOptions = { aggregate: "namespace" };
    const r = searchModel(model, pods, "web-5d8f-b", opts);
    expect(r.matches[0]).toMatchObject({ id: "pod:shop/web-5d8f-b", kind: "Pod", namespace: "shop", focus: "pod:shop/web-5d8f-b" });
    expect(r.matches[0].containers).toEqual(["namespace:shop", "node:win-1"]);
    expect(r.matches[0].expand).toEqual(["namespace:shop", "owner:shop/Deployment/web"]);
    const before = drawnIds(model, snapshot, opts);
    expect(before.has("pod:shop/web-5d8f-b")).toBe(false);
    for (const c of r.matches[0].containers) expect(before.has(c), c).toBe(true);
    expect(drawnIds(model, snapshot, { ...opts, expand: r.matches[0].expand }).has("pod:shop/web-5d8f-b")).toBe(true);
  });

  it("every pod, Service and Ingress at every level: containers drawn now, the focus drawn after expanding", () => {
    const targets = model.nodes.filter((n) => ["Pod", "Service", "Ingress", "VIP"].includes(n.data.kind));
    expect(targets.length).toBeGreaterThan(8);
    for (const aggregate of ["namespace", "owner", "none"] as const) {
      for (const start of [[], ["namespace:data"], ["node:lin-1"]]) {
        const opts: TopologyViewOptions = { aggregate, expand: start };
        const before = drawnIds(model, snapshot, opts);
        for (const t of targets) {
          const m = searchModel(model, pods, t.data.id, opts).matches.find((x) => x.id === t.data.id);
          expect(m, `${aggregate} ${t.data.id}`).toBeDefined();
          expect(m!.expand.length === 0, `${aggregate} ${start} ${t.data.id}`).toBe(before.has(t.data.id));
          for (const c of m!.containers) expect(before.has(c), `${aggregate} ${t.data.id} in ${c}`).toBe(true);
          const after = drawnIds(model, snapshot, { ...opts, expand: [...start, ...m!.expand] });
          expect(after.has(m!.focus), `${aggregate} ${t.data.id} after ${m!.expand}`).toBe(true);
        }
      }
    }
  });

  it("names, prefixes and filters; the total counts every match, the list is capped", () => {
    const r = searchModel(model, pods, "web", { aggregate: "namespace" });
    expect(r.matches[0].id).toBe("svc:shop/web");
    expect(r.matches.map((m) => m.id)).toContain("pod:shop/web-5d8f-a");
    expect(searchModel(model, pods, "web", { aggregate: "namespace", namespace: "data" }).total).toBe(0);
    expect(searchModel(model, pods, "web", { aggregate: "namespace", kinds: ["Service"] }).matches.every((m) => m.kind === "Service")).toBe(true);
    expect(searchModel(model, pods, "   ", {}).matches).toEqual([]);
    const many = searchModel(model, pods, "s", { limit: 2 });
    expect(many.matches).toHaveLength(2);
    expect(many.total).toBeGreaterThan(2);
  });

  it("a pod past an expanded owner's cap stays folded: focus on the owner", () => {
    const synth = syntheticTopology(2000);
    const big = topologyGraph(synth.snapshot, synth.ctx);
    const owner = big.nodes.find((n) => n.data.kind === "Pod" && typeof n.data.owner === "string" && big.nodes.filter((p) => p.data.owner === n.data.owner).length >= 3)!.data.owner as string;
    const podsOf = big.nodes.filter((p) => p.data.owner === owner).map((p) => p.data.name).sort((a, b) => a.localeCompare(b, "en", { numeric: true }));
    const ns = owner.slice("owner:".length).split("/")[0];
    const opts: TopologyViewOptions = { aggregate: "auto", expand: [`namespace:${ns}`, owner], cap: 1 };
    const last = searchModel(big, synth.snapshot.pods.length, `pod:${ns}/${podsOf[podsOf.length - 1]}`, opts).matches[0];
    expect(last).toMatchObject({ containers: [owner], expand: [], focus: owner });
    const firstPod = searchModel(big, synth.snapshot.pods.length, `pod:${ns}/${podsOf[0]}`, opts).matches[0];
    expect(firstPod).toMatchObject({ containers: [], expand: [] });
  });
});
