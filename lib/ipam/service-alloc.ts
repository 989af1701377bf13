/**
 * Service address allocation planned in memory: the addresses, ports and VIPs a cluster already holds are loaded ONCE
 * per apply (lib/db/services.ts), every Service of the apply is allocated here with pure decisions, and the result is
 * written with one multi-row statement per table. The rules are kube-apiserver's and AksHci's HAProxy's:
 * - ClusterIPs from the service CIDR (`serviceClusterIp`: upper band first, the static band for requested IPs);
 * - NodePorts from 30000-32767 (`nodePort`), health-check node ports for `externalTrafficPolicy: Local`;
 * - LoadBalancer VIPs from the network's VIP pool with the documented sharing rule (lib/conflicts/vip `firstFitVip`):
 *   a Service joins the lowest VIP of its own cluster that serves none of its ports, else takes the lowest free
 *   address of the pool; never a VIP of another cluster; `spec.loadBalancerIP` and `hcinet.io/dedicated-vip` honoured.
 *
 * Each pool carries an address family (`IPv4` today) so a dual-stack pool can sit beside it later; the database's
 * UNIQUE constraints stay the final guard against a double allocation.
 */
import type { Service } from "../kube/types";
import { formatIPv4, parseIPv4 } from "./address";
import { keysOf, nodePort as pickNodePort, pickFree, serviceClusterIp } from "./alloc";
import { firstFitVip, vipSharingAllowed, wantsDedicatedVip, type VipUser } from "../conflicts/vip";
import { planServiceFamilies, type IpFamily } from "../kube/ipfamilies";
import { canonicalIPv6, serviceClusterIpV6 } from "./ipv6";

export type AddressFamily = IpFamily;

export interface ServiceAllocationProblem {
  path: string;
  message: string;
}

export class ServiceAllocationError extends Error {
  constructor(readonly problems: ServiceAllocationProblem[]) {
    super(problems.map((p) => `${p.path}: ${p.message}`).join("; "));
  }
}

export interface ServiceAllocationResult {
  service: Service;
  allocated: { clusterIP?: string; clusterIPs?: string[]; nodePorts?: number[]; healthCheckNodePort?: number; loadBalancerIP?: string };
  warnings: string[];
}

/** `namespace/name` of a Service: the owner key of its ClusterIP, ports and VIP bindings. */
export type OwnerKey = string;
export const ownerKey = (namespace: string, name: string): OwnerKey => `${namespace}/${name}`;

export interface HeldPort {
  owner: OwnerKey;
  protocol: string;
  purpose: "nodePort" | "healthCheckNodePort";
}

export interface VipBinding {
  owner: OwnerKey;
  port: number;
  protocol: string;
}

/** One service VIP of THIS cluster (an IpAllocation row with ownerKind "service") and who is bound to it. */
export interface VipSlotState {
  /** the stored row's id; undefined for a VIP chosen in this plan */
  id?: number;
  address: number;
  bindings: VipBinding[];
  /** owners annotated hcinet.io/dedicated-vip: "true" */
  dedicated: Set<OwnerKey>;
}

/** An address of the network's VIP pool held by something else (another cluster, an API server, a node). */
export interface HeldVip {
  address: number;
  ownerKind: string;
  /** cluster name, or the owner name when the address belongs to no cluster */
  owner: string;
  users: VipUser[];
}

export interface ServiceAllocatorInit {
  cluster: {
    name: string;
    serviceCidr: string;
    loadBalancerSku: string;
    /** the families the cluster serves: ["IPv4"], or ["IPv4", "IPv6"] on a dual-stack (Calico) cluster */
    families?: IpFamily[];
    serviceCidrV6?: string | null;
    primaryNetworkPlugin?: string;
  };
  /** IPv4 ClusterIPs of the cluster's Services → owner */
  clusterIps: Map<number, OwnerKey>;
  /** IPv6 ClusterIPs (RFC 5952 text) → owner, on dual-stack clusters */
  clusterIps6?: Map<string, OwnerKey>;
  /** NodePorts (and health-check node ports) of the cluster → owner */
  nodePorts: Map<number, HeldPort>;
  /** the network's VIP pool, or null when it has none */
  vipPool: { network: string; family?: AddressFamily; start: number; end: number; startText: string; endText: string } | null;
  /** every address of the VIP pool that is taken by anyone, plus the reserved ones (gateway, DNS, network, broadcast) */
  vipTaken: Set<number>;
  /** this cluster's service VIPs, any order */
  slots: VipSlotState[];
  /** other holders of VIP-pool addresses the apply may ask for (loadBalancerIP / observed status) */
  held: Map<number, HeldVip>;
}

