/**
 * `hcinet reach --file CLUSTER.yaml --port 80/TCP [--port 53/UDP ...] [--plugin calico|flannel] [--output json|table]`:
 * the pod-to-pod reachability matrix NetworkPolicies allow, from multi-document YAML of Namespaces, Pods (labels,
 * `status.podIP`, container ports) and NetworkPolicies.
 *
 * `--from ns/a --to ns/b --port 80/TCP --explain [--output json]` explains one connection instead.
 *
 * Exit codes: 0 printed (for --explain: the connection is allowed); 1 --explain and the connection is denied;
 * 2 bad arguments or bad input (YAML, invalid objects, unknown pod, bad port).
 */
import { parseArgs } from "node:util";
import type { CliIo } from "../cli";
import { snapshotFromManifests } from "../../lib/kube/load";
import { formatProblem } from "../../lib/kube/manifest";
import type { ClusterSnapshot } from "../../lib/kube/types";
import { compilePolicies } from "../../lib/policy/compile";
import { explain, type Explanation } from "../../lib/policy/explain";
import { reachabilityMatrix, type ReachabilityMatrix } from "../../lib/policy/matrix";
import { enforcesCalicoPolicies, explainWithCalico, reachabilityJson } from "../../lib/policy/api";
import { isCalicoPolicy } from "../../lib/policy/calico/types";
import { parsePortSpec, type PortSpec } from "../../lib/policy/ports";

const USAGE = `usage: hcinet reach --file CLUSTER.yaml --port 80/TCP [--port 53/UDP ...] [--plugin calico|flannel] [--output json|table]
       hcinet reach --file CLUSTER.yaml --from NS/POD --to NS/POD --port 80/TCP --explain [--output json|text]

Pod-to-pod reachability under the NetworkPolicies of CLUSTER.yaml (Namespaces, Pods, NetworkPolicies; --file -
reads standard input). --port accepts 80, 80/TCP, 53/udp (default protocol TCP). --plugin is the primary network
plugin: calico (default) enforces NetworkPolicy and Calico's own projectcalico.org/v3 NetworkPolicy,
GlobalNetworkPolicy and Tier (tiers, order, Allow/Deny/Log/Pass); flannel enforces nothing.
  --output json    {"plugin", "pods": ["ns/name", ...], "matrices": {"80/TCP": [[from i to j, ...], ...]}}
  --output table   a matrix per port (default): rows are sources, columns numbered destinations
  --explain        why --from may or may not reach --to on the single --port (text by default, or json)
Exit codes: 0 ok (--explain: allowed), 1 --explain: denied, 2 bad input.`;

type Options = {
  file?: string;
  port?: string[];
  plugin?: string;
  output?: string;
  from?: string;
  to?: string;
  explain?: boolean;
  help?: boolean;
};

class InputError extends Error {}

