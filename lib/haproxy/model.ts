/**
 * The HAProxy load-balancer model of one AKS hybrid (AksHci) workload cluster: which `VIP:port` frontends the
 * HAProxy VM(s) of the cluster serve and which node backends each one forwards to.
 *
 * Facts this follows (see ../shared/research/aks-hci-facts.md):
 * - Every workload cluster gets one or more Linux VMs running HAProxy + keepalived that load-balance the Kubernetes
 *   API server and the LoadBalancer Services; HAProxy is layer 4 only (§5.1, [LB], [MULTI-LB], [NODE-NET]).
 * - The API server is one VIP on port 6443, fronted by the LB VM and forwarded to the control-plane nodes
 *   (§3.2, §5.2, [3P HAPROXY-BLOG]).
 * - HAProxy frontends are keyed by `VIP + port` and named `frontend_<VIP>_<port>` (§3.4, §5.2, [3P HAPROXY-BLOG] —
 *   observed naming, not a contract).
 * - A LoadBalancer Service also allocates NodePorts; the LB forwards to the NodePort on the nodes, except with
 *   `spec.allocateLoadBalancerNodePorts: false` (§5.1, §7, [K8S-SERVICE]).
 * - `externalTrafficPolicy: Cluster` (default): every node accepts the NodePort and forwards (SNAT) to an endpoint
 *   anywhere. `Local`: only nodes with a ready local endpoint serve the traffic (others drop it); the LB probes
 *   `healthCheckNodePort` at `/healthz` on every node to skip the others (§7, [K8S-SOURCEIP], [K8S-VIPS], [K8S-TYPES]) —
 *   so the backend lists every node behind that health check, not a static list of the nodes that host pods today.
 * - Control-plane nodes are not Service backends: kubeadm labels them `node.kubernetes.io/exclude-from-external-load-balancers`
 *   (kubeadm's mark-control-plane phase; Kubernetes "Well-Known Labels, Annotations and Taints"), and the service
 *   controller leaves nodes with that label out of load-balancer backends.
 * - `-loadBalancerSku none`: no HAProxy VM at all; kube-vip on the control plane serves the API server VIP and
 *   LoadBalancer Services stay unreachable until you bring your own load balancer (§5.1, [LBS], [CUSTOM-LB]) — so the
 *   model has no frontend.
 *
 * The model is a pure function of the cluster snapshot; it does not read the real `haproxy.cfg` (which `lbagent`
 * writes on the LB VMs, §5.1 [3P]). {@link renderHaproxyCfg} in ./render.ts turns it into an haproxy.cfg.
 */
import { readyBackends } from "../kube/endpoints";
import { DEFAULT_NAMESPACE, effectiveNamespace } from "../kube/kinds";
import { compareIps, isIpAddress, parseIp } from "../kube/ip";
import type { ClusterSnapshot, EndpointAddress, Protocol, Service, ServicePort, SnapshotNode } from "../kube/types";

/** Port of the Kubernetes API server behind the cluster's API server VIP (fact sheet §5.2). */
export const API_SERVER_PORT = 6443;
/** Path kube-proxy serves on `healthCheckNodePort` for `externalTrafficPolicy: Local` (fact sheet §7). */
export const HEALTH_CHECK_PATH = "/healthz";
/** Nodes with this label are not load-balancer backends; kubeadm sets it on control-plane nodes (Well-Known Labels). */
export const EXCLUDE_FROM_EXTERNAL_LB_LABEL = "node.kubernetes.io/exclude-from-external-load-balancers";

/** An HAProxy VM of the cluster (from the k8s node IP pool, or DHCP). */
export interface HaproxyLoadBalancerVm {
  name: string;
  ipAddress?: string;
}

/** One `server` line of an HAProxy backend: a Kubernetes node and the port HAProxy forwards to. */
export interface HaproxyServer {
  node: string;
  /** Node address; "" when the node has none known (DHCP) — such servers are listed but cannot be configured. */
  address: string;
  port: number;
  /** HTTP health check (`externalTrafficPolicy: Local`): `healthCheckNodePort` and `/healthz`. */
  check?: { port: number; path: string };
  /** `externalTrafficPolicy: Local`: whether the node hosts a ready endpoint now, i.e. passes the health check */
  healthy?: boolean;
  role: SnapshotNode["role"];
  osType: SnapshotNode["osType"];
}

