/**
 * Pure allocation choices. The database layer calls these inside a transaction with the addresses it sees in use;
 * they pick deterministically (lowest free first) so that results are reproducible and testable.
 */
import { formatCidr, formatIPv4, parseCidr, parseIPv4, type Cidr } from "./address";

export type PickResult = { ok: true; addresses: number[] } | { ok: false; missing: number };

/** What the pickers need of a set of taken numbers (a Set, or a Map's keys through {@link keysOf}). */
export interface Taken {
  has(n: number): boolean;
}

/** The keys of a map as a {@link Taken} (no copy). */
export function keysOf(m: ReadonlyMap<number, unknown>): Taken {
  return { has: (n) => m.has(n) };
}

/**
 * Picks `count` free addresses from the inclusive range [start, end], lowest first, skipping `used` and `exclude`
 * (pass the network, broadcast and gateway address there when they fall in the range). When fewer are free, reports
 * how many are missing and picks nothing.
 */
export function pickFree(start: number, end: number, used: Taken, count: number, exclude?: Taken): PickResult {
  const addresses: number[] = [];
  for (let n = start; n <= end && addresses.length < count; n++) {
    if (!used.has(n) && !exclude?.has(n)) addresses.push(n);
  }
  return addresses.length >= count ? { ok: true, addresses } : { ok: false, missing: count - addresses.length };
}

function parseOrThrow(cidr: string, what: string): Cidr {
  const parsed = parseCidr(cidr);
  if (!parsed || parsed.base !== parsed.network) throw new RangeError(`${what} "${cidr}" is not a network CIDR`);
  return parsed;
}

/**
 * The lowest block of `/blockPrefix` inside `parent` that overlaps none of `usedCidrs`. A used entry blocks every
 * block it touches (a used /23 takes two /24s); entries that are not CIDRs are ignored.
 */
function nextFreeBlock(parent: Cidr, blockPrefix: number, usedCidrs: ReadonlySet<string>): string | null {
  if (blockPrefix < parent.prefixLength) return null;
  const blockSize = 2 ** (32 - blockPrefix);
  const used = [...usedCidrs]
    .map((c) => parseCidr(c))
    .filter((c): c is Cidr => c !== null)
    .sort((a, b) => a.network - b.network);
  let candidate = parent.network;
  for (const u of used) {
    if (u.broadcast < candidate) continue;
    if (u.network > candidate + blockSize - 1) break;
    // overlap: move to the first aligned block after the used range
    candidate = Math.ceil((u.broadcast + 1) / blockSize) * blockSize;
  }
  return candidate + blockSize - 1 <= parent.broadcast ? formatCidr(candidate, blockPrefix) : null;
}

/** Per-node pod range size: kube-controller-manager's default `--node-cidr-mask-size` 24 (fact sheet §4: /24 per node). */
export const NODE_POD_CIDR_PREFIX = 24;

/**
 * The next node pod range (`spec.podCIDR`) for a flannel cluster: the lowest /24 of the pod CIDR (10.244.0.0/16 in
 * AksHci) not in `usedCidrs`. Flannel with the Kubernetes subnet manager uses the node's podCIDR, which
 * kube-controller-manager assigns in /24 steps. (Its real allocator scans on from the last assignment; lowest-free is
 * hcinet's deterministic simplification.) Returns null when the pod CIDR has no free /24 (or is smaller than one);
 * throws RangeError when `podCidr` is not a network CIDR.
 */
export function flannelNodeCidr(podCidr: string, usedCidrs: ReadonlySet<string>): string | null {
  return nextFreeBlock(parseOrThrow(podCidr, "pod CIDR"), NODE_POD_CIDR_PREFIX, usedCidrs);
}

/**
 * The next Calico IPAM block: the lowest free `/blockSize` of the pod CIDR. Calico's upstream default block size is
 * 26 (valid 20–32) [CALICO-IPPOOL]; the AKS-hybrid value is UNCONFIRMED (the observed tunnel address 10.244.223.192
 * is /26-aligned, fact sheet §4).
 */
export function calicoBlock(podCidr: string, usedCidrs: ReadonlySet<string>, blockSize = 26): string | null {
  if (!Number.isInteger(blockSize) || blockSize < 20 || blockSize > 32) throw new RangeError(`Calico block size must be 20–32, got ${blockSize}`);
  return nextFreeBlock(parseOrThrow(podCidr, "pod CIDR"), blockSize, usedCidrs);
}

/**
 * Pod IPs from a node's pod range or a Calico block, lowest free first. Always skipped: the range's first (network)
 * address — for Calico blocks that is where the node's VXLAN tunnel address is observed (10.244.223.192,
 * [ISSUE aksArc-323]). For a /24 (the flannel per-node range) also skipped: `.1`, the cni0 bridge gateway, and `.255`,
 * the broadcast — the host-local IPAM plugin hands out `.2`–`.254` by default.
 */
export function podIpsFromCidr(cidr: string, used: ReadonlySet<number>, count: number): PickResult {
  const range = parseOrThrow(cidr, "pod range");
  const exclude = new Set([range.network]);
  if (range.prefixLength === NODE_POD_CIDR_PREFIX) {
    exclude.add(range.network + 1);
    exclude.add(range.broadcast);
  }
  return pickFree(range.network, range.broadcast, used, count, exclude);
}