function parseOptions(args: string[]): Options {
  try {
    return parseArgs({
      args,
      options: {
        file: { type: "string", short: "f" },
        port: { type: "string", short: "p", multiple: true },
        plugin: { type: "string" },
        output: { type: "string", short: "o" },
        from: { type: "string" },
        to: { type: "string" },
        explain: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (e) {
    throw new InputError(`${(e as Error).message}\n\n${USAGE}`);
  }
}

/** Read, parse and validate the manifests, and build the snapshot; every problem names document, line and field. */
async function loadSnapshot(io: CliIo, file: string, plugin: "calico" | "flannel"): Promise<ClusterSnapshot> {
  let text: string;
  try {
    text = await io.readFile(file);
  } catch (e) {
    throw new InputError(`cannot read ${file}: ${(e as Error).message}`);
  }
  const loaded = snapshotFromManifests(text, { name: file, primaryNetworkPlugin: plugin });
  if (!loaded.ok) throw new InputError(`${file} is not valid:\n${loaded.problems.map((p) => `  ${formatProblem(p)}`).join("\n")}`);
  return loaded.snapshot;
}

/** JSON on one line with ", " and ": " separators: `{"plugin": "calico", "pods": [...], ...}`. */
function oneLineJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(oneLineJson).join(", ")}]`;
  if (value !== null && typeof value === "object") {
    return `{${Object.entries(value)
      .map(([k, v]) => `${JSON.stringify(k)}: ${oneLineJson(v)}`)
      .join(", ")}}`;
  }
  return JSON.stringify(value);
}

/** One matrix per port: rows are source pods, columns destination numbers (the legend maps numbers to pods). */
function renderTables(result: ReachabilityMatrix): string {
  const n = result.pods.length;
  const numberWidth = String(n).length;
  const nameWidth = Math.max(6, ...result.pods.map((p) => p.length));
  const cellWidth = numberWidth + 1;
  const enforcement =
    result.plugin === "flannel" ? "flannel: NetworkPolicy is not enforced, everything is allowed" : "calico: NetworkPolicy enforced";
  const lines: string[] = [];
  for (const [port, matrix] of Object.entries(result.matrices)) {
    lines.push(`${port} (${enforcement}); rows: source pods, columns: destination pods; "." allowed, "X" denied`);
    const header = `${" ".repeat(numberWidth)} ${"source".padEnd(nameWidth)} ${result.pods.map((_, j) => String(j + 1).padStart(cellWidth)).join("")}`;
    lines.push(header.trimEnd());
    matrix.forEach((row, i) => {
      const cells = row.map((allowed) => (allowed ? "." : "X").padStart(cellWidth)).join("");
      lines.push(`${String(i + 1).padStart(numberWidth)} ${result.pods[i].padEnd(nameWidth)} ${cells}`);
    });
    const allowed = matrix.reduce((sum, row) => sum + row.filter(Boolean).length, 0);
    lines.push(`${allowed} of ${n * n} connections allowed (self included)`, "");
  }
  lines.push("destinations:", ...result.pods.map((p, j) => `  ${String(j + 1).padStart(numberWidth)}  ${p}`));
  return lines.join("\n");
}

function renderExplanation(e: Explanation): string {
  const side = (label: string, s: Explanation["ingress"]) => {
    if (!s.isolated) return `${label}: not isolated (no policy selects the pod for this direction)`;
    const by = s.allowedBy.map((m) => `${m.policy} rule ${m.rule + 1}${m.peer === undefined ? " (all peers)" : ` peer ${m.peer + 1}`}`);
    return `${label}: isolated by ${s.isolatingPolicies.join(", ")}; ${by.length > 0 ? `allowed by ${by.join(", ")}` : "no rule allows it"}`;
  };
  const verdict = e.enforced ? (e.allowed ? "ALLOWED" : "DENIED") : `ALLOWED (not enforced; under Calico: ${e.wouldBe ? "allowed" : "denied"})`;
  return [`${e.from} → ${e.to} on ${e.port}: ${verdict}`, `  ${side(`egress of ${e.from}`, e.egress)}`, `  ${side(`ingress of ${e.to}`, e.ingress)}`, `  ${e.reason}`].join("\n");
}

export async function run(args: string[], io: CliIo): Promise<number> {
  try {
    const opts = parseOptions(args);
    if (opts.help) {
      io.out(USAGE);
      return 0;
    }
    if (!opts.file) throw new InputError(`--file is required\n\n${USAGE}`);
    const plugin = opts.plugin ?? "calico";
    if (plugin !== "calico" && plugin !== "flannel") throw new InputError(`--plugin must be calico or flannel, got "${plugin}"`);
    if (!opts.port || opts.port.length === 0) throw new InputError(`at least one --port is required (e.g. --port 80/TCP)`);
    const ports: PortSpec[] = [];
    for (const text of opts.port) {
      try {
        const spec = parsePortSpec(text);
        if (!ports.some((p) => p.port === spec.port && p.protocol === spec.protocol)) ports.push(spec);
      } catch (e) {
        throw new InputError(`--port: ${(e as Error).message}`);
      }
    }
    const explaining = opts.explain || opts.from !== undefined || opts.to !== undefined;
    const output = opts.output ?? (explaining ? "text" : "table");
    const outputs = explaining ? ["text", "json"] : ["table", "json"];
    if (!outputs.includes(output)) throw new InputError(`--output must be ${outputs.join(" or ")}${explaining ? " with --explain" : ""}, got "${output}"`);
    if (explaining && (!opts.from || !opts.to)) throw new InputError(`--explain needs --from NS/POD and --to NS/POD`);
    if (explaining && ports.length !== 1) throw new InputError(`--explain takes exactly one --port`);

    const snapshot = await loadSnapshot(io, opts.file, plugin);
    const index = compilePolicies(snapshot);
    if (explaining) {
      for (const [flag, key] of [["--from", opts.from!], ["--to", opts.to!]] as const) {
        if (index.podIndex(key) === undefined) throw new InputError(`${flag}: no pod "${key}" in ${opts.file} (expected namespace/name)`);
      }
      // Calico v3 policies (projectcalico.org/v3) in the file: Calico's tiered verdict decides (--plugin calico)
      const e = snapshot.others.some(isCalicoPolicy) ? explainWithCalico(snapshot, opts.from!, opts.to!, ports[0]) : explain(index, opts.from!, opts.to!, ports[0]);
      io.out(output === "json" ? JSON.stringify(e, null, 2) : renderExplanation(e));
      return e.allowed ? 0 : 1;
    }
    const result = enforcesCalicoPolicies(snapshot) ? reachabilityJson(snapshot, ports) : reachabilityMatrix(index, ports);
    io.out(output === "json" ? oneLineJson(result) : renderTables(result));
    return 0;
  } catch (e) {
    if (e instanceof InputError) {
      io.err(`hcinet reach: ${e.message}`);
      return 2;
    }
    throw e;
  }
}
