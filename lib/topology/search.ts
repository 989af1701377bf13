/** Search over the drawn elements (id, name, label), and the owner to expand when the wanted pod is folded into it. */
export interface El {
  data: { id: string; kind: string; name: string; label: string; namespace?: string; parent?: string; [k: string]: unknown };
  classes?: string;
  position?: { x: number; y: number };
}

export function findElements(nodes: El[], query: string): { matches: El[]; ownerToExpand?: { owner: string; podId: string } } {
  const q = query.trim().toLowerCase();
  if (!q) return { matches: [] };
  const bare = q.replace(/^(net|lb|vip|node|pod|svc|ing|ext|owner):/, "");
  const scored: { el: El; score: number }[] = [];
  for (const el of nodes) {
    const id = el.data.id.toLowerCase();
    const name = el.data.name.toLowerCase();
    const nsName = el.data.namespace ? `${el.data.namespace}/${el.data.name}`.toLowerCase() : name;
    let score = 0;
    if (id === q || id.slice(id.indexOf(":") + 1) === bare) score = 4;
    else if (name === bare || nsName === bare) score = 3;
    else if (name.startsWith(bare)) score = 2;
    else if (id.includes(bare) || el.data.label.toLowerCase().includes(bare)) score = 1;
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
