/**
 * A Service's IP families, exactly as kube-apiserver decides them (pkg/registry/core/service/storage/alloc.go
 * `initIPFamilyFields`, pkg/apis/core/validation `ValidateServiceClusterIPsRelatedFields`; the behaviour is the table
 * of kubernetes.io/docs/concepts/services-networking/dual-stack/ "Services"):
 *
 * - `spec.ipFamilyPolicy` unset: kept from the stored Service on an update; a headless Service without a selector
 *   defaults to `RequireDualStack`; every other Service to `SingleStack`.
 * - `SingleStack` with two `ipFamilies` or two `clusterIPs` → invalid (`spec.ipFamilyPolicy`).
 * - families are inferred from given `clusterIPs`; missing ones default to the cluster's first family (its first
 *   service range); `PreferDualStack` / `RequireDualStack` add the other family when the cluster has both.
 * - `RequireDualStack` on a single-stack cluster → invalid (`spec.ipFamilyPolicy`: "this cluster is not configured
 *   for dual-stack services"); a family the cluster lacks → invalid (`spec.ipFamilies[i]`). `PreferDualStack` on a
 *   single-stack cluster is one family.
 * - headless without selector: any families, nothing allocated; ExternalName: no families, no policy, no IPs.
 * - `clusterIPs` follow the order of `ipFamilies`; `clusterIP` is `clusterIPs[0]`.
 *
 * Pure: the caller allocates the addresses `plan.toAllocate` lists.
 */
import { isIpAddress } from "./ip";

export type IpFamily = "IPv4" | "IPv6";
export type IpFamilyPolicy = "SingleStack" | "PreferDualStack" | "RequireDualStack";
export const IP_FAMILIES: readonly IpFamily[] = ["IPv4", "IPv6"];
export const IP_FAMILY_POLICIES: readonly IpFamilyPolicy[] = ["SingleStack", "PreferDualStack", "RequireDualStack"];

export interface FamilyProblem {
  path: string;
  message: string;
}

/** The fields of a Service spec this logic reads. */
export interface FamilySpec {
  type?: string;
  clusterIP?: string;
  clusterIPs?: string[];
  ipFamilies?: unknown;
  ipFamilyPolicy?: unknown;
  selector?: Record<string, string>;
}

export type FamilyPlan =
  | { kind: "externalName" }
  | {
      kind: "headless" | "allocate";
      ipFamilyPolicy: IpFamilyPolicy;
      ipFamilies: IpFamily[];
      /** per family, in `ipFamilies` order: the requested address, or undefined to pick one (empty for headless) */
      toAllocate: { family: IpFamily; requested?: string }[];
    };

export type FamilyResult = { ok: true; plan: FamilyPlan } | { ok: false; problems: FamilyProblem[] };

export function familyOf(ip: string): IpFamily {
  return ip.includes(":") ? "IPv6" : "IPv4";
}

const other = (f: IpFamily): IpFamily => (f === "IPv4" ? "IPv6" : "IPv4");

/**
 * Stand-alone checks of `ipFamilies`, `ipFamilyPolicy` and `clusterIPs` (no cluster needed), as the API server's
 * validation runs them on every Service: supported values, no duplicate family, at most two `clusterIPs`, 'None'
 * only alone and first, one address per family, each address of the family at its index, and nothing of it on an
 * ExternalName Service.
 */
export function validateFamilyFields(spec: FamilySpec): FamilyProblem[] {
  const problems: FamilyProblem[] = [];
  const families = spec.ipFamilies;
  if (spec.type === "ExternalName") {
    if (Array.isArray(families) ? families.length > 0 : families !== undefined && families !== null)
      problems.push({ path: "spec.ipFamilies", message: "Forbidden: may not be set for ExternalName services" });
    if (spec.ipFamilyPolicy !== undefined && spec.ipFamilyPolicy !== null)
      problems.push({ path: "spec.ipFamilyPolicy", message: "Forbidden: may not be set for ExternalName services" });
    return problems;
  }
  if (families !== undefined && families !== null && !Array.isArray(families)) {
    problems.push({ path: "spec.ipFamilies", message: "must be a list of IP families" });
  } else if (Array.isArray(families)) {
    const seen = new Set<unknown>();
    families.forEach((f, i) => {
      if (!IP_FAMILIES.includes(f as IpFamily)) problems.push({ path: `spec.ipFamilies[${i}]`, message: `Unsupported value: ${JSON.stringify(f)}: supported values: "IPv4", "IPv6"` });
      else if (seen.has(f)) problems.push({ path: `spec.ipFamilies[${i}]`, message: `Duplicate value: ${JSON.stringify(f)}` });
      seen.add(f);
    });
    if (families.length > 2) problems.push({ path: "spec.ipFamilies", message: "may only hold up to 2 values" });
  }
  const policy = spec.ipFamilyPolicy;
  if (policy !== undefined && policy !== null && !IP_FAMILY_POLICIES.includes(policy as IpFamilyPolicy)) {
    problems.push({ path: "spec.ipFamilyPolicy", message: `Unsupported value: ${JSON.stringify(policy)}: supported values: "PreferDualStack", "RequireDualStack", "SingleStack"` });
  }
  const ips = Array.isArray(spec.clusterIPs) ? spec.clusterIPs : [];
  let badIps = false;
  ips.forEach((ip, i) => {
    if (i === 0 && ip === "None") {
      if (ips.length > 1) {
        badIps = true;
        problems.push({ path: "spec.clusterIPs", message: "'None' must be the first and only value" });
      }
      return;
    }
    if (!isIpAddress(ip)) {
      badIps = true;
      problems.push({ path: `spec.clusterIPs[${i}]`, message: `Invalid value: ${JSON.stringify(ip)}: must be a valid IP address` });
    }
  });
  if (ips.length > 2) problems.push({ path: "spec.clusterIPs", message: "may only hold up to 2 values" });
  if (badIps) return problems;
  if (ips.length === 2 && familyOf(ips[0]) === familyOf(ips[1])) problems.push({ path: "spec.clusterIPs", message: "may specify no more than one IP for each IP family" });
  if (spec.clusterIP !== "None" && Array.isArray(families)) {
    ips.forEach((ip, i) => {
      const f = families[i];
      if (f === "IPv4" && familyOf(ip) === "IPv6") problems.push({ path: `spec.clusterIPs[${i}]`, message: `Invalid value: "${ip}": expected an IPv4 value as indicated by \`ipFamilies[${i}]\`` });
      if (f === "IPv6" && familyOf(ip) === "IPv4") problems.push({ path: `spec.clusterIPs[${i}]`, message: `Invalid value: "${ip}": expected an IPv6 value as indicated by \`ipFamilies[${i}]\`` });
    });
  }
  return problems;
}

