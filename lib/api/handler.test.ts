import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { route, formatPath, jsonResponse } from "./handler";
import { conflict, unprocessable } from "../errors";
import { logger } from "../log";

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
    const log = vi.spyOn(logger, "error").mockImplementation(() => undefined);
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

  it("store faults: busy → 503 with Retry-After, disk full → 507, read-only → 503, each with a clear message", async () => {
    const sqlite = (code: string, message: string) => Object.assign(new Error(message), { code });
    const busy = await route(async () => {
      throw sqlite("SQLITE_BUSY", "database is locked");
    })(req(), ctx());
    expect(busy.status).toBe(503);
    expect(busy.headers.get("retry-after")).toBe("1");
    expect((await busy.json()).error.code).toBe("store_busy");
    // the shape Prisma gives a driver-adapter error: the SQLite code sits in cause.originalCode
    const full = await route(async () => {
      throw Object.assign(new Error("Error in driver adapter"), { cause: { kind: "GenericJs", originalCode: "SQLITE_FULL", originalMessage: "database or disk is full" } });
    })(req(), ctx());
    expect(full.status).toBe(507);
    expect((await full.json()).error.message).toMatch(/disk is full/);
    const ro = await route(async () => {
      throw sqlite("SQLITE_READONLY", "attempt to write a readonly database");
    })(req(), ctx());
    expect(ro.status).toBe(503);
    expect((await ro.json()).error.code).toBe("store_read_only");
    // PostgreSQL: pg-pool found no free connection within its timeout
    const pool = await route(async () => {
      throw new Error("timeout exceeded when trying to connect");
    })(req(), ctx());
    expect(pool.status).toBe(503);
    expect((await pool.json()).error.code).toBe("store_busy");
  });

  it("logs one structured line per request with id, method, path, status and duration; echoes x-request-id", async () => {
    const info = vi.spyOn(logger, "info").mockImplementation(() => undefined);
    const r = await route(async () => ({ ok: true }))(new Request("http://x/api/clusters?q=1", { headers: { "x-request-id": "abc-123", authorization: `Bearer ${ADMIN_TOKEN}` } }), ctx());
    expect(r.headers.get("x-request-id")).toBe("abc-123");
    const line = info.mock.calls.map((c) => c[0] as unknown as Record<string, unknown>).find((l) => l.path === "/api/clusters" && l.reqId === "abc-123");
    expect(line).toMatchObject({ reqId: "abc-123", method: "GET", path: "/api/clusters", status: 200 });
    expect(typeof line!.durationMs).toBe("number");
    const generated = await route(async () => null)(req(), ctx());
    expect(generated.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    info.mockRestore();
  });

  it("the request deadline aborts ctx.signal and answers 503", async () => {
    process.env.HCINET_REQUEST_DEADLINE_MS = "50";
    try {
      const r = await route(async ({ signal }) => {
        await new Promise((resolve) => signal.addEventListener("abort", resolve));
        throw signal.reason;
      })(req(), ctx());
      expect(r.status).toBe(503);
      expect((await r.json()).error.code).toBe("store_deadline");
    } finally {
      delete process.env.HCINET_REQUEST_DEADLINE_MS;
    }
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

describe("jsonResponse", () => {
  it("marks small answers no-transform (Next's gzip skips them) and leaves large ones compressible", async () => {
    expect(jsonResponse({ ok: true }).headers.get("cache-control")).toBe("no-transform");
    expect(jsonResponse({ token: "x" }, 201, { "cache-control": "no-store" }).headers.get("cache-control")).toBe("no-store, no-transform");
    const big = jsonResponse({ items: "x".repeat(2000) });
    expect(big.headers.get("cache-control")).toBeNull();
    expect((await big.json()).items).toHaveLength(2000);
  });
});
