/**
 * IPv6 address arithmetic for dual-stack clusters (Calico only): the IPv6 pod range (Calico IPAM blocks of /122,
 * the upstream default blockSize for IPv6 [CALICO-IPPOOL]) and the IPv6 service range (Service ClusterIPs).
 * Addresses are bigints; text is RFC 5952 (compressed, lowercase: `fd00:10:96::a`), the one canonical form stored in
 * the database, so an address can never be held twice under two spellings.
 */
import ipaddr from "ipaddr.js";

export interface Cidr6 {
  /** the address as written before the slash */
  base: bigint;
  prefixLength: number;
  /** `base` with the host bits cleared */
  network: bigint;
  /** the last address of the block */
  last: bigint;
  /** 2^(128 - prefixLength) */
  size: bigint;
}

const ALL_ONES = (1n << 128n) - 1n;

/** Strict IPv6 text ("fd00::1"; no zone, no brackets, no IPv4 dotted forms other than the standard mapped one). */
export function parseIPv6(s: unknown): bigint | null {
  if (typeof s !== "string" || !s.includes(":") || s.includes("%") || !ipaddr.IPv6.isValid(s)) return null;
  let n = 0n;
  for (const part of ipaddr.IPv6.parse(s).parts) n = (n << 16n) | BigInt(part);
  return n;
}

/** RFC 5952 text of an IPv6 number. */
export function formatIPv6(n: bigint): string {
  if (n < 0n || n > ALL_ONES) throw new RangeError(`not an IPv6 address number: ${n}`);
  const parts: number[] = [];
  for (let i = 7; i >= 0; i--) parts.push(Number((n >> BigInt(i * 16)) & 0xffffn));
  return new ipaddr.IPv6(parts).toRFC5952String();
}

/** The canonical (RFC 5952) text of an IPv6 address, or null when `s` is not one. */
export function canonicalIPv6(s: unknown): string | null {
  const n = parseIPv6(s);
  return n === null ? null : formatIPv6(n);
}

/** `fd00:10:244::/56` → its parts; null when not an IPv6 CIDR (host bits may be set: see `network`). */
export function parseCidr6(s: unknown): Cidr6 | null {
  if (typeof s !== "string") return null;
  const m = /^([^/]+)\/(0|[1-9]\d{0,2})$/.exec(s);
  if (!m) return null;
  const base = parseIPv6(m[1]);
  const prefixLength = Number(m[2]);
  if (base === null || prefixLength > 128) return null;
  const hostBits = BigInt(128 - prefixLength);
  const size = 1n << hostBits;
  const network = (base >> hostBits) << hostBits;
  return { base, prefixLength, network, last: network + size - 1n, size };
}

export function formatCidr6(network: bigint, prefixLength: number): string {
  return `${formatIPv6(network)}/${prefixLength}`;
}

export function cidr6Overlaps(a: Cidr6, b: Cidr6): boolean {
  return a.network <= b.last && b.network <= a.last;
}

export function cidr6Contains(c: Cidr6, n: bigint): boolean {
  return n >= c.network && n <= c.last;
}

/** ipaddr.js ranges an IPv6 pod or service range may not come from (they are not routable unicast addresses). */
const SPECIAL_RANGES = new Set(["unspecified", "linkLocal", "multicast", "loopback", "ipv4Mapped", "rfc6145", "rfc6052", "6to4", "teredo"]);

/** Calico's upstream default IPAM block size for IPv6 pools [CALICO-IPPOOL] (fact sheet §4: "122 for IPv6"). */
export const CALICO_BLOCK_SIZE_V6 = 122;

/**
 * Size rules of the two IPv6 ranges:
 * - service: at most 20 host bits (kube-apiserver: "specified --service-cluster-ip-range is too large; for 128-bit
 *   addresses, the mask must be >= 108", cmd/kube-apiserver/app/options/validation.go) and at least 8 addresses
 *   like the IPv4 range ([K8S-SERVICES-GO], fact sheet §4) ⇒ /108–/125;
 * - pod: a Calico pool holds whole /122 blocks, and /116 is the smallest pool with room for 64 blocks (64 nodes or
 *   4,096 pods); /48 is the largest range hcinet accepts (a site prefix, RFC 6177) ⇒ /48–/116.
 */
