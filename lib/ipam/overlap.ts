/**
 * One overlap rule across every AksHci network object (fact sheet §1.6 rule 14, [KI-NET]): "creating virtual
 * networks with a similar configuration cause overlap issues"; "two AKS hosts with the same AksHciNetworkSetting ⇒
 * both API servers get the same IP". Each address is handed out by the pool of one network only, so:
 *
 * - no node IP pool or VIP pool of a network may share an address with a pool of another network (node ↔ node,
 *   VIP ↔ VIP, node ↔ VIP);
 * - the gateway and DNS servers of a network may not lie inside another network's pools, nor another network's
 *   gateway / DNS servers inside this network's pools (they would be handed out as node IPs or VIPs);
 * - the AKS host's addresses (its VM, its two upgrade spares, its kube-vip API server VIP, §3.2) come from the pools
 *   of the `managementCluster` network, so they are covered by the pool rule; the message names that network as the
 *   AKS host's.
 *
 * Pure: used by the server (409 on create), the network form (live, from the loaded list) and the conflict report.
 */
import { formatIPv4, parseIPv4, rangesOverlap, type AddressRange } from "./address";

/** The addressing of one network, as the API lists it (DTO fields) or as the create form has it. */
export interface NetworkAddressing {
  name: string;
  gateway?: string | null;
  dnsServers?: readonly string[] | null;
  vipPoolStart: string;
  vipPoolEnd: string;
  k8sNodeIpPoolStart?: string | null;
  k8sNodeIpPoolEnd?: string | null;
  managementCluster?: boolean | null;
}

export interface NetworkOverlap {
  /** field of the candidate network the problem belongs to */
  path: string;
  /** the other network */
  otherNetwork: string;
  /** the overlapping addresses, `a–b` (or one address) */
  range: string;
  message: string;
  /** translatable form of `message` (lib/i18n/problems.ts) */
  code: "overlap.pools" | "overlap.inPool" | "overlap.contains";
  vars: Record<string, string>;
}

type PoolKey = "vip" | "node";
const POOL_LABEL: Record<PoolKey, string> = { vip: "VIP pool", node: "k8s node IP pool" };
const POOL_START_FIELD: Record<PoolKey, string> = { vip: "vipPoolStart", node: "k8sNodeIpPoolStart" };

function range(start: string | null | undefined, end: string | null | undefined): AddressRange | null {
  const s = start ? parseIPv4(start) : null;
  const e = end ? parseIPv4(end) : null;
  return s === null || e === null || s > e ? null : { start: s, end: e };
}

function poolsOf(n: NetworkAddressing): [PoolKey, AddressRange][] {
  const out: [PoolKey, AddressRange][] = [];
  const vip = range(n.vipPoolStart, n.vipPoolEnd);
  if (vip) out.push(["vip", vip]);
  const node = range(n.k8sNodeIpPoolStart, n.k8sNodeIpPoolEnd);
  if (node) out.push(["node", node]);
  return out;
}

function singles(n: NetworkAddressing): { path: string; what: string; value: number; text: string }[] {
  const out: { path: string; what: string; value: number; text: string }[] = [];
  const gw = n.gateway ? parseIPv4(n.gateway) : null;
  if (gw !== null) out.push({ path: "gateway", what: "gateway", value: gw, text: n.gateway! });
  (n.dnsServers ?? []).forEach((d, i) => {
    const v = parseIPv4(d);
    if (v !== null) out.push({ path: `dnsServers[${i}]`, what: "DNS server", value: v, text: d });
  });
  return out;
}

export function formatRange(r: AddressRange): string {
  return r.start === r.end ? formatIPv4(r.start) : `${formatIPv4(r.start)}–${formatIPv4(r.end)}`;
}

function networkLabel(n: NetworkAddressing): string {
  return `network "${n.name}"${hostNote(n)}`;
}

function hostNote(n: NetworkAddressing): string {
  return n.managementCluster ? " (the AKS host's network)" : "";
}

/**
 * Every way `candidate` overlaps one of `others` (a network with the candidate's own name is skipped). Empty when
 * the candidate can coexist with all of them.
 */
