/**
 * Validation of an AksHci virtual network (`New-AksHciClusterNetwork` / `New-AksHciNetworkSetting`, fact sheet §1).
 * Both cmdlets take the same parameters; `managementCluster: true` marks the AKS host's network.
 */
import {
  cidrContains,
  formatCidr,
  formatIPv4,
  parseCidr,
  parseIPv4,
  rangesOverlap,
  type AddressRange,
  type Cidr,
} from "./address";
import { childPath, describeValue, isAbsent, isRecord, ProblemList, type Validation } from "./fields";

export type { FieldProblem, Validation } from "./fields";
export type { AddressRange } from "./address";

/** Pod CIDR of every AksHci workload cluster; not configurable (fact sheet §4, [SUPPORT], [ISSUE aksArc-225]). */
export const DEFAULT_POD_CIDR = "10.244.0.0/16";
/** Service CIDR of every AksHci workload cluster (fact sheet §4; the /16 in [SUPPORT] is inconsistent, /12 used). */
export const DEFAULT_SERVICE_CIDR = "10.96.0.0/12";

/** The parameters of `New-AksHciClusterNetwork`, spelled as the cmdlet spells them. */
export interface AksHciClusterNetworkInput {
  name: string;
  vswitchName: string;
  ipAddressPrefix?: string;
  gateway?: string;
  dnsServers?: string[];
  vipPoolStart: string;
  vipPoolEnd: string;
  k8sNodeIpPoolStart?: string;
  k8sNodeIpPoolEnd?: string;
  vlanID?: number;
  /** true for the AKS host's network (`New-AksHciNetworkSetting`) */
  managementCluster?: boolean;
}

/**
 * A validated network. `static`: ipAddressPrefix, gateway, dnsServers and the k8s node IP pool are all set; `dhcp`:
 * none of them is (node VMs get DHCP addresses, only the VIP pool is static) — fact sheet §1.3.
 */
export type AksHciClusterNetwork = AksHciClusterNetworkInput & { ipAssignment: "static" | "dhcp" };

/** The parameters that exist only in the static parameter set (fact sheet §1.2, §1.6 rule 1). */
export const STATIC_ONLY_PARAMETERS = [
  "ipAddressPrefix",
  "gateway",
  "dnsServers",
  "k8sNodeIpPoolStart",
  "k8sNodeIpPoolEnd",
] as const;

/** The parameters of New-AksHciClusterNetwork / New-AksHciNetworkSetting hcinet models; anything else is refused. */
export const NETWORK_PARAMETERS = [
  "name", "vswitchName", "ipAddressPrefix", "gateway", "dnsServers", "vipPoolStart", "vipPoolEnd", "k8sNodeIpPoolStart", "k8sNodeIpPoolEnd",
  "vlanID", "managementCluster",
] as const;

/** Why `cloudServiceCidr` is refused rather than silently ignored (fact sheet §1.4, [NODE-NET], [SCFG]). */
export const CLOUD_SERVICE_CIDR_REASON =
  "cloudServiceCidr is not modelled: it is a parameter of Set-AksHciConfig (the MOC cloud agent's address, in the subnet of the physical " +
  "HCI nodes — required when they have static IPs), not of New-AksHciClusterNetwork / New-AksHciNetworkSetting; set it with " +
  "Set-AksHciConfig -cloudServiceCidr";

/** Network names: lowercase letters and digits ([NNS] "lowercase letters and digits only"). */
const NETWORK_NAME = /^[a-z0-9]+$/;
/** UNCONFIRMED: the docs give no length limit; 63 (a DNS label) is our assumption. */
const NETWORK_NAME_MAX = 63;
/** UNCONFIRMED: the valid VLAN range is not documented; 802.1Q's 1–4094 assumed (fact sheet §1.2). */
const VLAN_MIN = 1;
const VLAN_MAX = 4094;
const DNS_SERVERS_MAX = 3;

interface ParsedAddress {
  text: string;
  value: number;
}

interface PoolCheck {
  label: string;
  startField: "vipPoolStart" | "k8sNodeIpPoolStart";
  endField: "vipPoolEnd" | "k8sNodeIpPoolEnd";
  start: ParsedAddress;
  end: ParsedAddress;
}

