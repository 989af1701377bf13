/**
 * The authorization matrix: every app/api/**\/route.ts × exported method × caller (anonymous, admin, support,
 * reviewer) against lib/api/authz.ts. A route or method missing from the table fails with its name.
 */
import { readdirSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { AUTHZ, decide, METHODS, matchRoute, ruleFor, type Method } from "@/lib/api/authz";
import { call, pathOf, useTempDatabase, type Caller } from "./helpers";

useTempDatabase();

function routeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? routeFiles(p) : e.name === "route.ts" ? [p] : [];
  });
}

const ROOT = path.resolve("app");
const files = routeFiles(path.join(ROOT, "api"));
const routes: { pattern: string; mod: Record<string, unknown> }[] = [];

beforeAll(async () => {
  for (const f of files) {
    const pattern = "/" + path.relative(ROOT, path.dirname(f)).split(path.sep).join("/");
    routes.push({ pattern, mod: (await import(f)) as Record<string, unknown> });
  }
  routes.sort((a, b) => a.pattern.localeCompare(b.pattern));
  // a production cluster (not a case cluster) and a case cluster, on one network
  const networks = await import("@/app/api/networks/route");
  const clusters = await import("@/app/api/clusters/route");
  const caseRoute = await import("@/app/api/clusters/[name]/case/route");
  const net = { name: "matrixnet", vswitchName: "extSwitch", ipAddressPrefix: "10.60.0.0/24", gateway: "10.60.0.1", dnsServers: ["10.60.0.2"], k8sNodeIpPoolStart: "10.60.0.10", k8sNodeIpPoolEnd: "10.60.0.99", vipPoolStart: "10.60.0.150", vipPoolEnd: "10.60.0.250" };
  expect((await call(networks.POST, { json: net })).status).toBe(201);
  for (const name of ["prodcluster", "casecluster"]) expect((await call(clusters.POST, { json: { name, vnet: "matrixnet", nodePools: [{ name: "pool", count: 1 }] } })).status).toBe(201);
  expect((await call(caseRoute.PUT, { method: "PUT", params: { name: "casecluster" }, json: { case: true } })).status).toBe(200);
}, 120_000);

const CALLERS: Caller[] = ["anonymous", "admin", "support", "reviewer"];

describe("authorization table", () => {
  it("lists every API route and every method it exports", () => {
    const missing: string[] = [];
    for (const { pattern, mod } of routes)
      for (const m of Object.keys(mod).filter((k) => (METHODS as string[]).includes(k)))
        if (!ruleFor(pattern, m)) missing.push(`${m} ${pattern} (app${pattern}/route.ts)`);
    expect(missing, `routes missing from lib/api/authz.ts AUTHZ: ${missing.join(", ")}`).toEqual([]);
    expect(routes.length).toBeGreaterThanOrEqual(25);
  });

  it("resolves each route's own path to its own pattern (as Next does)", () => {
    for (const { pattern } of routes) {
      const p = pathOf(pattern, { name: "n1", pool: "p1", id: "1", path: "a/b" });
      expect(matchRoute(p)?.pattern, p).toBe(pattern);
    }
  });

  it("every table entry is a route that exists (or one of the announced /api/health, /api/ready)", () => {
    const known = new Set(routes.map((r) => r.pattern));
    const stale = Object.keys(AUTHZ).filter((p) => !known.has(p) && p !== "/api/health" && p !== "/api/ready");
    expect(stale).toEqual([]);
  });
});

describe("matrix: route × method × caller", () => {
  it("answers 401 without credentials, 403 to roles the table refuses, and lets allowed roles through", async () => {
    const rows: string[] = [];
    const wrong: string[] = [];
    for (const { pattern, mod } of routes) {
      for (const m of METHODS) {
        const handler = mod[m] as Parameters<typeof call>[0] | undefined;
        if (!handler) continue;
        const rule = ruleFor(pattern, m)!;
        const write = m !== "GET";
        // reads see real objects; writes aim at objects that do not exist, so an allowed write is a 4xx of the domain
        const params = write
          ? { name: pattern.startsWith("/api/networks") ? "nonet" : "nocluster", pool: "nopool", id: "999999", path: "nothing/here" }
          : { name: pattern.startsWith("/api/networks") ? "matrixnet" : "prodcluster", pool: "pool", id: "1", path: "nothing/here" };
        for (const caller of CALLERS) {
          const role = caller === "anonymous" ? null : (caller as "admin" | "support" | "reviewer");
          const verdict = decide(rule, role);
          const r = await call(handler, { method: m, path: pathOf(pattern, params), params, as: caller, ...(write ? { json: {} } : {}) });
          const expected = verdict === "unauthenticated" ? "401" : verdict === "forbidden" || verdict === "case" ? "403" : "not 401/403";
          const ok = expected === "not 401/403" ? r.status !== 401 && r.status !== 403 : String(r.status) === expected;
          rows.push(`${m} ${pattern} ${caller}: ${r.status}`);
          if (!ok) wrong.push(`${m} ${pattern} as ${caller}: expected ${expected}, got ${r.status} ${r.text.slice(0, 120)}`);
        }
      }
    }
    expect(wrong).toEqual([]);
    expect(rows.length).toBeGreaterThanOrEqual(4 * 35);
  }, 120_000);

  it("support imports only into case clusters; reviewer never writes; admin everywhere", async () => {
    const apply = await import("@/app/api/clusters/[name]/apply/route");
    const yaml = "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: imported\n";
    const send = (name: string, as: Caller) => call(apply.POST, { params: { name }, body: yaml, headers: { "content-type": "application/yaml" }, as });
    const clusterRoute = await import("@/app/api/clusters/[name]/route");
    expect((await call(clusterRoute.GET, { params: { name: "casecluster" }, as: "support" })).body.caseCluster).toBe(true);
    expect((await call(clusterRoute.GET, { params: { name: "prodcluster" }, as: "support" })).body.caseCluster).toBe(false);
    expect((await send("casecluster", "support")).status).toBe(200);
    expect((await send("prodcluster", "support")).status).toBe(403);
    expect((await send("casecluster", "reviewer")).status).toBe(403);
    expect((await send("prodcluster", "admin")).status).toBe(200);
    const objects = await import("@/app/api/clusters/[name]/objects/route");
    const del = (name: string, as: Caller) => call(objects.DELETE, { method: "DELETE", path: `/api/clusters/${name}/objects?kind=Namespace&name=imported`, params: { name }, as });
    expect((await del("prodcluster", "support")).status).toBe(403);
    expect((await del("casecluster", "support")).status).toBe(200);
    // support never changes production networks or clusters
    const cluster = await import("@/app/api/clusters/[name]/route");
    expect((await call(cluster.DELETE, { method: "DELETE", params: { name: "casecluster" }, as: "support" })).status).toBe(403);
    const analysis = await import("@/app/api/analysis/reachability/route");
    const body = "apiVersion: v1\nkind: Namespace\nmetadata: {name: x}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: a, namespace: x}\nspec:\n  containers: [{name: c, image: x}]\nstatus: {podIP: 10.244.0.5}\n";
    expect((await call(analysis.POST, { path: "/api/analysis/reachability?port=80/TCP", body, headers: { "content-type": "application/yaml" }, as: "support" })).status).toBe(200);
    expect((await call(analysis.POST, { path: "/api/analysis/reachability?port=80/TCP", body, headers: { "content-type": "application/yaml" }, as: "reviewer" })).status).toBe(403);
  });
});

// the method type is used in the table's keys
export type { Method };
