import { describe, expect, it } from "vitest";
import { decide, matchRoute, permissionsOf } from "./authz";
import { contentTypeProblem, crossSiteWrite, freeTextProblem } from "./security";

describe("route matching", () => {
  it("prefers static segments over [param] over [...catchAll], as Next does", () => {
    expect(matchRoute("/api/clusters")?.pattern).toBe("/api/clusters");
    expect(matchRoute("/api/clusters/a")).toEqual({ pattern: "/api/clusters/[name]", params: { name: "a" } });
    expect(matchRoute("/api/clusters/a/haproxy.cfg")?.pattern).toBe("/api/clusters/[name]/haproxy.cfg");
    expect(matchRoute("/api/clusters/a/nodepools/p")?.params).toEqual({ name: "a", pool: "p" });
    expect(matchRoute("/api/clusters/a/b/c/d")?.pattern).toBe("/api/[...path]");
    expect(matchRoute("/api/health")?.pattern).toBe("/api/health");
    expect(matchRoute("/elsewhere")).toBeNull();
  });

  it("decides per role; support writes only on case clusters", () => {
    expect(decide("public", null)).toBe("allow");
    expect(decide("signed-in", null)).toBe("unauthenticated");
    expect(decide(["admin"], "support")).toBe("forbidden");
    expect(decide(["admin", "support@case"], "support")).toBe("case");
    expect(decide(["admin", "support@case"], "reviewer")).toBe("forbidden");
    expect(permissionsOf("reviewer")["/api/networks"]).toEqual({ GET: "allow" });
    expect(permissionsOf("admin")["/api/networks"]).toEqual({ GET: "allow", POST: "allow" });
  });
});

describe("browser hardening", () => {
  const r = (method: string, headers: Record<string, string>) => new Request("http://h:1/api/x", { method, headers, body: method === "GET" ? undefined : "{}" });
  it("cross-site writes: foreign Origin, Origin null, Sec-Fetch-Site cross-site; reads and non-browser clients pass", () => {
    expect(crossSiteWrite(r("POST", { origin: "http://h:2", host: "h:1" }))).toMatch(/Origin/);
    expect(crossSiteWrite(r("POST", { origin: "null", host: "h:1" }))).toMatch(/null/);
    expect(crossSiteWrite(r("DELETE", { "sec-fetch-site": "cross-site" }))).toMatch(/cross-site/);
    expect(crossSiteWrite(r("POST", { origin: "http://h:1", host: "h:1", "sec-fetch-site": "same-origin" }))).toBeNull();
    expect(crossSiteWrite(r("POST", {}))).toBeNull();
    expect(crossSiteWrite(r("GET", { origin: "http://evil", "sec-fetch-site": "cross-site" }))).toBeNull();
  });
  it("content types and free text", () => {
    expect(contentTypeProblem(r("POST", { "content-type": "text/plain" }), "json")).toMatch(/application\/json/);
    expect(contentTypeProblem(r("POST", { "content-type": "application/json; charset=utf-8" }), "json")).toBeNull();
    expect(contentTypeProblem(r("POST", { "content-type": "text/plain" }), "manifest")).toMatch(/yaml/);
    expect(contentTypeProblem(r("POST", { "content-type": "application/yaml" }), "manifest")).toBeNull();
    expect(freeTextProblem("ok text ✓")).toBeNull();
    expect(freeTextProblem("a".repeat(257))).toMatch(/256/);
    expect(freeTextProblem("a\u0000")).toMatch(/printable/);
    expect(freeTextProblem("a\u202eb")).toMatch(/printable/);
  });
});