/** What the plan changes, as rows: write it after deleting the stored rows of `touched` owners. */
export interface ServiceAllocationChanges {
  /** owners whose rows are replaced (every Service allocated or released in this plan) */
  touched: Set<OwnerKey>;
  /** owners among `touched` that held rows before the plan (their rows must be deleted first) */
  touchedStored: Set<OwnerKey>;
  clusterIps: { address: string; addressNum: number; owner: OwnerKey }[];
  nodePorts: { port: number; protocol: string; purpose: string; owner: OwnerKey }[];
  /** stored VIPs left without a binding: delete */
  deletedVips: number[];
  /** VIPs chosen in this plan (insert, then bind) */
  newVips: { address: string; addressNum: number; owner: OwnerKey }[];
  /** bindings of touched owners, by VIP address */
  bindings: { address: string; port: number; protocol: string; owner: OwnerKey }[];
  /** stored VIP ids by address (for the bindings) */
  vipIds: Map<string, number>;
}

function splitOwner(key: OwnerKey): [string, string] {
  const i = key.indexOf("/");
  return [key.slice(0, i), key.slice(i + 1)];
}

export class ServiceAllocator {
  private readonly slots: VipSlotState[];
  private readonly touched = new Set<OwnerKey>();
  private readonly storedOwners = new Set<OwnerKey>();
  /** stored slots emptied in this plan, by address (deleted at the end unless taken again) */
  private readonly emptied = new Map<number, VipSlotState>();

  /** owners that may hold something now (release() skips the others: a new Service costs no scan) */
  private readonly holding: Set<OwnerKey>;
  private readonly clusterIps6: Map<string, OwnerKey>;

  constructor(private readonly s: ServiceAllocatorInit) {
    this.slots = [...s.slots].sort((a, b) => a.address - b.address);
    this.clusterIps6 = s.clusterIps6 ?? new Map();
    for (const o of s.clusterIps.values()) this.storedOwners.add(o);
    for (const o of this.clusterIps6.values()) this.storedOwners.add(o);
    for (const p of s.nodePorts.values()) this.storedOwners.add(p.owner);
    for (const slot of this.slots) for (const b of slot.bindings) this.storedOwners.add(b.owner);
    this.holding = new Set(this.storedOwners);
  }

  /** Frees everything the Service holds, in memory (its ClusterIP, ports and VIP bindings). */
  release(namespace: string, name: string): void {
    const owner = ownerKey(namespace, name);
    this.touched.add(owner);
    if (!this.holding.delete(owner)) return;
    for (const [ip, o] of this.s.clusterIps) if (o === owner) this.s.clusterIps.delete(ip);
    for (const [ip, o] of this.clusterIps6) if (o === owner) this.clusterIps6.delete(ip);
    for (const [port, p] of this.s.nodePorts) if (p.owner === owner) this.s.nodePorts.delete(port);
    for (let i = 0; i < this.slots.length; i++) {
      const slot = this.slots[i];
      if (!slot.bindings.some((b) => b.owner === owner)) continue;
      slot.bindings = slot.bindings.filter((b) => b.owner !== owner);
      slot.dedicated.delete(owner);
      if (slot.bindings.length === 0) {
        this.slots.splice(i--, 1);
        this.s.vipTaken.delete(slot.address);
        if (slot.id !== undefined) this.emptied.set(slot.address, slot);
      }
    }
  }

