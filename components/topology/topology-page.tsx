"use client";
/**
 * The Topology tab of a cluster: the graph (TopologyCanvas), its toolbar (grouping, folding, filters, search, export),
 * legend, side panel (details, YAML, links to the cluster tabs) and the same content as an accessible table. Every
 * choice lives in the URL (shareable deep link): group, agg, ns, kind, sel, expand, focus, select, table, and a trace
 * (from, to) drawn on the graph's own elements.
 */
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useClusterTopology, useTopologySearch, useTrace } from "@/components/data/hooks";
import type { TopologySearchMatch } from "@/lib/api/topology";
import { useI18n } from "@/components/shell/i18n";
import { useTheme } from "@/components/shell/theme";
import { Button, ErrorState, Loading } from "@/components/ui/primitives";
import { TOPOLOGY_KINDS, type TopologyKind } from "@/lib/topology/model";
import type { MessageKey } from "@/lib/i18n/messages";
import { TabHeader } from "@/components/cluster-objects/cluster-tabs";
import { TopologyCanvas, type TopologyCanvasHandle } from "./topology-canvas";
import { DetailsPanel } from "./details-panel";
import { Legend } from "./legend";
import { TopologyTable } from "./topology-table";
import { exportPng, exportSvg } from "./export";
import { findElements, type El } from "@/lib/topology/search";
import { TracePanel } from "./trace-panel";

const inputCls =
  "rounded-md border border-slate-300 bg-white px-2 py-1 text-sm text-slate-900 dark:border-slate-700 dark:bg-slate-800 dark:text-slate-100 focus-visible:outline-2 focus-visible:outline-sky-500";

