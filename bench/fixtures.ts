/** Deterministic inputs of the API benchmark (shared by bench/api.ts and the in-process profile). */
export const BENCH_NETWORK = {
  name: "benchnet",
  vswitchName: "extSwitch",
  ipAddressPrefix: "172.20.0.0/16",
  gateway: "172.20.0.1",
  dnsServers: ["172.20.0.1"],
  k8sNodeIpPoolStart: "172.20.0.10",
  k8sNodeIpPoolEnd: "172.20.0.250",
  vipPoolStart: "172.20.4.0",
  vipPoolEnd: "172.20.11.255",
};

/** One LoadBalancer Service per request; all on port 80, so each needs its own VIP (services share a VIP only on different ports). */
export function lbService(i: number, ns = "default"): string {
  return `apiVersion: v1\nkind: Service\nmetadata: {name: lb${i}, namespace: ${ns}}\nspec:\n  type: LoadBalancer\n  selector: {app: lb${i}}\n  ports: [{name: http, port: 80, targetPort: 8080}]\n`;
}

/** A kubectl List of `n` objects: namespaces, services, deployments, config maps, network policies (JSON). */
export function bigList(n: number): string {
  const items: unknown[] = [];
  const namespaces = Math.max(1, Math.floor(n / 200));
  for (let i = 0; i < namespaces; i++) items.push({ apiVersion: "v1", kind: "Namespace", metadata: { name: `ns${i}` } });
  let i = 0;
  while (items.length < n) {
    const ns = `ns${i % namespaces}`;
    const kind = i % 4;
    if (kind === 0) items.push({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: `cm${i}`, namespace: ns }, data: { key: `value${i}` } });
    else if (kind === 1)
      items.push({ apiVersion: "v1", kind: "Service", metadata: { name: `svc${i}`, namespace: ns }, spec: { type: "ClusterIP", selector: { app: `app${i}` }, ports: [{ name: "http", port: 80, targetPort: 8080 }] } });
    else if (kind === 2)
      items.push({
        apiVersion: "apps/v1",
        kind: "Deployment",
        metadata: { name: `app${i}`, namespace: ns },
        spec: { replicas: 0, selector: { matchLabels: { app: `app${i}` } }, template: { metadata: { labels: { app: `app${i}` } }, spec: { containers: [{ name: "c", image: "example/app:1" }] } } },
      });
    else
      items.push({
        apiVersion: "networking.k8s.io/v1",
        kind: "NetworkPolicy",
        metadata: { name: `np${i}`, namespace: ns },
        spec: { podSelector: { matchLabels: { app: `app${i - 1}` } }, ingress: [{ from: [{ podSelector: { matchLabels: { role: "client" } } }], ports: [{ port: 8080 }] }] },
      });
    i++;
  }
  return JSON.stringify({ apiVersion: "v1", kind: "List", items });
}
