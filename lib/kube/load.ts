/** Manifests text → cluster snapshot, with every problem (document, line, field) when the input is not valid. */
import { parseManifests, type ManifestProblem } from "./manifest";
import { snapshotFromObjects, type SnapshotOptions } from "./snapshot";
import { validateDocuments } from "./validate";
import type { ClusterSnapshot } from "./types";

export type LoadResult = { ok: true; snapshot: ClusterSnapshot } | { ok: false; problems: ManifestProblem[] };

export function snapshotFromManifests(text: string, opts: SnapshotOptions = {}): LoadResult {
  const { documents, problems } = parseManifests(text);
  const all = [...problems, ...(problems.length ? [] : validateDocuments(documents))].sort((a, b) => a.document - b.document || a.line - b.line);
  if (all.length) return { ok: false, problems: all };
  return { ok: true, snapshot: snapshotFromObjects(documents.map((d) => d.object), opts) };
}
