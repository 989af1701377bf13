/**
 * Expand workload controllers (apps/v1 Deployment, ReplicaSet, StatefulSet, DaemonSet) into the Pods Kubernetes
 * would create, scheduled onto the cluster's nodes. Everything is deterministic: pod names come from a seeded
 * generator instead of the API server's random suffixes, and scheduling breaks ties by node name.
 */
import { DEFAULT_NAMESPACE, effectiveNamespace } from "./kinds";
import { matchesNodeSelector } from "./selectors";
import type { NodeTaint } from "./types";
import type { KubeObject, LabelSelector, Pod, PodSpec, SnapshotNode } from "./types";

/** Label the Deployment controller adds to its ReplicaSets and their pods. */
export const POD_TEMPLATE_HASH_LABEL = "pod-template-hash";
/** Labels the StatefulSet / DaemonSet controllers add to their pods. */
export const CONTROLLER_REVISION_HASH_LABEL = "controller-revision-hash";
export const STATEFULSET_POD_NAME_LABEL = "statefulset.kubernetes.io/pod-name";
export const POD_INDEX_LABEL = "apps.kubernetes.io/pod-index";
export const POD_TEMPLATE_GENERATION_LABEL = "pod-template-generation";
export const OS_LABEL = "kubernetes.io/os";
/** kubelet default `maxPods`, also AKS hybrid's default `-nodeMaxPodCount`. */
export const DEFAULT_MAX_PODS_PER_NODE = 110;

/** Characters Kubernetes uses for generated names and encoded hashes (no vowels, no confusable digits). */
const ALPHANUMS = "bcdfghjklmnpqrstvwxz2456789";
const MAX_GENERATED_NAME_LENGTH = 63 - 5;

export const WORKLOAD_KINDS = ["Deployment", "ReplicaSet", "StatefulSet", "DaemonSet"] as const;
export type WorkloadKind = (typeof WORKLOAD_KINDS)[number];

export interface ExpandOptions {
  /** Gives a pod IP on a node (from the node's pod CIDR); null when the node's range is exhausted. */
  assignPodIp?: (nodeName: string) => string | null;
  /** Seed of the generated name suffixes; the same seed gives the same names. Default "hcinet". */
  seed?: string;
  /** Pods already running (other workloads): counted when spreading, and their names are not reused. */
  existingPods?: Pod[];
  /** Pod capacity of a node; default 110. */
  maxPodsPerNode?: number;
  /**
   * The pods the workloads had before this expansion (a re-apply or a scale). A pod that exists again keeps its node
   * while that node is still eligible and has room — the scheduler never moves a running pod — and a DaemonSet keeps
   * its pod (and name) on each node whose pod is of the same revision. Only new pods are placed, on the least-loaded
   * node. Without it every pod is placed afresh (the result of a first apply).
   */
  previousPods?: Pod[];
}

export interface WorkloadExpansion {
  pods: Pod[];
  /** The ReplicaSet a Deployment creates (`<deployment>-<pod-template-hash>`). */
  replicaSet?: KubeObject;
}

/** True for apps/v1 workload kinds this module expands. */
export function isWorkload(obj: KubeObject): boolean {
  return (WORKLOAD_KINDS as readonly string[]).includes(obj.kind) && obj.apiVersion === "apps/v1";
}