export const IPV6_RANGE_LIMITS = {
  service: { min: 108, max: 125 },
  pod: { min: 48, max: 116 },
} as const;

export type Ipv6RangeKind = keyof typeof IPV6_RANGE_LIMITS;

/** The problem of one IPv6 range (`kind` names its rules), or null when it is fine. */
export function ipv6RangeProblem(value: string, kind: Ipv6RangeKind): string | null {
  return ipv6RangeIssue(value, kind)?.message ?? null;
}

/** An IPv6 range problem with its translatable code (lib/i18n/problems.ts) and the values its text is filled with. */
export interface Ipv6RangeIssue {
  message: string;
  code: "ipv6.notCidr" | "ipv6.hostBits" | "ipv6.special" | "ipv6.serviceSize" | "ipv6.podSize";
  vars: Record<string, string | number>;
}

/** {@link ipv6RangeProblem} with a problem code, so the UI can say it in the user's language. */
export function ipv6RangeIssue(value: string, kind: Ipv6RangeKind): Ipv6RangeIssue | null {
  const c = parseCidr6(value);
  if (!c) {
    const example = kind === "pod" ? "fd00:10:244::/56" : "fd00:10:96::/112";
    return { message: `"${value}" is not an IPv6 CIDR such as ${example}`, code: "ipv6.notCidr", vars: { value, example } };
  }
  if (c.base !== c.network) {
    const network = formatCidr6(c.network, c.prefixLength);
    return { message: `"${value}" has host bits set; the network is ${network}`, code: "ipv6.hostBits", vars: { value, network } };
  }
  const range = ipaddr.IPv6.parse(value.split("/")[0]).range();
  if (SPECIAL_RANGES.has(range)) {
    return {
      message: `${value} is in a special-purpose range (${range}); use a unique local (fd00::/8) or global unicast range`,
      code: "ipv6.special",
      vars: { value, range },
    };
  }
  const { min, max } = IPV6_RANGE_LIMITS[kind];
  const got = c.prefixLength;
  if (got < min || got > max) {
    return kind === "service"
      ? {
          message: `the IPv6 service range must be /${min} to /${max}: kube-apiserver refuses more than 20 host bits ("for 128-bit addresses, the mask must be >= 108") and the range needs at least 8 addresses; got /${got}`,
          code: "ipv6.serviceSize",
          vars: { min, max, got },
        }
      : {
          message: `the IPv6 pod range must be /${min} to /${max}: Calico hands it out in /${CALICO_BLOCK_SIZE_V6} blocks and /${max} holds 64 of them; got /${got}`,
          code: "ipv6.podSize",
          vars: { min, max, block: CALICO_BLOCK_SIZE_V6, got },
        };
  }
  return null;
}

export type ClusterIpV6Result = { ok: true; ip: string } | { ok: false; error: string };

/**
 * kube-apiserver's IPv6 ClusterIP allocator, deterministically (pkg/registry/core/service/ipallocator): the network
 * address is never handed out, IPv6 has no broadcast address to skip, and the bitmap covers at most the first 65,536
 * addresses of the range; the lower `min(max(16, size/16), 256)` addresses are the static band for user-chosen IPs,
 * dynamic allocation takes the lowest free address above it, then the static band. `used` holds canonical texts.
 */
