import { route, MANIFEST_BODY_LIMIT } from "@/lib/api/handler";
import { badRequest } from "@/lib/errors";
import { db } from "@/lib/db/client";
import { applyManifests } from "@/lib/db/apply";

export const dynamic = "force-dynamic";

/**
 * kubectl apply: multi-document YAML (application/yaml) or JSON / a kubectl List (application/json).
 * ?dryRun=true validates and shows what would change without writing; ?createNamespaces=true creates missing namespaces.
 */
export const POST = route(
  async (ctx) => {
    const type = (ctx.req.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
    const accepted = ["", "application/yaml", "application/x-yaml", "text/yaml", "text/plain", "application/json"];
    if (!accepted.includes(type)) throw badRequest(`unsupported content type "${type}": send application/yaml or application/json`);
    const text = await ctx.text();
    const flag = (k: string) => ["true", "1", "all"].includes(ctx.url.searchParams.get(k) ?? "");
    return applyManifests(db(), ctx.params.name, text, { dryRun: flag("dryRun"), createNamespaces: flag("createNamespaces"), signal: ctx.signal });
  },
  { bodyLimit: MANIFEST_BODY_LIMIT },
);
