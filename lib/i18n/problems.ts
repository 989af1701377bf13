/**
 * Translations of the validators' field problems (`FieldProblem.code` + `vars`, see lib/ipam/fields.ts). The English
 * template formats to exactly the validator's English `message` (tested), the Japanese one says the same in Japanese.
 * Terms the validators put into `vars` in English (pool names, "network"/"broadcast") are translated by TERMS.
 */
import { format, type Lang } from "./messages";

const en = {
  required: "is required",
  "type.string": "must be a string, got {got}",
  "type.boolean": "must be true or false, got {got}",
  "type.list": "must be a list, got {got}",
  oneOf: 'must be one of {allowed}, got "{value}"',
  "integer.range": "must be an integer from {min} to {max}{hint}, got {got}",
  "address.invalid": '"{value}" is not a valid IPv4 address (expected a dotted quad such as 172.16.0.1)',
  "network.notObject": "must be an object with the New-AksHciClusterNetwork parameters, got {got}",
  "network.nameTooLong": "must be at most {max} characters, got {length}",
  "network.nameChars": '"{name}" is not allowed: AksHci network names may contain only lowercase letters and digits (e.g. "demonet")',
  "network.vswitchBlank": "must name an existing external Hyper-V switch (Get-VMSwitch), got only whitespace",
  "network.staticIncomplete": "is required for static IP assignment because {given} {verb} set; for DHCP leave out all of {fields}",
  "network.prefixInvalid": '"{value}" is not a valid IPv4 CIDR (expected e.g. 172.16.0.0/16)',
  "network.prefixHostBits": '"{value}" has host bits set; the network address of this prefix is {network}',
  "pool.reversed": "{end} is lower than {startField} {start}; a pool runs from its start up to its end",
  "gateway.inPool": "{gateway} lies inside the {pool} {start}–{end}; the gateway must be outside both pools",
  "dns.inPool": "{dns} lies inside the {pool} {start}–{end}; DNS servers must be outside both pools",
  "pools.overlap":
    "the VIP pool {vipStart}–{vipEnd} overlaps the k8s node IP pool {nodeStart}–{nodeEnd}; the two pools must not share addresses",
  "gateway.outsidePrefix": "{gateway} is outside ipAddressPrefix {prefix}; the gateway must be inside the subnet",
  "gateway.reserved": "{gateway} is the {which} address of {prefix} and cannot be a gateway",
  "dns.notList": "must be a list of 1 to {max} IPv4 addresses, got {got}",
  "dns.tooMany": "must list 1 to {max} DNS servers, got {count}",
  "dns.notString": "must be an IPv4 address string, got {got}",
  "pool.outsidePrefix": "{address} is outside ipAddressPrefix {prefix}; the {pool} must be inside the subnet",
  "pool.startsAtNetwork": "{address} is the network address of {prefix} and cannot be assigned; start the {pool} at the next address",
  "pool.endsAtBroadcast": "{address} is the broadcast address of {prefix} and cannot be assigned; end the {pool} one address lower",
  "pool.overlapsCidr": "the {pool} {range} overlaps the {what} {cidr}, which every AksHci cluster uses internally and which cannot be changed",
  "prefix.overlapsCidr": "the ipAddressPrefix {prefix} overlaps the {what} {cidr}, which every AksHci cluster uses internally and which cannot be changed",
} as const;

export type ProblemCode = keyof typeof en;

