"use client";
/**
 * Assumptions as stated notes, not alarms: a small "assumption n" mark where a value rests on one, and ONE notes
 * block per page that lists each as "assumption — source".
 */
import { useI18n } from "@/components/shell/i18n";
import type { ClusterAssumption } from "@/lib/cluster/bootstrap";
import { assumptionMessage } from "@/lib/i18n/labels";

export interface Assumption {
  text: string;
  source: string;
  /** set when `text` could not be translated and stays in the API's English */
  lang?: "en";
}

/**
 * A cluster's assumptions (`lib/cluster/bootstrap.ts` clusterAssumptionList) as notes in the reader's language, each
 * with the fact sheet as its source; one the catalog does not know stays in the API's English (marked lang="en").
 */
export function clusterAssumptionNotes(assumptions: ClusterAssumption[], t: ReturnType<typeof useI18n>["t"]): Assumption[] {
  const source = t("assumptions.source.factSheet");
  return assumptions.map((a) => {
    const m = assumptionMessage(a);
    return m ? { text: t(m.key, m.vars), source } : { text: a.text.replace(/^UNCONFIRMED:\s*/, ""), source, lang: "en" };
  });
}

/** The mark beside a value: "assumption 2" linking to the page's notes. */
export function AssumptionMark({ n }: { n: number }) {
  const { t } = useI18n();
  return (
    <a
      href="#assumptions"
      className="ml-1 align-baseline text-xs font-normal text-slate-600 underline decoration-dotted underline-offset-2 hover:text-sky-700 dark:text-slate-400 dark:hover:text-sky-400"
      data-testid="assumption-mark"
    >
      {t("assumptions.mark", { n })}
    </a>
  );
}

/** The page's one list of assumptions, each "text — source". */
export function AssumptionNotes({ items, testId = "assumption-notes" }: { items: Assumption[]; testId?: string }) {
  const { t } = useI18n();
  if (items.length === 0) return null;
  return (
    <aside id="assumptions" aria-labelledby="assumptions-title" className="mt-6 rounded-lg border border-slate-200 bg-white px-4 py-3 text-sm dark:border-slate-800 dark:bg-slate-900" data-testid={testId}>
      <h2 id="assumptions-title" className="text-sm font-semibold">
        {t("assumptions.title")}
      </h2>
      <p className="mt-0.5 text-xs text-slate-600 dark:text-slate-400">{t("assumptions.intro")}</p>
      <ol className="mt-2 list-decimal space-y-1 pl-5 text-slate-700 dark:text-slate-300">
        {items.map((a) => (
          <li key={a.text} data-testid="assumption">
            <span lang={a.lang}>{a.text}</span> <span className="text-slate-600 dark:text-slate-400">— {a.source}</span>
          </li>
        ))}
      </ol>
    </aside>
  );
}
