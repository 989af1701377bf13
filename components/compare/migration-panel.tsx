"use client";
/** The migration plan of a stored cluster: fits on its network or not, warnings, the commands and the PowerShell. */
import type { MessageKey } from "@/lib/i18n/messages";
import { PLUGIN_NAME } from "@/lib/plugins/report";
import { useMigrationPlan } from "@/components/data/hooks";
import { useI18n } from "@/components/shell/i18n";
import { Badge, Card, ErrorState, Loading } from "@/components/ui/primitives";

const pre = "max-w-full overflow-x-auto rounded bg-slate-100 p-3 font-mono text-xs text-slate-900 dark:bg-slate-950 dark:text-slate-100";

export function MigrationPanel({ cluster }: { cluster: string }) {
  const { t } = useI18n();
  const q = useMigrationPlan(cluster);
  if (q.isPending) return <Loading />;
  if (q.error) return <ErrorState error={q.error} onRetry={() => q.refetch()} />;
  const p = q.data;
  const vars = { network: p.network, nodeIps: p.needs.nodeIps, vips: p.needs.vips, freeNodes: p.free.nodeIps ?? t("compare.migration.dhcp"), freeVips: p.free.vips };
  return (
    <Card title={t("compare.migration.title", { from: PLUGIN_NAME[p.from], to: PLUGIN_NAME[p.to] })} className="mt-6">
      <div data-testid="migration">
        <p className="text-sm">{t("compare.migration.intro", { cluster, to: PLUGIN_NAME[p.to], name: p.newClusterName, network: p.network })}</p>
        <p className="mt-2 text-sm" data-testid="migration-fit">
          <Badge tone={p.fits ? "emerald" : "rose"}>{p.fits ? "✓" : "✗"}</Badge> {t(p.fits ? "compare.migration.fits" : "compare.migration.noFit", vars)}
        </p>
        {p.warnings.length > 0 && (
          <>
            <h3 className="mt-4 mb-1 text-sm font-semibold">{t("compare.migration.warnings")}</h3>
            <ul className="list-disc pl-5 text-sm" data-testid="migration-warnings">
              {p.warnings.map((w) => (
                <li key={w.id} className="break-words">
                  {t(`compare.migration.warning.${w.id}` as MessageKey, { list: w.objects.join(", ") })}
                </li>
              ))}
            </ul>
          </>
        )}
        <h3 className="mt-4 mb-1 text-sm font-semibold">{t("compare.migration.script")}</h3>
        <pre className={pre} tabIndex={0} aria-label={t("compare.migration.script")} data-testid="migration-powershell">
          {p.powershell}
        </pre>
        <h3 className="mt-4 mb-1 text-sm font-semibold">{t("compare.migration.commands")}</h3>
        <pre className={pre} tabIndex={0} aria-label={t("compare.migration.commands")}>
          {p.commands.join("\n")}
        </pre>
      </div>
    </Card>
  );
}
