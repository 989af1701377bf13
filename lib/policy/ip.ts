/**
 * IP addresses and CIDR ranges as numbers, for matching NetworkPolicy `ipBlock`s against pod IPs. IPv4 addresses are
 * plain numbers (fast sorted lookups); IPv6 addresses are bigints.
 */
import ipaddr from "ipaddr.js";
import type { IPBlock, Pod } from "../kube/types";

export type IpAddress = { family: 4; value: number } | { family: 6; value: bigint };

/** An inclusive address range of one family. */
export type IpRange = { family: 4; first: number; last: number } | { family: 6; first: bigint; last: bigint };

function bytesToBigInt(bytes: number[]): bigint {
  let v = 0n;
  for (const b of bytes) v = (v << 8n) | BigInt(b);
  return v;
}

/** Canonical dotted-quad IPv4 (no leading zeros, which ipaddr.js would read as octal): parsed without ipaddr.js. */
const DOTTED_QUAD = /^(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})$/;

/** Parse an IP address (any form ipaddr.js accepts); undefined when it is not one. */
export function parseIp(text: string): IpAddress | undefined {
  const quad = DOTTED_QUAD.exec(text);
  if (quad) {
    const [a, b, c, d] = [quad[1], quad[2], quad[3], quad[4]].map(Number);
    if (a <= 255 && b <= 255 && c <= 255 && d <= 255) return { family: 4, value: a * 16777216 + b * 65536 + c * 256 + d };
  }
  if (!ipaddr.isValid(text)) return undefined;
  const addr = ipaddr.parse(text);
  if (addr.kind() === "ipv4") {
    const [a, b, c, d] = addr.toByteArray();
    return { family: 4, value: ((a << 24) >>> 0) + (b << 16) + (c << 8) + d };
  }
  return { family: 6, value: bytesToBigInt(addr.toByteArray()) };
}

/** Parse a CIDR into the range of addresses it covers (host bits ignored); undefined when it is not a CIDR. */
export function parseCidr(text: string): IpRange | undefined {
  if (!ipaddr.isValidCIDR(text)) return undefined;
  const [addr, prefix] = ipaddr.parseCIDR(text);
  if (addr.kind() === "ipv4") {
    const base = parseIp(addr.toString()) as { family: 4; value: number };
    const size = 2 ** (32 - prefix);
    const first = Math.floor(base.value / size) * size;
    return { family: 4, first, last: first + size - 1 };
  }
  const value = bytesToBigInt(addr.toByteArray());
  const hostBits = BigInt(128 - prefix);
  const first = (value >> hostBits) << hostBits;
  return { family: 6, first, last: first + (1n << hostBits) - 1n };
}

export function inRange(ip: IpAddress, range: IpRange): boolean {
  if (ip.family === 4) return range.family === 4 && ip.value >= range.first && ip.value <= range.last;
  return range.family === 6 && ip.value >= range.first && ip.value <= range.last;
}

/** An `ipBlock` compiled: its CIDR and `except` ranges (unparseable entries are dropped; validation reports them). */
export interface CompiledIpBlock {
  cidr: IpRange | undefined;
  except: IpRange[];
}

export function compileIpBlock(block: IPBlock): CompiledIpBlock {
  return {
    cidr: parseCidr(block.cidr),
    except: (block.except ?? []).map(parseCidr).filter((r): r is IpRange => r !== undefined),
  };
}

/** Is the address inside the block's CIDR and outside every `except`? */
export function ipBlockContains(block: CompiledIpBlock, ip: IpAddress): boolean {
  if (!block.cidr || !inRange(ip, block.cidr)) return false;
  return !block.except.some((r) => inRange(ip, r));
}

/**
 * The IPs of a pod: `status.podIPs` (dual-stack) and `status.podIP`, deduplicated. Host-network pods report the
 * node's IP here and are treated like any other pod with that IP.
 */
export function podIps(pod: Pod): IpAddress[] {
  const texts = new Set<string>();
  for (const entry of pod.status?.podIPs ?? []) if (entry?.ip) texts.add(entry.ip);
  if (pod.status?.podIP) texts.add(pod.status.podIP);
  const out: IpAddress[] = [];
  for (const t of texts) {
    const ip = parseIp(t);
    if (ip && !out.some((o) => o.family === ip.family && o.value === ip.value)) out.push(ip);
  }
  return out;
}
