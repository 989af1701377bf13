/** Shared by `hcinet route` and `hcinet trace`: read a cluster file (manifests or a `kubectl get -o yaml` dump). */
import type { CliIo } from "../cli";
import { snapshotFromManifests } from "../../lib/kube/load";
import { formatProblem } from "../../lib/kube/manifest";
import type { ClusterSnapshot } from "../../lib/kube/types";

export class InputError extends Error {}

export async function loadClusterFile(io: CliIo, file: string, opts: { plugin?: "calico" | "flannel"; apiServerVip?: string } = {}): Promise<ClusterSnapshot> {
  let text: string;
  try {
    text = await io.readFile(file);
  } catch (e) {
    throw new InputError(`cannot read ${file}: ${(e as Error).message}`);
  }
  const loaded = snapshotFromManifests(text, {
    name: file,
    primaryNetworkPlugin: opts.plugin ?? "calico",
    ...(opts.apiServerVip ? { apiServerVip: opts.apiServerVip } : {}),
    expandWorkloads: true,
  });
  if (!loaded.ok) throw new InputError(`${file} is not valid:\n${loaded.problems.map((p) => `  ${formatProblem(p)}`).join("\n")}`);
  return loaded.snapshot;
}
