import { describe, expect, it } from "vitest";
import { deriveEndpoints } from "./endpoints";
import type { KubeObject, Pod, SnapshotNode } from "./types";
import { expandWorkload, expandWorkloads, podTemplateHash, sequentialPodIpAllocator } from "./workloads";

const nodes: SnapshotNode[] = [
  { name: "cp-1", role: "controlplane", osType: "Linux", ipAddress: "192.168.0.10", podCidrs: ["10.244.0.0/24"], labels: {} },
  { name: "lin-b", role: "worker", osType: "Linux", ipAddress: "192.168.0.12", podCidrs: ["10.244.2.0/24"], labels: { "kubernetes.io/os": "linux" } },
  { name: "lin-a", role: "worker", osType: "Linux", ipAddress: "192.168.0.11", podCidrs: ["10.244.1.0/24"], labels: { "kubernetes.io/os": "linux" } },
  { name: "win-1", role: "worker", osType: "Windows", ipAddress: "192.168.0.13", podCidrs: ["10.244.3.0/24"], labels: { "kubernetes.io/os": "windows" } },
  { name: "lb", role: "loadbalancer", osType: "Linux", ipAddress: "192.168.0.14", podCidrs: [], labels: {} },
];

/** Hands out consecutive host addresses of each node's /24. */
function ipam() {
  const next = new Map<string, number>();
  return (nodeName: string) => {
    const node = nodes.find((n) => n.name === nodeName)!;
    const i = next.get(nodeName) ?? 1;
    next.set(nodeName, i + 1);
    return node.podCidrs[0].replace(/0\/24$/, String(i + 1));
  };
}

function deployment(replicas: number, nodeSelector?: Record<string, string>): KubeObject {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "web", namespace: "shop" },
    spec: {
      replicas,
      selector: { matchLabels: { app: "web" } },
      template: {
        metadata: { labels: { app: "web" } },
        spec: { ...(nodeSelector ? { nodeSelector } : {}), containers: [{ name: "web", image: "nginx", ports: [{ name: "http", containerPort: 8080 }] }] },
      },
    },
  };
}

describe("expandWorkload: Deployment", () => {
  const { pods, replicaSet } = expandWorkload(deployment(5), nodes, { assignPodIp: ipam(), seed: "s1" });
  const hash = podTemplateHash((deployment(5).spec as { template: unknown }).template);

  it("creates a ReplicaSet <deployment>-<10-char hash> owned by the Deployment", () => {
    expect(hash).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{10}$/);
    expect(replicaSet!.metadata.name).toBe(`web-${hash}`);
    expect(replicaSet!.metadata.ownerReferences).toMatchObject([{ kind: "Deployment", name: "web", controller: true }]);
    expect((replicaSet!.spec as { selector: unknown }).selector).toEqual({ matchLabels: { app: "web", "pod-template-hash": hash } });
  });

  it("creates replicas pods <rs>-<5 chars> with pod-template-hash, owned by the ReplicaSet", () => {
    expect(pods).toHaveLength(5);
    for (const p of pods) {
      expect(p.metadata.name).toMatch(new RegExp(`^web-${hash}-[bcdfghjklmnpqrstvwxz2456789]{5}$`));
      expect(p.metadata.namespace).toBe("shop");
      expect(p.metadata.labels).toEqual({ app: "web", "pod-template-hash": hash });
      expect(p.metadata.ownerReferences).toMatchObject([{ apiVersion: "apps/v1", kind: "ReplicaSet", name: `web-${hash}`, controller: true }]);
    }
    expect(new Set(pods.map((p) => p.metadata.name)).size).toBe(5);
  });

  it("spreads evenly over worker nodes only, least loaded first with ties by name", () => {
    expect(pods.map((p) => p.spec.nodeName)).toEqual(["lin-a", "lin-b", "win-1", "lin-a", "lin-b"]);
  });

  it("marks placed pods Running and Ready with IPs from the callback and the node's hostIP", () => {
    expect(pods[0].status).toMatchObject({ phase: "Running", podIP: "10.244.1.2", hostIP: "192.168.0.11" });
    expect(pods[3].status?.podIP).toBe("10.244.1.3");
    expect(pods[0].status?.conditions).toContainEqual({ type: "Ready", status: "True" });
  });

  it("is deterministic for a seed and differs between seeds", () => {
    const again = expandWorkload(deployment(5), nodes, { assignPodIp: ipam(), seed: "s1" }).pods.map((p) => p.metadata.name);
    const other = expandWorkload(deployment(5), nodes, { assignPodIp: ipam(), seed: "s2" }).pods.map((p) => p.metadata.name);
    expect(again).toEqual(pods.map((p) => p.metadata.name));
    expect(other).not.toEqual(again);
  });

  it("the pod-template-hash changes with the template", () => {
    const d = deployment(1);
    (d.spec as { template: { spec: { containers: { image: string }[] } } }).template.spec.containers[0].image = "nginx:2";
    expect(expandWorkload(d, nodes).replicaSet!.metadata.name).not.toBe(replicaSet!.metadata.name);
  });

  it("the pods back a Service selecting the template labels", () => {
    const eps = deriveEndpoints(
      [{ apiVersion: "v1", kind: "Service", metadata: { name: "web", namespace: "shop" }, spec: { selector: { app: "web" }, ports: [{ port: 80, targetPort: "http" }] } }],
      pods,
    );
    expect(eps[0].addresses).toHaveLength(5);
    expect(eps[0].ports).toEqual([{ port: 8080, protocol: "TCP" }]);
  });
});