const podCidr = parseCidr(DEFAULT_POD_CIDR)!;
const serviceCidr = parseCidr(DEFAULT_SERVICE_CIDR)!;

function readAddress(problems: ProblemList, rec: Record<string, unknown>, key: string, required: boolean): ParsedAddress | undefined {
  const text = problems.string(rec, key, "", { required });
  return text === undefined ? undefined : parseAddressAt(problems, text, key);
}

function parseAddressAt(problems: ProblemList, text: string, path: string): ParsedAddress | undefined {
  const value = parseIPv4(text);
  if (value === null) {
    problems.add(path, `"${text}" is not a valid IPv4 address (expected a dotted quad such as 172.16.0.1)`, "address.invalid", { value: text });
    return undefined;
  }
  return { text, value };
}

function rangeText(start: number, end: number): string {
  return `${formatIPv4(start)}–${formatIPv4(end)}`;
}

/**
 * Validates `New-AksHciClusterNetwork` parameters and returns the normalized network, or every problem found, each
 * with its field path and a message. Never throws, whatever `input` is.
 *
 * Rules (fact sheet §1.2–1.6): static vs DHCP parameter sets (rule 1), 1–3 DNS servers (2), pools inside
 * `ipAddressPrefix` (3, 4), start ≤ end (11), VIP and node pools disjoint (12), gateway inside the prefix and outside
 * both pools, DNS servers and the network/broadcast address outside both pools (13), pools outside the pod and
 * service CIDRs (15), network name `^[a-z0-9]+$` (7). Rules 11–15 are best practice [DERIVED], not documented
 * AksHci behaviour.
 */
