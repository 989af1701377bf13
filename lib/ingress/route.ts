/**
 * Ingress routing exactly as `networking.k8s.io/v1` defines it (kubernetes.io/docs/concepts/services-networking/ingress,
 * fact sheet §8):
 *
 * - host: an exact host must equal the request's host; `*.foo.com` matches exactly one extra DNS label
 *   (`bar.foo.com`, neither `foo.com` nor `baz.bar.foo.com`); a rule without host matches every host;
 * - `pathType: Exact`: the whole path, case-sensitive (`/foo` ≠ `/foo/`);
 * - `pathType: Prefix`: element-wise on `/`-split elements, trailing slash ignored on both sides, the last element
 *   must match a whole element (`/aaa/bb` does not match `/aaa/bbb`), `/` matches everything;
 * - `pathType: ImplementationSpecific`: up to the IngressClass's controller; hcinet treats it as Prefix and says so;
 * - among matching paths the longest wins, Exact beats Prefix on equal length; no match → the Ingress `defaultBackend`;
 * - IngressClass: `spec.ingressClassName`, else the deprecated `kubernetes.io/ingress.class` annotation, else the class
 *   annotated `ingressclass.kubernetes.io/is-default-class: "true"` (more than one default: no class is assigned);
 * - TLS: hosts listed in `spec.tls[].hosts` are terminated at the controller (plain HTTP to the backends).
 *
 * Which rules of several Ingresses win for one host is not in the Kubernetes API; hcinet follows what ingress-nginx
 * does (all Ingresses of one class are merged per host; an exact host beats a wildcard, a wildcard beats the host-less
 * rules) and reports two Ingresses claiming the same host + path + pathType as a conflict.
 */
import { DEFAULT_NAMESPACE, effectiveNamespace } from "../kube/kinds";
import type { ClusterSnapshot, HTTPIngressPath, Ingress, IngressBackend, KubeObject } from "../kube/types";

export const DEFAULT_CLASS_ANNOTATION = "ingressclass.kubernetes.io/is-default-class";
export const LEGACY_CLASS_ANNOTATION = "kubernetes.io/ingress.class";

export type PathType = HTTPIngressPath["pathType"];

export interface IngressClassInfo {
  name: string;
  controller: string;
  isDefault: boolean;
}

