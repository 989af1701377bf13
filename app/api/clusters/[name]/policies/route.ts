import { route } from "@/lib/api/handler";
import { db } from "@/lib/db/client";
import { clusterSnapshot } from "@/lib/db/snapshot";
import { policySummary, posture } from "@/lib/policy/posture";
import { calicoPolicyListing } from "@/lib/policy/calico/listing";

export const dynamic = "force-dynamic";

/**
 * Policies with the pods they select and the peers each rule admits, plus the posture panel's findings, and Calico's
 * own policies by tier (`calico`, empty without projectcalico.org/v3 policies).
 */
export const GET = route(async ({ params }) => {
  const { snapshot } = await clusterSnapshot(db(), params.name);
  return { plugin: snapshot.primaryNetworkPlugin, enforced: snapshot.primaryNetworkPlugin !== "flannel", policies: policySummary(snapshot), posture: posture(snapshot), calico: calicoPolicyListing(snapshot) };
});
