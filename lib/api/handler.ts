/**
 * The one wrapper every route handler goes through: body size limit, JSON/YAML parsing, zod validation of input,
 * mapping of domain errors to the API's single error format, and logging of unexpected errors (answered with a 500
 * that carries no stack). Written against the web-standard Request/Response so it does not depend on Next.
 *
 * Error format: {"error": {"code": "...", "message": "...", "fields": [{"path": "vipPoolEnd", "message": "..."}]}}
 */
import type { z } from "zod";
import { AppError, badRequest, payloadTooLarge, type FieldError } from "../errors";

export const DEFAULT_BODY_LIMIT = 1024 * 1024; // 1 MiB for JSON
export const MANIFEST_BODY_LIMIT = 16 * 1024 * 1024; // 16 MiB for YAML imports

export interface RouteContext {
  req: Request;
  params: Record<string, string>;
  url: URL;
  /** the raw body as text, at most `bodyLimit` bytes (413 beyond) */
  text(): Promise<string>;
  /** the body parsed as JSON (400 when it is not JSON) and validated by the schema (400 naming the fields) */
  json<S extends z.ZodType>(schema: S): Promise<z.infer<S>>;
}

export interface RouteOptions {
  bodyLimit?: number;
}

type NextRouteContext = { params: Promise<Record<string, string | string[]>> };

export function jsonResponse(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json; charset=utf-8", ...headers },
  });
}

export function errorResponse(status: number, code: string, message: string, fields: FieldError[] = [], details?: Record<string, unknown>): Response {
  return jsonResponse({ error: { code, message, fields, ...(details ? { details } : {}) } }, status);
}

/** zod issues → field errors with dotted/bracketed paths (`nodePools[1].count`). */
export function zodFields(issues: readonly { path: readonly PropertyKey[]; message: string }[]): FieldError[] {
  return issues.map((i) => ({ path: formatPath(i.path), message: i.message }));
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

export function route(fn: (ctx: RouteContext) => Promise<Response | unknown>, options: RouteOptions = {}) {
  const limit = options.bodyLimit ?? DEFAULT_BODY_LIMIT;
  return async (req: Request, next?: NextRouteContext): Promise<Response> => {
    let bodyText: string | undefined;
    const rawParams = (await next?.params) ?? {};
    const params: Record<string, string> = {};
    for (const [k, v] of Object.entries(rawParams)) params[k] = Array.isArray(v) ? v.join("/") : v;
    const ctx: RouteContext = {
      req,
      params,
      url: new URL(req.url),
      async text() {
        if (bodyText === undefined) bodyText = await readBody(req, limit);
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
        const parsed = schema.safeParse(data);
        if (!parsed.success) throw badRequest("request body does not match the expected shape", zodFields(parsed.error.issues));
        return parsed.data;
      },
    };
    try {
      const result = await fn(ctx);
      if (result instanceof Response) return result;
      return jsonResponse(result ?? null);
    } catch (e) {
      if (e instanceof AppError) return errorResponse(e.status, e.code, e.message, e.fields, e.details);
      const uniqueViolation = prismaUniqueViolation(e);
      if (uniqueViolation) return errorResponse(409, "conflict", uniqueViolation);
      console.error(`[hcinet] ${req.method} ${new URL(req.url).pathname} failed:`, e);
      return errorResponse(500, "internal_error", "an unexpected error occurred; it has been logged on the server");
    }
  };
}

/** A unique-constraint violation that escaped the domain layer still answers 409, never 500. */
function prismaUniqueViolation(e: unknown): string | null {
  const err = e as { code?: string; meta?: { target?: unknown } } | null;
  if (err && err.code === "P2002") return `already exists (unique constraint on ${JSON.stringify(err.meta?.target ?? "?")})`;
  return null;
}
