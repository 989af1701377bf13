"use client";
/**
 * The Compare area: the documentation's Flannel vs Calico table (every row with its practical meaning and source), the
 * facts of the choice (Calico default, immutable, Flannel retired), and the what-if on a stored cluster or uploaded
 * manifests with the review report (Markdown download, print-friendly page). `/compare?cluster=NAME` deep-links.
 */
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useState } from "react";
import type { PluginComparisonDto } from "@/lib/api/compare";
import { PLUGIN_NAME, reviewReportMarkdown } from "@/lib/plugins/report";
import { CONT_NET_SOURCE, NEW_CLUSTER_SOURCE, PLUGIN_TABLE } from "@/lib/plugins/table";
import { useClusters, useCompareManifests, usePluginComparison } from "@/components/data/hooks";
import { useI18n } from "@/components/shell/i18n";
import { Badge, Card, Empty, ErrorState, inputClass, Loading, PageHeader } from "@/components/ui/primitives";
import { ComparisonView, PRIMARY, ScrollTable } from "./comparison-view";
import { MigrationPanel } from "./migration-panel";
import { useSessionText } from "@/components/ui/unsaved";

const th = "border-b border-slate-200 px-2 py-2 text-left font-medium dark:border-slate-700";
const td = "border-b border-slate-100 px-2 py-2 align-top dark:border-slate-800";
const linkClass = "font-medium text-sky-700 underline hover:text-sky-900 dark:text-sky-300 dark:hover:text-sky-100";

function SourceLink({ source }: { source: { label: string; url: string } }) {
  return (
    <a href={source.url} className={linkClass} rel="noreferrer">
      {source.label}
    </a>
  );
}

function Facts() {
  const { t } = useI18n();
  return (
    <Card title={t("compare.facts.title")} className="mb-6">
      <ul className="flex flex-col gap-2 text-sm" data-testid="facts">
        <li className="flex flex-wrap items-baseline gap-2">
          <Badge tone="sky">Calico</Badge>
          {t("compare.facts.default")}
        </li>
        <li className="flex flex-wrap items-baseline gap-2">
          <Badge tone="amber">!</Badge>
          {t("compare.facts.immutable")}
        </li>
        <li className="flex flex-wrap items-baseline gap-2">
          <Badge tone="rose">Flannel</Badge>
          {t("compare.facts.retired")}
        </li>
        <li>{t("compare.facts.overlay")}</li>
      </ul>
      <p className="mt-3 text-xs text-slate-600 dark:text-slate-400">
        {t("compare.facts.source", { source: "" })}
        <SourceLink source={CONT_NET_SOURCE} />; <SourceLink source={NEW_CLUSTER_SOURCE} />
      </p>
    </Card>
  );
}

function PluginTable() {
  const { t } = useI18n();
  return (
    <Card title={t("compare.table.title")} className="mb-6">
      <p className="mb-3 text-sm text-slate-600 dark:text-slate-400">{t("compare.table.caption")}</p>
      <ScrollTable label={t("compare.table.title")}>
        <thead>
          <tr>
            <th className={th}>{t("compare.table.capability")}</th>
            <th className={th}>{t("compare.table.flannel")}</th>
            <th className={th}>{t("compare.table.calico")}</th>
            <th className={`${th} min-w-64`}>{t("compare.table.meaning")}</th>
            <th className={th}>{t("compare.table.source")}</th>
          </tr>
        </thead>
        <tbody data-testid="plugin-table">
          {PLUGIN_TABLE.map((r) => (
            <tr key={r.id} className={r.differs ? "bg-amber-50 dark:bg-amber-950/30" : ""} data-differs={r.differs}>
              <th scope="row" className={`${td} text-left font-medium`}>
                {t(r.label)}
              </th>
              <td className={td}>{t(r.flannel)}</td>
              <td className={td}>{t(r.calico)}</td>
              <td className={`${td} text-slate-700 dark:text-slate-300`}>{t(r.meaning)}</td>
              <td className={`${td} text-xs`}>
                <a href={r.source.url} className={linkClass} rel="noreferrer">
                  CONT-NET
                </a>
              </td>
            </tr>
          ))}
        </tbody>
      </ScrollTable>
    </Card>
  );
}

