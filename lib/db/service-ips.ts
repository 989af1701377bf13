/**
 * A Service's ClusterIPs inside the apply transaction, per `spec.ipFamilies` / `spec.ipFamilyPolicy` exactly as
 * kube-apiserver decides them (the pure decision is lib/kube/ipfamilies `planServiceFamilies`): IPv4 addresses from
 * the service CIDR (lib/ipam/alloc `serviceClusterIp`), IPv6 ones from a dual-stack cluster's IPv6 service range
 * (lib/ipam/ipv6 `serviceClusterIpV6`), `clusterIPs` in the order of `ipFamilies`, `clusterIP` = `clusterIPs[0]`.
 * Every address is a `ClusterAddress` row of space "service" (IPv6 in RFC 5952 text), so UNIQUE (cluster, space,
 * address) keeps IPv6 ClusterIPs single like IPv4 ones, and releasing a Service's "service" rows frees both.
 */
import type { ServiceSpec } from "../kube/types";
import { planServiceFamilies, type IpFamily } from "../kube/ipfamilies";
import { serviceClusterIp } from "../ipam/alloc";
import { parseIPv4 } from "../ipam/address";
import { canonicalIPv6, serviceClusterIpV6 } from "../ipam/ipv6";
import { ipFamiliesOf } from "../cluster/dualstack";
import type { Tx } from "./objects";

export interface ClusterIpContext {
  id: number;
  serviceCidr: string;
  primaryNetworkPlugin?: string;
  ipFamilies?: string;
  serviceCidrV6?: string | null;
}

export interface ClusterIpOutcome {
  problems: { path: string; message: string }[];
  /** the first address (spec.clusterIP) when one was allocated */
  clusterIP?: string;
  /** every address, in ipFamilies order, when the Service has more than one */
  clusterIPs?: string[];
}

/** The families a cluster serves: IPv4, plus IPv6 on a dual-stack cluster with an IPv6 service range. */
export function clusterFamilies(cluster: ClusterIpContext): IpFamily[] {
  return ipFamiliesOf(cluster.ipFamilies).length === 2 && cluster.serviceCidrV6 ? ["IPv4", "IPv6"] : ["IPv4"];
}

/**
 * Sets `spec.ipFamilyPolicy`, `spec.ipFamilies`, `spec.clusterIP` and `spec.clusterIPs` of one Service (mutating
 * `spec`) and writes its addresses; the caller has deleted the Service's previous "service" rows. Problems name the
 * field (`spec.ipFamilyPolicy` for RequireDualStack on a single-stack cluster).
 */
export async function assignClusterIps(tx: Tx, cluster: ClusterIpContext, ns: string, name: string, spec: ServiceSpec, prevSpec: ServiceSpec | undefined): Promise<ClusterIpOutcome> {
  const families = clusterFamilies(cluster);
  const type = spec.type ?? "ClusterIP";
  // kube-apiserver's normalizeClusterIPs: clusterIP alone ⇒ clusterIPs [clusterIP]; an update that gives neither keeps
  // the stored addresses (only the first when the update asks for SingleStack)
  let ips = spec.clusterIPs?.filter((ip) => ip !== "") ?? [];
  if (ips.length === 0 && spec.clusterIP) ips = [spec.clusterIP];
  const prevIps = prevSpec && prevSpec.type !== "ExternalName" ? (prevSpec.clusterIPs ?? (prevSpec.clusterIP ? [prevSpec.clusterIP] : [])).filter((ip) => ip && ip !== "None") : [];
  const fromPrevious = ips.length === 0 && spec.clusterIP !== "None" && prevIps.length > 0;
  if (fromPrevious) ips = spec.ipFamilyPolicy === "SingleStack" ? prevIps.slice(0, 1) : prevIps;
  const planned = planServiceFamilies({ ...spec, clusterIPs: ips, ...(spec.clusterIP === "None" ? { clusterIP: "None" } : {}), selector: spec.selector as Record<string, string> | undefined, type }, families, prevSpec);
  if (!planned.ok) {
    const flannel = cluster.primaryNetworkPlugin === "flannel";
    return {
      problems: planned.problems.map((p) =>
        flannel && /dual-stack|not configured on this cluster/.test(p.message)
          ? { ...p, message: `${p.message} (a Flannel cluster is IPv4 only: AKS hybrid lists IPv6 as "Flannel: No, Calico: Yes")` }
          : p,
      ),
    };
  }
  const plan = planned.plan;
  if (plan.kind === "externalName") {
    delete spec.clusterIP;
    delete spec.clusterIPs;
    delete spec.ipFamilies;
    delete spec.ipFamilyPolicy;
    return { problems: [] };
  }
  spec.ipFamilyPolicy = plan.ipFamilyPolicy;
  spec.ipFamilies = plan.ipFamilies;
  if (plan.kind === "headless") {
    spec.clusterIP = "None";
    spec.clusterIPs = ["None"];
    return { problems: [] };
  }

  const problems: ClusterIpOutcome["problems"] = [];
  const rows = await tx.clusterAddress.findMany({ where: { clusterId: cluster.id, space: "service" }, select: { address: true, addressNum: true } });
  const used4 = new Set(rows.filter((r) => !r.address.includes(":")).map((r) => r.addressNum));
  const used6 = new Set(rows.filter((r) => r.address.includes(":")).map((r) => r.address));
  const prevCanon = new Set(prevIps.map((ip) => (ip.includes(":") ? canonicalIPv6(ip) ?? ip : ip)));
  const isKubernetes = ns === "default" && name === "kubernetes";
  const out: string[] = [];
  for (let i = 0; i < plan.toAllocate.length; i++) {
    const { family, requested } = plan.toAllocate[i];
    const path = i === 0 ? "spec.clusterIP" : `spec.clusterIPs[${i}]`;
    if (family === "IPv4") {
      const keepingOwn = requested !== undefined && prevCanon.has(requested);
      const r = keepingOwn || isKubernetes ? { ok: true as const, ip: requested! } : serviceClusterIp(cluster.serviceCidr, used4, requested);
      if (!r.ok) problems.push({ path, message: r.error });
      else if (used4.has(parseIPv4(r.ip)!)) problems.push({ path, message: `${r.ip}: provided IP is already allocated` });
      else {
        used4.add(parseIPv4(r.ip)!);
        out.push(r.ip);
      }
    } else {
      const r = serviceClusterIpV6(cluster.serviceCidrV6!, used6, requested);
      if (!r.ok) problems.push({ path, message: r.error });
      else {
        used6.add(r.ip);
        out.push(r.ip);
      }
    }
  }
  if (problems.length) return { problems };
  await tx.clusterAddress.createMany({
    data: out.map((ip) => ({ clusterId: cluster.id, space: "service", address: ip, addressNum: ip.includes(":") ? 0 : parseIPv4(ip)!, ownerKind: "Service", ownerNamespace: ns, ownerName: name })),
  });
  spec.clusterIP = out[0];
  spec.clusterIPs = out;
  return { problems: [], clusterIP: out[0], ...(out.length > 1 ? { clusterIPs: out } : {}) };
}
