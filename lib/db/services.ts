/**
 * Service address allocation inside a transaction: ClusterIPs from the service CIDR (10.96.0.0/12), NodePorts from
 * 30000-32767 (UNIQUE per cluster in the database), health-check node ports for `externalTrafficPolicy: Local`, and
 * LoadBalancer VIPs from the cluster network's VIP pool with the documented HAProxy sharing rule (lib/conflicts/vip
 * `firstFitVip`, the same function the planner packs with): a Service joins the first VIP of its own cluster that
 * serves none of its ports, else takes a new VIP; never a VIP of another cluster; `spec.loadBalancerIP` and
 * `hcinet.io/dedicated-vip: "true"` honoured.
 */
import type { Service, ServicePort } from "../kube/types";
import { nodePort as pickNodePort } from "../ipam/alloc";
import { assignClusterIps } from "./service-ips";
import { formatIPv4, parseIPv4 } from "../ipam/address";
import { allocateFromPool, poolRange } from "./allocations";
import type { Tx } from "./objects";
import { firstFitVip, vipSharingAllowed, wantsDedicatedVip, type VipUser } from "../conflicts/vip";

export interface ServiceAllocationProblem {
  path: string;
  message: string;
}

export interface ServiceAllocation {
  service: Service;
  allocated: { clusterIP?: string; clusterIPs?: string[]; nodePorts?: number[]; healthCheckNodePort?: number; loadBalancerIP?: string };
  warnings: string[];
}

export class ServiceAllocationError extends Error {
  constructor(readonly problems: ServiceAllocationProblem[]) {
    super(problems.map((p) => `${p.path}: ${p.message}`).join("; "));
  }
}

interface ClusterCtx {
  id: number;
  name: string;
  serviceCidr: string;
  /** dual-stack: "IPv4,IPv6" with the IPv6 service range (lib/db/service-ips.ts) */
  ipFamilies?: string;
  serviceCidrV6?: string | null;
  primaryNetworkPlugin?: string;
  loadBalancerSku: string;
  network: { id: number; name: string; ipAddressPrefix: string | null; gateway: string | null; dnsServers: string; vipPoolStart: string; vipPoolEnd: string; k8sNodeIpPoolStart: string | null; k8sNodeIpPoolEnd: string | null };
}

/** Frees everything a Service holds: ClusterIP, NodePorts, VIP frontends (and the VIP when no frontend is left). */
export async function releaseService(tx: Tx, clusterId: number, namespace: string, name: string): Promise<void> {
  await tx.clusterAddress.deleteMany({ where: { clusterId, space: "service", ownerNamespace: namespace, ownerName: name } });
  await tx.portAllocation.deleteMany({ where: { clusterId, ownerNamespace: namespace, ownerName: name } });
  await releaseVipBindings(tx, { id: clusterId }, namespace, name);
}

async function releaseVipBindings(tx: Tx, cluster: { id: number }, namespace: string, name: string): Promise<void> {
  const bindings = await tx.vipPortBinding.findMany({ where: { serviceNamespace: namespace, serviceName: name, ipAllocation: { clusterId: cluster.id } } });
  if (!bindings.length) return;
  await tx.vipPortBinding.deleteMany({ where: { id: { in: bindings.map((b) => b.id) } } });
  for (const allocId of new Set(bindings.map((b) => b.ipAllocationId))) {
    if ((await tx.vipPortBinding.count({ where: { ipAllocationId: allocId } })) === 0) await tx.ipAllocation.delete({ where: { id: allocId } });
  }
}

/**
 * Allocates (or keeps) the addresses of one Service and returns it with the fields the cluster fills in:
 * spec.clusterIP(s), spec.ports[].nodePort, spec.healthCheckNodePort and status.loadBalancer.ingress.
 */
