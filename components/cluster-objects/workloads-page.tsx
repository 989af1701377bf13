"use client";
/** Deployments, StatefulSets and DaemonSets by namespace, with their replicas and the pods they run. */
import { useMemo, useState } from "react";
import { useClusterObjects, useDeleteObject } from "@/components/data/hooks";
import { ConfirmAction } from "@/components/ui/unsaved";
import { useI18n } from "@/components/shell/i18n";
import { Badge, Empty, ErrorState, Loading, inputClass } from "@/components/ui/primitives";
import { TabHeader } from "./cluster-tabs";
import { workloadsByNamespace, type PodRow, type WorkloadRow } from "./model";

const KIND_TONE = { Deployment: "sky", StatefulSet: "violet", DaemonSet: "amber" } as const;

export function WorkloadsPage({ name }: { name: string }) {
  const { t } = useI18n();
  const objects = useClusterObjects(name);
  const [filter, setFilter] = useState("");
  const groups = useMemo(() => (objects.data ? workloadsByNamespace(objects.data) : []), [objects.data]);
  const visible = useMemo(() => {
    const q = filter.trim().toLowerCase();
    if (!q) return groups;
    return groups
      .map((g) => ({
        ...g,
        workloads: g.workloads.filter((w) => `${g.namespace}/${w.name} ${w.kind} ${w.pods.map((p) => `${p.name} ${p.ip} ${p.node}`).join(" ")}`.toLowerCase().includes(q)),
        standalone: g.standalone.filter((p) => `${g.namespace}/${p.name} ${p.ip} ${p.node}`.toLowerCase().includes(q)),
      }))
      .filter((g) => g.workloads.length || g.standalone.length);
  }, [groups, filter]);

  const totals = useMemo(() => {
    let pods = 0;
    let ready = 0;
    for (const g of groups) {
      for (const w of g.workloads) {
        pods += w.pods.length;
        ready += w.ready;
      }
      pods += g.standalone.length;
      ready += g.standalone.filter((p) => p.ready).length;
    }
    return { pods, ready, workloads: groups.reduce((n, g) => n + g.workloads.length, 0) };
  }, [groups]);

  return (
    <div>
      <TabHeader
        title={t("objects.workloads.title")}
        subtitle={objects.data ? t("objects.workloads.summary", totals) : t("objects.workloads.subtitle")}
        actions={
          groups.length > 0 ? (
            <input type="search" aria-label={t("objects.filter.text")} placeholder={t("objects.filter.text")} value={filter} onChange={(e) => setFilter(e.target.value)} className={`${inputClass} !w-56 !py-1.5`} />
          ) : null
        }
      />
      {objects.isPending ? (
        <Loading />
      ) : objects.isError ? (
        <ErrorState error={objects.error} onRetry={() => objects.refetch()} />
      ) : groups.length === 0 ? (
        <Empty>{t("objects.workloads.empty")}</Empty>
      ) : visible.length === 0 ? (
        <Empty>{t("objects.filter.noMatch")}</Empty>
      ) : (
        <div className="space-y-6">
          {visible.map((g) => (
            <section key={g.namespace} aria-labelledby={`ns-${g.namespace}`} data-testid="workload-namespace">
              <h2 id={`ns-${g.namespace}`} className="mb-2 flex items-center gap-2 text-sm font-semibold">
                <span className="text-slate-500 dark:text-slate-400">{t("objects.namespace")}</span>
                <span className="font-mono">{g.namespace}</span>
              </h2>
              <div className="space-y-3">
                {g.workloads.map((w) => (
                  <WorkloadCard key={`${w.kind}/${w.name}`} cluster={name} w={w} />
                ))}
                {g.standalone.length > 0 && (
                  <div className="rounded-lg border border-slate-200 bg-white shadow-sm dark:border-slate-800 dark:bg-slate-900">
                    <div className="border-b border-slate-200 px-4 py-2 text-sm font-medium dark:border-slate-800">{t("objects.workloads.standalone")}</div>
                    <PodsTable pods={g.standalone} />
                  </div>
                )}
              </div>
            </section>
          ))}
        </div>
      )}
    </div>
  );
}

