import { describe, expect, it } from "vitest";
import { deriveEndpoints } from "../kube/endpoints";
import { emptySnapshot, type ClusterSnapshot, type Pod, type Service, type SnapshotNode } from "../kube/types";
import { backendName, EXCLUDE_FROM_EXTERNAL_LB_LABEL, frontendName, haproxyModel, type HaproxyModelInput } from "./model";

const node = (name: string, role: SnapshotNode["role"], ipAddress?: string, osType: SnapshotNode["osType"] = "Linux"): SnapshotNode => ({
  name,
  role,
  osType,
  ...(ipAddress ? { ipAddress } : {}),
  podCidrs: [],
  labels: {},
});

const lbService = (
  namespace: string,
  name: string,
  spec: Partial<Service["spec"]>,
  vip?: string,
): Service => ({
  apiVersion: "v1",
  kind: "Service",
  metadata: { name, namespace },
  spec: { type: "LoadBalancer", selector: { app: name }, ...spec },
  ...(vip ? { status: { loadBalancer: { ingress: [{ ip: vip }] } } } : {}),
});

const pod = (namespace: string, name: string, app: string, nodeName: string, ip: string, ready = true): Pod => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name, namespace, labels: { app } },
  spec: { nodeName, containers: [{ name: "c", ports: [{ name: "https", containerPort: 8443 }] }] },
  status: { phase: "Running", podIP: ip, conditions: [{ type: "Ready", status: ready ? "True" : "False" }] },
});

/** shopcalico from the demo seed: 3 control-plane nodes, 2 Linux workers, 1 Windows worker, 1 HAProxy VM. */
function shopcalico(services: Service[], pods: Pod[] = [], extraNodes: SnapshotNode[] = []): ClusterSnapshot {
  const snap = emptySnapshot("shopcalico");
  snap.apiServerVip = "172.16.255.1";
  snap.nodes = [
    node("shopcalico-lb-1", "loadbalancer", "172.16.10.20"),
    node("shopcalico-linux-2", "worker", "172.16.10.6"),
    node("shopcalico-linux-1", "worker", "172.16.10.5"),
    node("shopcalico-win-1", "worker", "172.16.10.7", "Windows"),
    node("shopcalico-cp-1", "controlplane", "172.16.10.2"),
    node("shopcalico-cp-2", "controlplane", "172.16.10.3"),
    node("shopcalico-cp-3", "controlplane", "172.16.10.4"),
    ...extraNodes,
  ];
  snap.services = services;
  snap.pods = pods;
  snap.endpoints = deriveEndpoints(services, pods);
  return snap;
}

const input = (snapshot: ClusterSnapshot, over: Partial<HaproxyModelInput> = {}): HaproxyModelInput => ({
  cluster: "shopcalico",
  loadBalancers: [{ name: "shopcalico-lb-1", ipAddress: "172.16.10.20" }],
  snapshot,
  ...over,
});

const WEB = lbService("shop", "web", { ports: [{ name: "https", port: 443, targetPort: 8443, nodePort: 30443 }, { name: "http", port: 80, nodePort: 30080 }] }, "172.16.255.3");
const API = lbService(
  "shop",
  "api",
  { externalTrafficPolicy: "Local", healthCheckNodePort: 32001, ports: [{ name: "https", port: 443, targetPort: "https", nodePort: 31443 }] },
  "172.16.255.4",
);
const API_PODS = [
  pod("shop", "api-1", "api", "shopcalico-linux-1", "10.244.1.10"),
  pod("shop", "api-2", "api", "shopcalico-linux-2", "10.244.2.10", false),
  pod("shop", "api-3", "api", "shopcalico-linux-1", "10.244.1.11"),
  pod("shop", "api-4", "api", "shopcalico-win-1", "10.244.3.10"),
];

