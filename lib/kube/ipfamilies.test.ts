import { describe, expect, it } from "vitest";
import { planServiceFamilies, validateFamilyFields, type FamilySpec } from "./ipfamilies";

const V4 = ["IPv4"] as const;
const DUAL = ["IPv4", "IPv6"] as const;
const sel = { app: "MyApp" };

function plan(spec: FamilySpec, cluster: readonly ("IPv4" | "IPv6")[], previous?: FamilySpec) {
  const r = planServiceFamilies(spec, cluster, previous);
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.plan;
}
function problems(spec: FamilySpec, cluster: readonly ("IPv4" | "IPv6")[]) {
  const r = planServiceFamilies(spec, cluster);
  if (r.ok) throw new Error("expected problems");
  return r.problems;
}

// The scenarios of kubernetes.io/docs/concepts/services-networking/dual-stack/ ("Dual-stack Service configuration
// scenarios", "Headless Services without selector") and kube-apiserver's initIPFamilyFields.
describe("planServiceFamilies: the documentation's scenarios", () => {
  it("1. no ipFamilyPolicy: SingleStack from the first service range, also on a dual-stack cluster", () => {
    expect(plan({ selector: sel }, DUAL)).toEqual({ kind: "allocate", ipFamilyPolicy: "SingleStack", ipFamilies: ["IPv4"], toAllocate: [{ family: "IPv4" }] });
    expect(plan({ selector: sel }, V4)).toMatchObject({ ipFamilyPolicy: "SingleStack", ipFamilies: ["IPv4"] });
  });
  it("1b. headless Services with selectors behave the same way (SingleStack, nothing allocated)", () => {
    expect(plan({ clusterIP: "None", clusterIPs: ["None"], selector: sel }, DUAL)).toEqual({ kind: "headless", ipFamilyPolicy: "SingleStack", ipFamilies: ["IPv4"], toAllocate: [] });
  });
  it("2. PreferDualStack on a dual-stack cluster: both families, IPv4 (the first range) first", () => {
    expect(plan({ ipFamilyPolicy: "PreferDualStack", selector: sel }, DUAL)).toEqual({
      kind: "allocate",
      ipFamilyPolicy: "PreferDualStack",
      ipFamilies: ["IPv4", "IPv6"],
      toAllocate: [{ family: "IPv4" }, { family: "IPv6" }],
    });
  });
  it("2b. PreferDualStack on a single-stack cluster: one address", () => {
    expect(plan({ ipFamilyPolicy: "PreferDualStack", selector: sel }, V4)).toMatchObject({ ipFamilyPolicy: "PreferDualStack", ipFamilies: ["IPv4"], toAllocate: [{ family: "IPv4" }] });
  });
  it("2c. RequireDualStack on a dual-stack cluster behaves like PreferDualStack", () => {
    expect(plan({ ipFamilyPolicy: "RequireDualStack", selector: sel }, DUAL)).toMatchObject({ ipFamilies: ["IPv4", "IPv6"], toAllocate: [{ family: "IPv4" }, { family: "IPv6" }] });
  });
  it("3. ipFamilies [IPv6, IPv4] with PreferDualStack: clusterIPs[0] (and clusterIP) is the IPv6 address", () => {
    expect(plan({ ipFamilyPolicy: "PreferDualStack", ipFamilies: ["IPv6", "IPv4"], selector: sel }, DUAL)).toMatchObject({
      ipFamilies: ["IPv6", "IPv4"],
      toAllocate: [{ family: "IPv6" }, { family: "IPv4" }],
    });
  });
  it("a single IPv6 family on a dual-stack cluster", () => {
    expect(plan({ ipFamilies: ["IPv6"], selector: sel }, DUAL)).toMatchObject({ ipFamilyPolicy: "SingleStack", ipFamilies: ["IPv6"], toAllocate: [{ family: "IPv6" }] });
  });
  it("headless without selector defaults to RequireDualStack and gets both families even on a single-stack cluster", () => {
    expect(plan({ clusterIP: "None", clusterIPs: ["None"] }, V4)).toEqual({ kind: "headless", ipFamilyPolicy: "RequireDualStack", ipFamilies: ["IPv4", "IPv6"], toAllocate: [] });
    expect(plan({ clusterIP: "None", clusterIPs: ["None"], ipFamilyPolicy: "SingleStack" }, V4)).toMatchObject({ ipFamilies: ["IPv4"] });
  });
  it("ExternalName: nothing to allocate, and the family fields are forbidden", () => {
    expect(plan({ type: "ExternalName" }, DUAL)).toEqual({ kind: "externalName" });
    expect(problems({ type: "ExternalName", ipFamilies: ["IPv4"], ipFamilyPolicy: "SingleStack" }, DUAL).map((p) => p.path)).toEqual(["spec.ipFamilies", "spec.ipFamilyPolicy"]);
  });
});

