/**
 * The one wrapper every route handler goes through: body size limit, JSON/YAML parsing, zod validation of input,
 * mapping of domain errors to the API's single error format, and logging of unexpected errors (answered with a 500
 * that carries no stack). Written against the web-standard Request/Response so it does not depend on Next.
 *
 * Error format: {"error": {"code": "...", "message": "...", "fields": [{"path": "vipPoolEnd", "message": "..."}]}}
 */
import { randomUUID } from "node:crypto";
import type { z } from "zod";
import { AppError, badRequest, payloadTooLarge, unprocessable, type FieldError } from "../errors";
import { classifyStoreError, StoreFault } from "../db/faults";
import { cancelled } from "../db/tx";
import { logger } from "../log";
import { decide, matchRoute, ruleFor } from "./authz";
import { contentTypeProblem, crossSiteWrite, declaresBody, jsonTextProblems, securityHeaders, type BodyKind } from "./security";
import { runAs } from "../auth/context";
import type { Principal } from "../auth/roles";
import { db } from "../db/client";
import { authenticate, credentialsOf, isCaseCluster } from "../db/auth";

export const DEFAULT_BODY_LIMIT = 1024 * 1024; // 1 MiB for JSON
export const MANIFEST_BODY_LIMIT = 16 * 1024 * 1024; // 16 MiB for YAML imports

/** Longest a request may work (ms; `HCINET_REQUEST_DEADLINE_MS`): past it the work is cancelled and rolled back (503). */
export function requestDeadlineMs(): number {
  const v = Number(process.env.HCINET_REQUEST_DEADLINE_MS);
  return Number.isFinite(v) && v > 0 ? v : 60_000;
}

export interface RouteContext {
  req: Request;
  params: Record<string, string>;
  url: URL;
  /** aborted when the client goes away or the request deadline passes: pass it to long work (transactions check it) */
  signal: AbortSignal;
  /** this request's id (the `x-request-id` header when the client sent one), also in the log line and the response */
  requestId: string;
  /** the raw body as text, at most `bodyLimit` bytes (413 beyond) */
  text(): Promise<string>;
  /** the body parsed as JSON (400 when it is not JSON) and validated by the schema (400 naming the fields) */
  json<S extends z.ZodType>(schema: S): Promise<z.infer<S>>;
  /** who is calling (null only on public routes without credentials) */
  principal: Principal | null;
}

export interface RouteOptions {
  bodyLimit?: number;
  /** answers without credentials (health and readiness probes) */
  public?: boolean;
  /** "json" (default): bodies must be application/json, strings ≤ 256 printable characters; "manifest": YAML or JSON
   * (the default when bodyLimit is MANIFEST_BODY_LIMIT) */
  body?: BodyKind;
  /** only app/api/[...path]: the one handler allowed to serve the table's catch-all pattern */
  catchAll?: boolean;
}

type NextRouteContext = { params: Promise<Record<string, string | string[]>> };

/** answers shorter than this (characters of JSON) are sent uncompressed */
const SMALL_ANSWER = 1024;

export function jsonResponse(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  const text = JSON.stringify(body);
  // Next gzips every answer (its content-length is dropped, so the compressor cannot see that an answer is small):
  // `no-transform` keeps it off answers under 1 KiB (most of the API's), where gzip costs more CPU than it saves bytes
  const small = text.length < SMALL_ANSWER;
  const cacheControl = headers["cache-control"];
  return new Response(text, {
    status,
    headers: {
      "content-type": "application/json; charset=utf-8",
      ...headers,
      ...(small ? { "cache-control": cacheControl ? `${cacheControl}, no-transform` : "no-transform" } : {}),
    },
  });
}

export function errorResponse(status: number, code: string, message: string, fields: FieldError[] = [], details?: Record<string, unknown>): Response {
  return jsonResponse({ error: { code, message, fields, ...(details ? { details } : {}) } }, status);
}

