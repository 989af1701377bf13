/**
 * Runs before every request: puts the security headers (CSP with frame-ancestors 'none', nosniff, Referrer-Policy,
 * Permissions-Policy) on every response, pages and assets included, and tells the root layout which path is being
 * rendered (it sends visitors without a valid session to /signin). API routes are authorized in route().
 */
import { NextResponse, type NextRequest } from "next/server";
import { securityHeaders } from "@/lib/api/security";

export function proxy(req: NextRequest) {
  const headers = new Headers(req.headers);
  headers.set("x-hcinet-path", req.nextUrl.pathname + req.nextUrl.search);
  const res = NextResponse.next({ request: { headers } });
  for (const [k, v] of Object.entries(securityHeaders())) res.headers.set(k, v);
  return res;
}

// not /api/…: route() puts the same headers on every API response, and skipping the proxy there spares each API
// request Next's middleware pass (a cloned request and, for writes, a buffered copy of the body)
export const config = { matcher: "/((?!api/).*)" };
