"use client";
/**
 * The reusable topology renderer: one long-lived cytoscape instance in a ref, updated in `cy.batch` when the elements
 * change (never re-created). Positions come from the model (`preset`, computed server side for the traffic view) or,
 * for the namespace grouping, from lib/topology/layout's namespace packing (fcose refines it for small graphs in a
 * Web Worker, ./fcose.worker.ts, so no layout ever runs on the main thread).
 *
 * `highlight` draws a path (element ids in hop order) as numbered classes on the existing elements — the packet trace
 * reuses this to draw traces: each hop gets the `path` class and `data.pathIndex` (1-based, shown before its label),
 * the edges between consecutive hops get `path`, and `dropped` gets `path-dropped`.
 */
import cytoscape, { type Core, type ElementDefinition } from "cytoscape";
import { useEffect, useImperativeHandle, useRef, useState, type Ref } from "react";
import { namespaceLayout } from "@/lib/topology/layout";
import type { TopologyGraph } from "@/lib/topology/model";
import { topologyStyle } from "./styles";
import type { FcoseRequest, FcoseResponse } from "./fcose.worker";


export interface TopologyHighlight {
  /** element ids in hop order */
  path: string[];
  /** the element where the packet is dropped, if it is */
  dropped?: string;
}

export interface TopologyElements {
  nodes: ElementDefinition[];
  edges: ElementDefinition[];
}

export interface TopologyCanvasHandle {
  cy(): Core | null;
  fit(): void;
}

export interface TopologyCanvasProps {
  elements: TopologyElements;
  grouping?: "node" | "namespace";
  theme: "light" | "dark";
  /** accessible name of the canvas */
  label: string;
  highlight?: TopologyHighlight;
  selected?: string | null;
  /** an element to centre on and mark (search) */
  focus?: string | null;
  /** elements to highlight as holding search matches (folded namespace badges, node VMs, owners) */
  marks?: string[];
  onSelect?: (id: string | null) => void;
  /** double click / Enter on an element */
  onActivate?: (id: string) => void;
  /**
   * Auto-unfold on zoom: when the user zooms in past {@link UNFOLD_ZOOM} and at most {@link UNFOLD_MAX} folded elements
   * (`.folded`: namespace badges, node VMs with folded pods) are in view, they are handed here to be unfolded.
   */
  onUnfold?: (ids: string[]) => void;
  /** cytoscape's experimental WebGL renderer (3.31+) */
  webgl?: boolean;
  className?: string;
  handle?: Ref<TopologyCanvasHandle>;
}

/** Above this many elements the style drops arrows and bezier edges (haystack) and hides small labels. */
export const BIG_GRAPH = 1500;
/** fcose refines the namespace grouping only up to this many nodes (it is meant for a few thousand at most). */
const FCOSE_LIMIT = 400;

/** Zoom level past which the folded elements in view unfold (a badge is then drawn at full size). */
export const UNFOLD_ZOOM = 1;
/** Most folded elements unfolded at once by zooming (more in view: zoom in further). */
export const UNFOLD_MAX = 4;

type Hover = { id: string; text: string; x: number; y: number };

/** Prepare the elements for a grouping: the namespace view re-parents namespaced elements into `ns:<name>` boxes. */
export function groupedElements(elements: TopologyElements, grouping: "node" | "namespace"): ElementDefinition[] {
  if (grouping === "node") return [...elements.nodes, ...elements.edges];
  const graph = { nodes: elements.nodes, edges: elements.edges } as unknown as TopologyGraph;
  const { parents, positions, parentOf } = namespaceLayout(graph);
  const nodes = elements.nodes.map((n) => {
    const id = n.data.id as string;
    const parent = parentOf.get(id);
    const data = { ...n.data };
    delete data.parent;
    if (parent) data.parent = parent;
    return { ...n, data, position: positions.get(id) ?? n.position };
  });
  return [...(parents as unknown as ElementDefinition[]), ...nodes, ...elements.edges];
}