export function validateClusterNetwork(input: unknown): Validation<AksHciClusterNetwork> {
  if (!isRecord(input)) {
    return {
      ok: false,
      problems: [
        {
          path: "",
          message: `must be an object with the New-AksHciClusterNetwork parameters, got ${describeValue(input)}`,
          code: "network.notObject",
          vars: { got: describeValue(input) },
        },
      ],
    };
  }
  const problems = new ProblemList();
  problems.unknownKeys(input, NETWORK_PARAMETERS, "", "New-AksHciClusterNetwork", { cloudServiceCidr: { message: CLOUD_SERVICE_CIDR_REASON, code: "network.cloudServiceCidr" } });

  const name = problems.string(input, "name", "", { required: true });
  if (name !== undefined) {
    if (name.length > NETWORK_NAME_MAX) {
      problems.add("name", `must be at most ${NETWORK_NAME_MAX} characters, got ${name.length}`, "network.nameTooLong", { max: NETWORK_NAME_MAX, length: name.length });
    } else if (!NETWORK_NAME.test(name)) {
      problems.add("name", `"${name}" is not allowed: AksHci network names may contain only lowercase letters and digits (e.g. "demonet")`, "network.nameChars", { name });
    }
  }
  const vswitchName = problems.string(input, "vswitchName", "", { required: true });
  if (vswitchName !== undefined && vswitchName.trim() === "") {
    problems.add("vswitchName", "must name an existing external Hyper-V switch (Get-VMSwitch), got only whitespace", "network.vswitchBlank");
  }
  problems.freeText("vswitchName", vswitchName);

  // §1.6 rule 1: all static-only parameters or none of them. An empty dnsServers list counts as not given.
  const given = STATIC_ONLY_PARAMETERS.filter((f) => !isAbsent(input[f]) && !(Array.isArray(input[f]) && input[f].length === 0));
  const ipAssignment = given.length === 0 ? "dhcp" : "static";
  if (given.length > 0 && given.length < STATIC_ONLY_PARAMETERS.length) {
    const verb = given.length === 1 ? "is" : "are";
    const reason = `${given.join(", ")} ${verb} set`;
    for (const f of STATIC_ONLY_PARAMETERS) {
      if (!given.includes(f)) {
        problems.add(
          f,
          `is required for static IP assignment because ${reason}; for DHCP leave out all of ${STATIC_ONLY_PARAMETERS.join(", ")}`,
          "network.staticIncomplete",
          { given: given.join(", "), verb, fields: STATIC_ONLY_PARAMETERS.join(", ") },
        );
      }
    }
  }

  const prefixText = problems.string(input, "ipAddressPrefix", "");
  let prefix: Cidr | undefined;
  if (prefixText !== undefined) {
    const parsed = parseCidr(prefixText);
    if (!parsed) {
      problems.add("ipAddressPrefix", `"${prefixText}" is not a valid IPv4 CIDR (expected e.g. 172.16.0.0/16)`, "network.prefixInvalid", { value: prefixText });
    } else if (parsed.base !== parsed.network) {
      problems.add(
        "ipAddressPrefix",
        `"${prefixText}" has host bits set; the network address of this prefix is ${formatCidr(parsed.network, parsed.prefixLength)}`,
        "network.prefixHostBits",
        { value: prefixText, network: formatCidr(parsed.network, parsed.prefixLength) },
      );
    } else {
      prefix = parsed;
      for (const o of kubernetesCidrOverlaps(parsed.network, parsed.broadcast, { prefix: prefixText })) problems.add("ipAddressPrefix", o.message, o.code, o.vars);
    }
  }

  const gateway = readAddress(problems, input, "gateway", false);
  const dnsServers = readDnsServers(problems, input.dnsServers);
  const vipStart = readAddress(problems, input, "vipPoolStart", true);
  const vipEnd = readAddress(problems, input, "vipPoolEnd", true);
  const nodeStart = readAddress(problems, input, "k8sNodeIpPoolStart", false);
  const nodeEnd = readAddress(problems, input, "k8sNodeIpPoolEnd", false);
  // UNCONFIRMED range (see VLAN_MIN/VLAN_MAX).
  const vlanID = problems.integer(input, "vlanID", "", {
    min: VLAN_MIN,
    max: VLAN_MAX,
    hint: "802.1Q VLAN ID; leave it out for an untagged network",
  });
  const managementCluster = problems.boolean(input, "managementCluster", "");

  // Placement checks need a pool whose bounds parsed and are in order.
  const orderedPool = (pool: PoolCheck): PoolCheck | undefined => {
    if (pool.start.value <= pool.end.value) return pool;
    problems.add(pool.endField, `${pool.end.text} is lower than ${pool.startField} ${pool.start.text}; a pool runs from its start up to its end`, "pool.reversed", {
      end: pool.end.text,
      startField: pool.startField,
      start: pool.start.text,
    });
    return undefined;
  };
  const vipPool =
    vipStart && vipEnd ? orderedPool({ label: "VIP pool", startField: "vipPoolStart", endField: "vipPoolEnd", start: vipStart, end: vipEnd }) : undefined;
  const nodePool =
    nodeStart && nodeEnd
      ? orderedPool({ label: "k8s node IP pool", startField: "k8sNodeIpPoolStart", endField: "k8sNodeIpPoolEnd", start: nodeStart, end: nodeEnd })
      : undefined;

  for (const pool of [vipPool, nodePool]) {
    if (!pool) continue;
    checkPoolPlacement(problems, pool, prefix, prefixText);
    if (gateway && pool.start.value <= gateway.value && gateway.value <= pool.end.value) {
      problems.add("gateway", `${gateway.text} lies inside the ${pool.label} ${pool.start.text}–${pool.end.text}; the gateway must be outside both pools`, "gateway.inPool", {
        gateway: gateway.text,
        pool: pool.label,
        start: pool.start.text,
        end: pool.end.text,
      });
    }
    dnsServers.forEach((dns, i) => {
      if (dns && pool.start.value <= dns.value && dns.value <= pool.end.value) {
        problems.add(`dnsServers[${i}]`, `${dns.text} lies inside the ${pool.label} ${pool.start.text}–${pool.end.text}; DNS servers must be outside both pools`, "dns.inPool", {
          dns: dns.text,
          pool: pool.label,
          start: pool.start.text,
          end: pool.end.text,
        });
      }
    });
  }
  if (vipPool && nodePool && rangesOverlap(vipPool.start.value, vipPool.end.value, nodePool.start.value, nodePool.end.value)) {
    problems.add(
      "vipPoolStart",
      `the VIP pool ${vipPool.start.text}–${vipPool.end.text} overlaps the k8s node IP pool ${nodePool.start.text}–${nodePool.end.text}; the two pools must not share addresses`,
      "pools.overlap",
      { vipStart: vipPool.start.text, vipEnd: vipPool.end.text, nodeStart: nodePool.start.text, nodeEnd: nodePool.end.text },
    );
  }
  if (gateway && prefix) {
    if (!cidrContains(prefix, gateway.value)) {
      problems.add("gateway", `${gateway.text} is outside ipAddressPrefix ${prefixText}; the gateway must be inside the subnet`, "gateway.outsidePrefix", {
        gateway: gateway.text,
        prefix: prefixText!,
      });
    } else if (prefix.prefixLength < 31 && (gateway.value === prefix.network || gateway.value === prefix.broadcast)) {
      const which = gateway.value === prefix.network ? "network" : "broadcast";
      problems.add("gateway", `${gateway.text} is the ${which} address of ${prefixText} and cannot be a gateway`, "gateway.reserved", {
        gateway: gateway.text,
        which,
        prefix: prefixText!,
      });
    }
  }

  if (!problems.empty) return { ok: false, problems: problems.items };

  const value: AksHciClusterNetwork = {
    name: name!,
    vswitchName: vswitchName!,
    ipAssignment,
    vipPoolStart: vipStart!.text,
    vipPoolEnd: vipEnd!.text,
    managementCluster: managementCluster ?? false,
  };
  if (ipAssignment === "static") {
    value.ipAddressPrefix = prefixText;
    value.gateway = gateway!.text;
    value.dnsServers = dnsServers.map((d) => d!.text);
    value.k8sNodeIpPoolStart = nodeStart!.text;
    value.k8sNodeIpPoolEnd = nodeEnd!.text;
  }
  if (vlanID !== undefined) value.vlanID = vlanID;
  return { ok: true, value };
}

