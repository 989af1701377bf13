"use client";
/** The network's conflict report (GET /api/networks/{name}/conflicts): what is wrong, who holds it, what to do. */
import { useNetworkConflicts } from "@/components/data/hooks";
import { useI18n } from "@/components/shell/i18n";
import { Badge, Card, ErrorState, Loading } from "@/components/ui/primitives";
import type { MessageKey } from "@/lib/i18n/messages";
import { WORKAROUND_SAME_PORT, WORKAROUND_SEPARATE_NETWORKS, WORKAROUND_SEPARATE_POOLS } from "@/lib/conflicts/vip";

/** The documented workarounds have catalog entries (the seed's own Japanese wording); others are shown as the API gives them. */
const WORKAROUND_KEYS: Record<string, MessageKey> = {
  [WORKAROUND_SAME_PORT]: "conflicts.workaround.samePort",
  [WORKAROUND_SEPARATE_NETWORKS]: "conflicts.workaround.separateNetworks",
  [WORKAROUND_SEPARATE_POOLS]: "conflicts.workaround.separatePools",
};

export function ConflictsCard({ name }: { name: string }) {
  const { t } = useI18n();
  const conflicts = useNetworkConflicts(name);
  return (
    <Card title={t("conflicts.title")} className="mt-6">
      <div data-testid="network-conflicts">
        <p className="mb-3 text-sm text-slate-600 dark:text-slate-400">{t("conflicts.intro")}</p>
        {conflicts.isPending ? (
          <Loading />
        ) : conflicts.isError ? (
          <ErrorState error={conflicts.error} onRetry={() => conflicts.refetch()} />
        ) : conflicts.data.length === 0 ? (
          <p role="status" className="rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800 dark:bg-emerald-950 dark:text-emerald-200">
            {t("conflicts.none")}
          </p>
        ) : (
          <>
            <p role="status" className="mb-3 text-sm font-medium text-rose-700 dark:text-rose-400">
              {t("conflicts.count", { count: conflicts.data.length })}
            </p>
            <ul className="space-y-4">
              {conflicts.data.map((c, i) => (
                <li
                  key={`${c.vip}-${c.kind}-${i}`}
                  data-testid="conflict"
                  data-kind={c.kind}
                  data-vip={c.vip}
                  className="rounded-md border border-rose-200 p-3 dark:border-rose-900"
                >
                  <div className="flex flex-wrap items-center gap-2">
                    <span className="font-mono text-sm font-semibold break-all">{c.vip}</span>
                    <Badge tone="rose">{t(`conflicts.kind.${c.kind}` as MessageKey)}</Badge>
                  </div>
                  <p className="mt-2 text-sm break-words">{c.message}</p>
                  {c.entries.length > 0 && (
                    <>
                      <h3 className="mt-2 text-xs font-semibold uppercase tracking-wide text-slate-600 dark:text-slate-400">{t("conflicts.holders")}</h3>
                      <ul className="mt-1 space-y-0.5 text-xs">
                        {c.entries.map((e) => (
                          <li key={`${e.network ?? ""}/${e.cluster}/${e.service}`} className="break-words">
                            <span className="font-medium">{e.cluster}</span> <span className="font-mono">{e.service}</span>{" "}
                            <span className="text-slate-600 dark:text-slate-400">{e.ports.length > 0 ? e.ports.join(", ") : t("conflicts.noPorts")}</span>
                            {e.network && <span className="text-slate-600 dark:text-slate-400"> · {e.network}</span>}
                          </li>
                        ))}
                      </ul>
                    </>
                  )}
                  <h3 className="mt-2 text-xs font-semibold uppercase tracking-wide text-slate-600 dark:text-slate-400">{t("conflicts.workarounds")}</h3>
                  <ol className="mt-1 list-decimal space-y-0.5 pl-5 text-sm" data-testid="conflict-workarounds">
                    {c.workarounds.map((w) => (
                      <li key={w}>{WORKAROUND_KEYS[w] ? t(WORKAROUND_KEYS[w]) : w}</li>
                    ))}
                  </ol>
                </li>
              ))}
            </ul>
          </>
        )}
      </div>
    </Card>
  );
}
