"use client";
/**
 * The result of a Flannel vs Calico what-if: recommendation, reachability diff (per port and per responsible policy
 * group), traces that change, features lost under Flannel, IPAM and overlay parameters. Used by the Compare page and
 * by the print-friendly report (`print` expands every group).
 */
import type { ReactNode } from "react";
import type { PluginComparisonDto } from "@/lib/api/compare";
import type { MessageKey } from "@/lib/i18n/messages";
import { COMPARE_LIMITS } from "@/lib/plugins/compare";
import { count, groupText, lostText, PLUGIN_NAME, reasonText } from "@/lib/plugins/report";
import { useI18n } from "@/components/shell/i18n";
import { Badge } from "@/components/ui/primitives";

/** The primary action style, one shade darker than the shared Button so white text keeps ≥ 4.5:1 contrast. */
export const PRIMARY =
  "inline-flex items-center justify-center rounded-md bg-sky-700 px-3.5 py-2 text-sm font-medium text-white shadow-sm hover:bg-sky-800 disabled:cursor-not-allowed disabled:bg-slate-400 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-500";

const th = "border-b border-slate-200 px-2 py-1.5 text-left font-medium dark:border-slate-700";
const td = "border-b border-slate-100 px-2 py-1.5 align-top dark:border-slate-800";

/** A table that scrolls by itself at narrow widths (the page never scrolls sideways); focusable for keyboards. */
export function ScrollTable({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="max-w-full overflow-x-auto rounded focus-visible:outline-2 focus-visible:outline-sky-500" tabIndex={0} role="region" aria-label={label}>
      <table className="w-full border-collapse text-sm">{children}</table>
    </div>
  );
}

function Section({ title, children, testId }: { title: string; children: ReactNode; testId?: string }) {
  return (
    <section className="mt-6 break-inside-avoid-page" data-testid={testId}>
      <h3 className="mb-2 text-base font-semibold">{title}</h3>
      {children}
    </section>
  );
}

function Works({ ok }: { ok: boolean }) {
  const { t } = useI18n();
  return <Badge tone={ok ? "emerald" : "rose"}>{t(ok ? "compare.traces.works" : "compare.traces.fails")}</Badge>;
}

