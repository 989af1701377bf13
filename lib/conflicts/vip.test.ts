import { describe, expect, it } from "vitest";
import type { Service, ServicePort } from "../kube/types";
import {
  ALLOW_SHARED_VIP_ANNOTATION,
  WORKAROUND_SAME_PORT,
  WORKAROUND_SEPARATE_NETWORKS,
  detectVipConflicts,
  normalizePortKey,
  servicePortKeys,
  serviceVips,
  shareKeyOf,
  vipSharingAllowed,
  type VipConflictInput,
} from "./vip";

function svc(ns: string, name: string, ports: Partial<ServicePort>[], vip?: { status?: string[]; requested?: string }, annotations?: Record<string, string>): Service {
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name, namespace: ns, ...(annotations ? { annotations } : {}) },
    spec: {
      type: "LoadBalancer",
      ports: ports.map((p, i) => ({ port: 80, nodePort: 30000 + i, ...p })),
      ...(vip?.requested ? { loadBalancerIP: vip.requested } : {}),
    },
    ...(vip?.status ? { status: { loadBalancer: { ingress: vip.status.map((ip) => ({ ip })) } } } : {}),
  };
}

/**
 * The documented case (fact sheet §5.3): shopcalico and shopflannel share AksHciClusterNetwork "demonet"; a workload on
 * port 443 in one and one on port 8080 in the other ended up with the same service IP 172.16.255.3.
 */
const DOCUMENTED: VipConflictInput = {
  network: "demonet",
  clusters: [
    {
      name: "shopcalico",
      apiServerVip: "172.16.255.1",
      services: [svc("shop", "web", [{ port: 443 }], { status: ["172.16.255.3"] }), svc("shop", "cart", [{ port: 443 }], { status: ["172.16.255.4"] })],
    },
    {
      name: "shopflannel",
      apiServerVip: "172.16.255.2",
      services: [svc("payments", "api", [{ port: 8080 }, { port: 9090, protocol: "UDP" }], { status: ["172.16.255.3"] })],
    },
  ],
};

describe("serviceVips / servicePortKeys / shareKeyOf", () => {
  it("reads status.loadBalancer.ingress[].ip, falling back to spec.loadBalancerIP, LoadBalancer only", () => {
    expect(serviceVips(svc("a", "b", [{}], { status: ["172.16.255.3", "172.16.255.3"], requested: "172.16.255.9" }))).toEqual(["172.16.255.3"]);
    expect(serviceVips(svc("a", "b", [{}], { requested: "172.16.255.9" }))).toEqual(["172.16.255.9"]);
    expect(serviceVips(svc("a", "b", [{}]))).toEqual([]);
    const clusterIp = svc("a", "b", [{}], { status: ["172.16.255.3"] });
    clusterIp.spec.type = "ClusterIP";
    expect(serviceVips(clusterIp)).toEqual([]);
    expect(serviceVips(svc("a", "b", [{}], { status: ["fd00:0:0::10"] }))).toEqual(["fd00::10"]);
  });

  it("formats ports as port/PROTOCOL and reads the sharing annotation", () => {
    expect(servicePortKeys(svc("a", "b", [{ port: 53, protocol: "UDP" }, { port: 53 }]))).toEqual(["53/UDP", "53/TCP"]);
    expect(normalizePortKey("443")).toBe("443/TCP");
    expect(normalizePortKey("53/udp")).toBe("53/UDP");
    expect(shareKeyOf(svc("a", "b", [{}], undefined, { [ALLOW_SHARED_VIP_ANNOTATION]: " dns " }))).toBe("dns");
    expect(shareKeyOf(svc("a", "b", [{}], undefined, { [ALLOW_SHARED_VIP_ANNOTATION]: "" }))).toBeUndefined();
  });
});

