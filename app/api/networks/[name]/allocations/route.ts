import { route } from "@/lib/api/handler";
import { db } from "@/lib/db/client";
import { listAllocations } from "@/lib/db/networks";

export const dynamic = "force-dynamic";

export const GET = route(async ({ params }) => listAllocations(db(), params.name));
