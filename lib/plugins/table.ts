/**
 * The documentation's Flannel vs Calico table for AKS hybrid (fact sheet §6, [CONT-NET]; the seed's 機能 table), as
 * data: one row per capability, each value a message key (words live in the i18n catalogs) and whether the plugins
 * differ on it.
 */
import type { MessageKey } from "../i18n/messages";

export const CONT_NET_SOURCE = {
  label: "Microsoft Learn — Container networking concepts in AKS enabled by Azure Arc (AKS-Arc/concepts-container-networking.md)",
  url: "https://learn.microsoft.com/azure/aks/aksarc/concepts-container-networking",
} as const;

export const NEW_CLUSTER_SOURCE = {
  label: "Microsoft Learn — New-AksHciCluster (-primaryNetworkPlugin)",
  url: "https://learn.microsoft.com/azure/aks/aksarc/reference/ps/new-akshcicluster",
} as const;

export interface PluginTableRow {
  id: string;
  label: MessageKey;
  flannel: MessageKey;
  calico: MessageKey;
  meaning: MessageKey;
  /** the plugins differ on this row */
  differs: boolean;
  source: { label: string; url: string };
}

const yes = "compare.value.yes" as const;
const no = "compare.value.no" as const;

const row = (id: string, flannel: MessageKey, calico: MessageKey, source: { label: string; url: string } = CONT_NET_SOURCE): PluginTableRow => ({
  id,
  label: `compare.row.${id}` as MessageKey,
  flannel,
  calico,
  meaning: `compare.row.${id}.meaning` as MessageKey,
  differs: flannel !== calico,
  source,
});

/** In the documentation's order. */
export const PLUGIN_TABLE: PluginTableRow[] = [
  row("networkPolicy", no, yes),
  row("ipv6", no, yes),
  { ...row("layer", "compare.row.layer.flannel", "compare.row.layer.calico"), differs: false },
  row("vnet", yes, yes),
  row("windows", yes, yes),
  row("podToPod", yes, yes),
  row("podToVmSame", no, yes),
  row("podToVmOther", yes, yes),
  row("services", yes, yes),
  row("loadBalancer", yes, yes),
  row("networks", "compare.row.networks.flannel", "compare.row.networks.calico"),
  row("deployment", "compare.row.deployment.value", "compare.row.deployment.value"),
  row("commandLine", "compare.row.commandLine.flannel", "compare.row.commandLine.calico"),
];