describe("haproxyModel", () => {
  it("names frontends and backends by VIP and port", () => {
    expect(frontendName("172.16.255.3", 443)).toBe("frontend_172.16.255.3_443");
    expect(backendName("172.16.255.3", 443)).toBe("backend_172.16.255.3_443");
  });

  it("fronts the API server VIP:6443 with every control-plane node :6443", () => {
    const m = haproxyModel(input(shopcalico([])));
    expect(m.warnings).toEqual([]);
    expect(m.frontends).toHaveLength(1);
    const api = m.frontends[0];
    expect(api).toMatchObject({ name: "frontend_172.16.255.1_6443", vip: "172.16.255.1", port: 6443, protocol: "TCP", kind: "apiserver", mode: "tcp" });
    expect(api.service).toBeUndefined();
    expect(api.backends.map((b) => [b.node, b.address, b.port, b.check])).toEqual([
      ["shopcalico-cp-1", "172.16.10.2", 6443, undefined],
      ["shopcalico-cp-2", "172.16.10.3", 6443, undefined],
      ["shopcalico-cp-3", "172.16.10.4", 6443, undefined],
    ]);
  });

  it("prefers the explicit apiServerVip and warns when no VIP is known at all", () => {
    expect(haproxyModel(input(shopcalico([]), { apiServerVip: "172.16.255.2" })).frontends[0].name).toBe("frontend_172.16.255.2_6443");
    const snap = shopcalico([]);
    delete snap.apiServerVip;
    const m = haproxyModel(input(snap));
    expect(m.frontends).toEqual([]);
    expect(m.warnings).toEqual(["cluster shopcalico has no API server VIP: frontend frontend_<VIP>_6443 cannot be modelled"]);
  });

  it("externalTrafficPolicy Cluster: every worker (Linux and Windows) on the nodePort; control plane excluded (kubeadm's exclude-from-external-load-balancers label), LB VM too", () => {
    const m = haproxyModel(input(shopcalico([WEB])));
    const https = m.frontends.find((f) => f.name === "frontend_172.16.255.3_443")!;
    expect(https).toMatchObject({ kind: "service", service: "shop/web", servicePortName: "https", externalTrafficPolicy: "Cluster" });
    expect(https.backends.map((b) => `${b.node}=${b.address}:${b.port}`)).toEqual([
      "shopcalico-linux-1=172.16.10.5:30443",
      "shopcalico-linux-2=172.16.10.6:30443",
      "shopcalico-win-1=172.16.10.7:30443",
    ]);
    expect(https.backends.every((b) => b.check === undefined)).toBe(true);
    expect(https.backends.some((b) => b.role === "controlplane" || b.node === "shopcalico-lb-1")).toBe(false);
    // the API server frontend still forwards to the control plane
    expect(m.frontends[0].backends.map((b) => b.node)).toEqual(["shopcalico-cp-1", "shopcalico-cp-2", "shopcalico-cp-3"]);
  });

  it(`a worker labelled ${EXCLUDE_FROM_EXTERNAL_LB_LABEL} is excluded too (Kubernetes Well-Known Labels)`, () => {
    const labelled = { ...node("shopcalico-linux-9", "worker", "172.16.10.9"), labels: { [EXCLUDE_FROM_EXTERNAL_LB_LABEL]: "" } };
    const m = haproxyModel(input(shopcalico([WEB], [], [labelled])));
    expect(m.frontends[1].backends.map((b) => b.node)).not.toContain("shopcalico-linux-9");
  });

  it("multi-port Service: one frontend per port, ordered by VIP then port, each on its own nodePort", () => {
    const m = haproxyModel(input(shopcalico([WEB])));
    expect(m.frontends.map((f) => f.name)).toEqual(["frontend_172.16.255.1_6443", "frontend_172.16.255.3_80", "frontend_172.16.255.3_443"]);
    const http = m.frontends[1];
    expect(http.servicePortName).toBe("http");
    expect(new Set(http.backends.map((b) => b.port))).toEqual(new Set([30080]));
    expect(http.backends).toHaveLength(3);
  });

  it("externalTrafficPolicy Local: every worker behind a /healthz check on healthCheckNodePort; healthy = hosts a ready endpoint ([K8S-SOURCEIP], [K8S-TYPES])", () => {
    const m = haproxyModel(input(shopcalico([API], API_PODS)));
    const f = m.frontends.find((x) => x.service === "shop/api")!;
    expect(f.externalTrafficPolicy).toBe("Local");
    // linux-1 hosts two ready pods, linux-2 only a not-ready pod (fails the check), win-1 a ready pod
    const check = { port: 32001, path: "/healthz" };
    expect(f.backends).toEqual([
      { node: "shopcalico-linux-1", address: "172.16.10.5", port: 31443, check, healthy: true, role: "worker", osType: "Linux" },
      { node: "shopcalico-linux-2", address: "172.16.10.6", port: 31443, check, healthy: false, role: "worker", osType: "Linux" },
      { node: "shopcalico-win-1", address: "172.16.10.7", port: 31443, check, healthy: true, role: "worker", osType: "Windows" },
    ]);
    expect(m.warnings).toEqual([]);
  });

  it("Local without any ready endpoint or without healthCheckNodePort is warned about", () => {
    const noHc = lbService("shop", "api", { externalTrafficPolicy: "Local", ports: [{ name: "https", port: 443, targetPort: "https", nodePort: 31443 }] }, "172.16.255.4");
    const m = haproxyModel(input(shopcalico([noHc], [pod("shop", "api-2", "api", "shopcalico-linux-2", "10.244.2.10", false)])));
    expect(m.frontends[1].backends.map((b) => [b.node, b.healthy, b.check])).toEqual([
      ["shopcalico-linux-1", false, undefined],
      ["shopcalico-linux-2", false, undefined],
      ["shopcalico-win-1", false, undefined],
    ]);
    expect(m.warnings).toEqual([
      "Service shop/api has externalTrafficPolicy Local but no healthCheckNodePort: backends are listed without a /healthz check",
      "Service shop/api port https 443/TCP: externalTrafficPolicy Local and no node hosts a ready endpoint — every node drops traffic to 172.16.255.4:443",
    ]);
  });

  it("UDP ports cannot be served by HAProxy: warned, no frontend; the TCP port of the same Service still is", () => {
    const dns = lbService("kube-system", "dns", { ports: [{ name: "dns-udp", port: 53, protocol: "UDP", nodePort: 30053 }, { name: "dns-tcp", port: 53, protocol: "TCP", nodePort: 30054 }] }, "172.16.255.5");
    const m = haproxyModel(input(shopcalico([dns])));
    expect(m.frontends.filter((f) => f.kind === "service").map((f) => [f.name, f.protocol, f.backends[0].port])).toEqual([
      ["frontend_172.16.255.5_53", "TCP", 30054],
    ]);
    expect(m.warnings).toEqual([
      "Service kube-system/dns port dns-udp 53/UDP on 172.16.255.5: HAProxy load balances TCP/HTTP only, UDP cannot be served by the HAProxy VM",
    ]);
  });

  it("a LoadBalancer Service without a VIP yet is pending; ClusterIP/NodePort Services are not HAProxy's business", () => {
    const pending = lbService("shop", "cart", { loadBalancerIP: "172.16.255.9", ports: [{ port: 8080, nodePort: 30808 }] });
    const nodePortSvc: Service = { apiVersion: "v1", kind: "Service", metadata: { name: "np", namespace: "shop" }, spec: { type: "NodePort", ports: [{ port: 80, nodePort: 30001 }] } };
    const m = haproxyModel(input(shopcalico([pending, nodePortSvc])));
    expect(m.frontends.map((f) => f.kind)).toEqual(["apiserver"]);
    expect(m.warnings).toEqual(["Service shop/cart: EXTERNAL-IP <pending> — no VIP assigned yet (spec.loadBalancerIP 172.16.255.9 requested), no HAProxy frontend"]);
  });

  it("allocateLoadBalancerNodePorts: false leaves the frontend without backends and says why", () => {
    const direct = lbService("shop", "direct", { allocateLoadBalancerNodePorts: false, ports: [{ port: 9000 }] }, "172.16.255.6");
    const m = haproxyModel(input(shopcalico([direct])));
    const f = m.frontends.find((x) => x.service === "shop/direct")!;
    expect(f.name).toBe("frontend_172.16.255.6_9000");
    expect(f.backends).toEqual([]);
    expect(m.warnings).toHaveLength(1);
    expect(m.warnings[0]).toMatch(/^Service shop\/direct port 9000\/TCP: allocateLoadBalancerNodePorts is false, so there is no NodePort for HAProxy to forward 172\.16\.255\.6:9000 to/);
  });

  it("lists DHCP nodes without an address once per node with a warning", () => {
    const m = haproxyModel(input(shopcalico([WEB], [], [node("shopcalico-linux-3", "worker")])));
    const https = m.frontends.find((f) => f.name === "frontend_172.16.255.3_443")!;
    expect(https.backends.find((b) => b.node === "shopcalico-linux-3")).toMatchObject({ address: "", port: 30443 });
    expect(m.warnings).toEqual([
      "node shopcalico-linux-3 has no known address (DHCP): listed without an address in 2 backend(s) (frontend_172.16.255.3_80, frontend_172.16.255.3_443); look it up with Get-MocNetworkInterface (fact sheet §1.2)",
    ]);
  });

  it("a second claim on one VIP:port keeps the first frontend and warns", () => {
    const clash = lbService("shop", "clash", { ports: [{ port: 443, nodePort: 31000 }] }, "172.16.255.3");
    const onApi = lbService("shop", "onapi", { ports: [{ port: 6443, nodePort: 31001 }] }, "172.16.255.1");
    const m = haproxyModel(input(shopcalico([WEB, clash, onApi])));
    expect(m.frontends.filter((f) => f.name === "frontend_172.16.255.3_443").map((f) => f.service)).toEqual(["shop/clash"]);
    expect(m.frontends.find((f) => f.name === "frontend_172.16.255.1_6443")!.kind).toBe("apiserver");
    expect(m.warnings).toEqual([
      "172.16.255.1:6443 is claimed by both the API server of shopcalico and Service shop/onapi: HAProxy can have only one frontend_172.16.255.1_6443, Service shop/onapi is not served",
      "172.16.255.3:443 is claimed by both Service shop/clash and Service shop/web: HAProxy can have only one frontend_172.16.255.3_443, Service shop/web is not served",
    ]);
  });

  it("-loadBalancerSku none ([LBS], [CUSTOM-LB]): no HAProxy VM, so no frontend at all — not even the API server (kube-vip serves it)", () => {
    const m = haproxyModel(input(shopcalico([WEB]), { loadBalancers: [] }));
    expect(m.frontends).toEqual([]);
    expect(m.warnings).toHaveLength(1);
    expect(m.warnings[0]).toMatch(/^cluster shopcalico has no HAProxy load balancer VM \(-loadBalancerSku none\): kube-vip on the control plane serves the API server VIP/);
  });

  it("skips Services of another loadBalancerClass", () => {
    const metallb = lbService("shop", "ext", { loadBalancerClass: "metallb.io/metallb", ports: [{ port: 80, nodePort: 30002 }] }, "172.16.255.7");
    const m = haproxyModel(input(shopcalico([metallb])));
    expect(m.frontends.map((f) => f.kind)).toEqual(["apiserver"]);
    expect(m.warnings).toEqual(['Service shop/ext sets loadBalancerClass "metallb.io/metallb": it is served by that implementation, not by HAProxy']);
  });
});
