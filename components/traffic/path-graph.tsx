"use client";
/**
 * The trace's path as a small cytoscape graph: hops left to right, numbered, the dropped hop in red. The hops appear
 * one after the other (a short animation) unless the user prefers reduced motion.
 */
import { useEffect, useRef } from "react";
import type { Core } from "cytoscape";
import type { Hop, TraceResult } from "@/lib/api/trace";
import { pathElements } from "./model";

export function PathGraph({ result, kindLabel, theme, label }: { result: TraceResult; kindLabel: (k: Hop["kind"]) => string; theme: "light" | "dark"; label: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const cyRef = useRef<Core | null>(null);

  useEffect(() => {
    let cancelled = false;
    const timers: ReturnType<typeof setTimeout>[] = [];
    (async () => {
      const cytoscape = (await import("cytoscape")).default;
      if (cancelled || !ref.current) return;
      const dark = theme === "dark";
      const text = dark ? "#e2e8f0" : "#0f172a";
      cyRef.current?.destroy();
      const cy = cytoscape({
        container: ref.current,
        elements: pathElements(result, kindLabel),
        layout: { name: "preset" },
        maxZoom: 1.2,
        userZoomingEnabled: false,
        userPanningEnabled: false,
        boxSelectionEnabled: false,
        autoungrabify: true,
        style: [
          {
            selector: "node",
            style: {
              shape: "round-rectangle",
              width: 120,
              height: 46,
              "background-color": dark ? "#0c4a6e" : "#e0f2fe",
              "border-width": 2,
              "border-color": dark ? "#38bdf8" : "#0284c7",
              label: "data(label)",
              color: text,
              "font-size": 11,
              "text-wrap": "wrap",
              "text-max-width": "112px",
              "text-valign": "center",
              "text-halign": "center",
            },
          },
          { selector: "node.loadBalancer, node.kubeProxy, node.ingressController", style: { "background-color": dark ? "#3b0764" : "#f3e8ff", "border-color": dark ? "#c084fc" : "#7e22ce" } },
          { selector: "node.vxlan", style: { shape: "diamond", width: 70, height: 46, "background-color": dark ? "#422006" : "#fef3c7", "border-color": dark ? "#fbbf24" : "#b45309" } },
          { selector: "node.delivered", style: { "background-color": dark ? "#052e16" : "#dcfce7", "border-color": dark ? "#4ade80" : "#15803d" } },
          { selector: "node.dropped", style: { "background-color": dark ? "#4c0519" : "#ffe4e6", "border-color": dark ? "#fb7185" : "#be123c", "border-width": 4 } },
          { selector: "edge", style: { width: 2, "line-color": dark ? "#64748b" : "#94a3b8", "target-arrow-shape": "triangle", "target-arrow-color": dark ? "#64748b" : "#94a3b8", "curve-style": "bezier" } },
          { selector: "edge.dropped", style: { "line-color": dark ? "#fb7185" : "#be123c", "target-arrow-color": dark ? "#fb7185" : "#be123c", "line-style": "dashed" } },
          { selector: ".pending", style: { opacity: 0.15 } },
        ],
      });
      cyRef.current = cy;
      cy.fit(undefined, 16);
      const reduce = typeof window !== "undefined" && window.matchMedia?.("(prefers-reduced-motion: reduce)").matches;
      if (!reduce) {
        const els = cy.elements();
        els.addClass("pending");
        result.hops.forEach((h, i) => {
          timers.push(
            setTimeout(() => {
              cy.getElementById(`hop-${h.n}`).removeClass("pending");
              cy.getElementById(`e-${h.n}`).removeClass("pending");
            }, 120 * i),
          );
        });
      }
    })();
    return () => {
      cancelled = true;
      for (const t of timers) clearTimeout(t);
    };
  }, [result, kindLabel, theme]);

  useEffect(() => () => cyRef.current?.destroy(), []);

  return (
    <figure className="m-0">
      <div
        ref={ref}
        role="img"
        aria-label={label}
        data-testid="trace-graph"
        data-path={JSON.stringify(result.path)}
        data-dropped={result.dropped ?? ""}
        className="h-56 w-full rounded-md border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-950"
      />
    </figure>
  );
}
