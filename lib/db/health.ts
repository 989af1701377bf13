/**
 * Readiness of the store: reachable (a query answers), writable (a write lock is taken and a page written, then
 * rolled back), migrations applied (every folder under prisma/migrations is recorded as finished). Reports the store
 * kind and the migration level. Bounded: the write probe waits at most 2 s for its turn.
 */
import { readdirSync } from "node:fs";
import path from "node:path";
import type { Db } from "./client";
import { storeOf, storeKind } from "./client";
import type { StoreKind } from "./url";
import { transaction } from "./tx";
import { classifyStoreError } from "./faults";

export interface StoreReadiness {
  ready: boolean;
  store: { kind: StoreKind; journalMode?: string; walCheckpoint?: "worker" | "on-commit" };
  reachable: boolean;
  writable: boolean;
  migrations: { applied: number; expected: number | null; latest: string | null; pending: string[] };
  problems: string[];
}

class ProbeRollback extends Error {}

function expectedMigrations(kind: StoreKind): string[] | null {
  try {
    const dir = kind === "postgresql" ? path.resolve("prisma", "postgresql", "migrations") : path.resolve("prisma", "migrations");
    return readdirSync(dir, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
      .sort();
  } catch {
    return null; // not shipped next to the server: compare nothing
  }
}

function describe(e: unknown): string {
  const f = classifyStoreError(e);
  return f ? f.message : (e as Error)?.message?.split("\n").filter(Boolean).pop() ?? String(e);
}

export async function storeReadiness(db: Db): Promise<StoreReadiness> {
  const out: StoreReadiness = {
    ready: false,
    store: { kind: storeKind(db) },
    reachable: false,
    writable: false,
    migrations: { applied: 0, expected: null, latest: null, pending: [] },
    problems: [],
  };
  try {
    const rows = await db.$queryRawUnsafe<{ migration_name: string }[]>(
      "SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name",
    );
    out.reachable = true;
    const applied = rows.map((r) => r.migration_name);
    out.migrations.applied = applied.length;
    out.migrations.latest = applied.at(-1) ?? null;
    const expected = expectedMigrations(out.store.kind);
    if (expected) {
      out.migrations.expected = expected.length;
      out.migrations.pending = expected.filter((m) => !applied.includes(m));
      if (out.migrations.pending.length) out.problems.push(`migrations not applied: ${out.migrations.pending.join(", ")}`);
    }
    const mode = storeOf(db)?.adapter?.writer.client.pragma("journal_mode", { simple: true });
    if (typeof mode === "string") out.store.journalMode = mode;
    const adapter = storeOf(db)?.adapter;
    if (adapter) out.store.walCheckpoint = adapter.checkpointer?.running ? "worker" : "on-commit";
  } catch (e) {
    out.problems.push(`database not reachable: ${describe(e)}`);
    return out;
  }
  try {
    await transaction(
      db,
      async (tx) => {
        await tx.$executeRawUnsafe(
          out.store.kind === "postgresql"
            ? `UPDATE _prisma_migrations SET logs = logs WHERE id = (SELECT id FROM _prisma_migrations ORDER BY started_at DESC LIMIT 1)`
            : "UPDATE _prisma_migrations SET logs = logs WHERE rowid = (SELECT max(rowid) FROM _prisma_migrations)",
        );
        throw new ProbeRollback("probe");
      },
      { maxWaitMs: 2_000, timeoutMs: 5_000, lock: "shared" }, // a writability probe, not a writer of any pool
    );
  } catch (e) {
    if (e instanceof ProbeRollback) out.writable = true;
    else out.problems.push(`database not writable: ${describe(e)}`);
  }
  out.ready = out.reachable && out.writable && out.migrations.pending.length === 0;
  return out;
}
