/**
 * The review report of a plugin comparison, as Markdown to attach to a change request, in the reader's language
 * (every sentence comes from the i18n catalogs). Also the shared wording of reasons, groups and features the UI uses.
 */
import { translate, type Lang, type MessageKey } from "../i18n/messages";
import type { DiffGroup, LostFeature, PluginComparison, Recommendation } from "./compare";
import { COMPARE_LIMITS } from "./compare";
import { CONT_NET_SOURCE, NEW_CLUSTER_SOURCE, PLUGIN_TABLE } from "./table";
import { diffGraphSvg } from "./diff-graph";

/** The report's picture as an SVG document, in the reader's language. */
export function reportGraphSvg(cmp: PluginComparison, lang: Lang): string {
  const t: Translate = (key, vars) => translate(lang, key, vars);
  return diffGraphSvg(cmp.graph, { title: t("compare.graph.title", { cluster: cmp.cluster }), legend: t("compare.graph.legend"), empty: t("compare.graph.empty") });
}

export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

export const PLUGIN_NAME = { calico: "Calico", flannel: "Flannel" } as const;

/** A count as people read it, in both languages: 1,050 (never 1050). */
export function count(n: number): string {
  return n.toLocaleString("en-US");
}

/** The recommendation's reasons: every value is a count (connections, objects, addresses, nodes), so each is grouped. */
export function reasonText(t: Translate, reason: Recommendation["reasons"][number]): string {
  const values = reason.values && Object.fromEntries(Object.entries(reason.values).map(([k, v]) => [k, typeof v === "number" ? count(v) : v]));
  return t(`compare.rec.${reason.id}` as MessageKey, values);
}

/** "denied on ingress by a, b; denied on egress by c" */
export function groupText(t: Translate, g: DiffGroup): string {
  const parts: string[] = [];
  if (g.ingress.length) parts.push(t("compare.diff.group.ingress", { policies: g.ingress.join(", ") }));
  if (g.egress.length) parts.push(t("compare.diff.group.egress", { policies: g.egress.join(", ") }));
  return parts.join("; ");
}

export function lostText(t: Translate, l: LostFeature): string {
  // the engine states the VMs as one English phrase ("4 VM(s) on the cluster's network"): said in the reader's language
  const vms = l.feature === "podToVmSameNetwork" && l.objects.length === 1 ? /^(\d+) VM\(s\) on the cluster's network$/.exec(l.objects[0]) : null;
  if (vms) return t("compare.lost.vms", { count: count(Number(vms[1])) });
  return l.objects.length ? t("compare.lost.used", { count: l.objects.length, list: l.objects.join(", ") }) : t("compare.lost.unused");
}

/** Pipes and newlines would break a Markdown table cell. */
function cell(text: string | number): string {
  return String(text).replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}

function table(head: string[], rows: (string | number)[][]): string[] {
  return [`| ${head.map(cell).join(" | ")} |`, `|${head.map(() => "---").join("|")}|`, ...rows.map((r) => `| ${r.map(cell).join(" | ")} |`)];
}

/** Cells listed per group in the report (the UI and the JSON keep up to COMPARE_LIMITS.cellsPerGroup). */
export const REPORT_CELLS_PER_GROUP = 50;

