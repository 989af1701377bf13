import { route } from "@/lib/api/handler";
import { db } from "@/lib/db/client";
import { clusterHaproxy } from "@/lib/db/snapshot";

export const dynamic = "force-dynamic";

/** The HAProxy model: LB VMs, frontends (VIP:port) → backends (node:nodePort), warnings. */
export const GET = route(async ({ params }) => clusterHaproxy(db(), params.name));