  private users(slot: VipSlotState): VipUser[] {
    const byOwner = new Map<OwnerKey, VipUser>();
    for (const b of slot.bindings) {
      let u = byOwner.get(b.owner);
      if (!u) byOwner.set(b.owner, (u = { cluster: this.s.cluster.name, service: b.owner, ports: [], ...(slot.dedicated.has(b.owner) ? { dedicated: true } : {}) }));
      u.ports.push(`${b.port}/${b.protocol}`);
    }
    return [...byOwner.values()];
  }

  private newSlot(address: number): VipSlotState {
    const again = this.emptied.get(address);
    this.emptied.delete(address);
    const slot: VipSlotState = again ? { ...again, bindings: [], dedicated: new Set() } : { address, bindings: [], dedicated: new Set() };
    this.slots.push(slot);
    this.slots.sort((a, b) => a.address - b.address);
    this.s.vipTaken.add(address);
    return slot;
  }

  /**
   * Allocates (or keeps) the addresses of one Service and returns it with the fields the cluster fills in:
   * spec.clusterIP(s), spec.ports[].nodePort, spec.healthCheckNodePort and status.loadBalancer.ingress.
   * Releases what the Service held first. Throws ServiceAllocationError naming each field that cannot be satisfied.
   */
  allocate(svc: Service, previous: Service | undefined): ServiceAllocationResult {
    const ns = svc.metadata.namespace ?? "default";
    const name = svc.metadata.name;
    const owner = ownerKey(ns, name);
    this.release(ns, name);
    this.holding.add(owner);
    const spec = { ...svc.spec, ports: (svc.spec.ports ?? []).map((p) => ({ ...p })) };
    const type = spec.type ?? "ClusterIP";
    const problems: ServiceAllocationProblem[] = [];
    const warnings: string[] = [];
    const allocated: ServiceAllocationResult["allocated"] = {};
    const prevSpec = previous?.spec;

    // --- ClusterIP(s), per spec.ipFamilies / spec.ipFamilyPolicy as kube-apiserver decides them (lib/kube/ipfamilies)
    this.allocateClusterIps(ns, name, owner, spec, prevSpec, problems, allocated);

    // --- NodePorts (NodePort, LoadBalancer unless allocateLoadBalancerNodePorts: false)
    const wantsNodePorts = type === "NodePort" || (type === "LoadBalancer" && spec.allocateLoadBalancerNodePorts !== false);
    const usedPorts = keysOf(this.s.nodePorts);
    if (wantsNodePorts) {
      const nodePorts: number[] = [];
      const mine = new Set<number>(); // TCP and UDP of one port may share a NodePort
      for (let i = 0; i < spec.ports.length; i++) {
        const p = spec.ports[i];
        const prevPort = prevSpec?.ports?.find((q) => q.name === p.name && q.port === p.port)?.nodePort ?? prevSpec?.ports?.[i]?.nodePort;
        const requested = p.nodePort ?? prevPort;
        if (requested !== undefined && mine.has(requested)) {
          nodePorts.push(requested);
          continue;
        }
        const r = pickNodePort(usedPorts, requested);
        if (!r.ok) {
          problems.push({ path: `spec.ports[${i}].nodePort`, message: p.nodePort !== undefined ? r.error : `no NodePort could be allocated: ${r.error}` });
          continue;
        }
        p.nodePort = r.port;
        mine.add(r.port);
        this.s.nodePorts.set(r.port, { owner, protocol: p.protocol ?? "TCP", purpose: "nodePort" });
        nodePorts.push(r.port);
      }
      allocated.nodePorts = nodePorts;
    } else {
      for (let i = 0; i < spec.ports.length; i++) {
        if (spec.ports[i].nodePort !== undefined && type !== "LoadBalancer") problems.push({ path: `spec.ports[${i}].nodePort`, message: `may not be used when type is '${type}'` });
        if (type !== "LoadBalancer") delete spec.ports[i].nodePort;
      }
    }
    if (type === "LoadBalancer" && spec.externalTrafficPolicy === "Local") {
      const requested = spec.healthCheckNodePort ?? prevSpec?.healthCheckNodePort;
      const r = pickNodePort(usedPorts, requested);
      if (!r.ok) problems.push({ path: "spec.healthCheckNodePort", message: r.error });
      else {
        spec.healthCheckNodePort = r.port;
        allocated.healthCheckNodePort = r.port;
        this.s.nodePorts.set(r.port, { owner, protocol: "TCP", purpose: "healthCheckNodePort" });
      }
    } else delete spec.healthCheckNodePort;

    // --- LoadBalancer VIP
    let status = svc.status;
    const observed = svc.status?.loadBalancer?.ingress?.[0]?.ip;
    if (type === "LoadBalancer") {
      if (this.s.cluster.loadBalancerSku === "none") {
        warnings.push(`service ${ns}/${name}: the cluster has no HAProxy load balancer (SKU none); the LoadBalancer stays pending until you bring your own`);
        status = { loadBalancer: {} };
      } else {
        const r = this.allocateVip(svc, spec.ports, spec.loadBalancerIP ?? observed ?? previous?.status?.loadBalancer?.ingress?.[0]?.ip);
        if (r.ok) {
          status = { loadBalancer: { ingress: [{ ip: r.vip }] } };
          allocated.loadBalancerIP = r.vip;
        } else if (spec.loadBalancerIP) {
          problems.push({ path: "spec.loadBalancerIP", message: r.reason });
        } else if (observed) {
          // imported state: keep what the customer's cluster reports, and let the conflict detector explain it
          warnings.push(`service ${ns}/${name}: observed VIP ${observed} is kept as imported but not allocated by hcinet: ${r.reason}`);
          status = { loadBalancer: { ingress: [{ ip: observed }] } };
        } else problems.push({ path: "status.loadBalancer", message: r.reason });
      }
    } else status = type === "ExternalName" ? undefined : { loadBalancer: {} };

    if (problems.length) throw new ServiceAllocationError(problems);
    const out: Service = { ...svc, spec };
    if (status) out.status = status;
    else delete out.status;
    return { service: out, allocated, warnings };
  }

