/**
 * Service address allocation inside a transaction: ClusterIPs from the service CIDR (10.96.0.0/12), NodePorts from
 * 30000-32767 (UNIQUE per cluster in the database), health-check node ports for `externalTrafficPolicy: Local`, and
 * LoadBalancer VIPs from the cluster network's VIP pool with the documented HAProxy sharing rule (lib/conflicts/vip
 * `firstFitVip`, the same function the planner packs with): a Service joins the first VIP of its own cluster that
 * serves none of its ports, else takes a new VIP; never a VIP of another cluster; `spec.loadBalancerIP` and
 * `hcinet.io/dedicated-vip: "true"` honoured.
 */
import type { Service } from "../kube/types";
import { formatIPv4, parseIPv4 } from "../ipam/address";
import { poolRange, reservedAddresses } from "./allocations";
import type { Tx } from "./objects";
import { DEDICATED_VIP_ANNOTATION } from "../conflicts/vip";
import { ServiceAllocationError, ServiceAllocator, splitOwner, type HeldPort, type HeldVip, type OwnerKey, type ServiceAllocationChanges, type VipSlotState } from "../ipam/service-alloc";
import type { Sql } from "./sql";
import { ipFamiliesOf } from "../cluster/dualstack";

export { ServiceAllocationError, ServiceAllocator };

