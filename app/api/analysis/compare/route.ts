import { z } from "zod";
import { route, MANIFEST_BODY_LIMIT } from "@/lib/api/handler";
import { compareOrLimit, langFromQuery, markdownResponse, optionalPorts } from "@/lib/api/compare";
import { badRequest, unprocessable } from "@/lib/errors";
import { snapshotFromManifests } from "@/lib/kube/load";
import { parsePorts } from "@/lib/policy/api";
import type { PortSpec } from "@/lib/policy/ports";

export const dynamic = "force-dynamic";

const Body = z.object({
  manifests: z.string().min(1),
  ports: z.array(z.string()).optional(),
  plugin: z.enum(["calico", "flannel"]).default("calico"),
  name: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/).default("upload"),
});

/**
 * Flannel vs Calico on uploaded manifests (workloads are expanded into pods; Node objects in the upload give them
 * nodes). JSON `{manifests, ports?, plugin?, name?}` or the YAML itself with `?port=&plugin=`. `?format=markdown&lang=`
 * answers the review report instead of JSON.
 */
export const POST = route(
  async (ctx) => {
    const type = (ctx.req.headers.get("content-type") ?? "").split(";")[0].trim();
    let manifests: string;
    let ports: PortSpec[] | undefined;
    let plugin: "calico" | "flannel";
    let name = "upload";
    if (type === "application/json") {
      const body = await ctx.json(Body);
      manifests = body.manifests;
      plugin = body.plugin;
      name = body.name;
      if (body.ports && body.ports.length > 0) {
        try {
          ports = parsePorts(body.ports);
        } catch (e) {
          throw badRequest((e as Error).message, [{ path: "ports", message: (e as Error).message }]);
        }
      }
    } else {
      manifests = await ctx.text();
      if (!manifests.trim()) throw badRequest("the body must hold the manifests (YAML)", [{ path: "(body)", message: "empty" }]);
      ports = optionalPorts(ctx.url);
      const p = ctx.url.searchParams.get("plugin") ?? "calico";
      if (p !== "calico" && p !== "flannel") throw badRequest("plugin must be calico or flannel", [{ path: "plugin", message: "must be calico or flannel" }]);
      plugin = p;
    }
    const loaded = snapshotFromManifests(manifests, { name, primaryNetworkPlugin: plugin, expandWorkloads: true });
    if (!loaded.ok) {
      throw unprocessable(
        `${loaded.problems.length} problem(s) in the manifests`,
        loaded.problems.map((p) => ({ document: p.document, line: p.line, path: p.path, message: p.kind ? `${p.kind} ${p.namespace ? p.namespace + "/" : ""}${p.name ?? ""}: ${p.message}` : p.message })),
      );
    }
    const cmp = await compareOrLimit(loaded.snapshot, ports, ctx.signal);
    return ctx.url.searchParams.get("format") === "markdown" ? markdownResponse(cmp, langFromQuery(ctx.url)) : cmp;
  },
  { bodyLimit: MANIFEST_BODY_LIMIT },
);
