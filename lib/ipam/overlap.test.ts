import { describe, expect, it } from "vitest";
import { crossNetworkCollisions, networkOverlaps, type NetworkAddressing } from "./overlap";

// fact sheet §1.6 rule 14 [KI-NET]: network objects with a similar configuration cause overlap issues
const demonet: NetworkAddressing = {
  name: "demonet",
  gateway: "172.16.0.1",
  dnsServers: ["172.16.0.1"],
  k8sNodeIpPoolStart: "172.16.10.1",
  k8sNodeIpPoolEnd: "172.16.10.255",
  vipPoolStart: "172.16.255.0",
  vipPoolEnd: "172.16.255.254",
  managementCluster: true,
};

describe("networkOverlaps", () => {
  it("a twin network overlaps on both pools, naming the other network and the range", () => {
    const o = networkOverlaps({ ...demonet, name: "twin", managementCluster: false }, [demonet]);
    expect(o.map((x) => [x.path, x.otherNetwork, x.range])).toEqual([
      ["vipPoolStart", "demonet", "172.16.255.0–172.16.255.254"],
      ["k8sNodeIpPoolStart", "demonet", "172.16.10.1–172.16.10.255"],
    ]);
    expect(o[0].message).toBe(
      `the VIP pool 172.16.255.0–172.16.255.254 overlaps the VIP pool 172.16.255.0–172.16.255.254 of network "demonet" (the AKS host's network) at 172.16.255.0–172.16.255.254; two network objects must never hand out the same address`,
    );
  });

  it("VIP pool over another network's node pool, partial overlap gives the exact intersection", () => {
    const o = networkOverlaps({ name: "x", vipPoolStart: "172.16.10.250", vipPoolEnd: "172.16.11.5" }, [demonet]);
    expect(o).toHaveLength(1);
    expect(o[0]).toMatchObject({ path: "vipPoolStart", range: "172.16.10.250–172.16.10.255" });
    expect(o[0].message).toContain("k8s node IP pool 172.16.10.1–172.16.10.255");
  });

  it("gateway and DNS inside another network's pools, and the other's gateway inside ours", () => {
    const mine: NetworkAddressing = {
      name: "mine",
      gateway: "172.16.10.7",
      dnsServers: ["172.16.0.2", "172.16.255.9"],
      k8sNodeIpPoolStart: "172.16.0.1",
      k8sNodeIpPoolEnd: "172.16.0.1",
      vipPoolStart: "172.16.1.1",
      vipPoolEnd: "172.16.1.2",
    };
    const o = networkOverlaps(mine, [demonet]);
    expect(o.map((x) => [x.path, x.range])).toEqual([
      ["gateway", "172.16.10.7"],
      ["dnsServers[1]", "172.16.255.9"],
      ["k8sNodeIpPoolStart", "172.16.0.1"],
      ["k8sNodeIpPoolStart", "172.16.0.1"],
    ]);
    expect(o[0].message).toContain("would hand it out as a node IP");
    expect(o[2].message).toContain('the gateway of network "demonet"');
    expect(o[3].message).toContain('the DNS server of network "demonet"');
  });

  it("disjoint pools in the same subnet coexist; a network is never compared with itself", () => {
    const ok: NetworkAddressing = { ...demonet, name: "split", k8sNodeIpPoolStart: "172.16.20.1", k8sNodeIpPoolEnd: "172.16.20.50", vipPoolStart: "172.16.254.1", vipPoolEnd: "172.16.254.20" };
    expect(networkOverlaps(ok, [demonet])).toEqual([]);
    expect(networkOverlaps(demonet, [demonet])).toEqual([]);
  });

  it("DHCP networks (VIP pool only) are compared on their VIP pools; unparsable input is ignored", () => {
    const a: NetworkAddressing = { name: "a", vipPoolStart: "10.50.0.100", vipPoolEnd: "10.50.0.120" };
    expect(networkOverlaps({ name: "b", vipPoolStart: "10.50.0.120", vipPoolEnd: "10.50.0.121" }, [a])[0].range).toBe("10.50.0.120");
    expect(networkOverlaps({ name: "b", vipPoolStart: "10.50.0.", vipPoolEnd: "" }, [a])).toEqual([]);
  });
});

describe("crossNetworkCollisions", () => {
  it("reports addresses held by two networks' allocations, not those shared inside one network", () => {
    const c = crossNetworkCollisions([
      { address: "172.16.255.1", network: "demonet", cluster: "a", ownerKind: "apiserver", ownerName: "a" },
      { address: "172.16.255.1", network: "twin", cluster: "b", ownerKind: "apiserver", ownerName: "b" },
      { address: "172.16.10.4", network: "demonet", cluster: "a", ownerKind: "worker", ownerName: "a-w-0" },
      { address: "172.16.10.4", network: "twin", cluster: "b", ownerKind: "controlplane", ownerName: "b-cp-0" },
      { address: "172.16.255.3", network: "demonet", cluster: "a", ownerKind: "service", ownerName: "x/y" },
    ]);
    expect(c.map((x) => x.address)).toEqual(["172.16.10.4", "172.16.255.1"]);
    expect(c[1].message).toBe(
      '172.16.255.1 is held in 2 networks: apiserver a of cluster a (network "demonet"); apiserver b of cluster b (network "twin"); both will answer on the same address',
    );
  });
});
