import { describe, expect, it } from "vitest";
import { parseManifests } from "./manifest";
import { NAMESPACE_NAME_LABEL, nodeFromObject, snapshotFromObjects } from "./snapshot";
import type { KubeObject } from "./types";

const manifests = `
apiVersion: v1
kind: Namespace
metadata:
  name: shop
  labels: {team: a}
---
apiVersion: v1
kind: Pod
metadata:
  name: web-1
  namespace: shop
  labels: {app: web}
spec:
  nodeName: moc-w1
  containers: [{name: web, ports: [{name: http, containerPort: 8080}]}]
status:
  podIP: 10.244.1.10
  phase: Running
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec:
  selector: {app: web}
  ports: [{name: http, port: 80, targetPort: http}]
---
apiVersion: v1
kind: Service
metadata: {name: legacy-db}
spec:
  ports: [{port: 5432}]
---
apiVersion: v1
kind: Endpoints
metadata: {name: legacy-db}
subsets:
- addresses: [{ip: 192.168.0.50}]
  ports: [{port: 5432}]
---
apiVersion: v1
kind: Service
metadata: {name: ext, namespace: tools}
spec: {type: ExternalName, externalName: example.com}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny, namespace: shop}
spec: {podSelector: {}}
---
apiVersion: projectcalico.org/v3
kind: NetworkPolicy
metadata: {name: calico-deny, namespace: shop}
spec: {selector: all()}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: web, namespace: shop}
spec:
  rules: [{host: shop.example.com, http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}]}}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: backend}
spec: {selector: {matchLabels: {app: api}}, template: {metadata: {labels: {app: api}}, spec: {containers: [{name: api}]}}}
---
apiVersion: v1
kind: Node
metadata:
  name: moc-w1
  labels: {kubernetes.io/os: linux}
spec: {podCIDR: 10.244.1.0/24}
status:
  addresses: [{type: Hostname, address: moc-w1}, {type: InternalIP, address: 192.168.0.21}]
`;

describe("snapshotFromObjects", () => {
  const objects = parseManifests(manifests).documents.map((d) => d.object);
  const snap = snapshotFromObjects(objects, { name: "dev", primaryNetworkPlugin: "flannel", apiServerVip: "192.168.0.150" });

  it("sets cluster settings with AKS hybrid defaults", () => {
    expect(snap.name).toBe("dev");
    expect(snap.primaryNetworkPlugin).toBe("flannel");
    expect(snap.podCidr).toBe("10.244.0.0/16");
    expect(snap.serviceCidr).toBe("10.96.0.0/12");
    expect(snap.apiServerVip).toBe("192.168.0.150");
  });

  it("sorts modelled kinds and sends the rest to others", () => {
    expect(snap.pods.map((p) => p.metadata.name)).toEqual(["web-1"]);
    expect(snap.services.map((s) => s.metadata.name)).toEqual(["web", "legacy-db", "ext"]);
    expect(snap.ingresses.map((i) => i.metadata.name)).toEqual(["web"]);
    expect(snap.networkPolicies.map((n) => n.metadata.name)).toEqual(["deny"]);
    expect(snap.others.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      "Endpoints/legacy-db",
      "NetworkPolicy/calico-deny",
      "Deployment/api",
    ]);
  });

  it("defaults the namespace and adds implicit namespaces with the metadata.name label", () => {
    expect(snap.services.find((s) => s.metadata.name === "legacy-db")!.metadata.namespace).toBe("default");
    expect(snap.namespaces.map((n) => [n.metadata.name, n.metadata.labels])).toEqual([
      ["backend", { [NAMESPACE_NAME_LABEL]: "backend" }],
      ["default", { [NAMESPACE_NAME_LABEL]: "default" }],
      ["shop", { team: "a", [NAMESPACE_NAME_LABEL]: "shop" }],
      ["tools", { [NAMESPACE_NAME_LABEL]: "tools" }],
    ]);
  });

  it("turns Node objects into snapshot nodes", () => {
    expect(snap.nodes).toEqual([
      {
        name: "moc-w1",
        role: "worker",
        osType: "Linux",
        ipAddress: "192.168.0.21",
        podCidrs: ["10.244.1.0/24"],
        labels: { "kubernetes.io/os": "linux" },
      },
    ]);
  });

  it("derives endpoints for selector services and imports them for the others; none for ExternalName", () => {
    expect(snap.endpoints).toEqual([
      {
        namespace: "default",
        serviceName: "legacy-db",
        addresses: [{ ip: "192.168.0.50", ready: true }],
        ports: [{ port: 5432, protocol: "TCP" }],
      },
      {
        namespace: "shop",
        serviceName: "web",
        addresses: [{ ip: "10.244.1.10", nodeName: "moc-w1", podRef: { namespace: "shop", name: "web-1" }, ready: true }],
        ports: [{ name: "http", port: 8080, protocol: "TCP" }],
      },
    ]);
  });

  it("keeps pod status and does not modify its input", () => {
    expect(snap.pods[0].status?.podIP).toBe("10.244.1.10");
    const svc = objects.find((o) => o.metadata.name === "legacy-db" && o.kind === "Service")!;
    expect(svc.metadata.namespace).toBeUndefined();
    const ns = objects.find((o) => o.kind === "Namespace")!;
    expect(ns.metadata.labels).toEqual({ team: "a" });
  });
});

