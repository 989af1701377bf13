/** Search over the drawn elements (id, name, label), and the owner to expand when the wanted pod is folded into it. */
export interface El {
  data: { id: string; kind: string; name: string; label: string; namespace?: string; parent?: string; [k: string]: unknown };
  classes?: string;
  position?: { x: number; y: number };
}

/**
 * How well an element matches a query (`q` lower-cased, `bare` without its kind prefix such as `pod:`): 4 its id, 3 its
 * name or namespace/name, 2 a prefix of either, 1 a part of its id or label, 0 no match. The page's search over the drawn
 * elements and the API's search over the whole model (./find.ts) rank the same way.
 */
export function matchScore(d: { id: string; name: string; label: string; namespace?: string }, q: string, bare: string): number {
  const id = d.id.toLowerCase();
  const name = d.name.toLowerCase();
  const nsName = d.namespace ? `${d.namespace}/${d.name}`.toLowerCase() : name;
  if (id === q || id.slice(id.indexOf(":") + 1) === bare) return 4;
  if (name === bare || nsName === bare) return 3;
  if (name.startsWith(bare) || nsName.startsWith(bare)) return 2;
  if (id.includes(bare) || d.label.toLowerCase().includes(bare)) return 1;
  return 0;
}

export function findElements(nodes: El[], query: string): { matches: El[]; ownerToExpand?: { owner: string; podId: string } } {
  const q = query.trim().toLowerCase();
  if (!q) return { matches: [] };
  const bare = q.replace(/^(net|lb|vip|node|pod|svc|ing|ext|owner):/, "");
  const scored: { el: El; score: number }[] = [];
  for (const el of nodes) {
    const score = matchScore(el.data, q, bare);
    if (score) scored.push({ el, score });
  }
  scored.sort((a, b) => b.score - a.score || a.el.data.id.localeCompare(b.el.data.id));
  const matches = scored.map((s) => s.el);
  if (matches.length > 0 && scored[0].score >= 2) return { matches };
  // a pod folded into its owner: pod names start with `<owner>-`
  const slash = bare.indexOf("/");
  const ns = slash >= 0 ? bare.slice(0, slash) : undefined;
  const podName = slash >= 0 ? bare.slice(slash + 1) : bare;
  const owners = nodes
    .filter((n) => n.data.kind === "Owner" && podName.startsWith(`${n.data.name.toLowerCase()}-`) && (!ns || n.data.namespace === ns))
    .sort((a, b) => b.data.name.length - a.data.name.length);
  if (matches.length === 0 && owners.length > 0) {
    const o = owners[0];
    return { matches, ownerToExpand: { owner: o.data.id, podId: `pod:${o.data.namespace}/${podName}` } };
  }
  return { matches };
}
