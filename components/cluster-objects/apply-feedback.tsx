"use client";
/** What an apply answered: the problems at their document and line (422), or the per-object results and allocations. */
import { fieldText } from "@/components/ui/error-text";
import type { ReactNode } from "react";
import { ApiError } from "@/components/data/api";
import { useI18n } from "@/components/shell/i18n";
import { Badge, ErrorState } from "@/components/ui/primitives";
import type { ApplyResult, ApplyResultEntry } from "@/lib/api/dto";
import { excerpt } from "./model";
import { HighlightedLine } from "./yaml-editor";

/** Source excerpts are shown for the first problems only (a broken bulk import can report hundreds). */
const MAX_EXCERPTS = 20;

const ACTION_TONE = { created: "emerald", configured: "sky", unchanged: "slate" } as const;

export function ActionBadge({ action }: { action: ApplyResultEntry["action"] }) {
  const { t } = useI18n();
  return (
    <span data-action={action}>
      <Badge tone={ACTION_TONE[action]}>{t(`objects.action.${action}`)}</Badge>
    </span>
  );
}

/**
 * The problems of a rejected apply. With `text` (the source that was sent) each problem shows its source lines;
 * `onGoTo` adds a button that moves the editor to the line.
 */
export function ApplyErrors({ error, text, onGoTo, id }: { error: unknown; text?: string; onGoTo?: (line: number) => void; id?: string }) {
  const { t, lang } = useI18n();
  if (!(error instanceof ApiError) || error.fields.length === 0) return <div id={id}><ErrorState error={error} /></div>;
  const fields = [...error.fields].sort((a, b) => (a.document ?? 0) - (b.document ?? 0) || (a.line ?? 0) - (b.line ?? 0));
  return (
    <div id={id} role="alert" data-testid="apply-errors" className="rounded-lg border border-rose-200 bg-rose-50 p-3 text-sm dark:border-rose-900 dark:bg-rose-950/40">
      <p className="font-medium text-rose-800 dark:text-rose-200">{t("objects.apply.errorsTitle", { count: fields.length })}</p>
      <ul className="mt-2 space-y-2">
        {fields.map((f, i) => (
          <li key={i} className="rounded-md border border-rose-200 bg-white p-2 dark:border-rose-900 dark:bg-slate-900" data-testid="apply-error">
            <div className="flex flex-wrap items-baseline gap-x-2 gap-y-1">
              {f.document !== undefined && <Badge tone="rose">{t("objects.apply.document", { n: f.document })}</Badge>}
              {f.line !== undefined && f.line > 0 && <Badge tone="rose">{t("objects.apply.line", { n: f.line })}</Badge>}
              {f.path && <code className="font-mono text-xs text-slate-700 dark:text-slate-300">{f.path}</code>}
              <span className="text-rose-800 dark:text-rose-200">{fieldText(lang, f)}</span>
              {onGoTo && f.line ? (
                <button
                  type="button"
                  onClick={() => onGoTo(f.line!)}
                  className="ml-auto text-xs font-medium text-sky-700 underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-sky-500 dark:text-sky-400"
                >
                  {t("objects.apply.goTo", { n: f.line })}
                </button>
              ) : null}
            </div>
            {text && f.line && i < MAX_EXCERPTS ? <SourceExcerpt text={text} line={f.line} /> : null}
          </li>
        ))}
      </ul>
      <p className="mt-2 text-xs text-rose-700 dark:text-rose-300">{t("objects.apply.nothingWritten")}</p>
    </div>
  );
}

function SourceExcerpt({ text, line }: { text: string; line: number }) {
  const rows = excerpt(text, line, 1);
  if (!rows.length) return null;
  const width = String(rows[rows.length - 1].line).length;
  return (
    <pre className="mt-2 overflow-x-auto rounded bg-slate-50 py-1 font-mono text-xs leading-5 dark:bg-slate-950" data-testid="error-excerpt">
      {rows.map((r) => (
        <div key={r.line} className={r.line === line ? "bg-rose-100 dark:bg-rose-950" : ""}>
          <span className={`inline-block select-none pr-3 pl-2 text-right ${r.line === line ? "font-semibold text-rose-700 dark:text-rose-300" : "text-slate-500"}`} style={{ width: `${width + 3}ch` }}>
            {r.line}
          </span>
          <HighlightedLine text={r.text} />
        </div>
      ))}
    </pre>
  );
}

