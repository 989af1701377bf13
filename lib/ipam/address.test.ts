import { describe, expect, it } from "vitest";
import {
  cidrContains,
  formatCidr,
  formatIPv4,
  parseCidr,
  parseIPv4,
  rangeSize,
  rangesOverlap,
  smallestPrefixFor,
  usableHostCount,
} from "./address";

describe("parseIPv4 / formatIPv4", () => {
  it("parses dotted quads to uint32 and back", () => {
    expect(parseIPv4("0.0.0.0")).toBe(0);
    expect(parseIPv4("255.255.255.255")).toBe(0xffffffff);
    expect(parseIPv4("172.16.0.1")).toBe(0xac100001);
    expect(formatIPv4(0xac100001)).toBe("172.16.0.1");
    expect(formatIPv4(0xffffffff)).toBe("255.255.255.255");
  });

  it.each(["", "1.2.3", "1.2.3.4.5", "256.0.0.1", "01.2.3.4", "1.2.3.04", "0x1.2.3.4", " 1.2.3.4", "1.2.3.4 ", "1.2.3.-1", "a.b.c.d", "1.2.3.4/24"])(
    "rejects %j",
    (s) => {
      expect(parseIPv4(s)).toBeNull();
    },
  );

  it("rejects non-strings without throwing", () => {
    expect(parseIPv4(42 as unknown as string)).toBeNull();
  });

  it("refuses to format numbers that are not addresses", () => {
    expect(() => formatIPv4(-1)).toThrow(RangeError);
    expect(() => formatIPv4(2 ** 32)).toThrow(RangeError);
    expect(() => formatIPv4(1.5)).toThrow(RangeError);
  });
});

describe("parseCidr", () => {
  it("parses the documentation's prefix", () => {
    const c = parseCidr("172.16.0.0/16")!;
    expect(c).toEqual({ base: 0xac100000, prefixLength: 16, network: 0xac100000, broadcast: 0xac10ffff, size: 65536 });
  });

  it("keeps host bits in base and clears them in network", () => {
    const c = parseCidr("172.16.5.7/16")!;
    expect(formatIPv4(c.base)).toBe("172.16.5.7");
    expect(formatIPv4(c.network)).toBe("172.16.0.0");
  });

  it("handles /0 and /32", () => {
    expect(parseCidr("0.0.0.0/0")).toMatchObject({ network: 0, broadcast: 0xffffffff, size: 2 ** 32 });
    expect(parseCidr("10.0.0.5/32")).toMatchObject({ network: parseIPv4("10.0.0.5"), broadcast: parseIPv4("10.0.0.5"), size: 1 });
  });

  it.each(["10.0.0.0", "10.0.0.0/33", "10.0.0.0/-1", "10.0.0.0/08", "10.0.0/8", "10.0.0.0/8/8", "10.0.0.0/ 8"])("rejects %j", (s) => {
    expect(parseCidr(s)).toBeNull();
  });

  it("formats and tests containment", () => {
    const c = parseCidr("10.244.0.0/16")!;
    expect(formatCidr(c.network, c.prefixLength)).toBe("10.244.0.0/16");
    expect(cidrContains(c, parseIPv4("10.244.255.255")!)).toBe(true);
    expect(cidrContains(c, parseIPv4("10.245.0.0")!)).toBe(false);
    expect(cidrContains(c, parseIPv4("10.243.255.255")!)).toBe(false);
  });
});

describe("ranges", () => {
  it("detects overlap of inclusive ranges, including a shared endpoint", () => {
    expect(rangesOverlap(1, 5, 5, 9)).toBe(true);
    expect(rangesOverlap(1, 5, 6, 9)).toBe(false);
    expect(rangesOverlap(3, 4, 1, 9)).toBe(true);
    expect(rangesOverlap(6, 9, 1, 5)).toBe(false);
  });

  it("sizes inclusive ranges", () => {
    expect(rangeSize(10, 10)).toBe(1);
    expect(rangeSize(parseIPv4("172.16.10.1")!, parseIPv4("172.16.10.255")!)).toBe(255);
    expect(rangeSize(5, 4)).toBe(0);
  });
});

describe("smallestPrefixFor", () => {
  it("gives /26 for the worked example's 32 addresses (a /27 has only 30 usable)", () => {
    expect(usableHostCount(27)).toBe(30);
    expect(smallestPrefixFor(32)).toBe(26);
  });

  it("reserves one address for the gateway besides network and broadcast", () => {
    expect(smallestPrefixFor(29)).toBe(27); // 29 + gateway = 30 = usable of /27
    expect(smallestPrefixFor(30)).toBe(26);
    expect(smallestPrefixFor(1)).toBe(30); // 1 + gateway = 2 = usable of /30
    expect(smallestPrefixFor(0)).toBe(30);
    expect(smallestPrefixFor(253)).toBe(24);
    expect(smallestPrefixFor(254)).toBe(23);
  });

  it("returns null when nothing fits or the count is not a count", () => {
    expect(smallestPrefixFor(2 ** 32 - 3)).toBe(0);
    expect(smallestPrefixFor(2 ** 32 - 2)).toBeNull();
    expect(smallestPrefixFor(-1)).toBeNull();
    expect(smallestPrefixFor(2.5)).toBeNull();
  });
});