function download(name: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type: "text/markdown;charset=utf-8" }));
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function ReportActions({ cluster, cmp }: { cluster?: string; cmp: PluginComparisonDto }) {
  const { t, lang } = useI18n();
  return (
    <div className="flex flex-wrap gap-2" data-testid="report-actions">
      {cluster ? (
        <a
          href={`/api/clusters/${encodeURIComponent(cluster)}/compare/report?lang=${lang}`}
          download
          className={PRIMARY}
        >
          {t("compare.report.download")}
        </a>
      ) : (
        <button type="button" className={PRIMARY} onClick={() => download(`hcinet-plugin-review-${cmp.cluster}.md`, reviewReportMarkdown(cmp, lang))}>
          {t("compare.report.download")}
        </button>
      )}
      {cluster && (
        <Link
          href={`/compare/report?cluster=${encodeURIComponent(cluster)}`}
          className="inline-flex items-center rounded-md border border-slate-300 bg-white px-3.5 py-2 text-sm font-medium text-slate-800 shadow-sm hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-500 dark:border-slate-700 dark:bg-slate-800 dark:text-slate-100 dark:hover:bg-slate-700"
        >
          {t("compare.report.print")}
        </Link>
      )}
    </div>
  );
}

function ClusterWhatIf({ cluster }: { cluster: string }) {
  const { t } = useI18n();
  const q = usePluginComparison(cluster);
  if (q.isPending) return <Loading />;
  if (q.error) return <ErrorState error={q.error} onRetry={() => q.refetch()} />;
  const cmp = q.data;
  return (
    <>
      <div className="mb-4 flex flex-wrap items-center justify-between gap-3">
        <p className="text-sm">{t("compare.whatif.current", { plugin: PLUGIN_NAME[cmp.current] })}</p>
        <ReportActions cluster={cluster} cmp={cmp} />
      </div>
      {cmp.diff.pods.length === 0 ? <Empty>{t("compare.whatif.noPods")}</Empty> : <ComparisonView cmp={cmp} />}
      <MigrationPanel cluster={cluster} />
    </>
  );
}

