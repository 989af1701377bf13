/**
 * `hcinet route --file CLUSTER.yaml --host HOST --path PATH [--class NAME] [--output json|text]`: which Ingress rule
 * (and backend) handles an HTTP request, exactly as networking.k8s.io/v1 defines it (lib/ingress).
 *
 * JSON: {"ingress": "ns/name" | null, "rule": {...} | null, "backend": {"service": {"name", "port": {"number"}}} | null,
 * "matchedBy", "ingressClass", "tls", "candidates", "notes", "findings"}. Exit codes: 0 routed, 1 nothing applies,
 * 2 bad input.
 */
import { parseArgs } from "node:util";
import type { CliIo } from "../cli";
import { ingressFindings, routeIngress } from "../../lib/ingress/route";
import { InputError, loadClusterFile } from "./cluster-file";

const USAGE = `usage: hcinet route --file CLUSTER.yaml --host HOST --path PATH [--class NAME] [--output json|text]

Routes an HTTP request through the Ingresses of CLUSTER.yaml (host exact or *.wildcard, pathType Exact / Prefix /
ImplementationSpecific (as Prefix), longest match, Exact before Prefix, else the defaultBackend).
Exit codes: 0 a backend handles it, 1 nothing applies, 2 bad input.`;

export async function run(args: string[], io: CliIo): Promise<number> {
  try {
    let o: { file?: string; host?: string; path?: string; class?: string; output?: string; help?: boolean };
    try {
      o = parseArgs({
        args,
        options: { file: { type: "string", short: "f" }, host: { type: "string" }, path: { type: "string" }, class: { type: "string" }, output: { type: "string", short: "o" }, help: { type: "boolean", short: "h" } },
        strict: true,
      }).values;
    } catch (e) {
      throw new InputError(`${(e as Error).message}\n\n${USAGE}`);
    }
    if (o.help) return io.out(USAGE), 0;
    if (!o.file || !o.host) throw new InputError(`--file and --host are required\n\n${USAGE}`);
    const output = o.output ?? "json";
    if (output !== "json" && output !== "text") throw new InputError(`--output must be json or text, got "${output}"`);
    const snapshot = await loadClusterFile(io, o.file);
    const r = routeIngress(snapshot, { host: o.host, path: o.path ?? "/", ...(o.class ? { ingressClass: o.class } : {}) });
    const findings = ingressFindings(snapshot);
    if (output === "json") {
      io.out(JSON.stringify({ ingress: r.ingress, rule: r.rule, backend: r.backend, matchedBy: r.matchedBy, ingressClass: r.ingressClass, tls: r.tls, candidates: r.candidates, notes: r.notes, findings }, null, 2));
    } else {
      const b = r.backend?.service;
      io.out(
        [
          r.ingress
            ? `${o.host}${o.path ?? "/"} → Ingress ${r.ingress} (class ${r.ingressClass}) ${r.rule ? `rule ${r.rule.host ?? "*"} ${r.rule.path} (${r.rule.pathType})` : "defaultBackend"} → ${b ? `Service ${b.name}:${b.port.number ?? b.port.name}` : JSON.stringify(r.backend)}${r.tls.terminated ? ` [TLS terminated, secret ${r.tls.secretName}]` : ""}`
            : `${o.host}${o.path ?? "/"} → nothing applies`,
          ...r.notes.map((n) => `  note: ${n}`),
          ...findings.map((f) => `  finding: ${f.message}`),
        ].join("\n"),
      );
    }
    return r.backend ? 0 : 1;
  } catch (e) {
    if (e instanceof InputError) {
      io.err(`hcinet route: ${e.message}`);
      return 2;
    }
    throw e;
  }
}
