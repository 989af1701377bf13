"use client";
/** The text alternative of the graph: the same elements and connections as an accessible table. */
import { useMemo } from "react";
import { useI18n } from "@/components/shell/i18n";
import type { MessageKey } from "@/lib/i18n/messages";
import type { TopologyElements } from "./topology-canvas";

const MAX_ROWS = 1000;

export function TopologyTable({ cluster, elements, onSelect }: { cluster: string; elements: TopologyElements; onSelect: (id: string) => void }) {
  const { t } = useI18n();
  const { labels, links } = useMemo(() => {
    // pods by their full name (the graph draws a Deployment's pods shortened)
    const labels = new Map(elements.nodes.map((n) => [n.data.id as string, n.data.kind === "Pod" ? String(n.data.name) : String(n.data.label).replace(/\n/g, " · ")]));
    const links = new Map<string, string[]>();
    for (const e of elements.edges) {
      const s = e.data.source as string;
      links.set(s, [...(links.get(s) ?? []), `${e.data.kind}${e.data.label ? ` ${e.data.label}` : ""} → ${labels.get(e.data.target as string) ?? e.data.target}`]);
    }
    return { labels, links };
  }, [elements]);
  const rows = elements.nodes.slice(0, MAX_ROWS);
  const state = (d: Record<string, unknown>, classes?: string) => {
    const out: string[] = [];
    if (d.kind === "Pod") out.push(d.ready ? t("topology.state.ready") : t("topology.state.notReady"));
    if (d.kind === "Owner") out.push(`${d.ready}/${d.count} ${t("topology.state.ready")}`);
    if (d.noEndpoints) out.push(t("topology.state.noEndpoints"));
    if (d.conflict) out.push(t("topology.state.conflict"));
    if (d.kind === "Node") out.push(d.osType === "Windows" ? t("topology.state.windows") : t("topology.state.linux"));
    if (classes?.includes("etp-local") && d.kind === "Service") out.push(t("topology.state.local"));
    return out.join(", ");
  };
  return (
    <div className="max-h-[70vh] overflow-auto rounded-lg border border-slate-200 dark:border-slate-800">
      <table className="w-full text-left text-sm" data-testid="topology-table">
        <caption className="p-2 text-left text-sm font-medium">{t("topology.table.caption", { cluster, count: elements.nodes.length })}</caption>
        <thead className="sticky top-0 bg-slate-50 text-xs uppercase text-slate-600 dark:bg-slate-800 dark:text-slate-300">
          <tr>
            <th scope="col" className="px-2 py-1">{t("topology.table.kind")}</th>
            <th scope="col" className="px-2 py-1">{t("topology.table.name")}</th>
            <th scope="col" className="px-2 py-1">{t("topology.table.namespace")}</th>
            <th scope="col" className="px-2 py-1">{t("topology.table.inside")}</th>
            <th scope="col" className="px-2 py-1">{t("topology.table.state")}</th>
            <th scope="col" className="px-2 py-1">{t("topology.table.links")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((n) => {
            const d = n.data as Record<string, unknown> & { id: string; kind: string; name: string };
            return (
              <tr key={d.id} className="border-t border-slate-100 align-top dark:border-slate-800">
                <td className="px-2 py-1">{t(`topology.kind.${d.kind}` as MessageKey)}</td>
                <th scope="row" className="px-2 py-1 font-normal">
                  <button type="button" className="break-all text-left text-sky-800 hover:underline dark:text-sky-300" onClick={() => onSelect(d.id)}>
                    {d.name}
                  </button>
                </th>
                <td className="px-2 py-1">{(d.namespace as string) ?? ""}</td>
                <td className="px-2 py-1">{d.parent ? labels.get(d.parent as string) : ""}</td>
                <td className="px-2 py-1">{state(d, n.classes as string | undefined)}</td>
                <td className="px-2 py-1 text-xs">{(links.get(d.id) ?? []).slice(0, 8).join("; ")}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {elements.nodes.length > MAX_ROWS && <p className="p-2 text-xs text-slate-600 dark:text-slate-400">{t("topology.table.more", { shown: MAX_ROWS, total: elements.nodes.length })}</p>}
    </div>
  );
}