  /** The families the cluster serves: IPv4, plus IPv6 on a dual-stack cluster with an IPv6 service range. */
  private families(): IpFamily[] {
    const c = this.s.cluster;
    return c.families?.includes("IPv6") && c.serviceCidrV6 ? ["IPv4", "IPv6"] : ["IPv4"];
  }

  /**
   * Sets spec.ipFamilyPolicy, spec.ipFamilies, spec.clusterIP and spec.clusterIPs (clusterIPs in ipFamilies order,
   * clusterIP = clusterIPs[0]): IPv4 addresses from the service CIDR, IPv6 ones from a dual-stack cluster's IPv6 service
   * range. An update that names no address keeps the stored ones (only the first when it asks for SingleStack).
   */
  private allocateClusterIps(ns: string, name: string, owner: OwnerKey, spec: Service["spec"], prevSpec: Service["spec"] | undefined, problems: ServiceAllocationProblem[], allocated: ServiceAllocationResult["allocated"]): void {
    const type = spec.type ?? "ClusterIP";
    let ips = spec.clusterIPs?.filter((ip) => ip !== "") ?? [];
    if (ips.length === 0 && spec.clusterIP) ips = [spec.clusterIP];
    const prevIps = prevSpec && prevSpec.type !== "ExternalName" ? (prevSpec.clusterIPs ?? (prevSpec.clusterIP ? [prevSpec.clusterIP] : [])).filter((ip) => ip && ip !== "None") : [];
    if (ips.length === 0 && spec.clusterIP !== "None" && prevIps.length > 0) ips = spec.ipFamilyPolicy === "SingleStack" ? prevIps.slice(0, 1) : prevIps;
    const planned = planServiceFamilies({ ...spec, clusterIPs: ips, ...(spec.clusterIP === "None" ? { clusterIP: "None" } : {}), selector: spec.selector as Record<string, string> | undefined, type }, this.families(), prevSpec);
    if (!planned.ok) {
      const flannel = this.s.cluster.primaryNetworkPlugin === "flannel";
      for (const p of planned.problems) {
        problems.push(flannel && /dual-stack|not configured on this cluster/.test(p.message) ? { ...p, message: `${p.message} (a Flannel cluster is IPv4 only: AKS hybrid lists IPv6 as "Flannel: No, Calico: Yes")` } : p);
      }
      return;
    }
    const plan = planned.plan;
    if (plan.kind === "externalName") {
      delete spec.clusterIP;
      delete spec.clusterIPs;
      delete spec.ipFamilies;
      delete spec.ipFamilyPolicy;
      return;
    }
    spec.ipFamilyPolicy = plan.ipFamilyPolicy;
    spec.ipFamilies = plan.ipFamilies;
    if (plan.kind === "headless") {
      spec.clusterIP = "None";
      spec.clusterIPs = ["None"];
      return;
    }
    const prevCanon = new Set(prevIps.map((ip) => (ip.includes(":") ? canonicalIPv6(ip) ?? ip : ip)));
    const isKubernetes = ns === "default" && name === "kubernetes";
    const out: string[] = [];
    const before = problems.length;
    for (let i = 0; i < plan.toAllocate.length; i++) {
      const { family, requested } = plan.toAllocate[i];
      const path = i === 0 ? "spec.clusterIP" : `spec.clusterIPs[${i}]`;
      if (family === "IPv4") {
        const used = this.s.clusterIps;
        const keepingOwn = requested !== undefined && prevCanon.has(requested);
        const r = keepingOwn || isKubernetes ? { ok: true as const, ip: requested! } : serviceClusterIp(this.s.cluster.serviceCidr, keysOf(used), requested);
        const n = r.ok ? parseIPv4(r.ip) : null;
        if (!r.ok) problems.push({ path, message: r.error });
        else if (n === null) problems.push({ path, message: `clusterIP "${r.ip}" is not a valid IPv4 address` });
        else if (used.has(n)) problems.push({ path, message: `${r.ip}: provided IP is already allocated` });
        else {
          used.set(n, owner);
          out.push(r.ip);
        }
      } else {
        const r = serviceClusterIpV6(this.s.cluster.serviceCidrV6!, new Set(this.clusterIps6.keys()), requested);
        if (!r.ok) problems.push({ path, message: r.error });
        else {
          this.clusterIps6.set(r.ip, owner);
          out.push(r.ip);
        }
      }
    }
    if (problems.length > before) return;
    spec.clusterIP = out[0];
    spec.clusterIPs = out;
    allocated.clusterIP = out[0];
    if (out.length > 1) allocated.clusterIPs = out;
  }

