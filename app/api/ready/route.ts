import { jsonResponse, route } from "@/lib/api/handler";
import { db } from "@/lib/db/client";
import { storeReadiness } from "@/lib/db/health";

export const dynamic = "force-dynamic";

/** Readiness: database reachable and writable, migrations applied (200), otherwise 503 naming the problems. No credentials. */
export const GET = route(
  async () => {
    const r = await storeReadiness(db());
    return jsonResponse({ status: r.ready ? "ready" : "not_ready", ...r }, r.ready ? 200 : 503, r.ready ? {} : { "retry-after": "5" });
  },
  { public: true },
);