function WorkloadCard({ cluster, w }: { cluster: string; w: WorkloadRow }) {
  const { t } = useI18n();
  const del = useDeleteObject(cluster);
  const ref = `${w.kind} ${w.namespace}/${w.name}`;
  const healthy = w.ready === w.desired && w.pods.length === w.desired;
  return (
    <article
      className="rounded-lg border border-slate-200 bg-white shadow-sm dark:border-slate-800 dark:bg-slate-900"
      data-testid="workload"
      data-workload={`${w.kind}/${w.namespace}/${w.name}`}
      aria-label={`${w.kind} ${w.namespace}/${w.name}`}
    >
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1 border-b border-slate-200 px-4 py-2 dark:border-slate-800">
        <Badge tone={KIND_TONE[w.kind]}>{w.kind}</Badge>
        <span className="font-medium">{w.name}</span>
        <span className="ml-auto flex items-center gap-2 text-xs">
          <span className="text-slate-500 dark:text-slate-400">{w.kind === "DaemonSet" ? t("objects.workloads.perNode") : t("objects.workloads.replicas")}</span>
          <Badge tone={healthy ? "emerald" : "amber"}>{t("objects.workloads.readyOf", { ready: w.ready, desired: w.desired })}</Badge>
        </span>
        <div className="w-full">
          <ConfirmAction
            small
            label={t("common.delete")}
            ariaLabel={t("objects.workloads.delete", { ref })}
            question={t("objects.workloads.deleteConfirm", { ref })}
            pending={del.isPending}
            error={del.error}
            onConfirm={() => del.mutate({ kind: w.kind, namespace: w.namespace, name: w.name })}
          />
        </div>
      </div>
      {w.pods.length ? <PodsTable pods={w.pods} /> : <p className="px-4 py-3 text-xs text-amber-700 dark:text-amber-400">{t("objects.workloads.noPods")}</p>}
    </article>
  );
}

function PodsTable({ pods }: { pods: PodRow[] }) {
  const { t } = useI18n();
  return (
    <div className="relative overflow-x-auto">
    <table className="w-full min-w-[34rem] table-fixed text-left text-xs">
      <thead className="text-slate-500 dark:text-slate-400">
        <tr>
          <th scope="col" className="w-[34%] px-4 py-1.5 font-medium">{t("objects.pods.name")}</th>
          <th scope="col" className="w-[26%] px-4 py-1.5 font-medium">{t("objects.pods.node")}</th>
          <th scope="col" className="w-[22%] px-4 py-1.5 font-medium">{t("objects.pods.ip")}</th>
          <th scope="col" className="px-4 py-1.5 font-medium">{t("objects.pods.status")}</th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
        {pods.map((p) => (
          <tr key={p.name} data-testid="pod-row">
            <td className="truncate px-4 py-1.5 font-mono" title={p.name}>{p.name}</td>
            <td className="px-4 py-1.5 font-mono">{p.node ?? <span className="font-sans text-amber-700 dark:text-amber-400">{t("objects.pods.unscheduled")}</span>}</td>
            <td className="whitespace-nowrap px-4 py-1.5 font-mono">
              {p.ip ?? "—"}
              {p.hostNetwork && <span className="ml-2 font-sans text-slate-500 dark:text-slate-400">{t("objects.pods.hostNetwork")}</span>}
            </td>
            <td className="px-4 py-1.5">
              <span className="inline-flex items-center gap-1.5">
                <span className="text-slate-600 dark:text-slate-300">{p.phase}</span>
                {p.ready ? <Badge tone="emerald">{t("objects.ready")}</Badge> : <Badge tone="amber">{t("objects.notReady")}</Badge>}
              </span>
              {p.wrongOs && (
                <p role="note" data-testid="wrong-os" className="mt-1 break-words text-amber-800 dark:text-amber-300" title={p.wrongOs}>
                  {t("objects.pods.wrongOs")}
                </p>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
    </div>
  );
}