export function reviewReportMarkdown(cmp: PluginComparison, lang: Lang, generatedAt: Date = new Date()): string {
  const t: Translate = (key, vars) => translate(lang, key, vars);
  const yesNo = (v: boolean) => t(v ? "compare.traces.works" : "compare.traces.fails");
  const ports = cmp.diff.ports.join(", ");
  const out: string[] = [];
  out.push(`# ${t("compare.report.heading", { cluster: cmp.cluster })}`, "");
  out.push(t("compare.report.generated", { date: generatedAt.toISOString() }), "");
  out.push(`- ${t("compare.report.currentPlugin", { plugin: PLUGIN_NAME[cmp.current] })}`);
  out.push(`- ${t("compare.facts.default")}`, `- ${t("compare.facts.immutable")}`, `- ${t("compare.facts.retired")}`, "");

  out.push(`## ${t("compare.rec.title")}`, "", `**${t("compare.rec.plugin", { plugin: PLUGIN_NAME[cmp.recommendation.plugin] })}**`, "");
  for (const r of cmp.recommendation.reasons) out.push(`- ${reasonText(t, r)}`);
  out.push("");

  out.push(`## ${t("compare.diff.title")}`, "");
  out.push(cmp.diff.total > 0 ? t("compare.diff.summary", { count: count(cmp.diff.total), ports }) : t("compare.diff.none", { ports }), "");
  if (cmp.portsOmitted > 0) out.push(t("compare.diff.portsOmitted", { count: cmp.portsOmitted, limit: COMPARE_LIMITS.ports }), "");
  out.push(`### ${t("compare.diff.perPort")}`, "");
  out.push(
    ...table(
      [t("compare.diff.port"), t("compare.diff.pairs"), t("compare.diff.allowedFlannel"), t("compare.diff.allowedCalico"), t("compare.diff.changed")],
      cmp.diff.perPort.map((p) => [p.port, count(p.pairs), count(p.allowedFlannel), count(p.allowedCalico), count(p.changed)]),
    ),
    "",
  );
  // the picture: embedded as an SVG data URI, so the report stays one self-contained file (README: "the report's picture")
  const svg = reportGraphSvg(cmp, lang);
  out.push(`### ${t("compare.graph.title", { cluster: cmp.cluster })}`, "");
  out.push(`![${t("compare.graph.alt", { cluster: cmp.cluster })}](data:image/svg+xml;base64,${Buffer.from(svg, "utf8").toString("base64")})`, "");
  out.push(t("compare.graph.legend") + ".", "");
  if (cmp.graph.omittedNodes > 0) out.push(t("compare.graph.omitted", { count: cmp.graph.omittedNodes }), "");
  out.push(t("compare.graph.embedded", { url: `/api/clusters/${encodeURIComponent(cmp.cluster)}/compare/graph.svg?lang=${lang}` }), "");
  if (cmp.diff.groups.length) {
    out.push(`### ${t("compare.diff.groups")}`, "");
    cmp.diff.groups.forEach((g, i) => {
      out.push(`#### ${i + 1}. ${groupText(t, g)} — ${t("compare.diff.group.count", { count: count(g.count) })}`, "");
      const shown = g.cells.slice(0, REPORT_CELLS_PER_GROUP);
      out.push(...table([t("compare.diff.from"), t("compare.diff.to"), t("compare.diff.port")], shown.map((c) => [c.from, c.to, c.port])));
      if (g.count > shown.length) out.push("", t("compare.report.moreCells", { count: g.count - shown.length }));
      out.push("");
    });
    if (cmp.diff.groupsOmitted > 0) out.push(t("compare.diff.groupsOmitted", { count: cmp.diff.groupsOmitted }), "");
  }

  out.push(`## ${t("compare.traces.title")}`, "");
  out.push(
    ...table(
      [t("compare.traces.path"), "Flannel", "Calico"],
      cmp.traces.map((tr) => [t(`compare.traces.${tr.path}` as MessageKey), yesNo(tr.flannel), yesNo(tr.calico)]),
    ),
  );
  const vmTrace = cmp.traces.find((tr) => tr.path === "podToVmSameNetwork");
  if (vmTrace && vmTrace.examples.length) out.push("", t("compare.traces.examples", { list: vmTrace.examples.map((e) => `${e.name} (${e.ipAddress})`).join(", ") }));
  out.push("");

  out.push(`## ${t("compare.lost.title")}`, "");
  for (const l of cmp.lost) out.push(`- **${t(`compare.lost.${l.feature}` as MessageKey)}**: ${lostText(t, l)}`);
  out.push("");

  const ip = cmp.ipam;
  out.push(`## ${t("compare.ipam.title")}`, "", t("compare.ipam.intro", { cidr: ip.podCidr, nodes: ip.nodes, pods: ip.pods }), "");
  out.push(
    ...table(
      ["", "Flannel", "Calico"],
      [
        [t("compare.ipam.block"), t("compare.ipam.flannelBlock", { len: ip.flannel.blockPrefixLength }), t("compare.ipam.calicoBlock", { len: ip.calico.blockPrefixLength })],
        [t("compare.ipam.blocks"), ip.flannel.blocks, ip.calico.blocks],
        [t("compare.ipam.reserved"), ip.flannel.reserved, ip.calico.reserved],
        [t("compare.ipam.used"), ip.flannel.used, ip.calico.used],
        [t("compare.ipam.nodesThatFit"), ip.flannel.nodesThatFit, ip.calico.nodesThatFit],
        [t("compare.ipam.podsThatFit"), ip.flannel.podsThatFit, ip.calico.podsThatFit],
      ],
    ),
    "",
    t("compare.ipam.note"),
    "",
  );

  const o = cmp.overlay;
  out.push(`## ${t("compare.overlay.title")}`, "");
  out.push(
    ...table(
      ["", "Flannel", "Calico"],
      [
        [t("compare.overlay.encapsulation"), o.flannel.encapsulation, o.calico.encapsulation],
        [t("compare.overlay.vni"), o.flannel.vni, o.calico.vni],
        [t("compare.overlay.port"), o.flannel.udpPort, o.calico.udpPort],
      ],
    ),
    "",
    `${t(`compare.overlay.note.${o.flannel.note}` as MessageKey)} ${t(`compare.overlay.note.${o.calico.note}` as MessageKey)} ${t("compare.overlay.unconfirmed")}`,
    "",
  );

  out.push(`## ${t("compare.table.title")}`, "");
  out.push(
    ...table(
      [t("compare.table.capability"), t("compare.table.flannel"), t("compare.table.calico"), t("compare.table.meaning")],
      PLUGIN_TABLE.map((r) => [t(r.label), t(r.flannel), t(r.calico), t(r.meaning)]),
    ),
    "",
    t("compare.facts.source", { source: `${CONT_NET_SOURCE.label} <${CONT_NET_SOURCE.url}>; ${NEW_CLUSTER_SOURCE.label} <${NEW_CLUSTER_SOURCE.url}>` }),
    "",
  );
  return out.join("\n");
}
