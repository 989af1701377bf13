import { route, errorResponse } from "@/lib/api/handler";

export const dynamic = "force-dynamic";

/** Any /api path no other route matches: a JSON 404 in the API's error format. */
const notFound = route(async ({ url }) => errorResponse(404, "not_found", `no API route for ${url.pathname}`), { catchAll: true });
export { notFound as GET, notFound as POST, notFound as PUT, notFound as PATCH, notFound as DELETE };
