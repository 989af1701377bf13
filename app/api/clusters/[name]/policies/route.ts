import { route } from "@/lib/api/handler";
import { db } from "@/lib/db/client";
import { clusterSnapshot } from "@/lib/db/snapshot";
import { policySummary, posture } from "@/lib/policy/posture";

export const dynamic = "force-dynamic";

/** Policies with the pods they select and the peers each rule admits, plus the posture panel's findings. */
export const GET = route(async ({ params }) => {
  const { snapshot } = await clusterSnapshot(db(), params.name);
  return { plugin: snapshot.primaryNetworkPlugin, enforced: snapshot.primaryNetworkPlugin !== "flannel", policies: policySummary(snapshot), posture: posture(snapshot) };
});
