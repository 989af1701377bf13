/**
 * `hcinet get --cluster NAME [--server URL] [-o yaml|json|wide] [-n NAMESPACE] [KIND[,KIND…] [NAME]]`: the
 * kubectl-get-like client of the hcinet REST API. Reads `GET {server}/api/clusters/{name}/manifests` (multi-document
 * YAML) and prints it as is (`-o yaml`, no filter), filtered and re-serialised YAML, a kubectl `List` (`-o json`),
 * or kubectl-style tables, one per kind (default; `-o wide` adds columns).
 *
 * KIND accepts kubectl's names and short names: `services`/`service`/`svc`, `pods`/`po`, `deployments`/`deploy`,
 * `ingresses`/`ing`, `networkpolicies`/`netpol`, `namespaces`/`ns`, … and `all` (kubectl's category: pods, services,
 * deployments, replicasets, statefulsets, daemonsets, jobs, cronjobs).
 *
 * Exit codes: 0 printed (also "No resources found"); 1 refused by the server (4xx/5xx); 2 bad usage (missing
 * --cluster, bad -o, unknown resource type); 3 the server cannot be reached.
 */
import { parseArgs } from "node:util";
import type { CliIo } from "../cli";
import { isPodReady } from "../../lib/kube/endpoints";
import { effectiveNamespace } from "../../lib/kube/kinds";
import { formatProblem, parseManifests } from "../../lib/kube/manifest";
import { toYaml } from "../../lib/kube/serialize";
import type { Ingress, KubeObject, NetworkPolicy, Pod, Service } from "../../lib/kube/types";
import { apiRequest, clusterUrl, DEFAULT_SERVER, EXIT, printApiError, serverBase, UsageError, withClientErrors } from "./apply";

const USAGE = `usage: hcinet get --cluster NAME [--server URL] [-o yaml|json|wide] [-n NAMESPACE] [KIND[,KIND...] [NAME]]

Shows the objects stored for workload cluster NAME on the hcinet server (default ${DEFAULT_SERVER}).
KIND: services (svc), pods (po), deployments (deploy), ingresses (ing), networkpolicies (netpol), namespaces (ns),
nodes (no), replicasets (rs), statefulsets (sts), daemonsets (ds), endpoints (ep), configmaps (cm), all, ...
  -o yaml   the manifests as multi-document YAML
  -o json   a kubectl List
  -o wide   tables with extra columns (default: tables)
Exit codes: 0 ok, 1 refused by the server, 2 bad usage, 3 server unreachable.`;

/** kubectl names and short names of the kinds hcinet stores, lower case → Kind. */
const KIND_ALIASES: Record<string, string> = {};
for (const [kind, names] of Object.entries({
  Service: ["services", "service", "svc"],
  Pod: ["pods", "pod", "po"],
  Deployment: ["deployments", "deployment", "deploy"],
  ReplicaSet: ["replicasets", "replicaset", "rs"],
  StatefulSet: ["statefulsets", "statefulset", "sts"],
  DaemonSet: ["daemonsets", "daemonset", "ds"],
  Job: ["jobs", "job"],
  CronJob: ["cronjobs", "cronjob", "cj"],
  Ingress: ["ingresses", "ingress", "ing"],
  IngressClass: ["ingressclasses", "ingressclass"],
  NetworkPolicy: ["networkpolicies", "networkpolicy", "netpol"],
  Namespace: ["namespaces", "namespace", "ns"],
  Node: ["nodes", "node", "no"],
  Endpoints: ["endpoints", "ep"],
  EndpointSlice: ["endpointslices", "endpointslice"],
  ConfigMap: ["configmaps", "configmap", "cm"],
  Secret: ["secrets", "secret"],
  ServiceAccount: ["serviceaccounts", "serviceaccount", "sa"],
  GlobalNetworkPolicy: ["globalnetworkpolicies", "globalnetworkpolicy", "gnp"],
})) {
  for (const n of names) KIND_ALIASES[n] = kind;
}
/** kubectl's `all` category. */
const ALL_KINDS = ["Pod", "Service", "DaemonSet", "Deployment", "ReplicaSet", "StatefulSet", "Job", "CronJob"];
/** Table order of kinds (others follow alphabetically). */
const KIND_ORDER = ["Namespace", "Node", "Pod", "Service", "Deployment", "ReplicaSet", "StatefulSet", "DaemonSet", "Ingress", "NetworkPolicy"];

