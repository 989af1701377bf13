/**
 * `hcinet topology --file CLUSTER.yaml [--output json|dot] [--aggregate none|owner|namespace|auto] [--namespace NS]
 *  [--load-balancer NAME[=IP] ...] [--api-server-vip IP] [--network NAME]`: the topology graph of a cluster from its
 * manifests or a `kubectl get -o yaml` dump, offline — cytoscape elements JSON (what the API returns) or Graphviz DOT.
 *
 * Exit codes: 0 printed; 2 bad arguments or bad input.
 */
import { parseArgs } from "node:util";
import type { CliIo } from "../cli";
import { isIpAddress } from "../../lib/kube/ip";
import { snapshotFromManifests } from "../../lib/kube/load";
import { formatProblem } from "../../lib/kube/manifest";
import { aggregateByOwner } from "../../lib/topology/aggregate";
import { foldByNamespace } from "../../lib/topology/fold";
import { effectiveAggregate, topologyView } from "../../lib/topology/cytoscape";
import { toDot } from "../../lib/topology/dot";
import { filterGraph } from "../../lib/topology/filter";
import { topologyGraph, type TopologyContext } from "../../lib/topology/model";

const USAGE = `usage: hcinet topology --file CLUSTER.yaml [--output json|dot] [--aggregate none|owner|namespace|auto] [--namespace NS]
                       [--load-balancer NAME[=IP] ...] [--api-server-vip IP] [--network NAME]

The topology of a cluster (node VMs, HAProxy VMs, VIPs, Services, Ingresses, pods, outside targets) from its
manifests or a kubectl get -o yaml dump (--file - reads standard input). Node objects give the node VMs; the HAProxy
VMs and the API server VIP are not Kubernetes objects, give them with --load-balancer and --api-server-vip.
  --output json   {"elements": {"nodes": [{"data": {...}, "position"}], "edges": [...]}, "summary"} (default)
  --output dot    Graphviz DOT, left to right, one box per node VM (dot -Tsvg)
Exit codes: 0 ok, 2 bad input.`;

export async function run(args: string[], io: CliIo): Promise<number> {
  let opts;
  try {
    opts = parseArgs({
      args,
      options: {
        file: { type: "string", short: "f" },
        output: { type: "string", short: "o" },
        aggregate: { type: "string" },
        namespace: { type: "string", short: "n" },
        "load-balancer": { type: "string", multiple: true },
        "api-server-vip": { type: "string" },
        network: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (e) {
    io.err(`hcinet topology: ${(e as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (opts.help) {
    io.out(USAGE);
    return 0;
  }
  const fail = (message: string) => {
    io.err(`hcinet topology: ${message}`);
    return 2;
  };
  if (!opts.file) return fail(`--file is required\n\n${USAGE}`);
  const output = opts.output ?? "json";
  if (output !== "json" && output !== "dot") return fail(`--output must be json or dot, got "${output}"`);
  const aggregate = opts.aggregate ?? "none";
  if (aggregate !== "none" && aggregate !== "owner" && aggregate !== "namespace" && aggregate !== "auto") return fail(`--aggregate must be none, owner, namespace or auto, got "${aggregate}"`);
  const apiServerVip = opts["api-server-vip"];
  if (apiServerVip !== undefined && !isIpAddress(apiServerVip)) return fail(`--api-server-vip must be an IP address, got "${apiServerVip}"`);
  const loadBalancers: { name: string; ipAddress?: string }[] = [];
  for (const lb of opts["load-balancer"] ?? []) {
    const [name, ip] = lb.split("=");
    if (!name || (ip !== undefined && !isIpAddress(ip))) return fail(`--load-balancer must be NAME or NAME=IP, got "${lb}"`);
    loadBalancers.push({ name, ...(ip ? { ipAddress: ip } : {}) });
  }
  let text: string;
  try {
    text = await io.readFile(opts.file);
  } catch (e) {
    return fail(`cannot read ${opts.file}: ${(e as Error).message}`);
  }
  const loaded = snapshotFromManifests(text, { name: opts.file });
  if (!loaded.ok) return fail(`${opts.file} is not valid:\n${loaded.problems.map((p) => `  ${formatProblem(p)}`).join("\n")}`);
  const ctx: TopologyContext = { loadBalancers, ...(apiServerVip ? { apiServerVip } : {}), ...(opts.network ? { network: { name: opts.network } } : {}) };
  const filter = opts.namespace ? { namespace: opts.namespace } : {};
  if (output === "dot") {
    let graph = filterGraph(topologyGraph(loaded.snapshot, ctx), filter);
    const level = effectiveAggregate(aggregate, loaded.snapshot.pods.length);
    if (level === "namespace") graph = foldByNamespace(graph);
    if (level !== "none") graph = aggregateByOwner(graph);
    io.out(toDot(graph, opts.file === "-" ? "topology" : opts.file));
  } else {
    io.out(JSON.stringify(topologyView(loaded.snapshot, ctx, { ...filter, aggregate }), null, 2));
  }
  return 0;
}
