/**
 * `hcinet apply --server URL --cluster NAME -f FILE [--dry-run]`: the kubectl-apply-like client of the hcinet REST
 * API. Sends the manifests (multi-document YAML or JSON; `-f -` reads standard input) to
 * `POST {server}/api/clusters/{name}/apply` and prints one kubectl-style line per object, with the addresses hcinet
 * allocated (ClusterIP, NodePorts, the LoadBalancer VIP from the cluster network's VIP pool, pod IPs).
 *
 * Exit codes: 0 applied; 1 the server refused (4xx/5xx, e.g. 422 invalid manifest, 404 unknown cluster);
 * 2 bad usage (missing -f/--cluster, unreadable file, bad --server); 3 the server cannot be reached.
 *
 * The HTTP helpers here ({@link apiRequest}, {@link printApiError}, …) are shared with `hcinet get`.
 */
import { parseArgs } from "node:util";
import type { CliIo } from "../cli";

export const DEFAULT_SERVER = "http://localhost:3000";
/** Exit codes shared by the REST client commands. */
export const EXIT = { ok: 0, serverError: 1, usage: 2, unreachable: 3 } as const;
/** How long to wait for the server before giving up (exit 3). */
export const REQUEST_TIMEOUT_MS = 120_000;

const USAGE = `usage: hcinet apply --cluster NAME -f FILE [--server URL] [--dry-run]

Creates or updates the objects of FILE (multi-document YAML or JSON, as for kubectl apply; -f - reads standard
input) in workload cluster NAME on the hcinet server (default ${DEFAULT_SERVER}), and prints what changed and the
addresses hcinet allocated. --dry-run validates and allocates without storing anything.
Exit codes: 0 ok, 1 refused by the server, 2 bad usage, 3 server unreachable.`;

/** The API's single error format (lib/api/handler.ts). */
export interface ApiErrorBody {
  error: {
    code: string;
    message: string;
    fields?: { path: string; message: string; document?: number; line?: number }[];
    details?: Record<string, unknown>;
  };
}

export interface ApplyResult {
  kind: string;
  apiVersion?: string;
  namespace?: string;
  name: string;
  action: "created" | "configured" | "unchanged";
  allocated?: { clusterIP?: string; nodePorts?: number[]; healthCheckNodePort?: number; loadBalancerIP?: string; podIPs?: string[] };
}

export interface ApplyResponse {
  dryRun: boolean;
  results: ApplyResult[];
  notModelled?: string[];
  /** e.g. "namespace shop did not exist and was created" */
  warnings?: string[];
}

/** A usage problem: printed with the command's usage, exit 2. */
export class UsageError extends Error {}

/** The server could not be reached: exit 3. */
export class UnreachableError extends Error {}

