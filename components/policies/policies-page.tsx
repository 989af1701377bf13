"use client";
/**
 * The Policies area: who can reach whom on a port, and why. A cluster picker (default: the first Calico cluster), the
 * reachability heatmap with its explanation panel, the policy list and the posture panel. Deep-linkable:
 * `/policies?cluster=shopcalico&port=8080/TCP&from=ns/pod&to=ns/pod`.
 */
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback, useDeferredValue, useEffect, useMemo, useState } from "react";
import { useClusterPods, useClusters, usePolicies, useReachability, useWouldBeReachability } from "@/components/data/hooks";
import { useI18n } from "@/components/shell/i18n";
import { useTheme } from "@/components/shell/theme";
import { Badge, Card, Empty, ErrorState, Loading, PageHeader, Spinner } from "@/components/ui/primitives";
import { LabelFilter, NamespaceFilter, PortPicker } from "./controls";
import { ExplainPanel } from "./explain-panel";
import { HEATMAP_COLORS, Heatmap } from "./heatmap";
import { countVerdicts, filterView, normalizePort, parseLabelFilter, podLabels, portPresets } from "./model";
import { CalicoPolicyList } from "./calico-list";
import { PolicyList } from "./policy-list";
import { PosturePanel } from "./posture-panel";

function Swatch({ color, label, value }: { color: string; label: string; value?: number }) {
  return (
    <span className="inline-flex items-center gap-1.5">
      <i className="inline-block h-3 w-3 rounded-[2px]" style={{ background: color }} aria-hidden />
      {label}
      {value !== undefined && <b className="tabular-nums text-slate-900 dark:text-slate-100">{value.toLocaleString("en-US")}</b>}
    </span>
  );
}

function NotEnforcedBanner({ policyCount, on, onToggle, loading }: { policyCount: number | undefined; on: boolean; onToggle(v: boolean): void; loading: boolean }) {
  const { t } = useI18n();
  return (
    <div
      role="status"
      data-testid="not-enforced-banner"
      className="mb-6 flex flex-wrap items-start gap-4 rounded-lg border border-amber-300 bg-amber-50 px-4 py-3 text-amber-950 dark:border-amber-800 dark:bg-amber-950/50 dark:text-amber-100"
    >
      <svg viewBox="0 0 24 24" className="mt-0.5 h-6 w-6 shrink-0 text-amber-600 dark:text-amber-400" fill="none" stroke="currentColor" strokeWidth="2" aria-hidden>
        <path d="M12 3l10 18H2z" strokeLinejoin="round" />
        <path d="M12 10v5M12 18h.01" strokeLinecap="round" />
      </svg>
      <div className="min-w-0 flex-1">
        <h2 className="font-semibold">{t("policies.flannel.title")}</h2>
        <p className="mt-0.5 text-sm">{policyCount === undefined ? t("policies.flannel.bodyNoCount") : t("policies.flannel.body", { count: policyCount })}</p>
      </div>
      <label className="flex cursor-pointer items-center gap-2 self-center text-sm font-medium">
        <button
          type="button"
          role="switch"
          aria-checked={on}
          onClick={() => onToggle(!on)}
          className={`relative h-6 w-11 shrink-0 rounded-full transition focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-500 ${on ? "bg-sky-600" : "bg-slate-300 dark:bg-slate-600"}`}
        >
          <span className={`absolute top-0.5 h-5 w-5 rounded-full bg-white shadow transition-all ${on ? "left-5.5" : "left-0.5"}`} />
        </button>
        {t("policies.flannel.toggle")}
        {loading && <Spinner />}
      </label>
    </div>
  );
}

