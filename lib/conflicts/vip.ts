/**
 * VIP conflicts on one `AksHciClusterNetwork`: the HAProxy VIP/port problems of AKS hybrid (AksHci), detected from
 * imported cluster state, and the rule hcinet's own VIP allocator follows so it never creates them.
 *
 * Facts (see ../shared/research/aks-hci-facts.md):
 * - HAProxy frontends are keyed by `VIP + port`; Services on different ports may share one VIP, Services on the same
 *   port need distinct VIPs (§3.4, §5.2, [NODE-NET] worked example, [3P HAPROXY-BLOG]).
 * - Documented issue (§5.3, [CONT-NET]): when two target clusters share one `AksHciClusterNetwork` and their workloads
 *   use *different* ports, the port-based sharing can give both workloads the **same service IP**, which causes random
 *   connectivity problems for one or both until they are redeployed. Documented workarounds: redeploy the workloads
 *   using the same port (so each gets its own service IP), or redeploy them on target clusters that use different
 *   `AksHciClusterNetwork` objects.
 * - Related known issue (§5.3, [KI-NET]): two AKS hosts sharing one network setting get identical API server IPs.
 * - Derived (§3.4, §5.3): model port sharing per (network, VIP) and flag every VIP used by two clusters.
 */
import { DEFAULT_NAMESPACE, effectiveNamespace } from "../kube/kinds";
import { compareIps, isIpAddress, parseIp } from "../kube/ip";
import type { Service } from "../kube/types";

/**
 * Opt-out of VIP sharing: a Service annotated `hcinet.io/dedicated-vip: "true"` gets a VIP of its own, and no other
 * Service joins it. Without it, a LoadBalancer Service shares a VIP of its cluster on other ports (the documented
 * HAProxy behaviour, §3.4 worked example).
 */
export const DEDICATED_VIP_ANNOTATION = "hcinet.io/dedicated-vip";

/** Port of the Kubernetes API server behind each cluster's API server VIP (fact sheet §5.2). */
const API_SERVER_PORT_KEY = "6443/TCP";

export const WORKAROUND_SAME_PORT = "Redeploy the workloads using the same port, so that each workload receives its own service IP";
export const WORKAROUND_SEPARATE_NETWORKS = "Redeploy the workloads on target clusters that use different AksHciClusterNetwork objects";
export const WORKAROUND_SEPARATE_POOLS =
  "Redeploy one of the clusters on an AksHciClusterNetwork whose node IP and VIP pools overlap no other network object's pools";

export interface VipConflictEntry {
  cluster: string;
  /** `namespace/name` */
  service: string;
  /** Ports of the Service on this VIP, `443/TCP`; for a same-port conflict only the colliding port. */
  ports: string[];
  /** `cross-network` only: the network whose allocation this is */
  network?: string;
}

export interface VipConflict {
  vip: string;
  /**
   * - `cross-cluster`: Services of two or more clusters use the VIP (the documented shared-network issue, §5.3).
   * - `same-port`: two Services use the same VIP and port/protocol — HAProxy has one frontend per VIP:port (§5.2).
   * - `apiserver`: the VIP is a cluster's API server VIP and a Service (or another cluster's API server) uses it too.
   * - `cross-network`: the address is held by clusters (or the AKS host) of two different network objects (§1.6 rule 14).
   */
  kind: "cross-cluster" | "same-port" | "apiserver" | "cross-network";
  entries: VipConflictEntry[];
  /** For `apiserver`: the clusters whose API server VIP this is. */
  apiServerOf?: string[];
  message: string;
  workarounds: string[];
}

export interface VipConflictInput {
  /** Name of the AksHciClusterNetwork the clusters share. */
  network: string;
  clusters: { name: string; apiServerVip?: string; services: Service[] }[];
}

/** Canonical text of an IP (IPv6 compressed) so equal addresses compare equal. */
function canonicalIp(ip: string): string {
  return parseIp(ip)?.toString() ?? ip;
}

