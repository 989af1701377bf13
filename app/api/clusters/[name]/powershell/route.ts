import { route } from "@/lib/api/handler";
import { db } from "@/lib/db/client";
import { clusterPowerShell } from "@/lib/db/clusters";

export const dynamic = "force-dynamic";

export const GET = route(async ({ params }) => {
  const script = await clusterPowerShell(db(), params.name);
  return new Response(script, {
    headers: { "content-type": "text/plain; charset=utf-8", "content-disposition": `inline; filename="${params.name}.ps1"` },
  });
});