export function TopologyPage({ name }: { name: string }) {
  const { t } = useI18n();
  const { theme } = useTheme();
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const canvas = useRef<TopologyCanvasHandle>(null);

  const grouping = params.get("group") === "namespace" ? "namespace" : "node";
  const aggParam = params.get("agg");
  // default `auto`: by owner, or namespaces and folded node VMs above the API's threshold (lib/topology/fold.ts)
  const aggregate = aggParam === "none" || aggParam === "owner" || aggParam === "namespace" ? aggParam : "auto";
  const namespace = params.get("ns") ?? "";
  const kinds = (params.get("kind") ?? "").split(",").filter((k): k is TopologyKind => (TOPOLOGY_KINDS as readonly string[]).includes(k));
  const selector = params.get("sel") ?? "";
  const expand = params.getAll("expand");
  const focus = params.get("focus");
  const selected = params.get("select");
  const table = params.get("table") === "1";
  const webgl = params.get("webgl") === "1";
  const traceFrom = params.get("from") ?? "";
  const traceTo = params.get("to") ?? "";

  /** Change some URL parameters (replace, so the back button leaves the page rather than walking every click). */
  const setParams = useCallback(
    (changes: Record<string, string | string[] | null>) => {
      const next = new URLSearchParams(params.toString());
      for (const [k, v] of Object.entries(changes)) {
        next.delete(k);
        if (Array.isArray(v)) v.forEach((x) => next.append(k, x));
        else if (v !== null && v !== "") next.set(k, v);
      }
      const qs = next.toString();
      router.replace(qs ? `${pathname}?${qs}` : pathname, { scroll: false });
    },
    [params, pathname, router],
  );

  const apiQuery = useMemo(() => {
    const q = new URLSearchParams();
    q.set("aggregate", aggregate);
    if (namespace) q.set("namespace", namespace);
    if (kinds.length) q.set("kind", kinds.join(","));
    if (selector) q.set("selector", selector);
    for (const e of expand) q.append("expand", e);
    return q.toString();
  }, [aggregate, namespace, kinds.join(","), selector, expand.join("|")]); // eslint-disable-line react-hooks/exhaustive-deps
  const topo = useClusterTopology(name, apiQuery);

  const elements = topo.data?.elements;
  const byId = useMemo(() => new Map<string, El>((elements?.nodes ?? []).map((n) => [n.data.id, n as El])), [elements]);
  const [search, setSearch] = useState(params.get("focus")?.replace(/^[a-z]+:/, "") ?? "");
  const [searchMsg, setSearchMsg] = useState<string | null>(null);
  const [selectorText, setSelectorText] = useState(selector);

  // the search runs on the server over the whole model (folded namespaces, node VMs and owners included): each match
  // names the drawn elements that hold it (highlighted) and what to expand to draw it (lib/topology/find.ts)
  const [submitted, setSubmitted] = useState("");
  const goFirst = useRef(false);
  const results = useTopologySearch(name, apiQuery, submitted);
  const resultList = useRef<HTMLUListElement>(null);
  const choose = (m: TopologySearchMatch) => {
    goFirst.current = false;
    setSearchMsg(t("topology.search.found", { count: results.data?.total ?? 1, label: m.label }));
    setParams({ ...(m.expand.length ? { expand: [...new Set([...expand, ...m.expand])] } : {}), focus: m.focus, select: m.focus });
  };
  // as you type (after a pause): the matches are listed and what holds them highlighted; Enter goes to the best one
  useEffect(() => {
    const q = search.trim();
    if (q === submitted) return;
    const timer = setTimeout(() => setSubmitted(q.length >= 2 ? q : ""), 250);
    return () => clearTimeout(timer);
  }, [search]); // eslint-disable-line react-hooks/exhaustive-deps
  const runSearch = () => {
    const q = search.trim();
    if (!q || !elements) return;
    setSearchMsg(null);
    goFirst.current = true;
    if (q === submitted && results.data && results.data.query.trim() === q && !results.isPlaceholderData) onResults(results.data.matches);
    else setSubmitted(q);
  };
  /** Enter: the best match (unfolding what holds it); without a model match, the drawn elements (namespace badges…) */
  const onResults = (matches: TopologySearchMatch[]) => {
    if (!goFirst.current) return;
    goFirst.current = false;
    if (matches.length > 0) return choose(matches[0]);
    const { matches: local, ownerToExpand } = findElements(elements!.nodes as El[], submitted);
    if (local.length > 0) {
      setSearchMsg(t("topology.search.found", { count: local.length, label: local[0].data.label.replace(/\n/g, " ") }));
      setParams({ focus: local[0].data.id, select: local[0].data.id });
    } else if (ownerToExpand) {
      setParams({ expand: [...new Set([...expand, ownerToExpand.owner])], focus: ownerToExpand.podId, select: ownerToExpand.podId });
    } else setSearchMsg(t("topology.search.none", { query: submitted }));
  };
  useEffect(() => {
    if (results.data && results.data.query.trim() === submitted && !results.isPlaceholderData) onResults(results.data.matches);
    else if (results.isError && goFirst.current) {
      goFirst.current = false;
      setSearchMsg(t("topology.search.none", { query: submitted }));
    }
  }, [results.data, results.isError, results.isPlaceholderData]); // eslint-disable-line react-hooks/exhaustive-deps
  const shownMatches = submitted && search.trim() === submitted && results.data?.query.trim() === submitted ? results.data.matches : [];
  const marks = useMemo(() => [...new Set(shownMatches.flatMap((m) => m.containers))].filter((id) => byId.has(id)), [shownMatches, byId]);
  const foldedCount = shownMatches.filter((m) => m.containers.length > 0).length;

  // a trace drawn on the graph: its pods may be folded into their owners, so those owners are expanded first
  const trace = useTrace(name, traceFrom, traceTo, null);
  const highlight = useMemo(() => (trace.data ? { path: trace.data.path, ...(trace.data.dropped ? { dropped: trace.data.dropped } : {}) } : undefined), [trace.data]);
  useEffect(() => {
    if (!trace.data || !elements) return;
    const owners = new Set<string>();
    for (const id of trace.data.path) {
      if (!id.startsWith("pod:") || byId.has(id)) continue;
      const o = findElements(elements.nodes as El[], id).ownerToExpand?.owner;
      if (o && !expand.includes(o)) owners.add(o);
    }
    if (owners.size) setParams({ expand: [...expand, ...owners] });
  }, [trace.data, elements, byId]); // eslint-disable-line react-hooks/exhaustive-deps

  const selectedEl = selected ? byId.get(selected) : undefined;
  /** unfold folded namespaces / node VMs (click, Enter, zoom): the first is centred once drawn */
  const unfold = (ids: string[]) => {
    const add = ids.filter((id) => !expand.includes(id));
    if (add.length === 0) return;
    const first = add[0];
    setParams({ expand: [...expand, ...add], focus: first, select: first.startsWith("node:") ? first : null });
  };
  const isFolded = (id: string) => {
    const el = byId.get(id);
    return !!el && (el.data.kind === "Namespace" || (el.data.kind === "Node" && el.data.folded === true));
  };
  const caption = (time: string) => t("topology.export.caption", { cluster: name, time });

  return (
    <div>
      <TabHeader title={t("topology.title")} subtitle={t("topology.subtitle")} />
      <div role="toolbar" aria-label={t("topology.toolbar")} className="mb-3 flex flex-wrap items-end gap-x-4 gap-y-2 text-sm">
        <fieldset className="flex items-center gap-2">
          <legend className="sr-only">{t("topology.grouping")}</legend>
          <span aria-hidden className="text-slate-600 dark:text-slate-400">{t("topology.grouping")}</span>
          <div className="inline-flex overflow-hidden rounded-md border border-slate-300 dark:border-slate-700">
            {(["node", "namespace"] as const).map((g) => (
              <label key={g} className={`cursor-pointer px-2 py-1 ${grouping === g ? "bg-sky-700 text-white" : "bg-white text-slate-800 dark:bg-slate-800 dark:text-slate-100"}`}>
                <input type="radio" name="grouping" value={g} checked={grouping === g} onChange={() => setParams({ group: g === "node" ? null : g })} className="sr-only" />
                {t(g === "node" ? "topology.grouping.node" : "topology.grouping.namespace")}
              </label>
            ))}
          </div>
        </fieldset>
        <label className="flex flex-col gap-0.5">
          <span className="text-xs text-slate-600 dark:text-slate-400">{t("topology.level")}</span>
          <select className={inputCls} value={aggregate} data-testid="topology-level" onChange={(e) => setParams({ agg: e.target.value === "auto" ? null : e.target.value, expand: null })}>
            {(["auto", "namespace", "owner", "none"] as const).map((a) => (
              <option key={a} value={a}>
                {t(`topology.level.${a}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col gap-0.5">
          <span className="text-xs text-slate-600 dark:text-slate-400">{t("topology.namespace")}</span>
          <select className={inputCls} value={namespace} onChange={(e) => setParams({ ns: e.target.value || null })}>
            <option value="">{t("topology.namespace.all")}</option>
            {(topo.data?.summary.namespaces ?? (namespace ? [namespace] : [])).map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
        <details className="relative">
          <summary className={`${inputCls} cursor-pointer list-none`}>
            {t("topology.kinds")}: {kinds.length ? t("topology.kinds.count", { count: kinds.length }) : t("topology.kinds.all")}
          </summary>
          <fieldset className="absolute z-20 mt-1 grid w-52 gap-1 rounded-md border border-slate-200 bg-white p-2 shadow-lg dark:border-slate-700 dark:bg-slate-900">
            <legend className="sr-only">{t("topology.kinds")}</legend>
            {TOPOLOGY_KINDS.map((k) => (
              <label key={k} className="flex items-center gap-2">
                <input
                  type="checkbox"
                  checked={kinds.includes(k)}
                  onChange={(e) => setParams({ kind: (e.target.checked ? [...kinds, k] : kinds.filter((x) => x !== k)).join(",") || null })}
                />
                {t(`topology.kind.${k}` as MessageKey)}
              </label>
            ))}
          </fieldset>
        </details>
        <form
          className="flex items-end gap-1"
          onSubmit={(e) => {
            e.preventDefault();
            setParams({ sel: selectorText.trim() || null });
          }}
        >
          <label className="flex flex-col gap-0.5">
            <span className="text-xs text-slate-600 dark:text-slate-400">{t("topology.selector")}</span>
            <input className={`${inputCls} w-40`} value={selectorText} placeholder={t("topology.selector.placeholder")} onChange={(e) => setSelectorText(e.target.value)} />
          </label>
          <Button type="submit" variant="secondary">
            {t("topology.selector.apply")}
          </Button>
        </form>
        <form
          role="search"
          className="flex items-end gap-1"
          onSubmit={(e) => {
            e.preventDefault();
            runSearch();
          }}
        >
          <label className="flex flex-col gap-0.5">
            <span className="text-xs text-slate-600 dark:text-slate-400">{t("topology.search")}</span>
            <input
              className={`${inputCls} w-44`}
              type="search"
              value={search}
              placeholder={t("topology.search.placeholder")}
              aria-controls={shownMatches.length ? "topology-search-results" : undefined}
              onChange={(e) => {
                setSearch(e.target.value);
                setSearchMsg(null);
              }}
              onKeyDown={(e) => {
                if (e.key === "ArrowDown" && shownMatches.length) {
                  e.preventDefault();
                  resultList.current?.querySelector("button")?.focus();
                }
              }}
            />
          </label>
          <Button type="submit" variant="secondary">
            {t("topology.search.go")}
          </Button>
        </form>
        <div className="flex flex-wrap items-center gap-1">
          <Button type="button" variant="secondary" onClick={() => canvas.current?.fit()}>
            {t("topology.fit")}
          </Button>
          <Button type="button" variant="secondary" disabled={!elements} onClick={() => exportPng(canvas.current?.cy() ?? null, name, theme, caption)}>
            {t("topology.export.png")}
          </Button>
          <Button type="button" variant="secondary" disabled={!elements} onClick={() => exportSvg(canvas.current?.cy() ?? null, name, theme, caption)}>
            {t("topology.export.svg")}
          </Button>
          <Button type="button" variant="secondary" aria-pressed={table} onClick={() => setParams({ table: table ? null : "1" })}>
            {table ? t("topology.table.hide") : t("topology.table.show")}
          </Button>
        </div>
      </div>
      <TracePanel
        key={`${traceFrom}|${traceTo}`}
        cluster={name}
        from={traceFrom}
        to={traceTo}
        result={trace.data}
        pending={trace.isFetching}
        error={trace.error}
        onTrace={(from, to) => setParams({ from, to })}
        onClear={() => setParams({ from: null, to: null })}
      />
      <p aria-live="polite" className="mb-2 min-h-5 text-sm text-slate-600 dark:text-slate-400" data-testid="topology-status">
        {topo.data &&
          t("topology.summary", {
            pods: topo.data.summary.pods,
            services: topo.data.summary.services,
            nodes: topo.data.summary.nodes,
            elements: topo.data.summary.elements,
          })}
        {topo.data?.summary.aggregate === "namespace" && <span className="ml-2">{t("topology.level.hint")}</span>}
        {searchMsg && <span className="ml-2 font-medium text-slate-800 dark:text-slate-200">{searchMsg}</span>}
        {submitted && results.isFetching && <span className="ml-2">{t("topology.search.pending")}</span>}
        {!searchMsg && foldedCount > 0 && results.data && (
          <span className="ml-2 font-medium text-slate-800 dark:text-slate-200" data-testid="topology-search-summary">
            {t("topology.search.folded", { count: results.data.total, query: submitted, folded: foldedCount })}
          </span>
        )}
      </p>
      {shownMatches.length > 0 && (
        <nav aria-label={t("topology.search.results")} className="mb-2">
          <ul
            id="topology-search-results"
            ref={resultList}
            data-testid="topology-search-results"
            className="flex max-h-28 flex-wrap gap-1 overflow-y-auto p-1 text-sm"
            onKeyDown={(e) => {
              const buttons = [...(resultList.current?.querySelectorAll("button") ?? [])];
              const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
              if (e.key === "ArrowRight" || e.key === "ArrowDown") buttons[Math.min(at + 1, buttons.length - 1)]?.focus();
              else if (e.key === "ArrowLeft" || e.key === "ArrowUp") buttons[Math.max(at - 1, 0)]?.focus();
              else return;
              e.preventDefault();
            }}
          >
            {shownMatches.map((m) => (
              <li key={m.id} className="min-w-0 max-w-full">
                <button
                  type="button"
                  onClick={() => choose(m)}
                  aria-current={focus === m.focus ? "true" : undefined}
                  className={`max-w-full truncate rounded-md border px-2 py-0.5 text-left focus-visible:outline-2 focus-visible:outline-sky-500 ${
                    m.containers.length
                      ? "border-yellow-600 bg-yellow-50 text-slate-900 dark:border-yellow-400 dark:bg-yellow-950 dark:text-slate-100"
                      : "border-slate-300 bg-white text-slate-800 dark:border-slate-700 dark:bg-slate-800 dark:text-slate-100"
                  } ${focus === m.focus ? "font-semibold" : ""}`}
                >
                  {t(`topology.kind.${m.kind}` as MessageKey)} {m.namespace ? `${m.namespace}/${m.name}` : m.name}
                  <span className="ml-1 text-xs text-slate-700 dark:text-slate-300">
                    ({m.containers.length ? t("topology.search.in", { container: m.containers[0].replace(/^[a-z]+:/, "") }) : t("topology.search.drawn")})
                  </span>
                </button>
              </li>
            ))}
            {results.data && results.data.total > shownMatches.length && (
              <li className="px-2 py-0.5 text-slate-600 dark:text-slate-400">{t("topology.search.more", { count: results.data.total - shownMatches.length })}</li>
            )}
          </ul>
        </nav>
      )}
      {topo.isPending ? (
        <Loading />
      ) : topo.isError ? (
        <ErrorState error={topo.error} onRetry={() => topo.refetch()} />
      ) : (
        <div className="grid gap-4 lg:grid-cols-[minmax(0,1fr)_20rem]">
          <div className="min-w-0">
            {elements!.nodes.length === 0 ? (
              <p className="rounded-lg border border-dashed border-slate-300 p-8 text-center text-sm text-slate-600 dark:border-slate-700 dark:text-slate-400">{t("topology.empty")}</p>
            ) : table ? (
              <TopologyTable cluster={name} elements={elements!} onSelect={(id) => setParams({ select: id })} />
            ) : (
              <TopologyCanvas
                handle={canvas}
                className="h-[70vh] min-h-[420px] w-full rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900"
                elements={elements!}
                grouping={grouping}
                theme={theme}
                webgl={webgl}
                label={t("topology.canvas.label", { cluster: name })}
                selected={selected}
                focus={focus}
                marks={marks}
                highlight={highlight}
                onSelect={(id) => setParams({ select: id })}
                onUnfold={unfold}
                onActivate={(id) => {
                  const el = byId.get(id);
                  if (isFolded(id)) unfold([id]);
                  else if (el?.data.kind === "Owner") setParams({ expand: [...new Set([...expand, id])], select: null });
                  else setParams({ select: id });
                }}
              />
            )}
            <Legend />
          </div>
          <DetailsPanel
            cluster={name}
            element={selectedEl}
            elements={elements!}
            expanded={expand}
            nodePorts={topo.data?.summary.nodePorts ?? []}
            onSelect={(id) => setParams({ select: id, focus: id })}
            onClose={() => setParams({ select: null })}
            onExpand={(id) => (isFolded(id) ? unfold([id]) : setParams({ expand: [...new Set([...expand, id])], select: null }))}
            onCollapse={(id) => setParams({ expand: expand.filter((e) => e !== id), select: id, ...(id.startsWith("owner:") ? {} : { focus: id }) })}
          />
        </div>
      )}
    </div>
  );
}