/**
 * The VIPs a Service holds in imported state: every `status.loadBalancer.ingress[].ip`, or `spec.loadBalancerIP`
 * when the status has none (a Service whose requested IP is not yet reflected in its status). Only
 * `type: LoadBalancer` Services hold VIPs. De-duplicated, canonical form.
 */
export function serviceVips(svc: Service): string[] {
  if (svc.spec?.type !== "LoadBalancer") return [];
  const fromStatus = (svc.status?.loadBalancer?.ingress ?? []).map((i) => i.ip).filter((ip): ip is string => isIpAddress(ip));
  const vips = fromStatus.length > 0 ? fromStatus : isIpAddress(svc.spec.loadBalancerIP) ? [svc.spec.loadBalancerIP as string] : [];
  return [...new Set(vips.map(canonicalIp))];
}

/** `port/PROTOCOL` keys of a Service's ports (`443/TCP`), in spec order, de-duplicated. */
export function servicePortKeys(svc: Service): string[] {
  return [...new Set((svc.spec?.ports ?? []).map((p) => `${p.port}/${p.protocol ?? "TCP"}`))];
}

/** True when the Service opts out of VIP sharing ({@link DEDICATED_VIP_ANNOTATION} `"true"`). */
export function wantsDedicatedVip(svc: Service): boolean {
  return svc.metadata.annotations?.[DEDICATED_VIP_ANNOTATION]?.trim().toLowerCase() === "true";
}

/** Normalise `443`, `443/tcp`, `443/TCP` to `443/TCP`. */
export function normalizePortKey(key: string): string {
  const [port, protocol] = key.trim().split("/");
  return `${Number(port)}/${(protocol ?? "TCP").toUpperCase()}`;
}

interface Use extends VipConflictEntry {
  vip: string;
}

function describeEntry(e: VipConflictEntry): string {
  return `${e.cluster}: ${e.service} ${e.ports.join(", ")}`;
}

/**
 * Find the VIP conflicts among the clusters of one network:
 * (a) `cross-cluster` — a VIP used by Services of two different clusters, on any ports (the documented issue, §5.3);
 * (b) `same-port` — one VIP with two Services on the same port/protocol (one per colliding port; also inside one
 *     cluster);
 * (c) `apiserver` — a Service VIP equal to some cluster's API server VIP, or two clusters with the same API server VIP.
 * Ordered by VIP, then kind (cross-cluster, same-port, apiserver), then port. Entries are ordered by cluster, Service.
 */
