/** Shared handling of the compare routes: ports from the query (optional), limits → 422, the Markdown response. */
import { unprocessable } from "../errors";
import { isLang, type Lang } from "../i18n/messages";
import type { ClusterSnapshot } from "../kube/types";
import { COMPARE_LIMITS, CompareLimitError, comparePluginsSteps, runStepsPaced, type PluginComparison } from "../plugins/compare";
import { pacer } from "../db/pace";
import { reviewReportMarkdown } from "../plugins/report";
import type { PortSpec } from "../policy/ports";
import { portsFromQuery } from "./reachability";

/** `?port=` is optional here: without it every declared container port is compared. */
export function optionalPorts(url: URL): PortSpec[] | undefined {
  return url.searchParams.getAll("port").some(Boolean) ? portsFromQuery(url) : undefined;
}

/**
 * The comparison, run paced (lib/db/pace: the event loop is handed back every few ms, so other requests and health
 * probes are answered during a large comparison, and the request's deadline or disconnect stops it); beyond the
 * limits 422 naming the limit.
 */
export async function compareOrLimit(snapshot: ClusterSnapshot, ports: PortSpec[] | undefined, signal?: AbortSignal): Promise<PluginComparison> {
  try {
    return await runStepsPaced(comparePluginsSteps(snapshot, ports), pacer(signal));
  } catch (e) {
    if (e instanceof CompareLimitError) {
      const path = e.limit === "ports" ? "port" : e.limit;
      throw unprocessable(e.message, [{ path, message: `at most ${COMPARE_LIMITS[e.limit]} ${e.limit} per comparison` }], { limit: e.limit, max: COMPARE_LIMITS[e.limit], value: e.value });
    }
    throw e;
  }
}

export function langFromQuery(url: URL): Lang {
  const lang = url.searchParams.get("lang");
  return isLang(lang) ? lang : "en";
}

export function markdownResponse(cmp: PluginComparison, lang: Lang): Response {
  const date = new Date();
  const file = `hcinet-plugin-review-${cmp.cluster}-${date.toISOString().slice(0, 10)}.md`;
  return new Response(reviewReportMarkdown(cmp, lang, date), {
    status: 200,
    headers: { "content-type": "text/markdown; charset=utf-8", "content-disposition": `attachment; filename="${file}"` },
  });
}

/** The compare routes' JSON answer (DTO shared with the UI). */
export type { PluginComparison as PluginComparisonDto } from "../plugins/compare";
export type { MigrationPlan as MigrationPlanDto } from "../plugins/migration";
