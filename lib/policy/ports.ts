/**
 * Ports as the reachability engine asks about them (`80/TCP`) and NetworkPolicyPort entries compiled for matching.
 */
import type { NetworkPolicyPort, Pod, Protocol } from "../kube/types";

/** A destination port and protocol a connection is judged on. */
export interface PortSpec {
  port: number;
  protocol: Protocol;
}

const PROTOCOLS: readonly Protocol[] = ["TCP", "UDP", "SCTP"];

/** `80/TCP`: the key of a port in result records. */
export function portKey(p: PortSpec): string {
  return `${p.port}/${p.protocol}`;
}

/**
 * Parse `80`, `80/TCP`, `53/udp` (protocol case-insensitive, default TCP) into a PortSpec. Throws with a readable
 * message for anything else (port outside 1-65535, unknown protocol).
 */
export function parsePortSpec(text: string): PortSpec {
  const m = /^\s*(\d+)\s*(?:\/\s*([A-Za-z]+)\s*)?$/.exec(text);
  if (!m) throw new Error(`invalid port "${text}": expected PORT or PORT/PROTOCOL, e.g. 80/TCP or 53/UDP`);
  const port = Number(m[1]);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`invalid port "${text}": port must be in 1-65535`);
  const protocol = (m[2] ?? "TCP").toUpperCase();
  if (!PROTOCOLS.includes(protocol as Protocol)) {
    throw new Error(`invalid port "${text}": protocol must be one of TCP, UDP, SCTP`);
  }
  return { port, protocol: protocol as Protocol };
}

/**
 * The `ports` of one NetworkPolicy rule, compiled. `null` stands for an absent or empty `ports` list, which matches
 * every port of every protocol.
 */
export interface CompiledPorts {
  /** Numeric entries and port-less entries (`port` absent: every port of `protocol`) as inclusive ranges. */
  ranges: { protocol: Protocol; from: number; to: number }[];
  /** Named entries: resolved on the destination pod's container ports. */
  named: { protocol: Protocol; name: string }[];
}

/**
 * Compile a rule's `ports`. `endPort` only applies to a numeric `port` (the API server rejects it elsewhere); a
 * string `port` is a container port name, even when it looks numeric.
 */
export function compilePorts(ports: readonly NetworkPolicyPort[] | undefined): CompiledPorts | null {
  if (!ports || ports.length === 0) return null;
  const out: CompiledPorts = { ranges: [], named: [] };
  for (const p of ports) {
    const protocol = p.protocol ?? "TCP";
    if (p.port === undefined || p.port === null) out.ranges.push({ protocol, from: 1, to: 65535 });
    else if (typeof p.port === "string") out.named.push({ protocol, name: p.port });
    else out.ranges.push({ protocol, from: p.port, to: p.endPort ?? p.port });
  }
  return out;
}

/** Does a numeric / port-less entry of the rule match the port (independently of the destination pod)? */
export function rangesMatch(ports: CompiledPorts, spec: PortSpec): boolean {
  for (const r of ports.ranges) {
    if (r.protocol === spec.protocol && spec.port >= r.from && spec.port <= r.to) return true;
  }
  return false;
}

/** A named container port of a pod: `name` → number and protocol. */
export interface NamedContainerPort {
  name: string;
  port: number;
  protocol: Protocol;
}

/** The named container ports of a pod (all containers; unnamed ports cannot be referenced by a policy). */
export function namedContainerPorts(pod: Pod): NamedContainerPort[] {
  const out: NamedContainerPort[] = [];
  for (const c of pod.spec?.containers ?? []) {
    for (const cp of c.ports ?? []) {
      if (cp.name) out.push({ name: cp.name, port: cp.containerPort, protocol: cp.protocol ?? "TCP" });
    }
  }
  return out;
}

/** Does a named entry of the rule resolve, on a pod with these container ports, to the port being judged? */
export function namedMatch(ports: CompiledPorts, spec: PortSpec, podPorts: readonly NamedContainerPort[]): boolean {
  for (const n of ports.named) {
    if (n.protocol !== spec.protocol) continue;
    for (const cp of podPorts) {
      if (cp.name === n.name && cp.protocol === spec.protocol && cp.port === spec.port) return true;
    }
  }
  return false;
}

/** Human form of a NetworkPolicyPort: `80/TCP`, `8000-8080/TCP`, `http/TCP`, `all/UDP`. */
export function formatPolicyPort(p: NetworkPolicyPort): string {
  const protocol = p.protocol ?? "TCP";
  if (p.port === undefined || p.port === null) return `all/${protocol}`;
  if (typeof p.port === "number" && p.endPort !== undefined) return `${p.port}-${p.endPort}/${protocol}`;
  return `${p.port}/${protocol}`;
}
