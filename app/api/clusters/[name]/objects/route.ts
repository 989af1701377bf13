import { route } from "@/lib/api/handler";
import { db } from "@/lib/db/client";
import { clusterSnapshot } from "@/lib/db/snapshot";

export const dynamic = "force-dynamic";

/** Stored objects as JSON; ?kind=Service filters by kind. */
export const GET = route(async ({ params, url }) => {
  const { objects } = await clusterSnapshot(db(), params.name);
  const kind = url.searchParams.get("kind");
  return kind ? objects.filter((o) => o.kind === kind) : objects;
});
