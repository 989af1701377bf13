/**
 * Service endpoints: derived from pods the way the EndpointSlice controller does it for Services with a selector,
 * and converted from imported `Endpoints` / `EndpointSlice` objects for Services without one.
 *
 * A Service may have more than one {@link ServiceEndpoints} entry: like the subsets of a core/v1 Endpoints object,
 * each entry groups the addresses that serve the same resolved port set (a named `targetPort` can resolve to
 * different numbers on different pods). Use {@link endpointsOfService} to collect all entries of one Service.
 */
import { isIpAddress } from "./ip";
import { DEFAULT_NAMESPACE, effectiveNamespace } from "./kinds";
import { matchesSelectorMap } from "./selectors";
import type { Container, EndpointAddress, KubeObject, Pod, Protocol, Service, ServiceEndpoints, ServicePort } from "./types";

/** Label on EndpointSlices naming their Service. */
export const SERVICE_NAME_LABEL = "kubernetes.io/service-name";

type EndpointPort = ServiceEndpoints["ports"][number];

/** The primary IP of a pod (`status.podIP`, else the first of `status.podIPs`), if it has one. */
export function podIp(pod: Pod): string | undefined {
  const ip = pod.status?.podIP ?? pod.status?.podIPs?.[0]?.ip;
  return typeof ip === "string" && ip !== "" ? ip : undefined;
}

/**
 * Pod readiness as the EndpointSlice controller sees it: the `Ready` condition when the pod has conditions,
 * otherwise `phase: Running` (manifests and hand-written snapshots often carry only a phase). A terminating pod
 * (`metadata.deletionTimestamp`) is never ready.
 */
export function isPodReady(pod: Pod): boolean {
  if ((pod.metadata as { deletionTimestamp?: unknown }).deletionTimestamp) return false;
  const conditions = pod.status?.conditions;
  if (conditions && conditions.length > 0) {
    const ready = conditions.find((c) => c.type === "Ready");
    return ready?.status === "True";
  }
  return pod.status?.phase === "Running";
}

/** Pods in a terminal phase never back a Service. */
function isTerminal(pod: Pod): boolean {
  return pod.status?.phase === "Succeeded" || pod.status?.phase === "Failed";
}

/** Containers whose ports can back a Service: regular containers and restartable (sidecar) init containers. */
function servingContainers(pod: Pod): Container[] {
  const init = ((pod.spec as { initContainers?: Container[] }).initContainers ?? []).filter(
    (c) => (c as { restartPolicy?: string }).restartPolicy === "Always",
  );
  return [...(pod.spec?.containers ?? []), ...init];
}

/**
 * Resolve a Service port's `targetPort` on a pod (Kubernetes `podutil.FindPort`): a number is used as is, a name is
 * looked up among the pod's container ports with the same name and protocol, and an absent targetPort means `port`.
 * Returns undefined when a named port is not found.
 */
export function resolveTargetPort(pod: Pod, servicePort: ServicePort): number | undefined {
  const target = servicePort.targetPort ?? servicePort.port;
  if (typeof target === "number") return target;
  const protocol = servicePort.protocol ?? "TCP";
  for (const container of servingContainers(pod)) {
    for (const cp of container.ports ?? []) {
      if (cp.name === target && (cp.protocol ?? "TCP") === protocol) return cp.containerPort;
    }
  }
  return undefined;
}

function portsKey(ports: EndpointPort[]): string {
  return ports
    .map((p) => `${p.name ?? ""}/${p.port}/${p.protocol}`)
    .sort()
    .join(",");
}

/**
 * Merge endpoint entries: one entry per (namespace, service, port set), addresses de-duplicated by IP (a ready
 * occurrence wins over a not-ready one). Order: by namespace, service name, then first appearance.
 */
export function mergeServiceEndpoints(entries: ServiceEndpoints[]): ServiceEndpoints[] {
  const groups = new Map<string, ServiceEndpoints>();
  for (const e of entries) {
    const key = `${e.namespace}\u0000${e.serviceName}\u0000${portsKey(e.ports)}`;
    let g = groups.get(key);
    if (!g) {
      g = { namespace: e.namespace, serviceName: e.serviceName, addresses: [], ports: e.ports.map((p) => ({ ...p })) };
      groups.set(key, g);
    }
    for (const a of e.addresses) {
      const existing = g.addresses.find((x) => x.ip === a.ip);
      if (!existing) g.addresses.push({ ...a });
      else if (a.ready && !existing.ready) Object.assign(existing, a);
    }
  }
  const out = [...groups.values()];
  // A service that has addresses somewhere does not also need an empty placeholder entry.
  const withAddresses = new Set(out.filter((e) => e.addresses.length > 0).map((e) => `${e.namespace}/${e.serviceName}`));
  return out
    .filter((e) => e.addresses.length > 0 || !withAddresses.has(`${e.namespace}/${e.serviceName}`))
    .sort((a, b) => a.namespace.localeCompare(b.namespace) || a.serviceName.localeCompare(b.serviceName));
}

