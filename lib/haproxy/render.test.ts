import { describe, expect, it } from "vitest";
import { deriveEndpoints } from "../kube/endpoints";
import { emptySnapshot, type Pod, type Service, type SnapshotNode } from "../kube/types";
import { haproxyModel, type HaproxyLoadBalancerVm, type HaproxyModel } from "./model";
import { renderHaproxyCfg } from "./render";

const node = (name: string, role: SnapshotNode["role"], ipAddress?: string): SnapshotNode => ({
  name,
  role,
  osType: "Linux",
  ...(ipAddress ? { ipAddress } : {}),
  podCidrs: [],
  labels: {},
});

function model(loadBalancers: HaproxyLoadBalancerVm[] = [{ name: "shopflannel-lb-1", ipAddress: "172.16.10.30" }]): HaproxyModel {
  const snap = emptySnapshot("shopflannel", "flannel");
  snap.nodes = [
    node("shopflannel-cp-1", "controlplane", "172.16.10.31"),
    node("shopflannel-linux-1", "worker", "172.16.10.32"),
    node("shopflannel-linux-2", "worker", "172.16.10.33"),
  ];
  const services: Service[] = [
    {
      apiVersion: "v1",
      kind: "Service",
      metadata: { name: "web", namespace: "shop" },
      spec: { type: "LoadBalancer", selector: { app: "web" }, ports: [{ name: "http", port: 80, nodePort: 30086 }, { name: "https", port: 443, nodePort: 30443 }] },
      status: { loadBalancer: { ingress: [{ ip: "172.16.255.3" }] } },
    },
    {
      apiVersion: "v1",
      kind: "Service",
      metadata: { name: "api", namespace: "payments" },
      spec: {
        type: "LoadBalancer",
        selector: { app: "api" },
        externalTrafficPolicy: "Local",
        healthCheckNodePort: 32100,
        ports: [{ port: 8443, nodePort: 31443 }, { name: "metrics", port: 9090, protocol: "UDP", nodePort: 31090 }],
      },
      status: { loadBalancer: { ingress: [{ ip: "172.16.255.4" }] } },
    },
  ];
  const pods: Pod[] = [
    {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "api-0", namespace: "payments", labels: { app: "api" } },
      spec: { nodeName: "shopflannel-linux-2", containers: [{ name: "api" }] },
      status: { phase: "Running", podIP: "10.244.2.5" },
    },
  ];
  snap.services = services;
  snap.pods = pods;
  snap.endpoints = deriveEndpoints(services, pods);
  return haproxyModel({ cluster: "shopflannel", apiServerVip: "172.16.255.2", loadBalancers, snapshot: snap });
}

/** The lines of one section (`frontend X` / `backend X` up to the next blank line). */
function section(cfg: string, header: string): string[] {
  const lines = cfg.split("\n");
  const start = lines.indexOf(header);
  expect(start, `section "${header}"`).toBeGreaterThanOrEqual(0);
  const end = lines.indexOf("", start);
  return lines.slice(start, end < 0 ? undefined : end);
}

