/**
 * Pure helpers of the cluster object tabs: workloads with their pods, Service port text, object keys for the YAML
 * list, manifest statistics and the grouping of apply errors by source line. No React here.
 */
import type { ApiFieldError } from "@/components/data/api";
import type { KubeObject, Pod } from "@/lib/kube/types";
import { isClusterScoped } from "@/lib/kube/kinds";
import type { ServiceRow } from "@/lib/kube/service-view";

// ---------------------------------------------------------------- workloads

export const CONTROLLER_KINDS = ["Deployment", "StatefulSet", "DaemonSet"] as const;
export type ControllerKind = (typeof CONTROLLER_KINDS)[number];

export interface PodRow {
  namespace: string;
  name: string;
  node: string | null;
  ip: string | null;
  phase: string;
  ready: boolean;
  hostNetwork: boolean;
  /** the pod landed on a node of another OS (lib/kube/workloads wrongOsReason): why it cannot run */
  wrongOs?: string;
}

export interface WorkloadRow {
  kind: ControllerKind;
  namespace: string;
  name: string;
  /** Desired replicas; DaemonSets: one per eligible node, i.e. the pods that exist. */
  desired: number;
  ready: number;
  pods: PodRow[];
  /** `apps/v1` Deployments keep their pods in a ReplicaSet: its name, when there is one. */
  replicaSets: string[];
}

export interface NamespaceWorkloads {
  namespace: string;
  workloads: WorkloadRow[];
  /** Pods no Deployment / StatefulSet / DaemonSet owns. */
  standalone: PodRow[];
}

function controllerOf(obj: KubeObject): { kind: string; name: string } | null {
  const refs = (obj.metadata.ownerReferences ?? []) as { kind?: string; name?: string; controller?: boolean }[];
  const ref = refs.find((r) => r.controller) ?? refs[0];
  return ref?.kind && ref.name ? { kind: ref.kind, name: ref.name } : null;
}

export function podRow(p: Pod): PodRow {
  const ready = p.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True") ?? false;
  const wrongOs = p.status?.conditions?.find((c) => c.type === "Ready" && c.reason === "WrongNodeOS")?.message;
  return {
    ...(wrongOs ? { wrongOs } : {}),
    namespace: p.metadata.namespace ?? "default",
    name: p.metadata.name,
    node: p.spec?.nodeName ?? null,
    ip: p.status?.podIP ?? null,
    phase: p.status?.phase ?? "Pending",
    ready,
    hostNetwork: Boolean(p.spec?.hostNetwork),
  };
}