/**
 * Endpoints of the Services that have a selector, derived from pods like the EndpointSlice controller:
 * pods in the Service's namespace whose labels match `spec.selector`, that have an IP and are not terminal.
 * `ready` is the pod's readiness, or always true with `spec.publishNotReadyAddresses`. Each Service port's
 * `targetPort` is resolved per pod ({@link resolveTargetPort}); a port that does not resolve on a pod is left out
 * for that pod, as Kubernetes does.
 *
 * Services without a selector (or with an empty one) and ExternalName Services are skipped. Every selector Service
 * gets at least one entry (with no addresses and no ports when nothing matches).
 */
export function deriveEndpoints(services: Service[], pods: Pod[]): ServiceEndpoints[] {
  const out: ServiceEndpoints[] = [];
  // pods by namespace, in their original order: a Service only ever selects pods of its own namespace
  const podsByNamespace = new Map<string, Pod[]>();
  for (const pod of pods) {
    const ns = effectiveNamespace(pod) ?? DEFAULT_NAMESPACE;
    const list = podsByNamespace.get(ns);
    if (list) list.push(pod);
    else podsByNamespace.set(ns, [pod]);
  }
  for (const svc of services) {
    const spec = svc.spec ?? {};
    if (spec.type === "ExternalName") continue;
    if (!spec.selector || Object.keys(spec.selector).length === 0) continue;
    const namespace = effectiveNamespace(svc) ?? DEFAULT_NAMESPACE;
    const entries: ServiceEndpoints[] = [];
    for (const pod of podsByNamespace.get(namespace) ?? []) {
      if (!matchesSelectorMap(spec.selector, pod.metadata.labels)) continue;
      if (isTerminal(pod)) continue;
      const ip = podIp(pod);
      if (!ip) continue;
      const ports: EndpointPort[] = [];
      for (const sp of spec.ports ?? []) {
        const port = resolveTargetPort(pod, sp);
        if (port === undefined) continue;
        ports.push({ ...(sp.name ? { name: sp.name } : {}), port, protocol: sp.protocol ?? "TCP" });
      }
      const address: EndpointAddress = {
        ip,
        ...(pod.spec?.nodeName ? { nodeName: pod.spec.nodeName } : {}),
        podRef: { namespace, name: pod.metadata.name },
        ready: spec.publishNotReadyAddresses === true || isPodReady(pod),
      };
      entries.push({ namespace, serviceName: svc.metadata.name, addresses: [address], ports });
    }
    if (entries.length === 0) entries.push({ namespace, serviceName: svc.metadata.name, addresses: [], ports: [] });
    out.push(...mergeServiceEndpoints(entries));
  }
  return out;
}

function asProtocol(v: unknown): Protocol {
  return v === "UDP" || v === "SCTP" ? v : "TCP";
}

const isIp = (v: unknown): v is string => isIpAddress(v);

interface RawEndpointAddress {
  ip?: string;
  nodeName?: string;
  targetRef?: { kind?: string; name?: string; namespace?: string };
}

function podRefOf(ref: RawEndpointAddress["targetRef"], namespace: string): EndpointAddress["podRef"] {
  if (!ref || ref.kind !== "Pod" || typeof ref.name !== "string") return undefined;
  return { namespace: ref.namespace ?? namespace, name: ref.name };
}