describe("expandWorkload: scheduling constraints", () => {
  it("honours nodeSelector kubernetes.io/os", () => {
    const { pods } = expandWorkload(deployment(3, { "kubernetes.io/os": "windows" }), nodes, { assignPodIp: ipam() });
    expect(pods.map((p) => p.spec.nodeName)).toEqual(["win-1", "win-1", "win-1"]);
  });

  it("nodes without an os label get it from osType", () => {
    const bare = nodes.map((n) => ({ ...n, labels: {} }));
    const { pods } = expandWorkload(deployment(2, { "kubernetes.io/os": "linux" }), bare, { assignPodIp: ipam() });
    expect(pods.map((p) => p.spec.nodeName)).toEqual(["lin-a", "lin-b"]);
  });

  it("pods that fit nowhere are Pending/Unschedulable without IP", () => {
    const { pods } = expandWorkload(deployment(1, { "kubernetes.io/os": "plan9" }), nodes, { assignPodIp: ipam() });
    expect(pods[0].spec.nodeName).toBeUndefined();
    expect(pods[0].status?.phase).toBe("Pending");
    expect(pods[0].status?.podIP).toBeUndefined();
    expect(pods[0].status?.conditions?.[0]).toMatchObject({ type: "PodScheduled", status: "False", reason: "Unschedulable" });
    expect(pods[0].status?.conditions?.[0].message).toMatch(/^0\/4 nodes are available: 3 node\(s\) didn't match/);
  });

  it("respects maxPodsPerNode and counts existing pods", () => {
    const existing: Pod[] = [
      { apiVersion: "v1", kind: "Pod", metadata: { name: "x", namespace: "shop" }, spec: { nodeName: "lin-a", containers: [] } },
    ];
    const { pods } = expandWorkload(deployment(3, { "kubernetes.io/os": "linux" }), nodes, { assignPodIp: ipam(), maxPodsPerNode: 1, existingPods: existing });
    expect(pods.map((p) => [p.spec.nodeName, p.status?.phase])).toEqual([
      ["lin-b", "Running"],
      [undefined, "Pending"],
      [undefined, "Pending"],
    ]);
    expect(pods[1].status?.conditions?.[0].message).toMatch(/Too many pods/);
  });

  it("a pod whose node has no free IP stays Pending and not ready", () => {
    const { pods } = expandWorkload(deployment(1), nodes, { assignPodIp: () => null });
    expect(pods[0].spec.nodeName).toBe("lin-a");
    expect(pods[0].status?.phase).toBe("Pending");
    expect(pods[0].status?.conditions).toContainEqual(expect.objectContaining({ type: "Ready", status: "False" }));
  });

  it("hostNetwork pods take the node IP", () => {
    const d = deployment(1);
    (d.spec as { template: { spec: Record<string, unknown> } }).template.spec.hostNetwork = true;
    const { pods } = expandWorkload(d, nodes, { assignPodIp: () => "10.244.9.9" });
    expect(pods[0].status?.podIP).toBe("192.168.0.11");
  });
});

describe("expandWorkload: ReplicaSet, StatefulSet, DaemonSet", () => {
  const template = { metadata: { labels: { app: "db" } }, spec: { containers: [{ name: "db", image: "postgres" }] } };

  it("a standalone ReplicaSet's pods carry only the template labels", () => {
    const rs: KubeObject = { apiVersion: "apps/v1", kind: "ReplicaSet", metadata: { name: "cache" }, spec: { replicas: 2, selector: { matchLabels: { app: "db" } }, template } };
    const { pods, replicaSet } = expandWorkload(rs, nodes, { assignPodIp: ipam() });
    expect(replicaSet).toBeUndefined();
    expect(pods).toHaveLength(2);
    expect(pods[0].metadata.name).toMatch(/^cache-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(pods[0].metadata.namespace).toBe("default");
    expect(pods[0].metadata.labels).toEqual({ app: "db" });
    expect(pods[0].metadata.ownerReferences).toMatchObject([{ kind: "ReplicaSet", name: "cache" }]);
  });

  it("StatefulSet pods are <name>-0..n-1 with identity labels and hostname/subdomain", () => {
    const sts: KubeObject = {
      apiVersion: "apps/v1",
      kind: "StatefulSet",
      metadata: { name: "pg", namespace: "data", uid: "1111" },
      spec: { replicas: 3, serviceName: "pg-headless", selector: { matchLabels: { app: "db" } }, template },
    };
    const { pods } = expandWorkload(sts, nodes, { assignPodIp: ipam() });
    expect(pods.map((p) => p.metadata.name)).toEqual(["pg-0", "pg-1", "pg-2"]);
    expect(pods[1].metadata.labels).toMatchObject({ app: "db", "statefulset.kubernetes.io/pod-name": "pg-1", "apps.kubernetes.io/pod-index": "1" });
    expect(pods[1].metadata.labels!["controller-revision-hash"]).toMatch(/^pg-/);
    expect(pods[1].spec).toMatchObject({ hostname: "pg-1", subdomain: "pg-headless" });
    expect(pods[0].metadata.ownerReferences).toEqual([{ apiVersion: "apps/v1", kind: "StatefulSet", name: "pg", uid: "1111", controller: true, blockOwnerDeletion: true }]);
  });

  it("replicas defaults to 1 and 0 gives no pods", () => {
    const sts: KubeObject = { apiVersion: "apps/v1", kind: "StatefulSet", metadata: { name: "one" }, spec: { selector: { matchLabels: { app: "db" } }, template } };
    expect(expandWorkload(sts, nodes).pods).toHaveLength(1);
    expect(expandWorkload(deployment(0), nodes).pods).toHaveLength(0);
  });

  it("DaemonSet runs one pod per eligible worker", () => {
    const ds: KubeObject = {
      apiVersion: "apps/v1",
      kind: "DaemonSet",
      metadata: { name: "agent", namespace: "kube-system" },
      spec: { selector: { matchLabels: { app: "agent" } }, template: { metadata: { labels: { app: "agent" } }, spec: { nodeSelector: { "kubernetes.io/os": "linux" }, containers: [{ name: "a", image: "a" }] } } },
    };
    const { pods } = expandWorkload(ds, nodes, { assignPodIp: ipam() });
    expect(pods.map((p) => p.spec.nodeName)).toEqual(["lin-a", "lin-b"]);
    expect(pods[0].metadata.labels).toMatchObject({ app: "agent", "pod-template-generation": "1" });
  });

  it("a DaemonSet tolerating the control-plane taint also runs on control-plane nodes", () => {
    const ds: KubeObject = {
      apiVersion: "apps/v1",
      kind: "DaemonSet",
      metadata: { name: "kube-proxy", namespace: "kube-system" },
      spec: {
        selector: { matchLabels: { k8s: "proxy" } },
        template: { metadata: { labels: { k8s: "proxy" } }, spec: { hostNetwork: true, tolerations: [{ operator: "Exists" }], containers: [{ name: "p", image: "p" }] } },
      },
    };
    const { pods } = expandWorkload(ds, nodes);
    expect(pods.map((p) => [p.spec.nodeName, p.status?.podIP])).toEqual([
      ["cp-1", "192.168.0.10"],
      ["lin-a", "192.168.0.11"],
      ["lin-b", "192.168.0.12"],
      ["win-1", "192.168.0.13"],
    ]);
  });

  it("non-workloads and other API groups expand to nothing", () => {
    expect(expandWorkload({ apiVersion: "v1", kind: "Service", metadata: { name: "s" } }, nodes).pods).toEqual([]);
    expect(expandWorkload({ ...deployment(2), apiVersion: "extensions/v1beta1" }, nodes).pods).toEqual([]);
  });
});

describe("expandWorkloads", () => {
  it("spreads several workloads over the same nodes", () => {
    const a = deployment(1);
    const b = { ...deployment(1), metadata: { name: "api", namespace: "shop" } };
    const { pods, replicaSets } = expandWorkloads([a, b], nodes, { assignPodIp: ipam() });
    expect(pods.map((p) => p.spec.nodeName)).toEqual(["lin-a", "lin-b"]);
    expect(replicaSets.map((r) => r.metadata.name.split("-")[0])).toEqual(["web", "api"]);
  });
});

describe("sequentialPodIpAllocator", () => {
  it("hands out addresses from .2, skips used ones, and stops before broadcast", () => {
    const small: SnapshotNode[] = [{ name: "n", role: "worker", osType: "Linux", podCidrs: ["10.244.5.0/29"], labels: {} }];
    const alloc = sequentialPodIpAllocator(small, ["10.244.5.3"]);
    expect([alloc("n"), alloc("n"), alloc("n"), alloc("n"), alloc("n"), alloc("n")]).toEqual([
      "10.244.5.2",
      "10.244.5.4",
      "10.244.5.5",
      "10.244.5.6",
      null,
      null,
    ]);
    expect(alloc("unknown")).toBeNull();
  });
});

describe("expandWorkloads: running pods stay where they are (previousPods)", () => {
  const named = (name: string, replicas: number): KubeObject => ({ ...deployment(replicas), metadata: { name, namespace: "shop" } });
  const daemonSet = (): KubeObject => ({
    apiVersion: "apps/v1",
    kind: "DaemonSet",
    metadata: { name: "agent", namespace: "kube-system" },
    spec: { selector: { matchLabels: { app: "agent" } }, template: { metadata: { labels: { app: "agent" } }, spec: { containers: [{ name: "a", image: "agent" }] } } },
  });
  const placement = (pods: Pod[]) => new Map(pods.map((p) => [p.metadata.name, p.spec.nodeName]));

  it("scaling the first workload up places only its new pod; every other pod keeps its node", () => {
    const before = expandWorkloads([named("a", 3), named("b", 4), named("c", 5)], nodes, { seed: "s" }).pods;
    const fresh = expandWorkloads([named("a", 4), named("b", 4), named("c", 5)], nodes, { seed: "s" }).pods;
    const after = expandWorkloads([named("a", 4), named("b", 4), named("c", 5)], nodes, { seed: "s", previousPods: before }).pods;
    const was = placement(before);
    // without the previous pods the new replica shifts the spreading of later workloads: the case this guards
    expect(fresh.some((p) => was.has(p.metadata.name) && was.get(p.metadata.name) !== p.spec.nodeName)).toBe(true);
    const moved = after.filter((p) => was.has(p.metadata.name) && was.get(p.metadata.name) !== p.spec.nodeName);
    expect(moved).toEqual([]);
    expect(after.filter((p) => !was.has(p.metadata.name))).toHaveLength(1);
    expect(after).toHaveLength(13);
  });

  it("scaling down keeps the remaining pods on their nodes", () => {
    const before = expandWorkloads([named("a", 6), named("b", 4)], nodes, { seed: "s" }).pods;
    const after = expandWorkloads([named("a", 2), named("b", 4)], nodes, { seed: "s", previousPods: before }).pods;
    const was = placement(before);
    expect(after).toHaveLength(6);
    for (const p of after) expect(p.spec.nodeName).toBe(was.get(p.metadata.name));
  });

  it("a pod whose node is no longer eligible is placed again", () => {
    const before = expandWorkloads([named("a", 4)], nodes, { seed: "s" }).pods;
    const onA = before.filter((p) => p.spec.nodeName === "lin-a").map((p) => p.metadata.name);
    expect(onA.length).toBeGreaterThan(0);
    const fewer = nodes.filter((n) => n.name !== "lin-a");
    const after = expandWorkloads([named("a", 4)], fewer, { seed: "s", previousPods: before }).pods;
    for (const p of after) expect(p.spec.nodeName).not.toBe("lin-a");
    const was = placement(before);
    for (const p of after.filter((q) => !onA.includes(q.metadata.name))) expect(p.spec.nodeName).toBe(was.get(p.metadata.name));
  });

  it("a DaemonSet keeps each node's pod (and its name) when a node is added", () => {
    const linux = nodes.filter((n) => n.osType === "Linux");
    const before = expandWorkload(daemonSet(), linux, { seed: "s" }).pods;
    const added: SnapshotNode = { name: "lin-0", role: "worker", osType: "Linux", ipAddress: "192.168.0.15", podCidrs: ["10.244.4.0/24"], labels: {} };
    const after = expandWorkload(daemonSet(), [...linux, added], { seed: "s", previousPods: before }).pods;
    expect(after).toHaveLength(before.length + 1);
    for (const p of before) expect(after.find((q) => q.spec.nodeName === p.spec.nodeName)?.metadata.name).toBe(p.metadata.name);
    expect(new Set(after.map((p) => p.metadata.name)).size).toBe(after.length);
  });
});