describe("renderHaproxyCfg", () => {
  const cfg = renderHaproxyCfg(model());

  it("has global and defaults sections for an L4 (mode tcp) load balancer", () => {
    expect(section(cfg, "global")).toEqual(["global", "    log /dev/log local0", "    maxconn 4096", "    user haproxy", "    group haproxy", "    daemon"]);
    const defaults = section(cfg, "defaults");
    expect(defaults).toContain("    mode tcp");
    expect(defaults).toContain("    log global");
    expect(defaults).toContain("    option tcplog");
    expect(defaults).toContain("    timeout connect 5s");
    expect(defaults).toContain("    timeout client 1m");
    expect(defaults).toContain("    timeout server 1m");
  });

  it("renders the API server frontend and its control-plane backend", () => {
    expect(section(cfg, "frontend frontend_172.16.255.2_6443")).toEqual([
      "frontend frontend_172.16.255.2_6443",
      "    bind 172.16.255.2:6443",
      "    mode tcp",
      "    default_backend backend_172.16.255.2_6443",
    ]);
    expect(section(cfg, "backend backend_172.16.255.2_6443")).toEqual([
      "backend backend_172.16.255.2_6443",
      "    mode tcp",
      "    balance roundrobin",
      "    server shopflannel-cp-1 172.16.10.31:6443 check",
    ]);
    expect(cfg).toContain("# Kubernetes API server of workload cluster shopflannel: 172.16.255.2:6443 -> control-plane nodes :6443");
  });

  it("renders a Cluster-policy Service on every worker's nodePort with a TCP check, one pair per port (control plane excluded, as kubeadm labels it)", () => {
    expect(cfg).toContain("# Service web in namespace shop (port \"http\"): 172.16.255.3:80/TCP, externalTrafficPolicy: Cluster");
    expect(section(cfg, "backend backend_172.16.255.3_80")).toEqual([
      "backend backend_172.16.255.3_80",
      "    mode tcp",
      "    balance roundrobin",
      "    server shopflannel-linux-1 172.16.10.32:30086 check",
      "    server shopflannel-linux-2 172.16.10.33:30086 check",
    ]);
    expect(section(cfg, "frontend frontend_172.16.255.3_443")).toContain("    bind 172.16.255.3:443");
    expect(section(cfg, "backend backend_172.16.255.3_443")).toContain("    server shopflannel-linux-2 172.16.10.33:30443 check");
  });

  it("renders a Local-policy Service: every worker behind an HTTP /healthz check on healthCheckNodePort ([K8S-SOURCEIP])", () => {
    expect(cfg).toContain("# Service api in namespace payments: 172.16.255.4:8443/TCP, externalTrafficPolicy: Local");
    expect(section(cfg, "backend backend_172.16.255.4_8443")).toEqual([
      "backend backend_172.16.255.4_8443",
      "    mode tcp",
      "    balance roundrobin",
      "    option httpchk GET /healthz",
      "    http-check expect status 200",
      "    server shopflannel-linux-1 172.16.10.32:31443 check port 32100   # no ready local endpoint now: fails /healthz, gets no traffic",
      "    server shopflannel-linux-2 172.16.10.33:31443 check port 32100",
    ]);
    // the UDP port has no frontend, only a warning comment
    expect(cfg).not.toContain("frontend_172.16.255.4_9090");
    expect(cfg).toContain("#   - Service payments/api port metrics 9090/UDP on 172.16.255.4: HAProxy load balances TCP/HTTP only");
  });

  it("orders sections API server first, then by VIP and port, and is stable", () => {
    const headers = cfg.split("\n").filter((l) => l.startsWith("frontend "));
    expect(headers).toEqual([
      "frontend frontend_172.16.255.2_6443",
      "frontend frontend_172.16.255.3_80",
      "frontend frontend_172.16.255.3_443",
      "frontend frontend_172.16.255.4_8443",
    ]);
    expect(renderHaproxyCfg(model())).toBe(cfg);
    expect(cfg.endsWith("\n")).toBe(true);
    expect(cfg).not.toMatch(/undefined|NaN|\[object/);
  });

  it("notes keepalived VRRP active/passive only when there are several HAProxy VMs", () => {
    expect(cfg).toContain("# HAProxy VM: shopflannel-lb-1 (172.16.10.30)");
    expect(cfg).not.toContain("keepalived");
    const ha = renderHaproxyCfg(model([{ name: "lb-1", ipAddress: "172.16.10.30" }, { name: "lb-2", ipAddress: "172.16.10.34" }, { name: "lb-3" }]));
    expect(ha).toContain("# HAProxy VMs: lb-1 (172.16.10.30), lb-2 (172.16.10.34), lb-3 (DHCP)");
    expect(ha).toMatch(/# keepalived VRRP: 3 HAProxy VMs, one active and the others passive/);
    expect(ha).toContain("UNCONFIRMED");
  });

  it("comments out servers without an address, says why a backend is empty, and honours options", () => {
    const m = model();
    m.frontends[1].backends[0] = { ...m.frontends[1].backends[0], address: "" };
    m.frontends[2].backends = [];
    const out = renderHaproxyCfg(m, { maxconn: 20000, timeouts: { client: "30m", server: "30m" }, warnings: false });
    expect(out).toContain("    # server shopflannel-linux-1 <no address: DHCP>:30086 check   # node address unknown, cannot be configured");
    expect(section(out, "backend backend_172.16.255.3_443")).toContain("    # no servers: see the warnings at the top of this file");
    expect(out).toContain("    maxconn 20000");
    expect(out).toContain("    timeout client 30m");
    expect(out).toContain("    timeout connect 5s");
    expect(out).not.toContain("# Warnings:");
  });

  it("binds IPv6 VIPs with the ipv6@ prefix", () => {
    const m = model();
    m.frontends = [{ ...m.frontends[0], vip: "fd00::10", name: "frontend_fd00::10_6443" }];
    expect(renderHaproxyCfg(m)).toContain("    bind ipv6@fd00::10:6443");
  });
});