/** zod issues → field errors with dotted/bracketed paths (`nodePools[1].count`). */
export function zodFields(issues: readonly { path: readonly PropertyKey[]; message: string }[]): FieldError[] {
  return issues.map((i) => ({ path: formatPath(i.path), message: i.message, code: "shape", vars: { detail: i.message } }));
}

export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const seg of path) {
    if (typeof seg === "number") out += `[${seg}]`;
    else out += out === "" ? String(seg) : `.${String(seg)}`;
  }
  return out || "(body)";
}

async function readBody(req: Request, limit: number): Promise<string> {
  const declared = Number(req.headers.get("content-length") ?? "NaN");
  if (Number.isFinite(declared) && declared > limit) throw payloadTooLarge(limit);
  if (!req.body) return "";
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw payloadTooLarge(limit);
    }
    chunks.push(value);
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
}

const CATCH_ALL = "/api/[...path]";

export function route(fn: (ctx: RouteContext) => Promise<Response | unknown>, options: RouteOptions = {}) {
  const limit = options.bodyLimit ?? DEFAULT_BODY_LIMIT;
  const bodyKind: BodyKind = options.body ?? (limit === MANIFEST_BODY_LIMIT ? "manifest" : "json");
  return async (req: Request, next?: NextRouteContext): Promise<Response> => {
    const started = performance.now();
    const requestId = sanitizeId(req.headers.get("x-request-id")) ?? randomUUID();
    const deadlineMs = requestDeadlineMs();
    const deadline = new AbortController();
    const timer = setTimeout(
      () => deadline.abort(new StoreFault("deadline", 503, `the request did not finish within its deadline of ${deadlineMs} ms; nothing was committed`, 1)),
      deadlineMs,
    );
    timer.unref?.();
    const signal = AbortSignal.any([req.signal, deadline.signal]);
    const pathname = new URL(req.url).pathname;
    let res = await handle(req, next, signal, requestId);
    clearTimeout(timer);
    try {
      res.headers.set("x-content-type-options", "nosniff");
    } catch {
      res = new Response(res.body, res); // immutable headers (Response.redirect): copy
    }
    res.headers.set("x-request-id", requestId);
    for (const [k, v] of Object.entries(securityHeaders())) if (!res.headers.has(k)) res.headers.set(k, v);
    const status = res.status;
    const line = { reqId: requestId, method: req.method, path: pathname, status, durationMs: Math.round((performance.now() - started) * 10) / 10 };
    if (status >= 500) logger.warn(line, "request");
    else logger.info(line, "request");
    return res;
  };

  async function handle(req: Request, next: NextRouteContext | undefined, signal: AbortSignal, requestId: string): Promise<Response> {
    let bodyText: string | undefined;
    const url = new URL(req.url);
    const rawParams = (await next?.params) ?? {};
    const params: Record<string, string> = {};
    for (const [k, v] of Object.entries(rawParams)) params[k] = Array.isArray(v) ? v.join("/") : v;
    const ctx: RouteContext = {
      req,
      params,
      url,
      signal,
      requestId,
      principal: null,
      async text() {
        if (bodyText === undefined) {
          const text = await readBody(req, limit);
          const typeProblem = text.length > 0 ? contentTypeProblem(req, bodyKind) : null;
          if (typeProblem) throw new AppError(415, "unsupported_media_type", typeProblem, [{ path: "content-type", message: typeProblem }]);
          bodyText = text;
        }
        return bodyText;
      },
      async json(schema) {
        const text = await ctx.text();
        let data: unknown;
        try {
          data = text.trim() === "" ? undefined : JSON.parse(text);
        } catch (e) {
          throw badRequest(`request body is not valid JSON: ${(e as Error).message}`);
        }
        if (bodyKind === "json") {
          const problems = jsonTextProblems(data);
          if (problems.length) throw unprocessable("free text must be at most 256 printable characters", problems);
        }
        const parsed = schema.safeParse(data);
        if (!parsed.success) throw badRequest("request body does not match the expected shape", zodFields(parsed.error.issues));
        return parsed.data;
      },
    };
    try {
      // 1. which route of the authorization table (lib/api/authz.ts); unknown = refused
      const match = matchRoute(url.pathname);
      const rule = match ? ruleFor(match.pattern, req.method) : undefined;
      if (!match || !rule) return errorResponse(405, "method_not_allowed", `${req.method} ${url.pathname} is not an API operation`);
      // a real route that fell through to the catch-all pattern is missing from the table: refuse (fail closed)
      if (match.pattern === CATCH_ALL && !options.catchAll) {
        console.error(`[hcinet] ${req.method} ${url.pathname}: this route is missing from the authorization table (lib/api/authz.ts)`);
        return errorResponse(500, "route_not_authorized", `${url.pathname} is missing from the authorization table (lib/api/authz.ts)`);
      }
      // 2. cross-site writes are refused whatever credentials they carry
      const crossSite = crossSiteWrite(req);
      if (crossSite) return errorResponse(403, "cross_site_request", `cross-site write refused (${crossSite})`);
      // 3. who is calling, and may they
      const creds = credentialsOf(req.headers);
      const principal = creds.bearer !== null || creds.session ? await authenticate(db(), creds) : null;
      ctx.principal = principal;
      const verdict = decide(rule, principal?.role ?? null);
      if (verdict === "unauthenticated") {
        const r = errorResponse(401, "unauthenticated", "sign in, or send Authorization: Bearer <token> (the CLI reads HCINET_TOKEN)");
        r.headers.set("www-authenticate", 'Bearer realm="hcinet"');
        return r;
      }
      if (verdict === "forbidden") return errorResponse(403, "forbidden", `the ${principal!.role} role may not ${req.method} ${match.pattern}`);
      if (verdict === "case" && !(await isCaseCluster(db(), match.params.name ?? params.name ?? "")))
        return errorResponse(403, "forbidden", `the support role may change only clusters marked as case clusters`);
      // 4. content type of the body
      const typeProblem = declaresBody(req) ? contentTypeProblem(req, bodyKind) : null;
      if (typeProblem) return errorResponse(415, "unsupported_media_type", typeProblem, [{ path: "content-type", message: typeProblem }]);
      const result = await runAs(principal, () => fn(ctx));
      if (result instanceof Response) return result;
      return jsonResponse(result ?? null);
    } catch (e) {
      const abandoned = signal.aborted && !(e instanceof AppError && e.status < 500);
      const fault = abandoned ? cancelled(signal) : e instanceof StoreFault ? e : e instanceof AppError ? null : classifyStoreError(e);
      if (fault) {
        if (fault.kind !== "cancelled") logger.warn({ reqId: requestId, fault: fault.kind, err: e }, "store fault");
        const res = errorResponse(fault.status, fault.code, fault.message);
        if (fault.retryAfterSeconds !== undefined) res.headers.set("retry-after", String(fault.retryAfterSeconds));
        return res;
      }
      if (e instanceof AppError) {
        const r = errorResponse(e.status, e.code, e.message, e.fields, e.details);
        const retry = (e.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds;
        if (e.status === 429 && retry) r.headers.set("retry-after", String(retry));
        return r;
      }
      const uniqueViolation = prismaUniqueViolation(e);
      if (uniqueViolation) return errorResponse(409, "conflict", uniqueViolation);
      logger.error({ reqId: requestId, method: req.method, path: url.pathname, err: e }, "request failed");
      return errorResponse(500, "internal_error", "an unexpected error occurred; it has been logged on the server");
    }
  }
}

function sanitizeId(v: string | null): string | undefined {
  return v && /^[A-Za-z0-9._:-]{1,100}$/.test(v) ? v : undefined;
}

/** A unique-constraint violation that escaped the domain layer still answers 409, never 500. */
function prismaUniqueViolation(e: unknown): string | null {
  const err = e as { code?: string; meta?: { target?: unknown } } | null;
  if (err && err.code === "P2002") return `already exists (unique constraint on ${JSON.stringify(err.meta?.target ?? "?")})`;
  return null;
}