export function detectVipConflicts(input: VipConflictInput): VipConflict[] {
  const uses = new Map<string, Use[]>();
  for (const cluster of input.clusters) {
    for (const svc of cluster.services) {
      const ports = servicePortKeys(svc);
      const service = `${effectiveNamespace(svc) ?? DEFAULT_NAMESPACE}/${svc.metadata.name}`;
      for (const vip of serviceVips(svc)) {
        uses.set(vip, [...(uses.get(vip) ?? []), { vip, cluster: cluster.name, service, ports }]);
      }
    }
  }
  const apiServers = new Map<string, string[]>();
  for (const c of input.clusters) {
    if (!isIpAddress(c.apiServerVip)) continue;
    const vip = canonicalIp(c.apiServerVip as string);
    apiServers.set(vip, [...(apiServers.get(vip) ?? []), c.name]);
  }

  const network = `AksHciClusterNetwork "${input.network}"`;
  const out: VipConflict[] = [];
  const vips = [...new Set([...uses.keys(), ...apiServers.keys()])].sort(compareIps);
  for (const vip of vips) {
    const entries = (uses.get(vip) ?? [])
      .map(({ cluster, service, ports }) => ({ cluster, service, ports: [...ports] }))
      .sort((a, b) => a.cluster.localeCompare(b.cluster) || a.service.localeCompare(b.service));
    const clusters = [...new Set(entries.map((e) => e.cluster))];

    // (a) cross-cluster. The documented workaround "use the same port" is for workloads on *different* ports (§5.3);
    // it is offered only when no port is used on the VIP by two clusters.
    if (clusters.length > 1) {
      const portClusters = new Map<string, Set<string>>();
      for (const e of entries) for (const p of e.ports) portClusters.set(p, (portClusters.get(p) ?? new Set()).add(e.cluster));
      const differentPorts = [...portClusters.values()].every((cs) => cs.size === 1);
      out.push({
        vip,
        kind: "cross-cluster",
        entries,
        message:
          `VIP ${vip} on ${network} is used by Services of ${clusters.length} clusters (${entries.map(describeEntry).join("; ")}). ` +
          `Target clusters sharing one AksHciClusterNetwork can get the same service IP for workloads on different ports; ` +
          `HAProxy then serves them inconsistently and connectivity fails randomly for one or both until they are redeployed.`,
        workarounds: differentPorts ? [WORKAROUND_SAME_PORT, WORKAROUND_SEPARATE_NETWORKS] : [WORKAROUND_SEPARATE_NETWORKS],
      });
    }

    // (b) same-port, per colliding port
    const byPort = new Map<string, VipConflictEntry[]>();
    for (const e of entries) for (const p of e.ports) byPort.set(p, [...(byPort.get(p) ?? []), { cluster: e.cluster, service: e.service, ports: [p] }]);
    const collidingPorts = [...byPort.keys()]
      .filter((p) => new Set(byPort.get(p)!.map((e) => `${e.cluster}\u0000${e.service}`)).size > 1)
      .sort((a, b) => parseInt(a, 10) - parseInt(b, 10) || a.localeCompare(b));
    for (const port of collidingPorts) {
      const group = byPort.get(port)!;
      const sameCluster = new Set(group.map((e) => e.cluster)).size === 1;
      out.push({
        vip,
        kind: "same-port",
        entries: group,
        message:
          `${vip}:${port.replace("/", " ")} is claimed by ${group.length} Services (${group.map((e) => `${e.cluster}: ${e.service}`).join("; ")}); ` +
          `HAProxy has a single frontend per VIP and port, so only one of them can be reached.`,
        workarounds: sameCluster
          ? [`Give each Service its own VIP: remove the shared spec.loadBalancerIP from all but one of them (or annotate them ${DEDICATED_VIP_ANNOTATION}: "true") and redeploy`]
          : [
              `Give each Service its own VIP from the VIP pool of ${network}`,
              WORKAROUND_SEPARATE_NETWORKS,
            ],
      });
    }

    // (c) API server VIP reused
    const owners = apiServers.get(vip);
    if (owners) {
      const ownerText = owners.length === 1 ? `the API server VIP of cluster ${owners[0]}` : `the API server VIP of clusters ${owners.join(" and ")}`;
      const blocking = entries.filter((e) => e.ports.includes(API_SERVER_PORT_KEY));
      if (entries.length > 0) {
        const cross = entries.some((e) => !owners.includes(e.cluster));
        out.push({
          vip,
          kind: "apiserver",
          entries,
          apiServerOf: [...owners],
          message:
            `VIP ${vip} is ${ownerText} (${vip}:6443) and is also used by ${entries.map((e) => `${e.cluster}: ${e.service}`).join("; ")}.` +
            (blocking.length > 0
              ? ` ${blocking.map((e) => e.service).join(", ")} also listens on 6443/TCP, colliding with the API server frontend.`
              : " Every API server VIP must be used by its API server alone."),
          workarounds: [
            `Give the Service a VIP of its own from the VIP pool of ${network} (remove spec.loadBalancerIP ${vip} and redeploy)`,
            ...(cross ? [WORKAROUND_SEPARATE_NETWORKS] : []),
          ],
        });
      }
      if (owners.length > 1) {
        out.push({
          vip,
          kind: "apiserver",
          entries: [],
          apiServerOf: [...owners],
          message:
            `Clusters ${owners.join(" and ")} have the same API server VIP ${vip}; kubectl and the AKS host reach only one of them ` +
            `(the known issue of two deployments sharing one network object: "workload cluster … was not found").`,
          workarounds: [WORKAROUND_SEPARATE_NETWORKS, "Give the network objects non-overlapping VIP pools"],
        });
      }
    }
  }
  return out;
}

