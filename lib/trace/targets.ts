/**
 * What a trace can start from and go to in one cluster, for the Traffic page's search boxes: pods, nodes and the
 * outside as sources; LoadBalancer VIP:port, NodeIP:nodePort, Ingress host/path, Service DNS names, pods with their
 * container ports as destinations; on a dual-stack cluster also the IPv6 ClusterIPs (`[ip]:port`) and pods' IPv6
 * addresses as sources. Capped (the page searches within the list; anything else can still be typed).
 */
import { podIp } from "../kube/endpoints";
import { DEFAULT_NAMESPACE, effectiveNamespace } from "../kube/kinds";
import { clusterIps, podAddressOf, type TracePlan } from "./trace";

export type TargetGroup = "external" | "pod" | "node" | "vip" | "nodePort" | "ingress" | "service" | "externalName";

export interface TraceTarget {
  /** what goes into `from` / `to` */
  value: string;
  group: TargetGroup;
  /** extra words shown beside the value (IP, service, port name) */
  detail: string;
}

export interface TraceTargets {
  sources: TraceTarget[];
  destinations: TraceTarget[];
  /** true when a list was cut at {@link TARGET_LIMIT} */
  truncated: boolean;
}

export const TARGET_LIMIT = 2000;

export function traceTargets(plan: TracePlan): TraceTargets {
  const s = plan.snapshot;
  const sources: TraceTarget[] = [{ value: "external", group: "external", detail: "" }];
  const destinations: TraceTarget[] = [];
  const ns = (o: { kind: string; metadata: { namespace?: string } }) => effectiveNamespace(o) ?? DEFAULT_NAMESPACE;

  for (const f of plan.haproxy.frontends) {
    destinations.push({ value: `${f.vip}:${f.port}`, group: "vip", detail: f.kind === "apiserver" ? "API server" : (f.service ?? "") });
  }
  for (const ing of s.ingresses) {
    for (const rule of ing.spec?.rules ?? []) {
      if (!rule.host || rule.host.startsWith("*")) continue;
      for (const p of rule.http?.paths ?? []) {
        destinations.push({ value: `${rule.host}${p.path ?? "/"}`, group: "ingress", detail: `${ns(ing)}/${ing.metadata.name} → ${p.backend.service?.name ?? ""}` });
      }
    }
  }
  for (const svc of [...s.services].sort((a, b) => `${ns(a)}/${a.metadata.name}`.localeCompare(`${ns(b)}/${b.metadata.name}`))) {
    const ref = `${ns(svc)}/${svc.metadata.name}`;
    if (svc.spec?.type === "ExternalName") {
      destinations.push({ value: `${svc.metadata.name}.${ns(svc)}:443`, group: "externalName", detail: `${ref} → ${svc.spec.externalName ?? ""}` });
      continue;
    }
    for (const p of svc.spec?.ports ?? []) {
      destinations.push({ value: `${svc.metadata.name}.${ns(svc)}:${p.port}`, group: "service", detail: `${ref} ${svc.spec.clusterIP ?? ""}` });
      for (const ip of clusterIps(svc)) if (ip.includes(":")) destinations.push({ value: `[${ip}]:${p.port}`, group: "service", detail: `${ref} IPv6` });
      if (typeof p.nodePort === "number") {
        const node = s.nodes.find((n) => n.role === "worker" && n.ipAddress);
        if (node) destinations.push({ value: `${node.ipAddress}:${p.nodePort}`, group: "nodePort", detail: `${node.name} → ${ref}` });
      }
    }
  }
  for (const n of s.nodes) if (n.role !== "loadbalancer") sources.push({ value: n.name, group: "node", detail: n.ipAddress ?? "" });
  for (const pod of [...s.pods].sort((a, b) => `${ns(a)}/${a.metadata.name}`.localeCompare(`${ns(b)}/${b.metadata.name}`))) {
    const key = `${ns(pod)}/${pod.metadata.name}`;
    const ip = podIp(pod) ?? "";
    sources.push({ value: key, group: "pod", detail: ip });
    const ip6 = pod.spec?.hostNetwork ? undefined : podAddressOf(pod, 6);
    if (ip6) sources.push({ value: ip6, group: "pod", detail: key });
    const ports = pod.spec?.containers?.flatMap((c) => c.ports ?? []) ?? [];
    for (const p of ports.length ? ports : [{ containerPort: 80 }]) destinations.push({ value: `${key}:${p.containerPort}`, group: "pod", detail: ip });
  }
  const truncated = sources.length > TARGET_LIMIT || destinations.length > TARGET_LIMIT;
  return { sources: sources.slice(0, TARGET_LIMIT), destinations: destinations.slice(0, TARGET_LIMIT), truncated };
}
