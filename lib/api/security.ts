/**
 * Browser hardening shared by the route wrapper and the proxy: cross-site write refusal (Origin / Sec-Fetch-Site),
 * content types, security headers, and the free-text rules (length, printable).
 */
import { FREE_TEXT_MAX, firstNonPrintable } from "../ipam/fields";
export const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** Extra origins allowed to write (behind a reverse proxy): HCINET_ALLOWED_ORIGINS="https://hcinet.example.com,…" */
function allowedOrigins(): string[] {
  return (process.env.HCINET_ALLOWED_ORIGINS ?? "").split(",").map((s) => s.trim()).filter(Boolean);
}

/**
 * A write is cross-site when the browser says so (Sec-Fetch-Site: cross-site, or same-site from another origin) or
 * when its Origin is not this server's. Non-browser clients (CLI, curl) send neither header and pass.
 */
export function crossSiteWrite(req: Request): string | null {
  if (SAFE_METHODS.has(req.method)) return null;
  const site = req.headers.get("sec-fetch-site");
  if (site === "cross-site") return "Sec-Fetch-Site: cross-site";
  const origin = req.headers.get("origin");
  if (origin !== null) {
    if (origin === "null") return "Origin: null";
    const host = req.headers.get("x-forwarded-host") ?? req.headers.get("host") ?? new URL(req.url).host;
    let originHost: string;
    try {
      originHost = new URL(origin).host;
    } catch {
      return `Origin: ${origin.slice(0, 100)}`;
    }
    if (originHost !== host && !allowedOrigins().includes(origin)) return `Origin: ${origin.slice(0, 100)}`;
  } else if (site === "same-site") {
    return "Sec-Fetch-Site: same-site without Origin";
  }
  return null;
}

export type BodyKind = "json" | "manifest";
export const MANIFEST_TYPES = ["application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml", "application/json"];

export function mediaType(req: Request): string {
  return (req.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
}

/** A request declares a body when it has a length > 0 or is chunked (the body itself is checked again when read). */
export function declaresBody(req: Request): boolean {
  const len = req.headers.get("content-length");
  if (len !== null) return Number(len) > 0;
  return req.headers.has("transfer-encoding");
}

/** null when the content type fits the route: JSON routes take application/json, manifest routes a YAML/JSON type. */
export function contentTypeProblem(req: Request, kind: BodyKind): string | null {
  if (SAFE_METHODS.has(req.method)) return null;
  const type = mediaType(req);
  if (kind === "json") return type === "application/json" ? null : `send the body as application/json (got "${type || "none"}")`;
  return MANIFEST_TYPES.includes(type) ? null : `send the manifests as application/yaml or application/json (got "${type || "none"}")`;
}

/** The security headers on every response (pages through proxy.ts, API responses through route()). */
export function securityHeaders(production = process.env.NODE_ENV === "production"): Record<string, string> {
  const script = production ? "script-src 'self' 'unsafe-inline'" : "script-src 'self' 'unsafe-inline' 'unsafe-eval'";
  return {
    "content-security-policy": [
      "default-src 'self'",
      script,
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data: blob:",
      "font-src 'self' data:",
      "connect-src 'self'",
      "object-src 'none'",
      "base-uri 'self'",
      "form-action 'self'",
      "frame-ancestors 'none'",
    ].join("; "),
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=(), usb=(), payment=(), interest-cohort=()",
    "x-frame-options": "DENY",
    "cross-origin-opener-policy": "same-origin",
  };
}

/** One free-text rule for the whole product (lib/ipam/fields.ts): the same limit and the same messages everywhere. */
export { FREE_TEXT_MAX };

/** Problems of one free-text value: over the limit, or a control character (NUL, ESC, CR/LF…). */
export function freeTextProblem(value: string, max = FREE_TEXT_MAX): string | null {
  if (value.length > max) return `must be at most ${max} characters, got ${value.length}`;
  const bad = firstNonPrintable(value);
  if (bad !== null) return `must contain printable characters only; found control character U+${bad.toString(16).toUpperCase().padStart(4, "0")}`;
  return null;
}

/** The translatable form of {@link freeTextProblem} (code and vars of lib/i18n/problems.ts). */
function freeTextCode(value: string, max: number): { code: "text.tooLong" | "text.control"; vars: Record<string, string | number> } | null {
  if (value.length > max) return { code: "text.tooLong", vars: { max, length: value.length } };
  const bad = firstNonPrintable(value);
  if (bad !== null) return { code: "text.control", vars: { char: `U+${bad.toString(16).toUpperCase().padStart(4, "0")}` } };
  return null;
}

/** Every string in a JSON body, with its path (`nodePools[0].name`), checked as free text. */
export function jsonTextProblems(value: unknown, max = FREE_TEXT_MAX, path = ""): { path: string; message: string; code?: string; vars?: Record<string, string | number> }[] {
  const out: { path: string; message: string; code?: string; vars?: Record<string, string | number> }[] = [];
  const walk = (v: unknown, p: string) => {
    if (out.length >= 20) return;
    if (typeof v === "string") {
      const problem = freeTextProblem(v, max);
      if (problem) out.push({ path: p || "(body)", message: problem, ...freeTextCode(v, max) });
    } else if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${p}[${i}]`));
    else if (v && typeof v === "object")
      for (const [k, x] of Object.entries(v)) {
        const kp = p ? `${p}.${k}` : k;
        const kProblem = freeTextProblem(k, max);
        if (kProblem) out.push({ path: kp, message: `key ${kProblem}` });
        walk(x, kp);
      }
  };
  walk(value, path);
  return out;
}
