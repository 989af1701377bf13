import { z } from "zod";
import { route } from "@/lib/api/handler";
import { db } from "@/lib/db/client";
import { setCaseCluster } from "@/lib/db/auth";

export const dynamic = "force-dynamic";

/** {case: true|false}: mark a cluster as a support "case" cluster (support may import into and delete objects of it). */
export const PUT = route(async (ctx) => setCaseCluster(db(), ctx.params.name, (await ctx.json(z.object({ case: z.boolean() }))).case));
