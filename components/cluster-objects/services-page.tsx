"use client";
/** The cluster's Services, as `kubectl get svc -o wide` and `get endpoints` show them together. */
import { Fragment, useMemo, useState } from "react";
import { ObjectLink, markedClass, useLinkParam, useScrollIntoViewWhen } from "@/components/ui/object-link";
import { LINK_PARAMS, splitRef } from "@/components/ui/links";
import { useClusterServices, useDeleteObject } from "@/components/data/hooks";
import { ConfirmAction } from "@/components/ui/unsaved";
import { useI18n } from "@/components/shell/i18n";
import { Badge, Empty, ErrorState, Loading, inputClass } from "@/components/ui/primitives";
import type { ServiceRow } from "@/lib/kube/service-view";
import { TabHeader } from "./cluster-tabs";
import { SERVICE_TYPE_TONE, formatServicePort } from "./model";

export function ServicesPage({ name }: { name: string }) {
  const { t } = useI18n();
  const services = useClusterServices(name);
  const [ns, setNs] = useState("");
  const [filter, setFilter] = useState("");
  // ?service=ns/name (components/ui/links.ts): that Service is marked and its endpoints open
  const linked = useLinkParam(LINK_PARAMS.service);
  const [open, setOpen] = useState<Set<string>>(() => new Set(linked ? [linked] : []));

  const rows = useMemo(() => {
    const q = filter.trim().toLowerCase();
    return (services.data ?? []).filter(
      (s) =>
        (!ns || s.namespace === ns) &&
        (!q || `${s.namespace}/${s.name} ${s.type} ${(s.clusterIPs ?? []).join(" ") || (s.clusterIP ?? "")} ${s.loadBalancerIP ?? ""} ${s.ports.map((p) => `${p.port} ${p.nodePort ?? ""}`).join(" ")}`.toLowerCase().includes(q)),
    );
  }, [services.data, ns, filter]);
  const namespaces = useMemo(() => [...new Set((services.data ?? []).map((s) => s.namespace))].sort(), [services.data]);

  const toggle = (key: string) =>
    setOpen((prev) => {
      const next = new Set(prev);
      if (next.has(key)) next.delete(key);
      else next.add(key);
      return next;
    });

  return (
    <div>
      <TabHeader
        title={t("objects.services.title")}
        subtitle={t("objects.services.subtitle")}
        actions={
          services.data && services.data.length > 0 ? (
            <>
              <select aria-label={t("objects.filter.namespace")} value={ns} onChange={(e) => setNs(e.target.value)} className={`${inputClass} !w-auto !py-1.5`}>
                <option value="">{t("objects.filter.allNamespaces")}</option>
                {namespaces.map((n) => (
                  <option key={n} value={n}>
                    {n}
                  </option>
                ))}
              </select>
              <input type="search" aria-label={t("objects.filter.text")} placeholder={t("objects.filter.text")} value={filter} onChange={(e) => setFilter(e.target.value)} className={`${inputClass} !w-56 !py-1.5`} />
            </>
          ) : null
        }
      />
      {services.isPending ? (
        <Loading />
      ) : services.isError ? (
        <ErrorState error={services.error} onRetry={() => services.refetch()} />
      ) : services.data.length === 0 ? (
        <Empty>{t("objects.services.empty")}</Empty>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm dark:border-slate-800 dark:bg-slate-900">
          <table className="w-full text-left text-sm" data-testid="services-table">
            <thead className="border-b border-slate-200 bg-slate-50 text-xs text-slate-500 dark:border-slate-800 dark:bg-slate-800/50 dark:text-slate-400">
              <tr>
                <th scope="col" className="px-3 py-2 font-medium">{t("objects.services.col.name")}</th>
                <th scope="col" className="px-3 py-2 font-medium">{t("objects.services.col.type")}</th>
                <th scope="col" className="px-3 py-2 font-medium">{t("objects.services.col.clusterIP")}</th>
                <th scope="col" className="px-3 py-2 font-medium">{t("objects.services.col.ports")}</th>
                <th scope="col" className="px-3 py-2 font-medium">{t("objects.services.col.nodePorts")}</th>
                <th scope="col" className="px-3 py-2 font-medium">{t("objects.services.col.external")}</th>
                <th scope="col" className="px-3 py-2 font-medium">{t("objects.services.col.endpoints")}</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
              {rows.map((s) => {
                const key = `${s.namespace}/${s.name}`;
                return (
                  <Fragment key={key}>
                    <ServiceTableRow cluster={name} s={s} expanded={open.has(key)} onToggle={() => toggle(key)} marked={linked === key} />
                    {open.has(key) && (
                      <tr className={linked === key ? markedClass : "bg-slate-50/60 dark:bg-slate-950/40"}>
                        <td colSpan={7} className="px-3 py-2">
                          <EndpointsList cluster={name} s={s} />
                        </td>
                      </tr>
                    )}
                  </Fragment>
                );
              })}
              {rows.length === 0 && (
                <tr>
                  <td colSpan={7} className="px-3 py-6 text-center text-slate-500 dark:text-slate-400">
                    {t("objects.filter.noMatch")}
                  </td>
                </tr>
              )}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

function ServiceTableRow({ cluster, s, expanded, onToggle, marked }: { cluster: string; s: ServiceRow; expanded: boolean; onToggle: () => void; marked: boolean }) {
  const { t } = useI18n();
  const del = useDeleteObject(cluster);
  const ref = useScrollIntoViewWhen<HTMLTableRowElement>(marked);
  const ready = s.endpoints.filter((e) => e.ready).length;
  const total = s.endpoints.length;
  const nodePorts = s.ports.filter((p) => p.nodePort).map((p) => p.nodePort!);
  const endpointsId = `ep-${s.namespace}-${s.name}`;
  return (
    <tr ref={ref} data-testid="service-row" data-service={`${s.namespace}/${s.name}`} data-marked={marked || undefined} className={`align-top ${marked ? markedClass : ""}`}>
      <td className="px-3 py-2">
        <div className="font-medium">{s.name}</div>
        <div className="text-xs text-slate-500 dark:text-slate-400">{s.namespace}</div>
        {!(s.namespace === "default" && s.name === "kubernetes") && (
          <div className="mt-1">
            <ConfirmAction
              small
              label={t("common.delete")}
              ariaLabel={t("objects.services.delete", { name: `${s.namespace}/${s.name}` })}
              question={t("objects.services.deleteConfirm", { name: `${s.namespace}/${s.name}` })}
              pending={del.isPending}
              error={del.error}
              onConfirm={() => del.mutate({ kind: "Service", namespace: s.namespace, name: s.name })}
            />
          </div>
        )}
      </td>
      <td className="px-3 py-2">
        <Badge tone={SERVICE_TYPE_TONE[s.type] ?? "slate"}>{s.type}</Badge>
        {s.externalTrafficPolicy && (
          <div className="mt-1 text-xs text-slate-500 dark:text-slate-400" title={t(s.externalTrafficPolicy === "Local" ? "objects.services.etpLocal" : "objects.services.etpCluster")}>
            {t("objects.services.etp", { policy: s.externalTrafficPolicy })}
          </div>
        )}
      </td>
      <td className="px-3 py-2 font-mono text-xs">
        {s.headless ? (
          <span className="font-sans text-slate-500 dark:text-slate-400">{t("objects.services.headless")}</span>
        ) : s.clusterIPs && s.clusterIPs.length > 1 ? (
          <ul data-testid="service-cluster-ips" aria-label={t("objects.services.dualStack")}>
            {s.clusterIPs.map((ip) => (
              <li key={ip} className="break-all">{ip}</li>
            ))}
          </ul>
        ) : (
          <span className="break-all">{s.clusterIP ?? <span className="text-slate-500">—</span>}</span>
        )}
        {s.ipFamilyPolicy && s.ipFamilyPolicy !== "SingleStack" && <div className="mt-0.5 font-sans text-slate-500 dark:text-slate-400">{s.ipFamilyPolicy}</div>}
      </td>
      <td className="px-3 py-2">
        <ul className="space-y-0.5 font-mono text-xs" data-testid="service-ports">
          {s.ports.map((p, i) => (
            <li key={i} className="whitespace-nowrap">
              {formatServicePort(p)}
              {p.name && p.name !== String(p.targetPort ?? "") && <span className="ml-1.5 font-sans text-slate-500 dark:text-slate-400">({p.name})</span>}
            </li>
          ))}
          {s.ports.length === 0 && <li className="font-sans text-slate-500 dark:text-slate-400">—</li>}
        </ul>
      </td>
      <td className="px-3 py-2 font-mono text-xs" data-testid="service-nodeports">
        {nodePorts.length ? nodePorts.join(", ") : <span className="text-slate-500 dark:text-slate-400">—</span>}
      </td>
      <td className="px-3 py-2 text-xs" data-testid="service-external">
        {s.type === "LoadBalancer" ? (
          s.loadBalancerIP ? (
            <span className="font-mono">
              <span className="mr-1 font-sans text-slate-500 dark:text-slate-400">{t("objects.services.vip")}</span>
              <ObjectLink to={{ kind: "frontend", cluster, vip: s.loadBalancerIP }} context={t("links.vipFrontends")}>
                {s.loadBalancerIP}
              </ObjectLink>
              <span className="mt-1 block font-sans" data-testid="service-haproxy-link">
                <ObjectLink to={{ kind: "serviceFrontends", cluster, namespace: s.namespace, name: s.name }}>{t("objects.services.haproxyLink")}</ObjectLink>
              </span>
            </span>
          ) : (
            <Badge tone="amber">{t("objects.services.pending")}</Badge>
          )
        ) : s.type === "ExternalName" ? (
          <span className="font-mono">{s.externalName}</span>
        ) : (
          <span className="text-slate-500 dark:text-slate-400">—</span>
        )}
      </td>
      <td className="px-3 py-2">
        {s.type === "ExternalName" ? (
          <span className="text-xs text-slate-500 dark:text-slate-400">{t("objects.services.noEndpointsExternalName")}</span>
        ) : (
          <button
            type="button"
            onClick={onToggle}
            aria-expanded={expanded}
            aria-controls={expanded ? endpointsId : undefined}
            className="relative inline-flex items-center gap-1.5 rounded px-1 text-xs font-medium hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-sky-500 dark:hover:bg-slate-800"
          >
            {/* the accessible name starts with the visible text's context and contains it (WCAG 2.5.3) */}
            <span className="sr-only">{t("objects.services.endpointsOf", { name: s.name })} </span>
            <svg viewBox="0 0 12 12" className={`h-3 w-3 transition-transform ${expanded ? "rotate-90" : ""}`} fill="currentColor" aria-hidden>
              <path d="M4 2l5 4-5 4z" />
            </svg>
            <Badge tone={total === 0 ? "amber" : ready === total ? "emerald" : "amber"}>
              {t("objects.services.readyOf", { ready, total })}
            </Badge>
          </button>
        )}
      </td>
    </tr>
  );
}

function EndpointsList({ cluster, s }: { cluster: string; s: ServiceRow }) {
  const { t } = useI18n();
  if (s.endpoints.length === 0)
    return <p className="text-xs text-amber-700 dark:text-amber-400">{s.selector ? t("objects.services.noEndpoints") : t("objects.services.noSelector")}</p>;
  return (
    <div id={`ep-${s.namespace}-${s.name}`}>
      {s.selector && (
        <p className="mb-1 text-xs text-slate-500 dark:text-slate-400">
          {t("objects.services.selector")}{" "}
          <span className="font-mono">{Object.entries(s.selector).map(([k, v]) => `${k}=${v}`).join(", ")}</span>
        </p>
      )}
      <table className="text-xs">
        <thead className="text-slate-500 dark:text-slate-400">
          <tr>
            <th scope="col" className="py-1 pr-6 text-left font-medium">{t("objects.services.ep.ip")}</th>
            <th scope="col" className="py-1 pr-6 text-left font-medium">{t("objects.services.ep.pod")}</th>
            <th scope="col" className="py-1 pr-6 text-left font-medium">{t("objects.services.ep.node")}</th>
            <th scope="col" className="py-1 text-left font-medium">{t("objects.services.ep.ready")}</th>
          </tr>
        </thead>
        <tbody>
          {s.endpoints.map((e) => (
            <tr key={e.ip}>
              <td className="py-0.5 pr-6 font-mono">{e.ip}</td>
              <td className="py-0.5 pr-6 font-mono">
                {e.pod ? (
                  <ObjectLink to={{ kind: "pod", cluster, ...splitRef(e.pod) }}>{e.pod}</ObjectLink>
                ) : (
                  "—"
                )}
              </td>
              <td className="py-0.5 pr-6 font-mono">
                {e.node ? (
                  <ObjectLink to={{ kind: "node", cluster, name: e.node }}>{e.node}</ObjectLink>
                ) : (
                  "—"
                )}
              </td>
              <td className="py-0.5">{e.ready ? <Badge tone="emerald">{t("objects.ready")}</Badge> : <Badge tone="amber">{t("objects.notReady")}</Badge>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
