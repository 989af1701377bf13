/**
 * `hcinet plan --file PLAN.yaml [--output json|table]`: the AksHci IP plan (node IP pool, VIP pool, total, smallest
 * subnet, and what is left on a given network) for planned workload clusters. See lib/ipam/planner.ts.
 *
 * Exit codes: 0 plan printed; 1 plan printed but it does not fit the given network; 2 bad arguments or PLAN.yaml.
 */
import { parseArgs } from "node:util";
import { parse as parseYaml, YAMLParseError } from "yaml";
import type { CliIo } from "../cli";
import { planAddresses, validatePlanInput, type IpPlan, type PlanLine, type PlanRemaining, type PoolUsage } from "../../lib/ipam/planner";

const USAGE = `usage: hcinet plan --file PLAN.yaml [--output json|table]

Counts the addresses AKS hybrid (AksHci) needs in the k8s node IP pool and the VIP pool for the planned
clusters, and what is left when PLAN.yaml has a network. --file - reads standard input.
Exit codes: 0 ok, 1 the plan does not fit the network, 2 bad input.`;

export async function run(args: string[], io: CliIo): Promise<number> {
  let values: { file?: string; output?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args,
      options: {
        file: { type: "string", short: "f" },
        output: { type: "string", short: "o", default: "table" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (e) {
    io.err(`hcinet plan: ${(e as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    io.out(USAGE);
    return 0;
  }
  if (!values.file) {
    io.err(`hcinet plan: --file is required\n\n${USAGE}`);
    return 2;
  }
  if (values.output !== "json" && values.output !== "table") {
    io.err(`hcinet plan: --output must be json or table, got "${values.output}"`);
    return 2;
  }

  let text: string;
  try {
    text = await io.readFile(values.file);
  } catch (e) {
    io.err(`hcinet plan: cannot read ${values.file}: ${(e as Error).message}`);
    return 2;
  }
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (e) {
    if (e instanceof YAMLParseError) {
      const pos = e.linePos?.[0];
      const where = pos ? `line ${pos.line}, column ${pos.col}` : "unknown position";
      const reason = e.message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "");
      io.err(`hcinet plan: ${values.file}: YAML syntax error at ${where}: ${reason}`);
      return 2;
    }
    throw e;
  }
  const input = validatePlanInput(doc);
  if (!input.ok) {
    io.err([`hcinet plan: ${values.file} is not a valid plan:`, ...input.problems.map((p) => `  ${p.path || "(document)"}: ${p.message}`)].join("\n"));
    return 2;
  }

  const plan = planAddresses(input.value);
  io.out(values.output === "json" ? JSON.stringify(plan, null, 2) : renderTable(plan));
  if (plan.remaining && !plan.remaining.fits) {
    io.err(`hcinet plan: the plan does not fit the network: ${shortfall(plan.remaining)}`);
    return 1;
  }
  return 0;
}

function shortfall(r: PlanRemaining): string {
  const parts: string[] = [];
  if (r.nodePool?.missing) parts.push(`k8s node IP pool ${r.nodePool.missing} address(es) short`);
  if (r.vipPool?.missing) parts.push(`VIP pool ${r.vipPool.missing} address(es) short`);
  if (r.subnet?.missing) parts.push(`subnet ${r.subnet.missing} address(es) short`);
  return parts.join(", ");
}

/** Human-readable plan: one aligned row per line item, pool totals, remaining capacity and notes. */
export function renderTable(plan: IpPlan): string {
  const rows: [string, string][] = [];
  const section = (title: string) => rows.push([title, "IPs"]);
  const item = (l: PlanLine, prefix = "") => rows.push([`  ${prefix}${l.label}`, String(l.count)]);
  const blank = () => rows.push(["", ""]);

  section("k8s node IP pool");
  plan.nodePool.lines.forEach((l) => item(l));
  rows.push(["  required", String(plan.nodePool.required)]);
  blank();
  section("VIP pool");
  plan.vipPool.lines.forEach((l) => item(l));
  rows.push(["  required", String(plan.vipPool.required)]);
  if (plan.vipPool.recommendedLines.length > 0) {
    plan.vipPool.recommendedLines.forEach((l) => item(l, "+ "));
    rows.push(["  recommended", String(plan.vipPool.recommended)]);
  }
  blank();
  rows.push(["total (node pool + VIP pool)", String(plan.total)]);
  rows.push(["smallest subnet", plan.smallestPrefixLength === null ? "none" : `/${plan.smallestPrefixLength}`]);

  const width = Math.max(...rows.map(([label]) => label.length)) + 2;
  const numWidth = Math.max(...rows.map(([, n]) => n.length));
  const out = rows.map(([label, n]) => (label || n ? `${label.padEnd(width)}${n.padStart(numWidth)}` : ""));

  if (plan.serviceVips.length > 0) {
    out.push("", "Service VIPs (services on different ports share a VIP)");
    for (const { cluster, vips } of plan.serviceVips) {
      vips.forEach((v, i) =>
        out.push(`  ${cluster}  VIP ${i + 1}: ${v.services.map((s) => `${s.name}:${s.ports.join("/")}`).join(", ")}`),
      );
    }
  }
  if (plan.remaining) out.push("", ...renderRemaining(plan.remaining));
  if (plan.notes.length > 0) out.push("", "Notes", ...plan.notes.map((n) => `  - ${n}`));
  return out.join("\n");
}

function renderRemaining(r: PlanRemaining): string[] {
  const layout = { static: "static: node IP pool and VIP pool", dhcp: "DHCP: VIP pool only", unsplit: "subnet, pools not yet laid out" }[r.layout];
  const lines = [`Remaining on the network (${layout})${r.fits ? "" : " — DOES NOT FIT"}`];
  const usageRow = (label: string, u: PoolUsage) =>
    `  ${label.padEnd(18)} size ${String(u.size).padStart(5)}  used ${String(u.used).padStart(5)}  free ${String(u.free).padStart(5)}` +
    (u.missing ? `  missing ${u.missing}` : "");
  if (r.nodePool) lines.push(usageRow("k8s node IP pool", r.nodePool));
  if (r.vipPool) lines.push(usageRow("VIP pool", r.vipPool));
  if (r.subnet) lines.push(usageRow("subnet", r.subnet));
  const f = r.forecast;
  const known = (n: number | null, what: string) => (n === null ? `${what}: unknown (DHCP)` : `${n} ${what}`);
  lines.push(
    `  still fits: ${known(f.workerNodes, "more worker nodes")}, ${f.loadBalancerVips} more LoadBalancer VIPs, ` +
      `${known(f.clusters, "more clusters of 1 CP + 1 worker (8 node IPs + 1 VIP each)")}`,
  );
  return lines;
}
