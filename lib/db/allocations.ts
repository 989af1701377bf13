/**
 * Address allocation from a network's node IP pool and VIP pool. Always called inside a transaction: the free
 * addresses are chosen from what the transaction sees, and the UNIQUE (networkId, address) constraint is the final
 * guard, so two concurrent requests can never hold the same address.
 */
import type { Prisma } from "../generated/prisma/client";
import { formatIPv4, parseIPv4, parseCidr } from "../ipam/address";
import { pickFree } from "../ipam/alloc";
import { conflict } from "../errors";

export type PoolName = "node" | "vip";

export interface NetworkRow {
  id: number;
  name: string;
  ipAddressPrefix: string | null;
  gateway: string | null;
  dnsServers: string;
  vipPoolStart: string;
  vipPoolEnd: string;
  k8sNodeIpPoolStart: string | null;
  k8sNodeIpPoolEnd: string | null;
}

export interface AllocationRequest {
  ownerKind: string;
  ownerName: string;
  clusterId?: number | null;
}

export function poolRange(net: NetworkRow, pool: PoolName): { start: number; end: number } | null {
  const s = pool === "vip" ? net.vipPoolStart : net.k8sNodeIpPoolStart;
  const e = pool === "vip" ? net.vipPoolEnd : net.k8sNodeIpPoolEnd;
  if (!s || !e) return null;
  const start = parseIPv4(s);
  const end = parseIPv4(e);
  if (start === null || end === null) return null;
  return { start, end };
}

/** Addresses inside a pool that must never be handed out: gateway, DNS servers, network and broadcast address. */
export function reservedAddresses(net: NetworkRow): Set<number> {
  const out = new Set<number>();
  const gw = net.gateway ? parseIPv4(net.gateway) : null;
  if (gw !== null) out.add(gw);
  for (const d of JSON.parse(net.dnsServers) as string[]) {
    const n = parseIPv4(d);
    if (n !== null) out.add(n);
  }
  const cidr = net.ipAddressPrefix ? parseCidr(net.ipAddressPrefix) : null;
  if (cidr && cidr.prefixLength < 31) {
    out.add(cidr.network);
    out.add(cidr.broadcast);
  }
  return out;
}

/**
 * Allocates one address per request from the pool, lowest free first. Throws a 409 naming the pool and how many
 * addresses were missing when the pool cannot hold them all (nothing is written then: the caller's transaction rolls back).
 */
export async function allocateFromPool(
  tx: Prisma.TransactionClient,
  net: NetworkRow,
  pool: PoolName,
  requests: AllocationRequest[],
): Promise<string[]> {
  if (requests.length === 0) return [];
  const range = poolRange(net, pool);
  if (!range) throw conflict("pool_unavailable", `network "${net.name}" has no ${pool === "vip" ? "VIP" : "k8s node IP"} pool`, { network: net.name, pool });
  const used = new Set<number>(
    (await tx.ipAllocation.findMany({ where: { networkId: net.id, pool }, select: { addressNum: true } })).map((a) => a.addressNum),
  );
  for (const r of reservedAddresses(net)) used.add(r);
  const picked = pickFree(range.start, range.end, used, requests.length);
  if (!picked.ok) {
    const poolLabel = pool === "vip" ? "VIP pool" : "k8s node IP pool";
    throw conflict(
      "pool_exhausted",
      `the ${poolLabel} of network "${net.name}" is exhausted: ${requests.length} address(es) needed, ${picked.missing} missing`,
      { network: net.name, pool, needed: requests.length, missing: picked.missing },
    );
  }
  await tx.ipAllocation.createMany({
    data: picked.addresses.map((n, i) => ({
      networkId: net.id,
      address: formatIPv4(n),
      addressNum: n,
      pool,
      ownerKind: requests[i].ownerKind,
      ownerName: requests[i].ownerName,
      clusterId: requests[i].clusterId ?? null,
    })),
  });
  return picked.addresses.map(formatIPv4);
}