/** A Service already on a VIP, or one that wants to be, as the allocator sees it. */
export interface VipUser {
  cluster: string;
  /** `namespace/name` */
  service: string;
  /** `443/TCP` (also accepts `443`, `443/tcp`). */
  ports: string[];
  /** {@link DEDICATED_VIP_ANNOTATION}: the Service keeps its VIP to itself */
  dedicated?: boolean;
}

export type VipSharingDecision = { ok: true } | { ok: false; reason: string };

/**
 * The VIP rule of AksHci's HAProxy as the documentation describes it, shared by the allocator (lib/db/services) and
 * the planner (lib/ipam/planner, through {@link packVips}): may `candidate` use a VIP that `existing` already use?
 *
 * - Never a VIP of another cluster (avoids the documented shared-AksHciClusterNetwork issue, §5.3).
 * - Inside one cluster, yes when no port (port + protocol) collides: HAProxy frontends are keyed by `VIP:port` (§3.4,
 *   §5.2), so in the worked example the DB on port 80 shares one of the three port-443 VIPs.
 * - Not when either side opts out with {@link DEDICATED_VIP_ANNOTATION}.
 *
 * An entry for the candidate Service itself (same cluster and name: a re-apply) is ignored.
 */
export function vipSharingAllowed(existing: VipUser[], candidate: VipUser): VipSharingDecision {
  const others = existing.filter((e) => !(e.cluster === candidate.cluster && e.service === candidate.service));
  const foreign = others.find((e) => e.cluster !== candidate.cluster);
  if (foreign) {
    return {
      ok: false,
      reason:
        `the VIP is used by Service ${foreign.service} of cluster ${foreign.cluster}; a VIP is never shared across clusters ` +
        `(clusters sharing one AksHciClusterNetwork that share a service IP get random connectivity problems)`,
    };
  }
  if (others.length === 0) return { ok: true };
  const dedicatedOther = others.find((e) => e.dedicated);
  if (dedicatedOther) return { ok: false, reason: `Service ${dedicatedOther.service} holds the VIP alone (${DEDICATED_VIP_ANNOTATION}: "true")` };
  if (candidate.dedicated) return { ok: false, reason: `the Service asks for a VIP of its own (${DEDICATED_VIP_ANNOTATION}: "true") but Service ${others[0].service} uses this one` };
  const wanted = new Set(candidate.ports.map(normalizePortKey));
  for (const e of others) {
    const overlap = e.ports.map(normalizePortKey).filter((p) => wanted.has(p));
    if (overlap.length > 0) {
      return { ok: false, reason: `port ${overlap.join(", ")} is already served on the VIP by Service ${e.service}; HAProxy has one frontend per VIP and port` };
    }
  }
  return { ok: true };
}

/** A VIP of one cluster as the packing sees it: its users. */
export interface VipSlot {
  users: VipUser[];
}

/**
 * First fit: the index of the first slot (in the order given: lowest address first) that `candidate` may join
 * under {@link vipSharingAllowed}, or -1 when it needs a new VIP.
 */
export function firstFitVip(slots: readonly VipSlot[], candidate: VipUser): number {
  return slots.findIndex((s) => vipSharingAllowed(s.users, candidate).ok);
}

/**
 * Packs the LoadBalancer Services of ONE cluster onto VIPs in the order they are applied, exactly as the allocator
 * does one Service at a time (each onto the first VIP it fits, else a new one). Returns the VIPs with their users.
 * Worked example (§3.5): 3 × 443 then the DB on 80 ⇒ 3 VIPs, the DB on the first.
 */
export function packVips(services: readonly VipUser[]): VipSlot[] {
  const slots: VipSlot[] = [];
  for (const svc of services) {
    const i = firstFitVip(slots, svc);
    if (i >= 0) slots[i].users.push(svc);
    else slots.push({ users: [svc] });
  }
  return slots;
}
