import { describe, expect, it } from "vitest";
import {
  IMMUTABLE_CLUSTER_FIELDS,
  IMMUTABLE_CLUSTER_FIELD_REASONS,
  immutableFieldChanges,
  validateClusterSpec,
  validateNodePoolInput,
  deploymentVmProblem,
  WORKERLESS_MESSAGE,
  type FieldProblem,
} from "./spec";

/** One worker: every valid cluster has at least one. */
const W = { nodePools: [{ name: "linuxpool", count: 1 }] };

function problemsOf(input: unknown, context: { existingVms?: number } = {}): FieldProblem[] {
  const r = validateClusterSpec(input, context);
  if (r.ok) throw new Error(`expected problems, got ${JSON.stringify(r.value)}`);
  // path and English message; the translation codes are tested in lib/i18n/problems.test.ts
  return r.problems.map(({ path, message }) => ({ path, message }));
}

describe("validateClusterSpec", () => {
  it("fills the New-AksHciCluster defaults", () => {
    expect(validateClusterSpec({ name: "mycluster", nodePools: [{ name: "linuxpool" }] })).toEqual({
      ok: true,
      value: {
        name: "mycluster",
        controlPlaneNodeCount: 1,
        controlPlaneVmSize: "Standard_A4_V2",
        loadBalancerVmSize: "Standard_A4_V2",
        loadBalancerSku: "HAProxy",
        loadBalancerCount: 1,
        nodePools: [{ name: "linuxpool", count: 1, osType: "Linux", vmSize: "Standard_K8S3_v1", maxPodCount: 110 }],
        primaryNetworkPlugin: "calico",
        kubernetesVersion: "", // the cmdlet's default: no pinned version
      },
    });
  });

  it("keeps given values, canonicalizes enum spelling and keeps vnet", () => {
    const r = validateClusterSpec({
      name: "clustera",
      vnet: "demonet",
      controlPlaneNodeCount: 3,
      loadBalancerSku: "haproxy",
      loadBalancerCount: 2,
      primaryNetworkPlugin: "Flannel",
      kubernetesVersion: "v1.27.3",
      nodePools: [
        { name: "linuxpool", count: 5, osType: "linux", maxPodCount: 51 },
        { name: "winpool", count: 2, osType: "Windows", vmSize: "Standard_D4s_v3" },
      ],
    });
    expect(r.ok && r.value).toMatchObject({
      vnet: "demonet",
      controlPlaneNodeCount: 3,
      loadBalancerSku: "HAProxy",
      loadBalancerCount: 2,
      primaryNetworkPlugin: "flannel",
      kubernetesVersion: "v1.27.3",
      nodePools: [
        { name: "linuxpool", count: 5, osType: "Linux", maxPodCount: 51 },
        { name: "winpool", count: 2, osType: "Windows", vmSize: "Standard_D4s_v3", maxPodCount: 110 },
      ],
    });
  });

  it("refuses a cluster without workers (issue 11: every cluster of the documentation has ≥ 1 worker)", () => {
    expect(problemsOf({ name: "cponly", nodePools: [] })).toEqual([{ path: "nodePools", message: WORKERLESS_MESSAGE }]);
    expect(problemsOf({ name: "cponly" })).toEqual([{ path: "nodePools", message: WORKERLESS_MESSAGE }]);
    expect(problemsOf({ name: "cponly", nodePools: [{ name: "p", count: 0 }] })).toEqual([{ path: "nodePools", message: WORKERLESS_MESSAGE }]);
  });

  it("refuses unknown parameters naming them, and free text with control characters or over 256 characters", () => {
    expect(problemsOf({ ...W, name: "c", cloudServiceCidr: "10.0.0.0/16", nodePools: [{ name: "p", count: 1, taint: "x" }] }).map((p) => p.path)).toEqual([
      "cloudServiceCidr",
      "nodePools[0].taint",
    ]);
    expect(problemsOf({ ...W, name: "c", foo: 1 })[0].message).toMatch(/^unknown parameter "foo": New-AksHciCluster has no such parameter/);
    expect(problemsOf({ ...W, name: "c", controlPlaneVmSize: "Standard_A4_v2\n Remove-Item C:\\" })).toEqual([
      { path: "controlPlaneVmSize", message: "must contain printable characters only; found control character U+000A" },
    ]);
    expect(problemsOf({ ...W, name: "c", loadBalancerVmSize: "x".repeat(257) })).toEqual([{ path: "loadBalancerVmSize", message: "must be at most 256 characters, got 257" }]);
  });

  it("rejects hyphens citing the docs, and other name shapes as our rule", () => {
    expect(problemsOf({ ...W, name: "my-cluster" })).toEqual([{ path: "name", message: expect.stringContaining('"Do not use hyphens"') }]);
    for (const bad of ["1cluster", "MyCluster", "my_cluster", "a".repeat(41)]) {
      expect(problemsOf({ ...W, name: bad })).toEqual([{ path: "name", message: expect.stringContaining("must start with a lowercase letter") }]);
    }
    expect(validateClusterSpec({ ...W, name: "a".repeat(40) }).ok).toBe(true);
    expect(problemsOf({ ...W })).toEqual([{ path: "name", message: "is required" }]);
  });

  it.each([0, 2, 4, 7])("rejects controlPlaneNodeCount %i", (n) => {
    expect(problemsOf({ ...W, name: "c", controlPlaneNodeCount: n }).map((p) => p.path)).toEqual(["controlPlaneNodeCount"]);
  });

  it("uses no load balancer VM for SKU none and refuses a count with it", () => {
    const r = validateClusterSpec({ ...W, name: "c", loadBalancerSku: "none" });
    expect(r.ok && r.value.loadBalancerCount).toBe(0);
    expect(problemsOf({ ...W, name: "c", loadBalancerSku: "none", loadBalancerCount: 2 })).toEqual([
      { path: "loadBalancerCount", message: expect.stringContaining('must be 0 or left out when loadBalancerSku is "none"') },
    ]);
    expect(problemsOf({ ...W, name: "c", loadBalancerCount: 0 }).map((p) => p.path)).toEqual(["loadBalancerCount"]);
    expect(problemsOf({ ...W, name: "c", loadBalancerSku: "F5" })).toEqual([
      { path: "loadBalancerSku", message: 'must be one of "HAProxy", "none", got "F5"' },
    ]);
  });

  it("reports node pool problems with their index path, all at once", () => {
    const problems = problemsOf({
      name: "c",
      nodePools: [
        { name: "pool", count: 65, osType: "Mac", maxPodCount: 50 },
        { name: "pool", count: -1 },
        "notapool",
        { name: "Bad-Pool", vmSize: "" , count: 1.5},
      ],
    });
    expect(problems).toEqual([
      { path: "nodePools[0].count", message: "must be an integer from 0 to 64, got 65" },
      { path: "nodePools[0].osType", message: 'must be one of "Linux", "Windows", got "Mac"' },
      { path: "nodePools[0].maxPodCount", message: "must be an integer ≥ 51 (AksHci requires more than 50), got 50" },
      { path: "nodePools[1].count", message: "must be an integer from 0 to 64, got -1" },
      { path: "nodePools[1].name", message: 'node pool name "pool" is used twice in this cluster; pool names must be unique' },
      { path: "nodePools[2]", message: "must be an object with the New-AksHciNodePool parameters, got a string" },
      { path: "nodePools[3].name", message: expect.stringContaining("contains a hyphen") },
      { path: "nodePools[3].count", message: "must be an integer from 0 to 64, got 1.5" },
    ]);
  });

  it("enforces the 200-VM limit deployment-wide: the AKS host and every other cluster count ([SUPPORT] 200 VMs total)", () => {
    const pools = [0, 1, 2].map((i) => ({ name: `pool${i}`, count: 64 }));
    // 192 workers + 5 control planes + 3 LB = 200: allowed alone
    expect(validateClusterSpec({ name: "big", controlPlaneNodeCount: 5, loadBalancerCount: 3, nodePools: pools }).ok).toBe(true);
    expect(problemsOf({ name: "big", controlPlaneNodeCount: 5, loadBalancerCount: 4, nodePools: pools })).toEqual([
      { path: "nodePools", message: expect.stringContaining("the deployment would have 201 VMs") },
    ]);
    // ... but not next to the AKS host (1 VM): the limit is for the whole deployment
    expect(problemsOf({ name: "big", controlPlaneNodeCount: 5, loadBalancerCount: 3, nodePools: pools }, { existingVms: 1 })).toEqual([
      { path: "nodePools", message: deploymentVmProblem(201) },
    ]);
    expect(deploymentVmProblem(200)).toBeNull();
  });

  it("checks the Kubernetes version shape, plugin and types", () => {
    expect(problemsOf({ name: "c", kubernetesVersion: "1.28.5", primaryNetworkPlugin: "cilium", nodePools: "linuxpool", vnet: 3 })).toEqual([
      { path: "vnet", message: "must be a string, got a number" },
      { path: "nodePools", message: "must be a list, got a string" },
      { path: "primaryNetworkPlugin", message: 'must be one of "calico", "flannel", got "cilium"' },
      { path: "kubernetesVersion", message: expect.stringContaining("expected vX.Y.Z") },
    ]);
  });

  it.each([null, 5, "c", []])("reports a non-object %j at the root", (input) => {
    expect(problemsOf(input)).toEqual([{ path: "", message: expect.stringContaining("must be an object") }]);
  });
});