/** FNV-1a 32-bit hash. */
export function fnv32a(text: string): number {
  let h = 0x811c9dc5;
  const bytes = new TextEncoder().encode(text);
  for (const b of bytes) {
    h ^= b;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** JSON with object keys sorted, so equal objects hash equally regardless of key order. */
function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(",")}]`;
  if (v && typeof v === "object") {
    return `{${Object.keys(v as object)
      .sort()
      .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((v as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(v);
}

/** Kubernetes `rand.SafeEncodeString`: map each character onto the vowel-free alphabet. */
function safeEncode(s: string): string {
  let out = "";
  for (let i = 0; i < s.length; i++) out += ALPHANUMS[s.charCodeAt(i) % ALPHANUMS.length];
  return out;
}

/**
 * The pod-template-hash of a pod template, as the Deployment controller computes it (FNV-32a of the template,
 * decimal, safe-encoded). Kubernetes hashes Go's object dump; this hashes canonical JSON, so values differ from a
 * real cluster but are stable. The decimal is zero-padded to 10 digits so the hash is always 10 characters.
 */
export function podTemplateHash(template: unknown, collisionCount = 0): string {
  const h = fnv32a(canonicalJson(template) + (collisionCount > 0 ? `#${collisionCount}` : ""));
  return safeEncode(String(h).padStart(10, "0"));
}

/** mulberry32: a small, fast, seedable PRNG (same seed → same sequence). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** mulberry32 seeded from a string: deterministic name suffixes. */
function prng(seed: string): () => number {
  return mulberry32(fnv32a(seed));
}

/** `generateName` behaviour: base truncated to 58 characters, plus 5 generated characters. */
function generatedName(base: string, random: () => number): string {
  let suffix = "";
  for (let i = 0; i < 5; i++) suffix += ALPHANUMS[Math.floor(random() * ALPHANUMS.length)];
  return base.slice(0, MAX_GENERATED_NAME_LENGTH) + suffix;
}

/** A stable UID-shaped identifier for objects that have none. */
function syntheticUid(key: string): string {
  const r = prng(`uid:${key}`);
  const hex = Array.from({ length: 32 }, () => Math.floor(r() * 16).toString(16)).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${"89ab"[parseInt(hex[16], 16) % 4]}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** Node labels as the scheduler sees them: the node's labels plus `kubernetes.io/os` / `kubernetes.io/hostname` defaults. */
export function effectiveNodeLabels(node: SnapshotNode): Record<string, string> {
  return { [OS_LABEL]: node.osType.toLowerCase(), "kubernetes.io/hostname": node.name, ...node.labels };
}

interface Toleration {
  key?: string;
  operator?: string;
  value?: string;
  effect?: string;
}

const CONTROL_PLANE_TAINT_KEYS = ["node-role.kubernetes.io/control-plane", "node-role.kubernetes.io/master"];

/**
 * Does one toleration tolerate one taint? Kubernetes semantics ("Taints and Tolerations"): an empty effect matches
 * every effect; `Exists` with an empty key matches every taint; `Exists` matches any value of its key; `Equal` (the
 * default operator) needs the same value.
 */
export function tolerates(t: Toleration, taint: { key: string; value?: string; effect: string }): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.operator === "Exists") return !t.key || t.key === taint.key;
  return t.key === taint.key && (t.value ?? "") === (taint.value ?? "");
}

/** The node's taints as the scheduler sees them: its own, plus `node-role.kubernetes.io/control-plane:NoSchedule` on control planes. */
export function effectiveTaints(node: SnapshotNode): NodeTaint[] {
  const own = node.taints ?? [];
  return node.role === "controlplane" && !own.some((t) => CONTROL_PLANE_TAINT_KEYS.includes(t.key))
    ? [{ key: CONTROL_PLANE_TAINT_KEYS[0], effect: "NoSchedule" }, ...own]
    : own;
}

/** The taints of `node` that keep the pod off it (NoSchedule / NoExecute not tolerated). */
export function untoleratedTaints(spec: PodSpec, node: SnapshotNode): NodeTaint[] {
  const tolerations = (Array.isArray(spec.tolerations) ? spec.tolerations : []) as Toleration[];
  return effectiveTaints(node).filter((taint) => taint.effect !== "PreferNoSchedule" && !tolerations.some((t) => tolerates(t, taint)));
}

/**
 * Nodes a pod may run on: Kubernetes nodes (not the HAProxy load-balancer VM) whose labels match `nodeSelector`
 * (`kubernetes.io/os` included), whose NoSchedule/NoExecute taints the pod tolerates (the control-plane taint too),
 * and only `spec.nodeName` when that is set.
 */
export function eligibleNodes(spec: PodSpec, nodes: SnapshotNode[]): SnapshotNode[] {
  return nodes.filter((n) => {
    if (n.role === "loadbalancer") return false;
    if (untoleratedTaints(spec, n).length > 0) return false;
    if (spec.nodeName && spec.nodeName !== n.name) return false;
    return matchesNodeSelector(spec.nodeSelector, effectiveNodeLabels(n));
  });
}

/**
 * The OS a pod's containers are built for: `spec.os.name`, else its `kubernetes.io/os` nodeSelector. Undefined when the
 * pod says nothing — the scheduler then places it on any OS, although Linux images cannot run on Windows nodes
 * (Kubernetes "Windows containers in Kubernetes": use a nodeSelector or taints to keep workloads on their OS).
 */
export function podOs(spec: PodSpec): "linux" | "windows" | undefined {
  const fromSpec = (spec.os as { name?: unknown } | undefined)?.name;
  const v = typeof fromSpec === "string" ? fromSpec : spec.nodeSelector?.[OS_LABEL];
  return v === "linux" || v === "windows" ? v : undefined;
}

/**
 * Why a pod placed on `node` cannot run there, or null: its OS (stated, or Linux when unstated — the images of a pod
 * without an OS selector are assumed to be Linux images, the common case) differs from the node's.
 */
export function wrongOsReason(spec: PodSpec, node: SnapshotNode): string | null {
  const stated = podOs(spec);
  const wanted = stated ?? "linux";
  const nodeOs = node.osType.toLowerCase();
  if (wanted === nodeOs) return null;
  return stated
    ? `the pod is for ${wanted} (${spec.os ? "spec.os.name" : `nodeSelector ${OS_LABEL}`}) but node ${node.name} runs ${nodeOs}`
    : `the pod has no ${OS_LABEL} nodeSelector, so the scheduler placed it on ${nodeOs} node ${node.name}; its (assumed Linux) images cannot run there — add nodeSelector ${OS_LABEL}: linux, or taint the ${nodeOs} node pool (New-AksHciNodePool -taints)`;
}

/** Why no node fits, in the scheduler's words. */
function unschedulableMessage(spec: PodSpec, nodes: SnapshotNode[], full: number): string {
  const k8sNodes = nodes.filter((n) => n.role !== "loadbalancer");
  const reasons: string[] = [];
  const tainted = new Map<string, number>();
  let mismatch = 0;
  for (const n of k8sNodes) {
    const taints = untoleratedTaints(spec, n);
    if (taints.length > 0) {
      const key = `{${taints[0].key}: ${taints[0].value ?? ""}}`;
      tainted.set(key, (tainted.get(key) ?? 0) + 1);
    } else if (!matchesNodeSelector(spec.nodeSelector, effectiveNodeLabels(n))) mismatch++;
  }
  if (full > 0) reasons.push(`${full} Too many pods`);
  if (mismatch > 0) reasons.push(`${mismatch} node(s) didn't match Pod's node affinity/selector`);
  for (const [key, count] of tainted) reasons.push(`${count} node(s) had untolerated taint ${key}`);
  return `0/${k8sNodes.length} nodes are available${reasons.length ? `: ${reasons.join(", ")}` : ""}.`;
}

/** Running-pod counts per node from existing pods. */
function podCounts(existing: Pod[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const p of existing) {
    const n = p.spec?.nodeName;
    if (n) counts.set(n, (counts.get(n) ?? 0) + 1);
  }
  return counts;
}

/** Pick the eligible node with the fewest pods (ties: node name order) that still has capacity. */
function pickNode(candidates: SnapshotNode[], counts: Map<string, number>, max: number): SnapshotNode | undefined {
  return [...candidates]
    .filter((n) => (counts.get(n.name) ?? 0) < max)
    .sort((a, b) => (counts.get(a.name) ?? 0) - (counts.get(b.name) ?? 0) || a.name.localeCompare(b.name))[0];
}

interface Owner {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
}

function ownerOf(obj: KubeObject, namespace: string): Owner {
  return {
    apiVersion: obj.apiVersion,
    kind: obj.kind,
    name: obj.metadata.name,
    uid: obj.metadata.uid ?? syntheticUid(`${obj.apiVersion}/${obj.kind}/${namespace}/${obj.metadata.name}`),
  };
}

function ownerReference(owner: Owner) {
  return { ...owner, controller: true, blockOwnerDeletion: true };
}

interface PodTemplate {
  metadata?: { labels?: Record<string, string>; annotations?: Record<string, string>; [k: string]: unknown };
  spec?: PodSpec;
}

interface BuildPod {
  name: string;
  namespace: string;
  template: PodTemplate;
  labels: Record<string, string>;
  owner: Owner;
  node: SnapshotNode | undefined;
  unschedulableMessage: string;
  assignPodIp?: (nodeName: string) => string | null;
  specExtra?: Partial<PodSpec>;
}

/** Create one pod from a template, bound to `node` (Running, Ready) or Pending/Unschedulable when there is none. */
function buildPod(b: BuildPod): Pod {
  const spec: PodSpec = { ...structuredClone(b.template.spec ?? { containers: [] }), ...(b.specExtra ?? {}) };
  const metadata: Pod["metadata"] = {
    name: b.name,
    namespace: b.namespace,
    labels: b.labels,
    ...(b.template.metadata?.annotations ? { annotations: { ...b.template.metadata.annotations } } : {}),
    ownerReferences: [ownerReference(b.owner)],
  };
  if (!b.node) {
    return {
      apiVersion: "v1",
      kind: "Pod",
      metadata,
      spec,
      status: {
        phase: "Pending",
        conditions: [{ type: "PodScheduled", status: "False", reason: "Unschedulable", message: b.unschedulableMessage }],
      },
    };
  }
  spec.nodeName = b.node.name;
  const ip = spec.hostNetwork ? (b.node.ipAddress ?? null) : (b.assignPodIp?.(b.node.name) ?? null);
  const hostIP = b.node.ipAddress ? { hostIP: b.node.ipAddress } : {};
  if (!ip) {
    return {
      apiVersion: "v1",
      kind: "Pod",
      metadata,
      spec,
      status: {
        phase: "Pending",
        ...hostIP,
        conditions: [
          { type: "PodScheduled", status: "True" },
          {
            type: "Ready",
            status: "False",
            reason: "ContainersNotReady",
            message: `failed to allocate a pod IP on node ${b.node.name}`,
          },
        ],
      },
    };
  }
  const wrongOs = wrongOsReason(spec, b.node);
  if (wrongOs) {
    // scheduled and given an address, but its containers never start: not Running, not Ready
    return {
      apiVersion: "v1",
      kind: "Pod",
      metadata,
      spec,
      status: {
        phase: "Pending",
        ...hostIP,
        podIP: ip,
        podIPs: [{ ip }],
        conditions: [
          { type: "PodScheduled", status: "True" },
          { type: "ContainersReady", status: "False", reason: "WrongNodeOS", message: wrongOs },
          { type: "Ready", status: "False", reason: "WrongNodeOS", message: wrongOs },
        ],
      },
    };
  }
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata,
    spec,
    status: {
      phase: "Running",
      ...hostIP,
      podIP: ip,
      podIPs: [{ ip }],
      conditions: [
        { type: "PodScheduled", status: "True" },
        { type: "Initialized", status: "True" },
        { type: "ContainersReady", status: "True" },
        { type: "Ready", status: "True" },
      ],
    },
  };
}

/**
 * Expand a workload into pods.
 *
 * - Deployment → ReplicaSet `<deployment>-<pod-template-hash>` (returned as `replicaSet`, selector and labels carry
 *   `pod-template-hash`) → `replicas` pods `<replicaset>-<5 chars>` labelled with the template labels plus
 *   `pod-template-hash`, owned by the ReplicaSet.
 * - ReplicaSet → `replicas` pods `<replicaset>-<5 chars>` with the template labels.
 * - StatefulSet → pods `<name>-0 … <name>-(n-1)` with `statefulset.kubernetes.io/pod-name`, `apps.kubernetes.io/pod-index`
 *   and `controller-revision-hash`; `hostname` = pod name, `subdomain` = `serviceName`.
 * - DaemonSet → one pod per eligible node with `controller-revision-hash` and `pod-template-generation`.
 *
 * `replicas` defaults to 1. Pods are placed on eligible nodes ({@link eligibleNodes}: workers, matching
 * `nodeSelector`) with the fewest pods first (ties by name), up to `maxPodsPerNode`. Placed pods get `spec.nodeName`,
 * `status.phase: Running`, `Ready=True`, `hostIP` and an IP from `assignPodIp` (hostNetwork pods use the node IP);
 * if `assignPodIp` gives none, the pod stays Pending and not ready. Pods that fit nowhere are Pending with
 * `PodScheduled=False`, reason `Unschedulable`, and no IP. Anything that is not an apps/v1 workload gives no pods.
 */
export function expandWorkload(obj: KubeObject, nodes: SnapshotNode[], opts: ExpandOptions = {}): WorkloadExpansion {
  if (!isWorkload(obj)) return { pods: [] };
  const namespace = effectiveNamespace(obj) ?? DEFAULT_NAMESPACE;
  const spec = (obj.spec ?? {}) as {
    replicas?: number;
    selector?: LabelSelector;
    template?: PodTemplate;
    serviceName?: string;
  };
  const template: PodTemplate = spec.template ?? {};
  const podSpec = (template.spec ?? { containers: [] }) as PodSpec;
  const templateLabels = { ...(template.metadata?.labels ?? {}) };
  const replicas = typeof spec.replicas === "number" && spec.replicas >= 0 ? Math.floor(spec.replicas) : 1;
  const seed = opts.seed ?? "hcinet";
  const max = opts.maxPodsPerNode ?? DEFAULT_MAX_PODS_PER_NODE;
  const existing = opts.existingPods ?? [];
  const counts = podCounts(existing);
  const takenNames = new Set(existing.filter((p) => (p.metadata.namespace ?? DEFAULT_NAMESPACE) === namespace).map((p) => p.metadata.name));
  const candidates = eligibleNodes(podSpec, nodes);
  const revisionHash = podTemplateHash(template);

  const random = prng(`${seed}/${namespace}/${obj.kind}/${obj.metadata.name}`);
  const uniqueGenerated = (base: string) => {
    let name = generatedName(base, random);
    while (takenNames.has(name)) name = generatedName(base, random);
    takenNames.add(name);
    return name;
  };
  const previousNode = new Map<string, string>();
  for (const p of opts.previousPods ?? []) {
    if ((p.metadata.namespace ?? DEFAULT_NAMESPACE) === namespace && p.spec?.nodeName) previousNode.set(p.metadata.name, p.spec.nodeName);
  }
  const schedule = (podSpecForPod: PodSpec, podName?: string) => {
    const pool = podSpecForPod === podSpec ? candidates : eligibleNodes(podSpecForPod, nodes);
    const before = podName === undefined ? undefined : previousNode.get(podName);
    const stays = before === undefined ? undefined : pool.find((n) => n.name === before && (counts.get(n.name) ?? 0) < max);
    const node = stays ?? pickNode(pool, counts, max);
    if (node) counts.set(node.name, (counts.get(node.name) ?? 0) + 1);
    const full = pool.length - pool.filter((n) => (counts.get(n.name) ?? 0) < max).length;
    return { node, message: unschedulableMessage(podSpecForPod, nodes, node ? 0 : full) };
  };

  const pods: Pod[] = [];
  const common = { namespace, template, assignPodIp: opts.assignPodIp };

  if (obj.kind === "Deployment" || obj.kind === "ReplicaSet") {
    let owner = ownerOf(obj, namespace);
    let labels = templateLabels;
    let replicaSet: KubeObject | undefined;
    if (obj.kind === "Deployment") {
      const hash = revisionHash;
      const rsName = `${obj.metadata.name}-${hash}`;
      labels = { ...templateLabels, [POD_TEMPLATE_HASH_LABEL]: hash };
      const selector = structuredClone(spec.selector ?? {});
      selector.matchLabels = { ...(selector.matchLabels ?? {}), [POD_TEMPLATE_HASH_LABEL]: hash };
      replicaSet = {
        apiVersion: "apps/v1",
        kind: "ReplicaSet",
        metadata: {
          name: rsName,
          namespace,
          labels: { ...labels },
          uid: syntheticUid(`apps/v1/ReplicaSet/${namespace}/${rsName}`),
          ownerReferences: [ownerReference(ownerOf(obj, namespace))],
        },
        spec: {
          replicas,
          selector,
          template: { ...structuredClone(template), metadata: { ...structuredClone(template.metadata ?? {}), labels: { ...labels } } },
        },
        status: { replicas },
      };
      owner = { apiVersion: "apps/v1", kind: "ReplicaSet", name: rsName, uid: replicaSet.metadata.uid! };
    }
    for (let i = 0; i < replicas; i++) {
      const name = uniqueGenerated(`${owner.name}-`);
      const { node, message } = schedule(podSpec, name);
      pods.push(buildPod({ ...common, name, labels: { ...labels }, owner, node, unschedulableMessage: message }));
    }
    return replicaSet ? { pods, replicaSet } : { pods };
  }

  const owner = ownerOf(obj, namespace);
  if (obj.kind === "StatefulSet") {
    const revision = `${obj.metadata.name}-${revisionHash}`;
    for (let i = 0; i < replicas; i++) {
      const name = `${obj.metadata.name}-${i}`;
      takenNames.add(name);
      const { node, message } = schedule(podSpec, name);
      pods.push(
        buildPod({
          ...common,
          name,
          labels: {
            ...templateLabels,
            [CONTROLLER_REVISION_HASH_LABEL]: revision,
            [STATEFULSET_POD_NAME_LABEL]: name,
            [POD_INDEX_LABEL]: String(i),
          },
          owner,
          node,
          unschedulableMessage: message,
          specExtra: { hostname: name, ...(spec.serviceName ? { subdomain: spec.serviceName } : {}) },
        }),
      );
    }
    return { pods };
  }

  // DaemonSet: one pod per eligible node, pinned there (the DaemonSet controller binds via node affinity).
  const labels = { ...templateLabels, [CONTROLLER_REVISION_HASH_LABEL]: revisionHash, [POD_TEMPLATE_GENERATION_LABEL]: "1" };
  // this DaemonSet's pods of the same revision, by node: they stay (a node added or removed elsewhere renames nothing)
  const onNode = new Map<string, string>();
  for (const p of opts.previousPods ?? []) {
    const ref = (p.metadata.ownerReferences as { kind?: string; name?: string }[] | undefined)?.[0];
    if ((p.metadata.namespace ?? DEFAULT_NAMESPACE) !== namespace || ref?.kind !== "DaemonSet" || ref.name !== obj.metadata.name) continue;
    if (p.metadata.labels?.[CONTROLLER_REVISION_HASH_LABEL] !== revisionHash || !p.spec?.nodeName || takenNames.has(p.metadata.name)) continue;
    onNode.set(p.spec.nodeName, p.metadata.name);
    takenNames.add(p.metadata.name);
  }
  for (const node of [...candidates].sort((a, b) => a.name.localeCompare(b.name))) {
    const full = (counts.get(node.name) ?? 0) >= max;
    if (!full) counts.set(node.name, (counts.get(node.name) ?? 0) + 1);
    pods.push(
      buildPod({
        ...common,
        name: onNode.get(node.name) ?? uniqueGenerated(`${obj.metadata.name}-`),
        labels: { ...labels },
        owner,
        node: full ? undefined : node,
        unschedulableMessage: `0/1 nodes are available: 1 Too many pods.`,
      }),
    );
  }
  return { pods };
}

/**
 * Expand every workload in `objects`, spreading all of them over the same nodes (each workload sees the pods of the
 * previous ones). Returns the pods and the ReplicaSets created for Deployments.
 */
export function expandWorkloads(objects: KubeObject[], nodes: SnapshotNode[], opts: ExpandOptions = {}): WorkloadExpansion & { replicaSets: KubeObject[] } {
  const pods: Pod[] = [];
  const replicaSets: KubeObject[] = [];
  for (const obj of objects) {
    if (!isWorkload(obj)) continue;
    const r = expandWorkload(obj, nodes, { ...opts, existingPods: [...(opts.existingPods ?? []), ...pods] });
    pods.push(...r.pods);
    if (r.replicaSet) replicaSets.push(r.replicaSet);
  }
  return { pods, replicaSets };
}

/**
 * A simple pod IP allocator for when no IPAM database is at hand (CLI, tests): hands out addresses of each node's
 * first pod CIDR in order, starting at the network address + 2 (the bridge/gateway takes +1 with flannel's
 * host-local IPAM), skipping `used` addresses, stopping before the broadcast address. Returns null when exhausted or
 * when the node has no (IPv4) pod CIDR.
 */
export function sequentialPodIpAllocator(nodes: SnapshotNode[], used: Iterable<string> = []): (nodeName: string) => string | null {
  const taken = new Set(used);
  const cursor = new Map<string, number>();
  return (nodeName) => {
    const node = nodes.find((n) => n.name === nodeName);
    const cidr = node?.podCidrs.find((c) => /^\d+\.\d+\.\d+\.\d+\/\d+$/.test(c));
    if (!cidr) return null;
    const [addr, lenText] = cidr.split("/");
    const len = Number(lenText);
    const base = addr.split(".").reduce((acc, o) => acc * 256 + Number(o), 0);
    const size = 2 ** (32 - len);
    const network = base - (base % size);
    for (let offset = cursor.get(nodeName) ?? 2; offset < size - 1; offset++) {
      const n = network + offset;
      const ip = [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join(".");
      if (taken.has(ip)) continue;
      taken.add(ip);
      cursor.set(nodeName, offset + 1);
      return ip;
    }
    cursor.set(nodeName, size);
    return null;
  };
}
