import { route } from "@/lib/api/handler";
import { explainConnection } from "@/lib/api/reachability";
import { db } from "@/lib/db/client";
import { clusterSnapshot } from "@/lib/db/snapshot";

export const dynamic = "force-dynamic";

/** ?from=ns/pod&to=ns/pod&port=80/TCP → which policies isolate each side and which rule allowed it (or none). */
export const GET = route(async ({ params, url }) => explainConnection((await clusterSnapshot(db(), params.name)).snapshot, url));
