/**
 * UI message catalogs, English and Japanese. Keys are grouped by area; `{name}` placeholders are filled by `format`.
 * Every UI string goes through these catalogs (the seed document is Japanese; admins read both).
 */
export const LANGS = ["en", "ja"] as const;
export type Lang = (typeof LANGS)[number];

import { clustersEn, clustersJa } from "./areas/clusters";
import { policiesEn, policiesJa } from "./areas/policies";
import { objectsEn, objectsJa } from "./areas/objects";
import { trafficEn, trafficJa } from "./areas/traffic";
import { compareEn, compareJa } from "./areas/compare";
import { integrityEn, integrityJa } from "./areas/integrity";
import { topologyEn, topologyJa } from "./areas/topology";
import { authEn, authJa } from "./areas/auth";

const base = {
  "app.name": "hcinet",
  "app.tagline": "AKS hybrid networking",
  "nav.networks": "Networks",
  "nav.clusters": "Clusters",
  "nav.topology": "Topology",
  "nav.policies": "Policies",
  "nav.traffic": "Traffic",
  "nav.compare": "Compare",
  "nav.planned": "planned",
  "nav.plannedHint": "This area is not part of this version yet.",
  "shell.language": "Language",
  "shell.theme": "Theme",
  "shell.theme.light": "Light",
  "shell.theme.dark": "Dark",
  "shell.skip": "Skip to content",
  "common.loading": "Loading…",
  "common.retry": "Retry",
  "common.cancel": "Cancel",
  "common.delete": "Delete",
  "common.create": "Create",
  "common.creating": "Creating…",
  "common.deleting": "Deleting…",
  "common.error": "Something went wrong",
  "common.notFound": "Not found",
  "common.back": "Back",
  "common.optional": "optional",
  "common.unconfirmed": "UNCONFIRMED",
  "common.none": "none",
  "networks.title": "Cluster networks",
  "networks.subtitle": "AksHciClusterNetwork objects: the node IP pool and VIP pool your clusters draw their addresses from.",
  "networks.new": "New network",
  "networks.empty": "No networks yet. Create one to plan your first cluster.",
  "networks.col.name": "Name",
  "networks.col.mode": "IP assignment",
  "networks.col.prefix": "Prefix",
  "networks.col.vipPool": "VIP pool",
  "networks.col.nodePool": "Node IP pool",
  "networks.col.clusters": "Clusters",
  "networks.col.usage": "Usage",
  "networks.mode.static": "Static",
  "networks.mode.dhcp": "DHCP",
  "networks.form.title": "New-AksHciClusterNetwork",
  "networks.form.intro": "Parameters as the cmdlet names them. Static IP assignment needs the prefix, gateway, DNS servers and node pool; DHCP needs none of them.",
  "networks.form.mode": "IP assignment",
  "networks.form.name": "Name",
  "networks.form.name.help": "Lowercase letters and digits only.",
  "networks.form.vswitchName": "vSwitch name",
  "networks.form.vswitchName.help": "An existing External Hyper-V switch.",
  "networks.form.ipAddressPrefix": "IP address prefix",
  "networks.form.gateway": "Gateway",
  "networks.form.dnsServers": "DNS servers",
  "networks.form.dnsServers.help": "1 to 3 addresses, comma separated.",
  "networks.form.k8sNodeIpPoolStart": "Node IP pool start",
  "networks.form.k8sNodeIpPoolEnd": "Node IP pool end",
  "networks.form.vipPoolStart": "VIP pool start",
  "networks.form.vipPoolEnd": "VIP pool end",
  "networks.form.vlanID": "VLAN ID",
  "networks.form.vlanID.help": "1–4094; empty for untagged (range UNCONFIRMED).",
  "networks.form.managementCluster": "The AKS host (management cluster) also runs on this network",
  "networks.form.dhcpNote": "DHCP: exclude the VIP pool from your DHCP server's scope — hcinet cannot check that for you.",
  "networks.form.problems": "{count} problem(s) to fix before the network can be created.",
  "networks.form.valid": "All rules pass.",
  "networks.created": "Network {name} created.",
  "networks.deleted": "Network {name} deleted.",
  "networks.detail.pools": "Address pools",
  "networks.detail.settings": "Settings",
  "networks.detail.allocations": "Allocations",
  "networks.detail.noAllocations": "Nothing allocated on this network yet.",
  "networks.detail.newCluster": "New cluster on this network",
  "networks.detail.forecast": "Still fits {workers} more worker nodes, {vips} more LoadBalancer VIPs, or {clusters} more clusters of the smallest shape (1 control plane + 1 worker + 1 load balancer + 5 upgrade spares, 1 VIP).",
  "networks.detail.forecastDhcp": "Still fits {vips} more VIPs (API servers or LoadBalancer services); node addresses come from DHCP.",
  "networks.detail.deleteConfirm": "Delete network {name}? This cannot be undone.",
  "networks.detail.inUse": "Used by {clusters}: delete those clusters first.",
  "pool.vip": "VIP pool",
  "pool.node": "Node IP pool",
  "pool.used": "used",
  "pool.free": "free",
  "pool.reserved": "reserved",
  "pool.size": "{size} addresses",
  "pool.dhcp": "Node and load-balancer VM addresses come from DHCP.",
  "alloc.address": "Address",
  "alloc.pool": "Pool",
  "alloc.owner": "Owner",
  "alloc.cluster": "Cluster",
} as const;

