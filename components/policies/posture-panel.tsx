"use client";
/** The policy posture: pods left open (not isolated), policies that select nothing, and shadowed rules. */
import type { ReactNode } from "react";
import { useI18n } from "@/components/shell/i18n";
import type { Posture } from "@/lib/policy/posture";

function Finding({
  title,
  help,
  count,
  total,
  tone,
  testId,
  children,
}: {
  title: string;
  help: string;
  count: number;
  total?: number;
  tone: "warn" | "ok" | "info";
  testId: string;
  children?: ReactNode;
}) {
  const { t } = useI18n();
  const toneCls =
    count === 0
      ? "bg-emerald-100 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-300"
      : tone === "warn"
        ? "bg-orange-100 text-orange-800 dark:bg-orange-950 dark:text-orange-300"
        : "bg-sky-100 text-sky-800 dark:bg-sky-950 dark:text-sky-300";
  return (
    <li className="py-3 first:pt-0 last:pb-0" data-testid={testId} data-count={count}>
      <div className="flex items-start gap-3">
        <span className={`inline-flex h-8 min-w-8 shrink-0 items-center justify-center rounded-md px-1.5 text-sm font-semibold tabular-nums ${toneCls}`}>{count}</span>
        <div className="min-w-0 flex-1">
          <h3 className="text-sm font-medium">
            {title}
            {total !== undefined && <span className="ml-1 font-normal text-slate-500 dark:text-slate-400">{t("policies.posture.ofTotal", { total })}</span>}
          </h3>
          <p className="mt-0.5 text-xs text-slate-500 dark:text-slate-400">{help}</p>
          {count > 0 && children}
        </div>
      </div>
    </li>
  );
}

function Names({ items }: { items: string[] }) {
  const { t } = useI18n();
  return (
    <details className="mt-1 text-xs">
      <summary className="cursor-pointer select-none text-sky-700 hover:underline dark:text-sky-400">{t("policies.posture.show", { count: items.length })}</summary>
      <ul className="mt-1 max-h-48 overflow-auto rounded border border-slate-100 bg-slate-50 px-2 py-1 font-mono dark:border-slate-800 dark:bg-slate-950">
        {items.map((p) => (
          <li key={p} className="truncate" title={p}>
            {p}
          </li>
        ))}
      </ul>
    </details>
  );
}

export function PosturePanel({ posture, podCount }: { posture: Posture; podCount: number | undefined }) {
  const { t } = useI18n();
  return (
    <div>
      {!posture.enforced && <p className="mb-3 rounded bg-amber-50 px-2 py-1.5 text-xs text-amber-900 dark:bg-amber-950/60 dark:text-amber-200">{t("policies.posture.notEnforced")}</p>}
      <ul className="divide-y divide-slate-100 dark:divide-slate-800">
        <Finding title={t("policies.posture.openIngress")} help={t("policies.posture.openIngress.help")} count={posture.podsNotIsolatedForIngress.length} total={podCount} tone="warn" testId="posture-ingress">
          <Names items={posture.podsNotIsolatedForIngress} />
        </Finding>
        <Finding title={t("policies.posture.openEgress")} help={t("policies.posture.openEgress.help")} count={posture.podsNotIsolatedForEgress.length} total={podCount} tone="info" testId="posture-egress">
          <Names items={posture.podsNotIsolatedForEgress} />
        </Finding>
        <Finding title={t("policies.posture.selectNothing")} help={t("policies.posture.selectNothing.help")} count={posture.policiesSelectingNoPods.length} tone="warn" testId="posture-select-nothing">
          <ul className="mt-1 space-y-0.5 font-mono text-xs">
            {posture.policiesSelectingNoPods.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        </Finding>
        <Finding title={t("policies.posture.shadowed")} help={t("policies.posture.shadowed.help")} count={posture.shadowedRules.length} tone="warn" testId="posture-shadowed">
          <ul className="mt-1 space-y-1.5 text-xs">
            {posture.shadowedRules.map((s) => (
              <li key={`${s.policy}-${s.direction}-${s.rule}`}>
                <span className="font-mono font-medium">
                  {s.policy} · {s.direction} · {t("policies.rule.numbered", { rule: s.rule + 1 })}
                </span>{" "}
                <span className="text-slate-500 dark:text-slate-400">
                  {t("policies.posture.shadowedBy", { by: `${s.shadowedBy.policy} · ${s.direction} · ${t("policies.rule.numbered", { rule: s.shadowedBy.rule + 1 })}` })}
                </span>
                <div className="text-slate-500 dark:text-slate-400">{s.reason}</div>
              </li>
            ))}
          </ul>
        </Finding>
      </ul>
    </div>
  );
}
