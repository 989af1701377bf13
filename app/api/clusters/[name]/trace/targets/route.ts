import { route } from "@/lib/api/handler";
import { db } from "@/lib/db/client";
import { clusterTracePlan } from "@/lib/db/trace";
import { traceTargets } from "@/lib/trace/targets";

export const dynamic = "force-dynamic";

/** Sources (external, pods, nodes) and destinations (VIP:port, NodeIP:nodePort, host/path, svc.ns:port, ns/pod:port). */
export const GET = route(async ({ params }) => traceTargets(await clusterTracePlan(db(), params.name)));
