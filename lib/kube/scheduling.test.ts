/**
 * Scheduling corrections of issue 11. Sources: Kubernetes "Assigning Pods to Nodes" (nodeSelector on the well-known
 * label kubernetes.io/os), "Taints and Tolerations" (matching rules, NoSchedule / PreferNoSchedule / NoExecute),
 * "Windows containers in Kubernetes" / "Guide for scheduling Windows containers" (without a nodeSelector or taints the
 * scheduler may place Linux pods on Windows nodes, where they cannot run); fact sheet §2.2 (New-AksHciNodePool -taints).
 */
import { describe, expect, it } from "vitest";
import type { KubeObject, SnapshotNode } from "./types";
import { eligibleNodes, expandWorkload, podOs, tolerates, wrongOsReason } from "./workloads";

const node = (name: string, role: SnapshotNode["role"], osType: SnapshotNode["osType"], extra: Partial<SnapshotNode> = {}): SnapshotNode => ({
  name,
  role,
  osType,
  ipAddress: `172.16.10.${name.length}`,
  podCidrs: [],
  labels: {},
  ...extra,
});

const NODES = [node("cp", "controlplane", "Linux"), node("lin1", "worker", "Linux"), node("win1", "worker", "Windows")];

const deployment = (podSpec: Record<string, unknown>, replicas = 4): KubeObject => ({
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name: "web", namespace: "default" },
  spec: { replicas, selector: { matchLabels: { app: "web" } }, template: { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "c", image: "nginx" }], ...podSpec } } },
});

const ip = () => {
  let n = 1;
  return () => `10.244.0.${n++}`;
};

describe("scheduling by kubernetes.io/os (Assigning Pods to Nodes: nodeSelector)", () => {
  it("a linux nodeSelector keeps every pod off the Windows node; all run and are ready", () => {
    const { pods } = expandWorkload(deployment({ nodeSelector: { "kubernetes.io/os": "linux" } }), NODES, { assignPodIp: ip() });
    expect(pods.map((p) => p.spec.nodeName)).toEqual(["lin1", "lin1", "lin1", "lin1"]);
    expect(pods.every((p) => p.status?.phase === "Running")).toBe(true);
  });

  it("without an OS selector the scheduler may use the Windows node — those pods are NOT shown ready, with the reason (the issue's observation)", () => {
    const { pods } = expandWorkload(deployment({}), NODES, { assignPodIp: ip() });
    const onWindows = pods.filter((p) => p.spec.nodeName === "win1");
    expect(onWindows.length).toBeGreaterThan(0);
    for (const p of onWindows) {
      expect(p.status?.phase).toBe("Pending");
      const ready = p.status?.conditions?.find((c) => c.type === "Ready");
      expect(ready).toMatchObject({ status: "False", reason: "WrongNodeOS" });
      expect(ready?.message).toContain("no kubernetes.io/os nodeSelector");
    }
    for (const p of pods.filter((p) => p.spec.nodeName === "lin1")) expect(p.status?.phase).toBe("Running");
  });

  it("a Windows workload (nodeSelector windows) runs on the Windows node; spec.os.name is honoured in the check", () => {
    const { pods } = expandWorkload(deployment({ nodeSelector: { "kubernetes.io/os": "windows" } }, 2), NODES, { assignPodIp: ip() });
    expect(pods.map((p) => [p.spec.nodeName, p.status?.phase])).toEqual([["win1", "Running"], ["win1", "Running"]]);
    expect(podOs({ containers: [], os: { name: "windows" } })).toBe("windows");
    expect(wrongOsReason({ containers: [], os: { name: "windows" } }, NODES[1])).toContain("spec.os.name");
    expect(wrongOsReason({ containers: [] }, NODES[1])).toBeNull();
  });
});

describe("taints and tolerations (Taints and Tolerations)", () => {
  const tainted = [node("lin1", "worker", "Linux"), node("win1", "worker", "Windows", { taints: [{ key: "sku", value: "Windows", effect: "NoSchedule" }] })];

  it("a NoSchedule taint on the Windows pool keeps untolerating pods off it (AksHci: New-AksHciNodePool -taints)", () => {
    const { pods } = expandWorkload(deployment({}), tainted, { assignPodIp: ip() });
    expect(new Set(pods.map((p) => p.spec.nodeName))).toEqual(new Set(["lin1"]));
    expect(pods.every((p) => p.status?.phase === "Running")).toBe(true);
  });

  it("a matching toleration (Equal value, or Exists) lets the pod onto the tainted node; the scheduler message names the taint otherwise", () => {
    const win = { nodeSelector: { "kubernetes.io/os": "windows" } };
    const blocked = expandWorkload(deployment(win, 1), tainted, { assignPodIp: ip() }).pods[0];
    expect(blocked.status?.conditions?.[0]).toMatchObject({ reason: "Unschedulable" });
    expect(blocked.status?.conditions?.[0].message).toBe("0/2 nodes are available: 1 node(s) didn't match Pod's node affinity/selector, 1 node(s) had untolerated taint {sku: Windows}.");
    for (const t of [{ key: "sku", operator: "Equal", value: "Windows", effect: "NoSchedule" }, { key: "sku", operator: "Exists" }, { operator: "Exists" }]) {
      expect(eligibleNodes({ containers: [], ...win, tolerations: [t] }, tainted).map((n) => n.name)).toEqual(["win1"]);
    }
    expect(tolerates({ key: "sku", value: "Linux", effect: "NoSchedule" }, { key: "sku", value: "Windows", effect: "NoSchedule" })).toBe(false);
    expect(tolerates({ key: "sku", operator: "Exists", effect: "NoExecute" }, { key: "sku", value: "Windows", effect: "NoSchedule" })).toBe(false);
  });

  it("PreferNoSchedule does not exclude; the control-plane taint still does unless tolerated", () => {
    const soft = [node("lin1", "worker", "Linux", { taints: [{ key: "x", effect: "PreferNoSchedule" }] }), node("cp", "controlplane", "Linux")];
    expect(eligibleNodes({ containers: [] }, soft).map((n) => n.name)).toEqual(["lin1"]);
    expect(eligibleNodes({ containers: [], tolerations: [{ key: "node-role.kubernetes.io/control-plane", operator: "Exists", effect: "NoSchedule" }] }, soft).map((n) => n.name)).toEqual(["lin1", "cp"]);
  });
});