/**
 * Decides policy, families and the addresses to allocate for one Service on a cluster whose service ranges are
 * `clusterFamilies` (first = the primary range, the default family). `previous` is the stored Service on an update:
 * its policy is adopted when the new spec has none, and its addresses are kept (the caller passes them as
 * `clusterIPs` when the user did not).
 */
export function planServiceFamilies(spec: FamilySpec, clusterFamilies: readonly IpFamily[], previous?: FamilySpec): FamilyResult {
  if (spec.type === "ExternalName") {
    const problems = validateFamilyFields(spec);
    return problems.length ? { ok: false, problems } : { ok: true, plan: { kind: "externalName" } };
  }
  const problems = validateFamilyFields(spec);
  if (problems.length) return { ok: false, problems };
  const headlessSelectorless = spec.clusterIP === "None" && Object.keys(spec.selector ?? {}).length === 0;
  const prevPolicy = previous && previous.type !== "ExternalName" ? (previous.ipFamilyPolicy as IpFamilyPolicy | undefined) : undefined;
  const policy: IpFamilyPolicy = (spec.ipFamilyPolicy as IpFamilyPolicy | undefined) ?? prevPolicy ?? (headlessSelectorless ? "RequireDualStack" : "SingleStack");
  const families: IpFamily[] = Array.isArray(spec.ipFamilies) ? [...(spec.ipFamilies as IpFamily[])] : [];
  const ips = (spec.clusterIPs ?? []).filter((ip) => ip !== "");

  if (policy === "SingleStack") {
    if (ips.length === 2) problems.push({ path: "spec.ipFamilyPolicy", message: "Invalid value: \"SingleStack\": must be 'RequireDualStack' or 'PreferDualStack' when multiple cluster IPs are specified" });
    if (families.length === 2) problems.push({ path: "spec.ipFamilyPolicy", message: "Invalid value: \"SingleStack\": must be 'RequireDualStack' or 'PreferDualStack' when multiple IP families are specified" });
  }
  // infer families from given clusterIPs
  for (let i = 0; i < ips.length; i++) {
    if (ips[i] === "None") break;
    const fam = familyOf(ips[i]);
    if (i >= families.length) {
      if (!clusterFamilies.includes(fam)) problems.push({ path: `spec.clusterIPs[${i}]`, message: `Invalid value: "${ips[i]}": ${fam} is not configured on this cluster` });
      else families.push(fam);
    }
  }
  if (problems.length) return { ok: false, problems };

  if (headlessSelectorless) {
    if (families.length === 0) families.push(clusterFamilies[0]);
    if (families.length < 2 && policy !== "SingleStack") families.push(other(families[0]));
    return { ok: true, plan: { kind: "headless", ipFamilyPolicy: policy, ipFamilies: families, toAllocate: [] } };
  }

  if (policy === "RequireDualStack" && clusterFamilies.length < 2) {
    problems.push({ path: "spec.ipFamilyPolicy", message: "Invalid value: \"RequireDualStack\": this cluster is not configured for dual-stack services" });
  }
  families.forEach((f, i) => {
    if (!clusterFamilies.includes(f)) problems.push({ path: `spec.ipFamilies[${i}]`, message: `Invalid value: "${f}": not configured on this cluster` });
  });
  if (problems.length) return { ok: false, problems };
  if (families.length === 0) families.push(clusterFamilies[0]);
  if (policy !== "SingleStack" && families.length === 1 && clusterFamilies.length === 2) families.push(other(families[0]));

  if (spec.clusterIP === "None") return { ok: true, plan: { kind: "headless", ipFamilyPolicy: policy, ipFamilies: families, toAllocate: [] } };
  const toAllocate = families.map((family, i) => (ips[i] ? { family, requested: ips[i] } : { family }));
  return { ok: true, plan: { kind: "allocate", ipFamilyPolicy: policy, ipFamilies: families, toAllocate } };
}