/** Deployments, StatefulSets and DaemonSets with their pods (through ReplicaSets for Deployments), by namespace. */
export function workloadsByNamespace(objects: KubeObject[]): NamespaceWorkloads[] {
  const key = (ns: string, kind: string, name: string) => `${ns}\u0000${kind}\u0000${name}`;
  const workloads = new Map<string, WorkloadRow>();
  for (const o of objects) {
    if (!(CONTROLLER_KINDS as readonly string[]).includes(o.kind)) continue;
    const ns = o.metadata.namespace ?? "default";
    const replicas = (o.spec as { replicas?: unknown } | undefined)?.replicas;
    workloads.set(key(ns, o.kind, o.metadata.name), {
      kind: o.kind as ControllerKind,
      namespace: ns,
      name: o.metadata.name,
      desired: o.kind === "DaemonSet" ? 0 : typeof replicas === "number" ? replicas : 1,
      ready: 0,
      pods: [],
      replicaSets: [],
    });
  }
  // ReplicaSet → its Deployment
  const rsOwner = new Map<string, WorkloadRow>();
  for (const o of objects) {
    if (o.kind !== "ReplicaSet") continue;
    const ns = o.metadata.namespace ?? "default";
    const owner = controllerOf(o);
    const w = owner?.kind === "Deployment" ? workloads.get(key(ns, "Deployment", owner.name)) : undefined;
    if (w) {
      rsOwner.set(`${ns}\u0000${o.metadata.name}`, w);
      w.replicaSets.push(o.metadata.name);
    }
  }
  const standalone = new Map<string, PodRow[]>();
  for (const o of objects) {
    if (o.kind !== "Pod") continue;
    const row = podRow(o as Pod);
    const owner = controllerOf(o);
    let w: WorkloadRow | undefined;
    if (owner?.kind === "ReplicaSet") w = rsOwner.get(`${row.namespace}\u0000${owner.name}`);
    else if (owner) w = workloads.get(key(row.namespace, owner.kind, owner.name));
    if (w) {
      w.pods.push(row);
      if (row.ready) w.ready++;
    } else {
      const list = standalone.get(row.namespace) ?? [];
      list.push(row);
      standalone.set(row.namespace, list);
    }
  }
  const byNs = new Map<string, NamespaceWorkloads>();
  const entry = (ns: string) => {
    let e = byNs.get(ns);
    if (!e) byNs.set(ns, (e = { namespace: ns, workloads: [], standalone: [] }));
    return e;
  };
  for (const w of workloads.values()) {
    if (w.kind === "DaemonSet") w.desired = w.pods.length;
    w.pods.sort((a, b) => a.name.localeCompare(b.name));
    entry(w.namespace).workloads.push(w);
  }
  for (const [ns, pods] of standalone) entry(ns).standalone = pods.sort((a, b) => a.name.localeCompare(b.name));
  const order = (k: string) => (CONTROLLER_KINDS as readonly string[]).indexOf(k);
  for (const e of byNs.values()) e.workloads.sort((a, b) => order(a.kind) - order(b.kind) || a.name.localeCompare(b.name));
  return [...byNs.values()].sort((a, b) => a.namespace.localeCompare(b.namespace));
}

// ---------------------------------------------------------------- services

/** kubectl's PORT(S) text plus the target: `80:30086/TCP → http`. */
export function formatServicePort(p: ServiceRow["ports"][number]): string {
  const base = `${p.port}${p.nodePort ? `:${p.nodePort}` : ""}/${p.protocol}`;
  return p.targetPort !== undefined && String(p.targetPort) !== String(p.port) ? `${base} → ${p.targetPort}` : base;
}

export const SERVICE_TYPE_TONE: Record<string, "slate" | "sky" | "violet" | "emerald" | "amber"> = {
  ClusterIP: "slate",
  NodePort: "sky",
  LoadBalancer: "violet",
  ExternalName: "amber",
};

// ---------------------------------------------------------------- object references (YAML list)

/** `Kind/namespace/name` (cluster-scoped: `Kind//name`): the YAML tab's selection in the URL. */
export function objectRef(o: KubeObject): string {
  return `${o.kind}/${isClusterScoped(o.kind) ? "" : (o.metadata.namespace ?? "default")}/${o.metadata.name}`;
}

export function objectLabel(o: KubeObject): string {
  return isClusterScoped(o.kind) ? o.metadata.name : `${o.metadata.namespace ?? "default"}/${o.metadata.name}`;
}

/** Order of kinds in the YAML list: the ones people edit first. */
const KIND_ORDER = [
  "Namespace", "Deployment", "StatefulSet", "DaemonSet", "Service", "Ingress", "IngressClass", "NetworkPolicy",
  "ReplicaSet", "Pod", "Endpoints", "EndpointSlice", "Node",
];

export function groupByKind(objects: KubeObject[]): { kind: string; objects: KubeObject[] }[] {
  const map = new Map<string, KubeObject[]>();
  for (const o of objects) {
    const list = map.get(o.kind) ?? [];
    list.push(o);
    map.set(o.kind, list);
  }
  const rank = (k: string) => {
    const i = KIND_ORDER.indexOf(k);
    return i < 0 ? KIND_ORDER.length : i;
  };
  return [...map.entries()]
    .sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b))
    .map(([kind, list]) => ({ kind, objects: list.sort((a, b) => objectLabel(a).localeCompare(objectLabel(b))) }));
}

// ---------------------------------------------------------------- manifests

export interface ManifestStats {
  bytes: number;
  lines: number;
  /** Documents in the stream (`---` separated, empty ones skipped) plus the items of `kind: List` documents. */
  documents: number;
}