export async function allocateService(tx: Tx, cluster: ClusterCtx, svc: Service, previous: Service | undefined): Promise<ServiceAllocation> {
  const ns = svc.metadata.namespace ?? "default";
  const name = svc.metadata.name;
  const spec = { ...svc.spec, ports: (svc.spec.ports ?? []).map((p) => ({ ...p })) };
  const type = spec.type ?? "ClusterIP";
  const problems: ServiceAllocationProblem[] = [];
  const warnings: string[] = [];
  const allocated: ServiceAllocation["allocated"] = {};
  const prevSpec = previous?.spec;

  // --- ClusterIP
  await tx.clusterAddress.deleteMany({ where: { clusterId: cluster.id, space: "service", ownerNamespace: ns, ownerName: name } });
  // ipFamilies / ipFamilyPolicy / clusterIP(s), IPv4 and (dual-stack clusters) IPv6: lib/db/service-ips.ts
  const ips = await assignClusterIps(tx, cluster, ns, name, spec, prevSpec);
  problems.push(...ips.problems);
  if (ips.clusterIP) allocated.clusterIP = ips.clusterIP;
  if (ips.clusterIPs) allocated.clusterIPs = ips.clusterIPs;

  // --- NodePorts (NodePort, LoadBalancer unless allocateLoadBalancerNodePorts: false)
  await tx.portAllocation.deleteMany({ where: { clusterId: cluster.id, ownerNamespace: ns, ownerName: name } });
  const wantsNodePorts = type === "NodePort" || (type === "LoadBalancer" && spec.allocateLoadBalancerNodePorts !== false);
  const usedPorts = new Set((await tx.portAllocation.findMany({ where: { clusterId: cluster.id }, select: { port: true } })).map((p) => p.port));
  const mine = new Map<number, number>(); // nodePort → how many ports of this service use it (TCP+UDP may share)
  if (wantsNodePorts) {
    const nodePorts: number[] = [];
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
      usedPorts.add(r.port);
      mine.set(r.port, 1);
      nodePorts.push(r.port);
      await tx.portAllocation.create({ data: { clusterId: cluster.id, port: r.port, protocol: p.protocol ?? "TCP", purpose: "nodePort", ownerNamespace: ns, ownerName: name } });
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
      await tx.portAllocation.create({ data: { clusterId: cluster.id, port: r.port, protocol: "TCP", purpose: "healthCheckNodePort", ownerNamespace: ns, ownerName: name } });
    }
  } else delete spec.healthCheckNodePort;

  // --- LoadBalancer VIP
  let status = svc.status;
  const observed = svc.status?.loadBalancer?.ingress?.[0]?.ip;
  await releaseVipBindings(tx, cluster, ns, name);
  if (type === "LoadBalancer") {
    if (cluster.loadBalancerSku === "none") {
      warnings.push(`service ${ns}/${name}: the cluster has no HAProxy load balancer (SKU none); the LoadBalancer stays pending until you bring your own`);
      status = { loadBalancer: {} };
    } else {
      const r = await allocateVip(tx, cluster, svc, spec.ports, spec.loadBalancerIP ?? observed ?? previous?.status?.loadBalancer?.ingress?.[0]?.ip);
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

type VipResult = { ok: true; vip: string } | { ok: false; reason: string };

async function allocateVip(tx: Tx, cluster: ClusterCtx, svc: Service, ports: ServicePort[], requested: string | undefined): Promise<VipResult> {
  const ns = svc.metadata.namespace ?? "default";
  const name = svc.metadata.name;
  const wanted = ports.map((p) => ({ port: p.port, protocol: p.protocol ?? "TCP" }));
  const candidate: VipUser = {
    cluster: cluster.name,
    service: `${ns}/${name}`,
    ports: wanted.map((w) => `${w.port}/${w.protocol}`),
    ...(wantsDedicatedVip(svc) ? { dedicated: true } : {}),
  };
  const bind = async (allocId: number) => {
    await tx.vipPortBinding.createMany({ data: wanted.map((w) => ({ ipAllocationId: allocId, port: w.port, protocol: w.protocol, serviceNamespace: ns, serviceName: name })) });
  };
  /** The users of one VIP allocation, as lib/conflicts sees them (dedicated read from the stored Service). */
  const usersOf = async (allocId: number): Promise<{ address: string; ownerKind: string; owner: string; users: VipUser[] }> => {
    const alloc = await tx.ipAllocation.findUniqueOrThrow({ where: { id: allocId }, include: { vipPorts: true, cluster: { select: { name: true } } } });
    const users = new Map<string, VipUser>();
    for (const b of alloc.vipPorts) {
      const key = `${b.serviceNamespace}/${b.serviceName}`;
      if (!users.has(key)) {
        const o = alloc.clusterId === null ? null : await tx.kubeObject.findUnique({ where: { clusterId_kind_namespace_name: { clusterId: alloc.clusterId, kind: "Service", namespace: b.serviceNamespace, name: b.serviceName } } });
        const dedicated = o ? wantsDedicatedVip(JSON.parse(o.body) as Service) : false;
        users.set(key, { cluster: alloc.cluster?.name ?? "", service: key, ports: [], ...(dedicated ? { dedicated } : {}) });
      }
      users.get(key)!.ports.push(`${b.port}/${b.protocol}`);
    }
    return { address: alloc.address, ownerKind: alloc.ownerKind, owner: alloc.cluster?.name ?? alloc.ownerName, users: [...users.values()] };
  };

  if (requested) {
    const n = parseIPv4(requested);
    const range = poolRange(cluster.network, "vip");
    if (n === null || !range || n < range.start || n > range.end) return { ok: false, reason: `${requested} is not in the VIP pool ${cluster.network.vipPoolStart}-${cluster.network.vipPoolEnd} of network "${cluster.network.name}"` };
    const existing = await tx.ipAllocation.findUnique({ where: { networkId_address: { networkId: cluster.network.id, address: formatIPv4(n) } } });
    if (existing) {
      const u = await usersOf(existing.id);
      if (u.ownerKind !== "service") return { ok: false, reason: `VIP ${u.address} is the ${u.ownerKind} address of ${u.owner}` };
      const decision = vipSharingAllowed(u.users, candidate);
      if (!decision.ok) return { ok: false, reason: `VIP ${u.address}: ${decision.reason}` };
      await bind(existing.id);
      return { ok: true, vip: existing.address };
    }
    const alloc = await tx.ipAllocation.create({ data: { networkId: cluster.network.id, address: formatIPv4(n), addressNum: n, pool: "vip", ownerKind: "service", ownerName: `${ns}/${name}`, clusterId: cluster.id } });
    await bind(alloc.id);
    return { ok: true, vip: alloc.address };
  }
  // The cluster's service VIPs, lowest first: the first one that serves none of our ports takes us (shared packing).
  const mine = await tx.ipAllocation.findMany({ where: { clusterId: cluster.id, pool: "vip", ownerKind: "service" }, orderBy: { addressNum: "asc" } });
  const slots = [];
  for (const a of mine) slots.push({ id: a.id, address: a.address, users: (await usersOf(a.id)).users });
  const i = firstFitVip(slots, candidate);
  if (i >= 0) {
    await bind(slots[i].id);
    return { ok: true, vip: slots[i].address };
  }
  try {
    const [vip] = await allocateFromPool(tx, cluster.network, "vip", [{ ownerKind: "service", ownerName: `${ns}/${name}`, clusterId: cluster.id }]);
    const alloc = await tx.ipAllocation.findUniqueOrThrow({ where: { networkId_address: { networkId: cluster.network.id, address: vip } } });
    await bind(alloc.id);
    return { ok: true, vip };
  } catch (e) {
    return { ok: false, reason: (e as Error).message };
  }
}
