"use client";
import { ObjectLink } from "@/components/ui/object-link";
import { allocationOwnerRef } from "@/components/ui/links";
import Link from "next/link";
import { useRouter, useSearchParams } from "next/navigation";
import { useMemo, useState } from "react";
import { useAllocations, useCan, useDeleteNetwork, useNetwork, useNetworkConflicts } from "@/components/data/hooks";
import type { AllocationDto } from "@/lib/api/dto";
import { useI18n } from "@/components/shell/i18n";
import { codeKey } from "@/lib/i18n/labels";
import { Badge, Card, Empty, ErrorState, Loading, PageHeader, inputClass } from "@/components/ui/primitives";
import { ConfirmAction } from "@/components/ui/unsaved";
import { PrefixBar, UsageBar } from "./pool-bars";
import { AddressMap } from "./address-map";
import { ConflictsCard } from "./conflicts-card";

export function NetworkDetail({ name }: { name: string }) {
  const { t } = useI18n();
  const router = useRouter();
  const created = useSearchParams().get("created") === "1";
  const net = useNetwork(name);
  const allocations = useAllocations(name);
  const del = useDeleteNetwork();
  const canChange = useCan("/api/networks/[name]", "DELETE");

  if (net.isPending) return <Loading />;
  if (net.isError) return <ErrorState error={net.error} onRetry={() => net.refetch()} />;
  const n = net.data;

  const settings: [string, string][] = [
    ["vswitchName", n.vswitchName],
    ["ipAddressPrefix", n.ipAddressPrefix ?? "—"],
    ["gateway", n.gateway ?? "—"],
    ["dnsServers", n.dnsServers.join(", ") || "—"],
    ["k8sNodeIpPoolStart", n.k8sNodeIpPoolStart ?? "—"],
    ["k8sNodeIpPoolEnd", n.k8sNodeIpPoolEnd ?? "—"],
    ["vipPoolStart", n.vipPoolStart],
    ["vipPoolEnd", n.vipPoolEnd],
    ["vlanID", n.vlanID === null ? "—" : String(n.vlanID)],
  ];

  return (
    <div>
      <nav className="mb-2 text-sm">
        <Link href="/networks" className="text-sky-700 underline decoration-sky-700/40 underline-offset-2 hover:decoration-current dark:text-sky-400 dark:decoration-sky-400/50">
          ← {t("nav.networks")}
        </Link>
      </nav>
      <PageHeader
        title={n.name}
        subtitle={`${t(n.ipAssignment === "static" ? "networks.mode.static" : "networks.mode.dhcp")} · ${n.ipAddressPrefix ?? "DHCP"}`}
        actions={
          canChange && (
          <>
            <Link
              href={`/clusters/new?network=${encodeURIComponent(n.name)}`}
              className="inline-flex items-center self-start rounded-md bg-sky-700 px-3.5 py-2 text-sm font-medium text-white shadow-sm hover:bg-sky-800 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-500"
            >
              + {t("networks.detail.newCluster")}
            </Link>
            <ConfirmAction
              label={t("common.delete")}
              question={t("networks.detail.deleteConfirm", { name: n.name })}
              pending={del.isPending}
              error={del.error}
              onConfirm={() => del.mutate(n.name, { onSuccess: () => router.push("/networks") })}
              disabled={n.clusters.length > 0}
              title={n.clusters.length > 0 ? t("networks.detail.inUse", { clusters: n.clusters.join(", ") }) : undefined}
              testId="network-delete"
            />
          </>
          )
        }
      />
      {created && (
        <p role="status" className="mb-4 rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800 dark:bg-emerald-950 dark:text-emerald-200">
          {t("networks.created", { name: n.name })}
        </p>
      )}
      {n.clusters.length > 0 && (
        <p className="mb-4 text-sm text-slate-600 dark:text-slate-400" data-testid="network-clusters">
          {t("networks.detail.usedBy")}{" "}
          {n.clusters.map((c, i) => (
            <span key={c}>
              {i > 0 && ", "}
              <ObjectLink to={{ kind: "cluster", cluster: c }} className="font-medium">
                {c}
              </ObjectLink>
            </span>
          ))}
        </p>
      )}
      <div className="grid gap-6 xl:grid-cols-3">
        <Card title={t("networks.detail.pools")} className="xl:col-span-2">
          <div className="space-y-6">
            <PrefixBar net={n} />
            {n.usage.node ? <UsageBar label={t("pool.node")} usage={n.usage.node} tone="sky" /> : <p className="text-sm text-slate-500 dark:text-slate-400">{t("pool.dhcp")}</p>}
            <UsageBar label={t("pool.vip")} usage={n.usage.vip} tone="violet" />
            <p data-testid="network-forecast" className="rounded-md bg-slate-50 px-3 py-2 text-sm text-slate-700 dark:bg-slate-800/60 dark:text-slate-300">
              {n.forecast.workerNodes === null
                ? t("networks.detail.forecastDhcp", { vips: n.forecast.loadBalancerVips })
                : t("networks.detail.forecast", { workers: n.forecast.workerNodes, vips: n.forecast.loadBalancerVips, clusters: n.forecast.clusters ?? 0 })}
            </p>
          </div>
        </Card>
        <Card title={t("networks.detail.settings")}>
          <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1.5 text-sm">
            {settings.map(([k, v]) => (
              <div key={k} className="contents">
                <dt className="font-mono text-xs text-slate-500 dark:text-slate-400 leading-5">-{k}</dt>
                <dd className="font-mono text-xs leading-5 break-all">{v}</dd>
              </div>
            ))}
          </dl>
        </Card>
      </div>
      <ConflictsCard name={n.name} />
      {/* Address map (Clusters area): every address of both pools, coloured by owner kind */}
      <Card title={t("clusters.map.title")} className="mt-6">
        {allocations.isPending ? (
          <Loading />
        ) : allocations.isError ? (
          <ErrorState error={allocations.error} onRetry={() => allocations.refetch()} />
        ) : (
          <AddressMap net={n} allocations={allocations.data} />
        )}
      </Card>
      <Card title={t("networks.detail.allocations")} className="mt-6">
        {allocations.isPending ? (
          <Loading />
        ) : allocations.isError ? (
          <ErrorState error={allocations.error} onRetry={() => allocations.refetch()} />
        ) : allocations.data.length === 0 ? (
          <Empty>{t("networks.detail.noAllocations")}</Empty>
        ) : (
          <AllocationsTable rows={allocations.data} />
        )}
      </Card>
    </div>
  );
}

