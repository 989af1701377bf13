import { route } from "@/lib/api/handler";
import { db } from "@/lib/db/client";
import { networkConflicts } from "@/lib/db/snapshot";

export const dynamic = "force-dynamic";

/** VIP/port overlaps across the clusters of this network, each with the documented workarounds. */
export const GET = route(async ({ params }) => networkConflicts(db(), params.name));
