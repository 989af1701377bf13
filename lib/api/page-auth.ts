/**
 * The principal of a page request (root layout): session cookie or Bearer (HCINET_ADMIN_TOKEN / API token) — the page
 * counterpart of `route()` in handler.ts, so pages, like route handlers, reach the store only through lib/api.
 */
import { db } from "../db/client";
import { authenticate, credentialsOf } from "../db/auth";
import type { Principal } from "../auth/roles";

export async function pagePrincipal(headers: Headers): Promise<Principal | null> {
  const creds = credentialsOf(headers);
  if (creds.bearer === null && !creds.session) return null;
  return authenticate(db(), creds);
}

/** Pages anyone may open (sign-in, first-admin setup). */
export function isPublicPage(path: string): boolean {
  return path === "/signin" || path.startsWith("/signin?") || path === "/setup" || path.startsWith("/setup?");
}
