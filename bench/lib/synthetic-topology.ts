/**
 * Deterministic synthetic clusters for the topology benchmark: node VMs (3 control plane, Linux and Windows workers,
 * about 100 pods per worker), 2 HAProxy VMs, namespaces of ~50 pods, Deployments of 1–12 pods (ReplicaSet owner
 * references, pod-template-hash), one Service per Deployment (every 10th a LoadBalancer with a VIP, every 20th a
 * NodePort with externalTrafficPolicy Local), an Ingress per namespace, 3 % of pods not ready.
 */
import { mulberry32 } from "../../lib/kube/workloads";
import { snapshotFromObjects } from "../../lib/kube/snapshot";
import type { ClusterSnapshot, KubeObject } from "../../lib/kube/types";
import type { TopologyContext } from "../../lib/topology/model";

export function syntheticTopology(pods: number, seed = 7): { snapshot: ClusterSnapshot; ctx: TopologyContext } {
  const random = mulberry32(seed);
  const workers = Math.max(3, Math.ceil(pods / 100));
  const objects: KubeObject[] = [];
  const nodeNames: string[] = [];
  const ip = (a: number, b: number, c: number, d: number) => `${a}.${b}.${c}.${d}`;
  for (let i = 0; i < 3 + workers; i++) {
    const cp = i < 3;
    const windows = !cp && i % 5 === 0;
    const name = cp ? `cp-${i}` : `${windows ? "win" : "lin"}-${i}`;
    nodeNames.push(name);
    objects.push({
      apiVersion: "v1",
      kind: "Node",
      metadata: { name, labels: { "kubernetes.io/os": windows ? "windows" : "linux", ...(cp ? { "node-role.kubernetes.io/control-plane": "" } : {}) } },
      spec: { podCIDR: `10.${244 + (i >> 8)}.${i & 255}.0/24` },
      status: { addresses: [{ type: "InternalIP", address: ip(172, 16, 10 + (i >> 8), i & 255) }] },
    });
  }
  const workerNames = nodeNames.slice(3);
  let podCount = 0;
  let vip = 10;
  let nodePort = 30000;
  for (let n = 0; podCount < pods; n++) {
    const ns = `team-${n}`;
    objects.push({ apiVersion: "v1", kind: "Namespace", metadata: { name: ns } });
    const target = Math.min(pods - podCount, 30 + Math.floor(random() * 40));
    let placed = 0;
    const services: string[] = [];
    for (let d = 0; placed < target; d++) {
      const app = `app-${d}`;
      const hash = Math.floor(random() * 0xfffff).toString(16);
      const replicas = Math.min(target - placed, 1 + Math.floor(random() * 12));
      const rs = `${app}-${hash}`;
      objects.push({ apiVersion: "apps/v1", kind: "ReplicaSet", metadata: { name: rs, namespace: ns, ownerReferences: [{ apiVersion: "apps/v1", kind: "Deployment", name: app, controller: true }] }, spec: {} });
      for (let r = 0; r < replicas; r++) {
        const ready = random() > 0.03;
        objects.push({
          apiVersion: "v1",
          kind: "Pod",
          metadata: { name: `${rs}-${r}`, namespace: ns, labels: { app, "pod-template-hash": hash }, ownerReferences: [{ apiVersion: "apps/v1", kind: "ReplicaSet", name: rs, controller: true }] },
          spec: { nodeName: workerNames[Math.floor(random() * workerNames.length)], containers: [{ name: "c", image: "x", ports: [{ containerPort: 8080 }] }] },
          status: { phase: ready ? "Running" : "Pending", podIP: ip(10, 100 + (podCount >> 16), (podCount >> 8) & 255, podCount & 255), conditions: [{ type: "Ready", status: ready ? "True" : "False" }] },
        });
        podCount++;
      }
      placed += replicas;
      const lb = d % 10 === 0;
      const np = !lb && d % 20 === 5;
      services.push(app);
      objects.push({
        apiVersion: "v1",
        kind: "Service",
        metadata: { name: app, namespace: ns },
        spec: {
          type: lb ? "LoadBalancer" : np ? "NodePort" : "ClusterIP",
          selector: { app },
          ports: [{ port: 80, targetPort: 8080, ...(lb || np ? { nodePort: nodePort++ } : {}) }],
          ...(np ? { externalTrafficPolicy: "Local" } : {}),
        },
        ...(lb ? { status: { loadBalancer: { ingress: [{ ip: ip(172, 17, vip >> 8, vip++ & 255) }] } } } : {}),
      });
    }
    objects.push({
      apiVersion: "networking.k8s.io/v1",
      kind: "Ingress",
      metadata: { name: "web", namespace: ns },
      spec: { rules: [{ host: `${ns}.example.com`, http: { paths: services.slice(0, 3).map((s) => ({ path: `/${s}`, pathType: "Prefix", backend: { service: { name: s, port: { number: 80 } } } })) } }] },
    });
  }
  const snapshot = snapshotFromObjects(objects, { name: `synthetic-${pods}`, apiServerVip: "172.16.255.1" });
  return { snapshot, ctx: { network: { name: "benchnet" }, loadBalancers: [{ name: "lb-0", ipAddress: "172.16.9.1" }, { name: "lb-1", ipAddress: "172.16.9.2" }] } };
}
