/**
 * The one way lib/db opens a transaction. On top of the store's guarantee (commit or rollback and release, whatever
 * throws; see sqlite.ts) it bounds the work: the transaction waits at most `maxWaitMs` for its turn, runs at most
 * `timeoutMs`, and when the request's `signal` is aborted (the client went away, or the request deadline passed) it
 * is rolled back — checked while the work runs and once more right before COMMIT, so nothing is committed for a
 * client that gave up.
 */
import type { Db } from "./client";
import { storeKind } from "./client";
import { WRITE_LOCK_KEY, lockTimeoutFromEnv } from "./pg";
import type { Tx } from "./objects";
import { StoreFault, classifyStoreError } from "./faults";

export interface TxOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
  maxWaitMs?: number;
}

export const DEFAULT_TX_TIMEOUT_MS = 60_000;
export const DEFAULT_TX_MAX_WAIT_MS = 30_000;

export function cancelled(signal?: AbortSignal): StoreFault {
  const deadline = signal?.reason instanceof StoreFault && signal.reason.kind === "deadline";
  return deadline
    ? (signal!.reason as StoreFault)
    : new StoreFault("cancelled", 499, "the request was cancelled by the client; nothing was committed");
}

/** Throws when the request was abandoned; call it between steps of long work. */
export function throwIfAborted(signal?: AbortSignal): void {
  if (signal?.aborted) throw cancelled(signal);
}

/**
 * Let the event loop run (timers, other requests, the client's disconnect), then check the signal. The SQLite driver
 * answers synchronously, so without this a long piece of work is one unbroken chain of microtasks: no deadline fires
 * and no other request is answered until it ends. Call it every few dozen steps of long work.
 */
export async function checkpoint(signal?: AbortSignal): Promise<void> {
  await new Promise<void>((resolve) => setImmediate(resolve));
  throwIfAborted(signal);
}

export async function transaction<T>(db: Db, fn: (tx: Tx) => Promise<T>, opts: TxOptions = {}): Promise<T> {
  throwIfAborted(opts.signal);
  const pg = storeKind(db) === "postgresql";
  try {
    return await db.$transaction(
      async (tx) => {
        throwIfAborted(opts.signal);
        if (pg) {
          // PostgreSQL: writers across every instance take turns on one advisory lock (see pg.ts), like BEGIN
          // IMMEDIATE on SQLite; waiting longer than lock_timeout fails with 55P03 → 503 + Retry-After.
          await tx.$executeRawUnsafe(`SET LOCAL lock_timeout = ${Math.round(lockTimeoutFromEnv())}`);
          await tx.$queryRawUnsafe(`SELECT pg_advisory_xact_lock(${WRITE_LOCK_KEY})::text AS locked`);
        }
        const out = await fn(tx);
        if (opts.signal) await checkpoint(opts.signal); // last moment before COMMIT: see a disconnect that just happened
        return out;
      },
      { timeout: opts.timeoutMs ?? DEFAULT_TX_TIMEOUT_MS, maxWait: opts.maxWaitMs ?? DEFAULT_TX_MAX_WAIT_MS },
    );
  } catch (e) {
    throw classifyStoreError(e) ?? e;
  }
}