function fromEndpoints(obj: KubeObject): ServiceEndpoints[] {
  const namespace = effectiveNamespace(obj) ?? DEFAULT_NAMESPACE;
  const subsets = ((obj as { subsets?: unknown }).subsets ?? []) as {
    addresses?: RawEndpointAddress[];
    notReadyAddresses?: RawEndpointAddress[];
    ports?: { name?: string; port?: number; protocol?: string }[];
  }[];
  const out: ServiceEndpoints[] = [];
  for (const subset of Array.isArray(subsets) ? subsets : []) {
    const ports: EndpointPort[] = (subset.ports ?? [])
      .filter((p) => typeof p.port === "number")
      .map((p) => ({ ...(p.name ? { name: p.name } : {}), port: p.port as number, protocol: asProtocol(p.protocol) }));
    const addresses: EndpointAddress[] = [];
    for (const [list, ready] of [
      [subset.addresses ?? [], true],
      [subset.notReadyAddresses ?? [], false],
    ] as const) {
      for (const a of list) {
        if (!isIp(a.ip)) continue;
        const podRef = podRefOf(a.targetRef, namespace);
        addresses.push({ ip: a.ip, ...(a.nodeName ? { nodeName: a.nodeName } : {}), ...(podRef ? { podRef } : {}), ready });
      }
    }
    out.push({ namespace, serviceName: obj.metadata.name, addresses, ports });
  }
  if (out.length === 0) out.push({ namespace, serviceName: obj.metadata.name, addresses: [], ports: [] });
  return out;
}

function fromEndpointSlice(obj: KubeObject): ServiceEndpoints[] {
  const serviceName = obj.metadata.labels?.[SERVICE_NAME_LABEL];
  if (!serviceName) return [];
  const addressType = (obj as { addressType?: string }).addressType;
  if (addressType === "FQDN") return [];
  const namespace = effectiveNamespace(obj) ?? DEFAULT_NAMESPACE;
  const rawPorts = ((obj as { ports?: unknown }).ports ?? []) as { name?: string; port?: number | null; protocol?: string }[];
  const ports: EndpointPort[] = (Array.isArray(rawPorts) ? rawPorts : [])
    .filter((p) => typeof p.port === "number")
    .map((p) => ({ ...(p.name ? { name: p.name } : {}), port: p.port as number, protocol: asProtocol(p.protocol) }));
  const rawEndpoints = ((obj as { endpoints?: unknown }).endpoints ?? []) as {
    addresses?: string[];
    conditions?: { ready?: boolean | null };
    nodeName?: string;
    targetRef?: RawEndpointAddress["targetRef"];
  }[];
  const addresses: EndpointAddress[] = [];
  for (const ep of Array.isArray(rawEndpoints) ? rawEndpoints : []) {
    // "ready: nil" means unknown, which consumers must treat as ready.
    const ready = ep.conditions?.ready !== false;
    const podRef = podRefOf(ep.targetRef, namespace);
    for (const ip of ep.addresses ?? []) {
      if (!isIp(ip)) continue;
      addresses.push({ ip, ...(ep.nodeName ? { nodeName: ep.nodeName } : {}), ...(podRef ? { podRef } : {}), ready });
    }
  }
  return [{ namespace, serviceName, addresses, ports }];
}

/**
 * Convert imported core/v1 `Endpoints` (one entry per subset; `notReadyAddresses` become not-ready) and
 * discovery.k8s.io/v1 `EndpointSlice` objects (service from the `kubernetes.io/service-name` label; `ready` unset
 * counts as ready; FQDN slices are ignored) into {@link ServiceEndpoints}. Other kinds are ignored. Entries of the
 * same Service and port set are merged and addresses de-duplicated, so an Endpoints object and its mirrored slices
 * do not double up.
 */
export function endpointsFromObjects(objs: KubeObject[]): ServiceEndpoints[] {
  const entries: ServiceEndpoints[] = [];
  for (const obj of objs) {
    if (obj.kind === "Endpoints") entries.push(...fromEndpoints(obj));
    else if (obj.kind === "EndpointSlice") entries.push(...fromEndpointSlice(obj));
  }
  return mergeServiceEndpoints(entries);
}

/** All endpoint entries of one Service. */
export function endpointsOfService(all: ServiceEndpoints[], namespace: string, serviceName: string): ServiceEndpoints[] {
  return all.filter((e) => e.namespace === namespace && e.serviceName === serviceName);
}

/** Ready addresses of a Service with the port each serves for `servicePortName` (or the only port if unnamed). */
export function readyBackends(
  all: ServiceEndpoints[],
  namespace: string,
  serviceName: string,
  servicePort: { name?: string; protocol?: Protocol },
): { address: EndpointAddress; port: number }[] {
  const out: { address: EndpointAddress; port: number }[] = [];
  for (const entry of endpointsOfService(all, namespace, serviceName)) {
    const port = entry.ports.find(
      (p) => (p.name ?? "") === (servicePort.name ?? "") && p.protocol === (servicePort.protocol ?? "TCP"),
    );
    if (!port) continue;
    for (const address of entry.addresses) if (address.ready) out.push({ address, port: port.port });
  }
  return out;
}
