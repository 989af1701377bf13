"use client";
/** The print-friendly review report of one cluster: `/compare/report?cluster=NAME` (the sidebar is hidden in print). */
import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { PLUGIN_NAME } from "@/lib/plugins/report";
import { PLUGIN_TABLE, CONT_NET_SOURCE } from "@/lib/plugins/table";
import { usePluginComparison } from "@/components/data/hooks";
import { useI18n } from "@/components/shell/i18n";
import { Empty, ErrorState, Loading } from "@/components/ui/primitives";
import { ComparisonView, PRIMARY, ScrollTable } from "./comparison-view";
import { DiffGraphView } from "./diff-graph";

const th = "border-b border-slate-300 px-2 py-1.5 text-left font-medium dark:border-slate-700";
const td = "border-b border-slate-100 px-2 py-1.5 align-top dark:border-slate-800";

export function ReportPage() {
  const { t, lang } = useI18n();
  const cluster = useSearchParams().get("cluster") ?? "";
  const q = usePluginComparison(cluster);
  if (!cluster) return <Empty>{t("compare.report.missingCluster")}</Empty>;
  return (
    <article className="mx-auto max-w-4xl print:max-w-none" data-testid="report">
      <div className="mb-4 flex flex-wrap gap-2 print:hidden">
        <Link href={`/compare?cluster=${encodeURIComponent(cluster)}`} className="rounded-md px-3 py-2 text-sm font-medium text-sky-700 underline dark:text-sky-300">
          {t("compare.report.back")}
        </Link>
        <button type="button" className={PRIMARY} onClick={() => window.print()}>{t("compare.report.printButton")}</button>
        <a
          href={`/api/clusters/${encodeURIComponent(cluster)}/compare/report?lang=${lang}`}
          download
          className="rounded-md border border-slate-300 px-3 py-2 text-sm font-medium dark:border-slate-700"
        >
          {t("compare.report.download")}
        </a>
      </div>
      <h1 className="text-2xl font-semibold tracking-tight">{t("compare.report.heading", { cluster })}</h1>
      {q.isPending ? (
        <Loading />
      ) : q.error ? (
        <ErrorState error={q.error} onRetry={() => q.refetch()} />
      ) : (
        <>
          <p className="mt-1 mb-4 text-sm text-slate-600 dark:text-slate-400">
            {t("compare.report.generated", { date: new Date().toISOString().slice(0, 16).replace("T", " ") + " UTC" })} {t("compare.report.currentPlugin", { plugin: PLUGIN_NAME[q.data.current] })}.{" "}
            {t("compare.facts.immutable")} {t("compare.facts.retired")}
          </p>
          <DiffGraphView graph={q.data.graph} cluster={cluster} />
          <ComparisonView cmp={q.data} print />
          <section className="mt-6 break-inside-avoid-page">
            <h2 className="mb-2 text-base font-semibold">{t("compare.table.title")}</h2>
            <ScrollTable label={t("compare.table.title")}>
              <thead>
                <tr>
                  <th className={th}>{t("compare.table.capability")}</th>
                  <th className={th}>{t("compare.table.flannel")}</th>
                  <th className={th}>{t("compare.table.calico")}</th>
                  <th className={th}>{t("compare.table.meaning")}</th>
                </tr>
              </thead>
              <tbody>
                {PLUGIN_TABLE.map((r) => (
                  <tr key={r.id}>
                    <th scope="row" className={`${td} text-left font-medium`}>
                      {t(r.label)}
                    </th>
                    <td className={td}>{t(r.flannel)}</td>
                    <td className={td}>{t(r.calico)}</td>
                    <td className={td}>{t(r.meaning)}</td>
                  </tr>
                ))}
              </tbody>
            </ScrollTable>
            <p className="mt-2 text-xs text-slate-600 dark:text-slate-400">{t("compare.facts.source", { source: `${CONT_NET_SOURCE.label} — ${CONT_NET_SOURCE.url}` })}</p>
          </section>
        </>
      )}
    </article>
  );
}
