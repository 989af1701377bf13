import { jsonResponse, route } from "@/lib/api/handler";
import { sessionCookie } from "@/lib/auth/cookie";
import { db } from "@/lib/db/client";
import { credentialsOf, SESSION_COOKIE, signOut } from "@/lib/db/auth";

export const dynamic = "force-dynamic";

/** Ends the session (the cookie is cleared). */
export const POST = route(async (ctx) => {
  await signOut(db(), credentialsOf(ctx.req.headers).session, ctx.principal!.actor);
  return jsonResponse({ signedOut: true }, 200, { "set-cookie": sessionCookie(SESSION_COOKIE, "", ctx.req, 0) });
});