/** Where an allocation's owner lives: its cluster's page (nodes) or Services tab (VIPs of Services). */

/** An allocation's owner kind ("upgrade-spare", "controlplane", …) in the reader's language; an unknown kind as stored. */
function ownerKindLabel(t: ReturnType<typeof useI18n>["t"], kind: string): string {
  const key = codeKey("alloc.role", kind);
  return key ? t(key) : kind;
}

function poolLabel(t: ReturnType<typeof useI18n>["t"], pool: string): string {
  return pool === "vip" ? t("alloc.pool.vip") : pool === "node" ? t("alloc.pool.node") : pool;
}

/** Every address handed out on this network: filterable by text, pool and cluster; owners link to their pages. */
function AllocationsTable({ rows }: { rows: AllocationDto[] }) {
  const { t } = useI18n();
  const [q, setQ] = useState("");
  const [pool, setPool] = useState<"" | "node" | "vip">("");
  const [cluster, setCluster] = useState("");
  const clusters = useMemo(() => [...new Set(rows.map((r) => r.clusterName).filter((c): c is string => c !== null))].sort(), [rows]);
  const shown = useMemo(() => {
    const needle = q.trim().toLowerCase();
    return rows.filter(
      (a) =>
        (!pool || a.pool === pool) &&
        (!cluster || a.clusterName === cluster) &&
        (!needle || `${a.address} ${a.ownerKind} ${ownerKindLabel(t, a.ownerKind)} ${a.ownerName} ${a.clusterName ?? ""}`.toLowerCase().includes(needle)),
    );
  }, [rows, q, pool, cluster, t]);
  return (
    <div>
      <div className="mb-3 flex flex-wrap items-center gap-2" role="search" aria-label={t("alloc.filter")}>
        <input type="search" value={q} onChange={(e) => setQ(e.target.value)} aria-label={t("alloc.filter.text")} placeholder={t("alloc.filter.text")} className={`${inputClass} !w-56 !py-1.5`} />
        <select value={pool} onChange={(e) => setPool(e.target.value as "" | "node" | "vip")} aria-label={t("alloc.pool")} className={`${inputClass} !w-auto !py-1.5`}>
          <option value="">{t("alloc.filter.allPools")}</option>
          <option value="node">{t("pool.node")}</option>
          <option value="vip">{t("pool.vip")}</option>
        </select>
        <select value={cluster} onChange={(e) => setCluster(e.target.value)} aria-label={t("alloc.cluster")} className={`${inputClass} !w-auto !py-1.5`}>
          <option value="">{t("alloc.filter.allClusters")}</option>
          {clusters.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
        <span className="text-xs text-slate-600 dark:text-slate-400" role="status" data-testid="allocations-count">
          {t("alloc.filter.count", { shown: shown.length, total: rows.length })}
        </span>
      </div>
      <div className="relative overflow-x-auto">
        <table className="min-w-full text-sm" data-testid="allocations-table">
          <thead className="text-left text-xs uppercase tracking-wide text-slate-500 dark:text-slate-400">
            <tr>
              <th className="py-2 pr-4">{t("alloc.address")}</th>
              <th className="py-2 pr-4">{t("alloc.pool")}</th>
              <th className="py-2 pr-4">{t("alloc.owner")}</th>
              <th className="py-2 pr-4">{t("alloc.cluster")}</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
            {shown.map((a) => {
              const owner = allocationOwnerRef(a);
              return (
                <tr key={a.address} data-testid="allocation-row">
                  <td className="py-1.5 pr-4 font-mono text-xs">{a.address}</td>
                  <td className="py-1.5 pr-4">
                    <Badge tone={a.pool === "vip" ? "violet" : "sky"}>{poolLabel(t, a.pool)}</Badge>
                  </td>
                  <td className="py-1.5 pr-4 text-xs" data-owner-kind={a.ownerKind}>
                    <span className="whitespace-nowrap">{ownerKindLabel(t, a.ownerKind)}</span>{" "}
                    {owner ? (
                      <ObjectLink to={owner}>{a.ownerName}</ObjectLink>
                    ) : (
                      <span className="text-slate-600 dark:text-slate-400">{a.ownerName}</span>
                    )}
                  </td>
                  <td className="py-1.5 pr-4 text-xs">
                    {a.clusterName ? (
                      <ObjectLink to={{ kind: "cluster", cluster: a.clusterName }}>{a.clusterName}</ObjectLink>
                    ) : (
                      "—"
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}