export function TopologyCanvas(props: TopologyCanvasProps) {
  const { elements, grouping = "node", theme, label, highlight, selected, focus, marks, webgl, className, handle } = props;
  const container = useRef<HTMLDivElement>(null);
  const cyRef = useRef<Core | null>(null);
  const callbacks = useRef({ onSelect: props.onSelect, onActivate: props.onActivate, onUnfold: props.onUnfold });
  callbacks.current = { onSelect: props.onSelect, onActivate: props.onActivate, onUnfold: props.onUnfold };
  /** set by the user's own zooming (wheel, pinch, keys), so programmatic fits and centring never unfold anything */
  const userZoom = useRef(false);
  const [hover, setHover] = useState<Hover | null>(null);
  const [ready, setReady] = useState(0);
  const order = useRef<string[]>([]);
  const focusRef = useRef(focus);
  const worker = useRef<Worker | null>(null);
  const layoutGeneration = useRef(0);
  useEffect(() => () => worker.current?.terminate(), []);
  focusRef.current = focus;

  useImperativeHandle(handle, () => ({ cy: () => cyRef.current, fit: () => cyRef.current?.fit(undefined, 30) }), []);

  // one cytoscape instance for the life of the component
  useEffect(() => {
    if (!container.current) return;
    const cy = cytoscape({
      container: container.current,
      elements: [],
      style: topologyStyle(theme, false),
      minZoom: 0.02,
      maxZoom: 4,
      boxSelectionEnabled: false,
      autoungrabify: false,
      ...(webgl ? { renderer: { name: "canvas", webgl: true } } : {}),
    } as cytoscape.CytoscapeOptions);
    cyRef.current = cy;
    cy.on("tap", "node, edge", (e) => callbacks.current.onSelect?.(e.target.id()));
    cy.on("tap", (e) => {
      if (e.target === cy) callbacks.current.onSelect?.(null);
    });
    cy.on("dbltap", "node", (e) => callbacks.current.onActivate?.(e.target.id()));
    cy.on("mouseover", "node", (e) => {
      const n = e.target;
      const pos = n.renderedPosition();
      const d = n.data();
      const text = [d.label?.replace(/\n/g, " · "), d.kind, d.namespace].filter(Boolean).join(" — ");
      setHover({ id: n.id(), text, x: pos.x, y: pos.y });
    });
    cy.on("mouseout", "node", () => setHover(null));
    cy.on("viewport", () => setHover(null));
    let unfoldTimer: ReturnType<typeof setTimeout> | undefined;
    cy.on("zoom", () => {
      if (!userZoom.current) return;
      clearTimeout(unfoldTimer);
      unfoldTimer = setTimeout(() => {
        userZoom.current = false;
        if (cy.destroyed() || cy.zoom() < UNFOLD_ZOOM || !callbacks.current.onUnfold) return;
        const ext = cy.extent();
        const inView = cy.nodes(".folded").filter((n) => {
          const b = n.boundingBox();
          return b.x2 >= ext.x1 && b.x1 <= ext.x2 && b.y2 >= ext.y1 && b.y1 <= ext.y2;
        });
        if (inView.length > 0 && inView.length <= UNFOLD_MAX) callbacks.current.onUnfold(inView.map((n) => n.id()));
      }, 350);
    });
    const markUserZoom = () => {
      userZoom.current = true;
    };
    container.current.addEventListener("wheel", markUserZoom, { passive: true });
    container.current.addEventListener("touchmove", markUserZoom, { passive: true });
    // the container's size comes from CSS that may settle after mount: keep cytoscape's idea of it current
    const observer = new ResizeObserver(() => cy.resize());
    observer.observe(container.current);
    setReady((r) => r + 1);
    const el = container.current;
    return () => {
      clearTimeout(unfoldTimer);
      el.removeEventListener("wheel", markUserZoom);
      el.removeEventListener("touchmove", markUserZoom);
      observer.disconnect();
      cy.destroy();
      cyRef.current = null;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [webgl]);

  // elements and grouping: replace in one batch, then lay out
  useEffect(() => {
    const cy = cyRef.current;
    if (!cy) return;
    const defs = groupedElements(elements, grouping);
    const big = defs.length > BIG_GRAPH;
    cy.batch(() => {
      cy.elements().remove();
      cy.add(defs);
    });
    cy.style(topologyStyle(theme, big));
    cy.resize();
    const nodeCount = cy.nodes().length;
    // the namespace packing's positions first; fcose refines small graphs in a Web Worker (fcose.worker.ts), so the
    // main thread never runs a force-directed layout
    cy.layout({ name: "preset", fit: true, padding: 30 }).run();
    const generation = ++layoutGeneration.current;
    if (grouping === "namespace" && nodeCount <= FCOSE_LIMIT && nodeCount > 0 && typeof Worker !== "undefined") {
      try {
        worker.current ??= new Worker(new URL("./fcose.worker.ts", import.meta.url), { type: "module" });
        const w = worker.current;
        w.onmessage = (e: MessageEvent<FcoseResponse>) => {
          if (e.data.id !== layoutGeneration.current || cyRef.current !== cy || !e.data.positions) return;
          const positions = e.data.positions;
          cy.batch(() => {
            cy.nodes().forEach((n) => {
              const p = positions[n.id()];
              if (p && !n.isParent()) n.position(p);
            });
          });
          if (!focusRef.current) cy.fit(undefined, 30);
          container.current?.setAttribute("data-layout", "fcose");
        };
        w.postMessage({ id: generation, elements: cy.elements().jsons() as unknown as ElementDefinition[] } satisfies FcoseRequest);
      } catch {
        // no worker (old browser, blocked): the namespace packing stays
      }
    }
    order.current = cy
      .nodes()
      .filter((n) => !n.isParent() || n.data("kind") === "Node")
      .map((n) => ({ id: n.id(), p: (n as cytoscape.NodeSingular).position() }))
      .sort((a, b) => a.p.x - b.p.x || a.p.y - b.p.y)
      .map((n) => n.id);
    // fit again once the browser has laid the container out (its final size may not be known at the first run)
    const frame = requestAnimationFrame(() => {
      if (cyRef.current !== cy) return;
      cy.resize();
      if (!focusRef.current) cy.fit(undefined, 30);
    });
    container.current?.setAttribute("data-rendered", String(Date.now()));
    container.current?.setAttribute("data-count", String(cy.elements().length));
    return () => cancelAnimationFrame(frame);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [elements, grouping, ready]);

  useEffect(() => {
    const cy = cyRef.current;
    if (cy) cy.style(topologyStyle(theme, cy.elements().length > BIG_GRAPH));
  }, [theme]);

  // path highlight (numbered hops)
  useEffect(() => {
    const cy = cyRef.current;
    if (!cy) return;
    cy.batch(() => {
      cy.elements(".path, .path-dropped").removeClass("path path-dropped");
      cy.elements("[pathIndex]").removeData("pathIndex");
      if (!highlight) return;
      const hops = highlight.path.map((id) => cy.getElementById(id));
      hops.forEach((el, i) => {
        if (el.empty()) return;
        el.addClass("path");
        if (el.isNode()) el.data("pathIndex", i + 1);
        const next = hops[i + 1];
        if (el.isNode() && next && !next.empty() && next.isNode()) el.edgesWith(next).addClass("path");
      });
      if (highlight.dropped) cy.getElementById(highlight.dropped).addClass("path-dropped");
    });
  }, [highlight, elements, grouping, ready]);

  // selection
  useEffect(() => {
    const cy = cyRef.current;
    if (!cy) return;
    cy.$(":selected").unselect();
    if (selected) cy.getElementById(selected).select();
  }, [selected, elements, grouping, ready]);

  // search matches inside folded elements: their holders are marked
  const marksKey = (marks ?? []).join("\n");
  useEffect(() => {
    const cy = cyRef.current;
    if (!cy) return;
    cy.batch(() => {
      cy.elements(".search-hit").removeClass("search-hit");
      for (const id of marks ?? []) cy.getElementById(id).addClass("search-hit");
    });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [marksKey, elements, grouping, ready]);

  // search focus: centre and mark
  useEffect(() => {
    const cy = cyRef.current;
    if (!cy) return;
    cy.elements(".match").removeClass("match");
    if (!focus) return;
    const el = cy.getElementById(focus);
    if (el.empty()) {
      // an unfolded namespace badge is gone: centre on what came out of it
      if (!focus.startsWith("namespace:")) return;
      const members = cy.nodes().filter((n) => n.data("namespace") === focus.slice("namespace:".length));
      if (members.nonempty()) cy.animate({ center: { eles: members }, zoom: Math.max(cy.zoom(), 1.2) }, { duration: 250 });
      return;
    }
    el.addClass("match");
    cy.animate({ center: { eles: el }, zoom: Math.max(cy.zoom(), 1.2) }, { duration: 250 });
  }, [focus, elements, grouping, ready]);

  const onKeyDown = (e: React.KeyboardEvent) => {
    const cy = cyRef.current;
    if (!cy) return;
    const ids = order.current;
    if (ids.length === 0) return;
    const at = selected ? ids.indexOf(selected) : -1;
    let next: string | undefined;
    if (e.key === "ArrowRight" || e.key === "ArrowDown") next = ids[(at + 1) % ids.length];
    else if (e.key === "ArrowLeft" || e.key === "ArrowUp") next = ids[(at - 1 + ids.length) % ids.length];
    else if (e.key === "Enter" && selected) {
      callbacks.current.onActivate?.(selected);
      e.preventDefault();
      return;
    } else if (e.key === "Escape") {
      callbacks.current.onSelect?.(null);
      return;
    } else if (e.key === "+" || e.key === "=" || e.key === "-") {
      userZoom.current = true;
      cy.zoom({ level: e.key === "-" ? cy.zoom() / 1.25 : cy.zoom() * 1.25, renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 } });
    } else return;
    e.preventDefault();
    if (next) {
      callbacks.current.onSelect?.(next);
      const el = cy.getElementById(next);
      if (!el.empty()) cy.center(el);
    }
  };

  return (
    <div className={`relative ${className ?? ""}`}>
      <div
        ref={container}
        role="application"
        aria-label={label}
        aria-roledescription="graph"
        tabIndex={0}
        onKeyDown={onKeyDown}
        data-testid="topology-canvas"
        // inline: cytoscape's own stylesheet sets its container to position: relative, which would beat a utility class
        style={{ position: "absolute", inset: 0 }}
        className="focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-500"
      />
      {hover && (
        <div
          role="tooltip"
          data-testid="topology-hover"
          className="pointer-events-none absolute z-10 max-w-xs rounded-md border border-slate-200 bg-white px-2 py-1 text-xs text-slate-800 shadow-md dark:border-slate-700 dark:bg-slate-800 dark:text-slate-100"
          style={{ left: Math.max(0, hover.x + 12), top: Math.max(0, hover.y + 12) }}
        >
          {hover.text}
        </div>
      )}
    </div>
  );
}
