/**
 * Dual-stack columns of a cluster (lib/cluster/dualstack.ts) between the spec, the database row and the DTO, and the
 * IPv6 half of a dual-stack cluster's pod addresses (Calico /122 blocks, lib/ipam/ipv6 PodIpamV6), kept apart from
 * the IPv4 code paths so they stay unchanged for single-stack clusters.
 */
import type { AksHciClusterSpec } from "../cluster/spec";
import { ipFamiliesOf, ipFamiliesText, isDualStack } from "../cluster/dualstack";
import { parseIPv4 } from "../ipam/address";
import { parseCidr6, PodIpamV6 } from "../ipam/ipv6";

export function dualStackColumns(spec: Pick<AksHciClusterSpec, "ipFamilies" | "podCidrV6" | "serviceCidrV6">): { ipFamilies: string; podCidrV6: string | null; serviceCidrV6: string | null } {
  const dual = isDualStack(spec);
  return { ipFamilies: ipFamiliesText(dual ? ["IPv4", "IPv6"] : ["IPv4"]), podCidrV6: dual ? spec.podCidrV6 ?? null : null, serviceCidrV6: dual ? spec.serviceCidrV6 ?? null : null };
}

export function dualStackDto(row: { ipFamilies: string; podCidrV6: string | null; serviceCidrV6: string | null }): { ipFamilies: ("IPv4" | "IPv6")[]; podCidrV6: string | null; serviceCidrV6: string | null } {
  const families = ipFamiliesOf(row.ipFamilies);
  const dual = families.length === 2 && !!row.podCidrV6 && !!row.serviceCidrV6;
  return { ipFamilies: dual ? ["IPv4", "IPv6"] : ["IPv4"], podCidrV6: dual ? row.podCidrV6 : null, serviceCidrV6: dual ? row.serviceCidrV6 : null };
}

/** Orders pod CIDR blocks: IPv4 numerically, then IPv6 numerically. */
export function compareCidrs(a: string, b: string): number {
  const a4 = parseIPv4(a.split("/")[0]);
  const b4 = parseIPv4(b.split("/")[0]);
  if (a4 !== null && b4 !== null) return a4 - b4;
  if (a4 !== null) return -1;
  if (b4 !== null) return 1;
  const a6 = parseCidr6(a)?.network ?? 0n;
  const b6 = parseCidr6(b)?.network ?? 0n;
  return a6 < b6 ? -1 : a6 > b6 ? 1 : 0;
}

/** The IPv6 addresses of a pod's `status.podIPs` (dual-stack pods list IPv4 first, then IPv6). */
export function v6Of(p: { status?: { podIPs?: { ip: string }[] } }): string[] {
  return (p.status?.podIPs ?? []).map((a) => a.ip).filter((ip) => ip.includes(":"));
}

/**
 * The IPv6 side of pod IPAM for one reconcile of a dual-stack Calico cluster, or null for a single-stack cluster.
 * `second(node, kept)` gives the pod's IPv6 `podIPs` entry: the one it had when it stays on its node, else the next
 * free address of the node's /122 blocks. Pods on Windows nodes get none: "Overlay (VXLAN) networks on Windows do not
 * support dual-stack networking" (kubernetes.io/docs/concepts/services-networking/dual-stack/, Windows support), and
 * AKS hybrid's pod network is a VXLAN overlay (fact sheet §6).
 */
export function podIpamV6For(
  cluster: { ipFamilies: string; podCidrV6: string | null; serviceCidrV6: string | null },
  vms: { name: string; osType: string }[],
  blocks: { cidr: string; node: string }[],
  keptPods: { spec: { hostNetwork?: boolean }; status?: { podIPs?: { ip: string }[] } }[],
): { second: (node: string, kept: { status?: { podIPs?: { ip: string }[] } } | undefined) => { ip: string }[]; newBlocks: { cidr: string; node: string }[] } | null {
  const dto = dualStackDto(cluster);
  if (!dto.podCidrV6) return null;
  const ipam = new PodIpamV6(dto.podCidrV6, blocks.filter((b) => b.cidr.includes(":")), keptPods.filter((p) => !p.spec.hostNetwork).flatMap(v6Of));
  const windows = new Set(vms.filter((v) => v.osType === "Windows").map((v) => v.name));
  return {
    newBlocks: ipam.newBlocks,
    second(node, kept) {
      if (windows.has(node)) return [];
      const own = kept ? v6Of(kept)[0] : undefined;
      if (own) return [{ ip: own }];
      const ip = ipam.allocate(node);
      return ip ? [{ ip }] : [];
    },
  };
}
