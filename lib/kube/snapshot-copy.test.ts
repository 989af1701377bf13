import { describe, expect, it } from "vitest";
import { syntheticTopology } from "../../bench/lib/synthetic-topology";
import { fixtureSnapshot } from "../topology/fixture.test-helper";
import { snapshotFromObjects } from "./snapshot";
import type { KubeObject } from "./types";

function deepFreeze<T>(v: T): T {
  if (v && typeof v === "object" && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const x of Object.values(v as object)) deepFreeze(x);
  }
  return v;
}

/** Every object a snapshot was built from, as flat input again (namespaces, nodes as Node objects, the rest). */
function objectsOf(s: ReturnType<typeof fixtureSnapshot>): KubeObject[] {
  return [...s.namespaces, ...s.pods, ...s.services, ...s.ingresses, ...s.networkPolicies, ...s.others] as KubeObject[];
}

describe("snapshotFromObjects copy: shallow", () => {
  it("equals the deep copy and never modifies its (frozen) input, on the fixture and a synthetic 1,000-pod cluster", () => {
    for (const [objects, nodes] of [
      [objectsOf(fixtureSnapshot()), fixtureSnapshot().nodes],
      [objectsOf(syntheticTopology(1000).snapshot), syntheticTopology(1000).snapshot.nodes],
    ] as const) {
      const input = deepFreeze(structuredClone(objects));
      const deep = snapshotFromObjects(input, { name: "x", nodes: structuredClone(nodes) });
      const shallow = snapshotFromObjects(input, { name: "x", nodes: structuredClone(nodes), copy: "shallow" });
      expect(shallow).toEqual(deep);
      expect(shallow.pods.length).toBeGreaterThan(3);
      // objects without a namespace get `default` and Namespaces their name label: on copies, not on the input
      expect(input).toEqual(objects);
    }
  });
  it("a namespaced object without a namespace: the copy gets `default`, the input keeps none", () => {
    const pod = deepFreeze({ apiVersion: "v1", kind: "Pod", metadata: { name: "p" }, spec: { containers: [] } } as KubeObject);
    const s = snapshotFromObjects([pod], { copy: "shallow" });
    expect(s.pods[0].metadata.namespace).toBe("default");
    expect(pod.metadata.namespace).toBeUndefined();
    expect(s.pods[0].spec).toBe(pod.spec); // shared, not copied
  });
});
