/**
 * Kind-level facts hcinet needs without a discovery API: which kinds are cluster-scoped (no namespace) and the
 * default namespace of namespaced objects.
 */

export const DEFAULT_NAMESPACE = "default";

/**
 * Cluster-scoped kinds of core Kubernetes and of the add-ons found in AKS hybrid clusters (Calico, cert-manager).
 * Every other kind is treated as namespaced, which is what `kubectl` assumes for unknown kinds too.
 */
export const CLUSTER_SCOPED_KINDS: ReadonlySet<string> = new Set([
  "Namespace",
  "Node",
  "PersistentVolume",
  "StorageClass",
  "IngressClass",
  "ClusterRole",
  "ClusterRoleBinding",
  "CustomResourceDefinition",
  "PriorityClass",
  "RuntimeClass",
  "APIService",
  "MutatingWebhookConfiguration",
  "ValidatingWebhookConfiguration",
  "ValidatingAdmissionPolicy",
  "ValidatingAdmissionPolicyBinding",
  "CSIDriver",
  "CSINode",
  "VolumeAttachment",
  "CertificateSigningRequest",
  "ComponentStatus",
  "FlowSchema",
  "PriorityLevelConfiguration",
  "IPAddress",
  "ServiceCIDR",
  // Calico (projectcalico.org/v3 and crd.projectcalico.org/v1)
  "GlobalNetworkPolicy",
  "GlobalNetworkSet",
  "IPPool",
  "IPReservation",
  "HostEndpoint",
  "FelixConfiguration",
  "BGPConfiguration",
  "BGPPeer",
  "ClusterInformation",
  "IPAMBlock",
  "BlockAffinity",
  "IPAMHandle",
  "IPAMConfig",
  "KubeControllersConfiguration",
  "Tier",
  // cert-manager
  "ClusterIssuer",
]);

/** True for kinds whose objects carry no namespace. */
export function isClusterScoped(kind: string): boolean {
  return CLUSTER_SCOPED_KINDS.has(kind);
}

/** The namespace an object lives in: its own, `default` for namespaced kinds without one, undefined for cluster-scoped kinds. */
export function effectiveNamespace(obj: { kind: string; metadata?: { namespace?: unknown } }): string | undefined {
  if (isClusterScoped(obj.kind)) return undefined;
  const ns = obj.metadata?.namespace;
  return typeof ns === "string" && ns !== "" ? ns : DEFAULT_NAMESPACE;
}
