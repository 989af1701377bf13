/** A small cluster covering every topology kind and edge (shared by the topology unit tests). */
import { parseManifests } from "../kube/manifest";
import { snapshotFromObjects } from "../kube/snapshot";
import type { ClusterSnapshot } from "../kube/types";
import type { TopologyContext } from "./model";

export const FIXTURE_YAML = `
apiVersion: v1
kind: Node
metadata: {name: cp-1, labels: {node-role.kubernetes.io/control-plane: "", kubernetes.io/os: linux}}
spec: {podCIDR: 10.244.0.0/24}
status: {addresses: [{type: InternalIP, address: 172.16.10.10}]}
---
apiVersion: v1
kind: Node
metadata: {name: lin-1, labels: {kubernetes.io/os: linux}}
spec: {podCIDR: 10.244.1.0/24}
status: {addresses: [{type: InternalIP, address: 172.16.10.11}]}
---
apiVersion: v1
kind: Node
metadata: {name: win-1, labels: {kubernetes.io/os: windows}}
spec: {podCIDR: 10.244.2.0/24}
status: {addresses: [{type: InternalIP, address: 172.16.10.12}]}
---
apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: web-5d8f
  namespace: shop
  ownerReferences: [{apiVersion: apps/v1, kind: Deployment, name: web, controller: true}]
spec: {selector: {matchLabels: {app: web}}}
---
apiVersion: v1
kind: Pod
metadata: {name: web-5d8f-a, namespace: shop, labels: {app: web, pod-template-hash: 5d8f}, ownerReferences: [{apiVersion: apps/v1, kind: ReplicaSet, name: web-5d8f, controller: true}]}
spec: {nodeName: lin-1, containers: [{name: web, ports: [{containerPort: 8080}]}]}
status: {phase: Running, podIP: 10.244.1.5}
---
apiVersion: v1
kind: Pod
metadata: {name: web-5d8f-b, namespace: shop, labels: {app: web, pod-template-hash: 5d8f}, ownerReferences: [{apiVersion: apps/v1, kind: ReplicaSet, name: web-5d8f, controller: true}]}
spec: {nodeName: win-1, containers: [{name: web, ports: [{containerPort: 8080}]}]}
status: {phase: Pending, podIP: 10.244.2.5, conditions: [{type: Ready, status: "False"}]}
---
apiVersion: v1
kind: Pod
metadata: {name: api-7c9-x, namespace: shop, labels: {app: api, pod-template-hash: 7c9}, ownerReferences: [{apiVersion: apps/v1, kind: ReplicaSet, name: api-7c9, controller: true}]}
spec: {nodeName: lin-1, containers: [{name: api, ports: [{containerPort: 9000}]}]}
status: {phase: Running, podIP: 10.244.1.6}
---
apiVersion: v1
kind: Pod
metadata: {name: db-0, namespace: data, labels: {app: db}, ownerReferences: [{apiVersion: apps/v1, kind: StatefulSet, name: db, controller: true}]}
spec: {nodeName: lin-1, containers: [{name: db, ports: [{containerPort: 5432}]}]}
status: {phase: Running, podIP: 10.244.1.7}
---
apiVersion: v1
kind: Pod
metadata: {name: lonely, namespace: shop, labels: {app: lonely}}
spec: {containers: [{name: x}]}
status: {phase: Pending}
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec:
  type: LoadBalancer
  externalTrafficPolicy: Local
  healthCheckNodePort: 32000
  selector: {app: web}
  clusterIP: 10.96.0.20
  ports: [{port: 80, targetPort: 8080, nodePort: 30080}, {name: alt, port: 8080, targetPort: 8080, nodePort: 30081}]
status: {loadBalancer: {ingress: [{ip: 172.16.255.10}]}}
---
apiVersion: v1
kind: Service
metadata: {name: api, namespace: shop}
spec: {type: NodePort, selector: {app: api}, clusterIP: 10.96.0.21, ports: [{port: 9000, nodePort: 30900}]}
---
apiVersion: v1
kind: Service
metadata: {name: db, namespace: data}
spec: {clusterIP: None, selector: {app: db}, ports: [{port: 5432}]}
---
apiVersion: v1
kind: Service
metadata: {name: mail, namespace: shop}
spec: {type: ExternalName, externalName: smtp.example.com}
---
apiVersion: v1
kind: Service
metadata: {name: legacy, namespace: shop}
spec: {clusterIP: 10.96.0.22, ports: [{port: 5000}]}
---
apiVersion: v1
kind: Endpoints
metadata: {name: legacy, namespace: shop}
subsets: [{addresses: [{ip: 10.244.1.6}, {ip: 192.168.50.9}], ports: [{port: 5000}]}]
---
apiVersion: v1
kind: Service
metadata: {name: ghost, namespace: shop}
spec: {selector: {app: nothing}, clusterIP: 10.96.0.23, ports: [{port: 80}]}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: shop, namespace: shop}
spec:
  ingressClassName: nginx
  rules: [{host: shop.example.com, http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}, {path: /api, pathType: Prefix, backend: {service: {name: api, port: {number: 9000}}}}]}}]
`;

export function fixtureSnapshot(): ClusterSnapshot {
  // parsed without API-server validation: the fixture leaves out fields (images, templates) the topology never reads
  const { documents, problems } = parseManifests(FIXTURE_YAML);
  if (problems.length) throw new Error(JSON.stringify(problems));
  return snapshotFromObjects(documents.map((d) => d.object), { name: "fixture", apiServerVip: "172.16.255.1" });
}

export const fixtureContext: TopologyContext = {
  network: { name: "demonet", vipPoolStart: "172.16.255.0", vipPoolEnd: "172.16.255.254" },
  loadBalancers: [{ name: "fixture-lb-1", ipAddress: "172.16.10.50" }, { name: "fixture-lb-2", ipAddress: "172.16.10.51" }],
  conflicts: [{ vip: "172.16.255.10", kind: "cross-cluster", entries: [], message: "VIP 172.16.255.10 is used by two clusters", workarounds: ["redeploy"] }],
};