export function serviceClusterIpV6(serviceCidr: string, used: ReadonlySet<string>, requested?: string): ClusterIpV6Result {
  const c = parseCidr6(serviceCidr);
  if (!c || c.base !== c.network) return { ok: false, error: `IPv6 service CIDR "${serviceCidr}" is not a network CIDR` };
  const maxOffset = (c.size < 65536n ? c.size : 65536n) - 1n; // offsets 1..maxOffset
  if (requested !== undefined) {
    const n = parseIPv6(requested);
    if (n === null) return { ok: false, error: `clusterIP "${requested}" is not a valid IPv6 address` };
    if (!cidr6Contains(c, n)) return { ok: false, error: `clusterIP ${requested} is outside the IPv6 service CIDR ${serviceCidr}` };
    if (n === c.network) return { ok: false, error: `clusterIP ${requested} is the network address of ${serviceCidr} and is never assigned` };
    if (n - c.network > maxOffset) return { ok: false, error: `clusterIP ${requested} is beyond the first 65,536 addresses of ${serviceCidr}, which kube-apiserver's allocator covers` };
    const text = formatIPv6(n);
    if (used.has(text)) return { ok: false, error: `clusterIP ${text} is already allocated` };
    return { ok: true, ip: text };
  }
  const size = Number(c.size < 1n << 20n ? c.size : 1n << 20n);
  const band = BigInt(size <= 16 ? 0 : Math.min(Math.max(16, Math.floor(size / 16)), 256));
  const scan = (from: bigint, to: bigint): string | null => {
    for (let o = from; o <= to; o++) {
      const text = formatIPv6(c.network + o);
      if (!used.has(text)) return text;
    }
    return null;
  };
  const ip = scan(band + 1n, maxOffset) ?? scan(1n, band < maxOffset ? band : maxOffset);
  return ip ? { ok: true, ip } : { ok: false, error: `the IPv6 service CIDR ${serviceCidr} has no free ClusterIP` };
}

export interface PodBlockV6 {
  cidr: string;
  node: string;
}

/**
 * IPv6 pod addresses of a dual-stack Calico cluster: /122 IPAM blocks claimed by a node when it needs an address and
 * has no block with room, lowest free block first; addresses lowest free first, the block's first address skipped
 * (as for IPv4 blocks, where it is the node's VXLAN tunnel address). In memory; the caller writes `newBlocks` and
 * the addresses in its transaction.
 */
export class PodIpamV6 {
  private readonly pool: Cidr6;
  private readonly blocks: { cidr: string; node: string; first: bigint; last: bigint }[] = [];
  private readonly used = new Set<bigint>();
  readonly newBlocks: PodBlockV6[] = [];

  constructor(podCidrV6: string, blocks: PodBlockV6[], usedAddresses: Iterable<string>) {
    const c = parseCidr6(podCidrV6);
    if (!c || c.base !== c.network) throw new Error(`invalid IPv6 pod CIDR ${podCidrV6}`);
    this.pool = c;
    for (const b of blocks) this.addBlock(b.cidr, b.node);
    for (const a of usedAddresses) {
      const n = parseIPv6(a);
      if (n !== null) this.used.add(n);
    }
  }

  private addBlock(cidr: string, node: string): void {
    const c = parseCidr6(cidr);
    if (!c) throw new Error(`invalid IPv6 block ${cidr}`);
    this.blocks.push({ cidr, node, first: c.network, last: c.last });
  }

  private claimBlock(node: string): boolean {
    const step = 1n << BigInt(128 - CALICO_BLOCK_SIZE_V6);
    const taken = new Set(this.blocks.map((b) => b.first));
    for (let n = this.pool.network; n + step - 1n <= this.pool.last; n += step) {
      if (taken.has(n)) continue;
      const cidr = formatCidr6(n, CALICO_BLOCK_SIZE_V6);
      this.addBlock(cidr, node);
      this.newBlocks.push({ cidr, node });
      return true;
    }
    return false;
  }

  blocksOf(node: string): string[] {
    return this.blocks.filter((b) => b.node === node).map((b) => b.cidr);
  }

  /** The next IPv6 pod address on `node`, or null when the IPv6 pod range is full. */
  allocate(node: string): string | null {
    for (const b of this.blocks) {
      if (b.node !== node) continue;
      for (let n = b.first + 1n; n <= b.last; n++) {
        if (!this.used.has(n)) {
          this.used.add(n);
          return formatIPv6(n);
        }
      }
    }
    return this.claimBlock(node) ? this.allocate(node) : null;
  }
}
