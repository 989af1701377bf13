/**
 * The authorization table: every API route (its pattern, as the folder under app/api) × method → who may call it.
 * `route()` (handler.ts) looks the request up here before running the handler; a route or method missing from the
 * table is refused. tests/api/authz-matrix.test.ts enumerates every app/api/**\/route.ts and fails when one is missing.
 *
 * Adding a route: one line, `"/api/things/[name]": { GET: READ, POST: ADMIN },`.
 */
import type { Role } from "../auth/roles";

/** "public": no credentials; "signed-in": any role; else the roles allowed ("support@case": support, only on a case cluster). */
export type Rule = "public" | "signed-in" | readonly AllowedRole[];
export type AllowedRole = Role | "support@case";
export type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
export const METHODS: readonly Method[] = ["GET", "POST", "PUT", "PATCH", "DELETE"];

const PUBLIC: Rule = "public";
const SIGNED_IN: Rule = "signed-in";
/** read: every role */
const READ: Rule = ["admin", "support", "reviewer"];
/** traces and analyses: admin and support */
const ANALYSE: Rule = ["admin", "support"];
/** changes to production networks, clusters, users: admin */
const ADMIN: Rule = ["admin"];
/** imports and object changes: admin anywhere, support on clusters marked as "case" clusters */
const CASE_WRITE: Rule = ["admin", "support@case"];
/** audit trail: admin and reviewer */
const AUDIT: Rule = ["admin", "reviewer"];

export const AUTHZ: Record<string, Partial<Record<Method, Rule>>> = {
  "/api/health": { GET: PUBLIC },
  "/api/ready": { GET: PUBLIC },
  "/api/auth/signin": { POST: PUBLIC },
  "/api/auth/setup": { POST: PUBLIC },
  "/api/auth/signout": { POST: SIGNED_IN },
  "/api/auth/me": { GET: SIGNED_IN },
  "/api/users": { GET: ADMIN, POST: ADMIN },
  "/api/users/[id]": { PATCH: ADMIN },
  "/api/tokens": { GET: SIGNED_IN, POST: SIGNED_IN },
  "/api/tokens/[id]": { DELETE: SIGNED_IN },
  "/api/audit": { GET: AUDIT },
  "/api/networks": { GET: READ, POST: ADMIN },
  "/api/networks/[name]": { GET: READ, DELETE: ADMIN },
  "/api/networks/[name]/allocations": { GET: READ },
  "/api/networks/[name]/conflicts": { GET: READ },
  "/api/clusters": { GET: READ, POST: ADMIN },
  "/api/clusters/[name]": { GET: READ, PATCH: ADMIN, DELETE: ADMIN },
  "/api/clusters/[name]/case": { PUT: ADMIN },
  "/api/clusters/[name]/nodepools": { POST: ADMIN },
  "/api/clusters/[name]/nodepools/[pool]": { PATCH: ADMIN, DELETE: ADMIN },
  "/api/clusters/[name]/powershell": { GET: READ },
  "/api/clusters/[name]/apply": { POST: CASE_WRITE },
  "/api/clusters/[name]/manifests": { GET: READ },
  "/api/clusters/[name]/services": { GET: READ },
  "/api/clusters/[name]/objects": { GET: READ, DELETE: CASE_WRITE },
  "/api/clusters/[name]/haproxy": { GET: READ },
  "/api/clusters/[name]/haproxy.cfg": { GET: READ },
  "/api/clusters/[name]/reachability": { GET: READ },
  "/api/clusters/[name]/reachability/explain": { GET: READ },
  "/api/clusters/[name]/policies": { GET: READ },
  "/api/analysis/reachability": { POST: ANALYSE },
  // traces, topology and the Flannel/Calico comparison read stored objects and change nothing: every role
  "/api/clusters/[name]/trace": { POST: READ },
  "/api/clusters/[name]/trace/targets": { GET: READ },
  "/api/clusters/[name]/topology": { GET: READ },
  "/api/clusters/[name]/topology/search": { GET: READ },
  "/api/clusters/[name]/compare": { GET: READ },
  "/api/clusters/[name]/compare/report": { GET: READ },
  "/api/clusters/[name]/compare/graph.svg": { GET: READ },
  "/api/clusters/[name]/migration": { GET: READ },
  // the comparison of uploaded manifests is the reviewer's own analysis (nothing is stored)
  "/api/analysis/compare": { POST: READ },
  // any other /api path: a 404 for signed-in callers, 401 for anonymous ones
  "/api/[...path]": { GET: SIGNED_IN, POST: SIGNED_IN, PUT: SIGNED_IN, PATCH: SIGNED_IN, DELETE: SIGNED_IN },
};

export interface RouteMatch {
  pattern: string;
  params: Record<string, string>;
}

/** The table pattern a URL path belongs to, as Next resolves it: static segments before [param] before [...catchAll]. */
export function matchRoute(pathname: string, patterns: Iterable<string> = Object.keys(AUTHZ)): RouteMatch | null {
  const segs = pathname.replace(/\/+$/, "").split("/").slice(1);
  let best: { m: RouteMatch; score: number[] } | null = null;
  for (const pattern of patterns) {
    const ps = pattern.split("/").slice(1);
    const params: Record<string, string> = {};
    const score: number[] = [];
    let ok = true;
    for (let i = 0; i < ps.length; i++) {
      const p = ps[i];
      const catchAll = /^\[\.\.\.(\w+)\]$/.exec(p);
      if (catchAll) {
        if (i >= segs.length) ok = false;
        else params[catchAll[1]] = segs.slice(i).join("/");
        score.push(0);
        if (i !== ps.length - 1) ok = false;
        break;
      }
      if (i >= segs.length) {
        ok = false;
        break;
      }
      const dyn = /^\[(\w+)\]$/.exec(p);
      if (dyn) {
        params[dyn[1]] = segs[i];
        score.push(1);
      } else if (p === segs[i]) score.push(2);
      else {
        ok = false;
        break;
      }
    }
    if (!ok) continue;
    if (!ps.some((p) => p.startsWith("[...")) && ps.length !== segs.length) continue;
    if (!best || compareScore(score, best.score) > 0) best = { m: { pattern, params }, score };
  }
  return best?.m ?? null;
}

function compareScore(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? -1) - (b[i] ?? -1);
    if (d !== 0) return d;
  }
  return 0;
}

export function ruleFor(pattern: string, method: string): Rule | undefined {
  return AUTHZ[pattern]?.[(method === "HEAD" ? "GET" : method) as Method];
}

/** Whether a role passes a rule; "case" = the support role needs the target cluster to be a case cluster. */
export function decide(rule: Rule, role: Role | null): "allow" | "case" | "unauthenticated" | "forbidden" {
  if (rule === "public") return "allow";
  if (role === null) return "unauthenticated";
  if (rule === "signed-in") return "allow";
  if (rule.includes(role)) return "allow";
  if (role === "support" && rule.includes("support@case")) return "case";
  return "forbidden";
}

/** What the UI may show: the rule of each (pattern, method) resolved for one role ("case" = on case clusters only). */
export function permissionsOf(role: Role): Record<string, Partial<Record<Method, "allow" | "case">>> {
  const out: Record<string, Partial<Record<Method, "allow" | "case">>> = {};
  for (const [pattern, methods] of Object.entries(AUTHZ)) {
    for (const [m, rule] of Object.entries(methods) as [Method, Rule][]) {
      const d = decide(rule, role);
      if (d === "allow" || d === "case") (out[pattern] ??= {})[m] = d;
    }
  }
  return out;
}
