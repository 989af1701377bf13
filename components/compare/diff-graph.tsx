"use client";
/**
 * The report's picture: the reachability diff as a graph of workloads (lib/plugins/diff-graph lays it out; the
 * Markdown's SVG is the same picture), drawn with cytoscape. A red arrow per pair of workloads with connections
 * Flannel lets through and Calico blocks, thicker with more connections; circles carry the pod count.
 */
import { useEffect, useRef } from "react";
import type { Core } from "cytoscape";
import { useI18n } from "@/components/shell/i18n";
import { useTheme } from "@/components/shell/theme";
import { edgeWidth, type DiffGraph } from "@/lib/plugins/diff-graph";

export function DiffGraphView({ graph, cluster }: { graph: DiffGraph; cluster: string }) {
  const { t, lang } = useI18n();
  const { theme } = useTheme();
  const ref = useRef<HTMLDivElement>(null);
  const cyRef = useRef<Core | null>(null);

  useEffect(() => {
    let cancelled = false;
    (async () => {
      const cytoscape = (await import("cytoscape")).default;
      if (cancelled || !ref.current) return;
      const dark = theme === "dark";
      cyRef.current?.destroy();
      const cy = cytoscape({
        container: ref.current,
        elements: [
          ...graph.nodes.map((n) => ({ data: { id: n.id, label: `${n.namespace}/${n.name} (${n.pods})` }, position: { x: n.x, y: n.y } })),
          ...graph.edges.map((e, i) => ({ data: { id: `e${i}`, source: e.from, target: e.to, width: edgeWidth(e.count) } })),
        ],
        layout: { name: "preset" },
        userZoomingEnabled: false,
        userPanningEnabled: false,
        boxSelectionEnabled: false,
        autoungrabify: true,
        style: [
          {
            selector: "node",
            style: {
              width: 28,
              height: 28,
              "background-color": dark ? "#334155" : "#e2e8f0",
              "border-width": 1.5,
              "border-color": dark ? "#94a3b8" : "#475569",
              label: "data(label)",
              color: dark ? "#e2e8f0" : "#0f172a",
              "font-size": 11,
              "text-valign": "bottom",
              "text-margin-y": 4,
              "text-background-color": dark ? "#0f172a" : "#ffffff",
              "text-background-opacity": 0.8,
            },
          },
          { selector: "edge", style: { width: "data(width)", "line-color": dark ? "#f87171" : "#dc2626", "target-arrow-shape": "triangle", "target-arrow-color": dark ? "#f87171" : "#dc2626", "curve-style": "bezier", opacity: 0.8 } },
        ],
      });
      cyRef.current = cy;
      cy.fit(undefined, 24);
    })();
    return () => {
      cancelled = true;
    };
  }, [graph, theme]);

  useEffect(() => () => cyRef.current?.destroy(), []);

  return (
    <section className="mt-6 break-inside-avoid-page" data-testid="diff-graph" data-nodes={graph.nodes.length} data-edges={graph.edges.length}>
      <h2 className="mb-1 text-base font-semibold">{t("compare.graph.title", { cluster })}</h2>
      <p className="mb-2 flex items-center gap-2 text-xs text-slate-600 dark:text-slate-400">
        <span aria-hidden className="inline-block h-0.5 w-6 bg-red-600 dark:bg-red-400" />
        {t("compare.graph.legend")} · {t("compare.graph.edges", { count: graph.edges.length })}
      </p>
      {graph.nodes.length === 0 ? (
        <p className="text-sm text-slate-600 dark:text-slate-400">{t("compare.graph.empty")}</p>
      ) : (
        <div ref={ref} role="img" aria-label={t("compare.graph.alt", { cluster })} className="h-[28rem] w-full rounded-md border border-slate-200 bg-white print:h-[22rem] dark:border-slate-800 dark:bg-slate-950" data-testid="diff-graph-canvas" />
      )}
      {graph.omittedNodes > 0 && <p className="mt-1 text-xs text-slate-600 dark:text-slate-400">{t("compare.graph.omitted", { count: graph.omittedNodes })}</p>}
      <a
        href={`/api/clusters/${encodeURIComponent(cluster)}/compare/graph.svg?lang=${lang}`}
        download
        className="mt-2 inline-block text-sm font-medium text-sky-700 underline print:hidden dark:text-sky-300"
      >
        {t("compare.graph.download")}
      </a>
    </section>
  );
}
