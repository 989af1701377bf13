"use client";
/** /traffic: the sidebar's Traffic entry — pick a cluster, then trace in its Traffic tab. */
import Link from "next/link";
import { useI18n } from "@/components/shell/i18n";
import { useClusters } from "@/components/data/hooks";
import { Badge, Card, Empty, ErrorState, Loading, PageHeader } from "@/components/ui/primitives";

export function TrafficIndex() {
  const { t } = useI18n();
  const clusters = useClusters();
  return (
    <div>
      <PageHeader title={t("traffic.index.title")} subtitle={t("traffic.index.subtitle")} />
      {clusters.isPending ? (
        <Loading />
      ) : clusters.error ? (
        <ErrorState error={clusters.error} onRetry={() => clusters.refetch()} />
      ) : clusters.data.length === 0 ? (
        <Empty>{t("traffic.noClusters")}</Empty>
      ) : (
        <Card>
          <ul className="flex flex-col gap-2">
            {clusters.data.map((c) => (
              <li key={c.name} className="flex flex-wrap items-center gap-2">
                <Link href={`/clusters/${encodeURIComponent(c.name)}/traffic`} className="font-medium text-sky-800 underline focus-visible:outline-2 focus-visible:outline-sky-500 dark:text-sky-300">
                  {t("traffic.index.open", { name: c.name })}
                </Link>
                <Badge tone={c.primaryNetworkPlugin === "calico" ? "emerald" : "amber"}>{c.primaryNetworkPlugin}</Badge>
              </li>
            ))}
          </ul>
        </Card>
      )}
    </div>
  );
}
