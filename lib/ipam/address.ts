/**
 * IPv4 address arithmetic for the AksHci IP planner and validators. Addresses are handled as unsigned 32-bit
 * integers (`0` = 0.0.0.0, `4294967295` = 255.255.255.255) so that ranges and subnets are plain number comparisons.
 */
import ipaddr from "ipaddr.js";

/** A parsed CIDR block such as `172.16.0.0/16`. */
export interface Cidr {
  /** the address as written before the slash (may have host bits set, see `network`) */
  base: number;
  prefixLength: number;
  /** `base` with the host bits cleared */
  network: number;
  /** the last address of the block */
  broadcast: number;
  /** number of addresses in the block, 2^(32 - prefixLength) */
  size: number;
}

/** An inclusive address range, e.g. a `vipPoolStart`–`vipPoolEnd` pool. */
export interface AddressRange {
  start: number;
  end: number;
}

export const IPV4_MAX = 0xffffffff;

/**
 * Parses a strict dotted-quad IPv4 address ("172.16.0.1") into a uint32. Rejects anything else: fewer parts,
 * octets above 255, leading zeros ("172.016.0.1", ambiguous: octal in some tools), hex, surrounding whitespace.
 */
export function parseIPv4(s: string): number | null {
  if (typeof s !== "string" || !ipaddr.IPv4.isValidFourPartDecimal(s)) return null;
  const [a, b, c, d] = ipaddr.IPv4.parse(s).octets;
  return ((a << 24) | (b << 16) | (c << 8) | d) >>> 0;
}

/** Formats a uint32 as a dotted quad. */
export function formatIPv4(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n > IPV4_MAX) throw new RangeError(`not an IPv4 address number: ${n}`);
  return [n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff].join(".");
}

/** The netmask of a prefix length as a uint32 (`/0` → 0). */
export function prefixMask(prefixLength: number): number {
  return prefixLength === 0 ? 0 : (IPV4_MAX << (32 - prefixLength)) >>> 0;
}

/**
 * Parses `a.b.c.d/len` (len 0–32, no leading zeros). Host bits may be set (`172.16.5.0/16` parses with
 * `network` 172.16.0.0): the validators report that case with a precise message instead of a bare "invalid".
 */
export function parseCidr(s: string): Cidr | null {
  if (typeof s !== "string") return null;
  const m = /^([^/]+)\/(0|[1-9]\d?)$/.exec(s);
  if (!m) return null;
  const base = parseIPv4(m[1]);
  const prefixLength = Number(m[2]);
  if (base === null || prefixLength > 32) return null;
  const mask = prefixMask(prefixLength);
  const network = (base & mask) >>> 0;
  const size = 2 ** (32 - prefixLength);
  return { base, prefixLength, network, broadcast: network + size - 1, size };
}

/** Formats a block as `network/prefixLength`. */
export function formatCidr(network: number, prefixLength: number): string {
  return `${formatIPv4(network)}/${prefixLength}`;
}

/** True when `address` lies in the block. */
export function cidrContains(cidr: Cidr, address: number): boolean {
  return address >= cidr.network && address <= cidr.broadcast;
}

/** True when the inclusive ranges [a1, a2] and [b1, b2] share at least one address. */
export function rangesOverlap(a1: number, a2: number, b1: number, b2: number): boolean {
  return a1 <= b2 && b1 <= a2;
}

/** Number of addresses in the inclusive range [start, end]; 0 when end < start. */
export function rangeSize(start: number, end: number): number {
  return end < start ? 0 : end - start + 1;
}

/**
 * Usable host addresses of a block: all of them minus the network and broadcast address. /31 and /32 have no
 * network/broadcast address (RFC 3021 point-to-point / single host), so all their addresses count.
 */
export function usableHostCount(prefixLength: number): number {
  const size = 2 ** (32 - prefixLength);
  return prefixLength >= 31 ? size : size - 2;
}

/**
 * The smallest subnet (longest prefix) that can hold `hostCount` addresses plus the default gateway.
 *
 * Rule: the smallest prefix p ≤ 30 with `2^(32-p) - 2 ≥ hostCount + 1`, i.e. the block minus its network and
 * broadcast address must hold every planned address and one gateway. /31 and /32 are never proposed: they have
 * no room for a gateway next to the hosts.
 *
 * Worked example (fact sheet §3.5): 32 addresses need 33 usable hosts; a /27 has 32 − 2 = 30, a /26 has
 * 64 − 2 = 62 ⇒ `/26`, as the documentation recommends.
 *
 * Returns null when no IPv4 subnet is large enough (hostCount > 2^32 − 3) or hostCount is not an integer ≥ 0.
 */
export function smallestPrefixFor(hostCount: number): number | null {
  if (!Number.isInteger(hostCount) || hostCount < 0) return null;
  for (let p = 30; p >= 0; p--) {
    if (usableHostCount(p) >= hostCount + 1) return p;
  }
  return null;
}