/** A requested kind: known (canonical Kind) or a name to match against the objects' kinds. */
type KindFilter = { known: string } | { unknown: string };

function parseKinds(arg: string): KindFilter[] {
  const out: KindFilter[] = [];
  for (const raw of arg.split(",").map((s) => s.trim().toLowerCase()).filter(Boolean)) {
    if (raw === "all") {
      out.push(...ALL_KINDS.map((known) => ({ known })));
      continue;
    }
    // `deployments.apps`, `ingresses.networking.k8s.io`
    const known = KIND_ALIASES[raw] ?? KIND_ALIASES[raw.split(".")[0]];
    out.push(known ? { known } : { unknown: raw });
  }
  return out;
}

/** `services`, `service`, `Service` all name the kind Service (plural forms -s, -es, -ies). */
function namesKind(name: string, kind: string): boolean {
  const k = kind.toLowerCase();
  const n = name.split(".")[0];
  return n === k || n === `${k}s` || n === `${k}es` || (k.endsWith("y") && n === `${k.slice(0, -1)}ies`);
}

function matchesKind(obj: KubeObject, filters: KindFilter[]): boolean {
  return filters.some((f) => ("known" in f ? obj.kind === f.known : namesKind(f.unknown, obj.kind)));
}

// ---- table columns ---------------------------------------------------------------------------------------------

type Column = { header: string; value: (o: KubeObject) => string; wide?: boolean };

const none = (v: string | undefined | null) => (v === undefined || v === null || v === "" ? "<none>" : v);

function labelsText(m: Record<string, string> | undefined): string {
  const entries = Object.entries(m ?? {});
  return entries.length === 0 ? "<none>" : entries.map(([k, v]) => `${k}=${v}`).join(",");
}

function servicePorts(s: Service): string {
  const ports = s.spec?.ports ?? [];
  if (ports.length === 0) return "<none>";
  return ports.map((p) => `${p.port}${p.nodePort ? `:${p.nodePort}` : ""}/${p.protocol ?? "TCP"}`).join(",");
}

function serviceExternalIp(s: Service): string {
  const spec = s.spec ?? {};
  const external = [...(spec.externalIPs ?? [])];
  switch (spec.type) {
    case "ExternalName":
      return none(spec.externalName);
    case "LoadBalancer": {
      const ingress = (s.status?.loadBalancer?.ingress ?? []).map((i) => i.ip ?? i.hostname).filter((x): x is string => !!x);
      const all = [...ingress, ...external];
      return all.length > 0 ? all.join(",") : "<pending>";
    }
    default:
      return external.length > 0 ? external.join(",") : "<none>";
  }
}

function podReady(p: Pod): string {
  const total = p.spec?.containers?.length ?? 0;
  const statuses = (p.status as { containerStatuses?: { ready?: boolean }[] } | undefined)?.containerStatuses;
  const ready = Array.isArray(statuses) ? statuses.filter((c) => c.ready === true).length : isPodReady(p) ? total : 0;
  return `${ready}/${total}`;
}

function podStatus(p: Pod): string {
  if ((p.metadata as { deletionTimestamp?: unknown }).deletionTimestamp) return "Terminating";
  return p.status?.phase ?? "Pending";
}

type Workload = KubeObject & {
  spec?: { replicas?: number; selector?: { matchLabels?: Record<string, string> }; template?: { spec?: { containers?: { name: string; image?: string }[] } } };
  status?: { replicas?: number; readyReplicas?: number; updatedReplicas?: number; availableReplicas?: number };
};
const workloadSpec = (o: KubeObject) => (o as Workload).spec ?? {};
const workloadStatus = (o: KubeObject) => (o as Workload).status ?? {};
const containers = (o: KubeObject) => workloadSpec(o).template?.spec?.containers ?? [];

const WORKLOAD_COLUMNS: Column[] = [
  { header: "READY", value: (o) => `${workloadStatus(o).readyReplicas ?? 0}/${workloadSpec(o).replicas ?? 1}` },
  { header: "UP-TO-DATE", value: (o) => String(workloadStatus(o).updatedReplicas ?? 0) },
  { header: "AVAILABLE", value: (o) => String(workloadStatus(o).availableReplicas ?? 0) },
  { header: "CONTAINERS", value: (o) => none(containers(o).map((c) => c.name).join(",")), wide: true },
  { header: "IMAGES", value: (o) => none(containers(o).map((c) => c.image ?? "").join(",")), wide: true },
  { header: "SELECTOR", value: (o) => labelsText(workloadSpec(o).selector?.matchLabels), wide: true },
];

