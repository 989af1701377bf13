import { route } from "@/lib/api/handler";
import { compareOrLimit, langFromQuery, optionalPorts } from "@/lib/api/compare";
import { db } from "@/lib/db/client";
import { clusterSnapshot } from "@/lib/db/snapshot";
import { reportGraphSvg } from "@/lib/plugins/report";

export const dynamic = "force-dynamic";

/** The review report's picture (the diff as a graph of workloads) as an SVG file. `?lang=en|ja`, `?port=` as on compare. */
export const GET = route(async ({ params, url, signal }) => {
  const { snapshot } = await clusterSnapshot(db(), params.name);
  const cmp = await compareOrLimit(snapshot, optionalPorts(url), signal);
  return new Response(reportGraphSvg(cmp, langFromQuery(url)), {
    headers: {
      "content-type": "image/svg+xml; charset=utf-8",
      "content-disposition": `attachment; filename="hcinet-plugin-diff-${params.name}.svg"`,
      "x-content-type-options": "nosniff",
      "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'",
    },
  });
});
