/**
 * The topology graph of one AKS hybrid (AksHci) workload cluster: how the outside client, the VIPs, the HAProxy
 * load-balancer VM(s), the node VMs, the Services, Ingresses and pods relate. A pure function of the cluster
 * snapshot plus the cluster's network, LB VMs and the network's VIP conflicts; the result is cytoscape's own elements
 * JSON (`{nodes: [{data}], edges: [{data}]}`) with the shared element ids of ./ids.ts.
 *
 * Element kinds: Network, LoadBalancer, VIP, Node, Pod, Service, Ingress, External, Owner (aggregated pods, see
 * ./aggregate.ts), Namespace (a folded namespace of the coarse level, see ./fold.ts). Edges (`data.kind`):
 * - `frontend`  LoadBalancer VM → VIP (the VM serves the VIP's frontends, fact sheet §5.1–5.2)
 * - `client`    External client → VIP
 * - `route`     VIP → Service, one edge per frontend port (`route:vip:<ip>:<port>->svc:<ns>/<name>`), and the API
 *               server VIP → each control-plane node on 6443 (`route:vip:<ip>:6443->node:<name>`)
 * - `endpoint`  Service → each endpoint Pod (ready or not: `data.ready`), or → `ext:<ip>` for a manual endpoint
 *               address that is no pod
 * - `backend`   Ingress → backend Service
 * - `externalname` ExternalName Service → `ext:<hostname>`
 * - `member`    Network → LoadBalancer VM and Node VM (the VM takes its address from the network)
 * Pods are children of their Node (`data.parent`); namespaces, owners and labels are attributes.
 */
import type { VipConflict } from "../conflicts/vip";
import { serviceVips } from "../conflicts/vip";
import { API_SERVER_PORT } from "../haproxy/model";
import { isPodReady, podIp } from "../kube/endpoints";
import { DEFAULT_NAMESPACE } from "../kube/kinds";
import { compareIps, parseIp } from "../kube/ip";
import type { ClusterSnapshot, KubeObject, Pod, Service, SnapshotNode } from "../kube/types";
import {
  EXTERNAL_CLIENT_ID,
  edgeId,
  externalId,
  ingressId,
  loadBalancerId,
  networkId,
  nodeId,
  ownerId,
  podId,
  serviceId,
  vipId,
  vipPortId,
} from "./ids";

/** Code-unit order: deterministic and much cheaper than localeCompare on tens of thousands of names. */
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export const TOPOLOGY_KINDS = ["Network", "LoadBalancer", "VIP", "Node", "Pod", "Service", "Ingress", "External", "Owner"] as const;
/** The model's kinds, plus `Namespace`: a folded namespace badge of the coarse level (./fold.ts), never filtered on. */
export type TopologyKind = (typeof TOPOLOGY_KINDS)[number] | "Namespace";
export const EDGE_KINDS = ["frontend", "client", "route", "endpoint", "backend", "externalname", "member"] as const;
export type TopologyEdgeKind = (typeof EDGE_KINDS)[number];

export interface TopologyNodeData {
  id: string;
  kind: TopologyKind;
  name: string;
  label: string;
  namespace?: string;
  parent?: string;
  [key: string]: unknown;
}

export interface TopologyEdgeData {
  id: string;
  source: string;
  target: string;
  kind: TopologyEdgeKind;
  label?: string;
  [key: string]: unknown;
}

export interface TopologyNode {
  data: TopologyNodeData;
  /** overlay classes, space separated: `windows`, `not-ready`, `no-endpoints`, `conflict`, `etp-local`, … */
  classes?: string;
  position?: { x: number; y: number };
}

export interface TopologyEdge {
  data: TopologyEdgeData;
  classes?: string;
}

export interface TopologyGraph {
  nodes: TopologyNode[];
  edges: TopologyEdge[];
  /**
   * The NodePorts of the cluster: kube-proxy opens each on every node, so the list is kept once here and each Node
   * element carries only `nodePortCount` (a list per node was half the response at 10,000 pods).
   */
  nodePorts?: { port: number; protocol: string; service: string }[];
}