export function ComparisonView({ cmp, print = false }: { cmp: PluginComparisonDto; print?: boolean }) {
  const { t } = useI18n();
  const ports = cmp.diff.ports.join(", ");
  const ip = cmp.ipam;
  return (
    <div data-testid="comparison">
      <section className="rounded-lg border border-sky-200 bg-sky-50 px-4 py-3 text-sky-950 dark:border-sky-900 dark:bg-sky-950/50 dark:text-sky-100" data-testid="recommendation">
        <h3 className="font-semibold">{t("compare.rec.plugin", { plugin: PLUGIN_NAME[cmp.recommendation.plugin] })}</h3>
        <ul className="mt-1 list-disc pl-5 text-sm">
          {cmp.recommendation.reasons.map((r) => (
            <li key={r.id}>{reasonText(t, r)}</li>
          ))}
        </ul>
      </section>

      <Section title={t("compare.diff.title")} testId="diff">
        <p className="text-sm" data-testid="diff-summary">
          {cmp.diff.total > 0 ? t("compare.diff.summary", { count: count(cmp.diff.total), ports }) : t("compare.diff.none", { ports })}
        </p>
        {cmp.portsOmitted > 0 && <p className="mt-1 text-sm text-amber-800 dark:text-amber-300">{t("compare.diff.portsOmitted", { count: cmp.portsOmitted, limit: COMPARE_LIMITS.ports })}</p>}
        <h4 className="mt-3 mb-1 text-sm font-medium">{t("compare.diff.perPort")}</h4>
        <ScrollTable label={t("compare.diff.perPort")}>
          <thead>
            <tr>
              <th className={th}>{t("compare.diff.port")}</th>
              <th className={`${th} text-right`}>{t("compare.diff.pairs")}</th>
              <th className={`${th} text-right`}>{t("compare.diff.allowedFlannel")}</th>
              <th className={`${th} text-right`}>{t("compare.diff.allowedCalico")}</th>
              <th className={`${th} text-right`}>{t("compare.diff.changed")}</th>
            </tr>
          </thead>
          <tbody>
            {cmp.diff.perPort.map((p) => (
              <tr key={p.port}>
                <td className={`${td} font-mono`}>{p.port}</td>
                <td className={`${td} text-right tabular-nums`}>{count(p.pairs)}</td>
                <td className={`${td} text-right tabular-nums`}>{count(p.allowedFlannel)}</td>
                <td className={`${td} text-right tabular-nums`}>{count(p.allowedCalico)}</td>
                <td className={`${td} text-right font-semibold tabular-nums ${p.changed ? "text-rose-700 dark:text-rose-300" : ""}`}>{count(p.changed)}</td>
              </tr>
            ))}
          </tbody>
        </ScrollTable>
        {cmp.diff.groups.length > 0 && (
          <>
            <h4 className="mt-4 mb-1 text-sm font-medium">{t("compare.diff.groups")}</h4>
            <ol className="flex flex-col gap-2" data-testid="diff-groups">
              {cmp.diff.groups.map((g) => (
                <li key={`${g.ingress.join()}|${g.egress.join()}`} className="rounded border border-slate-200 dark:border-slate-800">
                  <details open={print}>
                    <summary className="cursor-pointer px-3 py-2 text-sm focus-visible:outline-2 focus-visible:outline-sky-500">
                      <span className="font-medium break-words">{groupText(t, g)}</span> <Badge tone="rose">{t("compare.diff.group.count", { count: count(g.count) })}</Badge>
                      {g.truncated && <span className="ml-2 text-xs text-slate-600 dark:text-slate-400">{t("compare.diff.group.truncated", { shown: g.cells.length, count: g.count })}</span>}
                    </summary>
                    <div className={`px-3 pb-3 ${print ? "" : "max-h-96 overflow-y-auto"}`}>
                      <ScrollTable label={groupText(t, g)}>
                        <thead>
                          <tr>
                            <th className={th}>{t("compare.diff.from")}</th>
                            <th className={th}>{t("compare.diff.to")}</th>
                            <th className={th}>{t("compare.diff.port")}</th>
                          </tr>
                        </thead>
                        <tbody className="font-mono text-xs">
                          {g.cells.map((c) => (
                            <tr key={`${c.from} ${c.to} ${c.port}`} data-testid="diff-cell">
                              <td className={td}>{c.from}</td>
                              <td className={td}>{c.to}</td>
                              <td className={td}>{c.port}</td>
                            </tr>
                          ))}
                        </tbody>
                      </ScrollTable>
                    </div>
                  </details>
                </li>
              ))}
            </ol>
            {cmp.diff.groupsOmitted > 0 && (
              <p className="mt-2 text-sm text-slate-600 dark:text-slate-400" data-testid="diff-groups-omitted">
                {t("compare.diff.groupsOmitted", { count: cmp.diff.groupsOmitted })}
              </p>
            )}
          </>
        )}
      </Section>

      <div className="grid gap-x-8 lg:grid-cols-2">
        <Section title={t("compare.traces.title")} testId="traces">
          <ScrollTable label={t("compare.traces.title")}>
            <thead>
              <tr>
                <th className={th}>{t("compare.traces.path")}</th>
                <th className={th}>Flannel</th>
                <th className={th}>Calico</th>
              </tr>
            </thead>
            <tbody>
              {cmp.traces.map((tr) => (
                <tr key={tr.path}>
                  <td className={td}>
                    {t(`compare.traces.${tr.path}` as MessageKey)}
                    {tr.examples.length > 0 && (
                      <div className="mt-0.5 text-xs text-slate-600 dark:text-slate-400">
                        {t("compare.traces.examples", { list: tr.examples.slice(0, 6).map((e) => e.ipAddress).join(", ") + (tr.examples.length > 6 ? " …" : "") })}
                      </div>
                    )}
                  </td>
                  <td className={td}>
                    <Works ok={tr.flannel} />
                  </td>
                  <td className={td}>
                    <Works ok={tr.calico} />
                  </td>
                </tr>
              ))}
            </tbody>
          </ScrollTable>
        </Section>

        <Section title={t("compare.lost.title")} testId="lost">
          <ul className="flex flex-col gap-1.5 text-sm">
            {cmp.lost.map((l) => (
              <li key={l.feature}>
                <span className="font-medium">{t(`compare.lost.${l.feature}` as MessageKey)}</span>
                <span className="block break-words text-slate-600 dark:text-slate-400">{lostText(t, l)}</span>
              </li>
            ))}
          </ul>
        </Section>

        <Section title={t("compare.ipam.title")} testId="ipam">
          <p className="mb-2 text-sm">{t("compare.ipam.intro", { cidr: ip.podCidr, nodes: ip.nodes, pods: ip.pods })}</p>
          <ScrollTable label={t("compare.ipam.title")}>
            <PluginColumns label={t("compare.table.capability")} />
            <tbody className="tabular-nums">
              <tr>
                <td className={td}>{t("compare.ipam.block")}</td>
                <td className={`${td} text-right`}>{t("compare.ipam.flannelBlock", { len: ip.flannel.blockPrefixLength })}</td>
                <td className={`${td} text-right`}>{t("compare.ipam.calicoBlock", { len: ip.calico.blockPrefixLength })}</td>
              </tr>
              {(
                [
                  ["compare.ipam.blocks", "blocks"],
                  ["compare.ipam.reserved", "reserved"],
                  ["compare.ipam.used", "used"],
                  ["compare.ipam.nodesThatFit", "nodesThatFit"],
                  ["compare.ipam.podsThatFit", "podsThatFit"],
                ] as const
              ).map(([key, field]) => (
                <tr key={field}>
                  <td className={td}>{t(key)}</td>
                  <td className={`${td} text-right`}>{ip.flannel[field].toLocaleString("en-US")}</td>
                  <td className={`${td} text-right`}>{ip.calico[field].toLocaleString("en-US")}</td>
                </tr>
              ))}
            </tbody>
          </ScrollTable>
          <p className="mt-2 text-xs text-slate-600 dark:text-slate-400">{t("compare.ipam.note")}</p>
        </Section>

        <Section title={t("compare.overlay.title")} testId="overlay">
          <ScrollTable label={t("compare.overlay.title")}>
            <PluginColumns label={t("compare.table.capability")} />
            <tbody className="tabular-nums">
              <tr>
                <td className={td}>{t("compare.overlay.encapsulation")}</td>
                <td className={`${td} text-right`}>{cmp.overlay.flannel.encapsulation}</td>
                <td className={`${td} text-right`}>{cmp.overlay.calico.encapsulation}</td>
              </tr>
              <tr>
                <td className={td}>{t("compare.overlay.vni")}</td>
                <td className={`${td} text-right`}>{cmp.overlay.flannel.vni}</td>
                <td className={`${td} text-right`}>{cmp.overlay.calico.vni}</td>
              </tr>
              <tr>
                <td className={td}>{t("compare.overlay.port")}</td>
                <td className={`${td} text-right`}>{cmp.overlay.flannel.udpPort}</td>
                <td className={`${td} text-right`}>{cmp.overlay.calico.udpPort}</td>
              </tr>
            </tbody>
          </ScrollTable>
          <p className="mt-2 text-xs text-slate-600 dark:text-slate-400">
            {t(`compare.overlay.note.${cmp.overlay.flannel.note}` as MessageKey)} {t(`compare.overlay.note.${cmp.overlay.calico.note}` as MessageKey)}{" "}
            {t("compare.overlay.unconfirmed")}
          </p>
        </Section>
      </div>
    </div>
  );
}

/** The header row of a Flannel | Calico table: a (screen-reader) label column, then one right-aligned column each. */
function PluginColumns({ label }: { label: string }) {
  return (
    <thead>
      <tr>
        <th className={th}>
          <span className="sr-only">{label}</span>
        </th>
        <th className={`${th} text-right`}>Flannel</th>
        <th className={`${th} text-right`}>Calico</th>
      </tr>
    </thead>
  );
}
