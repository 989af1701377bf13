import { describe, expect, it } from "vitest";
import { parseIPv4 } from "./address";
import { poolBounds, validateClusterNetwork, type FieldProblem } from "./network";

/** The documentation's example ([WALK], [SCFG]). */
const docExample = {
  name: "demonet",
  vswitchName: "extSwitch",
  ipAddressPrefix: "172.16.0.0/16",
  gateway: "172.16.0.1",
  dnsServers: ["172.16.0.1"],
  k8sNodeIpPoolStart: "172.16.10.1",
  k8sNodeIpPoolEnd: "172.16.10.255",
  vipPoolStart: "172.16.255.0",
  vipPoolEnd: "172.16.255.254",
  vlanID: 9,
};

const dhcpExample = { name: "dhcpnet", vswitchName: "extSwitch", vipPoolStart: "172.16.255.0", vipPoolEnd: "172.16.255.254", vlanID: 7 };

function problemsOf(input: unknown): FieldProblem[] {
  const r = validateClusterNetwork(input);
  if (r.ok) throw new Error(`expected problems, got ${JSON.stringify(r.value)}`);
  // path and English message; the translation codes are tested in lib/i18n/problems.test.ts
  return r.problems.map(({ path, message }) => ({ path, message }));
}

function paths(input: unknown): string[] {
  return problemsOf(input).map((p) => p.path);
}

describe("validateClusterNetwork: valid networks", () => {
  it("accepts the documentation's static example (gateway doubling as DNS server)", () => {
    const r = validateClusterNetwork(docExample);
    expect(r).toEqual({ ok: true, value: { ...docExample, ipAssignment: "static", managementCluster: false } });
  });

  it("accepts the DHCP example and drops nothing but absent fields", () => {
    const r = validateClusterNetwork(dhcpExample);
    expect(r).toEqual({ ok: true, value: { ...dhcpExample, ipAssignment: "dhcp", managementCluster: false } });
  });

  it("treats empty strings, null and an empty DNS list as not given (HTML forms)", () => {
    const r = validateClusterNetwork({ ...dhcpExample, gateway: "", ipAddressPrefix: null, dnsServers: [], vlanID: null, managementCluster: true });
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.value.ipAssignment).toBe("dhcp");
      expect(r.value.managementCluster).toBe(true);
      expect(r.value).not.toHaveProperty("gateway");
      expect(r.value).not.toHaveProperty("vlanID");
    }
  });

  it("accepts three DNS servers outside the pools and a DNS server outside the subnet", () => {
    expect(validateClusterNetwork({ ...docExample, dnsServers: ["172.16.0.1", "172.16.0.2", "8.8.8.8"] }).ok).toBe(true);
  });

  it("accepts pools touching each other without overlapping", () => {
    expect(
      validateClusterNetwork({
        ...docExample,
        ipAddressPrefix: "192.168.0.0/24",
        gateway: "192.168.0.1",
        dnsServers: ["192.168.0.1"],
        k8sNodeIpPoolStart: "192.168.0.2",
        k8sNodeIpPoolEnd: "192.168.0.149",
        vipPoolStart: "192.168.0.150",
        vipPoolEnd: "192.168.0.254",
      }).ok,
    ).toBe(true);
  });
});

