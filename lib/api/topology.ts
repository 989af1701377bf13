/** Query parameters of `GET /api/clusters/{name}/topology`, validated (400 naming the field). */
import { z } from "zod";
import { badRequest } from "../errors";
import { zodFields } from "./handler";
import { parseLabelSelector } from "../topology/filter";
import { TOPOLOGY_KINDS, type TopologyKind } from "../topology/model";
import type { TopologyViewOptions } from "../topology/cytoscape";
export type { ModelSearchMatch as TopologySearchMatch, ModelSearchResult as TopologySearchResult } from "../topology/find";

/** Most elements one response may carry; above it the caller must aggregate (`aggregate=owner`) or filter. */
export const MAX_TOPOLOGY_ELEMENTS = 60_000;
/** Most owners expanded in one request. */
export const MAX_EXPANDED_OWNERS = 50;

const query = z.object({
  namespace: z.string().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, "must be a namespace name").max(63).optional(),
  kind: z.array(z.enum(TOPOLOGY_KINDS)).optional(),
  aggregate: z.enum(["none", "owner", "namespace", "auto"]).optional(),
  expand: z
    .array(z.string().regex(/^(owner:[^/]+\/[^/]+\/.+|namespace:[a-z0-9]([-a-z0-9]*[a-z0-9])?|node:[^/\s]+)$/, "must be an owner id owner:<namespace>/<kind>/<name>, namespace:<name> or node:<name>")).max(MAX_EXPANDED_OWNERS, `at most ${MAX_EXPANDED_OWNERS} owners`).optional(),
  cap: z.coerce.number().int().min(1).max(1000).optional(),
  selector: z.string().max(1000).optional(),
});

export function topologyQuery(url: URL): TopologyViewOptions {
  const sp = url.searchParams;
  const list = (k: string) => {
    const v = sp.getAll(k).flatMap((x) => x.split(",")).map((x) => x.trim()).filter(Boolean);
    return v.length ? v : undefined;
  };
  const raw = {
    namespace: sp.get("namespace") || undefined,
    kind: list("kind"),
    aggregate: sp.get("aggregate") || undefined,
    expand: sp.getAll("expand").filter(Boolean).length ? sp.getAll("expand").filter(Boolean) : undefined,
    cap: sp.get("cap") ?? undefined,
    selector: sp.get("selector") || undefined,
  };
  const r = query.safeParse(raw);
  if (!r.success) throw badRequest("invalid topology query", zodFields(r.error.issues));
  const q = r.data;
  let labelSelector;
  if (q.selector) {
    try {
      labelSelector = parseLabelSelector(q.selector);
    } catch (e) {
      throw badRequest("invalid label selector", [{ path: "selector", message: (e as Error).message }]);
    }
  }
  return {
    ...(q.namespace ? { namespace: q.namespace } : {}),
    ...(q.kind ? { kinds: q.kind as TopologyKind[] } : {}),
    aggregate: q.aggregate ?? "none",
    ...(q.expand ? { expand: q.expand } : {}),
    ...(q.cap ? { cap: q.cap } : {}),
    ...(labelSelector ? { labelSelector } : {}),
  };
}

/** Most matches one search returns (`limit`, default 20). */
export const MAX_SEARCH_MATCHES = 50;

const searchQuery = z.object({
  q: z.string().trim().min(1, "required").max(200),
  limit: z.coerce.number().int().min(1).max(MAX_SEARCH_MATCHES).optional(),
});

/** `GET …/topology/search?q=&limit=` plus the view's own parameters (the matches say where they sit in that view). */
export function topologySearchQuery(url: URL): TopologyViewOptions & { q: string; limit?: number } {
  const view = topologyQuery(url);
  const r = searchQuery.safeParse({ q: url.searchParams.get("q") ?? "", limit: url.searchParams.get("limit") ?? undefined });
  if (!r.success) throw badRequest("invalid topology search", zodFields(r.error.issues));
  return { ...view, q: r.data.q, ...(r.data.limit ? { limit: r.data.limit } : {}) };
}
