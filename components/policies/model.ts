/**
 * Pure helpers of the Policies area: decoding the reachability bitsets, the filtered view of the heatmap (rows and
 * columns), namespace bands, label filters and port input parsing. No React here.
 */
import type { PolicySummary, Posture } from "@/lib/policy/posture";
import type { CompactReachability } from "@/lib/policy/api";
import type { SideExplanation } from "@/lib/policy/explain";
import type { CalicoAwareExplanation } from "@/lib/policy/api";
import type { CalicoTierListing } from "@/lib/policy/calico/listing";
import type { Pod } from "@/lib/kube/types";

/** `GET /api/clusters/{name}/reachability?format=bits` */
export type ReachabilityBitsDto = CompactReachability;

/** `GET /api/clusters/{name}/reachability/explain` */
export type ExplanationDto = CalicoAwareExplanation;
export type SideDto = SideExplanation;

/** `GET /api/clusters/{name}/policies` */
export interface PoliciesDto {
  plugin: "calico" | "flannel";
  enforced: boolean;
  policies: PolicySummary[];
  posture: Posture;
  /** Calico's own policies by tier (empty without projectcalico.org/v3 policies) */
  calico: CalicoTierListing[];
}

/** A decoded reachability matrix of one port: row i (source pods[i]) = `words` uint32 at i × words; bit j = may reach pods[j]. */
export interface Reachability {
  plugin: "calico" | "flannel";
  enforced: boolean;
  pods: string[];
  namespaces: string[];
  words: number;
  port: string;
  bits: Uint32Array;
}

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** base64 of little-endian uint32 words → Uint32Array (byte-swapped on a big-endian machine). */
export function decodeBits(base64: string, expectedWords: number): Uint32Array {
  const bin = atob(base64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  const out = new Uint32Array(expectedWords);
  if (LITTLE_ENDIAN) out.set(new Uint32Array(bytes.buffer, 0, Math.min(expectedWords, bytes.length >>> 2)));
  else {
    const view = new DataView(bytes.buffer);
    for (let i = 0; i < out.length && i * 4 + 3 < bytes.length; i++) out[i] = view.getUint32(i * 4, true);
  }
  return out;
}

export function toReachability(dto: ReachabilityBitsDto, port: string): Reachability {
  const key = Object.keys(dto.matrices).find((k) => k === port) ?? Object.keys(dto.matrices)[0];
  const bits = key ? decodeBits(dto.matrices[key], dto.pods.length * dto.words) : new Uint32Array(0);
  return { plugin: dto.plugin, enforced: dto.enforced, pods: dto.pods, namespaces: dto.namespaces, words: dto.words, port: key ?? port, bits };
}

export function allowedAt(r: Reachability, i: number, j: number): boolean {
  return (r.bits[i * r.words + (j >>> 5)] & (1 << (j & 31))) !== 0;
}

/** Bit counting for the allowed / denied totals of the visible view. */
function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/** Allowed and denied connections among `view` (rows = columns = view), the diagonal (a pod to itself) excluded. */
export function countVerdicts(r: Reachability, view: Int32Array): { allowed: number; denied: number } {
  const words = r.words;
  const mask = new Uint32Array(words);
  for (const j of view) mask[j >>> 5] |= 1 << (j & 31);
  let allowed = 0;
  for (const i of view) {
    const off = i * words;
    for (let w = 0; w < words; w++) {
      const m = mask[w];
      if (m !== 0) allowed += popcount(r.bits[off + w] & m);
    }
    if (allowedAt(r, i, i)) allowed--; // the diagonal is not a connection
  }
  const total = view.length * (view.length - 1);
  return { allowed, denied: total - allowed };
}

/** A run of consecutive view indices sharing a namespace. */
export interface Band {
  namespace: string;
  start: number;
  /** exclusive */
  end: number;
}

export function bands(namespaces: string[], view: Int32Array): Band[] {
  const out: Band[] = [];
  for (let k = 0; k < view.length; k++) {
    const ns = namespaces[view[k]];
    const last = out[out.length - 1];
    if (last && last.namespace === ns) last.end = k + 1;
    else out.push({ namespace: ns, start: k, end: k + 1 });
  }
  return out;
}

// ---------------------------------------------------------------- label filters

export interface LabelTerm {
  key: string;
  op: "=" | "!=" | "exists" | "!exists";
  value: string;
}

/**
 * Parses a comma-separated label filter: `app=api`, `tier!=web`, `app` (has the label), `!app` (has not). Also accepts
 * `==`. Returns null for a term it cannot read (the UI says so instead of silently matching everything).
 */
export function parseLabelFilter(text: string): LabelTerm[] | null {
  const terms: LabelTerm[] = [];
  for (const raw of text.split(",")) {
    const part = raw.trim();
    if (!part) continue;
    let m = /^([A-Za-z0-9._/-]+)\s*(==|=|!=)\s*([A-Za-z0-9._-]*)$/.exec(part);
    if (m) {
      terms.push({ key: m[1], op: m[2] === "!=" ? "!=" : "=", value: m[3] });
      continue;
    }
    m = /^(!?)\s*([A-Za-z0-9._/-]+)$/.exec(part);
    if (m) {
      terms.push({ key: m[2], op: m[1] ? "!exists" : "exists", value: "" });
      continue;
    }
    return null;
  }
  return terms;
}

export function labelsMatch(labels: Record<string, string> | undefined, terms: LabelTerm[]): boolean {
  const l = labels ?? {};
  return terms.every((t) => {
    const has = Object.prototype.hasOwnProperty.call(l, t.key);
    switch (t.op) {
      case "=":
        return has && l[t.key] === t.value;
      case "!=":
        return !has || l[t.key] !== t.value;
      case "exists":
        return has;
      case "!exists":
        return !has;
    }
  });
}

/** "ns/name" → labels, from the cluster's Pod objects. */
export function podLabels(pods: Pod[] | undefined): Map<string, Record<string, string>> {
  const out = new Map<string, Record<string, string>>();
  for (const p of pods ?? []) out.set(`${p.metadata.namespace ?? "default"}/${p.metadata.name}`, p.metadata.labels ?? {});
  return out;
}

/** Pod indices shown as rows and columns: those in the chosen namespaces (all when none chosen) matching the labels. */
export function filterView(r: Reachability, namespaces: string[], terms: LabelTerm[], labels: Map<string, Record<string, string>>): Int32Array {
  const nsSet = new Set(namespaces);
  const out: number[] = [];
  for (let i = 0; i < r.pods.length; i++) {
    if (nsSet.size > 0 && !nsSet.has(r.namespaces[i])) continue;
    if (terms.length > 0 && !labelsMatch(labels.get(r.pods[i]), terms)) continue;
    out.push(i);
  }
  return Int32Array.from(out);
}

// ---------------------------------------------------------------- ports

export const PROTOCOLS = ["TCP", "UDP", "SCTP"] as const;
export type Protocol = (typeof PROTOCOLS)[number];

/** `8080/TCP`, `53/udp`, `80` (TCP) → canonical `8080/TCP`; null when unreadable or out of range. */
export function normalizePort(text: string): string | null {
  const m = /^\s*(\d{1,5})\s*(?:\/\s*([A-Za-z]+)\s*)?$/.exec(text);
  if (!m) return null;
  const port = Number(m[1]);
  if (port < 1 || port > 65535) return null;
  const protocol = (m[2] ?? "TCP").toUpperCase();
  if (!(PROTOCOLS as readonly string[]).includes(protocol)) return null;
  return `${port}/${protocol}`;
}

/**
 * Presets: the container ports the cluster's pods declare (most used first), then a few common ones. Host-network
 * pods (calico-node's BGP 179/TCP on every node, kube-proxy) are left out: NetworkPolicies do not apply to them, and
 * the page opens on the first preset.
 */
export function portPresets(pods: Pod[] | undefined): { port: string; name?: string; count: number }[] {
  const counts = new Map<string, { count: number; name?: string }>();
  for (const p of pods ?? []) {
    if (p.spec?.hostNetwork) continue;
    for (const c of p.spec?.containers ?? []) {
      for (const cp of c.ports ?? []) {
        const key = `${cp.containerPort}/${cp.protocol ?? "TCP"}`;
        const cur = counts.get(key) ?? { count: 0, name: cp.name };
        cur.count++;
        counts.set(key, cur);
      }
    }
  }
  const fromPods = [...counts].sort((a, b) => b[1].count - a[1].count || a[0].localeCompare(b[0])).map(([port, v]) => ({ port, name: v.name, count: v.count }));
  const common = ["80/TCP", "443/TCP", "53/UDP", "53/TCP"].filter((p) => !counts.has(p)).map((port) => ({ port, count: 0 }));
  return [...fromPods, ...common].slice(0, 10);
}

/** Short pod label for the axes: the pod name without its namespace. */
export function podName(key: string): string {
  const i = key.indexOf("/");
  return i < 0 ? key : key.slice(i + 1);
}
