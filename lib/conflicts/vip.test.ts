import { describe, expect, it } from "vitest";
import type { Service, ServicePort } from "../kube/types";
import {
  DEDICATED_VIP_ANNOTATION,
  WORKAROUND_SAME_PORT,
  WORKAROUND_SEPARATE_NETWORKS,
  detectVipConflicts,
  normalizePortKey,
  servicePortKeys,
  serviceVips,
  wantsDedicatedVip,
  packVips,
  firstFitVip,
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

  it("formats ports as port/PROTOCOL and reads the dedicated-VIP opt-out annotation", () => {
    expect(servicePortKeys(svc("a", "b", [{ port: 53, protocol: "UDP" }, { port: 53 }]))).toEqual(["53/UDP", "53/TCP"]);
    expect(normalizePortKey("443")).toBe("443/TCP");
    expect(normalizePortKey("53/udp")).toBe("53/UDP");
    expect(wantsDedicatedVip(svc("a", "b", [{}], undefined, { [DEDICATED_VIP_ANNOTATION]: "true" }))).toBe(true);
    expect(wantsDedicatedVip(svc("a", "b", [{}], undefined, { [DEDICATED_VIP_ANNOTATION]: "false" }))).toBe(false);
    expect(wantsDedicatedVip(svc("a", "b", [{}]))).toBe(false);
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

  it("the seed's scenario exactly ([CONT-NET], seed/container-networking-concepts.ja.txt): both workarounds only for workloads on different ports", () => {
    // two target clusters on one AksHciClusterNetwork, two workloads on different ports, one service IP
    expect(detectVipConflicts(DOCUMENTED)[0].workarounds).toEqual([WORKAROUND_SAME_PORT, WORKAROUND_SEPARATE_NETWORKS]);
    // the same two clusters whose services already share port 443 on that IP: "use the same port" does not apply
    const samePort = structuredClone(DOCUMENTED);
    samePort.clusters[1].services[0].spec.ports = [{ port: 443, protocol: "TCP", nodePort: 30000 }];
    const found = detectVipConflicts(samePort);
    const cross = found.find((c) => c.kind === "cross-cluster")!;
    expect(cross.workarounds).toEqual([WORKAROUND_SEPARATE_NETWORKS]);
    expect(found.find((c) => c.kind === "same-port")!.workarounds).not.toContain(WORKAROUND_SAME_PORT);
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

describe("vipSharingAllowed (the documented HAProxy rule: VIP:port frontends, §3.4 / §5.2)", () => {
  const web = { cluster: "shopcalico", service: "shop/web", ports: ["443/TCP"] };

  it("allows a free VIP and a re-apply of the same Service", () => {
    expect(vipSharingAllowed([], { cluster: "shopflannel", service: "x/y", ports: ["80/TCP"] })).toEqual({ ok: true });
    expect(vipSharingAllowed([web], { ...web })).toEqual({ ok: true });
  });

  it("never shares across clusters, even on disjoint ports (§5.3)", () => {
    const r = vipSharingAllowed([web], { cluster: "shopflannel", service: "payments/api", ports: ["8080/TCP"] });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.reason).toMatch(/used by Service shop\/web of cluster shopcalico; a VIP is never shared across clusters/);
  });

  it("inside one cluster: shares on disjoint ports without any annotation; a port collision refuses", () => {
    const candidate = { cluster: "shopcalico", service: "shop/db", ports: ["80"] };
    expect(vipSharingAllowed([web], candidate)).toEqual({ ok: true });
    const overlap = vipSharingAllowed([web], { ...candidate, ports: ["80/TCP", "443/tcp"] });
    expect(overlap).toEqual({ ok: false, reason: "port 443/TCP is already served on the VIP by Service shop/web; HAProxy has one frontend per VIP and port" });
    // same port number, different protocol: disjoint
    expect(vipSharingAllowed([{ ...web, ports: ["53/UDP"] }], { ...candidate, ports: ["53/TCP"] })).toEqual({ ok: true });
  });

  it(`the opt-out ${DEDICATED_VIP_ANNOTATION}: "true" works both ways`, () => {
    const candidate = { cluster: "shopcalico", service: "shop/db", ports: ["80/TCP"] };
    const a = vipSharingAllowed([{ ...web, dedicated: true }], candidate);
    expect(a).toEqual({ ok: false, reason: `Service shop/web holds the VIP alone (${DEDICATED_VIP_ANNOTATION}: "true")` });
    const b = vipSharingAllowed([web], { ...candidate, dedicated: true });
    expect(b.ok).toBe(false);
  });
});

describe("packVips / firstFitVip (one packing for planner and allocator)", () => {
  it("the worked example (§3.5, [NODE-NET]): three front ends on 443 take three VIPs, the DB on 80 reuses the first", () => {
    const u = (service: string, port: string) => ({ cluster: "a", service, ports: [port] });
    const slots = packVips([u("fe1", "443/TCP"), u("fe2", "443/TCP"), u("fe3", "443/TCP"), u("db", "80/TCP")]);
    expect(slots.map((s) => s.users.map((x) => x.service))).toEqual([["fe1", "db"], ["fe2"], ["fe3"]]);
    expect(firstFitVip(slots, u("x", "443/TCP"))).toBe(-1);
    expect(firstFitVip(slots, u("x", "8080/TCP"))).toBe(0);
  });
});

describe("workaround texts", () => {
  it("the UI catalog carries the documented workarounds word for word (English), so the network page can translate them", async () => {
    const { catalogs } = await import("../i18n/messages");
    expect(catalogs.en["conflicts.workaround.samePort"]).toBe(WORKAROUND_SAME_PORT);
    expect(catalogs.en["conflicts.workaround.separateNetworks"]).toBe(WORKAROUND_SEPARATE_NETWORKS);
  });
});
