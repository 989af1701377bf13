import { z } from "zod";
import { route, MANIFEST_BODY_LIMIT } from "@/lib/api/handler";
import { portsFromQuery, withCalicoLimit } from "@/lib/api/reachability";
import { badRequest, unprocessable } from "@/lib/errors";
import { snapshotFromManifests } from "@/lib/kube/load";
import { parsePorts, reachabilityCompact, reachabilityJson } from "@/lib/policy/api";
import { limitMessage, limits } from "@/lib/limits";

export const dynamic = "force-dynamic";

const Body = z.object({
  manifests: z.string().min(1),
  ports: z.array(z.string()).min(1),
  plugin: z.enum(["calico", "flannel"]).default("calico"),
});

/**
 * Stateless reachability, the CLI's JSON out: either JSON `{manifests, ports: ["80/TCP"], plugin}` or the YAML itself
 * (application/yaml) with `?port=80/TCP&port=53/UDP&plugin=flannel`. Above 2,000 pods (or with `?format=bits`) the matrices
 * come in bitset form (`{format: "bits", pods, words, matrices: {port: base64 of Uint32 rows}}`); over 10,000 pods: 422.
 */
export const POST = route(
  async (ctx) => {
    const type = (ctx.req.headers.get("content-type") ?? "").split(";")[0].trim();
    let manifests: string;
    let ports;
    let plugin: "calico" | "flannel";
    if (type === "application/json") {
      const body = await ctx.json(Body);
      manifests = body.manifests;
      plugin = body.plugin;
      try {
        ports = parsePorts(body.ports);
      } catch (e) {
        throw badRequest((e as Error).message, [{ path: "ports", message: (e as Error).message }]);
      }
    } else {
      manifests = await ctx.text();
      ports = portsFromQuery(ctx.url);
      const p = ctx.url.searchParams.get("plugin") ?? "calico";
      if (p !== "calico" && p !== "flannel") throw badRequest(`plugin must be calico or flannel`, [{ path: "plugin", message: "must be calico or flannel" }]);
      plugin = p;
    }
    const loaded = snapshotFromManifests(manifests, { primaryNetworkPlugin: plugin });
    if (!loaded.ok) {
      throw unprocessable(
        `${loaded.problems.length} problem(s) in the manifests`,
        loaded.problems.map((p) => ({ document: p.document, line: p.line, path: p.path, message: p.kind ? `${p.kind} ${p.namespace ? p.namespace + "/" : ""}${p.name ?? ""}: ${p.message}` : p.message })),
      );
    }
    const pods = loaded.snapshot.pods.length;
    const cap = limits.podsPerAnalysis;
    if (pods > cap.max) throw unprocessable(limitMessage(cap, "pods in one analysis", pods), [{ path: "(body)", message: `at most ${cap.max} pods` }], { limit: cap.name, max: cap.max });
    // nested arrays grow with pods² as JSON text: above a size the answer is in bitset form (base64 rows)
    const format = ctx.url.searchParams.get("format");
    if (format === "bits" || (format !== "json" && pods > limits.reachabilityJsonPods.max)) return { format: "bits", ...withCalicoLimit(() => reachabilityCompact(loaded.snapshot, ports)) };
    if (format === "json" && pods > limits.reachabilityJsonPods.max) {
      const l = limits.reachabilityJsonPods;
      throw unprocessable(limitMessage(l, "pods in a nested-array answer", pods), [{ path: "format", message: "use format=bits above this size" }], { limit: l.name, max: l.max });
    }
    return withCalicoLimit(() => reachabilityJson(loaded.snapshot, ports));
  },
  { bodyLimit: MANIFEST_BODY_LIMIT },
);
