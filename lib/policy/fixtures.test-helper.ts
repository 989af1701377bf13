/**
 * Builders for policy tests: namespaces, pods, NetworkPolicies and snapshots in a few lines, plus the upstream
 * NetworkPolicy e2e "model" (namespaces x/y/z with pods a/b/c, serving 80 and 81 on TCP, UDP and SCTP) and its
 * truth-table notation.
 */
import { emptySnapshot, type ClusterSnapshot, type Namespace, type NetworkPolicy, type NetworkPolicySpec, type Pod, type Protocol } from "../kube/types";

export function namespace(name: string, labels: Record<string, string> = {}): Namespace {
  return { apiVersion: "v1", kind: "Namespace", metadata: { name, labels } };
}

export interface PodOptions {
  labels?: Record<string, string>;
  ip?: string;
  ports?: { name?: string; containerPort: number; protocol?: Protocol }[];
  hostNetwork?: boolean;
}

export function pod(key: string, options: PodOptions = {}): Pod {
  const [ns, name] = key.split("/");
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace: ns, labels: options.labels ?? {} },
    spec: { containers: [{ name: "main", ports: options.ports }], ...(options.hostNetwork ? { hostNetwork: true } : {}) },
    status: options.ip ? { podIP: options.ip } : {},
  };
}

export function netpol(key: string, spec: NetworkPolicySpec): NetworkPolicy {
  const [ns, name] = key.split("/");
  return { apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", metadata: { name, namespace: ns }, spec };
}

export function snapshot(
  parts: { namespaces?: Namespace[]; pods?: Pod[]; policies?: NetworkPolicy[] },
  plugin: "calico" | "flannel" = "calico",
): ClusterSnapshot {
  return {
    ...emptySnapshot("test", plugin),
    namespaces: parts.namespaces ?? [],
    pods: parts.pods ?? [],
    networkPolicies: parts.policies ?? [],
  };
}

export const MODEL_NAMESPACES = ["x", "y", "z"] as const;
export const MODEL_PODS = ["a", "b", "c"] as const;
/** "x/a" … "z/c", sorted. */
export const MODEL_KEYS: string[] = MODEL_NAMESPACES.flatMap((ns) => MODEL_PODS.map((p) => `${ns}/${p}`));

/** IP of a model pod: 10.0.<namespace 1-3>.<pod 1-3>. */
export function modelIp(key: string): string {
  const [ns, p] = key.split("/");
  return `10.0.${MODEL_NAMESPACES.indexOf(ns as "x") + 1}.${MODEL_PODS.indexOf(p as "a") + 1}`;
}

/**
 * The upstream e2e model: namespaces x, y, z labelled `ns: <name>`; pods a, b, c labelled `pod: <name>`, each with
 * one container per port/protocol serving 80 and 81 on TCP, UDP and SCTP, ports named `serve-80-tcp` etc.
 */
export function modelSnapshot(policies: NetworkPolicy[], plugin: "calico" | "flannel" = "calico"): ClusterSnapshot {
  const protocols: Protocol[] = ["TCP", "UDP", "SCTP"];
  const pods = MODEL_KEYS.map((key): Pod => {
    const [ns, name] = key.split("/");
    return {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name, namespace: ns, labels: { pod: name } },
      spec: {
        containers: [80, 81].flatMap((port) =>
          protocols.map((protocol) => ({
            name: `cont-${port}-${protocol.toLowerCase()}`,
            ports: [{ containerPort: port, name: `serve-${port}-${protocol.toLowerCase()}`, protocol }],
          })),
        ),
      },
      status: { podIP: modelIp(key) },
    };
  });
  return snapshot({ namespaces: MODEL_NAMESPACES.map((ns) => namespace(ns, { ns })), pods, policies }, plugin);
}

/**
 * Parse a truth table in the upstream notation: a header row of destinations, then one row per source, `.` allowed
 * and `X` denied:
 *
 * ```
 *      x/a x/b …
 * x/a   .   X  …
 * ```
 */
export function truthTable(text: string): boolean[][] {
  const lines = text
    .trim()
    .split("\n")
    .map((l) => l.trim().split(/\s+/));
  const header = lines[0];
  if (header.join(" ") !== MODEL_KEYS.join(" ")) throw new Error(`truth table header must be ${MODEL_KEYS.join(" ")}`);
  return MODEL_KEYS.map((from, i) => {
    const row = lines[i + 1];
    if (!row || row[0] !== from || row.length !== MODEL_KEYS.length + 1) throw new Error(`truth table row ${i + 1} must be ${from} and 9 cells`);
    return row.slice(1).map((cell) => {
      if (cell !== "." && cell !== "X") throw new Error(`truth table cell "${cell}" must be . or X`);
      return cell === ".";
    });
  });
}

/** Render a boolean matrix in the truth-table notation (for readable assertion diffs). */
export function renderTable(m: boolean[][]): string {
  return [["    ", ...MODEL_KEYS].join(" "), ...m.map((row, i) => [MODEL_KEYS[i], ...row.map((v) => (v ? " . " : " X "))].join(" "))].join("\n");
}

