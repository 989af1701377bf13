import { route } from "@/lib/api/handler";
import { permissionsOf } from "@/lib/api/authz";

export const dynamic = "force-dynamic";

/** The caller: name, role, how authenticated, and what the role may do (the UI hides the rest; the server decides). */
export const GET = route(async ({ principal }) => ({
  username: principal!.actor,
  role: principal!.role,
  via: principal!.via,
  permissions: permissionsOf(principal!.role),
}));
