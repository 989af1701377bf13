/**
 * The dual-stack option of a workload cluster: `ipFamilies` (["IPv4"] by default, ["IPv4", "IPv6"] for dual-stack)
 * with an IPv6 pod range `podCidrV6` and an IPv6 service range `serviceCidrV6`.
 *
 * - Only on Calico: AKS hybrid's container-networking table lists IPv6 as "Flannel: No, Calico: Yes"
 *   ([CONT-NET] AKS-Arc/concepts-container-networking.md; fact sheet §6). On Flannel the option is refused.
 * - IPv4 stays the first family: the AksHciClusterNetwork's node IP pool and VIP pool are IPv4 (fact sheet §1.2) and
 *   IPv6 must be disabled on the host adapters ([SYSREQ], fact sheet §1.5), so nodes, the API server VIP and the
 *   `kubernetes` Service are IPv4.
 * - These are hcinet planning fields, not New-AksHciCluster parameters: the AksHci module has no parameter for IPv6
 *   ranges (nor for the IPv4 pod and service CIDRs, fact sheet §4), so the PowerShell export says so in a comment.
 * - Ranges: see {@link ipv6RangeProblem} (service /108–/125, pod /48–/116, unicast); the two must not overlap.
 */
import { childPath, describeValue, isAbsent, ProblemList } from "../ipam/fields";
import { cidr6Overlaps, ipv6RangeIssue, parseCidr6 } from "../ipam/ipv6";
import type { IpFamily } from "../kube/ipfamilies";

export type ClusterIpFamilies = ["IPv4"] | ["IPv4", "IPv6"];

export interface DualStackSpec {
  ipFamilies: ClusterIpFamilies;
  podCidrV6?: string;
  serviceCidrV6?: string;
}

export const DUAL_STACK_PARAMETERS = ["ipFamilies", "podCidrV6", "serviceCidrV6"] as const;

/** Example ranges (unique local addresses, RFC 4193) the wizard proposes; hcinet has no documented default. */
export const EXAMPLE_POD_CIDR_V6 = "fd00:10:244::/56";
export const EXAMPLE_SERVICE_CIDR_V6 = "fd00:10:96::/112";

export const FLANNEL_NO_IPV6 =
  'Flannel clusters cannot be dual-stack: the AKS hybrid container networking documentation lists IPv6 as "Flannel: No, Calico: Yes" (concepts-container-networking); create the cluster with primaryNetworkPlugin "calico", or leave out the IPv6 ranges';

export function isDualStack(s: { ipFamilies?: readonly string[] | string | null }): boolean {
  const f = s.ipFamilies;
  return typeof f === "string" ? f.split(",").includes("IPv6") : !!f?.includes("IPv6");
}

/** The stored form of `ipFamilies` ("IPv4" or "IPv4,IPv6") and back. */
export function ipFamiliesText(f: readonly IpFamily[]): string {
  return f.join(",");
}
export function ipFamiliesOf(text: string | null | undefined): ClusterIpFamilies {
  return text && text.split(",").includes("IPv6") ? ["IPv4", "IPv6"] : ["IPv4"];
}

/** Reads and checks the dual-stack fields of a New-AksHciCluster input; `plugin` is the (defaulted) network plugin. */
export function readDualStack(problems: ProblemList, input: Record<string, unknown>, plugin: "calico" | "flannel"): DualStackSpec {
  let families: ClusterIpFamilies = ["IPv4"];
  const raw = input.ipFamilies;
  if (!isAbsent(raw)) {
    if (!Array.isArray(raw)) problems.add("ipFamilies", `must be a list: ["IPv4"] or ["IPv4", "IPv6"], got ${describeValue(raw)}`, "ipFamilies.notList", { got: describeValue(raw) });
    else {
      const text = raw.join(",");
      if (text === "IPv4") families = ["IPv4"];
      else if (text === "IPv4,IPv6") families = ["IPv4", "IPv6"];
      else if (raw.length === 2 && raw[0] === "IPv6" && raw[1] === "IPv4") {
        problems.add("ipFamilies", 'IPv4 must be the first family: the node IP pool and VIP pool of an AksHciClusterNetwork are IPv4 and IPv6 must be disabled on the AKS hosts\' adapters, so nodes, the API server and the kubernetes Service are IPv4; use ["IPv4", "IPv6"]', "ipFamilies.ipv4First");
      } else if (text === "IPv6") {
        problems.add("ipFamilies", 'an IPv6-only cluster is not possible: the node IP pool and VIP pool of an AksHciClusterNetwork are IPv4; use ["IPv4", "IPv6"] for dual-stack', "ipFamilies.ipv6Only");
      } else problems.add("ipFamilies", `must be ["IPv4"] or ["IPv4", "IPv6"], got ${JSON.stringify(raw)}`, "ipFamilies.invalid", { value: JSON.stringify(raw) });
    }
  }
  const podCidrV6 = problems.string(input, "podCidrV6", "");
  const serviceCidrV6 = problems.string(input, "serviceCidrV6", "");
  const wantsV6 = families.length === 2 || podCidrV6 !== undefined || serviceCidrV6 !== undefined || (Array.isArray(raw) && raw.includes("IPv6"));
  if (plugin === "flannel" && wantsV6) {
    problems.add(!isAbsent(raw) ? "ipFamilies" : podCidrV6 !== undefined ? "podCidrV6" : "serviceCidrV6", FLANNEL_NO_IPV6, "dualStack.flannel");
    return { ipFamilies: ["IPv4"] };
  }
  if (families.length === 1) {
    for (const [key, v] of [["podCidrV6", podCidrV6], ["serviceCidrV6", serviceCidrV6]] as const) {
      if (v !== undefined) problems.add(key, 'an IPv6 range needs a dual-stack cluster: set ipFamilies to ["IPv4", "IPv6"]', "dualStack.notDualStack");
    }
    return { ipFamilies: ["IPv4"] };
  }
  const check = (key: "podCidrV6" | "serviceCidrV6", v: string | undefined, kind: "pod" | "service"): boolean => {
    if (v === undefined) {
      const example = kind === "pod" ? EXAMPLE_POD_CIDR_V6 : EXAMPLE_SERVICE_CIDR_V6;
      problems.add(key, `is required for a dual-stack cluster (an IPv6 ${kind} range such as ${example})`, kind === "pod" ? "dualStack.podRequired" : "dualStack.serviceRequired", { example });
      return false;
    }
    const p = ipv6RangeIssue(v, kind);
    if (p) problems.add(childPath("", key), p.message, p.code, p.vars);
    return !p;
  };
  const podOk = check("podCidrV6", podCidrV6, "pod");
  const svcOk = check("serviceCidrV6", serviceCidrV6, "service");
  if (podOk && svcOk && cidr6Overlaps(parseCidr6(podCidrV6)!, parseCidr6(serviceCidrV6)!)) {
    problems.add("serviceCidrV6", `${serviceCidrV6} overlaps the IPv6 pod range ${podCidrV6}; Service and pod addresses must not share a range`, "dualStack.overlap", { service: serviceCidrV6!, pod: podCidrV6! });
  }
  return { ipFamilies: families, ...(podCidrV6 !== undefined ? { podCidrV6 } : {}), ...(serviceCidrV6 !== undefined ? { serviceCidrV6 } : {}) };
}
