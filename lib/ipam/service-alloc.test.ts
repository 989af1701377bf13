import { describe, expect, it } from "vitest";
import { parseIPv4 } from "./address";
import { ServiceAllocationError, ServiceAllocator, type ServiceAllocatorInit, type VipSlotState } from "./service-alloc";
import type { Service } from "../kube/types";

const ip = (s: string) => parseIPv4(s)!;

function init(over: Partial<ServiceAllocatorInit> = {}): ServiceAllocatorInit {
  return {
    cluster: { name: "c1", serviceCidr: "10.96.0.0/12", loadBalancerSku: "unstacked-haproxy" },
    clusterIps: new Map([[ip("10.96.0.1"), "default/kubernetes"]]),
    nodePorts: new Map(),
    vipPool: { network: "net", family: "IPv4", start: ip("192.168.0.150"), end: ip("192.168.0.155"), startText: "192.168.0.150", endText: "192.168.0.155" },
    vipTaken: new Set([ip("192.168.0.150")]), // the API server VIP
    slots: [],
    held: new Map(),
    ...over,
  };
}

function lb(name: string, ports: number[], extra: Partial<Service["spec"]> = {}, annotations?: Record<string, string>): Service {
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name, namespace: "default", ...(annotations ? { annotations } : {}) },
    spec: { type: "LoadBalancer", ports: ports.map((port) => ({ port, protocol: "TCP" as const })), ...extra },
  };
}

