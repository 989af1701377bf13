/** Shared input handling of the reachability routes: ports from the query, explanation lookups with clear 4xx. */
import { badRequest, notFound, unprocessable } from "../errors";
import type { ClusterSnapshot } from "../kube/types";
import { CalicoPodLimitError, explainWithCalico, parsePorts, type CalicoAwareExplanation } from "../policy/api";
import type { PortSpec } from "../policy/ports";

export function portsFromQuery(url: URL, param = "port"): PortSpec[] {
  const values = url.searchParams.getAll(param).flatMap((v) => v.split(",")).filter(Boolean);
  try {
    return parsePorts(values);
  } catch (e) {
    throw badRequest((e as Error).message, [{ path: param, message: (e as Error).message }]);
  }
}

export function explainConnection(snapshot: ClusterSnapshot, url: URL): CalicoAwareExplanation {
  const from = url.searchParams.get("from") ?? "";
  const to = url.searchParams.get("to") ?? "";
  const missing = [!from && "from", !to && "to"].filter(Boolean) as string[];
  if (missing.length) throw badRequest("from and to are required (namespace/pod)", missing.map((m) => ({ path: m, message: "required: namespace/pod" })));
  const [port] = portsFromQuery(url);
  const pods = new Set(snapshot.pods.map((p) => `${p.metadata.namespace ?? "default"}/${p.metadata.name}`));
  for (const [k, v] of [["from", from], ["to", to]] as const) if (!pods.has(v)) throw notFound("pod", v);
  return withCalicoLimit(() => explainWithCalico(snapshot, from, to, port));
}

/** Runs an analysis, turning the Calico-policy pod limit into a 422 naming it. */
export function withCalicoLimit<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof CalicoPodLimitError) throw unprocessable(e.message, [{ path: "pods", message: e.message }]);
    throw e;
  }
}