describe("snapshotFromObjects edge cases", () => {
  it("a later duplicate replaces an earlier object", () => {
    const a: KubeObject = { apiVersion: "v1", kind: "Service", metadata: { name: "s" }, spec: { ports: [{ port: 80 }] } };
    const b: KubeObject = { apiVersion: "v1", kind: "Service", metadata: { name: "s", namespace: "default" }, spec: { ports: [{ port: 81 }] } };
    const snap = snapshotFromObjects([a, b]);
    expect(snap.services).toHaveLength(1);
    expect((snap.services[0].spec.ports ?? [])[0].port).toBe(81);
  });

  it("a selector-less service without imported endpoints gets an empty entry", () => {
    const snap = snapshotFromObjects([{ apiVersion: "v1", kind: "Service", metadata: { name: "s" }, spec: { ports: [{ port: 80 }] } }]);
    expect(snap.endpoints).toEqual([{ namespace: "default", serviceName: "s", addresses: [], ports: [] }]);
  });

  it("merges Node objects into known nodes, known fields winning", () => {
    const snap = snapshotFromObjects(
      [
        {
          apiVersion: "v1",
          kind: "Node",
          metadata: { name: "cp", labels: { "node-role.kubernetes.io/control-plane": "", "kubernetes.io/os": "linux" } },
          spec: { podCIDRs: ["10.244.0.0/24"] },
          status: { addresses: [{ type: "InternalIP", address: "192.168.0.9" }] },
        },
      ],
      { nodes: [{ name: "cp", role: "controlplane", osType: "Linux", ipAddress: "192.168.0.10", podCidrs: [], labels: { zone: "a" } }] },
    );
    expect(snap.nodes).toEqual([
      {
        name: "cp",
        role: "controlplane",
        osType: "Linux",
        ipAddress: "192.168.0.10",
        podCidrs: ["10.244.0.0/24"],
        labels: { "node-role.kubernetes.io/control-plane": "", "kubernetes.io/os": "linux", zone: "a" },
      },
    ]);
  });

  it("nodeFromObject reads control-plane role and Windows OS", () => {
    const n = nodeFromObject({
      apiVersion: "v1",
      kind: "Node",
      metadata: { name: "win", labels: { "node-role.kubernetes.io/master": "" } },
      status: { nodeInfo: { operatingSystem: "windows" } },
    });
    expect([n.role, n.osType, n.podCidrs, n.ipAddress]).toEqual(["controlplane", "Windows", [], undefined]);
  });
});

describe("snapshotFromObjects with expandWorkloads", () => {
  const nodes = [
    { name: "w1", role: "worker" as const, osType: "Linux" as const, ipAddress: "192.168.0.21", podCidrs: ["10.244.1.0/24"], labels: {} },
    { name: "w2", role: "worker" as const, osType: "Linux" as const, ipAddress: "192.168.0.22", podCidrs: ["10.244.2.0/24"], labels: {} },
  ];
  const deploy: KubeObject = {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "web", namespace: "shop" },
    spec: {
      replicas: 3,
      selector: { matchLabels: { app: "web" } },
      template: { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "web", image: "nginx", ports: [{ name: "http", containerPort: 8080 }] }] } },
    },
  };
  const svc: KubeObject = { apiVersion: "v1", kind: "Service", metadata: { name: "web", namespace: "shop" }, spec: { selector: { app: "web" }, ports: [{ port: 80, targetPort: "http" }] } };

  it("creates pods with IPs from the nodes' pod CIDRs and endpoints for them", () => {
    const snap = snapshotFromObjects([deploy, svc], { nodes, expandWorkloads: true });
    expect(snap.pods.map((p) => [p.spec.nodeName, p.status?.podIP])).toEqual([
      ["w1", "10.244.1.2"],
      ["w2", "10.244.2.2"],
      ["w1", "10.244.1.3"],
    ]);
    expect(snap.endpoints[0].addresses.map((a) => a.ip).sort()).toEqual(["10.244.1.2", "10.244.1.3", "10.244.2.2"]);
    expect(snap.endpoints[0].ports).toEqual([{ port: 8080, protocol: "TCP" }]);
    expect(snap.others.map((o) => o.kind)).toEqual(["Deployment", "ReplicaSet"]);
    expect(snap.namespaces.map((n) => n.metadata.name)).toEqual(["shop"]);
  });

  it("does not expand a workload whose pods are already present", () => {
    const pod: KubeObject = {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "web-abc", namespace: "shop", labels: { app: "web" } },
      spec: { nodeName: "w1", containers: [{ name: "web" }] },
      status: { podIP: "10.244.1.2", phase: "Running" },
    };
    const snap = snapshotFromObjects([deploy, svc, pod], { nodes, expandWorkloads: true });
    expect(snap.pods.map((p) => p.metadata.name)).toEqual(["web-abc"]);
  });

  it("uses a supplied allocator", () => {
    const snap = snapshotFromObjects([deploy], { nodes, expandWorkloads: { assignPodIp: () => "10.244.9.9", seed: "x" } });
    expect(snap.pods.every((p) => p.status?.podIP === "10.244.9.9")).toBe(true);
  });
});
