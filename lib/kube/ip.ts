/**
 * Strict IP helpers on top of ipaddr.js. ipaddr.js accepts legacy IPv4 forms (`10.1`, octal, hex) that Kubernetes
 * rejects; these helpers accept only dotted-quad IPv4 and standard IPv6 (IPv4-mapped IPv6 included), and CIDRs whose
 * address part is in those forms.
 */
import ipaddr from "ipaddr.js";

export type IpAddress = ipaddr.IPv4 | ipaddr.IPv6;

/** Dotted-quad IPv4 without leading zeros, or IPv6. */
export function isIpAddress(value: unknown): boolean {
  if (typeof value !== "string" || value === "") return false;
  if (value.includes(":")) return ipaddr.IPv6.isValid(value) && !value.includes("%");
  return ipaddr.IPv4.isValidFourPartDecimal(value) && !/(^|\.)0\d/.test(value);
}

/** Parse a strictly valid IP (see {@link isIpAddress}), or undefined. */
export function parseIp(value: unknown): IpAddress | undefined {
  return isIpAddress(value) ? ipaddr.parse(value as string) : undefined;
}

/** Parse a strictly valid CIDR (`10.0.0.0/8`, `fd00::/64`), or undefined. The address need not be the network address. */
export function parseCidr(value: unknown): [IpAddress, number] | undefined {
  if (typeof value !== "string") return undefined;
  const slash = value.indexOf("/");
  if (slash < 0) return undefined;
  const addr = value.slice(0, slash);
  const len = value.slice(slash + 1);
  if (!isIpAddress(addr) || !/^\d{1,3}$/.test(len)) return undefined;
  try {
    return ipaddr.parseCIDR(value);
  } catch {
    return undefined;
  }
}

/** True when `ip` lies inside `cidr` (same family). */
export function cidrContains(cidr: [IpAddress, number], ip: IpAddress): boolean {
  return ip.kind() === cidr[0].kind() && (ip as ipaddr.IPv4).match(cidr as [ipaddr.IPv4, number]);
}

/** True when CIDR `inner` lies inside CIDR `outer` (same family, prefix at least as long). */
export function cidrWithin(inner: [IpAddress, number], outer: [IpAddress, number]): boolean {
  return inner[0].kind() === outer[0].kind() && inner[1] >= outer[1] && cidrContains(outer, inner[0]);
}

/** The network address of a CIDR. */
export function networkAddress(cidr: [IpAddress, number]): IpAddress {
  const [addr, len] = cidr;
  const bytes = addr.toByteArray();
  for (let i = 0; i < bytes.length; i++) {
    const bitsHere = Math.max(0, Math.min(8, len - i * 8));
    bytes[i] &= bitsHere === 0 ? 0 : (0xff << (8 - bitsHere)) & 0xff;
  }
  return ipaddr.fromByteArray(bytes);
}

/** The last address of a CIDR (the IPv4 broadcast address). */
export function lastAddress(cidr: [IpAddress, number]): IpAddress {
  const [addr, len] = cidr;
  const bytes = addr.toByteArray();
  for (let i = 0; i < bytes.length; i++) {
    const bitsHere = Math.max(0, Math.min(8, len - i * 8));
    bytes[i] |= bitsHere >= 8 ? 0 : 0xff >> bitsHere;
  }
  return ipaddr.fromByteArray(bytes);
}

/** Compare two addresses for equality (normalised form). */
export function sameIp(a: IpAddress, b: IpAddress): boolean {
  return a.kind() === b.kind() && a.toNormalizedString() === b.toNormalizedString();
}

/** Orders addresses numerically (IPv4 before IPv6 only by text when the families differ; unparsable ones by text). */
export function compareIps(a: string, b: string): number {
  const pa = parseIp(a);
  const pb = parseIp(b);
  if (pa && pb && pa.kind() === pb.kind()) {
    const ba = pa.toByteArray();
    const bb = pb.toByteArray();
    for (let i = 0; i < ba.length; i++) if (ba[i] !== bb[i]) return ba[i] - bb[i];
    return 0;
  }
  return a.localeCompare(b);
}
