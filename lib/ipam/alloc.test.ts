import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatIPv4, parseIPv4 } from "./address";
import { calicoBlock, flannelNodeCidr, kubernetesServiceIp, nodePort, pickFree, podIpsFromCidr, serviceClusterIp } from "./alloc";

const ip = (s: string) => parseIPv4(s)!;
const ips = (...s: string[]) => new Set(s.map(ip));

describe("pickFree", () => {
  it("picks lowest first, skipping used and excluded addresses", () => {
    const r = pickFree(ip("172.16.0.0"), ip("172.16.0.10"), ips("172.16.0.2", "172.16.0.3"), 3, ips("172.16.0.0", "172.16.0.1"));
    expect(r.ok && r.addresses.map(formatIPv4)).toEqual(["172.16.0.4", "172.16.0.5", "172.16.0.6"]);
  });

  it("reports how many are missing and picks nothing", () => {
    expect(pickFree(10, 14, new Set([11]), 6)).toEqual({ ok: false, missing: 2 });
    expect(pickFree(10, 9, new Set(), 1)).toEqual({ ok: false, missing: 1 });
  });

  it("picks nothing for a count of 0", () => {
    expect(pickFree(10, 14, new Set(), 0)).toEqual({ ok: true, addresses: [] });
  });

  it("never returns a used or excluded address, nor one twice, under random allocate/free sequences", () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant("alloc" as const), count: fc.integer({ min: 0, max: 6 }) }),
      fc.record({ kind: fc.constant("free" as const), pick: fc.nat() }),
    );
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 32 - 40 }),
        fc.integer({ min: 0, max: 30 }),
        fc.array(op, { maxLength: 60 }),
        fc.array(fc.nat({ max: 30 }), { maxLength: 3 }),
        (start, span, ops, excludeOffsets) => {
          const end = start + span;
          const exclude = new Set(excludeOffsets.map((o) => start + o));
          const used = new Set<number>();
          for (const o of ops) {
            if (o.kind === "free") {
              const all = [...used];
              if (all.length > 0) used.delete(all[o.pick % all.length]);
              continue;
            }
            const free = span + 1 - [...used, ...exclude].filter((n, i, a) => a.indexOf(n) === i && n >= start && n <= end).length;
            const r = pickFree(start, end, used, o.count, exclude);
            if (!r.ok) {
              expect(r.missing).toBe(o.count - free);
              continue;
            }
            expect(r.addresses).toHaveLength(o.count);
            expect(new Set(r.addresses).size).toBe(o.count);
            for (const a of r.addresses) {
              expect(used.has(a) || exclude.has(a)).toBe(false);
              expect(a >= start && a <= end).toBe(true);
              used.add(a);
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("flannelNodeCidr", () => {
  it("hands out /24s of 10.244.0.0/16 lowest first", () => {
    expect(flannelNodeCidr("10.244.0.0/16", new Set())).toBe("10.244.0.0/24");
    expect(flannelNodeCidr("10.244.0.0/16", new Set(["10.244.0.0/24", "10.244.1.0/24", "10.244.3.0/24"]))).toBe("10.244.2.0/24");
  });

  it("treats a larger used range as taking every /24 it covers", () => {
    expect(flannelNodeCidr("10.244.0.0/16", new Set(["10.244.0.0/23", "10.244.2.128/25"]))).toBe("10.244.3.0/24");
  });

  it("ignores entries that are not CIDRs and ranges outside the pod CIDR", () => {
    expect(flannelNodeCidr("10.244.0.0/16", new Set(["garbage", "10.0.0.0/24"]))).toBe("10.244.0.0/24");
  });

  it("returns null when all 256 /24s are used", () => {
    const all = new Set(Array.from({ length: 256 }, (_, i) => `10.244.${i}.0/24`));
    expect(flannelNodeCidr("10.244.0.0/16", all)).toBeNull();
    all.delete("10.244.255.0/24");
    expect(flannelNodeCidr("10.244.0.0/16", all)).toBe("10.244.255.0/24");
  });

  it("returns null for a pod CIDR smaller than a /24 and throws on a non-CIDR", () => {
    expect(flannelNodeCidr("10.244.0.0/25", new Set())).toBeNull();
    expect(() => flannelNodeCidr("10.244.0.1/16", new Set())).toThrow(RangeError);
  });
});

describe("calicoBlock", () => {
  it("hands out /26 blocks by default, skipping used ones", () => {
    expect(calicoBlock("10.244.0.0/16", new Set())).toBe("10.244.0.0/26");
    expect(calicoBlock("10.244.0.0/16", new Set(["10.244.0.0/26", "10.244.0.64/26"]))).toBe("10.244.0.128/26");
    // a node /24 overlapping the start takes four /26s
    expect(calicoBlock("10.244.0.0/16", new Set(["10.244.0.0/24"]))).toBe("10.244.1.0/26");
  });

  it("supports other block sizes and rejects invalid ones", () => {
    expect(calicoBlock("10.244.0.0/16", new Set(["10.244.0.0/28"]), 28)).toBe("10.244.0.16/28");
    expect(() => calicoBlock("10.244.0.0/16", new Set(), 19)).toThrow(RangeError);
    expect(() => calicoBlock("10.244.0.0/16", new Set(), 33)).toThrow(RangeError);
  });
});

describe("podIpsFromCidr", () => {
  it("skips .0, the cni0 gateway .1 and the broadcast .255 in a /24", () => {
    const r = podIpsFromCidr("10.244.2.0/24", new Set(), 2);
    expect(r.ok && r.addresses.map(formatIPv4)).toEqual(["10.244.2.2", "10.244.2.3"]);
    const all = podIpsFromCidr("10.244.2.0/24", new Set(), 253);
    expect(all.ok && formatIPv4(all.addresses[252])).toBe("10.244.2.254");
    const full = podIpsFromCidr("10.244.2.0/24", new Set(), 254);
    expect(full).toEqual({ ok: false, missing: 1 });
  });

  it("skips only the first address of a Calico block (tunnel address)", () => {
    const r = podIpsFromCidr("10.244.223.192/26", ips("10.244.223.193"), 2);
    expect(r.ok && r.addresses.map(formatIPv4)).toEqual(["10.244.223.194", "10.244.223.195"]);
    expect(podIpsFromCidr("10.244.223.192/26", new Set(), 63)).toMatchObject({ ok: true });
    expect(podIpsFromCidr("10.244.223.192/26", new Set(), 64)).toEqual({ ok: false, missing: 1 });
  });
});

describe("serviceClusterIp", () => {
  const cidr = "10.96.0.0/12";

  it("reserves 10.96.0.1 for the kubernetes Service", () => {
    expect(kubernetesServiceIp(cidr)).toBe("10.96.0.1");
    expect(serviceClusterIp(cidr, new Set(), "10.96.0.1")).toEqual({ ok: false, error: "clusterIP 10.96.0.1 is reserved for the default/kubernetes Service" });
  });

  it("allocates dynamically from the upper band first: 256 static addresses for a /12", () => {
    expect(serviceClusterIp(cidr, new Set())).toEqual({ ok: true, ip: "10.96.1.1" });
    expect(serviceClusterIp(cidr, ips("10.96.1.1", "10.96.1.2"))).toEqual({ ok: true, ip: "10.96.1.3" });
  });

  it("sizes the static band min(max(16, size/16), 256)", () => {
    // /24: 256/16 = 16 ⇒ upper band starts at .1 + 16 = .17
    expect(serviceClusterIp("10.0.0.0/24", new Set())).toEqual({ ok: true, ip: "10.0.0.17" });
    // /20: 4096/16 = 256
    expect(serviceClusterIp("10.0.0.0/20", new Set())).toEqual({ ok: true, ip: "10.0.1.1" });
    // /22: 1024/16 = 64
    expect(serviceClusterIp("10.0.0.0/22", new Set())).toEqual({ ok: true, ip: "10.0.0.65" });
    // /28: 16 addresses ⇒ no static band; .1 is reserved ⇒ .2
    expect(serviceClusterIp("10.0.0.0/28", new Set())).toEqual({ ok: true, ip: "10.0.0.2" });
  });

  it("falls back to the static band when the upper band is full, then reports exhaustion", () => {
    const used = new Set<number>();
    for (let n = ip("10.0.0.17"); n <= ip("10.0.0.254"); n++) used.add(n);
    expect(serviceClusterIp("10.0.0.0/24", used)).toEqual({ ok: true, ip: "10.0.0.2" });
    for (let n = ip("10.0.0.2"); n <= ip("10.0.0.16"); n++) used.add(n);
    expect(serviceClusterIp("10.0.0.0/24", used)).toEqual({ ok: false, error: "the service CIDR 10.0.0.0/24 has no free ClusterIP" });
  });

  it("checks requested IPs: inside, not network/broadcast, free", () => {
    expect(serviceClusterIp(cidr, new Set(), "10.96.0.10")).toEqual({ ok: true, ip: "10.96.0.10" });
    expect(serviceClusterIp(cidr, ips("10.96.0.10"), "10.96.0.10")).toEqual({ ok: false, error: "clusterIP 10.96.0.10 is already allocated" });
    expect(serviceClusterIp(cidr, new Set(), "10.112.0.1")).toEqual({ ok: false, error: "clusterIP 10.112.0.1 is outside the service CIDR 10.96.0.0/12" });
    expect(serviceClusterIp(cidr, new Set(), "10.96.0.0")).toMatchObject({ ok: false, error: expect.stringContaining("network address") });
    expect(serviceClusterIp(cidr, new Set(), "10.111.255.255")).toMatchObject({ ok: false, error: expect.stringContaining("broadcast address") });
    expect(serviceClusterIp(cidr, new Set(), "10.96.0")).toMatchObject({ ok: false, error: expect.stringContaining("not a valid IPv4") });
  });

  it("rejects bad or tiny service CIDRs", () => {
    expect(serviceClusterIp("10.96.0.1/12", new Set())).toMatchObject({ ok: false });
    expect(serviceClusterIp("10.96.0.0/30", new Set())).toMatchObject({ ok: false, error: expect.stringContaining("at least 8") });
  });
});

describe("nodePort", () => {
  it("allocates from the upper band first: static band 30000–30085 (2768/32 = 86)", () => {
    expect(nodePort(new Set())).toEqual({ ok: true, port: 30086 });
    expect(nodePort(new Set([30086, 30087]))).toEqual({ ok: true, port: 30088 });
  });

  it("falls back to the static band and reports exhaustion", () => {
    const used = new Set<number>();
    for (let p = 30086; p <= 32767; p++) used.add(p);
    expect(nodePort(used)).toEqual({ ok: true, port: 30000 });
    for (let p = 30000; p <= 30085; p++) used.add(p);
    expect(nodePort(used)).toEqual({ ok: false, error: "no free NodePort in 30000-32767" });
  });

  it("checks requested ports", () => {
    expect(nodePort(new Set(), 30080)).toEqual({ ok: true, port: 30080 });
    expect(nodePort(new Set([30080]), 30080)).toEqual({ ok: false, error: "nodePort 30080 is already allocated" });
    expect(nodePort(new Set(), 29999)).toEqual({ ok: false, error: "nodePort 29999 is outside the NodePort range 30000-32767" });
    expect(nodePort(new Set(), 32768)).toMatchObject({ ok: false });
  });

  it("honours a custom range (small ranges have no static band; large ones cap it at 128)", () => {
    expect(nodePort(new Set(), undefined, [31000, 31009])).toEqual({ ok: true, port: 31000 });
    expect(nodePort(new Set(), undefined, [20000, 39999])).toEqual({ ok: true, port: 20128 });
  });
});