export interface ClusterCtx {
  id: number;
  name: string;
  serviceCidr: string;
  loadBalancerSku: string;
  primaryNetworkPlugin: string;
  ipFamilies: string;
  serviceCidrV6: string | null;
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

const num = (v: unknown): number => Number(v);

/** The cluster and its network as an apply needs them, in one statement (null when there is no such cluster). */
export async function loadApplyCluster(sql: Sql, tx: Tx, name: string): Promise<ClusterCtx | null> {
  const [r] = await sql.query<Record<string, unknown>>(
    tx,
    `SELECT c."id", c."name", c."serviceCidr", c."loadBalancerSku", c."primaryNetworkPlugin", c."ipFamilies", c."serviceCidrV6", n."id" AS "networkId", n."name" AS "networkName", n."ipAddressPrefix", n."gateway", n."dnsServers",
            n."vipPoolStart", n."vipPoolEnd", n."k8sNodeIpPoolStart", n."k8sNodeIpPoolEnd"
       FROM "Cluster" c JOIN "ClusterNetwork" n ON n."id" = c."networkId" WHERE c."name" = ?`,
    [name],
  );
  if (!r) return null;
  const text = (v: unknown) => (v === null || v === undefined ? null : String(v));
  return {
    id: num(r.id),
    name: String(r.name),
    serviceCidr: String(r.serviceCidr),
    loadBalancerSku: String(r.loadBalancerSku),
    primaryNetworkPlugin: String(r.primaryNetworkPlugin),
    ipFamilies: String(r.ipFamilies ?? "IPv4"),
    serviceCidrV6: text(r.serviceCidrV6),
    network: {
      id: num(r.networkId),
      name: String(r.networkName),
      ipAddressPrefix: text(r.ipAddressPrefix),
      gateway: text(r.gateway),
      dnsServers: String(r.dnsServers),
      vipPoolStart: String(r.vipPoolStart),
      vipPoolEnd: String(r.vipPoolEnd),
      k8sNodeIpPoolStart: text(r.k8sNodeIpPoolStart),
      k8sNodeIpPoolEnd: text(r.k8sNodeIpPoolEnd),
    },
  };
}
function parseJsonRows(v: unknown): unknown[][] {
  if (v === null || v === undefined) return [];
  return JSON.parse(String(v)) as unknown[][];
}

/**
 * Loads what the cluster holds — ClusterIPs, NodePorts, the network's taken VIP addresses and this cluster's service
 * VIPs with their bindings (and which bound Services are dedicated) — in ONE statement, and returns the in-memory
 * allocator for every Service of an apply. `requested` are VIP addresses the apply's Services ask for or report; the
 * holders of those among other clusters' and owners' addresses are loaded with a second statement only when needed.
 */
export async function loadServiceAllocator(sql: Sql, tx: Tx, cluster: ClusterCtx, requested: string[] = []): Promise<ServiceAllocator> {
  const ded = sql.annotation('k."body"', DEDICATED_VIP_ANNOTATION);
  const [row] = await sql.query<{ cips: unknown; ports: unknown; taken: unknown; slots: unknown }>(
    tx,
    `SELECT
      (SELECT ${sql.jsonAgg(['CAST("addressNum" AS BIGINT)', '"ownerNamespace"', '"ownerName"', '"address"'])} FROM "ClusterAddress" WHERE "clusterId" = ? AND "space" = 'service') AS cips,
      (SELECT ${sql.jsonAgg(['"port"', '"protocol"', '"purpose"', '"ownerNamespace"', '"ownerName"'])} FROM "PortAllocation" WHERE "clusterId" = ?) AS ports,
      (SELECT ${sql.jsonAgg(['CAST("addressNum" AS BIGINT)'])} FROM "IpAllocation" WHERE "networkId" = ? AND "pool" = 'vip') AS taken,
      (SELECT ${sql.jsonAgg(['a."id"', 'CAST(a."addressNum" AS BIGINT)', 'b."port"', 'b."protocol"', 'b."serviceNamespace"', 'b."serviceName"', ded])}
         FROM "IpAllocation" a
         LEFT JOIN "VipPortBinding" b ON b."ipAllocationId" = a."id"
         LEFT JOIN "KubeObject" k ON k."clusterId" = a."clusterId" AND k."kind" = 'Service' AND k."namespace" = b."serviceNamespace" AND k."name" = b."serviceName"
         WHERE a."clusterId" = ? AND a."pool" = 'vip' AND a."ownerKind" = 'service') AS slots`,
    [cluster.id, cluster.id, cluster.network.id, cluster.id],
  );
  const clusterIps = new Map<number, OwnerKey>();
  const clusterIps6 = new Map<string, OwnerKey>();
  for (const [n, ns, name, address] of parseJsonRows(row.cips)) {
    if (typeof address === "string" && address.includes(":")) clusterIps6.set(address, `${ns}/${name}`);
    else clusterIps.set(num(n), `${ns}/${name}`);
  }
  const nodePorts = new Map<number, HeldPort>();
  for (const [port, protocol, purpose, ns, name] of parseJsonRows(row.ports)) nodePorts.set(num(port), { owner: `${ns}/${name}`, protocol: String(protocol), purpose: purpose === "healthCheckNodePort" ? "healthCheckNodePort" : "nodePort" });
  const range = poolRange(cluster.network, "vip");
  const vipTaken = new Set<number>(parseJsonRows(row.taken).map(([n]) => num(n)));
  for (const r of reservedAddresses(cluster.network)) vipTaken.add(r);
  const slots = new Map<number, VipSlotState>();
  for (const [id, n, port, protocol, ns, name, dedicated] of parseJsonRows(row.slots)) {
    let slot = slots.get(num(id));
    if (!slot) slots.set(num(id), (slot = { id: num(id), address: num(n), bindings: [], dedicated: new Set() }));
    if (port === null || port === undefined) continue;
    const owner = `${ns}/${name}`;
    slot.bindings.push({ owner, port: num(port), protocol: String(protocol) });
    if (typeof dedicated === "string" && dedicated.trim().toLowerCase() === "true") slot.dedicated.add(owner);
  }
  const mine = new Set([...slots.values()].map((s) => s.address));
  const held = new Map<number, HeldVip>();
  const ask = [...new Set(requested.map((r) => parseIPv4(r)).filter((n): n is number => n !== null && vipTaken.has(n) && !mine.has(n)))].map(formatIPv4);
  if (ask.length) {
    const rows = await sql.query<{ address: string; addressNum: unknown; ownerKind: string; ownerName: string; clusterName: string | null; port: unknown; protocol: string | null; serviceNamespace: string | null; serviceName: string | null }>(
      tx,
      `SELECT a."address", CAST(a."addressNum" AS BIGINT) AS "addressNum", a."ownerKind", a."ownerName", c."name" AS "clusterName", b."port", b."protocol", b."serviceNamespace", b."serviceName"
         FROM "IpAllocation" a LEFT JOIN "Cluster" c ON c."id" = a."clusterId" LEFT JOIN "VipPortBinding" b ON b."ipAllocationId" = a."id"
         WHERE a."networkId" = ? AND a."address" IN (${ask.map(() => "?").join(", ")})`,
      [cluster.network.id, ...ask],
    );
    for (const r of rows) {
      const n = num(r.addressNum);
      let h = held.get(n);
      if (!h) held.set(n, (h = { address: n, ownerKind: r.ownerKind, owner: r.clusterName ?? r.ownerName, users: [] }));
      if (r.port === null || r.port === undefined) continue;
      const service = `${r.serviceNamespace}/${r.serviceName}`;
      let u = h.users.find((x) => x.service === service);
      if (!u) h.users.push((u = { cluster: r.clusterName ?? "", service, ports: [] }));
      u.ports.push(`${num(r.port)}/${r.protocol}`);
    }
  }
  return new ServiceAllocator({
    cluster: {
      name: cluster.name,
      serviceCidr: cluster.serviceCidr,
      loadBalancerSku: cluster.loadBalancerSku,
      primaryNetworkPlugin: cluster.primaryNetworkPlugin,
      families: ipFamiliesOf(cluster.ipFamilies),
      serviceCidrV6: cluster.serviceCidrV6,
    },
    clusterIps,
    clusterIps6,
    nodePorts,
    vipPool: range ? { network: cluster.network.name, family: "IPv4", start: range.start, end: range.end, startText: cluster.network.vipPoolStart, endText: cluster.network.vipPoolEnd } : null,
    vipTaken,
    slots: [...slots.values()],
    held,
  });
}

/** The VIP addresses a Service asks for or reports (spec.loadBalancerIP, status, its stored status). */
export function requestedVips(svc: Service, previous?: Service): string[] {
  return [svc.spec?.loadBalancerIP, svc.status?.loadBalancer?.ingress?.[0]?.ip, previous?.status?.loadBalancer?.ingress?.[0]?.ip].filter((x): x is string => typeof x === "string" && x !== "");
}

/**
 * Writes a plan: deletes the stored rows of the Services it touched (and the VIPs left without a Service), then
 * inserts the new rows with one multi-row statement per table. A new Service costs one INSERT per table it uses.
 * Returns the stored ids of the cluster's service VIPs by address (for `ServiceAllocator.written`).
 */
export async function writeServiceChanges(sql: Sql, tx: Tx, cluster: ClusterCtx, c: ServiceAllocationChanges, step?: () => Promise<void> | undefined): Promise<Map<string, number>> {
  const owners = [...c.touchedStored];
  const ownerExpr = `("ownerNamespace" || '/' || "ownerName")`;
  if (owners.length) {
    await sql.deleteIn(tx, `DELETE FROM "ClusterAddress" WHERE "clusterId" = ? AND "space" = 'service'`, [cluster.id], ownerExpr, owners, step);
    await sql.deleteIn(tx, `DELETE FROM "PortAllocation" WHERE "clusterId" = ?`, [cluster.id], ownerExpr, owners, step);
    await sql.deleteIn(
      tx,
      `DELETE FROM "VipPortBinding" WHERE "ipAllocationId" IN (SELECT "id" FROM "IpAllocation" WHERE "clusterId" = ? AND "pool" = 'vip')`,
      [cluster.id],
      `("serviceNamespace" || '/' || "serviceName")`,
      owners,
      step,
    );
  }
  if (c.deletedVips.length) await sql.deleteIn(tx, `DELETE FROM "IpAllocation" WHERE "clusterId" = ?`, [cluster.id], `"id"`, c.deletedVips, step);
  const ids = new Map(c.vipIds);
  if (c.newVips.length) {
    const now = sql.now();
    const rows = await sql.insertMany<{ id: unknown; address: string }>(
      tx,
      "IpAllocation",
      ["networkId", "address", "addressNum", "pool", "ownerKind", "ownerName", "clusterId", "createdAt"],
      c.newVips.map((v) => [cluster.network.id, v.address, v.addressNum, "vip", "service", v.owner, cluster.id, now]),
      ["id", "address"],
      step,
    );
    for (const r of rows) ids.set(r.address, num(r.id));
  }
  if (c.bindings.length) {
    await sql.insertMany(
      tx,
      "VipPortBinding",
      ["ipAllocationId", "port", "protocol", "serviceNamespace", "serviceName"],
      c.bindings.map((b) => [ids.get(b.address), b.port, b.protocol, ...splitOwner(b.owner)]),
      undefined,
      step,
    );
  }
  if (c.clusterIps.length) {
    await sql.insertMany(
      tx,
      "ClusterAddress",
      ["clusterId", "space", "address", "addressNum", "ownerKind", "ownerNamespace", "ownerName"],
      c.clusterIps.map((r) => [cluster.id, "service", r.address, r.addressNum, "Service", ...splitOwner(r.owner)]),
      undefined,
      step,
    );
  }
  if (c.nodePorts.length) {
    await sql.insertMany(
      tx,
      "PortAllocation",
      ["clusterId", "port", "protocol", "purpose", "ownerNamespace", "ownerName"],
      c.nodePorts.map((r) => [cluster.id, r.port, r.protocol, r.purpose, ...splitOwner(r.owner)]),
      undefined,
      step,
    );
  }
  return ids;
}
