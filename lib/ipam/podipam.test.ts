import { describe, expect, it } from "vitest";
import { PodIpam } from "./podipam";

describe("PodIpam", () => {
  it("Flannel gives each node its own /24 and pods .2 upwards", () => {
    const ipam = new PodIpam("flannel", "10.244.0.0/16", [], []);
    expect(ipam.ensureNodeCidr("n1")).toBe("10.244.0.0/24");
    expect(ipam.ensureNodeCidr("n2")).toBe("10.244.1.0/24");
    expect(ipam.ensureNodeCidr("n1")).toBe("10.244.0.0/24");
    expect(ipam.allocate("n1")).toBe("10.244.0.2");
    expect(ipam.allocate("n1")).toBe("10.244.0.3");
    expect(ipam.allocate("n2")).toBe("10.244.1.2");
  });

  it("Flannel: a full node /24 yields null (253 pods at most)", () => {
    const ipam = new PodIpam("flannel", "10.244.0.0/16", [{ cidr: "10.244.7.0/24", node: "n1" }], []);
    const got = new Set<string>();
    for (let i = 0; i < 253; i++) got.add(ipam.allocate("n1")!);
    expect(got.size).toBe(253);
    expect(got.has("10.244.7.1")).toBe(false);
    expect(got.has("10.244.7.255")).toBe(false);
    expect(ipam.allocate("n1")).toBeNull();
  });

  it("Calico claims /26 blocks as pods need them; the first address is the node's tunnel address", () => {
    const ipam = new PodIpam("calico", "10.244.0.0/16", [], []);
    expect(ipam.blocksOf("n1")).toEqual([]);
    expect(ipam.allocate("n1")).toBe("10.244.0.1");
    expect(ipam.tunnelAddresses.get("n1")).toBe("10.244.0.0");
    expect(ipam.allocate("n2")).toBe("10.244.0.65");
    for (let i = 0; i < 62; i++) ipam.allocate("n1");
    expect(ipam.blocksOf("n1")).toEqual(["10.244.0.0/26"]);
    expect(ipam.allocate("n1")).toBe("10.244.0.128");
    expect(ipam.blocksOf("n1")).toEqual(["10.244.0.0/26", "10.244.0.128/26"]);
    expect(ipam.newBlocks.map((b) => b.cidr)).toEqual(["10.244.0.0/26", "10.244.0.64/26", "10.244.0.128/26"]);
  });

  it("respects addresses and blocks already in the database, and reuses released addresses", () => {
    const ipam = new PodIpam("calico", "10.244.0.0/16", [{ cidr: "10.244.0.0/26", node: "n1" }], ["10.244.0.0", "10.244.0.1"]);
    expect(ipam.allocate("n1")).toBe("10.244.0.2");
    ipam.release("10.244.0.1");
    expect(ipam.allocate("n1")).toBe("10.244.0.1");
    expect(ipam.newBlocks).toEqual([]);
  });

  it("a small pod CIDR runs out", () => {
    const ipam = new PodIpam("calico", "10.244.0.0/25", [], []);
    expect(ipam.claimBlock("a")).toBe("10.244.0.0/26");
    expect(ipam.claimBlock("b")).toBe("10.244.0.64/26");
    expect(ipam.claimBlock("c")).toBeNull();
  });
});