describe("validateClusterNetwork: input shape", () => {
  it.each([null, undefined, 42, "demonet", [docExample]])("reports a non-object input %j at the root", (input) => {
    expect(problemsOf(input)).toEqual([{ path: "", message: expect.stringContaining("must be an object") }]);
  });

  it("names every missing required field at once", () => {
    expect(paths({}).sort()).toEqual(["name", "vipPoolEnd", "vipPoolStart", "vswitchName"]);
  });

  it("reports wrong types with the field path instead of throwing", () => {
    const problems = problemsOf({ ...docExample, gateway: 1721600001, vlanID: "9", dnsServers: "172.16.0.1", name: 5, managementCluster: "yes" });
    expect(problems).toEqual(
      expect.arrayContaining([
        { path: "gateway", message: "must be a string, got a number" },
        { path: "vlanID", message: expect.stringContaining("must be an integer from 1 to 4094") },
        { path: "dnsServers", message: expect.stringContaining("must be a list of 1 to 3 IPv4 addresses, got a string") },
        { path: "name", message: "must be a string, got a number" },
        { path: "managementCluster", message: "must be true or false, got a string" },
      ]),
    );
  });

  it("applies the AksHci name rule: lowercase letters and digits only", () => {
    for (const bad of ["Demo", "demo-net", "demo_net", "demo net"]) {
      expect(problemsOf({ ...docExample, name: bad })).toEqual([
        { path: "name", message: expect.stringContaining("AksHci network names may contain only lowercase letters and digits") },
      ]);
    }
    expect(paths({ ...docExample, name: "a".repeat(64) })).toEqual(["name"]);
    expect(validateClusterNetwork({ ...docExample, name: "a".repeat(63) }).ok).toBe(true);
  });

  it("rejects a blank vSwitch name", () => {
    expect(paths({ ...docExample, vswitchName: "   " })).toEqual(["vswitchName"]);
  });

  it.each([0, 4095, 9.5, -1])("rejects vlanID %j", (vlanID) => {
    expect(paths({ ...docExample, vlanID })).toEqual(["vlanID"]);
  });
});

describe("validateClusterNetwork: static vs DHCP parameter sets", () => {
  it("names each missing static parameter when only some are given", () => {
    const problems = problemsOf({ ...dhcpExample, gateway: "172.16.0.1", k8sNodeIpPoolStart: "172.16.10.1" });
    expect(problems.map((p) => p.path).sort()).toEqual(["dnsServers", "ipAddressPrefix", "k8sNodeIpPoolEnd"]);
    expect(problems[0].message).toContain("is required for static IP assignment because gateway, k8sNodeIpPoolStart are set");
    expect(problems[0].message).toContain("for DHCP leave out all of");
  });

  it("a node pool alone is not a DHCP network", () => {
    const { k8sNodeIpPoolStart, k8sNodeIpPoolEnd } = docExample;
    expect(paths({ ...dhcpExample, k8sNodeIpPoolStart, k8sNodeIpPoolEnd }).sort()).toEqual(["dnsServers", "gateway", "ipAddressPrefix"]);
  });
});

describe("validateClusterNetwork: addresses", () => {
  it("reports every malformed address with its path", () => {
    const problems = problemsOf({ ...docExample, gateway: "172.16.0", dnsServers: ["172.16.0.1", "8.8.8"], vipPoolEnd: "172.16.255.256" });
    expect(problems).toEqual([
      { path: "gateway", message: '"172.16.0" is not a valid IPv4 address (expected a dotted quad such as 172.16.0.1)' },
      { path: "dnsServers[1]", message: expect.stringContaining('"8.8.8" is not a valid IPv4 address') },
      { path: "vipPoolEnd", message: expect.stringContaining('"172.16.255.256" is not a valid IPv4 address') },
    ]);
  });

  it("rejects a prefix with host bits set, naming the network address", () => {
    expect(problemsOf({ ...docExample, ipAddressPrefix: "172.16.5.0/16" })).toEqual([
      { path: "ipAddressPrefix", message: '"172.16.5.0/16" has host bits set; the network address of this prefix is 172.16.0.0/16' },
    ]);
  });

  it("rejects a malformed prefix", () => {
    expect(paths({ ...docExample, ipAddressPrefix: "172.16.0.0" })).toEqual(["ipAddressPrefix"]);
  });

  it("requires 1 to 3 DNS servers, each a string", () => {
    expect(problemsOf({ ...docExample, dnsServers: ["1.1.1.1", "8.8.8.8", "9.9.9.9", "172.16.0.1"] })).toEqual([
      { path: "dnsServers", message: "must list 1 to 3 DNS servers, got 4" },
    ]);
    expect(paths({ ...docExample, dnsServers: ["172.16.0.1", 8] })).toEqual(["dnsServers[1]"]);
  });
});

