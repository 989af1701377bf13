import { route, MANIFEST_BODY_LIMIT } from "@/lib/api/handler";
import { db } from "@/lib/db/client";
import { applyManifests } from "@/lib/db/apply";

export const dynamic = "force-dynamic";

/**
 * kubectl apply: multi-document YAML (application/yaml) or JSON / a kubectl List (application/json).
 * ?dryRun=true validates and shows what would change without writing; ?createNamespaces=true creates missing namespaces.
 */
export const POST = route(
  async (ctx) => {
    // the content type (YAML or JSON; 415 otherwise) is checked by route() for manifest routes
    const text = await ctx.text();
    const flag = (k: string) => ["true", "1", "all"].includes(ctx.url.searchParams.get(k) ?? "");
    return applyManifests(db(), ctx.params.name, text, { dryRun: flag("dryRun"), createNamespaces: flag("createNamespaces"), signal: ctx.signal });
  },
  { bodyLimit: MANIFEST_BODY_LIMIT },
);
