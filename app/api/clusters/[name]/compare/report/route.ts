import { route } from "@/lib/api/handler";
import { compareOrLimit, langFromQuery, markdownResponse, optionalPorts } from "@/lib/api/compare";
import { db } from "@/lib/db/client";
import { clusterSnapshot } from "@/lib/db/snapshot";

export const dynamic = "force-dynamic";

/** The review report as a Markdown download. `?lang=en|ja`, `?port=` as on the compare route. */
export const GET = route(async ({ params, url, signal }) => {
  const ports = optionalPorts(url);
  const { snapshot } = await clusterSnapshot(db(), params.name);
  return markdownResponse(await compareOrLimit(snapshot, ports, signal), langFromQuery(url));
});
