"use client";
import Link from "next/link";
import { useCan, useClusters } from "@/components/data/hooks";
import { useI18n } from "@/components/shell/i18n";
import { Badge, Empty, ErrorState, Loading, PageHeader } from "@/components/ui/primitives";
import { PluginBadge } from "./common";

export function ClustersPage() {
  const { t } = useI18n();
  const clusters = useClusters();
  const canCreate = useCan("/api/clusters", "POST");
  const newButton = canCreate && (
    <Link
      href="/clusters/new"
      className="inline-flex items-center justify-center gap-2 rounded-md bg-sky-700 px-3.5 py-2 text-sm font-medium text-white shadow-sm transition hover:bg-sky-800 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-500"
    >
      <span aria-hidden>+</span> {t("clusters.new")}
    </Link>
  );
  return (
    <div>
      <PageHeader title={t("clusters.title")} subtitle={t("clusters.subtitle")} actions={newButton} />
      {clusters.isPending ? (
        <Loading />
      ) : clusters.isError ? (
        <ErrorState error={clusters.error} onRetry={() => clusters.refetch()} />
      ) : clusters.data.length === 0 ? (
        <Empty>
          <p>{t("clusters.empty")}</p>
          <p className="mt-4">{newButton}</p>
        </Empty>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm dark:border-slate-800 dark:bg-slate-900">
          <table className="min-w-full text-sm" data-testid="clusters-table">
            <thead className="bg-slate-50 text-left text-xs uppercase tracking-wide text-slate-500 dark:bg-slate-800/50 dark:text-slate-400">
              <tr>
                <th className="px-4 py-3">{t("clusters.col.name")}</th>
                <th className="px-4 py-3">{t("clusters.col.network")}</th>
                <th className="px-4 py-3">{t("clusters.col.plugin")}</th>
                <th className="px-4 py-3 text-right">{t("clusters.col.controlPlane")}</th>
                <th className="px-4 py-3 text-right">{t("clusters.col.workers")}</th>
                <th className="px-4 py-3 text-right">{t("clusters.col.lb")}</th>
                <th className="px-4 py-3">{t("clusters.col.apiServerVip")}</th>
                <th className="px-4 py-3">{t("clusters.col.version")}</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
              {clusters.data.map((c) => (
                <tr key={c.name} className="hover:bg-slate-50 dark:hover:bg-slate-800/40">
                  <td className="px-4 py-3 font-medium">
                    <Link href={`/clusters/${encodeURIComponent(c.name)}`} className="text-sky-700 hover:underline dark:text-sky-400">
                      {c.name}
                    </Link>
                  </td>
                  <td className="px-4 py-3">
                    <Link href={`/networks/${encodeURIComponent(c.network)}`} className="hover:underline">
                      {c.network}
                    </Link>
                  </td>
                  <td className="px-4 py-3">
                    <PluginBadge plugin={c.primaryNetworkPlugin} />
                  </td>
                  <td className="px-4 py-3 text-right tabular-nums">{c.controlPlaneNodeCount}</td>
                  <td className="px-4 py-3 text-right tabular-nums">
                    {c.workerCount}
                    {c.windowsWorkers > 0 && (
                      <span className="ml-2">
                        <Badge tone="sky">{t("clusters.windowsCount", { count: c.windowsWorkers })}</Badge>
                      </span>
                    )}
                  </td>
                  <td className="px-4 py-3 text-right tabular-nums">{c.loadBalancerCount}</td>
                  <td className="px-4 py-3 font-mono text-xs">{c.apiServerVip ?? "—"}</td>
                  <td className="px-4 py-3 font-mono text-xs">{c.kubernetesVersion || t("clusters.version.default")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
