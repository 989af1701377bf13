/**
 * Roles. admin: everything. support: read everything, run traces and analyses, import into clusters marked as "case"
 * clusters; never changes production networks or clusters. reviewer: read, compare, reports.
 */
export const ROLES = ["admin", "support", "reviewer"] as const;
export type Role = (typeof ROLES)[number];

export function isRole(v: unknown): v is Role {
  return typeof v === "string" && (ROLES as readonly string[]).includes(v);
}

/** Who made a request: a user (by session or token) or the deployment's HCINET_ADMIN_TOKEN. */
export interface Principal {
  /** the audit actor: the username, or "env-token" */
  actor: string;
  role: Role;
  userId: number | null;
  via: "session" | "token" | "env-token";
}
