import type { Prisma } from "../generated/prisma/client";

export interface AuditEntry {
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
      actor: e.actor ?? "anonymous",
      action: e.action,
      targetKind: e.targetKind,
      targetName: e.targetName,
      before: e.before === undefined ? null : JSON.stringify(e.before),
      after: e.after === undefined ? null : JSON.stringify(e.after),
    },
  });
}
