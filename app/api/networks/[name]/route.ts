import { route } from "@/lib/api/handler";
import { db } from "@/lib/db/client";
import { deleteNetwork, getNetwork } from "@/lib/db/networks";

export const dynamic = "force-dynamic";

export const GET = route(async ({ params }) => getNetwork(db(), params.name));

export const DELETE = route(async ({ params }) => {
  await deleteNetwork(db(), params.name);
  return new Response(null, { status: 204 });
});