export interface TopologyContext {
  /** The cluster's AksHciClusterNetwork (name and whatever details to show). */
  network?: { name: string; [detail: string]: unknown };
  /** HAProxy VMs of the cluster; snapshot nodes with role `loadbalancer` are added too. Empty = SKU "none". */
  loadBalancers?: { name: string; ipAddress?: string }[];
  /** Falls back to `snapshot.apiServerVip`. */
  apiServerVip?: string;
  /** VIP conflicts of the network (lib/conflicts); the VIPs involved get `data.conflict` and the `conflict` class. */
  conflicts?: VipConflict[];
}

export interface PortRef {
  port: number;
  protocol: string;
  name?: string;
}

const ns = (o: { metadata: { namespace?: string } }) => o.metadata.namespace ?? DEFAULT_NAMESPACE;
const cls = (...names: (string | false | undefined)[]) => names.filter(Boolean).join(" ") || undefined;

/** The aggregated owner of a pod: Deployment (through its ReplicaSet), StatefulSet, DaemonSet, ReplicaSet or Job. */
export function podOwner(pod: Pod, replicaSets: Map<string, KubeObject>): { kind: string; name: string } | undefined {
  const refs = (pod.metadata.ownerReferences ?? []) as { kind?: string; name?: string; controller?: boolean }[];
  if (!Array.isArray(refs) || refs.length === 0) return undefined;
  const ref = refs.find((r) => r.controller) ?? refs[0];
  if (!ref?.kind || !ref.name) return undefined;
  if (ref.kind !== "ReplicaSet") return { kind: ref.kind, name: ref.name };
  const rs = replicaSets.get(`${ns(pod)}/${ref.name}`);
  const rsRefs = (rs?.metadata.ownerReferences ?? []) as { kind?: string; name?: string; controller?: boolean }[];
  const rsOwner = Array.isArray(rsRefs) ? rsRefs.find((r) => r.controller) ?? rsRefs[0] : undefined;
  if (rsOwner?.kind && rsOwner.name) return { kind: rsOwner.kind, name: rsOwner.name };
  // A dump without its ReplicaSets: `<deployment>-<pod-template-hash>` names the Deployment.
  const hash = pod.metadata.labels?.["pod-template-hash"];
  if (hash && ref.name.endsWith(`-${hash}`)) return { kind: "Deployment", name: ref.name.slice(0, -hash.length - 1) };
  return { kind: "ReplicaSet", name: ref.name };
}

/**
 * A Deployment's pod drawn as `<deployment>-…<suffix>` (`frontend-…x7k2q` for `frontend-7c9d8f5b6d-x7k2q`): the
 * pod-template hash in the middle says nothing on the graph and made neighbouring labels run into each other. The full
 * name stays the element's `name` (hover card, panel, search, table).
 */
export function podLabel(name: string, owner: { kind: string; name: string } | undefined): string {
  if (owner?.kind !== "Deployment" || !name.startsWith(`${owner.name}-`)) return name;
  const rest = name.slice(owner.name.length + 1);
  const cut = rest.lastIndexOf("-");
  return cut > 0 ? `${owner.name}-…${rest.slice(cut + 1)}` : name;
}

function serviceKindOf(s: Service): string {
  return s.spec?.type ?? "ClusterIP";
}

function isHeadless(s: Service): boolean {
  return s.spec?.clusterIP === "None";
}

/**
 * Build the topology graph (every pod an element). Deterministic: elements in a stable order (infrastructure, VIPs,
 * nodes, services, ingresses, pods, externals).
 */