/** One HAProxy frontend (`VIP:port`) with its backend servers. */
export interface HaproxyFrontend {
  /** `frontend_<VIP>_<port>`; the backend is named {@link backendName}. */
  name: string;
  vip: string;
  port: number;
  protocol: Protocol;
  kind: "apiserver" | "service";
  /** `namespace/name` of the Service (kind "service"). */
  service?: string;
  /** Name of the Service port, when it has one. */
  servicePortName?: string;
  /** The Service's `externalTrafficPolicy` (kind "service"). */
  externalTrafficPolicy?: "Cluster" | "Local";
  backends: HaproxyServer[];
  mode: "tcp";
}

export interface HaproxyModelInput {
  cluster: string;
  /** The cluster's API server VIP; falls back to `snapshot.apiServerVip`. */
  apiServerVip?: string;
  /** HAProxy VMs of the cluster (`-loadBalancerCount`, fact sheet §5.1). */
  loadBalancers: HaproxyLoadBalancerVm[];
  snapshot: ClusterSnapshot;
}

export interface HaproxyModel {
  cluster: string;
  loadBalancers: HaproxyLoadBalancerVm[];
  /** API server frontend first, then Service frontends ordered by VIP, port. */
  frontends: HaproxyFrontend[];
  /** Human-readable findings: pending VIPs, UDP ports, nodes without addresses, Services without NodePorts… */
  warnings: string[];
}

/** `frontend_<VIP>_<port>`, the naming observed on AKS hybrid HAProxy VMs (fact sheet §3.4, [3P HAPROXY-BLOG]). */
export function frontendName(vip: string, port: number): string {
  return `frontend_${vip}_${port}`;
}

/** `backend_<VIP>_<port>`, the backend paired with {@link frontendName}. */
export function backendName(vip: string, port: number): string {
  return `backend_${vip}_${port}`;
}

/** The VIP the cloud provider assigned to a LoadBalancer Service: `status.loadBalancer.ingress[0].ip`. */
export function serviceVip(svc: Service): string | undefined {
  const ip = svc.status?.loadBalancer?.ingress?.[0]?.ip;
  return isIpAddress(ip) ? (ip as string) : undefined;
}

/** `namespace/name` of a Service. */
export function serviceRef(svc: Service): string {
  return `${effectiveNamespace(svc) ?? DEFAULT_NAMESPACE}/${svc.metadata.name}`;
}

/** The k8s nodes that can be HAProxy backends: control plane and workers (Linux and Windows), never the LB VMs. */
function kubernetesNodes(snapshot: ClusterSnapshot): SnapshotNode[] {
  return snapshot.nodes.filter((n) => n.role !== "loadbalancer").sort(byRoleName);
}

function portLabel(p: ServicePort): string {
  return `${p.name ? `${p.name} ` : ""}${p.port}/${p.protocol ?? "TCP"}`;
}

/**
 * Build the HAProxy model of one cluster.
 *
 * - API server: `VIP:6443` → every control-plane node `:6443` (plain TCP check).
 * - Each `type: LoadBalancer` Service with a VIP (`status.loadBalancer.ingress[0].ip`), each TCP port:
 *   `VIP:port` → `node:nodePort` on every worker (Linux and Windows; not the control plane, which kubeadm excludes,
 *   nor the LB VMs). `externalTrafficPolicy: Local`: the same nodes, each checked with `GET /healthz` on
 *   `healthCheckNodePort`; `healthy` says which of them pass now (host a ready endpoint).
 * - SKU none (no LB VM): no frontend at all.
 * - Warnings: Service without a VIP yet (pending), UDP/SCTP ports (HAProxy is TCP/HTTP only), ports without a
 *   NodePort (`allocateLoadBalancerNodePorts: false`), Local without `healthCheckNodePort`, Local without any ready
 *   endpoint, nodes without an address (DHCP; listed with address ""), Services with a non-default
 *   `loadBalancerClass` (not HAProxy's), two claims on one `VIP:port` (only the first gets the frontend).
 */
