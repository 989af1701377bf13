"use client";
/**
 * The trace panel of the topology page: a source and a destination (the Traffic page's vocabulary), traced by the same
 * engine (POST /api/clusters/{name}/trace) and drawn as numbered classes on the graph's own elements. The hop list
 * with addresses lives on the Traffic page, one link away with the same query.
 */
import Link from "next/link";
import { useState } from "react";
import { useI18n } from "@/components/shell/i18n";
import { Button, ErrorState, inputClass } from "@/components/ui/primitives";
import type { TraceResult } from "@/lib/api/trace";

export function TracePanel(props: {
  cluster: string;
  from: string;
  to: string;
  result: TraceResult | undefined;
  pending: boolean;
  error: Error | null;
  onTrace: (from: string, to: string) => void;
  onClear: () => void;
}) {
  const { cluster, from, to, result, pending, error, onTrace, onClear } = props;
  const { t } = useI18n();
  const [fromText, setFromText] = useState(from || "external");
  const [toText, setToText] = useState(to);
  const active = Boolean(from && to);
  const traffic = `/clusters/${encodeURIComponent(cluster)}/traffic?${new URLSearchParams({ from, to })}`;
  return (
    <details open={active} className="mb-3 rounded-lg border border-slate-200 bg-white px-3 py-2 text-sm dark:border-slate-800 dark:bg-slate-900" data-testid="topology-trace">
      <summary className="cursor-pointer font-medium">{t("topology.trace.title")}</summary>
      <form
        className="mt-2 flex flex-wrap items-end gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          if (fromText.trim() && toText.trim()) onTrace(fromText.trim(), toText.trim());
        }}
      >
        <label className="flex flex-col gap-0.5">
          <span className="text-xs text-slate-600 dark:text-slate-400">{t("traffic.from")}</span>
          <input className={`${inputClass} w-44`} value={fromText} onChange={(e) => setFromText(e.target.value)} placeholder={t("traffic.from.help")} />
        </label>
        <label className="flex flex-col gap-0.5">
          <span className="text-xs text-slate-600 dark:text-slate-400">{t("traffic.to")}</span>
          <input className={`${inputClass} w-56`} value={toText} onChange={(e) => setToText(e.target.value)} placeholder={t("traffic.to.help")} />
        </label>
        <Button type="submit" variant="secondary">
          {t("traffic.submit")}
        </Button>
        {active && (
          <Button type="button" variant="secondary" onClick={onClear}>
            {t("topology.trace.clear")}
          </Button>
        )}
      </form>
      {active && (
        <div className="mt-2" aria-live="polite">
          {pending ? (
            <p className="text-slate-600 dark:text-slate-400">{t("traffic.loading")}</p>
          ) : error ? (
            <ErrorState error={error} />
          ) : result ? (
            <p data-testid="topology-trace-summary" className="flex flex-wrap items-center gap-x-3 gap-y-1">
              <span className={result.verdict === "delivered" ? "font-semibold text-emerald-800 dark:text-emerald-300" : "font-semibold text-rose-700 dark:text-rose-300"}>
                {t(result.verdict === "delivered" ? "traffic.verdict.delivered" : "traffic.verdict.dropped")}
              </span>
              <span>{t("topology.trace.summary", { count: result.hops.length })}</span>
              <Link href={traffic} className="text-sky-700 underline hover:text-sky-900 dark:text-sky-300">
                {t("topology.trace.open")}
              </Link>
            </p>
          ) : null}
        </div>
      )}
    </details>
  );
}