function UploadWhatIf() {
  const { t } = useI18n();
  const [text, setText] = useState("");
  // the pasted manifests survive a reload (per tab)
  useSessionText("hcinet-compare-upload", text, true, setText);
  const [empty, setEmpty] = useState(false);
  const m = useCompareManifests();
  return (
    <>
      <div className="flex flex-col gap-2">
        <label htmlFor="compare-manifests" className="text-sm font-medium">
          {t("compare.whatif.upload.label")}
        </label>
        <textarea id="compare-manifests" value={text} onChange={(e) => setText(e.target.value)} rows={8} spellCheck={false} className={`${inputClass} font-mono text-xs`} />
        <div className="flex flex-wrap items-center gap-3">
          <label className="text-sm">
            <span className="mr-2">{t("compare.whatif.upload.file")}</span>
            <input
              type="file"
              accept=".yaml,.yml,.json,.txt"
              className="text-sm file:mr-2 file:rounded file:border file:border-slate-300 file:bg-white file:px-2 file:py-1 dark:file:border-slate-700 dark:file:bg-slate-800 dark:file:text-slate-100"
              onChange={async (e) => {
                const f = e.target.files?.[0];
                if (f) setText(await f.text());
              }}
            />
          </label>
          <button
            type="button"
            className={PRIMARY}
            disabled={m.isPending}
            onClick={() => {
              setEmpty(!text.trim());
              if (text.trim()) m.mutate(text);
            }}
          >
            {m.isPending ? t("compare.whatif.upload.running") : t("compare.whatif.upload.run")}
          </button>
        </div>
        {empty && <p className="text-sm text-rose-700 dark:text-rose-300">{t("compare.whatif.upload.empty")}</p>}
      </div>
      {m.error && (
        <div className="mt-4">
          <ErrorState error={m.error} />
          {"fields" in m.error && Array.isArray((m.error as { fields?: unknown }).fields) && (
            <ul className="mt-2 list-disc pl-5 text-sm text-rose-800 dark:text-rose-200">
              {((m.error as { fields: { path: string; message: string; line?: number; document?: number }[] }).fields ?? []).slice(0, 10).map((f, i) => (
                <li key={i}>
                  {f.document !== undefined ? `#${f.document}` : ""}
                  {f.line !== undefined ? `:${f.line} ` : " "}
                  {f.path}: {f.message}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      {m.data && (
        <div className="mt-6">
          <div className="mb-4 flex justify-end">
            <ReportActions cmp={m.data} />
          </div>
          {m.data.diff.pods.length === 0 ? <Empty>{t("compare.whatif.noPods")}</Empty> : <ComparisonView cmp={m.data} />}
        </div>
      )}
    </>
  );
}

export function ComparePage() {
  const { t } = useI18n();
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const clusters = useClusters();
  const [mode, setMode] = useState<"cluster" | "upload">(params.get("source") === "upload" ? "upload" : "cluster");
  const cluster = params.get("cluster") ?? clusters.data?.find((c) => c.primaryNetworkPlugin === "flannel")?.name ?? clusters.data?.[0]?.name ?? "";

  return (
    <div className="max-w-6xl">
      <PageHeader title={t("compare.title")} subtitle={t("compare.subtitle")} />
      <Facts />
      <PluginTable />
      <Card title={t("compare.whatif.title")}>
        <p className="mb-4 text-sm text-slate-600 dark:text-slate-400">{t("compare.whatif.intro")}</p>
        <fieldset className="mb-4 flex flex-wrap items-center gap-4">
          <legend className="sr-only">{t("compare.whatif.source")}</legend>
          {(["cluster", "upload"] as const).map((m) => (
            <label key={m} className="flex items-center gap-2 text-sm">
              <input
                type="radio"
                name="compare-source"
                value={m}
                checked={mode === m}
                onChange={() => {
                  setMode(m);
                  // the choice is in the URL, so a reload (or a shared link) opens the same source
                  const q = new URLSearchParams(params.toString());
                  if (m === "upload") q.set("source", "upload");
                  else q.delete("source");
                  const qs = q.toString();
                  router.replace(qs ? `${pathname}?${qs}` : pathname, { scroll: false });
                }}
              />
              {t(m === "cluster" ? "compare.whatif.source.cluster" : "compare.whatif.source.upload")}
            </label>
          ))}
          {mode === "cluster" && clusters.data && clusters.data.length > 0 && (
            <label className="flex items-center gap-2 text-sm">
              <span className="font-medium">{t("compare.whatif.cluster")}</span>
              <select
                value={cluster}
                onChange={(e) => router.replace(`${pathname}?cluster=${encodeURIComponent(e.target.value)}`, { scroll: false })}
                className="rounded-md border border-slate-300 bg-white px-2 py-1.5 dark:border-slate-700 dark:bg-slate-800"
              >
                {clusters.data.map((c) => (
                  <option key={c.name} value={c.name}>
                    {c.name} ({PLUGIN_NAME[c.primaryNetworkPlugin === "flannel" ? "flannel" : "calico"]})
                  </option>
                ))}
              </select>
            </label>
          )}
        </fieldset>
        {mode === "upload" ? (
          <UploadWhatIf />
        ) : clusters.isPending ? (
          <Loading />
        ) : clusters.error ? (
          <ErrorState error={clusters.error} onRetry={() => clusters.refetch()} />
        ) : !cluster ? (
          <Empty>{t("compare.whatif.noClusters")}</Empty>
        ) : (
          <ClusterWhatIf cluster={cluster} />
        )}
      </Card>
    </div>
  );
}
