import { route } from "@/lib/api/handler";

export const dynamic = "force-dynamic";

const started = Date.now();

/** Liveness: the process answers (no database access, no credentials). */
export const GET = route(async () => ({ status: "ok", uptimeSeconds: Math.round((Date.now() - started) / 1000) }), { public: true });
