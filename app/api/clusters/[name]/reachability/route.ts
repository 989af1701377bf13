import { route } from "@/lib/api/handler";
import { portsFromQuery } from "@/lib/api/reachability";
import { db } from "@/lib/db/client";
import { clusterSnapshot } from "@/lib/db/snapshot";
import { reachabilityCompact, reachabilityJson } from "@/lib/policy/api";

export const dynamic = "force-dynamic";

/** ?port=80/TCP (repeatable). `format=bits` gives base64 bitset rows for large clusters (the heatmap). */
export const GET = route(async ({ params, url }) => {
  const ports = portsFromQuery(url);
  const { snapshot } = await clusterSnapshot(db(), params.name);
  return url.searchParams.get("format") === "bits" ? reachabilityCompact(snapshot, ports) : reachabilityJson(snapshot, ports);
});