/** Validate `--server` (http or https URL) and return it without a trailing slash. */
export function serverBase(server: string): string {
  let url: URL;
  try {
    url = new URL(server);
  } catch {
    throw new UsageError(`--server must be a URL like ${DEFAULT_SERVER}, got "${server}"`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new UsageError(`--server must be an http:// or https:// URL, got "${server}"`);
  }
  return url.toString().replace(/\/+$/, "");
}

/** `{base}/api/clusters/{name}/{rest}` with the cluster name URL-encoded. */
export function clusterUrl(base: string, cluster: string, rest: string): string {
  return `${base}/api/clusters/${encodeURIComponent(cluster)}/${rest}`;
}

function networkCause(e: unknown): string {
  const err = e as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (err.name === "TimeoutError" || err.name === "AbortError") return `no answer within ${REQUEST_TIMEOUT_MS / 1000} s`;
  return err.cause?.code ?? err.cause?.message ?? err.message ?? String(e);
}

/**
 * `fetch` that turns network failures (connection refused, DNS, TLS, timeout) into {@link UnreachableError} with a
 * message naming the URL and suggesting how to start the server.
 */
export async function apiRequest(url: string, init: RequestInit = {}): Promise<Response> {
  // the API token (Authorization: Bearer) comes from HCINET_TOKEN; create one on the server's Tokens page
  const token = process.env.HCINET_TOKEN?.trim();
  const headers = new Headers(init.headers);
  if (token) headers.set("authorization", `Bearer ${token}`);
  try {
    return await fetch(url, { ...init, headers, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  } catch (e) {
    const origin = new URL(url).origin;
    throw new UnreachableError(
      `cannot reach the hcinet server at ${origin} (${networkCause(e)}). Is it running? Start it with \`npm start\`, or pass --server URL.`,
    );
  }
}

function isApiErrorBody(v: unknown): v is ApiErrorBody {
  const e = (v as { error?: unknown } | null)?.error as { message?: unknown } | undefined;
  return typeof e === "object" && e !== null && typeof e.message === "string";
}

/** `document 2, line 14: spec.ports[1].nodePort: must be in 30000-32767` */
export function formatFieldError(f: { path: string; message: string; document?: number; line?: number }): string {
  const where = [f.document !== undefined ? `document ${f.document}` : "", f.line !== undefined ? `line ${f.line}` : ""].filter(Boolean).join(", ");
  const path = f.path && f.path !== "(body)" ? `${f.path}: ` : "";
  return `${where ? `${where}: ` : ""}${path}${f.message}`;
}

/**
 * Print a failed response to stderr: `error: <message>` and one line per field error. Falls back to the HTTP
 * status and the start of the body when the server did not answer in the API error format.
 */
export async function printApiError(res: Response, io: CliIo): Promise<void> {
  const text = await res.text().catch(() => "");
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  if (isApiErrorBody(body)) {
    io.err([`error: ${body.error.message}`, ...(body.error.fields ?? []).map(formatFieldError)].join("\n"));
    return;
  }
  const snippet = text.trim().slice(0, 200);
  io.err(`error: the server answered HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ""}${snippet ? `: ${snippet}` : ""}`);
}

/** kubectl's resource name for a kind: `service`, `deployment.apps`, `ingress.networking.k8s.io`. */
export function resourceName(kind: string, apiVersion?: string): string {
  const group = apiVersion?.includes("/") ? apiVersion.slice(0, apiVersion.indexOf("/")) : apiVersion !== undefined ? "" : KIND_GROUPS[kind] ?? "";
  return `${kind.toLowerCase()}${group ? `.${group}` : ""}`;
}

/** API groups of the kinds hcinet meets, for results that carry no apiVersion (core kinds have none). */
const KIND_GROUPS: Record<string, string> = {
  Deployment: "apps",
  ReplicaSet: "apps",
  StatefulSet: "apps",
  DaemonSet: "apps",
  Job: "batch",
  CronJob: "batch",
  Ingress: "networking.k8s.io",
  IngressClass: "networking.k8s.io",
  NetworkPolicy: "networking.k8s.io",
  EndpointSlice: "discovery.k8s.io",
  HorizontalPodAutoscaler: "autoscaling",
  PodDisruptionBudget: "policy",
  Role: "rbac.authorization.k8s.io",
  RoleBinding: "rbac.authorization.k8s.io",
  ClusterRole: "rbac.authorization.k8s.io",
  ClusterRoleBinding: "rbac.authorization.k8s.io",
  GlobalNetworkPolicy: "projectcalico.org",
};

/**
 * `clusterIP 10.96.1.5, nodePort 30086, loadBalancer 172.16.255.3` (empty when nothing was allocated);
 * `healthCheckNodePort N` for `externalTrafficPolicy: Local` LoadBalancer Services.
 */
export function describeAllocated(a: ApplyResult["allocated"]): string {
  if (!a) return "";
  const parts: string[] = [];
  if (a.clusterIP) parts.push(`clusterIP ${a.clusterIP}`);
  if (a.nodePorts && a.nodePorts.length > 0) parts.push(`${a.nodePorts.length === 1 ? "nodePort" : "nodePorts"} ${a.nodePorts.join(" ")}`);
  if (a.healthCheckNodePort) parts.push(`healthCheckNodePort ${a.healthCheckNodePort}`);
  if (a.loadBalancerIP) parts.push(`loadBalancer ${a.loadBalancerIP}`);
  if (a.podIPs && a.podIPs.length > 0) parts.push(`${a.podIPs.length === 1 ? "podIP" : "podIPs"} ${a.podIPs.join(" ")}`);
  return parts.join(", ");
}

/** `service/web created (clusterIP 10.96.1.5, nodePort 30086, loadBalancer 172.16.255.3) (dry run)` */
export function formatResult(r: ApplyResult, dryRun: boolean): string {
  const allocated = describeAllocated(r.allocated);
  return `${resourceName(r.kind, r.apiVersion)}/${r.name} ${r.action}${allocated ? ` (${allocated})` : ""}${dryRun ? " (dry run)" : ""}`;
}

function isApplyResponse(v: unknown): v is ApplyResponse {
  const r = v as ApplyResponse | null;
  return (
    typeof r === "object" &&
    r !== null &&
    Array.isArray(r.results) &&
    r.results.every((x) => typeof x === "object" && x !== null && typeof x.kind === "string" && typeof x.name === "string" && typeof x.action === "string")
  );
}

/** Run a client command body, mapping {@link UsageError} to 2 and {@link UnreachableError} to 3. */
export async function withClientErrors(command: string, usage: string, io: CliIo, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`hcinet ${command}: ${e.message}\n\n${usage}`);
      return EXIT.usage;
    }
    if (e instanceof UnreachableError) {
      io.err(`error: ${e.message}`);
      return EXIT.unreachable;
    }
    throw e;
  }
}