describe("validateClusterNetwork: pool placement", () => {
  it("requires start ≤ end for both pools", () => {
    const problems = problemsOf({ ...docExample, vipPoolStart: "172.16.255.254", vipPoolEnd: "172.16.255.0", k8sNodeIpPoolStart: "172.16.10.9", k8sNodeIpPoolEnd: "172.16.10.1" });
    expect(problems).toEqual([
      { path: "vipPoolEnd", message: "172.16.255.0 is lower than vipPoolStart 172.16.255.254; a pool runs from its start up to its end" },
      { path: "k8sNodeIpPoolEnd", message: expect.stringContaining("is lower than k8sNodeIpPoolStart") },
    ]);
  });

  it("requires both pools inside ipAddressPrefix", () => {
    const problems = problemsOf({ ...docExample, vipPoolEnd: "172.17.0.10", k8sNodeIpPoolStart: "172.18.0.1", k8sNodeIpPoolEnd: "172.18.0.9" });
    expect(problems).toEqual([
      { path: "vipPoolEnd", message: "172.17.0.10 is outside ipAddressPrefix 172.16.0.0/16; the VIP pool must be inside the subnet" },
      { path: "k8sNodeIpPoolStart", message: expect.stringContaining("172.18.0.1 is outside ipAddressPrefix") },
      { path: "k8sNodeIpPoolEnd", message: expect.stringContaining("172.18.0.9 is outside ipAddressPrefix") },
    ]);
  });

  it("keeps the network and broadcast address out of the pools", () => {
    const problems = problemsOf({ ...docExample, k8sNodeIpPoolStart: "172.16.0.0", k8sNodeIpPoolEnd: "172.16.0.0", gateway: "172.16.0.2", dnsServers: ["172.16.0.2"], vipPoolEnd: "172.16.255.255" });
    expect(problems).toEqual([
      { path: "vipPoolEnd", message: expect.stringContaining("172.16.255.255 is the broadcast address of 172.16.0.0/16") },
      { path: "k8sNodeIpPoolStart", message: expect.stringContaining("172.16.0.0 is the network address of 172.16.0.0/16") },
    ]);
  });

  it("allows every address of a /31 (no network or broadcast address)", () => {
    const r = validateClusterNetwork({
      ...docExample,
      ipAddressPrefix: "10.0.0.0/31",
      gateway: "10.0.0.0",
      dnsServers: ["8.8.8.8"],
      k8sNodeIpPoolStart: "10.0.0.1",
      k8sNodeIpPoolEnd: "10.0.0.1",
      vipPoolStart: "10.0.0.1",
      vipPoolEnd: "10.0.0.1",
    });
    // the only complaint is the overlap of the two one-address pools, not network/broadcast
    expect(r.ok ? [] : r.problems.map((p) => p.path)).toEqual(["vipPoolStart"]);
  });

  it("requires the VIP and node pools to be disjoint", () => {
    expect(problemsOf({ ...docExample, vipPoolStart: "172.16.10.200" })).toEqual([
      {
        path: "vipPoolStart",
        message: "the VIP pool 172.16.10.200–172.16.255.254 overlaps the k8s node IP pool 172.16.10.1–172.16.10.255; the two pools must not share addresses",
      },
    ]);
  });

  it("requires the gateway inside the prefix and outside both pools", () => {
    expect(problemsOf({ ...docExample, gateway: "172.16.10.5", dnsServers: ["172.16.0.1"] })).toEqual([
      { path: "gateway", message: "172.16.10.5 lies inside the k8s node IP pool 172.16.10.1–172.16.10.255; the gateway must be outside both pools" },
    ]);
    expect(problemsOf({ ...docExample, gateway: "10.0.0.1" })).toEqual([
      { path: "gateway", message: "10.0.0.1 is outside ipAddressPrefix 172.16.0.0/16; the gateway must be inside the subnet" },
    ]);
    expect(problemsOf({ ...docExample, gateway: "172.16.0.0" })).toEqual([
      { path: "gateway", message: "172.16.0.0 is the network address of 172.16.0.0/16 and cannot be a gateway" },
    ]);
  });

  it("keeps DNS servers out of both pools", () => {
    expect(problemsOf({ ...docExample, dnsServers: ["172.16.0.1", "172.16.255.7"] })).toEqual([
      { path: "dnsServers[1]", message: "172.16.255.7 lies inside the VIP pool 172.16.255.0–172.16.255.254; DNS servers must be outside both pools" },
    ]);
  });

  it("keeps pools out of the pod CIDR and the service CIDR, DHCP networks included", () => {
    expect(problemsOf({ ...dhcpExample, vipPoolStart: "10.244.1.0", vipPoolEnd: "10.244.1.10" })).toEqual([
      { path: "vipPoolStart", message: expect.stringContaining("overlaps the pod CIDR 10.244.0.0/16") },
    ]);
    expect(problemsOf({ ...dhcpExample, vipPoolStart: "10.95.255.250", vipPoolEnd: "10.96.0.5" })).toEqual([
      { path: "vipPoolStart", message: expect.stringContaining("overlaps the service CIDR 10.96.0.0/12") },
    ]);
  });

  it("returns every problem of a badly wrong input together", () => {
    const problems = problemsOf({
      name: "Bad-Name",
      vswitchName: "",
      ipAddressPrefix: "10.96.0.0/16",
      gateway: "10.96.0.1",
      dnsServers: ["10.96.0.1", "10.96.0.10"],
      k8sNodeIpPoolStart: "10.96.0.5",
      k8sNodeIpPoolEnd: "10.96.0.20",
      vipPoolStart: "10.96.0.15",
      vipPoolEnd: "10.96.0.30",
      vlanID: 5000,
    });
    expect(problems.map((p) => p.path)).toEqual([
      "name",
      "vswitchName",
      "ipAddressPrefix", // the subnet inside the service CIDR (§1.6 rule 15)
      "vlanID",
      "vipPoolStart", // VIP pool inside the service CIDR
      "k8sNodeIpPoolStart", // node pool inside the service CIDR
      "dnsServers[1]", // 10.96.0.10 inside the node pool 10.96.0.5–10.96.0.20
      "vipPoolStart", // the pools overlap
    ]);
  });
});

