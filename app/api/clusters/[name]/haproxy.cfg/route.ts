import { route } from "@/lib/api/handler";
import { db } from "@/lib/db/client";
import { clusterHaproxy } from "@/lib/db/snapshot";
import { renderHaproxyCfg } from "@/lib/haproxy/render";

export const dynamic = "force-dynamic";

/** The model rendered as an haproxy.cfg a support engineer would recognize. */
export const GET = route(async ({ params }) => {
  const cfg = renderHaproxyCfg(await clusterHaproxy(db(), params.name));
  return new Response(cfg, { headers: { "content-type": "text/plain; charset=utf-8", "content-disposition": `inline; filename="haproxy-${params.name}.cfg"` } });
});
