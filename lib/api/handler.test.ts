import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { route, formatPath } from "./handler";
import { conflict, unprocessable } from "../errors";

// the wrapper authenticates every call: these go to /api/clusters (GET and POST for admins) as the deployment's admin token
const ADMIN_TOKEN = "t".repeat(40);
process.env.HCINET_ADMIN_TOKEN = ADMIN_TOKEN;
const req = (body?: string, headers: Record<string, string> = {}) =>
  new Request("http://x/api/clusters", {
    method: body === undefined ? "GET" : "POST",
    body,
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, ...(body !== undefined ? { "content-type": "application/json" } : {}), ...headers },
  });
const ctx = (params: Record<string, string> = {}) => ({ params: Promise.resolve(params) });

describe("route wrapper", () => {
  it("answers the returned value as JSON with the params", async () => {
    const r = await route(async ({ params }) => ({ hello: params.name }))(req(), ctx({ name: "w" }));
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({ hello: "w" });
  });

  it("maps domain errors to their status and the single error format", async () => {
    const r = await route(async () => {
      throw unprocessable("bad", [{ path: "vipPoolEnd", message: "before start" }]);
    })(req(), ctx());
    expect(r.status).toBe(422);
    expect(await r.json()).toEqual({ error: { code: "validation_failed", message: "bad", fields: [{ path: "vipPoolEnd", message: "before start" }] } });
    const c = await route(async () => {
      throw conflict("pool_exhausted", "full", { missing: 2 });
    })(req(), ctx());
    expect(c.status).toBe(409);
    expect((await c.json()).error.details).toEqual({ missing: 2 });
  });

  it("unexpected errors: 500 without a stack, logged on the server", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const r = await route(async () => {
      throw new Error("secret internals at /srv/app.js:42");
    })(req(), ctx());
    expect(r.status).toBe(500);
    const text = await r.text();
    expect(text).not.toContain("secret internals");
    expect(text).not.toContain("app.js");
    expect(JSON.parse(text).error.code).toBe("internal_error");
    expect(log).toHaveBeenCalled();
    log.mockRestore();
  });

  it("a unique-constraint violation that escapes the domain layer is a 409, not a 500", async () => {
    const r = await route(async () => {
      throw Object.assign(new Error("Unique constraint failed"), { code: "P2002", meta: { target: ["networkId", "address"] } });
    })(req(), ctx());
    expect(r.status).toBe(409);
  });

  it("validates JSON bodies with zod and names the fields (400); non-JSON is 400; over the limit is 413", async () => {
    const h = route(async (c) => c.json(z.object({ count: z.number().int(), pools: z.array(z.object({ name: z.string() })) })), { bodyLimit: 64 });
    const bad = await h(req(JSON.stringify({ count: "x", pools: [{ name: 1 }] })), ctx());
    expect(bad.status).toBe(400);
    const paths = (await bad.json()).error.fields.map((f: { path: string }) => f.path);
    expect(paths).toEqual(expect.arrayContaining(["count", "pools[0].name"]));
    expect((await h(req("{oops"), ctx())).status).toBe(400);
    expect((await h(req("x".repeat(100)), ctx())).status).toBe(413);
    expect((await h(req("{}", { "content-length": "100000" }), ctx())).status).toBe(413);
  });

  it("formats paths like the fields of the API", () => {
    expect(formatPath(["nodePools", 1, "count"])).toBe("nodePools[1].count");
    expect(formatPath([])).toBe("(body)");
  });
});

describe("route wrapper: authorization", () => {
  it("fails closed for a route missing from the table (it would otherwise fall to the catch-all pattern)", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const unlisted = route(async () => ({ secret: true }));
    const r = await unlisted(new Request("http://x/api/not-in-table/x", { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } }), ctx());
    expect(r.status).toBe(500);
    expect((await r.json()).error.message).toContain("lib/api/authz.ts");
    const catchAll = route(async () => ({ ok: true }), { catchAll: true });
    expect((await catchAll(new Request("http://x/api/not-in-table/x", { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } }), ctx())).status).toBe(200);
    expect((await catchAll(new Request("http://x/api/not-in-table/x"), ctx())).status).toBe(401);
    log.mockRestore();
  });
});