export function networkOverlaps(candidate: NetworkAddressing, others: readonly NetworkAddressing[]): NetworkOverlap[] {
  const out: NetworkOverlap[] = [];
  const mine = poolsOf(candidate);
  for (const other of others) {
    if (other.name === candidate.name) continue;
    const theirs = poolsOf(other);
    const label = networkLabel(other);
    for (const [key, r] of mine) {
      for (const [okey, o] of theirs) {
        if (!rangesOverlap(r.start, r.end, o.start, o.end)) continue;
        const overlap = { start: Math.max(r.start, o.start), end: Math.min(r.end, o.end) };
        const text = formatRange(overlap);
        out.push({
          path: POOL_START_FIELD[key],
          otherNetwork: other.name,
          range: text,
          message: `the ${POOL_LABEL[key]} ${formatRange(r)} overlaps the ${POOL_LABEL[okey]} ${formatRange(o)} of ${label} at ${text}; two network objects must never hand out the same address`,
          code: "overlap.pools",
          vars: { pool: POOL_LABEL[key], range: formatRange(r), otherPool: POOL_LABEL[okey], otherRange: formatRange(o), network: other.name, host: hostNote(other), at: text },
        });
      }
    }
    for (const s of singles(candidate)) {
      for (const [okey, o] of theirs) {
        if (s.value < o.start || s.value > o.end) continue;
        out.push({
          path: s.path,
          otherNetwork: other.name,
          range: s.text,
          message: `${s.what} ${s.text} lies inside the ${POOL_LABEL[okey]} ${formatRange(o)} of ${label}, which would hand it out as a ${okey === "vip" ? "VIP" : "node IP"}`,
          code: "overlap.inPool",
          vars: { what: s.what, address: s.text, otherPool: POOL_LABEL[okey], otherRange: formatRange(o), network: other.name, host: hostNote(other), as: okey === "vip" ? "VIP" : "node IP" },
        });
      }
    }
    for (const s of singles(other)) {
      for (const [key, r] of mine) {
        if (s.value < r.start || s.value > r.end) continue;
        out.push({
          path: POOL_START_FIELD[key],
          otherNetwork: other.name,
          range: s.text,
          message: `the ${POOL_LABEL[key]} ${formatRange(r)} contains ${s.text}, the ${s.what} of ${label}`,
          code: "overlap.contains",
          vars: { pool: POOL_LABEL[key], range: formatRange(r), address: s.text, what: s.what, network: other.name, host: hostNote(other) },
        });
      }
    }
  }
  return out;
}

/** One address held in two networks' allocations (imported or allocated state), for the conflict report. */
export interface CrossNetworkCollision {
  address: string;
  holders: { network: string; cluster: string | null; ownerKind: string; ownerName: string }[];
  message: string;
}

/**
 * Addresses held by allocations of more than one network (e.g. clusters imported on overlapping networks that got
 * the same node IPs or API server VIP). `allocations` lists every allocation of every network.
 */
export interface AddressHolder {
  address: string;
  network: string;
  cluster: string | null;
  ownerKind: string;
  ownerName: string;
}

export function crossNetworkCollisions(allocations: readonly AddressHolder[]): CrossNetworkCollision[] {
  const byAddress = new Map<string, AddressHolder[]>();
  for (const a of allocations) byAddress.set(a.address, [...(byAddress.get(a.address) ?? []), a]);
  const out: CrossNetworkCollision[] = [];
  for (const [address, holders] of byAddress) {
    if (new Set(holders.map((h) => h.network)).size < 2) continue;
    const sorted = [...holders].sort((a, b) => a.network.localeCompare(b.network) || (a.cluster ?? "").localeCompare(b.cluster ?? ""));
    out.push({
      address,
      holders: sorted.map(({ network, cluster, ownerKind, ownerName }) => ({ network, cluster, ownerKind, ownerName })),
      message:
        `${address} is held in ${new Set(sorted.map((h) => h.network)).size} networks: ` +
        sorted.map((h) => `${h.ownerKind} ${h.ownerName}${h.cluster ? ` of cluster ${h.cluster}` : ""} (network "${h.network}")`).join("; ") +
        `; both will answer on the same address`,
    });
  }
  return out.sort((a, b) => parseIPv4(a.address)! - parseIPv4(b.address)!);
}
