"use client";
/** The sidebar's Topology entry: pick the cluster whose topology to draw. */
import Link from "next/link";
import { useClusters } from "@/components/data/hooks";
import { useI18n } from "@/components/shell/i18n";
import { Empty, ErrorState, Loading, PageHeader } from "@/components/ui/primitives";

export function TopologyPicker() {
  const { t } = useI18n();
  const clusters = useClusters();
  return (
    <div>
      <PageHeader title={t("topology.picker.title")} subtitle={t("topology.picker.subtitle")} />
      {clusters.isPending ? (
        <Loading />
      ) : clusters.isError ? (
        <ErrorState error={clusters.error} onRetry={() => clusters.refetch()} />
      ) : clusters.data.length === 0 ? (
        <Empty>
          <p>{t("topology.picker.none")}</p>
          <Link href="/clusters/new" className="mt-2 inline-block font-medium text-sky-700 underline dark:text-sky-300">
            {t("topology.picker.create")}
          </Link>
        </Empty>
      ) : (
        <ul className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3" data-testid="topology-picker">
          {clusters.data.map((c) => (
            <li key={c.name}>
              <Link
                href={`/clusters/${encodeURIComponent(c.name)}/topology`}
                className="block rounded-lg border border-slate-200 bg-white p-4 shadow-sm hover:border-sky-400 focus-visible:outline-2 focus-visible:outline-sky-500 dark:border-slate-800 dark:bg-slate-900"
              >
                <span className="font-semibold">{c.name}</span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
