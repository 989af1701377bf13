import type { Prisma } from "../generated/prisma/client";
import type { Db } from "./client";
import { currentActor } from "../auth/context";
import type { AuditEventDto } from "../api/auth-dto";
import type { Sql } from "./sql";

export interface AuditEntry {
  /** default: the principal of the request being served (lib/auth/context), else "anonymous" */
  actor?: string;
  action: string;
  targetKind: string;
  targetName: string;
  before?: unknown;
  after?: unknown;
}

/** Records an audit event inside the caller's transaction, so it is written exactly when the change is. */
export async function recordAudit(tx: Prisma.TransactionClient, e: AuditEntry): Promise<void> {
  await tx.auditEvent.create({
    data: {
      actor: e.actor ?? currentActor() ?? "anonymous",
      action: e.action,
      targetKind: e.targetKind,
      targetName: e.targetName,
      before: e.before === undefined ? null : JSON.stringify(e.before),
      after: e.after === undefined ? null : JSON.stringify(e.after),
    },
  });
}

/** {@link recordAudit} as one raw INSERT (lib/db/sql.ts): for the write path's hot transactions. */
export async function recordAuditRaw(sql: Sql, tx: Prisma.TransactionClient, e: AuditEntry): Promise<void> {
  await sql.execute(tx, `INSERT INTO "AuditEvent" ("at", "actor", "action", "targetKind", "targetName", "before", "after") VALUES (?, ?, ?, ?, ?, ?, ?)`, [
    sql.now(),
    e.actor ?? currentActor() ?? "anonymous",
    e.action,
    e.targetKind,
    e.targetName,
    e.before === undefined ? null : JSON.stringify(e.before),
    e.after === undefined ? null : JSON.stringify(e.after),
  ]);
}

export type { AuditEventDto };

export interface AuditFilter {
  actor?: string;
  /** substring of "kind name" (e.g. "Cluster", "shop", "ClusterNetwork demonet") */
  object?: string;
  action?: string;
  from?: Date;
  to?: Date;
  limit: number;
}

/** Newest first, filtered by actor, object (kind or name, substring), action and time range. */
export async function listAudit(db: Db, f: AuditFilter): Promise<AuditEventDto[]> {
  const where: Prisma.AuditEventWhereInput = {};
  if (f.actor) where.actor = f.actor;
  if (f.action) where.action = f.action;
  if (f.object) where.OR = [{ targetKind: f.object }, { targetName: { contains: f.object } }];
  if (f.from || f.to) where.at = { ...(f.from ? { gte: f.from } : {}), ...(f.to ? { lte: f.to } : {}) };
  const rows = await db.auditEvent.findMany({ where, orderBy: { id: "desc" }, take: f.limit });
  return rows.map((r) => ({ ...r, at: r.at.toISOString() }));
}

/** RFC 4180 CSV; cells starting with = + - @ are prefixed with ' so spreadsheets do not run them as formulas. */
export function auditCsv(rows: AuditEventDto[]): string {
  const cell = (v: string | number | null) => {
    let s = v === null ? "" : String(v);
    if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const head = ["id", "at", "actor", "action", "targetKind", "targetName", "before", "after"];
  return [head.join(","), ...rows.map((r) => [r.id, r.at, r.actor, r.action, r.targetKind, r.targetName, r.before, r.after].map(cell).join(","))].join("\r\n") + "\r\n";
}
