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

/** The API group of an apiVersion (`""` for the core group `v1`). */
export function apiGroupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf("/");
  return slash < 0 ? "" : apiVersion.slice(0, slash);
}

/** True for the groups of Kubernetes itself: the core group, the dotless ones (apps, batch, …) and `*.k8s.io`. */
export function isKubernetesGroup(group: string): boolean {
  return group === "" || !group.includes(".") || group.endsWith(".k8s.io");
}

/**
 * The kind as the object store keys it: `Kind` for Kubernetes' own groups, `Kind.group` for every other group —
 * kubectl's `resource.group` form, because `networkpolicies.projectcalico.org` and
 * `networkpolicies.networking.k8s.io` are different resources: a Calico NetworkPolicy and a Kubernetes
 * NetworkPolicy of the same namespace and name are two objects, not one.
 */
export function storedKind(apiVersion: string, kind: string): string {
  const group = apiGroupOf(apiVersion);
  return isKubernetesGroup(group) ? kind : `${kind}.${group}`;
}

/** The object's kind from a stored kind (`NetworkPolicy.projectcalico.org` → `NetworkPolicy`). */
export function kindOfStoredKind(stored: string): string {
  const dot = stored.indexOf(".");
  return dot < 0 ? stored : stored.slice(0, dot);
}