const KIND_COLUMNS: Record<string, Column[]> = {
  Service: [
    { header: "TYPE", value: (o) => (o as Service).spec?.type ?? "ClusterIP" },
    {
      header: "CLUSTER-IP",
      value: (o) => ((o as Service).spec?.type === "ExternalName" ? "<none>" : none((o as Service).spec?.clusterIP)),
    },
    { header: "EXTERNAL-IP", value: (o) => serviceExternalIp(o as Service) },
    { header: "PORT(S)", value: (o) => servicePorts(o as Service) },
    { header: "SELECTOR", value: (o) => labelsText((o as Service).spec?.selector), wide: true },
    { header: "EXTERNAL-TRAFFIC-POLICY", value: (o) => ((o as Service).spec?.type === "LoadBalancer" || (o as Service).spec?.type === "NodePort" ? ((o as Service).spec.externalTrafficPolicy ?? "Cluster") : "<none>"), wide: true },
  ],
  Pod: [
    { header: "READY", value: (o) => podReady(o as Pod) },
    { header: "STATUS", value: (o) => podStatus(o as Pod) },
    { header: "IP", value: (o) => none((o as Pod).status?.podIP ?? (o as Pod).status?.podIPs?.[0]?.ip) },
    { header: "NODE", value: (o) => none((o as Pod).spec?.nodeName) },
    { header: "HOST-IP", value: (o) => none((o as Pod).status?.hostIP), wide: true },
    { header: "LABELS", value: (o) => labelsText(o.metadata.labels), wide: true },
  ],
  Deployment: WORKLOAD_COLUMNS,
  StatefulSet: WORKLOAD_COLUMNS,
  ReplicaSet: WORKLOAD_COLUMNS,
  DaemonSet: [
    { header: "READY", value: (o) => String((o as { status?: { numberReady?: number } }).status?.numberReady ?? 0) },
    ...WORKLOAD_COLUMNS.filter((c) => c.wide),
  ],
  Ingress: [
    { header: "CLASS", value: (o) => none((o as Ingress).spec?.ingressClassName) },
    {
      header: "HOSTS",
      value: (o) => {
        const hosts = [...new Set(((o as Ingress).spec?.rules ?? []).map((r) => r.host ?? "*"))];
        return hosts.length > 0 ? hosts.join(",") : "*";
      },
    },
    {
      header: "ADDRESS",
      value: (o) => {
        const ingress = ((o as { status?: { loadBalancer?: { ingress?: { ip?: string; hostname?: string }[] } } }).status?.loadBalancer?.ingress ?? []);
        return ingress.map((i) => i.ip ?? i.hostname).filter(Boolean).join(",");
      },
    },
    { header: "PORTS", value: (o) => (((o as Ingress).spec?.tls ?? []).length > 0 ? "80, 443" : "80") },
  ],
  NetworkPolicy: [
    {
      header: "POD-SELECTOR",
      value: (o) => {
        const sel = (o as NetworkPolicy).spec?.podSelector ?? {};
        const parts = Object.entries(sel.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
        for (const e of sel.matchExpressions ?? []) parts.push(`${e.key} ${e.operator}${e.values ? ` (${e.values.join(",")})` : ""}`);
        return parts.length > 0 ? parts.join(",") : "<none>";
      },
    },
    { header: "POLICY-TYPES", value: (o) => ((o as NetworkPolicy).spec?.policyTypes ?? ["Ingress"]).join(","), wide: true },
  ],
  Namespace: [{ header: "STATUS", value: (o) => (o.status as { phase?: string } | undefined)?.phase ?? "Active" }],
};

/** Columns padded to the widest cell, three spaces apart (kubectl's tabwriter layout); the last column is not padded. */
export function formatTable(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i] + 3))).join("").trimEnd()).join("\n");
}