describe("planServiceFamilies: refusals", () => {
  it("RequireDualStack on a single-stack cluster names spec.ipFamilyPolicy", () => {
    expect(problems({ ipFamilyPolicy: "RequireDualStack", selector: sel }, V4)).toEqual([
      { path: "spec.ipFamilyPolicy", message: 'Invalid value: "RequireDualStack": this cluster is not configured for dual-stack services' },
    ]);
  });
  it("a family the cluster lacks names spec.ipFamilies[i]", () => {
    expect(problems({ ipFamilies: ["IPv6"], selector: sel }, V4)).toEqual([{ path: "spec.ipFamilies[0]", message: 'Invalid value: "IPv6": not configured on this cluster' }]);
  });
  it("SingleStack with two families or two cluster IPs", () => {
    expect(problems({ ipFamilyPolicy: "SingleStack", ipFamilies: ["IPv4", "IPv6"] }, DUAL)[0].path).toBe("spec.ipFamilyPolicy");
    expect(problems({ ipFamilyPolicy: "SingleStack", clusterIP: "10.96.0.5", clusterIPs: ["10.96.0.5", "fd00::5"] }, DUAL)[0].message).toMatch(/multiple cluster IPs/);
  });
  it("an IPv6 clusterIP on an IPv4 cluster", () => {
    expect(problems({ clusterIP: "fd00::5", clusterIPs: ["fd00::5"] }, V4)).toEqual([{ path: "spec.clusterIPs[0]", message: 'Invalid value: "fd00::5": IPv6 is not configured on this cluster' }]);
  });
});

describe("planServiceFamilies: requested addresses and updates", () => {
  it("families are inferred from the given clusterIPs, in their order", () => {
    expect(plan({ ipFamilyPolicy: "RequireDualStack", clusterIP: "fd00::5", clusterIPs: ["fd00::5", "10.96.0.5"] }, DUAL)).toMatchObject({
      ipFamilies: ["IPv6", "IPv4"],
      toAllocate: [{ family: "IPv6", requested: "fd00::5" }, { family: "IPv4", requested: "10.96.0.5" }],
    });
  });
  it("a partial request: the given address is kept, the other family picked", () => {
    expect(plan({ ipFamilyPolicy: "PreferDualStack", clusterIP: "10.96.0.5", clusterIPs: ["10.96.0.5"] }, DUAL)).toMatchObject({
      toAllocate: [{ family: "IPv4", requested: "10.96.0.5" }, { family: "IPv6" }],
    });
  });
  it("an update without ipFamilyPolicy adopts the stored Service's policy", () => {
    expect(plan({ selector: sel }, DUAL, { ipFamilyPolicy: "PreferDualStack" })).toMatchObject({ ipFamilyPolicy: "PreferDualStack", ipFamilies: ["IPv4", "IPv6"] });
  });
});

describe("validateFamilyFields (stand-alone rules)", () => {
  it("refuses unknown values, duplicates, more than two values and 'None' with another address", () => {
    expect(validateFamilyFields({ ipFamilies: ["IPv5"] })[0]).toMatchObject({ path: "spec.ipFamilies[0]", message: expect.stringMatching(/Unsupported value/) });
    expect(validateFamilyFields({ ipFamilies: ["IPv4", "IPv4"] })[0]).toMatchObject({ path: "spec.ipFamilies[1]", message: expect.stringMatching(/Duplicate/) });
    expect(validateFamilyFields({ ipFamilies: ["IPv4", "IPv6", "IPv4"] }).map((p) => p.path)).toContain("spec.ipFamilies");
    expect(validateFamilyFields({ ipFamilyPolicy: "DualStack" })[0].path).toBe("spec.ipFamilyPolicy");
    expect(validateFamilyFields({ clusterIP: "None", clusterIPs: ["None", "10.96.0.5"] })[0].message).toMatch(/first and only/);
  });
  it("one address per family, each of the family at its index", () => {
    expect(validateFamilyFields({ clusterIP: "10.96.0.5", clusterIPs: ["10.96.0.5", "10.96.0.6"] })[0].message).toMatch(/no more than one IP for each IP family/);
    expect(validateFamilyFields({ clusterIP: "10.96.0.5", clusterIPs: ["10.96.0.5", "fd00::1"], ipFamilies: ["IPv4", "IPv4"] }).map((p) => p.path)).toContain("spec.clusterIPs[1]");
    expect(validateFamilyFields({ clusterIP: "fd00::1", clusterIPs: ["fd00::1"], ipFamilies: ["IPv4"] })[0]).toMatchObject({ path: "spec.clusterIPs[0]", message: expect.stringMatching(/expected an IPv4 value/) });
  });
  it("accepts the documented shapes", () => {
    for (const ipFamilies of [["IPv4"], ["IPv6"], ["IPv4", "IPv6"], ["IPv6", "IPv4"]]) expect(validateFamilyFields({ ipFamilies, ipFamilyPolicy: "PreferDualStack" })).toEqual([]);
  });
});
