import { route } from "@/lib/api/handler";
import { db } from "@/lib/db/client";
import { clusterObjects, exportableObjects } from "@/lib/db/snapshot";
import { toYaml } from "@/lib/kube/serialize";

export const dynamic = "force-dynamic";

/** Every object of the cluster as kubectl-apply-able multi-document YAML, with the allocated fields. */
export const GET = route(async ({ params }) => {
  const objects = await clusterObjects(db(), params.name);
  return new Response(toYaml(exportableObjects(objects)), {
    headers: { "content-type": "application/yaml; charset=utf-8", "content-disposition": `inline; filename="${params.name}.yaml"` },
  });
});
