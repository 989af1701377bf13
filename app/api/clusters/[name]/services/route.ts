import { route } from "@/lib/api/handler";
import { db } from "@/lib/db/client";
import { clusterSnapshot } from "@/lib/db/snapshot";
import { serviceRows } from "@/lib/kube/service-view";

export const dynamic = "force-dynamic";

/** Services with type, ClusterIP, ports, NodePorts, VIP and endpoints (ready and not). */
export const GET = route(async ({ params }) => serviceRows((await clusterSnapshot(db(), params.name)).snapshot));