/** One table per kind (`NAMESPACE  NAME  KIND  …kind columns`), separated by blank lines. */
export function renderTables(objects: KubeObject[], wide: boolean): string {
  const byKind = new Map<string, KubeObject[]>();
  for (const o of objects) byKind.set(o.kind, [...(byKind.get(o.kind) ?? []), o]);
  const rank = (k: string) => (KIND_ORDER.includes(k) ? KIND_ORDER.indexOf(k) : KIND_ORDER.length);
  const kinds = [...byKind.keys()].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  const tables: string[] = [];
  for (const kind of kinds) {
    const columns = (KIND_COLUMNS[kind] ?? []).filter((c) => wide || !c.wide);
    const items = byKind
      .get(kind)!
      .slice()
      .sort((a, b) => (effectiveNamespace(a) ?? "").localeCompare(effectiveNamespace(b) ?? "") || a.metadata.name.localeCompare(b.metadata.name));
    const rows = [
      ["NAMESPACE", "NAME", "KIND", ...columns.map((c) => c.header)],
      ...items.map((o) => [effectiveNamespace(o) ?? "", o.metadata.name, o.kind, ...columns.map((c) => c.value(o))]),
    ];
    tables.push(formatTable(rows));
  }
  return tables.join("\n\n");
}

/** kubectl's `-o json` for several objects: a `v1` `List`. */
export function toListJson(objects: KubeObject[]): string {
  return JSON.stringify({ apiVersion: "v1", items: objects, kind: "List", metadata: { resourceVersion: "" } }, null, 4);
}

export async function run(args: string[], io: CliIo): Promise<number> {
  return withClientErrors("get", USAGE, io, async () => {
    let values: { server?: string; cluster?: string; output?: string; namespace?: string; help?: boolean };
    let positionals: string[];
    try {
      ({ values, positionals } = parseArgs({
        args,
        options: {
          server: { type: "string", short: "s", default: DEFAULT_SERVER },
          cluster: { type: "string", short: "c" },
          output: { type: "string", short: "o" },
          namespace: { type: "string", short: "n" },
          help: { type: "boolean", short: "h" },
        },
        strict: true,
        allowPositionals: true,
      }));
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
    if (values.help) {
      io.out(USAGE);
      return EXIT.ok;
    }
    if (!values.cluster) throw new UsageError("--cluster is required");
    const output = values.output;
    if (output !== undefined && output !== "yaml" && output !== "json" && output !== "wide") {
      throw new UsageError(`-o must be yaml, json or wide, got "${output}"`);
    }
    if (positionals.length > 2) throw new UsageError(`expected at most KIND and NAME, got ${positionals.length} arguments: ${positionals.join(" ")}`);
    const [kindArg, nameArg] = positionals;
    const kinds = kindArg !== undefined ? parseKinds(kindArg) : undefined;
    if (kinds !== undefined && kinds.length === 0) throw new UsageError(`KIND must not be empty`);
    if (nameArg !== undefined && (kinds?.length ?? 0) !== 1) throw new UsageError("NAME needs exactly one KIND");
    const base = serverBase(values.server ?? DEFAULT_SERVER);
    const cluster = values.cluster;

    const res = await apiRequest(clusterUrl(base, cluster, "manifests"), { headers: { accept: "text/yaml, application/yaml" } });
    if (!res.ok) {
      await printApiError(res, io);
      return EXIT.serverError;
    }
    const text = await res.text();
    const noneFound = () => io.err(`No resources found in cluster ${cluster}${values.namespace ? `, namespace ${values.namespace}` : ""}.`);

    const filtered = kinds !== undefined || values.namespace !== undefined;
    if (output === "yaml" && !filtered) {
      if (text.trim() === "") noneFound();
      else io.out(text);
      return EXIT.ok;
    }

    const { documents, problems } = parseManifests(text);
    for (const p of problems) io.err(`warning: the server sent an object hcinet cannot read: ${formatProblem(p)}`);
    let objects = documents.map((d) => d.object);
    if (kinds) objects = objects.filter((o) => matchesKind(o, kinds));
    if (nameArg !== undefined) objects = objects.filter((o) => o.metadata.name === nameArg);
    if (values.namespace !== undefined) objects = objects.filter((o) => effectiveNamespace(o) === values.namespace);

    if (objects.length === 0) {
      const unknown = kinds?.find((k): k is { unknown: string } => "unknown" in k);
      if (unknown) throw new UsageError(`the server doesn't have a resource type "${unknown.unknown}"`);
      if (nameArg !== undefined) {
        io.err(`error: ${kindArg} "${nameArg}" not found in cluster ${cluster}`);
        return EXIT.serverError;
      }
      if (output === "json") io.out(toListJson([]));
      else noneFound();
      return EXIT.ok;
    }
    if (output === "yaml") io.out(toYaml(objects, { keepServerFields: true }));
    else if (output === "json") io.out(toListJson(objects));
    else io.out(renderTables(objects, output === "wide"));
    return EXIT.ok;
  });
}
