/** Shapes of the auth, users, tokens and audit API (the browser imports this file; no Prisma here). */
import type { Role } from "../auth/roles";

export interface UserDto {
  id: number;
  username: string;
  role: Role;
  disabled: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface TokenDto {
  id: number;
  name: string;
  prefix: string;
  username: string;
  role: Role;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface AuditEventDto {
  id: number;
  at: string;
  actor: string;
  action: string;
  targetKind: string;
  targetName: string;
  before: string | null;
  after: string | null;
}

export interface MeDto {
  username: string;
  role: Role;
  via: "session" | "token" | "env-token";
  permissions: Record<string, Partial<Record<"GET" | "POST" | "PUT" | "PATCH" | "DELETE", "allow" | "case">>>;
}
