import { describe, expect, it } from "vitest";
import { canonicalIPv6, formatIPv6, ipv6RangeProblem, parseCidr6, parseIPv6, PodIpamV6, serviceClusterIpV6 } from "./ipv6";

describe("IPv6 text", () => {
  it("parses strictly and prints RFC 5952", () => {
    expect(formatIPv6(parseIPv6("FD00:0010:0096:0000::000A")!)).toBe("fd00:10:96::a");
    expect(canonicalIPv6("2001:db8:0:0:1:0:0:1")).toBe("2001:db8::1:0:0:1");
    expect(parseIPv6("10.0.0.1")).toBeNull();
    expect(parseIPv6("fe80::1%eth0")).toBeNull();
    expect(parseCidr6("fd00:10:244::/56")).toMatchObject({ prefixLength: 56, size: 1n << 72n });
  });
});

describe("ipv6RangeProblem", () => {
  it("accepts sane ranges", () => {
    expect(ipv6RangeProblem("fd00:10:96::/112", "service")).toBeNull();
    expect(ipv6RangeProblem("fd00:10:96::/108", "service")).toBeNull();
    expect(ipv6RangeProblem("fd00:10:244::/56", "pod")).toBeNull();
    expect(ipv6RangeProblem("2001:db8:42::/64", "pod")).toBeNull();
  });
  it("refuses too large or too small ranges, host bits, special ranges and non-IPv6", () => {
    expect(ipv6RangeProblem("fd00:10:96::/64", "service")).toMatch(/mask must be >= 108/);
    expect(ipv6RangeProblem("fd00:10:96::/126", "service")).toMatch(/at least 8 addresses/);
    expect(ipv6RangeProblem("fd00::/40", "pod")).toMatch(/\/48 to \/116/);
    expect(ipv6RangeProblem("fd00:10:244::/120", "pod")).toMatch(/\/122 blocks/);
    expect(ipv6RangeProblem("fd00:10:244::1/64", "pod")).toMatch(/host bits set; the network is fd00:10:244::\/64/);
    expect(ipv6RangeProblem("fe80::/64", "pod")).toMatch(/linkLocal/);
    expect(ipv6RangeProblem("ff00::/112", "service")).toMatch(/multicast/);
    expect(ipv6RangeProblem("10.96.0.0/12", "service")).toMatch(/not an IPv6 CIDR/);
  });
});

describe("serviceClusterIpV6 (kube-apiserver's IPv6 allocator, deterministic)", () => {
  it("takes the lowest free address above the static band (256 addresses for a /112)", () => {
    expect(serviceClusterIpV6("fd00:10:96::/112", new Set())).toEqual({ ok: true, ip: "fd00:10:96::101" });
    expect(serviceClusterIpV6("fd00:10:96::/112", new Set(["fd00:10:96::101"]))).toEqual({ ok: true, ip: "fd00:10:96::102" });
  });
  it("static band of a /120 is 16 addresses; falls back to the band when the rest is full", () => {
    expect(serviceClusterIpV6("fd00::/120", new Set())).toEqual({ ok: true, ip: "fd00::11" });
    const used = new Set(Array.from({ length: 255 - 16 }, (_, i) => formatIPv6(parseIPv6("fd00::11")! + BigInt(i))));
    expect(serviceClusterIpV6("fd00::/120", used)).toEqual({ ok: true, ip: "fd00::1" });
  });
  it("the last address of an IPv6 range is usable (no broadcast), the network address never", () => {
    expect(serviceClusterIpV6("fd00::/120", new Set(), "fd00::ff")).toEqual({ ok: true, ip: "fd00::ff" });
    expect(serviceClusterIpV6("fd00::/120", new Set(), "fd00::")).toMatchObject({ ok: false, error: expect.stringMatching(/network address/) });
  });
  it("a requested address: canonical form, inside the range, free", () => {
    expect(serviceClusterIpV6("fd00:10:96::/112", new Set(), "FD00:10:96:0::0A")).toEqual({ ok: true, ip: "fd00:10:96::a" });
    expect(serviceClusterIpV6("fd00:10:96::/112", new Set(["fd00:10:96::a"]), "fd00:10:96::000a")).toMatchObject({ ok: false, error: expect.stringMatching(/already allocated/) });
    expect(serviceClusterIpV6("fd00:10:96::/112", new Set(), "fd00:10:97::1")).toMatchObject({ ok: false, error: expect.stringMatching(/outside/) });
    expect(serviceClusterIpV6("fd00:10:96::/108", new Set(), "fd00:10:96::1:0")).toMatchObject({ ok: false, error: expect.stringMatching(/65,536/) });
  });
});

describe("PodIpamV6 (Calico /122 blocks)", () => {
  it("claims the lowest free /122 per node and skips each block's first address", () => {
    const ipam = new PodIpamV6("fd00:10:244::/56", [], []);
    expect(ipam.allocate("n1")).toBe("fd00:10:244::1");
    expect(ipam.allocate("n2")).toBe("fd00:10:244::41");
    expect(ipam.allocate("n1")).toBe("fd00:10:244::2");
    expect(ipam.newBlocks).toEqual([
      { cidr: "fd00:10:244::/122", node: "n1" },
      { cidr: "fd00:10:244::40/122", node: "n2" },
    ]);
  });
  it("a full block makes the node claim another; stored blocks and used addresses are respected", () => {
    const used = Array.from({ length: 63 }, (_, i) => formatIPv6(parseIPv6("fd00:10:244::1")! + BigInt(i)));
    const ipam = new PodIpamV6("fd00:10:244::/56", [{ cidr: "fd00:10:244::/122", node: "n1" }], used);
    expect(ipam.allocate("n1")).toBe("fd00:10:244::41");
    expect(ipam.blocksOf("n1")).toEqual(["fd00:10:244::/122", "fd00:10:244::40/122"]);
  });
});