describe("ServiceAllocator", () => {
  it("plans many Services from one read: ClusterIPs from the upper band, NodePorts above the static band, one VIP per port collision", () => {
    const a = new ServiceAllocator(init());
    const r1 = a.allocate(lb("a", [443]), undefined);
    const r2 = a.allocate(lb("b", [443]), undefined);
    const r3 = a.allocate(lb("db", [80]), undefined);
    // 10.96.0.0/12: static band = 256 addresses after 10.96.0.1 → first dynamic is 10.96.1.1
    expect(r1.allocated.clusterIP).toBe("10.96.1.1");
    expect(r2.allocated.clusterIP).toBe("10.96.1.2");
    expect(r1.allocated.nodePorts).toEqual([30086]);
    expect(r2.allocated.nodePorts).toEqual([30087]);
    expect(r1.allocated.loadBalancerIP).toBe("192.168.0.151");
    expect(r2.allocated.loadBalancerIP).toBe("192.168.0.152");
    // port 80 joins the first VIP that serves none of its ports (the documented HAProxy sharing)
    expect(r3.allocated.loadBalancerIP).toBe("192.168.0.151");
    const c = a.changes();
    expect(c.touchedStored.size).toBe(0);
    expect(c.clusterIps.map((r) => r.address).sort()).toEqual(["10.96.1.1", "10.96.1.2", "10.96.1.3"]);
    expect(c.newVips.map((v) => v.address)).toEqual(["192.168.0.151", "192.168.0.152"]);
    expect(c.bindings).toHaveLength(3);
    expect(c.nodePorts.map((p) => p.port).sort()).toEqual([30086, 30087, 30088]);
  });

  it("a re-apply keeps the Service's own ClusterIP, NodePort and VIP and replaces its stored rows", () => {
    const slot: VipSlotState = { id: 7, address: ip("192.168.0.151"), bindings: [{ owner: "default/a", port: 443, protocol: "TCP" }], dedicated: new Set() };
    const a = new ServiceAllocator(
      init({
        clusterIps: new Map([[ip("10.96.1.1"), "default/a"]]),
        nodePorts: new Map([[30086, { owner: "default/a", protocol: "TCP", purpose: "nodePort" }]]),
        vipTaken: new Set([ip("192.168.0.150"), ip("192.168.0.151")]),
        slots: [slot],
      }),
    );
    const prev: Service = { ...lb("a", [443], { clusterIP: "10.96.1.1", ports: [{ port: 443, protocol: "TCP", nodePort: 30086 }] }), status: { loadBalancer: { ingress: [{ ip: "192.168.0.151" }] } } };
    const r = a.allocate(lb("a", [443]), prev);
    expect(r.allocated).toEqual({ clusterIP: "10.96.1.1", nodePorts: [30086], loadBalancerIP: "192.168.0.151" });
    const c = a.changes();
    expect([...c.touchedStored]).toEqual(["default/a"]);
    expect(c.deletedVips).toEqual([]); // the stored VIP is taken again, not deleted and re-created
    expect(c.newVips).toEqual([]);
    expect(c.vipIds.get("192.168.0.151")).toBe(7);
  });

  it("a VIP emptied by a change of ports is deleted; a dedicated Service shares with nobody", () => {
    const slot: VipSlotState = { id: 3, address: ip("192.168.0.151"), bindings: [{ owner: "default/a", port: 443, protocol: "TCP" }], dedicated: new Set() };
    const a = new ServiceAllocator(init({ vipTaken: new Set([ip("192.168.0.150"), ip("192.168.0.151")]), slots: [slot] }));
    // "a" now a ClusterIP Service: its VIP is released
    a.allocate({ ...lb("a", [443]), spec: { type: "ClusterIP", ports: [{ port: 443 }] } }, undefined);
    const d = a.allocate(lb("solo", [8443], {}, { "hcinet.io/dedicated-vip": "true" }), undefined);
    const e = a.allocate(lb("other", [9000]), undefined);
    // the freed .151 is the lowest free address again: taken by "solo"; "other" may not join a dedicated VIP
    expect(d.allocated.loadBalancerIP).toBe("192.168.0.151");
    expect(e.allocated.loadBalancerIP).toBe("192.168.0.152");
    const c = a.changes();
    expect(c.deletedVips).toEqual([]);
    expect(c.vipIds.get("192.168.0.151")).toBe(3);
  });

  it("never takes another cluster's VIP, names the field, and reports an exhausted pool", () => {
    const held = new Map([[ip("192.168.0.153"), { address: ip("192.168.0.153"), ownerKind: "service", owner: "c2", users: [{ cluster: "c2", service: "default/x", ports: ["80/TCP"] }] }]]);
    const a = new ServiceAllocator(init({ held, vipTaken: new Set([ip("192.168.0.150"), ip("192.168.0.153")]) }));
    expect(() => a.allocate(lb("x", [81], { loadBalancerIP: "192.168.0.153" }), undefined)).toThrowError(ServiceAllocationError);
    try {
      a.allocate(lb("y", [81], { loadBalancerIP: "192.168.0.153" }), undefined);
    } catch (e) {
      expect((e as ServiceAllocationError).problems[0].path).toBe("spec.loadBalancerIP");
      expect((e as ServiceAllocationError).problems[0].message).toMatch(/never shared across clusters/);
    }
    for (const n of ["p1", "p2", "p3", "p4"]) a.allocate(lb(n, [80]), undefined); // .151 .152 .154 .155
    expect(() => a.allocate(lb("p5", [80]), undefined)).toThrowError(/exhausted/);
  });

  it("a requested NodePort that is taken is refused; TCP and UDP of one port share a NodePort", () => {
    const a = new ServiceAllocator(init({ nodePorts: new Map([[31000, { owner: "default/z", protocol: "TCP", purpose: "nodePort" }]]) }));
    expect(() => a.allocate({ ...lb("n", [53]), spec: { type: "NodePort", ports: [{ port: 53, nodePort: 31000 }] } }, undefined)).toThrowError(/already allocated/);
    const r = a.allocate({ ...lb("dns", [53]), spec: { type: "NodePort", ports: [{ port: 53, protocol: "UDP", nodePort: 31001 }, { port: 53, protocol: "TCP", nodePort: 31001 }] } }, undefined);
    expect(r.allocated.nodePorts).toEqual([31001, 31001]);
  });
});