  private allocateVip(svc: Service, ports: { port: number; protocol?: string }[], requested: string | undefined): { ok: true; vip: string } | { ok: false; reason: string } {
    const ns = svc.metadata.namespace ?? "default";
    const owner = ownerKey(ns, svc.metadata.name);
    const wanted = ports.map((p) => ({ port: p.port, protocol: p.protocol ?? "TCP" }));
    const dedicated = wantsDedicatedVip(svc);
    const candidate: VipUser = { cluster: this.s.cluster.name, service: owner, ports: wanted.map((w) => `${w.port}/${w.protocol}`), ...(dedicated ? { dedicated: true } : {}) };
    const bind = (slot: VipSlotState) => {
      for (const w of wanted) slot.bindings.push({ owner, port: w.port, protocol: w.protocol });
      if (dedicated) slot.dedicated.add(owner);
      return { ok: true as const, vip: formatIPv4(slot.address) };
    };
    const pool = this.s.vipPool;
    if (requested) {
      const n = parseIPv4(requested);
      if (n === null || !pool || n < pool.start || n > pool.end) {
        return { ok: false, reason: `${requested} is not in the VIP pool ${pool?.startText ?? "?"}-${pool?.endText ?? "?"} of network "${pool?.network ?? "?"}"` };
      }
      const slot = this.slots.find((s) => s.address === n);
      if (slot) {
        const decision = vipSharingAllowed(this.users(slot), candidate);
        if (!decision.ok) return { ok: false, reason: `VIP ${formatIPv4(n)}: ${decision.reason}` };
        return bind(slot);
      }
      const held = this.s.held.get(n);
      if (held) {
        if (held.ownerKind !== "service") return { ok: false, reason: `VIP ${formatIPv4(n)} is the ${held.ownerKind} address of ${held.owner}` };
        const decision = vipSharingAllowed(held.users, candidate);
        if (!decision.ok) return { ok: false, reason: `VIP ${formatIPv4(n)}: ${decision.reason}` };
        return { ok: false, reason: `VIP ${formatIPv4(n)} is held by ${held.owner}` };
      }
      return bind(this.newSlot(n));
    }
    // the cluster's service VIPs, lowest first: the first one that serves none of our ports takes us (shared packing)
    // (a slot is a candidate only when none of its bindings is on one of our ports and nobody on it is dedicated —
    // the same-cluster part of the rule, checked cheaply; the rule itself decides on the first candidate)
    const wantedKeys = new Set(candidate.ports);
    const i = this.slots.findIndex(
      (s) => !(dedicated && s.bindings.length > 0) && s.dedicated.size === 0 && !s.bindings.some((b) => wantedKeys.has(`${b.port}/${b.protocol}`)) && firstFitVip([{ users: this.users(s) }], candidate) === 0,
    );
    if (i >= 0) return bind(this.slots[i]);
    if (!pool) return { ok: false, reason: `network "${this.s.vipPool?.network ?? "?"}" has no VIP pool` };
    const picked = pickFree(pool.start, pool.end, this.s.vipTaken, 1);
    if (!picked.ok) return { ok: false, reason: `the VIP pool of network "${pool.network}" is exhausted: 1 address(es) needed, 1 missing` };
    return bind(this.newSlot(picked.addresses[0]));
  }

