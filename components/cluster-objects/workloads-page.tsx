"use client";
/** Deployments, StatefulSets and DaemonSets by namespace, with their replicas and the pods they run. */
import { useMemo, useState } from "react";
import { useApplyManifests, useClusterObjects, useDeleteObject } from "@/components/data/hooks";
import type { KubeObject } from "@/lib/kube/types";
import { ConfirmAction } from "@/components/ui/unsaved";
import { useI18n } from "@/components/shell/i18n";
import { Badge, Empty, ErrorState, Loading, inputClass } from "@/components/ui/primitives";
import { TabHeader } from "./cluster-tabs";
import { ObjectLink, markedClass, useLinkParam, useScrollIntoViewWhen } from "@/components/ui/object-link";
import { LINK_PARAMS, objectHref } from "@/components/ui/links";
import Link from "next/link";
import { workloadsByNamespace, type PodRow, type WorkloadRow } from "./model";

const KIND_TONE = { Deployment: "sky", StatefulSet: "violet", DaemonSet: "amber" } as const;

export function WorkloadsPage({ name }: { name: string }) {
  const { t } = useI18n();
  const objects = useClusterObjects(name);
  const [filter, setFilter] = useState("");
  // ?node=<vm>: only the pods on that node; ?pod=ns/name: that pod is marked (components/ui/links.ts)
  const onNode = useLinkParam(LINK_PARAMS.node);
  const linkedPod = useLinkParam(LINK_PARAMS.pod);
  const groups = useMemo(() => {
    const all = objects.data ? workloadsByNamespace(objects.data) : [];
    if (!onNode) return all;
    return all
      .map((g) => ({
        ...g,
        workloads: g.workloads.map((w) => ({ ...w, pods: w.pods.filter((p) => p.node === onNode) })).filter((w) => w.pods.length > 0),
        standalone: g.standalone.filter((p) => p.node === onNode),
      }))
      .filter((g) => g.workloads.length || g.standalone.length);
  }, [objects.data, onNode]);
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
      {onNode && (
        <p role="status" data-testid="node-filter" className="mb-4 flex flex-wrap items-center gap-x-3 rounded-md border border-sky-200 bg-sky-50 px-3 py-2 text-sm text-sky-900 dark:border-sky-900 dark:bg-sky-950/50 dark:text-sky-100">
          <span>{t("links.nodeFilter", { node: onNode })}</span>
          <ObjectLink to={{ kind: "node", cluster: name, name: onNode }} className="font-mono text-xs">
            {onNode}
          </ObjectLink>
          <Link href={objectHref({ kind: "cluster", cluster: name }) + "/workloads"} className="font-medium text-sky-800 underline dark:text-sky-300">
            {t("links.showAll")}
          </Link>
        </p>
      )}
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
                  <WorkloadCard
                    key={`${w.kind}/${w.name}`}
                    cluster={name}
                    w={w}
                    linkedPod={linkedPod}
                    object={objects.data?.find((o) => o.kind === w.kind && o.metadata.name === w.name && (o.metadata.namespace ?? "default") === w.namespace)}
                  />
                ))}
                {g.standalone.length > 0 && (
                  <div className="rounded-lg border border-slate-200 bg-white shadow-sm dark:border-slate-800 dark:bg-slate-900">
                    <div className="border-b border-slate-200 px-4 py-2 text-sm font-medium dark:border-slate-800">{t("objects.workloads.standalone")}</div>
                    <PodsTable cluster={name} pods={g.standalone} linkedPod={linkedPod} />
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

function WorkloadCard({ cluster, w, linkedPod, object }: { cluster: string; w: WorkloadRow; linkedPod: string | null; object?: KubeObject }) {
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
        <div className="flex w-full flex-wrap items-start gap-3">
          {w.kind !== "DaemonSet" && object && <ScaleAction cluster={cluster} w={w} object={object} />}
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
      {w.pods.length ? <PodsTable cluster={cluster} pods={w.pods} linkedPod={linkedPod} /> : <p className="px-4 py-3 text-xs text-amber-700 dark:text-amber-400">{t("objects.workloads.noPods")}</p>}
    </article>
  );
}

function PodsTable({ cluster, pods, linkedPod }: { cluster: string; pods: PodRow[]; linkedPod: string | null }) {
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
          <PodTableRow key={p.name} cluster={cluster} p={p} marked={linkedPod === `${p.namespace}/${p.name}`} />
        ))}
      </tbody>
    </table>
    </div>
  );
}