/** dnsServers: a list of 1–3 IPv4 addresses (§1.6 rule 2). Entries that failed to parse are `undefined`. */
function readDnsServers(problems: ProblemList, v: unknown): (ParsedAddress | undefined)[] {
  if (v === undefined || v === null || (Array.isArray(v) && v.length === 0)) return [];
  if (!Array.isArray(v)) {
    problems.add("dnsServers", `must be a list of 1 to ${DNS_SERVERS_MAX} IPv4 addresses, got ${describeValue(v)}`, "dns.notList", { max: DNS_SERVERS_MAX, got: describeValue(v) });
    return [];
  }
  if (v.length > DNS_SERVERS_MAX) {
    problems.add("dnsServers", `must list 1 to ${DNS_SERVERS_MAX} DNS servers, got ${v.length}`, "dns.tooMany", { max: DNS_SERVERS_MAX, count: v.length });
  }
  return v.map((entry, i) => {
    const path = childPath("dnsServers", i);
    if (typeof entry !== "string") {
      problems.add(path, `must be an IPv4 address string, got ${describeValue(entry)}`, "dns.notString", { got: describeValue(entry) });
      return undefined;
    }
    return parseAddressAt(problems, entry, path);
  });
}

/** A pool must sit inside the prefix, avoid its network/broadcast address, and stay clear of the pod/service CIDRs. */
function checkPoolPlacement(problems: ProblemList, pool: PoolCheck, prefix: Cidr | undefined, prefixText: string | undefined): void {
  const { start, end } = pool;
  if (prefix) {
    const startInside = cidrContains(prefix, start.value);
    const endInside = cidrContains(prefix, end.value);
    const outside = (field: string, a: ParsedAddress) =>
      problems.add(field, `${a.text} is outside ipAddressPrefix ${prefixText}; the ${pool.label} must be inside the subnet`, "pool.outsidePrefix", {
        address: a.text,
        prefix: prefixText!,
        pool: pool.label,
      });
    if (!startInside) outside(pool.startField, start);
    if (!endInside) outside(pool.endField, end);
    if (startInside && endInside && prefix.prefixLength < 31) {
      if (start.value === prefix.network) {
        problems.add(pool.startField, `${start.text} is the network address of ${prefixText} and cannot be assigned; start the ${pool.label} at the next address`, "pool.startsAtNetwork", {
          address: start.text,
          prefix: prefixText!,
          pool: pool.label,
        });
      }
      if (end.value === prefix.broadcast) {
        problems.add(pool.endField, `${end.text} is the broadcast address of ${prefixText} and cannot be assigned; end the ${pool.label} one address lower`, "pool.endsAtBroadcast", {
          address: end.text,
          prefix: prefixText!,
          pool: pool.label,
        });
      }
    }
  }
  for (const o of kubernetesCidrOverlaps(start.value, end.value, { pool: pool.label, range: rangeText(start.value, end.value) })) problems.add(pool.startField, o.message, o.code, o.vars);
}

