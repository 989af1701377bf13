/**
 * The objects every new cluster has (what kubeadm and the network plugin install): the namespaces `default`,
 * `kube-system`, `kube-public` and `kube-node-lease` with their `kubernetes.io/metadata.name` labels, the `kubernetes`
 * Service at the first service address (10.96.0.1) with the control-plane endpoints on 6443, CoreDNS with the
 * `kube-dns` Service at 10.96.0.10 (the kubeadm default; UNCONFIRMED for AKS hybrid), kube-proxy, and the network
 * plugin's own components as the seed's table describes them: on Linux a DaemonSet, on Windows nodes a node service
 * (a Windows service, not a Kubernetes object — see `nodeAgents`).
 */
import type { KubeObject } from "../kube/types";
import type { NetworkPlugin, OsType } from "./spec";

export const KUBERNETES_SERVICE_IP = "10.96.0.1";
/** kubeadm's default cluster DNS address: UNCONFIRMED for AKS hybrid (fact sheet §4). */
export const CLUSTER_DNS_IP = "10.96.0.10";
export const CLUSTER_DOMAIN = "cluster.local";
export const SYSTEM_NAMESPACES = ["default", "kube-system", "kube-public", "kube-node-lease"] as const;

const linuxOnly = { "kubernetes.io/os": "linux" };
const tolerateAll = [{ operator: "Exists" }];

function namespace(name: string): KubeObject {
  return { apiVersion: "v1", kind: "Namespace", metadata: { name, labels: { "kubernetes.io/metadata.name": name } } };
}

export interface BootstrapInput {
  primaryNetworkPlugin: NetworkPlugin;
  /** control-plane node addresses (empty when DHCP assigns them) */
  controlPlaneIps: string[];
}

export function bootstrapObjects(input: BootstrapInput): KubeObject[] {
  const objects: KubeObject[] = SYSTEM_NAMESPACES.map(namespace);
  objects.push(
    {
      apiVersion: "v1",
      kind: "Service",
      metadata: { name: "kubernetes", namespace: "default", labels: { component: "apiserver", provider: "kubernetes" } },
      spec: { type: "ClusterIP", clusterIP: KUBERNETES_SERVICE_IP, clusterIPs: [KUBERNETES_SERVICE_IP], ipFamilies: ["IPv4"], ipFamilyPolicy: "SingleStack", ports: [{ name: "https", port: 443, protocol: "TCP", targetPort: 6443 }] },
    },
    {
      apiVersion: "v1",
      kind: "Endpoints",
      metadata: { name: "kubernetes", namespace: "default" },
      subsets: input.controlPlaneIps.length
        ? [{ addresses: input.controlPlaneIps.map((ip) => ({ ip })), ports: [{ name: "https", port: 6443, protocol: "TCP" }] }]
        : [],
    },
    {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "coredns", namespace: "kube-system", labels: { "k8s-app": "kube-dns" } },
      spec: {
        replicas: 2,
        selector: { matchLabels: { "k8s-app": "kube-dns" } },
        template: {
          metadata: { labels: { "k8s-app": "kube-dns" } },
          spec: {
            nodeSelector: linuxOnly,
            containers: [
              {
                name: "coredns",
                image: "registry.k8s.io/coredns/coredns:v1.10.1",
                ports: [
                  { name: "dns", containerPort: 53, protocol: "UDP" },
                  { name: "dns-tcp", containerPort: 53, protocol: "TCP" },
                  { name: "metrics", containerPort: 9153, protocol: "TCP" },
                ],
              },
            ],
          },
        },
      },
    },
    {
      apiVersion: "v1",
      kind: "Service",
      metadata: { name: "kube-dns", namespace: "kube-system", labels: { "k8s-app": "kube-dns", "kubernetes.io/name": "CoreDNS" } },
      spec: {
        type: "ClusterIP",
        clusterIP: CLUSTER_DNS_IP,
        clusterIPs: [CLUSTER_DNS_IP],
        ipFamilies: ["IPv4"],
        ipFamilyPolicy: "SingleStack",
        selector: { "k8s-app": "kube-dns" },
        ports: [
          { name: "dns", port: 53, protocol: "UDP", targetPort: 53 },
          { name: "dns-tcp", port: 53, protocol: "TCP", targetPort: 53 },
          { name: "metrics", port: 9153, protocol: "TCP", targetPort: 9153 },
        ],
      },
    },
    hostDaemonSet("kube-proxy", "kube-system", { "k8s-app": "kube-proxy" }, "registry.k8s.io/kube-proxy"),
  );
  if (input.primaryNetworkPlugin === "calico") {
    objects.push(
      namespace("calico-system"),
      hostDaemonSet("calico-node", "calico-system", { "k8s-app": "calico-node" }, "docker.io/calico/node:v3.26.1", [
        { name: "calico-bgp", containerPort: 179, protocol: "TCP" },
      ]),
      {
        apiVersion: "apps/v1",
        kind: "Deployment",
        metadata: { name: "calico-kube-controllers", namespace: "calico-system", labels: { "k8s-app": "calico-kube-controllers" } },
        spec: {
          replicas: 1,
          selector: { matchLabels: { "k8s-app": "calico-kube-controllers" } },
          template: {
            metadata: { labels: { "k8s-app": "calico-kube-controllers" } },
            spec: { nodeSelector: linuxOnly, containers: [{ name: "calico-kube-controllers", image: "docker.io/calico/kube-controllers:v3.26.1" }] },
          },
        },
      },
    );
  } else {
    objects.push(hostDaemonSet("kube-flannel-ds", "kube-system", { app: "flannel", "k8s-app": "flannel" }, "docker.io/flannel/flannel:v0.22.0"));
  }
  return objects;
}