  /**
   * After `changes()` were written: what they wrote is the stored state now (`ids`: the stored ids of the VIPs this
   * plan chose, by address) and the next plan starts from it — several applies in one transaction share one read.
   */
  written(ids: ReadonlyMap<string, number>): void {
    for (const o of this.touched) {
      if (this.holding.has(o)) this.storedOwners.add(o);
      else this.storedOwners.delete(o);
    }
    this.touched.clear();
    this.emptied.clear();
    for (const slot of this.slots) if (slot.id === undefined) slot.id = ids.get(formatIPv4(slot.address));
  }

  /** The rows to write: delete the stored rows of `touchedStored` owners and the `deletedVips`, then insert the rest. */
  changes(): ServiceAllocationChanges {
    const t = this.touched;
    const vipIds = new Map<string, number>();
    for (const s of this.slots) if (s.id !== undefined) vipIds.set(formatIPv4(s.address), s.id);
    return {
      touched: new Set(t),
      touchedStored: new Set([...t].filter((o) => this.storedOwners.has(o))),
      clusterIps: [
        ...[...this.s.clusterIps].filter(([, o]) => t.has(o)).map(([n, o]) => ({ address: formatIPv4(n), addressNum: n, owner: o })),
        // IPv6 rows carry addressNum 0; UNIQUE (cluster, space, address) keeps each single
        ...[...this.clusterIps6].filter(([, o]) => t.has(o)).map(([ip, o]) => ({ address: ip, addressNum: 0, owner: o })),
      ],
      nodePorts: [...this.s.nodePorts].filter(([, p]) => t.has(p.owner)).map(([port, p]) => ({ port, protocol: p.protocol, purpose: p.purpose, owner: p.owner })),
      deletedVips: [...this.emptied.values()].map((s) => s.id!),
      newVips: this.slots.filter((s) => s.id === undefined && s.bindings.length > 0).map((s) => ({ address: formatIPv4(s.address), addressNum: s.address, owner: s.bindings[0].owner })),
      bindings: this.slots.flatMap((s) => s.bindings.filter((b) => t.has(b.owner)).map((b) => ({ address: formatIPv4(s.address), port: b.port, protocol: b.protocol, owner: b.owner }))),
      vipIds,
    };
  }
}

export { splitOwner };