/**
 * The pod CIDR 10.244.0.0/16 and service CIDR 10.96.0.0/12 are fixed in every AksHci cluster (fact sheet §4, §1.6
 * rule 15): a subnet or pool that overlaps them is refused. One message for the network validator and the planner.
 */
export type CidrOverlapSubject = { pool: string; range: string } | { prefix: string };
export interface CidrOverlap {
  message: string;
  code: "pool.overlapsCidr" | "prefix.overlapsCidr";
  vars: Record<string, string>;
}
export function kubernetesCidrOverlaps(start: number, end: number, subject: CidrOverlapSubject): CidrOverlap[] {
  const out: CidrOverlap[] = [];
  const what = "pool" in subject ? `${subject.pool} ${subject.range}` : `ipAddressPrefix ${subject.prefix}`;
  for (const [cidr, text, label] of [
    [podCidr, DEFAULT_POD_CIDR, "pod CIDR"],
    [serviceCidr, DEFAULT_SERVICE_CIDR, "service CIDR"],
  ] as const) {
    if (rangesOverlap(start, end, cidr.network, cidr.broadcast)) {
      out.push({
        message: `the ${what} overlaps the ${label} ${text}, which every AksHci cluster uses internally and which cannot be changed`,
        code: "pool" in subject ? "pool.overlapsCidr" : "prefix.overlapsCidr",
        vars: { ...subject, what: label, cidr: text },
      });
    }
  }
  return out;
}

/** Numeric view of a validated network's pools. */
export interface NetworkPoolBounds {
  ipAssignment: "static" | "dhcp";
  /** the subnet (static networks only) */
  prefix: Cidr | null;
  gateway: number | null;
  vipPool: AddressRange;
  /** null for DHCP networks: node VMs get their addresses from the DHCP server */
  k8sNodeIpPool: AddressRange | null;
}

/**
 * Numeric bounds of both pools of a network that passed {@link validateClusterNetwork}. Throws on an address that
 * does not parse, which only happens when the network was not validated first.
 */
export function poolBounds(net: AksHciClusterNetwork): NetworkPoolBounds {
  const num = (field: keyof AksHciClusterNetworkInput, text: string): number => {
    const n = parseIPv4(text);
    if (n === null) throw new Error(`network "${net.name}": ${field} "${text}" is not an IPv4 address; validate the network first`);
    return n;
  };
  let prefix: Cidr | null = null;
  if (net.ipAddressPrefix) {
    prefix = parseCidr(net.ipAddressPrefix);
    if (!prefix) throw new Error(`network "${net.name}": ipAddressPrefix "${net.ipAddressPrefix}" is not a CIDR; validate the network first`);
  }
  return {
    ipAssignment: net.ipAssignment,
    prefix,
    gateway: net.gateway ? num("gateway", net.gateway) : null,
    vipPool: { start: num("vipPoolStart", net.vipPoolStart), end: num("vipPoolEnd", net.vipPoolEnd) },
    k8sNodeIpPool:
      net.k8sNodeIpPoolStart && net.k8sNodeIpPoolEnd
        ? { start: num("k8sNodeIpPoolStart", net.k8sNodeIpPoolStart), end: num("k8sNodeIpPoolEnd", net.k8sNodeIpPoolEnd) }
        : null,
  };
}
