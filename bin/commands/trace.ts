/**
 * `hcinet trace --file CLUSTER.yaml --from SRC --to DST [--protocol TCP] [--plugin calico|flannel] [--lb NAME=IP ...]
 *  [--network-prefix CIDR] [--gateway IP] [--api-vip IP] [--output json|text]`: the hop-by-hop path of a packet
 * (lib/trace), offline on a cluster file (Nodes with InternalIP, Pods, Services with their ClusterIP, NodePorts and
 * `status.loadBalancer`, Ingresses, NetworkPolicies — a `kubectl get -o yaml` dump has all of these).
 *
 * JSON: the API's answer `{verdict, hops, reason, ...}`. Text: one numbered line per hop, addresses before → after.
 * Exit codes: 0 delivered, 1 dropped, 2 bad input.
 */
import { parseArgs } from "node:util";
import type { CliIo } from "../cli";
import { isIpAddress } from "../../lib/kube/ip";
import { trace, TraceInputError } from "../../lib/trace/trace";
import type { TraceResult } from "../../lib/trace/types";
import { InputError, loadClusterFile } from "./cluster-file";

const USAGE = `usage: hcinet trace --file CLUSTER.yaml --from SRC --to DST [--protocol TCP|UDP] [--plugin calico|flannel]
                    [--lb NAME=IP ...] [--network-prefix CIDR] [--gateway IP] [--api-vip IP] [--output json|text]

SRC: external | namespace/pod | node name.  DST: VIP:port | NodeIP:nodePort | host/path | svc.ns:port | ns/pod:port | ip:port
--lb names the HAProxy VM(s) of the cluster; --network-prefix the AksHciClusterNetwork's prefix (same-network VMs).
Exit codes: 0 delivered, 1 dropped, 2 bad input.`;

export function renderTraceText(r: TraceResult): string {
  const lines = [`${r.from} → ${r.to} (${r.protocol}, ${r.plugin}, ${r.flow}): ${r.verdict.toUpperCase()}`];
  for (const h of r.hops) {
    const moved = h.before.src !== h.after.src || h.before.dst !== h.after.dst;
    const addr = `${h.before.src} → ${h.before.dst}${moved ? `  ⇒  ${h.after.src} → ${h.after.dst}` : ""}`;
    lines.push(`${String(h.n).padStart(2)}. ${h.kind.padEnd(17)} ${h.name}  [${h.action}]  ${addr}${h.dropped ? "  ✗ DROPPED" : ""}`);
    if (h.encapsulation) lines.push(`      VXLAN VNI ${h.encapsulation.vni}, outer ${h.encapsulation.outer.src} → ${h.encapsulation.outer.dst} UDP, inner MTU ${h.encapsulation.innerMtu}`);
    if (h.candidates) lines.push(`      candidates: ${h.candidates.map((c) => `${c.name}${c.chosen ? "*" : ""}${c.excluded === "notLocal" ? " (not on this node)" : c.ready ? "" : " (not ready)"}`).join(", ")}`);
    if (h.policy) lines.push(`      policy: ${h.policy.reason}`);
  }
  if (r.reason) lines.push(`reason (${r.reason.code}): ${r.reason.message}`);
  for (const w of r.warnings) lines.push(`warning: ${w}`);
  lines.push(`assumptions: ${r.assumptions.map((a) => `${a.key}=${a.value}`).join(", ")}`);
  return lines.join("\n");
}

export async function run(args: string[], io: CliIo): Promise<number> {
  try {
    type O = { file?: string; from?: string; to?: string; protocol?: string; plugin?: string; lb?: string[]; "network-prefix"?: string; gateway?: string; "api-vip"?: string; output?: string; help?: boolean };
    let o: O;
    try {
      o = parseArgs({
        args,
        options: {
          file: { type: "string", short: "f" },
          from: { type: "string" },
          to: { type: "string" },
          protocol: { type: "string" },
          plugin: { type: "string" },
          lb: { type: "string", multiple: true },
          "network-prefix": { type: "string" },
          gateway: { type: "string" },
          "api-vip": { type: "string" },
          output: { type: "string", short: "o" },
          help: { type: "boolean", short: "h" },
        },
        strict: true,
      }).values as O;
    } catch (e) {
      throw new InputError(`${(e as Error).message}\n\n${USAGE}`);
    }
    if (o.help) return io.out(USAGE), 0;
    if (!o.file || !o.from || !o.to) throw new InputError(`--file, --from and --to are required\n\n${USAGE}`);
    const output = o.output ?? "text";
    if (output !== "json" && output !== "text") throw new InputError(`--output must be json or text, got "${output}"`);
    if (o.plugin !== undefined && o.plugin !== "calico" && o.plugin !== "flannel") throw new InputError(`--plugin must be calico or flannel`);
    const protocol = (o.protocol ?? "TCP").toUpperCase();
    if (!["TCP", "UDP", "SCTP"].includes(protocol)) throw new InputError(`--protocol must be TCP, UDP or SCTP`);
    const loadBalancers = (o.lb ?? []).map((v) => {
      const [name, ip] = v.split("=");
      if (!name || (ip !== undefined && !isIpAddress(ip))) throw new InputError(`--lb must be NAME=IP, got "${v}"`);
      return { name, ...(ip ? { ipAddress: ip } : {}) };
    });
    const snapshot = await loadClusterFile(io, o.file, { ...(o.plugin ? { plugin: o.plugin as "calico" | "flannel" } : {}), ...(o["api-vip"] ? { apiServerVip: o["api-vip"] } : {}) });
    let r: TraceResult;
    try {
      r = trace(
        {
          snapshot,
          loadBalancers,
          ...(o["network-prefix"] ? { network: { name: "network", ipAddressPrefix: o["network-prefix"], ...(o.gateway ? { gateway: o.gateway } : {}) } } : {}),
        },
        { from: o.from, to: o.to, protocol: protocol as "TCP" },
      );
    } catch (e) {
      if (e instanceof TraceInputError) throw new InputError(`--${e.field}: ${e.message}`);
      throw e;
    }
    io.out(output === "json" ? JSON.stringify(r, null, 2) : renderTraceText(r));
    return r.verdict === "delivered" ? 0 : 1;
  } catch (e) {
    if (e instanceof InputError) {
      io.err(`hcinet trace: ${e.message}`);
      return 2;
    }
    throw e;
  }
}