const en = { ...base, ...clustersEn, ...policiesEn, ...objectsEn, ...trafficEn, ...compareEn, ...integrityEn, ...topologyEn, ...authEn };
export type MessageKey = keyof typeof en;

const baseJa: Record<keyof typeof base, string> = {
  "app.name": "hcinet",
  "app.tagline": "AKS ハイブリッドのネットワーク",
  "nav.networks": "ネットワーク",
  "nav.clusters": "クラスター",
  "nav.topology": "トポロジ",
  "nav.policies": "ポリシー",
  "nav.traffic": "トラフィック",
  "nav.compare": "比較",
  "nav.planned": "予定",
  "nav.plannedHint": "この領域はまだこのバージョンに含まれていません。",
  "shell.language": "言語",
  "shell.theme": "テーマ",
  "shell.theme.light": "ライト",
  "shell.theme.dark": "ダーク",
  "shell.skip": "本文へスキップ",
  "common.loading": "読み込み中…",
  "common.retry": "再試行",
  "common.cancel": "キャンセル",
  "common.delete": "削除",
  "common.create": "作成",
  "common.creating": "作成中…",
  "common.deleting": "削除中…",
  "common.error": "エラーが発生しました",
  "common.notFound": "見つかりません",
  "common.back": "戻る",
  "common.optional": "省略可",
  "common.unconfirmed": "未確認",
  "common.none": "なし",
  "networks.title": "クラスター ネットワーク",
  "networks.subtitle": "AksHciClusterNetwork オブジェクト: クラスターがアドレスを受け取るノード IP プールと VIP プール。",
  "networks.new": "新しいネットワーク",
  "networks.empty": "ネットワークはまだありません。最初のクラスターを計画するには作成してください。",
  "networks.col.name": "名前",
  "networks.col.mode": "IP 割り当て",
  "networks.col.prefix": "プレフィックス",
  "networks.col.vipPool": "VIP プール",
  "networks.col.nodePool": "ノード IP プール",
  "networks.col.clusters": "クラスター",
  "networks.col.usage": "使用率",
  "networks.mode.static": "静的",
  "networks.mode.dhcp": "DHCP",
  "networks.form.title": "New-AksHciClusterNetwork",
  "networks.form.intro": "パラメーター名はコマンドレットのとおりです。静的 IP 割り当てにはプレフィックス、ゲートウェイ、DNS サーバー、ノード プールが必要で、DHCP ではどれも使いません。",
  "networks.form.mode": "IP 割り当て",
  "networks.form.name": "名前",
  "networks.form.name.help": "英小文字と数字のみ。",
  "networks.form.vswitchName": "仮想スイッチ名",
  "networks.form.vswitchName.help": "既存の外部 Hyper-V スイッチ。",
  "networks.form.ipAddressPrefix": "IP アドレス プレフィックス",
  "networks.form.gateway": "ゲートウェイ",
  "networks.form.dnsServers": "DNS サーバー",
  "networks.form.dnsServers.help": "1～3 個のアドレスをコンマ区切りで。",
  "networks.form.k8sNodeIpPoolStart": "ノード IP プールの開始",
  "networks.form.k8sNodeIpPoolEnd": "ノード IP プールの終了",
  "networks.form.vipPoolStart": "VIP プールの開始",
  "networks.form.vipPoolEnd": "VIP プールの終了",
  "networks.form.vlanID": "VLAN ID",
  "networks.form.vlanID.help": "1～4094。タグなしの場合は空欄 (範囲は未確認)。",
  "networks.form.managementCluster": "AKS ホスト (管理クラスター) もこのネットワークで動作する",
  "networks.form.dhcpNote": "DHCP: VIP プールを DHCP サーバーのスコープから除外してください。hcinet ではこれを確認できません。",
  "networks.form.problems": "ネットワークを作成する前に修正が必要な問題が {count} 件あります。",
  "networks.form.valid": "すべての規則を満たしています。",
  "networks.created": "ネットワーク {name} を作成しました。",
  "networks.deleted": "ネットワーク {name} を削除しました。",
  "networks.detail.pools": "アドレス プール",
  "networks.detail.settings": "設定",
  "networks.detail.allocations": "割り当て",
  "networks.detail.noAllocations": "このネットワークではまだ何も割り当てられていません。",
  "networks.detail.newCluster": "このネットワークに新しいクラスター",
  "networks.detail.forecast": "あとワーカー ノード {workers} 台、LoadBalancer VIP {vips} 個、または最小構成のクラスター {clusters} 個 (コントロール プレーン 1 + ワーカー 1 + ロード バランサー 1 + アップグレード予備 5、VIP 1) が収まります。",
  "networks.detail.forecastDhcp": "あと VIP {vips} 個 (API サーバーまたは LoadBalancer サービス) が収まります。ノードのアドレスは DHCP から割り当てられます。",
  "networks.detail.deleteConfirm": "ネットワーク {name} を削除しますか? 元に戻せません。",
  "networks.detail.inUse": "{clusters} が使用中です。先にそれらのクラスターを削除してください。",
  "pool.vip": "VIP プール",
  "pool.node": "ノード IP プール",
  "pool.used": "使用中",
  "pool.free": "空き",
  "pool.reserved": "予約",
  "pool.size": "{size} アドレス",
  "pool.dhcp": "ノードとロード バランサー VM のアドレスは DHCP から割り当てられます。",
  "alloc.address": "アドレス",
  "alloc.pool": "プール",
  "alloc.owner": "所有者",
  "alloc.cluster": "クラスター",
};

const ja: Record<MessageKey, string> = { ...baseJa, ...clustersJa, ...policiesJa, ...objectsJa, ...trafficJa, ...compareJa, ...integrityJa, ...topologyJa, ...authJa };

export const catalogs: Record<Lang, Record<MessageKey, string>> = { en, ja };

export function format(template: string, vars?: Record<string, string | number>): string {
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m));
}

export function translate(lang: Lang, key: MessageKey, vars?: Record<string, string | number>): string {
  return format(catalogs[lang][key] ?? catalogs.en[key], vars);
}

export function isLang(v: unknown): v is Lang {
  return typeof v === "string" && (LANGS as readonly string[]).includes(v);
}
