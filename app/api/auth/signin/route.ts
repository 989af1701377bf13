import { z } from "zod";
import { jsonResponse, route } from "@/lib/api/handler";
import { clientAddress, sessionCookie } from "@/lib/auth/cookie";
import { db } from "@/lib/db/client";
import { SESSION_COOKIE, signIn } from "@/lib/db/auth";

export const dynamic = "force-dynamic";

/** {username, password} → a session cookie (HTTP-only, SameSite=Lax); 401 on failure, 429 with Retry-After when throttled. */
export const POST = route(async (ctx) => {
  const body = await ctx.json(z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(256) }));
  const s = await signIn(db(), body.username, body.password, clientAddress(ctx.req));
  return jsonResponse({ user: s.user, expiresAt: s.expiresAt.toISOString() }, 200, {
    "set-cookie": sessionCookie(SESSION_COOKIE, s.secret, ctx.req, (s.expiresAt.getTime() - Date.now()) / 1000),
    "cache-control": "no-store",
  });
});
