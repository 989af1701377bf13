import { route } from "@/lib/api/handler";
import { compareOrLimit, optionalPorts } from "@/lib/api/compare";
import { db } from "@/lib/db/client";
import { clusterSnapshot } from "@/lib/db/snapshot";

export const dynamic = "force-dynamic";

/** Flannel vs Calico on the cluster's own objects. `?port=80/TCP` (repeatable; default: every declared container port). */
export const GET = route(async ({ params, url, signal }) => {
  const ports = optionalPorts(url);
  const { snapshot } = await clusterSnapshot(db(), params.name);
  return compareOrLimit(snapshot, ports, signal);
});