export function topologyGraph(snapshot: ClusterSnapshot, ctx: TopologyContext = {}): TopologyGraph {
  const nodes: TopologyNode[] = [];
  const edges: TopologyEdge[] = [];
  const edgeIds = new Set<string>();
  const addEdge = (e: TopologyEdge) => {
    if (edgeIds.has(e.data.id)) return;
    edgeIds.add(e.data.id);
    edges.push(e);
  };
  const externals = new Map<string, TopologyNode>();
  const external = (key: string, reason: "externalname" | "address") => {
    const id = externalId(key);
    if (!externals.has(id)) externals.set(id, { data: { id, kind: "External", name: key, label: key, reason } });
    return id;
  };

  // --- network and VMs -------------------------------------------------------------------------------------------
  const netId = ctx.network ? networkId(ctx.network.name) : undefined;
  if (ctx.network) {
    const { name, ...details } = ctx.network;
    nodes.push({ data: { ...details, id: netId!, kind: "Network", name, label: name } });
  }
  const lbs = new Map<string, { name: string; ipAddress?: string }>();
  for (const lb of ctx.loadBalancers ?? []) lbs.set(lb.name, lb);
  for (const n of snapshot.nodes) if (n.role === "loadbalancer" && !lbs.has(n.name)) lbs.set(n.name, { name: n.name, ...(n.ipAddress ? { ipAddress: n.ipAddress } : {}) });
  const lbList = [...lbs.values()].sort((a, b) => cmp(a.name, b.name));
  for (const lb of lbList) {
    const id = loadBalancerId(lb.name);
    nodes.push({ data: { id, kind: "LoadBalancer", name: lb.name, label: lb.ipAddress ? `${lb.name}\n${lb.ipAddress}` : lb.name, ipAddress: lb.ipAddress ?? null } });
    if (netId) addEdge({ data: { id: edgeId("member", netId, id), source: netId, target: id, kind: "member" } });
  }

  const kubeNodes = snapshot.nodes
    .filter((n) => n.role !== "loadbalancer")
    .sort((a, b) => (a.role === b.role ? cmp(a.name, b.name) : a.role === "controlplane" ? -1 : 1));
  const nodeNames = new Set(kubeNodes.map((n) => n.name));

  // --- services: NodePorts (on every node), local endpoints ------------------------------------------------------
  const podByKey = new Map<string, Pod>();
  const podByIp = new Map<string, Pod>();
  for (const p of snapshot.pods) {
    podByKey.set(`${ns(p)}/${p.metadata.name}`, p);
    const ip = podIp(p);
    if (ip && !p.spec?.hostNetwork) podByIp.set(ip, p);
  }
  const nodeByIp = new Map(kubeNodes.filter((n) => n.ipAddress).map((n) => [n.ipAddress!, n]));
  const nodePorts: { port: number; protocol: string; service: string }[] = [];
  for (const s of snapshot.services) {
    for (const p of s.spec?.ports ?? []) {
      if (typeof p.nodePort === "number") nodePorts.push({ port: p.nodePort, protocol: p.protocol ?? "TCP", service: `${ns(s)}/${s.metadata.name}` });
    }
  }
  nodePorts.sort((a, b) => a.port - b.port || cmp(a.protocol, b.protocol));
  const localEndpoints = new Map<string, Set<string>>(); // node → services with a ready local endpoint (ETP Local)

  // --- VIPs ------------------------------------------------------------------------------------------------------
  type VipInfo = { ip: string; apiServer: boolean; ports: { port: number; protocol: string; service?: string; frontend: string }[] };
  const vips = new Map<string, VipInfo>();
  const vip = (ip: string): VipInfo => {
    const canonical = parseIp(ip)?.toString() ?? ip;
    let v = vips.get(canonical);
    if (!v) vips.set(canonical, (v = { ip: canonical, apiServer: false, ports: [] }));
    return v;
  };
  const apiVip = ctx.apiServerVip ?? snapshot.apiServerVip;
  if (apiVip && parseIp(apiVip)) {
    const v = vip(apiVip);
    v.apiServer = true;
    v.ports.push({ port: API_SERVER_PORT, protocol: "TCP", frontend: vipPortId(v.ip, API_SERVER_PORT) });
  }
  for (const s of snapshot.services) {
    for (const ip of serviceVips(s)) {
      const v = vip(ip);
      for (const p of s.spec.ports ?? []) v.ports.push({ port: p.port, protocol: p.protocol ?? "TCP", service: `${ns(s)}/${s.metadata.name}`, frontend: vipPortId(v.ip, p.port) });
    }
  }
  const conflictsByVip = new Map<string, VipConflict[]>();
  for (const c of ctx.conflicts ?? []) {
    const key = parseIp(c.vip)?.toString() ?? c.vip;
    const list = conflictsByVip.get(key);
    if (list) list.push(c);
    else conflictsByVip.set(key, [c]);
  }
  const vipList = [...vips.values()].sort((a, b) => compareIps(a.ip, b.ip));
  for (const v of vipList) {
    const id = vipId(v.ip);
    const conflicts = conflictsByVip.get(v.ip) ?? [];
    v.ports.sort((a, b) => a.port - b.port || cmp(a.protocol, b.protocol));
    const portsText = [...new Set(v.ports.map((p) => String(p.port)))].join(",");
    nodes.push({
      data: {
        id,
        kind: "VIP",
        name: v.ip,
        label: `${v.ip}\n:${portsText}`,
        ip: v.ip,
        apiServer: v.apiServer,
        ports: v.ports,
        loadBalancers: lbList.map((l) => l.name),
        conflict: conflicts.length > 0,
        conflicts: conflicts.map((c) => ({ kind: c.kind, message: c.message, workarounds: c.workarounds })),
      },
      classes: cls(v.apiServer && "apiserver", conflicts.length > 0 && "conflict", lbList.length === 0 && "no-lb"),
    });
    addEdge({ data: { id: edgeId("client", EXTERNAL_CLIENT_ID, id), source: EXTERNAL_CLIENT_ID, target: id, kind: "client" } });
    for (const lb of lbList) {
      const lbId = loadBalancerId(lb.name);
      addEdge({ data: { id: edgeId("frontend", lbId, id), source: lbId, target: id, kind: "frontend", label: portsText } });
    }
    if (v.apiServer) {
      for (const n of kubeNodes.filter((k) => k.role === "controlplane")) {
        const target = nodeId(n.name);
        addEdge({
          data: { id: edgeId("route", vipPortId(v.ip, API_SERVER_PORT), target), source: id, target, kind: "route", port: API_SERVER_PORT, protocol: "TCP", label: String(API_SERVER_PORT) },
          classes: "apiserver",
        });
      }
    }
  }
  if (vipList.length > 0) nodes.unshift({ data: { id: EXTERNAL_CLIENT_ID, kind: "External", name: "client", label: "client", reason: "client" } });

  // --- Services and endpoints ------------------------------------------------------------------------------------
  const serviceNodes: TopologyNode[] = [];
  const servicesByKey = new Set(snapshot.services.map((s) => `${ns(s)}/${s.metadata.name}`));
  const endpointsByService = new Map<string, ClusterSnapshot["endpoints"]>();
  for (const e of snapshot.endpoints) {
    const key = `${e.namespace}/${e.serviceName}`;
    const list = endpointsByService.get(key);
    if (list) list.push(e);
    else endpointsByService.set(key, [e]);
  }
  const services = [...snapshot.services].sort((a, b) => cmp(ns(a), ns(b)) || cmp(a.metadata.name, b.metadata.name));
  for (const s of services) {
    const namespace = ns(s);
    const id = serviceId(namespace, s.metadata.name);
    const type = serviceKindOf(s);
    const entries = endpointsByService.get(`${namespace}/${s.metadata.name}`) ?? [];
    const addresses = entries.flatMap((e) => e.addresses);
    const ready = addresses.filter((a) => a.ready).length;
    const etpLocal = s.spec?.externalTrafficPolicy === "Local" && (type === "LoadBalancer" || type === "NodePort");
    const localNodes = new Set<string>();
    const seenTargets = new Set<string>();
    for (const a of addresses) {
      let target: string | undefined;
      let node: string | undefined = a.nodeName;
      const pod = a.podRef ? podByKey.get(`${a.podRef.namespace}/${a.podRef.name}`) : podByIp.get(a.ip);
      if (pod) {
        target = podId(ns(pod), pod.metadata.name);
        node = node ?? pod.spec?.nodeName;
      } else if (nodeByIp.has(a.ip)) {
        target = nodeId(nodeByIp.get(a.ip)!.name); // hostNetwork endpoint: the node itself
        node = node ?? nodeByIp.get(a.ip)!.name;
      } else {
        target = external(a.ip, "address");
      }
      if (a.ready && node && nodeNames.has(node)) localNodes.add(node);
      const eid = edgeId("endpoint", id, target);
      if (seenTargets.has(eid)) continue;
      seenTargets.add(eid);
      addEdge({ data: { id: eid, source: id, target, kind: "endpoint", ready: a.ready, ip: a.ip }, classes: a.ready ? undefined : "not-ready" });
    }
    if (etpLocal) {
      for (const n of localNodes) {
        const set = localEndpoints.get(n) ?? new Set<string>();
        set.add(`${namespace}/${s.metadata.name}`);
        localEndpoints.set(n, set);
      }
    }
    if (type === "ExternalName" && s.spec.externalName) {
      const target = external(s.spec.externalName, "externalname");
      addEdge({ data: { id: edgeId("externalname", id, target), source: id, target, kind: "externalname" } });
    }
    const sVips = serviceVips(s);
    for (const ip of sVips) {
      const v = vips.get(ip)!;
      for (const p of s.spec.ports ?? []) {
        addEdge({
          data: { id: edgeId("route", vipPortId(v.ip, p.port), id), source: vipId(v.ip), target: id, kind: "route", port: p.port, protocol: p.protocol ?? "TCP", label: String(p.port), ...(p.nodePort ? { nodePort: p.nodePort } : {}) },
          classes: etpLocal ? "etp-local" : undefined,
        });
      }
    }
    const noEndpoints = type !== "ExternalName" && addresses.length === 0;
    const headless = isHeadless(s);
    serviceNodes.push({
      data: {
        id,
        kind: "Service",
        name: s.metadata.name,
        namespace,
        label: `${s.metadata.name}\n${type}${headless ? " (headless)" : ""}`,
        type,
        headless,
        clusterIP: s.spec?.clusterIP ?? null,
        ports: (s.spec?.ports ?? []).map((p) => ({ port: p.port, protocol: p.protocol ?? "TCP", ...(p.name ? { name: p.name } : {}), ...(p.targetPort !== undefined ? { targetPort: p.targetPort } : {}), ...(p.nodePort ? { nodePort: p.nodePort } : {}) })),
        vips: sVips,
        externalName: s.spec?.externalName ?? null,
        externalTrafficPolicy: type === "LoadBalancer" || type === "NodePort" ? s.spec?.externalTrafficPolicy ?? "Cluster" : null,
        localNodes: etpLocal ? [...localNodes].sort() : [],
        selector: s.spec?.selector ?? null,
        endpoints: addresses.length,
        readyEndpoints: ready,
        noEndpoints,
        labels: s.metadata.labels ?? {},
      },
      classes: cls(noEndpoints && "no-endpoints", etpLocal && "etp-local", headless && "headless", `svc-${type.toLowerCase()}`),
    });
  }

  // --- nodes -----------------------------------------------------------------------------------------------------
  for (const n of kubeNodes) nodes.push(nodeElement(n, netId, nodePorts, localEndpoints.get(n.name)));
  for (const n of kubeNodes) if (netId) addEdge({ data: { id: edgeId("member", netId, nodeId(n.name)), source: netId, target: nodeId(n.name), kind: "member" } });
  nodes.push(...serviceNodes);

  // --- ingresses -------------------------------------------------------------------------------------------------
  const ingresses = [...snapshot.ingresses].sort((a, b) => cmp(ns(a), ns(b)) || cmp(a.metadata.name, b.metadata.name));
  for (const ing of ingresses) {
    const namespace = ns(ing);
    const id = ingressId(namespace, ing.metadata.name);
    const backends = new Map<string, string[]>();
    const addBackend = (svc: string | undefined, path: string) => {
      if (!svc) return;
      backends.set(svc, [...(backends.get(svc) ?? []), path]);
    };
    addBackend(ing.spec?.defaultBackend?.service?.name, "(default)");
    const hosts: string[] = [];
    for (const r of ing.spec?.rules ?? []) {
      if (r.host) hosts.push(r.host);
      for (const p of r.http?.paths ?? []) addBackend(p.backend.service?.name, `${r.host ?? "*"}${p.path ?? "/"}`);
    }
    nodes.push({
      data: { id, kind: "Ingress", name: ing.metadata.name, namespace, label: ing.metadata.name, ingressClassName: ing.spec?.ingressClassName ?? null, hosts, labels: ing.metadata.labels ?? {} },
    });
    for (const [svc, paths] of backends) {
      const target = serviceId(namespace, svc);
      addEdge({ data: { id: edgeId("backend", id, target), source: id, target, kind: "backend", paths, missing: !servicesByKey.has(`${namespace}/${svc}`) } });
    }
  }

  // --- pods ------------------------------------------------------------------------------------------------------
  const replicaSets = new Map<string, KubeObject>();
  for (const o of snapshot.others) if (o.kind === "ReplicaSet") replicaSets.set(`${ns(o as { metadata: { namespace?: string } })}/${o.metadata.name}`, o);
  const pods = [...snapshot.pods].sort((a, b) => cmp(ns(a), ns(b)) || cmp(a.metadata.name, b.metadata.name));
  for (const p of pods) {
    const namespace = ns(p);
    const owner = podOwner(p, replicaSets);
    const ready = isPodReady(p);
    const nodeName = p.spec?.nodeName;
    const parent = nodeName && nodeNames.has(nodeName) ? nodeId(nodeName) : undefined;
    nodes.push({
      data: {
        id: podId(namespace, p.metadata.name),
        kind: "Pod",
        name: p.metadata.name,
        namespace,
        ...(parent ? { parent } : {}),
        label: podLabel(p.metadata.name, owner),
        podIP: podIp(p) ?? null,
        nodeName: nodeName ?? null,
        phase: p.status?.phase ?? null,
        ready,
        hostNetwork: p.spec?.hostNetwork === true,
        owner: owner ? ownerId(namespace, owner.kind, owner.name) : null,
        ownerKind: owner?.kind ?? null,
        ownerName: owner?.name ?? null,
        labels: p.metadata.labels ?? {},
      },
      classes: cls(!ready && "not-ready", !parent && "unscheduled"),
    });
  }

  nodes.push(...[...externals.values()].sort((a, b) => cmp(a.data.id, b.data.id)));
  return { nodes, edges, nodePorts };
}

function nodeElement(n: SnapshotNode, netId: string | undefined, nodePorts: { port: number; protocol: string; service: string }[], local: Set<string> | undefined): TopologyNode {
  return {
    data: {
      id: nodeId(n.name),
      kind: "Node",
      name: n.name,
      label: `${n.name}${n.ipAddress ? `\n${n.ipAddress}` : ""}`,
      role: n.role,
      osType: n.osType,
      ipAddress: n.ipAddress ?? null,
      podCidrs: n.podCidrs,
      network: netId ?? null,
      nodePortCount: nodePorts.length,
      localEndpointsFor: local ? [...local].sort() : [],
      labels: n.labels,
    },
    classes: cls(n.osType === "Windows" ? "windows" : "linux", n.role === "controlplane" ? "controlplane" : "worker"),
  };
}