export async function run(args: string[], io: CliIo): Promise<number> {
  return withClientErrors("apply", USAGE, io, async () => {
    let values: { server?: string; cluster?: string; filename?: string; "dry-run"?: boolean; help?: boolean };
    try {
      ({ values } = parseArgs({
        args,
        options: {
          server: { type: "string", short: "s", default: DEFAULT_SERVER },
          cluster: { type: "string", short: "c" },
          filename: { type: "string", short: "f" },
          "dry-run": { type: "boolean" },
          help: { type: "boolean", short: "h" },
        },
        strict: true,
        allowPositionals: false,
      }));
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
    if (values.help) {
      io.out(USAGE);
      return EXIT.ok;
    }
    if (!values.cluster) throw new UsageError("--cluster is required");
    if (!values.filename) throw new UsageError("-f FILE is required (-f - reads standard input)");
    const base = serverBase(values.server ?? DEFAULT_SERVER);

    let text: string;
    try {
      text = await io.readFile(values.filename);
    } catch (e) {
      const source = values.filename === "-" ? "standard input" : values.filename;
      io.err(`hcinet apply: cannot read ${source}: ${(e as Error).message}`);
      return EXIT.usage;
    }
    if (text.trim() === "") {
      io.err(`hcinet apply: ${values.filename === "-" ? "standard input" : values.filename} is empty: no objects to apply`);
      return EXIT.usage;
    }

    const dryRun = values["dry-run"] === true;
    const url = clusterUrl(base, values.cluster, `apply${dryRun ? "?dryRun=true" : ""}`);
    const res = await apiRequest(url, {
      method: "POST",
      headers: { "content-type": "application/yaml", accept: "application/json" },
      body: text,
    });
    if (!res.ok) {
      await printApiError(res, io);
      return EXIT.serverError;
    }
    let body: unknown;
    try {
      body = await res.json();
    } catch {
      body = undefined;
    }
    if (!isApplyResponse(body)) {
      io.err(`error: unexpected answer from ${url}: not an apply result`);
      return EXIT.serverError;
    }
    const lines = body.results.map((r) => formatResult(r, body.dryRun === true));
    if (lines.length > 0) io.out(lines.join("\n"));
    for (const w of body.warnings ?? []) io.err(`Warning: ${w}`);
    if (body.notModelled && body.notModelled.length > 0) {
      io.err(`Warning: stored but not modelled by hcinet's network engines: ${body.notModelled.join(", ")}`);
    }
    return EXIT.ok;
  });
}