describe("poolBounds", () => {
  it("gives numeric bounds of both pools of a static network", () => {
    const r = validateClusterNetwork(docExample);
    if (!r.ok) throw new Error("doc example must validate");
    expect(poolBounds(r.value)).toEqual({
      ipAssignment: "static",
      prefix: expect.objectContaining({ prefixLength: 16, network: parseIPv4("172.16.0.0") }),
      gateway: parseIPv4("172.16.0.1"),
      vipPool: { start: parseIPv4("172.16.255.0"), end: parseIPv4("172.16.255.254") },
      k8sNodeIpPool: { start: parseIPv4("172.16.10.1"), end: parseIPv4("172.16.10.255") },
    });
  });

  it("has no node pool for a DHCP network", () => {
    const r = validateClusterNetwork(dhcpExample);
    if (!r.ok) throw new Error("dhcp example must validate");
    expect(poolBounds(r.value)).toMatchObject({ ipAssignment: "dhcp", prefix: null, gateway: null, k8sNodeIpPool: null });
  });

  it("throws on a network that was not validated", () => {
    expect(() => poolBounds({ ...docExample, vipPoolStart: "nope", ipAssignment: "static" })).toThrow(/validate the network first/);
  });
});

describe("validateClusterNetwork: parameters and free text (issue 11)", () => {
  it("refuses unknown parameters naming them, and cloudServiceCidr with the reason", () => {
    const problems = problemsOf({ ...docExample, macPoolName: "x", cloudServiceCidr: "172.16.10.10/16" });
    expect(problems.map((p) => p.path)).toEqual(["macPoolName", "cloudServiceCidr"]);
    expect(problems[0].message).toMatch(/^unknown parameter "macPoolName": New-AksHciClusterNetwork has no such parameter/);
    expect(problems[1].message).toContain("Set-AksHciConfig -cloudServiceCidr");
  });

  it("vswitchName: printable, at most 256 characters", () => {
    expect(problemsOf({ ...docExample, vswitchName: "ext\u0000Switch" })).toEqual([
      { path: "vswitchName", message: "must contain printable characters only; found control character U+0000" },
    ]);
    expect(problemsOf({ ...docExample, vswitchName: "s".repeat(257) })[0]).toEqual({ path: "vswitchName", message: "must be at most 256 characters, got 257" });
    expect(validateClusterNetwork({ ...docExample, vswitchName: "Bob\u2019s switch" }).ok).toBe(true);
  });
});