export type ClusterIpResult = { ok: true; ip: string } | { ok: false; error: string };

/** Kubernetes' service range needs at least 8 addresses [K8S-SERVICES-GO]. */
const MIN_SERVICE_RANGE_SIZE = 8;

/**
 * Size of the lower "static" band of a range: `min(max(16, size/step), max)`, 0 for ranges of ≤ 16 — kube-apiserver's
 * `calculateRangeOffset` (ClusterIPs: step 16, max 256 [K8S-VIPS]; NodePorts: step 32, max 128).
 */
function staticBandSize(size: number, step: number, max: number): number {
  if (size <= 16) return 0;
  return Math.min(Math.max(16, Math.floor(size / step)), max);
}

/** The first usable address of the service range, which the `default/kubernetes` Service takes (10.96.0.1). */
export function kubernetesServiceIp(serviceCidr: string): string {
  return formatIPv4(parseOrThrow(serviceCidr, "service CIDR").network + 1);
}

/**
 * Picks a Service ClusterIP the way kube-apiserver does, deterministically:
 * - usable addresses are the range minus its network and broadcast address; the first usable (10.96.0.1) is reserved
 *   for the `kubernetes` Service;
 * - the lowest `min(max(16, size/16), 256)` usable addresses form the static band (256 for a /12) meant for
 *   user-chosen IPs; dynamic allocation takes the lowest free address of the upper band (kube-apiserver picks at
 *   random there) and falls back to the static band when the upper band is full;
 * - a requested IP must be inside the range, not its network/broadcast or the reserved address, and free.
 */
export function serviceClusterIp(serviceCidr: string, used: Taken, requested?: string): ClusterIpResult {
  const range = parseCidr(serviceCidr);
  if (!range || range.base !== range.network) return { ok: false, error: `service CIDR "${serviceCidr}" is not a network CIDR` };
  if (range.size < MIN_SERVICE_RANGE_SIZE) return { ok: false, error: `service CIDR ${serviceCidr} is too small: it needs at least ${MIN_SERVICE_RANGE_SIZE} addresses` };
  const first = range.network + 1;
  const last = range.broadcast - 1;
  const kubernetesIp = first;

  if (requested !== undefined) {
    const ip = parseIPv4(requested);
    if (ip === null) return { ok: false, error: `clusterIP "${requested}" is not a valid IPv4 address` };
    if (ip < range.network || ip > range.broadcast) return { ok: false, error: `clusterIP ${requested} is outside the service CIDR ${serviceCidr}` };
    if (ip === range.network || ip === range.broadcast) {
      return { ok: false, error: `clusterIP ${requested} is the ${ip === range.network ? "network" : "broadcast"} address of ${serviceCidr} and is never assigned` };
    }
    if (ip === kubernetesIp) return { ok: false, error: `clusterIP ${requested} is reserved for the default/kubernetes Service` };
    if (used.has(ip)) return { ok: false, error: `clusterIP ${requested} is already allocated` };
    return { ok: true, ip: requested };
  }

  const offset = staticBandSize(range.size, 16, 256);
  const reserved = new Set([kubernetesIp]);
  const picked = [pickFree(first + offset, last, used, 1, reserved), pickFree(first, first + offset - 1, used, 1, reserved)].find((p) => p.ok);
  return picked?.ok ? { ok: true, ip: formatIPv4(picked.addresses[0]) } : { ok: false, error: `the service CIDR ${serviceCidr} has no free ClusterIP` };
}

export type NodePortResult = { ok: true; port: number } | { ok: false; error: string };

/** `--service-node-port-range` default [K8S-OPTIONS-GO]. */
export const DEFAULT_NODE_PORT_RANGE: readonly [number, number] = [30000, 32767];

/**
 * Picks a NodePort the way kube-apiserver does, deterministically. The range is split like ClusterIPs
 * (`calculateRangeOffset` in kube-apiserver's portallocator: min 16, step 32, max 128 — verified in the source):
 * for 30000–32767 (2768 ports) the static band is the lowest 86 ports, 30000–30085. Dynamic allocation takes the
 * lowest free port of the upper band, then the static band. A requested port must be inside the range and free.
 */
export function nodePort(used: Taken, requested?: number, range: readonly [number, number] = DEFAULT_NODE_PORT_RANGE): NodePortResult {
  const [low, high] = range;
  if (requested !== undefined) {
    if (!Number.isInteger(requested) || requested < low || requested > high) {
      return { ok: false, error: `nodePort ${requested} is outside the NodePort range ${low}-${high}` };
    }
    if (used.has(requested)) return { ok: false, error: `nodePort ${requested} is already allocated` };
    return { ok: true, port: requested };
  }
  const offset = staticBandSize(high - low + 1, 32, 128);
  const picked = [pickFree(low + offset, high, used, 1), pickFree(low, low + offset - 1, used, 1)].find((p) => p.ok);
  return picked?.ok ? { ok: true, port: picked.addresses[0] } : { ok: false, error: `no free NodePort in ${low}-${high}` };
}