export function haproxyModel(input: HaproxyModelInput): HaproxyModel {
  const { snapshot } = input;
  const warnings: string[] = [];
  const nodes = kubernetesNodes(snapshot);
  const nodesByName = new Map(nodes.map((n) => [n.name, n]));

  const server = (node: SnapshotNode, port: number, check?: HaproxyServer["check"], healthy?: boolean): HaproxyServer => {
    const address = isIpAddress(node.ipAddress) ? (node.ipAddress as string) : "";
    return { node: node.name, address, port, ...(check ? { check } : {}), ...(healthy !== undefined ? { healthy } : {}), role: node.role, osType: node.osType };
  };
  // Service backends: control-plane nodes (and any node labelled exclude-from-external-load-balancers) are left out.
  const serviceNodes = nodes.filter((n) => n.role !== "controlplane" && !(EXCLUDE_FROM_EXTERNAL_LB_LABEL in (n.labels ?? {})));

  if (input.loadBalancers.length === 0) {
    warnings.push(
      `cluster ${input.cluster} has no HAProxy load balancer VM (-loadBalancerSku none): kube-vip on the control plane serves the API server VIP, ` +
        `and LoadBalancer Services stay unreachable until you deploy your own load balancer (fact sheet §5.1) — no HAProxy frontend`,
    );
    return { cluster: input.cluster, loadBalancers: [], frontends: [], warnings };
  }

  // --- API server -------------------------------------------------------------------------------------------------
  const apiFrontends: HaproxyFrontend[] = [];
  const apiVip = input.apiServerVip ?? snapshot.apiServerVip;
  if (apiVip === undefined || apiVip === "") {
    warnings.push(`cluster ${input.cluster} has no API server VIP: frontend ${frontendName("<VIP>", API_SERVER_PORT)} cannot be modelled`);
  } else if (!isIpAddress(apiVip)) {
    warnings.push(`API server VIP "${apiVip}" of cluster ${input.cluster} is not an IP address`);
  } else {
    const name = frontendName(apiVip, API_SERVER_PORT);
    const controlPlane = nodes.filter((n) => n.role === "controlplane");
    if (controlPlane.length === 0) warnings.push(`${name}: cluster ${input.cluster} has no control-plane node in the snapshot, the API server backend is empty`);
    apiFrontends.push({
      name,
      vip: apiVip,
      port: API_SERVER_PORT,
      protocol: "TCP",
      kind: "apiserver",
      backends: controlPlane.map((n) => server(n, API_SERVER_PORT)),
      mode: "tcp",
    });
  }

  // --- LoadBalancer Services --------------------------------------------------------------------------------------
  const serviceFrontends: HaproxyFrontend[] = [];
  const loadBalancerServices = snapshot.services
    .filter((s) => s.spec?.type === "LoadBalancer")
    .sort((a, b) => serviceRef(a).localeCompare(serviceRef(b)));
  for (const svc of loadBalancerServices) {
    const ref = serviceRef(svc);
    const spec = svc.spec;
    const lbClass = spec.loadBalancerClass;
    if (typeof lbClass === "string" && lbClass !== "") {
      warnings.push(`Service ${ref} sets loadBalancerClass "${lbClass}": it is served by that implementation, not by HAProxy`);
      continue;
    }
    const vip = serviceVip(svc);
    if (!vip) {
      const requested = isIpAddress(spec.loadBalancerIP) ? ` (spec.loadBalancerIP ${spec.loadBalancerIP} requested)` : "";
      warnings.push(`Service ${ref}: EXTERNAL-IP <pending> — no VIP assigned yet${requested}, no HAProxy frontend`);
      continue;
    }
    const policy: "Cluster" | "Local" = spec.externalTrafficPolicy === "Local" ? "Local" : "Cluster";
    const namespace = effectiveNamespace(svc) ?? DEFAULT_NAMESPACE;
    const hc = spec.healthCheckNodePort;
    const hasHealthCheck = typeof hc === "number" && Number.isInteger(hc) && hc > 0 && hc <= 65535;
    if (policy === "Local" && !hasHealthCheck) {
      warnings.push(`Service ${ref} has externalTrafficPolicy Local but no healthCheckNodePort: backends are listed without a /healthz check`);
    }
    for (const p of spec.ports ?? []) {
      const protocol = p.protocol ?? "TCP";
      if (protocol !== "TCP") {
        warnings.push(`Service ${ref} port ${portLabel(p)} on ${vip}: HAProxy load balances TCP/HTTP only, ${protocol} cannot be served by the HAProxy VM`);
        continue;
      }
      const name = frontendName(vip, p.port);
      const base = {
        name,
        vip,
        port: p.port,
        protocol,
        kind: "service" as const,
        service: ref,
        ...(p.name ? { servicePortName: p.name } : {}),
        externalTrafficPolicy: policy,
        mode: "tcp" as const,
      };
      if (typeof p.nodePort !== "number") {
        warnings.push(
          spec.allocateLoadBalancerNodePorts === false
            ? `Service ${ref} port ${portLabel(p)}: allocateLoadBalancerNodePorts is false, so there is no NodePort for HAProxy to forward ${vip}:${p.port} to (only load balancers routing straight to pods can serve it)`
            : `Service ${ref} port ${portLabel(p)} has no nodePort allocated yet: ${name} has no backends`,
        );
        serviceFrontends.push({ ...base, backends: [] });
        continue;
      }
      const nodePort = p.nodePort;
      let backends: HaproxyServer[];
      if (policy === "Cluster") {
        backends = serviceNodes.map((n) => server(n, nodePort));
      } else {
        const check = hasHealthCheck ? { port: hc as number, path: HEALTH_CHECK_PATH } : undefined;
        const hosting = new Set<string>();
        for (const { address } of readyBackends(snapshot.endpoints, namespace, svc.metadata.name, p)) {
          const node = endpointNode(address, snapshot, nodes);
          if (!node) {
            warnings.push(`Service ${ref}: ready endpoint ${address.ip} is on no known k8s node, it cannot be a Local backend of ${name}`);
            continue;
          }
          hosting.add(node.name);
        }
        if (hosting.size === 0) {
          warnings.push(
            `Service ${ref} port ${portLabel(p)}: externalTrafficPolicy Local and no node hosts a ready endpoint — every node drops traffic to ${vip}:${p.port}`,
          );
        }
        // every node behind the health check; the check (not hcinet) decides which ones get traffic
        backends = serviceNodes.map((n) => server(n, nodePort, check, hosting.has(n.name)));
      }
      serviceFrontends.push({ ...base, backends });
    }
  }

  // One frontend per VIP:port — a second claim is a conflict (lib/conflicts/vip.ts explains it); keep the first.
  const frontends: HaproxyFrontend[] = [];
  const claimed = new Map<string, HaproxyFrontend>();
  const ordered = [
    ...apiFrontends,
    ...serviceFrontends.sort((a, b) => compareIps(a.vip, b.vip) || a.port - b.port || (a.service ?? "").localeCompare(b.service ?? "")),
  ];
  for (const f of ordered) {
    const first = claimed.get(f.name);
    if (first) {
      const owner = first.kind === "apiserver" ? `the API server of ${input.cluster}` : `Service ${first.service}`;
      warnings.push(`${f.vip}:${f.port} is claimed by both ${owner} and Service ${f.service}: HAProxy can have only one ${f.name}, Service ${f.service} is not served`);
      continue;
    }
    claimed.set(f.name, f);
    frontends.push(f);
  }

  const unaddressed = new Map<string, string[]>(); // node -> frontends listing it without an address
  for (const f of frontends) {
    for (const b of f.backends) if (!b.address) unaddressed.set(b.node, [...(unaddressed.get(b.node) ?? []), f.name]);
  }
  for (const [node, names] of [...unaddressed].sort(([a], [b]) => a.localeCompare(b))) {
    warnings.push(
      `node ${node} has no known address (DHCP): listed without an address in ${names.length} backend(s) (${names.join(", ")}); ` +
        `look it up with Get-MocNetworkInterface (fact sheet §1.2)`,
    );
  }

  return { cluster: input.cluster, loadBalancers: input.loadBalancers.map((lb) => ({ ...lb })), frontends, warnings };
}

/** Control-plane nodes first, then workers; by name within each. */
function byRoleName(a: SnapshotNode, b: SnapshotNode): number {
  const rank = (n: SnapshotNode) => (n.role === "controlplane" ? 0 : 1);
  return rank(a) - rank(b) || a.name.localeCompare(b.name);
}

/**
 * The node an endpoint runs on: its `nodeName`, else the `spec.nodeName` of the pod it references, else the node
 * whose address is the endpoint IP (a `hostNetwork` pod).
 */
function endpointNode(address: EndpointAddress, snapshot: ClusterSnapshot, nodes: SnapshotNode[]): SnapshotNode | undefined {
  let nodeName = address.nodeName;
  if (!nodeName && address.podRef) {
    const pod = snapshot.pods.find(
      (p) => p.metadata.name === address.podRef!.name && (effectiveNamespace(p) ?? DEFAULT_NAMESPACE) === address.podRef!.namespace,
    );
    nodeName = pod?.spec?.nodeName;
  }
  if (nodeName) return nodes.find((n) => n.name === nodeName);
  return nodes.find((n) => n.ipAddress === address.ip);
}
