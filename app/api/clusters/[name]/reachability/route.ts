import { route } from "@/lib/api/handler";
import { badRequest } from "@/lib/errors";
import type { ClusterSnapshot } from "@/lib/kube/types";
import { portsFromQuery, withCalicoLimit } from "@/lib/api/reachability";
import { db } from "@/lib/db/client";
import { clusterSnapshot } from "@/lib/db/snapshot";
import { reachabilityCompact, reachabilityJson } from "@/lib/policy/api";

export const dynamic = "force-dynamic";

/**
 * ?port=80/TCP (repeatable). `format=bits` gives base64 bitset rows for large clusters (the heatmap).
 * `plugin=calico|flannel` asks "what if": the same objects judged as that plugin would (e.g. what Calico would enforce
 * on a Flannel cluster).
 */
export const GET = route(async ({ params, url }) => {
  const ports = portsFromQuery(url);
  const { snapshot: stored } = await clusterSnapshot(db(), params.name);
  const plugin = url.searchParams.get("plugin");
  if (plugin !== null && plugin !== "calico" && plugin !== "flannel") throw badRequest("plugin must be calico or flannel", [{ path: "plugin", message: "must be calico or flannel" }]);
  const snapshot: ClusterSnapshot = plugin === "calico" || plugin === "flannel" ? { ...stored, primaryNetworkPlugin: plugin } : stored;
  return withCalicoLimit(() => (url.searchParams.get("format") === "bits" ? reachabilityCompact(snapshot, ports) : reachabilityJson(snapshot, ports)));
});