function hostDaemonSet(
  name: string,
  namespace: string,
  labels: Record<string, string>,
  image: string,
  ports: { name: string; containerPort: number; protocol: string }[] = [],
): KubeObject {
  return {
    apiVersion: "apps/v1",
    kind: "DaemonSet",
    metadata: { name, namespace, labels },
    spec: {
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          hostNetwork: true,
          nodeSelector: linuxOnly,
          tolerations: tolerateAll,
          containers: [{ name, image, ...(ports.length ? { ports } : {}) }],
        },
      },
    },
  };
}

export interface NodeAgent {
  name: string;
  /** "DaemonSet" on Linux nodes; "Windows service" on Windows nodes (the seed's "Windows: Service") */
  form: "DaemonSet" | "Windows service";
  component: "network-plugin" | "kube-proxy";
}

/** What runs the network plugin and kube-proxy on a node of the given OS. */
export function nodeAgents(plugin: NetworkPlugin, osType: OsType): NodeAgent[] {
  if (osType === "Windows") {
    return [
      { name: plugin === "calico" ? "CalicoFelix / CalicoNode" : "flanneld", form: "Windows service", component: "network-plugin" },
      { name: "kube-proxy (kernelspace, HNS/VFP)", form: "Windows service", component: "kube-proxy" },
    ];
  }
  return [
    { name: plugin === "calico" ? "calico-system/calico-node" : "kube-system/kube-flannel-ds", form: "DaemonSet", component: "network-plugin" },
    { name: "kube-system/kube-proxy", form: "DaemonSet", component: "kube-proxy" },
  ];
}

/** What a cluster assumption is about (the UI's catalog has `assumption.<code>`). */
export type AssumptionCode = "controlPlaneCounts" | "clusterDns" | "serviceCidr" | "upgradeSpares" | "calicoBlocks" | "haproxyNodeIps";

export interface ClusterAssumption {
  code: AssumptionCode;
  /** the values in the text, for a translated message */
  vars?: Record<string, string | number>;
  /** the API's English, "UNCONFIRMED: " first when no source confirms it */
  text: string;
}

/**
 * The assumptions behind a cluster's addresses that the documentation does not confirm (fact sheet §9), stated in the
 * API output and the UI so nobody mistakes them for documented facts.
 */
export function clusterAssumptionList(plugin: NetworkPlugin, loadBalancerCount: number): ClusterAssumption[] {
  const notes: ClusterAssumption[] = [
    { code: "controlPlaneCounts", text: "UNCONFIRMED: controlPlaneNodeCount is limited to 1, 3 or 5 (the 23H2 scale table's set; the AksHci docs only give the default 1)." },
    {
      code: "clusterDns",
      vars: { ip: CLUSTER_DNS_IP, domain: CLUSTER_DOMAIN },
      text: `UNCONFIRMED: cluster DNS ${CLUSTER_DNS_IP} and domain ${CLUSTER_DOMAIN} are kubeadm defaults, not documented for AKS hybrid.`,
    },
    { code: "serviceCidr", text: "Service CIDR 10.96.0.0/12 as most sources say; the AksHci support page's 10.96.0.0/16 (\"255 addresses\") contradicts itself." },
    { code: "upgradeSpares", text: "Upgrade spares: 5 node IPs per workload cluster from the documentation's table; its prose says \"one to three\"." },
  ];
  if (plugin === "calico") notes.push({ code: "calicoBlocks", text: "UNCONFIRMED: Calico IPAM blocks of /26 (the upstream default blockSize) from 10.244.0.0/16." });
  if (loadBalancerCount > 1) {
    notes.push({ code: "haproxyNodeIps", vars: { count: loadBalancerCount }, text: `UNCONFIRMED: each of the ${loadBalancerCount} HAProxy VMs takes one node-pool address.` });
  }
  return notes;
}

/** The assumptions' English texts (the API's `assumptions`). */
export function clusterAssumptions(plugin: NetworkPlugin, loadBalancerCount: number): string[] {
  return clusterAssumptionList(plugin, loadBalancerCount).map((a) => a.text);
}