function Allocated({ a }: { a: NonNullable<ApplyResultEntry["allocated"]> }) {
  const { t } = useI18n();
  const parts: ReactNode[] = [];
  if (a.loadBalancerIP) parts.push(<Pair key="vip" label={t("objects.alloc.vip")} value={a.loadBalancerIP} testId="alloc-vip" />);
  if (a.clusterIP) parts.push(<Pair key="cip" label={t("objects.alloc.clusterIP")} value={a.clusterIP} />);
  if (a.nodePorts?.length) parts.push(<Pair key="np" label={t("objects.alloc.nodePorts")} value={a.nodePorts.join(", ")} testId="alloc-nodeports" />);
  if (a.healthCheckNodePort) parts.push(<Pair key="hc" label={t("objects.alloc.healthCheckNodePort")} value={String(a.healthCheckNodePort)} />);
  if (a.podIPs?.length) parts.push(<Pair key="pods" label={t("objects.alloc.podIPs")} value={a.podIPs.join(", ")} />);
  return <div className="flex flex-wrap gap-x-4 gap-y-1">{parts}</div>;
}

function Pair({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <span className="whitespace-nowrap">
      <span className="text-slate-500 dark:text-slate-400">{label} </span>
      <span className="font-mono" data-testid={testId}>
        {value}
      </span>
    </span>
  );
}

/** Per-object results of an apply or dry run: counts per action, allocations, warnings, kinds not modelled. */
export function ApplyResults({ result, actions }: { result: ApplyResult; actions?: ReactNode }) {
  const { t } = useI18n();
  const count = (a: ApplyResultEntry["action"]) => result.results.filter((r) => r.action === a).length;
  return (
    <div
      data-testid="apply-results"
      role="status"
      className={`rounded-lg border p-3 text-sm ${
        result.dryRun ? "border-sky-200 bg-sky-50 dark:border-sky-900 dark:bg-sky-950/40" : "border-emerald-200 bg-emerald-50 dark:border-emerald-900 dark:bg-emerald-950/40"
      }`}
    >
      <div className="flex flex-wrap items-center justify-between gap-2">
        <p className="font-medium">
          {result.dryRun ? t("objects.apply.dryRunTitle") : t("objects.apply.appliedTitle")}
          <span className="ml-2 font-normal text-slate-600 dark:text-slate-300">
            {t("objects.apply.summary", { created: count("created"), configured: count("configured"), unchanged: count("unchanged") })}
          </span>
        </p>
        {actions}
      </div>
      <div className="mt-2 max-h-72 overflow-auto rounded-md border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
        <table className="w-full text-left text-xs">
          <thead className="sticky top-0 bg-slate-50 text-slate-500 dark:bg-slate-800 dark:text-slate-400">
            <tr>
              <th scope="col" className="px-2 py-1.5 font-medium">{t("objects.apply.col.object")}</th>
              <th scope="col" className="px-2 py-1.5 font-medium">{t("objects.apply.col.action")}</th>
              <th scope="col" className="px-2 py-1.5 font-medium">{t("objects.apply.col.allocated")}</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
            {result.results.map((r) => (
              <tr key={`${r.kind}/${r.namespace ?? ""}/${r.name}`} data-testid="apply-result-row">
                <td className="px-2 py-1.5">
                  <span className="text-slate-500 dark:text-slate-400">{r.kind} </span>
                  <span className="font-mono">{r.namespace ? `${r.namespace}/${r.name}` : r.name}</span>
                </td>
                <td className="px-2 py-1.5">
                  <ActionBadge action={r.action} />
                </td>
                <td className="px-2 py-1.5">{r.allocated ? <Allocated a={r.allocated} /> : <span className="text-slate-500 dark:text-slate-400">—</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {result.warnings.length > 0 && (
        <div className="mt-2">
          <p className="text-xs font-medium text-amber-800 dark:text-amber-300">{t("objects.apply.warnings")}</p>
          <ul className="mt-1 list-disc space-y-0.5 pl-5 text-xs text-amber-800 dark:text-amber-300">
            {result.warnings.map((w, i) => (
              <li key={i}>{w}</li>
            ))}
          </ul>
        </div>
      )}
      {result.notModelled.length > 0 && (
        <p className="mt-2 text-xs text-slate-600 dark:text-slate-400">
          {t("objects.apply.notModelled", { count: result.notModelled.length })} <span className="font-mono">{result.notModelled.join(", ")}</span>
        </p>
      )}
    </div>
  );
}

