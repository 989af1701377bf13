/**
 * Pod address management inside one cluster, in memory: built from what the database holds, mutated synchronously
 * while a change is computed (so it can serve as the `assignPodIp` callback of workload expansion), then the new
 * blocks and addresses are written in the same transaction (where UNIQUE constraints are the final guard).
 *
 * - Flannel: every node owns one /24 of the pod CIDR (`SubnetLen` 24, fact sheet §4); pods get addresses from it,
 *   skipping the network address, `.1` (the node's cni0 bridge / gateway) and the broadcast address.
 * - Calico: IPAM blocks of /26 (upstream default blockSize; UNCONFIRMED for AKS hybrid) are claimed from the pool by a
 *   node when it needs a pod address and has no block with room. The first address of a node's first block becomes
 *   its VXLAN tunnel address (as the 10.244.x.192 tunnel address in the fact sheet's evidence).
 */
import { formatCidr, formatIPv4, parseCidr, parseIPv4 } from "./address";

export type Plugin = "calico" | "flannel";
export const FLANNEL_SUBNET_LEN = 24;
export const CALICO_BLOCK_SIZE = 26;

export interface PodBlock {
  cidr: string;
  node: string;
}

interface Block {
  cidr: string;
  node: string;
  first: number;
  last: number;
}

export class PodIpam {
  readonly plugin: Plugin;
  private readonly pool: { network: number; broadcast: number; prefixLength: number };
  private readonly blocks: Block[] = [];
  private readonly used = new Set<number>();
  readonly newBlocks: PodBlock[] = [];
  readonly tunnelAddresses = new Map<string, string>();

  constructor(plugin: Plugin, podCidr: string, blocks: PodBlock[], usedAddresses: Iterable<string>) {
    this.plugin = plugin;
    const c = parseCidr(podCidr);
    if (!c) throw new Error(`invalid pod CIDR ${podCidr}`);
    this.pool = c;
    for (const b of blocks) this.addBlock(b.cidr, b.node);
    for (const a of usedAddresses) {
      const n = parseIPv4(a);
      if (n !== null) this.used.add(n);
    }
  }

  private addBlock(cidr: string, node: string): Block {
    const c = parseCidr(cidr);
    if (!c) throw new Error(`invalid block ${cidr}`);
    const b = { cidr, node, first: c.network, last: c.broadcast };
    this.blocks.push(b);
    return b;
  }

  private blockSize(): number {
    return this.plugin === "flannel" ? FLANNEL_SUBNET_LEN : CALICO_BLOCK_SIZE;
  }

  /** Claims the lowest free block of the pool for a node; null when the pod CIDR is full. */
  claimBlock(node: string): string | null {
    const len = this.blockSize();
    const step = 2 ** (32 - len);
    const taken = new Set(this.blocks.map((b) => b.first));
    for (let n = this.pool.network; n + step - 1 <= this.pool.broadcast; n += step) {
      if (taken.has(n)) continue;
      const cidr = formatCidr(n, len);
      this.addBlock(cidr, node);
      this.newBlocks.push({ cidr, node });
      if (this.plugin === "calico" && !this.tunnelAddresses.has(node) && !this.blocks.some((b) => b.node === node && b.first !== n)) {
        this.used.add(n);
        this.tunnelAddresses.set(node, formatIPv4(n));
      }
      return cidr;
    }
    return null;
  }

  /** Flannel: the node's /24, claimed when the node joins. */
  ensureNodeCidr(node: string): string | null {
    const own = this.blocks.find((b) => b.node === node);
    return own ? own.cidr : this.claimBlock(node);
  }

  blocksOf(node: string): string[] {
    return this.blocks.filter((b) => b.node === node).map((b) => b.cidr);
  }

  private freeIn(b: Block): number | null {
    const skipEdges = this.plugin === "flannel";
    for (let n = b.first; n <= b.last; n++) {
      if (skipEdges && (n === b.first || n === b.first + 1 || n === b.last)) continue;
      if (!this.used.has(n)) return n;
    }
    return null;
  }

  /** Next pod address on a node, or null when the node (Flannel) or the whole pod CIDR (Calico) is full. */
  allocate(node: string): string | null {
    for (const b of this.blocks) {
      if (b.node !== node) continue;
      const n = this.freeIn(b);
      if (n !== null) {
        this.used.add(n);
        return formatIPv4(n);
      }
    }
    if (this.plugin === "flannel" && this.blocks.some((b) => b.node === node)) return null;
    const cidr = this.claimBlock(node);
    return cidr ? this.allocate(node) : null;
  }

  release(address: string): void {
    const n = parseIPv4(address);
    if (n !== null) this.used.delete(n);
  }
}
