/**
 * Catalog look-ups for values that arrive as codes or as the API's English (issue 14's review): stored codes such as an
 * allocation's owner kind or an audit action, and the codes of the cluster assumptions `lib/cluster/bootstrap.ts` states
 * in English in the API output. The UI shows them through the catalogs; an unknown code is shown as it came.
 */
import type { ClusterAssumption } from "../cluster/bootstrap";
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

/** A cluster assumption (`lib/cluster/bootstrap.ts` clusterAssumptionList) → its catalog message, null for an unknown code. */
export function assumptionMessage(a: Pick<ClusterAssumption, "code" | "vars">): CatalogMessage | null {
  const key = codeKey("assumption", a.code);
  return key ? { key, ...(a.vars ? { vars: a.vars } : {}) } : null;
}