describe("validateNodePoolInput", () => {
  it("validates a pool added later and refuses a duplicate name", () => {
    expect(validateNodePoolInput({ name: "winpool", osType: "Windows", count: 2 })).toEqual({
      ok: true,
      value: { name: "winpool", count: 2, osType: "Windows", vmSize: "Standard_K8S3_v1", maxPodCount: 110 },
    });
    expect(validateNodePoolInput({ name: "linuxpool" }, { existingNames: ["linuxpool"] })).toEqual({
      ok: false,
      problems: [{ path: "name", message: 'the cluster already has a node pool named "linuxpool"', code: "nodePool.exists", vars: { name: "linuxpool" } }],
    });
  });

  it("prefixes paths when asked", () => {
    const r = validateNodePoolInput({ count: 1 }, { path: "nodePool" });
    expect(r).toMatchObject({ ok: false, problems: [{ path: "nodePool.name", message: "is required" }] });
  });
});

describe("immutable fields", () => {
  it("lists primaryNetworkPlugin and vnet with the documented reasons", () => {
    expect(IMMUTABLE_CLUSTER_FIELDS).toEqual(["primaryNetworkPlugin", "vnet"]);
    expect(IMMUTABLE_CLUSTER_FIELD_REASONS.primaryNetworkPlugin).toBe("Cannot be changed after deployment");
    expect(IMMUTABLE_CLUSTER_FIELD_REASONS.vnet).toBe(
      "Nothing network-related can be changed after the AKS host or a workload cluster is deployed",
    );
  });

  it("reports a changed plugin or network, and nothing for unchanged or unspecified fields", () => {
    const current = { primaryNetworkPlugin: "calico" as const, vnet: "demonet" };
    expect(immutableFieldChanges(current, { primaryNetworkPlugin: "calico" })).toEqual([]);
    expect(immutableFieldChanges(current, {})).toEqual([]);
    expect(immutableFieldChanges(current, { primaryNetworkPlugin: "flannel", vnet: undefined })).toEqual([
      {
        path: "primaryNetworkPlugin",
        message: "Cannot be changed after deployment (current: calico, requested: flannel)",
        code: "immutable.primaryNetworkPlugin",
        vars: { current: "calico", requested: "flannel" },
      },
      { path: "vnet", message: expect.stringContaining("requested: the AKS host network"), code: "immutable.vnet", vars: expect.objectContaining({ requested: "the AKS host network" }) },
    ]);
  });
});