export function PoliciesPage() {
  const { t } = useI18n();
  const { theme } = useTheme();
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const clusters = useClusters();

  const paramCluster = params.get("cluster");
  const cluster = paramCluster ?? clusters.data?.find((c) => c.primaryNetworkPlugin === "calico")?.name ?? clusters.data?.[0]?.name ?? "";
  const summary = clusters.data?.find((c) => c.name === cluster);

  const setParams = useCallback(
    (patch: Record<string, string | null>) => {
      const q = new URLSearchParams(params.toString());
      for (const [k, v] of Object.entries(patch)) {
        if (v === null) q.delete(k);
        else q.set(k, v);
      }
      router.replace(`${pathname}?${q.toString().replace(/%2F/g, "/")}`, { scroll: false });
    },
    [params, pathname, router],
  );

  const pods = useClusterPods(cluster);
  const presets = useMemo(() => portPresets(pods.data), [pods.data]);
  const paramPort = params.get("port");
  const port = (paramPort ? normalizePort(paramPort) : null) ?? (pods.isPending && !paramPort ? "" : (presets[0]?.port ?? "80/TCP"));
  const badPortParam = paramPort !== null && normalizePort(paramPort) === null;

  const reach = useReachability(cluster, port);
  const policies = usePolicies(cluster);
  const plugin = reach.data?.plugin ?? policies.data?.plugin ?? summary?.primaryNetworkPlugin;
  const flannel = plugin === "flannel";
  const [showCalico, setShowCalico] = useState(false);
  const wouldBe = useWouldBeReachability(cluster, port, reach.data, flannel && showCalico);
  const preview = flannel && showCalico;
  const shown = preview ? wouldBe.data : reach.data;

  // filters: namespaces (multi-select) and labels, applied to rows and columns
  const [namespaces, setNamespaces] = useState<string[]>([]);
  const [labelText, setLabelText] = useState("");
  const deferredLabels = useDeferredValue(labelText);
  useEffect(() => {
    setNamespaces([]);
    setLabelText("");
    setShowCalico(false);
  }, [cluster]);
  const terms = useMemo(() => parseLabelFilter(deferredLabels), [deferredLabels]);
  const labels = useMemo(() => podLabels(pods.data), [pods.data]);
  const nsCounts = useMemo(() => {
    const m = new Map<string, number>();
    for (const ns of reach.data?.namespaces ?? []) m.set(ns, (m.get(ns) ?? 0) + 1);
    return [...m].map(([name, count]) => ({ name, pods: count }));
  }, [reach.data]);
  const view = useMemo(() => (reach.data ? filterView(reach.data, namespaces, terms ?? [], labels) : new Int32Array(0)), [reach.data, namespaces, terms, labels]);
  const counts = useMemo(() => (shown ? countVerdicts(shown, view) : null), [shown, view]);

  // the explained connection lives in the URL (from / to), so an explanation can be linked
  const from = params.get("from");
  const to = params.get("to");
  const podIndex = useMemo(() => new Map((reach.data?.pods ?? []).map((p, i) => [p, i])), [reach.data]);
  // one object per (from, to): a new object on every render made the explain form reset the user's selection
  const connection = useMemo(() => (from && to ? { from, to } : null), [from, to]);
  const selected = connection && podIndex.has(connection.from) && podIndex.has(connection.to) ? { i: podIndex.get(connection.from)!, j: podIndex.get(connection.to)! } : null;
  const explain = useCallback((f: string, d: string) => setParams({ from: f, to: d }), [setParams]);
  const onSelect = useCallback((i: number, j: number) => reach.data && explain(reach.data.pods[i], reach.data.pods[j]), [reach.data, explain]);

  const header = (
    <PageHeader
      title={t("policies.title")}
      subtitle={t("policies.subtitle")}
      actions={
        clusters.data && clusters.data.length > 0 ? (
          <label className="flex items-center gap-2 text-sm">
            <span className="text-slate-600 dark:text-slate-400">{t("policies.cluster")}</span>
            <select
              value={cluster}
              onChange={(e) => setParams({ cluster: e.target.value, from: null, to: null })}
              className="rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm dark:border-slate-700 dark:bg-slate-900"
              aria-label={t("policies.cluster")}
            >
              {!summary && cluster && <option value={cluster}>{cluster}</option>}
              {clusters.data.map((c) => (
                <option key={c.name} value={c.name}>
                  {c.name} · {c.primaryNetworkPlugin === "calico" ? "Calico" : "Flannel"}
                </option>
              ))}
            </select>
          </label>
        ) : undefined
      }
    />
  );

  if (clusters.isPending)
    return (
      <div>
        {header}
        <Loading />
      </div>
    );
  if (clusters.isError)
    return (
      <div>
        {header}
        <ErrorState error={clusters.error} onRetry={() => clusters.refetch()} />
      </div>
    );
  if (clusters.data.length === 0)
    return (
      <div>
        {header}
        <Empty>
          {t("policies.noClusters")}{" "}
          <Link href="/clusters/new" className="font-medium text-sky-700 hover:underline dark:text-sky-400">
            {t("policies.noClusters.create")}
          </Link>
        </Empty>
      </div>
    );

  const totalPods = reach.data?.pods.length ?? 0;
  const legendAllowed = preview ? t("policies.legend.wouldAllow") : t("policies.legend.allowed");
  const legendDenied = preview ? t("policies.legend.wouldDeny") : t("policies.legend.denied");

  return (
    <div data-testid="policies-page" data-cluster={cluster} data-plugin={plugin}>
      {header}
      {flannel && <NotEnforcedBanner policyCount={policies.data?.policies.length} on={showCalico} onToggle={setShowCalico} loading={wouldBe.isFetching} />}
      {badPortParam && (
        <p role="alert" className="mb-4 rounded-md bg-rose-50 px-3 py-2 text-sm text-rose-800 dark:bg-rose-950 dark:text-rose-200">
          {t("policies.port.badParam", { value: paramPort ?? "" })}
        </p>
      )}

      <Card className="mb-6">
        <div className="grid grid-cols-1 gap-5 md:grid-cols-2 xl:grid-cols-[minmax(0,26rem)_minmax(0,1fr)_minmax(14rem,20rem)]">
          <PortPicker port={port} presets={presets} onChange={(p) => setParams({ port: p })} />
          <NamespaceFilter namespaces={nsCounts} selected={namespaces} onChange={setNamespaces} />
          <LabelFilter value={labelText} onChange={setLabelText} invalid={terms === null} matched={view.length} total={totalPods} />
        </div>
      </Card>

      <div className="grid grid-cols-1 items-start gap-6 xl:grid-cols-[minmax(0,1fr)_24rem]">
        <Card
          title={
            <span className="flex flex-wrap items-center gap-2">
              {t("policies.heatmap.title", { port: port || "…" })}
              {preview && <Badge tone="amber">{t("policies.heatmap.preview")}</Badge>}
              {flannel && !preview && <Badge tone="amber">{t("policies.heatmap.notEnforced")}</Badge>}
            </span>
          }
        >
          <div className="mb-3 flex flex-wrap items-start justify-between gap-x-6 gap-y-2">
            <p className="max-w-xl text-xs text-slate-500 dark:text-slate-400">{t("policies.heatmap.axes")}</p>
            {shown && counts && (
              <span className="flex flex-wrap items-center gap-x-4 gap-y-1 text-xs text-slate-600 dark:text-slate-400" data-testid="heatmap-legend">
                <Swatch color={HEATMAP_COLORS.allowed[theme]} label={legendAllowed} value={counts.allowed} />
                <Swatch color={HEATMAP_COLORS.denied[theme]} label={legendDenied} value={counts.denied} />
                <Swatch color={HEATMAP_COLORS.diagonal[theme]} label={t("policies.legend.self")} />
              </span>
            )}
          </div>
          {!port || reach.isPending || (preview && wouldBe.isPending) ? (
            <Loading />
          ) : reach.isError ? (
            <ErrorState error={reach.error} onRetry={() => reach.refetch()} />
          ) : preview && wouldBe.isError ? (
            <ErrorState error={wouldBe.error} onRetry={() => wouldBe.refetch()} />
          ) : !shown || totalPods === 0 ? (
            <Empty>{t("policies.heatmap.noPods")}</Empty>
          ) : view.length === 0 ? (
            <Empty>{t("policies.heatmap.noMatch")}</Empty>
          ) : (
            <Heatmap data={shown} view={view} selected={selected} onSelect={onSelect} wouldBe={preview} />
          )}
        </Card>

        <div className="xl:sticky xl:top-6">
          <Card title={t("policies.explain.title")}>
            {reach.data ? (
              <ExplainPanel cluster={cluster} port={port} pods={reach.data.pods} connection={connection} onExplain={explain} />
            ) : reach.isError ? (
              <p className="text-sm text-slate-500 dark:text-slate-400">{t("policies.explain.unavailable")}</p>
            ) : (
              <Loading />
            )}
          </Card>
        </div>
      </div>

      {policies.data && policies.data.calico.length > 0 && (
        <Card className="mt-6" title={t("policies.calico.list.title")}>
          <CalicoPolicyList tiers={policies.data.calico} enforced={policies.data.enforced} />
        </Card>
      )}

      <div className="mt-6 grid grid-cols-1 items-start gap-6 xl:grid-cols-[minmax(0,1fr)_24rem]">
        <Card title={t("policies.list.title", { count: policies.data?.policies.length ?? "…" })}>
          {policies.isPending ? (
            <Loading />
          ) : policies.isError ? (
            <ErrorState error={policies.error} onRetry={() => policies.refetch()} />
          ) : (
            <PolicyList policies={policies.data.policies} />
          )}
        </Card>
        <Card title={t("policies.posture.title")}>
          {policies.isPending ? (
            <Loading />
          ) : policies.isError ? (
            <ErrorState error={policies.error} onRetry={() => policies.refetch()} />
          ) : (
            <PosturePanel posture={policies.data.posture} podCount={reach.data?.pods.length} />
          )}
        </Card>
      </div>
    </div>
  );
}
