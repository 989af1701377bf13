/**
 * Catalog look-ups for values that arrive as codes or as the API's English (issue 14's review): stored codes such as an
 * allocation's owner kind or an audit action, and the cluster assumptions `lib/cluster/bootstrap.ts` states in English
 * in the API output. The UI shows them through the catalogs; an unknown code or text is shown as it came.
 */
import { catalogs, type MessageKey } from "./messages";

export function isMessageKey(key: string): key is MessageKey {
  return Object.prototype.hasOwnProperty.call(catalogs.en, key);
}

/** The catalog key `${prefix}.${code}` when the catalog has it ("alloc.role" + "upgrade-spare"), else null. */
export function codeKey(prefix: string, code: string): MessageKey | null {
  const key = `${prefix}.${code}`;
  return isMessageKey(key) ? key : null;
}

export interface CatalogMessage {
  key: MessageKey;
  vars?: Record<string, string | number>;
}

/** One English assumption of `clusterAssumptions` (with or without its "UNCONFIRMED: " tag) → its catalog message. */
const ASSUMPTIONS: { re: RegExp; key: MessageKey; vars?: (m: RegExpMatchArray) => Record<string, string | number> }[] = [
  { re: /^controlPlaneNodeCount is limited to 1, 3 or 5 /, key: "assumption.controlPlaneCounts" },
  { re: /^cluster DNS (\S+) and domain (\S+) are kubeadm defaults/, key: "assumption.clusterDns", vars: (m) => ({ ip: m[1], domain: m[2] }) },
  { re: /^Service CIDR 10\.96\.0\.0\/12 as most sources say/, key: "assumption.serviceCidr" },
  { re: /^Upgrade spares: 5 node IPs per workload cluster/, key: "assumption.upgradeSpares" },
  { re: /^Calico IPAM blocks of \/26 /, key: "assumption.calicoBlocks" },
  { re: /^each of the (\d+) HAProxy VMs takes one node-pool address/, key: "assumption.haproxyNodeIps", vars: (m) => ({ count: Number(m[1]) }) },
];

export function assumptionMessage(text: string): CatalogMessage | null {
  const plain = text.replace(/^UNCONFIRMED:\s*/, "");
  for (const a of ASSUMPTIONS) {
    const m = plain.match(a.re);
    if (m) return { key: a.key, vars: a.vars?.(m) };
  }
  return null;
}
