import { describe, expect, it } from "vitest";
import { validateClusterSpec } from "./spec";
import { FLANNEL_NO_IPV6 } from "./dualstack";
import { renderPowerShell } from "../ipam/powershell";

const base = { name: "dual", nodePools: [{ name: "linux", count: 1 }] };
const dual = { ipFamilies: ["IPv4", "IPv6"], podCidrV6: "fd00:10:244::/56", serviceCidrV6: "fd00:10:96::/112" };

describe("the dual-stack cluster option", () => {
  it("is off by default and kept with its ranges on Calico", () => {
    const single = validateClusterSpec(base);
    expect(single.ok && single.value.ipFamilies).toBeUndefined();
    const v = validateClusterSpec({ ...base, ...dual });
    expect(v.ok && v.value).toMatchObject(dual);
  });
  it("is refused on Flannel with the documented reason", () => {
    const v = validateClusterSpec({ ...base, ...dual, primaryNetworkPlugin: "flannel" });
    expect(v.ok).toBe(false);
    expect(!v.ok && v.problems).toEqual([{ path: "ipFamilies", message: FLANNEL_NO_IPV6, code: "dualStack.flannel" }]);
  });
  it("needs both ranges, disjoint, of sane sizes, with IPv4 first", () => {
    const paths = (input: object) => { const v = validateClusterSpec({ ...base, ...input }); return v.ok ? [] : v.problems.map((p) => p.path); };
    expect(paths({ ipFamilies: ["IPv4", "IPv6"] })).toEqual(["podCidrV6", "serviceCidrV6"]);
    expect(paths({ ...dual, podCidrV6: "fd00:10:244::/120" })).toEqual(["podCidrV6"]);
    expect(paths({ ...dual, podCidrV6: "fd00:10:96::/56" })).toEqual(["serviceCidrV6"]);
    expect(paths({ ...dual, ipFamilies: ["IPv6"] })).toContain("ipFamilies");
    expect(paths({ ...dual, ipFamilies: "IPv4,IPv6" })).toContain("ipFamilies");
  });
  it("the PowerShell export says New-AksHciCluster has no parameter for it, and sets none", () => {
    const v = validateClusterSpec({ ...base, ...dual });
    if (!v.ok) throw new Error("invalid");
    const ps = renderPowerShell({ cluster: v.value });
    expect(ps).toContain("# dual-stack (IPv4 + IPv6) planned in hcinet: IPv6 pod range fd00:10:244::/56, IPv6 service range fd00:10:96::/112");
    expect(ps).toContain("# New-AksHciCluster has no parameter for IPv6 ranges");
    expect(ps).not.toMatch(/^\s+-\w*(ipv6|Cidr)/im);
    expect(renderPowerShell({ cluster: { ...v.value, ipFamilies: undefined } })).not.toContain("dual-stack");
  });
});