const ja: Record<ProblemCode, string> = {
  required: "必須です",
  "type.string": "文字列で指定してください",
  "type.boolean": "true または false で指定してください",
  "type.list": "リストで指定してください",
  oneOf: "{allowed} のいずれかを指定してください（指定値: \"{value}\"）",
  "integer.range": "{min}〜{max} の整数で指定してください（指定値: {got}）",
  "address.invalid": "\"{value}\" は有効な IPv4 アドレスではありません（例: 172.16.0.1）",
  "network.notObject": "New-AksHciClusterNetwork のパラメーターを持つオブジェクトを指定してください",
  "network.nameTooLong": "{max} 文字以内にしてください（現在 {length} 文字）",
  "network.nameChars": "\"{name}\" は使えません。AksHci のネットワーク名に使えるのは英小文字と数字だけです（例: \"demonet\"）",
  "network.vswitchBlank": "既存の外部 Hyper-V スイッチ（Get-VMSwitch）の名前を指定してください。空白だけになっています",
  "network.staticIncomplete": "{given} が指定されているため、静的 IP 割り当てでは必須です。DHCP にする場合は {fields} をすべて省略してください",
  "network.prefixInvalid": "\"{value}\" は有効な IPv4 CIDR ではありません（例: 172.16.0.0/16）",
  "network.prefixHostBits": "\"{value}\" にはホスト部のビットが立っています。このプレフィックスのネットワーク アドレスは {network} です",
  "pool.reversed": "{end} が {startField} の {start} より小さくなっています。プールは開始アドレスから終了アドレスまでです",
  "gateway.inPool": "{gateway} は {pool} {start}–{end} の中にあります。ゲートウェイは両方のプールの外に置いてください",
  "dns.inPool": "{dns} は {pool} {start}–{end} の中にあります。DNS サーバーは両方のプールの外に置いてください",
  "pools.overlap": "VIP プール {vipStart}–{vipEnd} が k8s ノード IP プール {nodeStart}–{nodeEnd} と重なっています。2 つのプールでアドレスを共有することはできません",
  "gateway.outsidePrefix": "{gateway} は ipAddressPrefix {prefix} の外にあります。ゲートウェイはサブネットの中に置いてください",
  "gateway.reserved": "{gateway} は {prefix} の{which}アドレスなので、ゲートウェイにはできません",
  "dns.notList": "1〜{max} 個の IPv4 アドレスのリストで指定してください",
  "dns.tooMany": "DNS サーバーは 1〜{max} 個にしてください（現在 {count} 個）",
  "dns.notString": "IPv4 アドレスの文字列で指定してください",
  "pool.outsidePrefix": "{address} は ipAddressPrefix {prefix} の外にあります。{pool}はサブネットの中に置いてください",
  "pool.startsAtNetwork": "{address} は {prefix} のネットワーク アドレスなので割り当てられません。{pool}は次のアドレスから始めてください",
  "pool.endsAtBroadcast": "{address} は {prefix} のブロードキャスト アドレスなので割り当てられません。{pool}は 1 つ手前で終えてください",
  "pool.overlapsCidr": "{pool} {range} が {what} {cidr} と重なっています。この範囲はすべての AksHci クラスターが内部で使い、変更できません",
  "prefix.overlapsCidr": "ipAddressPrefix {prefix} が {what} {cidr} と重なっています。この範囲はすべての AksHci クラスターが内部で使い、変更できません",
};

/** English words the validators put into `vars`, in Japanese. */
const TERMS: Record<string, string> = {
  "VIP pool": "VIP プール",
  "k8s node IP pool": "k8s ノード IP プール",
  "pod CIDR": "Pod CIDR",
  "service CIDR": "サービス CIDR",
  network: "ネットワーク",
  broadcast: "ブロードキャスト",
};

export const problemCatalogs: Record<Lang, Record<ProblemCode, string>> = { en, ja };

export function isProblemCode(code: unknown): code is ProblemCode {
  return typeof code === "string" && Object.prototype.hasOwnProperty.call(en, code);
}

/** The text of one problem in `lang`: its code's template filled with its vars, or its English message. */
export function problemText(lang: Lang, p: { message: string; code?: string; vars?: Record<string, string | number> }): string {
  if (!isProblemCode(p.code)) return p.message;
  const vars = lang === "en" || !p.vars ? p.vars : Object.fromEntries(Object.entries(p.vars).map(([k, v]) => [k, typeof v === "string" ? (TERMS[v] ?? v) : v]));
  return format(problemCatalogs[lang][p.code], vars);
}
