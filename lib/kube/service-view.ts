/** A flat, display-ready view of a snapshot's Services: what `kubectl get svc -o wide` and `get endpoints` show together. */
import type { ClusterSnapshot, Protocol } from "./types";

export interface ServiceRow {
  namespace: string;
  name: string;
  type: string;
  clusterIP: string | null;
  /** every ClusterIP in `spec.ipFamilies` order (two on a dual-stack Service); empty for headless and ExternalName */
  clusterIPs: string[];
  /** `spec.ipFamilyPolicy` / `spec.ipFamilies` as stored (absent on ExternalName) */
  ipFamilyPolicy: string | null;
  ipFamilies: string[];
  externalName: string | null;
  loadBalancerIP: string | null;
  headless: boolean;
  externalTrafficPolicy: string | null;
  ports: { name?: string; port: number; protocol: Protocol; targetPort?: number | string; nodePort?: number }[];
  selector: Record<string, string> | null;
  endpoints: { ip: string; ready: boolean; pod?: string; node?: string }[];
}

export function serviceRows(snapshot: ClusterSnapshot): ServiceRow[] {
  return snapshot.services
    .map((s) => {
      const ns = s.metadata.namespace ?? "default";
      const eps = snapshot.endpoints.filter((e) => e.namespace === ns && e.serviceName === s.metadata.name);
      const seen = new Set<string>();
      const endpoints: ServiceRow["endpoints"] = [];
      for (const e of eps)
        for (const a of e.addresses) {
          if (seen.has(a.ip)) continue;
          seen.add(a.ip);
          endpoints.push({ ip: a.ip, ready: a.ready, ...(a.podRef ? { pod: `${a.podRef.namespace}/${a.podRef.name}` } : {}), ...(a.nodeName ? { node: a.nodeName } : {}) });
        }
      return {
        namespace: ns,
        name: s.metadata.name,
        type: s.spec.type ?? "ClusterIP",
        clusterIP: s.spec.clusterIP && s.spec.clusterIP !== "None" ? s.spec.clusterIP : null,
        clusterIPs: (s.spec.clusterIPs ?? (s.spec.clusterIP ? [s.spec.clusterIP] : [])).filter((ip) => ip && ip !== "None"),
        ipFamilyPolicy: typeof s.spec.ipFamilyPolicy === "string" ? s.spec.ipFamilyPolicy : null,
        ipFamilies: Array.isArray(s.spec.ipFamilies) ? (s.spec.ipFamilies as string[]) : [],
        externalName: s.spec.externalName ?? null,
        loadBalancerIP: s.status?.loadBalancer?.ingress?.[0]?.ip ?? null,
        headless: s.spec.clusterIP === "None",
        externalTrafficPolicy: s.spec.type === "NodePort" || s.spec.type === "LoadBalancer" ? (s.spec.externalTrafficPolicy ?? "Cluster") : null,
        ports: (s.spec.ports ?? []).map((p) => ({ ...(p.name ? { name: p.name } : {}), port: p.port, protocol: p.protocol ?? "TCP", ...(p.targetPort !== undefined ? { targetPort: p.targetPort } : {}), ...(p.nodePort ? { nodePort: p.nodePort } : {}) })),
        selector: s.spec.selector ?? null,
        endpoints,
      };
    })
    .sort((a, b) => a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name));
}