describe("detectVipConflicts", () => {
  it("reproduces the documented shared-AksHciClusterNetwork issue: one VIP, two clusters, different ports", () => {
    const conflicts = detectVipConflicts(DOCUMENTED);
    expect(conflicts).toHaveLength(1);
    const [c] = conflicts;
    expect(c.vip).toBe("172.16.255.3");
    expect(c.kind).toBe("cross-cluster");
    expect(c.entries).toEqual([
      { cluster: "shopcalico", service: "shop/web", ports: ["443/TCP"] },
      { cluster: "shopflannel", service: "payments/api", ports: ["8080/TCP", "9090/UDP"] },
    ]);
    expect(c.message).toContain('VIP 172.16.255.3 on AksHciClusterNetwork "demonet" is used by Services of 2 clusters');
    expect(c.message).toContain("shopcalico: shop/web 443/TCP; shopflannel: payments/api 8080/TCP, 9090/UDP");
    expect(c.message).toContain("same service IP");
    expect(c.workarounds).toEqual([
      "Redeploy the workloads using the same port, so that each workload receives its own service IP",
      "Redeploy the workloads on target clusters that use different AksHciClusterNetwork objects",
    ]);
  });

  it("finds nothing when every VIP belongs to one cluster and ports are disjoint", () => {
    const ok = structuredClone(DOCUMENTED);
    ok.clusters[1].services[0].status = { loadBalancer: { ingress: [{ ip: "172.16.255.5" }] } };
    // shopcalico sharing one VIP between two Services on different ports is port-based sharing, not a conflict
    ok.clusters[0].services.push(svc("shop", "metrics", [{ port: 9100 }], { status: ["172.16.255.3"] }));
    expect(detectVipConflicts(ok)).toEqual([]);
  });

  it("same-port inside one cluster: two Services on VIP:443/TCP, suggests separate VIPs", () => {
    const input: VipConflictInput = {
      network: "demonet",
      clusters: [
        {
          name: "shopcalico",
          services: [
            svc("shop", "web", [{ port: 443 }, { port: 80 }], { status: ["172.16.255.3"] }),
            svc("shop", "web2", [{ port: 443 }], { requested: "172.16.255.3" }),
            // 53/UDP and 53/TCP on one VIP do not collide
            svc("dns", "udp", [{ port: 53, protocol: "UDP" }], { status: ["172.16.255.3"] }),
            svc("dns", "tcp", [{ port: 53, protocol: "TCP" }], { status: ["172.16.255.3"] }),
          ],
        },
      ],
    };
    const conflicts = detectVipConflicts(input);
    expect(conflicts.map((c) => [c.vip, c.kind, c.entries.map((e) => `${e.service} ${e.ports}`)])).toEqual([
      ["172.16.255.3", "same-port", ["shop/web 443/TCP", "shop/web2 443/TCP"]],
    ]);
    expect(conflicts[0].message).toBe(
      "172.16.255.3:443 TCP is claimed by 2 Services (shopcalico: shop/web; shopcalico: shop/web2); HAProxy has a single frontend per VIP and port, so only one of them can be reached.",
    );
    expect(conflicts[0].workarounds).toHaveLength(1);
    expect(conflicts[0].workarounds[0]).toMatch(/^Give each Service its own VIP/);
  });

  it("cross-cluster on the same port reports both the cross-cluster and the same-port conflict", () => {
    const input = structuredClone(DOCUMENTED);
    input.clusters[1].services[0].spec.ports = [{ port: 443, nodePort: 31443 }];
    const conflicts = detectVipConflicts(input);
    expect(conflicts.map((c) => c.kind)).toEqual(["cross-cluster", "same-port"]);
    expect(conflicts[1].entries).toEqual([
      { cluster: "shopcalico", service: "shop/web", ports: ["443/TCP"] },
      { cluster: "shopflannel", service: "payments/api", ports: ["443/TCP"] },
    ]);
    expect(conflicts[1].workarounds).toContain(WORKAROUND_SEPARATE_NETWORKS);
    expect(conflicts[1].workarounds).not.toContain(WORKAROUND_SAME_PORT);
  });

  it("apiserver: a Service on another cluster's API server VIP (and on 6443)", () => {
    const input = structuredClone(DOCUMENTED);
    input.clusters[0].services.push(svc("ops", "kapi", [{ port: 6443 }], { status: ["172.16.255.2"] }));
    const conflicts = detectVipConflicts(input);
    const api = conflicts.find((c) => c.kind === "apiserver")!;
    expect(api).toMatchObject({ vip: "172.16.255.2", apiServerOf: ["shopflannel"], entries: [{ cluster: "shopcalico", service: "ops/kapi", ports: ["6443/TCP"] }] });
    expect(api.message).toBe(
      "VIP 172.16.255.2 is the API server VIP of cluster shopflannel (172.16.255.2:6443) and is also used by shopcalico: ops/kapi. ops/kapi also listens on 6443/TCP, colliding with the API server frontend.",
    );
    expect(api.workarounds).toEqual([
      'Give the Service a VIP of its own from the VIP pool of AksHciClusterNetwork "demonet" (remove spec.loadBalancerIP 172.16.255.2 and redeploy)',
      WORKAROUND_SEPARATE_NETWORKS,
    ]);
    // ordered by VIP: .2 (apiserver) before .3 (cross-cluster)
    expect(conflicts.map((c) => `${c.vip} ${c.kind}`)).toEqual(["172.16.255.2 apiserver", "172.16.255.3 cross-cluster"]);
  });

  it("apiserver: two clusters with the same API server VIP", () => {
    const input: VipConflictInput = {
      network: "demonet",
      clusters: [
        { name: "a", apiServerVip: "172.16.255.1", services: [] },
        { name: "b", apiServerVip: "172.16.255.1", services: [] },
      ],
    };
    const [c, ...rest] = detectVipConflicts(input);
    expect(rest).toEqual([]);
    expect(c).toMatchObject({ vip: "172.16.255.1", kind: "apiserver", entries: [], apiServerOf: ["a", "b"] });
    expect(c.message).toContain("Clusters a and b have the same API server VIP 172.16.255.1");
  });

  it("orders VIPs numerically, not as text", () => {
    const input: VipConflictInput = {
      network: "n",
      clusters: [
        { name: "a", services: [svc("x", "s1", [{ port: 1 }], { status: ["172.16.255.10"] }), svc("x", "s2", [{ port: 1 }], { status: ["172.16.255.9"] })] },
        { name: "b", services: [svc("x", "s1", [{ port: 2 }], { status: ["172.16.255.10"] }), svc("x", "s2", [{ port: 2 }], { status: ["172.16.255.9"] })] },
      ],
    };
    expect(detectVipConflicts(input).map((c) => c.vip)).toEqual(["172.16.255.9", "172.16.255.10"]);
  });
});