function PodTableRow({ cluster, p, marked }: { cluster: string; p: PodRow; marked: boolean }) {
  const { t } = useI18n();
  const ref = useScrollIntoViewWhen<HTMLTableRowElement>(marked);
  const pod = `${p.namespace}/${p.name}`;
  return (
          <tr ref={ref} data-testid="pod-row" data-pod={pod} data-marked={marked || undefined} className={marked ? markedClass : undefined}>
            <td className="px-4 py-1.5 font-mono">
              <div className="truncate" title={p.name}>{p.name}</div>
              <ObjectLink to={{ kind: "podPolicies", cluster, namespace: p.namespace, name: p.name }} className="font-sans text-[11px]" context={t("links.podPoliciesOf", { pod })}>
                {t("links.podPolicies")}
              </ObjectLink>
            </td>
            <td className="px-4 py-1.5 font-mono">
              {p.node ? (
                <ObjectLink to={{ kind: "node", cluster, name: p.node }}>{p.node}</ObjectLink>
              ) : (
                <span className="font-sans text-amber-700 dark:text-amber-400">{t("objects.pods.unscheduled")}</span>
              )}
            </td>
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
  );
}

/**
 * kubectl scale: a new `spec.replicas` for a Deployment or StatefulSet, applied through the apply route (the same
 * validation and replica cap as any apply), behind the one confirmation.
 */
function ScaleAction({ cluster, w, object }: { cluster: string; w: WorkloadRow; object: KubeObject }) {
  const { t } = useI18n();
  const apply = useApplyManifests(cluster);
  const [value, setValue] = useState(String(w.desired));
  const [lastDesired, setLastDesired] = useState(w.desired);
  if (lastDesired !== w.desired) {
    // the server's count changed (this scale, another tab): follow it
    setLastDesired(w.desired);
    setValue(String(w.desired));
  }
  const n = /^\d+$/.test(value.trim()) ? Number(value) : NaN;
  const valid = Number.isInteger(n) && n >= 0;
  const ref = `${w.kind} ${w.namespace}/${w.name}`;
  const id = `scale-${w.kind}-${w.namespace}-${w.name}`;
  const manifest = () => {
    const { name, namespace, labels, annotations } = object.metadata as { name: string; namespace?: string; labels?: unknown; annotations?: unknown };
    return JSON.stringify({
      apiVersion: object.apiVersion,
      kind: object.kind,
      metadata: { name, namespace, ...(labels ? { labels } : {}), ...(annotations ? { annotations } : {}) },
      spec: { ...(object.spec as Record<string, unknown>), replicas: n },
    });
  };
  return (
    <div className="flex flex-wrap items-start gap-2">
      <label htmlFor={id} className="sr-only">
        {t("objects.scale.label", { ref })}
      </label>
      <input
        id={id}
        type="number"
        min={0}
        value={value}
        onChange={(e) => setValue(e.target.value)}
        aria-invalid={!valid}
        className={`${inputClass} !w-20 !py-1 font-mono text-xs`}
      />
      <ConfirmAction
        key={w.desired}
        small
        variant="secondary"
        label={t("objects.scale.button")}
        ariaLabel={`${t("objects.scale.button")} ${ref}`}
        question={t("objects.scale.confirm", { ref, from: w.desired, to: Number.isNaN(n) ? value : n })}
        confirmLabel={t("objects.scale.button")}
        pendingLabel={t("objects.scale.pending")}
        disabled={!valid || n === w.desired}
        pending={apply.isPending}
        error={apply.error}
        onConfirm={() => apply.mutate({ text: manifest() })}
      />
    </div>
  );
}
