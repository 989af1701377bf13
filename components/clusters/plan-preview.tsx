"use client";
/** The wizard's live IP plan: node-pool and VIP lines of this cluster, totals, and the fit on the chosen network. */
import type { ReactNode } from "react";
import type { IpPlan } from "@/lib/ipam/planner";
import { WORKLOAD_UPGRADE_SPARES } from "@/lib/ipam/planner";
import type { NetworkDto } from "@/lib/api/dto";
import { useI18n } from "@/components/shell/i18n";
import { Badge } from "@/components/ui/primitives";
import { countOf, type Draft, type Fit } from "./wizard-model";

function Line({ label, detail, count, testId }: { label: string; detail?: ReactNode; count: number; testId?: string }) {
  return (
    <li className="flex items-start justify-between gap-3 py-1.5">
      <div className="min-w-0">
        <div className="text-sm">{label}</div>
        {detail && <div className="text-xs text-slate-500 dark:text-slate-400">{detail}</div>}
      </div>
      <span className="font-mono text-sm tabular-nums" data-testid={testId}>
        {count}
      </span>
    </li>
  );
}

function FitLine({ pool, need, free, missing }: { pool: string; need: number; free: number; missing: number }) {
  const { t } = useI18n();
  const ok = missing === 0;
  return (
    <p
      data-testid={`plan-fit-${pool === "node" ? "node" : "vip"}`}
      data-fits={ok}
      className={`mt-2 rounded-md px-2.5 py-1.5 text-xs ${
        ok ? "bg-emerald-50 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-200" : "bg-rose-50 font-medium text-rose-800 dark:bg-rose-950 dark:text-rose-200"
      }`}
    >
      {ok ? t("clusters.plan.fits", { need, free, left: free - need }) : t("clusters.plan.missing", { need, free, missing })}
    </p>
  );
}

export function PlanPreview({ draft, plan, network, fit }: { draft: Draft; plan: IpPlan; network: NetworkDto | null; fit: Fit | null }) {
  const { t } = useI18n();
  const workers = draft.nodePools.reduce((n, p) => n + countOf(p.count), 0);
  const windows = draft.nodePools.filter((p) => p.osType === "Windows").reduce((n, p) => n + countOf(p.count), 0);
  const lb = countOf(draft.loadBalancerCount);
  const [nodesLine, sparesLine] = plan.nodePool.lines;
  const pools = draft.nodePools.filter((p) => p.name.trim() || countOf(p.count) > 0);
  return (
    <section
      aria-labelledby="plan-preview-title"
      data-testid="plan-preview"
      className="rounded-lg border border-slate-200 bg-white shadow-sm dark:border-slate-800 dark:bg-slate-900"
    >
      <div className="flex items-center justify-between border-b border-slate-200 px-4 py-3 dark:border-slate-800">
        <h2 id="plan-preview-title" className="text-sm font-semibold">
          {t("clusters.plan.title")}
        </h2>
        {fit && <Badge tone={fit.fits ? "emerald" : "rose"}>{fit.fits ? t("clusters.plan.badge.fits") : t("clusters.plan.badge.noFit")}</Badge>}
      </div>
      <div className="space-y-4 p-4" aria-live="polite">
        <p className="text-xs text-slate-500 dark:text-slate-400">
          {network ? t("clusters.plan.on", { network: network.name }) : t("clusters.plan.noNetwork")}
        </p>
        <div>
          <h3 className="flex items-center gap-2 text-xs font-semibold uppercase tracking-wide text-slate-500 dark:text-slate-400">
            <i className="h-2 w-2 rounded-sm bg-sky-500" aria-hidden />
            {t("pool.node")}
          </h3>
          <ul className="divide-y divide-slate-100 dark:divide-slate-800">
            {nodesLine && (
              <Line
                label={t("clusters.plan.line.nodes", { cp: draft.controlPlaneNodeCount, workers })}
                detail={
                  pools.length > 0
                    ? pools.map((p) => `${p.name.trim() || "?"}: ${countOf(p.count)} ${p.osType}`).join(" · ")
                    : t("clusters.plan.noPools")
                }
                count={nodesLine.count}
              />
            )}
            {sparesLine && (
              <Line label={t("clusters.plan.line.spares", { spares: WORKLOAD_UPGRADE_SPARES, lb })} detail={t("clusters.plan.line.spares.detail")} count={sparesLine.count} />
            )}
          </ul>
          <div className="mt-1 flex items-baseline justify-between border-t border-slate-200 pt-2 dark:border-slate-700">
            <span className="text-sm font-medium">{t("clusters.plan.nodeTotal")}</span>
            <span className="font-mono text-base font-semibold tabular-nums" data-testid="plan-node-total">
              {plan.nodePool.required}
            </span>
          </div>
          {windows > 0 && <p className="mt-1 text-xs text-slate-500 dark:text-slate-400">{t("clusters.plan.windows", { count: windows })}</p>}
          {fit?.node && <FitLine pool="node" {...fit.node} />}
          {fit && !fit.node && (
            <p className="mt-2 rounded-md bg-amber-50 px-2.5 py-1.5 text-xs text-amber-900 dark:bg-amber-950 dark:text-amber-200" data-testid="plan-fit-node">
              {t("clusters.plan.dhcp", { count: plan.nodePool.required })}
            </p>
          )}
        </div>
        <div>
          <h3 className="flex items-center gap-2 text-xs font-semibold uppercase tracking-wide text-slate-500 dark:text-slate-400">
            <i className="h-2 w-2 rounded-sm bg-violet-500" aria-hidden />
            {t("pool.vip")}
          </h3>
          <ul className="divide-y divide-slate-100 dark:divide-slate-800">
            {plan.vipPool.lines.map((l, i) => (
              <Line key={i} label={t("clusters.plan.line.apiServer")} detail={t("clusters.plan.line.apiServer.detail")} count={l.count} />
            ))}
          </ul>
          <div className="mt-1 flex items-baseline justify-between border-t border-slate-200 pt-2 dark:border-slate-700">
            <span className="text-sm font-medium">{t("clusters.plan.vipTotal")}</span>
            <span className="font-mono text-base font-semibold tabular-nums" data-testid="plan-vip-total">
              {plan.vipPool.required}
            </span>
          </div>
          {fit && <FitLine pool="vip" {...fit.vip} />}
        </div>
        <div className="rounded-md bg-slate-50 px-3 py-2 text-xs text-slate-600 dark:bg-slate-800/60 dark:text-slate-300">
          <div className="flex justify-between">
            <span>{t("clusters.plan.total")}</span>
            <span className="font-mono font-semibold tabular-nums" data-testid="plan-total">
              {plan.total}
            </span>
          </div>
          {plan.smallestPrefixLength !== null && <p className="mt-1">{t("clusters.plan.prefix", { prefix: plan.smallestPrefixLength })}</p>}
          <p className="mt-1">{t("clusters.plan.servicesNote")}</p>
        </div>
      </div>
    </section>
  );
}