describe("vipSharingAllowed", () => {
  const web = { cluster: "shopcalico", service: "shop/web", ports: ["443/TCP"], shareKey: "shop" };

  it("allows a free VIP and a re-apply of the same Service", () => {
    expect(vipSharingAllowed([], { cluster: "shopflannel", service: "x/y", ports: ["80/TCP"] })).toEqual({ ok: true });
    expect(vipSharingAllowed([web], { ...web, shareKey: undefined })).toEqual({ ok: true });
  });

  it("never shares across clusters, even with matching keys and disjoint ports", () => {
    const r = vipSharingAllowed([web], { cluster: "shopflannel", service: "payments/api", ports: ["8080/TCP"], shareKey: "shop" });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.reason).toMatch(/used by Service shop\/web of cluster shopcalico; a VIP is never shared across clusters/);
  });

  it("inside one cluster: same key and disjoint ports are required", () => {
    const candidate = { cluster: "shopcalico", service: "shop/metrics", ports: ["9100"], shareKey: "shop" };
    expect(vipSharingAllowed([web], candidate)).toEqual({ ok: true });

    const noKey = vipSharingAllowed([web], { ...candidate, shareKey: undefined });
    expect(noKey).toEqual({ ok: false, reason: `the VIP is used by Service shop/web; to share it, annotate both Services with ${ALLOW_SHARED_VIP_ANNOTATION} and the same key` });

    const otherKey = vipSharingAllowed([web], { ...candidate, shareKey: "ops" });
    expect(otherKey).toEqual({ ok: false, reason: 'Service shop/web shares the VIP under key "shop", not "ops"' });

    const existingUnannotated = vipSharingAllowed([{ ...web, shareKey: undefined }], candidate);
    expect(existingUnannotated.ok).toBe(false);
    expect(!existingUnannotated.ok && existingUnannotated.reason).toContain("does not allow sharing");

    const overlap = vipSharingAllowed([web], { ...candidate, ports: ["80/TCP", "443/tcp"] });
    expect(overlap).toEqual({ ok: false, reason: "port 443/TCP is already served on the VIP by Service shop/web; services sharing a VIP need disjoint ports" });

    // same port number, different protocol: disjoint
    expect(vipSharingAllowed([{ ...web, ports: ["53/UDP"] }], { ...candidate, ports: ["53/TCP"] })).toEqual({ ok: true });
  });
});