/** The IngressClass objects of a snapshot (stored among `others`). */
export function ingressClasses(snapshot: ClusterSnapshot): IngressClassInfo[] {
  return snapshot.others
    .filter((o) => o.kind === "IngressClass")
    .map((o: KubeObject) => ({
      name: o.metadata.name,
      controller: String((o.spec as { controller?: unknown } | undefined)?.controller ?? ""),
      isDefault: o.metadata.annotations?.[DEFAULT_CLASS_ANNOTATION] === "true",
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** The request host without port, lowercased (hosts are DNS names, case-insensitive). */
export function normalizeHost(host: string): string {
  let h = host.trim().toLowerCase();
  if (h.startsWith("[")) return h; // IPv6 literal: not matched by Ingress hosts anyway
  const colon = h.lastIndexOf(":");
  if (colon >= 0 && /^\d+$/.test(h.slice(colon + 1))) h = h.slice(0, colon);
  return h.endsWith(".") ? h.slice(0, -1) : h;
}

/** How specifically a rule host matches: 2 exact, 1 single-label wildcard, 0 no host (all), -1 no match. */
export function hostMatch(ruleHost: string | undefined, requestHost: string): -1 | 0 | 1 | 2 {
  if (ruleHost === undefined || ruleHost === "") return 0;
  const rule = ruleHost.toLowerCase();
  const host = normalizeHost(requestHost);
  if (rule.startsWith("*.")) {
    const suffix = rule.slice(1); // ".foo.com"
    if (!host.endsWith(suffix)) return -1;
    const label = host.slice(0, host.length - suffix.length);
    return label !== "" && !label.includes(".") ? 1 : -1;
  }
  return rule === host ? 2 : -1;
}

/** Path elements split on `/`, empty elements (leading, trailing, doubled slashes) dropped. */
function elements(path: string): string[] {
  return path.split("/").filter((e) => e !== "");
}

/**
 * Does a rule path of `pathType` match the request path? ImplementationSpecific is matched as Prefix (hcinet's
 * stated choice; ingress-nginx treats it as a regex-capable prefix).
 */
export function pathMatches(pathType: PathType, rulePath: string | undefined, requestPath: string): boolean {
  const path = rulePath && rulePath !== "" ? rulePath : "/";
  if (pathType === "Exact") return path === requestPath;
  const want = elements(path);
  const got = elements(requestPath);
  if (want.length > got.length) return false;
  for (let i = 0; i < want.length; i++) if (want[i] !== got[i]) return false;
  return true;
}

/** The length a match is ranked by: the rule path without its trailing slash (so `/foo/` and `/foo` tie). */
function matchLength(rulePath: string | undefined): number {
  const p = rulePath && rulePath !== "" ? rulePath : "/";
  return p.length > 1 && p.endsWith("/") ? p.length - 1 : p.length;
}

export function ingressRef(ing: Ingress): string {
  return `${effectiveNamespace(ing) ?? DEFAULT_NAMESPACE}/${ing.metadata.name}`;
}

export interface IngressClassAssignment {
  ingress: string;
  /** the class the Ingress belongs to, or null when none applies */
  className: string | null;
  /** how the class was chosen */
  via: "ingressClassName" | "annotation" | "default" | "none";
  /** an IngressClass of that name exists */
  classExists: boolean;
}

/** The class of each Ingress: ingressClassName, the legacy annotation, or the single default IngressClass. */
export function ingressClassOf(ing: Ingress, classes: IngressClassInfo[]): IngressClassAssignment {
  const ref = ingressRef(ing);
  const named = ing.spec?.ingressClassName;
  const exists = (n: string) => classes.some((c) => c.name === n);
  if (named) return { ingress: ref, className: named, via: "ingressClassName", classExists: exists(named) };
  const legacy = ing.metadata.annotations?.[LEGACY_CLASS_ANNOTATION];
  if (legacy) return { ingress: ref, className: legacy, via: "annotation", classExists: exists(legacy) };
  const defaults = classes.filter((c) => c.isDefault);
  if (defaults.length === 1) return { ingress: ref, className: defaults[0].name, via: "default", classExists: true };
  return { ingress: ref, className: null, via: "none", classExists: false };
}

/** The ingress controller of a class found in the cluster: its pods (by the controller's usual labels) and Service. */
export interface ControllerMatch {
  className: string;
  controller: string;
  /** "namespace/name" of the controller pods */
  pods: string[];
  /** "namespace/name" of the Service in front of them (LoadBalancer preferred) */
  service: string | null;
}

/**
 * Which pods implement an IngressClass's controller. Kubernetes records no link from an IngressClass to pods; hcinet
 * recognises the controllers by the labels their official charts set (an assumption, stated with every trace):
 * `k8s.io/ingress-nginx` → `app.kubernetes.io/name: ingress-nginx`; any other controller → pods labelled
 * `app.kubernetes.io/name` equal to the controller string's last path element.
 */
export function findController(snapshot: ClusterSnapshot, cls: IngressClassInfo): ControllerMatch {
  const wanted = cls.controller === "k8s.io/ingress-nginx" ? "ingress-nginx" : (cls.controller.split("/").pop() ?? "");
  const pods = snapshot.pods.filter((p) => wanted !== "" && p.metadata.labels?.["app.kubernetes.io/name"] === wanted);
  const podKeys = pods.map((p) => `${effectiveNamespace(p) ?? DEFAULT_NAMESPACE}/${p.metadata.name}`).sort();
  let service: string | null = null;
  const candidates = snapshot.services
    .filter((s) => {
      const sel = s.spec?.selector;
      if (!sel || Object.keys(sel).length === 0) return false;
      const ns = effectiveNamespace(s) ?? DEFAULT_NAMESPACE;
      return pods.some((p) => (effectiveNamespace(p) ?? DEFAULT_NAMESPACE) === ns && Object.entries(sel).every(([k, v]) => p.metadata.labels?.[k] === v));
    })
    .sort((a, b) => (a.spec.type === "LoadBalancer" ? 0 : 1) - (b.spec.type === "LoadBalancer" ? 0 : 1) || a.metadata.name.localeCompare(b.metadata.name));
  if (candidates[0]) service = `${effectiveNamespace(candidates[0]) ?? DEFAULT_NAMESPACE}/${candidates[0].metadata.name}`;
  return { className: cls.name, controller: cls.controller, pods: podKeys, service };
}

export interface RuleRef {
  host: string | null;
  path: string;
  pathType: PathType;
  /** index in spec.rules and in its http.paths */
  ruleIndex: number;
  pathIndex: number;
}

export interface RouteResult {
  /** "namespace/name" of the Ingress that handles the request, null when nothing applies */
  ingress: string | null;
  rule: RuleRef | null;
  backend: IngressBackend | null;
  /** "rule" when a path matched, "defaultBackend" when the Ingress's defaultBackend took it */
  matchedBy: "rule" | "defaultBackend" | null;
  ingressClass: string | null;
  /** TLS is terminated at the controller for this host (a `tls[].hosts` entry matches) */
  tls: { terminated: boolean; secretName: string | null };
  /** Every candidate that matched, best first (explains why the winner won). */
  candidates: { ingress: string; rule: RuleRef; hostMatch: "exact" | "wildcard" | "any" }[];
  notes: string[];
}

export interface RouteRequest {
  host: string;
  path: string;
  /** only Ingresses of this class (default: the class of the first Ingress that matches the host) */
  ingressClass?: string;
}

const HOST_LEVEL = ["any", "wildcard", "exact"] as const;

/** Route one HTTP request (host + path) through the Ingresses of a snapshot. */
export function routeIngress(snapshot: ClusterSnapshot, req: RouteRequest): RouteResult {
  const classes = ingressClasses(snapshot);
  const notes: string[] = [];
  const path = req.path === "" ? "/" : req.path.startsWith("/") ? req.path : `/${req.path}`;
  const pathOnly = path.split("?")[0].split("#")[0];
  const assigned = snapshot.ingresses
    .map((ing) => ({ ing, cls: ingressClassOf(ing, classes) }))
    .filter((x) => req.ingressClass === undefined || x.cls.className === req.ingressClass)
    .sort((a, b) => ingressRef(a.ing).localeCompare(ingressRef(b.ing)));

  type Cand = { ing: Ingress; cls: IngressClassAssignment; rule: RuleRef; level: number; length: number; exact: boolean };
  const cands: Cand[] = [];
  let bestHostLevel = -1;
  let hostOwner: { ing: Ingress; cls: IngressClassAssignment } | null = null;
  for (const x of assigned) {
    (x.ing.spec?.rules ?? []).forEach((rule, ruleIndex) => {
      const level = hostMatch(rule.host, req.host);
      if (level < 0) return;
      if (level > bestHostLevel) {
        bestHostLevel = level;
        hostOwner = x;
      }
      (rule.http?.paths ?? []).forEach((p, pathIndex) => {
        if (!pathMatches(p.pathType, p.path, pathOnly)) return;
        if (p.pathType === "ImplementationSpecific") {
          const note = `${ingressRef(x.ing)} path ${p.path ?? "/"} has pathType ImplementationSpecific: matched as Prefix (the controller decides; hcinet assumes Prefix)`;
          if (!notes.includes(note)) notes.push(note);
        }
        cands.push({
          ing: x.ing,
          cls: x.cls,
          rule: { host: rule.host ?? null, path: p.path ?? "/", pathType: p.pathType, ruleIndex, pathIndex },
          level,
          length: matchLength(p.path),
          exact: p.pathType === "Exact",
        });
      });
    });
  }
  // Host tier first (exact > wildcard > any, like ingress-nginx's server blocks), then longest path, then Exact.
  const inTier = cands.filter((c) => c.level === bestHostLevel);
  inTier.sort((a, b) => b.length - a.length || Number(b.exact) - Number(a.exact) || ingressRef(a.ing).localeCompare(ingressRef(b.ing)));
  const ranked = [...inTier, ...cands.filter((c) => c.level !== bestHostLevel).sort((a, b) => b.level - a.level || b.length - a.length)];
  const candidates = ranked.map((c) => ({ ingress: ingressRef(c.ing), rule: c.rule, hostMatch: HOST_LEVEL[c.level] }));

  const tlsFor = (ing: Ingress | null) => {
    if (!ing) return { terminated: false, secretName: null };
    for (const t of ing.spec?.tls ?? []) {
      if ((t.hosts ?? []).some((h) => hostMatch(h, req.host) > 0)) return { terminated: true, secretName: t.secretName ?? null };
    }
    return { terminated: false, secretName: null };
  };

  const win = inTier[0];
  if (win) {
    return {
      ingress: ingressRef(win.ing),
      rule: win.rule,
      backend: win.ing.spec.rules![win.rule.ruleIndex].http!.paths[win.rule.pathIndex].backend,
      matchedBy: "rule",
      ingressClass: win.cls.className,
      tls: tlsFor(win.ing),
      candidates,
      notes,
    };
  }
  // No path matched: the defaultBackend of the Ingress owning the host, else of any Ingress of the class.
  const owner = hostOwner as { ing: Ingress; cls: IngressClassAssignment } | null;
  const fallback =
    (owner && owner.ing.spec?.defaultBackend ? owner : null) ??
    assigned.find((x) => x.ing.spec?.defaultBackend && (owner === null || x.cls.className === owner.cls.className)) ??
    null;
  if (fallback) {
    notes.push(`no rule of ${ingressRef(fallback.ing)} matched ${normalizeHost(req.host)}${pathOnly}: its defaultBackend takes the request`);
    return {
      ingress: ingressRef(fallback.ing),
      rule: null,
      backend: fallback.ing.spec.defaultBackend!,
      matchedBy: "defaultBackend",
      ingressClass: fallback.cls.className,
      tls: tlsFor(owner?.ing ?? null),
      candidates,
      notes,
    };
  }
  notes.push(
    owner
      ? `host ${normalizeHost(req.host)} is served by ${ingressRef(owner.ing)} but no path matches ${pathOnly} and no Ingress has a defaultBackend (the controller answers 404)`
      : `no Ingress rule matches host ${normalizeHost(req.host)} and no Ingress has a defaultBackend`,
  );
  return { ingress: null, rule: null, backend: null, matchedBy: null, ingressClass: owner?.cls.className ?? null, tls: tlsFor(owner?.ing ?? null), candidates, notes };
}

export interface IngressFinding {
  kind: "unservedClass" | "noClass" | "conflict" | "tlsHostWithoutRule" | "ambiguousDefaultClass";
  ingresses: string[];
  message: string;
}

/**
 * Problems with the Ingresses of a snapshot: an Ingress whose class no controller in the cluster serves (or that
 * has no class at all), several default IngressClasses, two Ingresses of one class claiming the same host + path +
 * pathType (the controller picks one silently), TLS hosts without a rule for that host.
 */
export function ingressFindings(snapshot: ClusterSnapshot): IngressFinding[] {
  const classes = ingressClasses(snapshot);
  const out: IngressFinding[] = [];
  const defaults = classes.filter((c) => c.isDefault);
  if (defaults.length > 1) {
    out.push({
      kind: "ambiguousDefaultClass",
      ingresses: [],
      message: `${defaults.length} IngressClasses are marked default (${defaults.map((d) => d.name).join(", ")}): new Ingresses without a class are rejected`,
    });
  }
  const served = new Map(classes.map((c) => [c.name, findController(snapshot, c).pods.length > 0]));
  const claims = new Map<string, string[]>();
  for (const ing of [...snapshot.ingresses].sort((a, b) => ingressRef(a).localeCompare(ingressRef(b)))) {
    const ref = ingressRef(ing);
    const a = ingressClassOf(ing, classes);
    if (a.className === null) {
      out.push({ kind: "noClass", ingresses: [ref], message: `Ingress ${ref} has no ingressClassName and there is no single default IngressClass: no controller serves it` });
    } else if (!a.classExists) {
      out.push({ kind: "unservedClass", ingresses: [ref], message: `Ingress ${ref} uses class "${a.className}", but no IngressClass of that name exists: no controller serves it` });
    } else if (!served.get(a.className)) {
      out.push({ kind: "unservedClass", ingresses: [ref], message: `Ingress ${ref} uses class "${a.className}", but no pod of its controller runs in the cluster: nothing serves it` });
    }
    for (const rule of ing.spec?.rules ?? []) {
      for (const p of rule.http?.paths ?? []) {
        const key = `${a.className ?? ""}\u0000${(rule.host ?? "").toLowerCase()}\u0000${p.path ?? "/"}\u0000${p.pathType}`;
        const list = claims.get(key) ?? [];
        if (!list.includes(ref)) list.push(ref);
        claims.set(key, list);
      }
    }
    const ruleHosts = (ing.spec?.rules ?? []).map((r) => r.host ?? "");
    for (const t of ing.spec?.tls ?? []) {
      for (const h of t.hosts ?? []) {
        if (!ruleHosts.includes(h)) out.push({ kind: "tlsHostWithoutRule", ingresses: [ref], message: `Ingress ${ref} lists TLS host ${h} without a rule for that host: TLS must match rules[].host explicitly` });
      }
    }
  }
  for (const [key, refs] of claims) {
    if (refs.length < 2) continue;
    const [cls, host, path, pathType] = key.split("\u0000");
    out.push({
      kind: "conflict",
      ingresses: refs,
      message: `Ingresses ${refs.join(" and ")} (class ${cls || "none"}) both route ${host || "every host"} ${path} (${pathType}): the controller uses only one of them`,
    });
  }
  return out;
}
