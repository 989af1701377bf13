/**
 * Kubernetes object types, named as the Kubernetes API names them (core/v1, apps/v1, networking.k8s.io/v1),
 * reduced to the fields hcinet models. Unknown fields are kept on the stored objects; these types describe what the
 * engines read.
 */

export type Protocol = "TCP" | "UDP" | "SCTP";

export interface LabelSelectorRequirement {
  key: string;
  operator: "In" | "NotIn" | "Exists" | "DoesNotExist";
  values?: string[];
}

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: LabelSelectorRequirement[];
}

export interface ObjectMeta {
  name: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  uid?: string;
  resourceVersion?: string;
  [extra: string]: unknown;
}

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  spec?: unknown;
  status?: unknown;
  [extra: string]: unknown;
}

export interface ContainerPort {
  name?: string;
  containerPort: number;
  protocol?: Protocol;
}

export interface Container {
  name: string;
  image?: string;
  ports?: ContainerPort[];
  [extra: string]: unknown;
}

export interface PodSpec {
  nodeName?: string;
  nodeSelector?: Record<string, string>;
  hostNetwork?: boolean;
  containers: Container[];
  [extra: string]: unknown;
}

export interface PodStatus {
  podIP?: string;
  podIPs?: { ip: string }[];
  hostIP?: string;
  phase?: string;
  conditions?: { type: string; status: string; reason?: string; message?: string }[];
  [extra: string]: unknown;
}

export interface Pod extends KubeObject {
  kind: "Pod";
  spec: PodSpec;
  status?: PodStatus;
}

export interface Namespace extends KubeObject {
  kind: "Namespace";
}

export interface NetworkPolicyPort {
  protocol?: Protocol;
  port?: number | string;
  endPort?: number;
}

export interface IPBlock {
  cidr: string;
  except?: string[];
}

export interface NetworkPolicyPeer {
  podSelector?: LabelSelector;
  namespaceSelector?: LabelSelector;
  ipBlock?: IPBlock;
}

export interface NetworkPolicyIngressRule {
  from?: NetworkPolicyPeer[];
  ports?: NetworkPolicyPort[];
}

export interface NetworkPolicyEgressRule {
  to?: NetworkPolicyPeer[];
  ports?: NetworkPolicyPort[];
}

export type PolicyType = "Ingress" | "Egress";

export interface NetworkPolicySpec {
  podSelector: LabelSelector;
  policyTypes?: PolicyType[];
  ingress?: NetworkPolicyIngressRule[];
  egress?: NetworkPolicyEgressRule[];
}

export interface NetworkPolicy extends KubeObject {
  kind: "NetworkPolicy";
  spec: NetworkPolicySpec;
}

export interface ServicePort {
  name?: string;
  protocol?: Protocol;
  port: number;
  targetPort?: number | string;
  nodePort?: number;
  appProtocol?: string;
}

export type ServiceType = "ClusterIP" | "NodePort" | "LoadBalancer" | "ExternalName";

export interface ServiceSpec {
  type?: ServiceType;
  selector?: Record<string, string>;
  ports?: ServicePort[];
  clusterIP?: string;
  clusterIPs?: string[];
  externalName?: string;
  externalIPs?: string[];
  externalTrafficPolicy?: "Cluster" | "Local";
  internalTrafficPolicy?: "Cluster" | "Local";
  healthCheckNodePort?: number;
  sessionAffinity?: "None" | "ClientIP";
  loadBalancerIP?: string;
  allocateLoadBalancerNodePorts?: boolean;
  publishNotReadyAddresses?: boolean;
  [extra: string]: unknown;
}

export interface Service extends KubeObject {
  kind: "Service";
  spec: ServiceSpec;
  status?: { loadBalancer?: { ingress?: { ip?: string; hostname?: string }[] } };
}

export interface ServiceBackendPort {
  name?: string;
  number?: number;
}

export interface IngressBackend {
  service?: { name: string; port: ServiceBackendPort };
  resource?: { apiGroup?: string; kind: string; name: string };
}

export interface HTTPIngressPath {
  path?: string;
  pathType: "Exact" | "Prefix" | "ImplementationSpecific";
  backend: IngressBackend;
}

export interface IngressRule {
  host?: string;
  http?: { paths: HTTPIngressPath[] };
}

export interface IngressSpec {
  ingressClassName?: string;
  defaultBackend?: IngressBackend;
  tls?: { hosts?: string[]; secretName?: string }[];
  rules?: IngressRule[];
}

export interface Ingress extends KubeObject {
  kind: "Ingress";
  spec: IngressSpec;
}

/** A node as the engines see it: a VM of the cluster with its address and pod range. */
export interface SnapshotNode {
  name: string;
  role: "controlplane" | "worker" | "loadbalancer";
  osType: "Linux" | "Windows";
  ipAddress?: string;
  podCidrs: string[];
  labels: Record<string, string>;
  /** `spec.taints` (New-AksHciNodePool -taints, or an imported Node); the control-plane taint is implied by the role */
  taints?: NodeTaint[];
}

/** A node taint (core/v1 Taint). */
export interface NodeTaint {
  key: string;
  value?: string;
  effect: "NoSchedule" | "PreferNoSchedule" | "NoExecute";
}

export interface EndpointAddress {
  ip: string;
  nodeName?: string;
  podRef?: { namespace: string; name: string };
  ready: boolean;
}

/** Endpoints of one Service: addresses (ready and not) and the ports they serve. */
export interface ServiceEndpoints {
  namespace: string;
  serviceName: string;
  addresses: EndpointAddress[];
  ports: { name?: string; port: number; protocol: Protocol }[];
}

/**
 * The cluster snapshot: what every engine (policy, trace, topology, comparison) consumes. The CLI builds it from YAML
 * files, the API from the database. Engines are pure functions of a snapshot.
 */
export interface ClusterSnapshot {
  name: string;
  primaryNetworkPlugin: "calico" | "flannel";
  podCidr: string;
  serviceCidr: string;
  /** dual-stack (Calico) clusters: ["IPv4", "IPv6"] and the IPv6 pod and service ranges; absent = IPv4 only */
  ipFamilies?: ("IPv4" | "IPv6")[];
  podCidrV6?: string;
  serviceCidrV6?: string;
  apiServerVip?: string;
  nodes: SnapshotNode[];
  namespaces: Namespace[];
  pods: Pod[];
  services: Service[];
  endpoints: ServiceEndpoints[];
  ingresses: Ingress[];
  networkPolicies: NetworkPolicy[];
  /** objects of kinds hcinet stores but does not model */
  others: KubeObject[];
}

export function emptySnapshot(name: string, plugin: "calico" | "flannel" = "calico"): ClusterSnapshot {
  return {
    name,
    primaryNetworkPlugin: plugin,
    podCidr: "10.244.0.0/16",
    serviceCidr: "10.96.0.0/12",
    nodes: [],
    namespaces: [],
    pods: [],
    services: [],
    endpoints: [],
    ingresses: [],
    networkPolicies: [],
    others: [],
  };
}