/**
 * Cheap statistics of a manifest for the progress display (a multi-megabyte import is not parsed twice in the
 * browser): documents are counted from the `---` separators; a top-level `kind: List` counts its `items` entries.
 */
export function manifestStats(text: string): ManifestStats {
  const bytes = new TextEncoder().encode(text).length;
  if (!text.trim()) return { bytes, lines: text ? text.split("\n").length : 0, documents: 0 };
  const lines = text.split("\n");
  let documents = 0;
  let current: string[] = [];
  const flush = () => {
    const meaningful = current.filter((l) => l.trim() && !l.trimStart().startsWith("#"));
    if (meaningful.length) {
      if (meaningful.some((l) => /^kind:\s*["']?\w*List["']?\s*$/.test(l))) {
        const itemStarts = meaningful.filter((l) => /^ {0,4}- (apiVersion|kind):/.test(l)).length;
        documents += Math.max(itemStarts, 0);
      } else documents++;
    }
    current = [];
  };
  for (const l of lines) {
    if (/^---(\s|$)/.test(l)) flush();
    else if (/^\.\.\.\s*$/.test(l)) flush();
    else current.push(l);
  }
  flush();
  // a JSON document (one object, or a List)
  if (documents === 1 && text.trimStart().startsWith("{")) {
    const items = text.match(/"apiVersion"\s*:/g)?.length ?? 1;
    documents = /"kind"\s*:\s*"\w*List"/.test(text) ? Math.max(items - 1, 0) : 1;
  }
  return { bytes, lines: lines.length, documents };
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** Errors by source line (errors without a line go under 0). */
export function errorsByLine(fields: ApiFieldError[]): Map<number, ApiFieldError[]> {
  const map = new Map<number, ApiFieldError[]>();
  for (const f of fields) {
    const line = f.line && f.line > 0 ? f.line : 0;
    const list = map.get(line) ?? [];
    list.push(f);
    map.set(line, list);
  }
  return map;
}

/** The source lines around `line` (1-based) for an error excerpt. */
export function excerpt(text: string, line: number, context = 1): { line: number; text: string }[] {
  if (!line) return [];
  const lines = text.split("\n");
  const from = Math.max(1, line - context);
  const to = Math.min(lines.length, line + context);
  const out: { line: number; text: string }[] = [];
  for (let i = from; i <= to; i++) out.push({ line: i, text: lines[i - 1] });
  return out;
}

// ---------------------------------------------------------------- YAML highlighting

export type TokenKind = "key" | "string" | "number" | "bool" | "comment" | "punct" | "separator" | "anchor" | "plain";
export interface Token {
  kind: TokenKind;
  text: string;
}

const SCALAR_BOOL = /^(true|false|null|~|yes|no|on|off|True|False|Null|TRUE|FALSE|NULL)$/;
const SCALAR_NUMBER = /^[-+]?(\d[\d_]*(\.\d+)?([eE][-+]?\d+)?|0x[0-9a-fA-F]+|0o[0-7]+|\.inf|\.nan)$/;

function scalarKind(text: string): TokenKind {
  const t = text.trim();
  if (!t) return "plain";
  if (/^["']/.test(t)) return "string";
  if (SCALAR_BOOL.test(t)) return "bool";
  if (SCALAR_NUMBER.test(t)) return "number";
  if (/^[&*!]/.test(t)) return "anchor";
  if (/^[|>][-+]?\d*$/.test(t)) return "punct";
  return "string";
}

/** Splits a value (after `key:` or `- `) into value and trailing comment tokens, honouring quotes. */
function valueTokens(rest: string): Token[] {
  const out: Token[] = [];
  // flow collections: highlight their keys/values loosely
  if (/^\s*[[{]/.test(rest)) {
    const re = /("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[[\]{},]|:\s|#.*$|[^[\]{},:#"']+|.)/g;
    let m: RegExpExecArray | null;
    const tokens: Token[] = [];
    while ((m = re.exec(rest))) {
      const s = m[0];
      if (s.startsWith("#") && (m.index === 0 || /\s/.test(rest[m.index - 1]))) tokens.push({ kind: "comment", text: s });
      else if (/^[[\]{},]$/.test(s) || /^:\s$/.test(s)) tokens.push({ kind: "punct", text: s });
      else if (/^["']/.test(s)) tokens.push({ kind: "string", text: s });
      else tokens.push({ kind: "plain", text: s });
    }
    // a plain token followed by ": " is a key
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i];
      if (t.kind !== "plain") continue;
      const next = tokens[i + 1];
      if (next?.kind === "punct" && next.text.startsWith(":")) t.kind = "key";
      else if (t.text.trim()) {
        const lead = t.text.match(/^\s*/)![0];
        const body = t.text.slice(lead.length);
        const trail = body.match(/\s*$/)![0];
        const core = body.slice(0, body.length - trail.length);
        tokens.splice(i, 1, { kind: "plain", text: lead }, { kind: scalarKind(core), text: core }, { kind: "plain", text: trail });
        i += 2;
      }
    }
    return tokens.filter((t) => t.text);
  }
  let inSingle = false;
  let inDouble = false;
  let cut = -1;
  for (let i = 0; i < rest.length; i++) {
    const c = rest[i];
    if (inDouble) {
      if (c === "\\") i++;
      else if (c === '"') inDouble = false;
    } else if (inSingle) {
      if (c === "'") inSingle = false;
    } else if (c === '"' && (i === 0 || /\s/.test(rest[i - 1]))) inDouble = true;
    else if (c === "'" && (i === 0 || /\s/.test(rest[i - 1]))) inSingle = true;
    else if (c === "#" && (i === 0 || /\s/.test(rest[i - 1]))) {
      cut = i;
      break;
    }
  }
  const value = cut >= 0 ? rest.slice(0, cut) : rest;
  const lead = value.match(/^\s*/)![0];
  const core = value.slice(lead.length).replace(/\s+$/, "");
  const trail = value.slice(lead.length + core.length);
  if (lead) out.push({ kind: "plain", text: lead });
  if (core) out.push({ kind: scalarKind(core), text: core });
  if (trail) out.push({ kind: "plain", text: trail });
  if (cut >= 0) out.push({ kind: "comment", text: rest.slice(cut) });
  return out;
}

/**
 * Tokens of one YAML line for highlighting: document separators, comments, `key:` (also after `- `), scalar values
 * (strings, numbers, booleans/null), flow collections. Block scalar bodies are shown as plain text by the caller.
 */
export function highlightLine(line: string): Token[] {
  if (/^(---|\.\.\.)(\s|$)/.test(line)) return [{ kind: "separator", text: line }];
  const indent = line.match(/^\s*/)![0];
  let rest = line.slice(indent.length);
  const out: Token[] = [];
  if (indent) out.push({ kind: "plain", text: indent });
  if (!rest) return out;
  if (rest.startsWith("#")) return [...out, { kind: "comment", text: rest }];
  while (/^-(\s|$)/.test(rest)) {
    const dash = rest.match(/^-\s*/)![0];
    out.push({ kind: "punct", text: dash });
    rest = rest.slice(dash.length);
  }
  const key = rest.match(/^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s#'"{[][^:#]*?|[^\s#'"{[])\s*:(?=\s|$)/);
  if (key) {
    out.push({ kind: "key", text: key[0].slice(0, -1) }, { kind: "punct", text: ":" });
    rest = rest.slice(key[0].length);
  }
  if (rest) out.push(...valueTokens(rest));
  return out;
}

/**
 * Lines that are the body of a block scalar (`key: |` / `key: >-`): indented deeper than the line that opened it.
 * Returns a set of 0-based line indexes.
 */
export function blockScalarLines(lines: string[]): Set<number> {
  const out = new Set<number>();
  let openIndent = -1;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    const indent = l.match(/^\s*/)![0].length;
    if (openIndent >= 0) {
      if (!l.trim() || indent > openIndent) {
        out.add(i);
        continue;
      }
      openIndent = -1;
    }
    if (/:\s*[|>][-+]?\d*\s*(#.*)?$/.test(l) || /^\s*-\s*[|>][-+]?\d*\s*$/.test(l)) openIndent = indent;
  }
  return out;
}
