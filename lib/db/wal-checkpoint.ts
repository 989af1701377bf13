/**
 * SQLite: the WAL checkpoint off the request thread. By default SQLite checkpoints inside the COMMIT that takes the
 * WAL past 1,000 pages, on the committing connection: after a 20,000-object apply that COMMIT copies ~15 MB back into
 * the database file, one synchronous stretch of ~60–80 ms (of a ~100 ms COMMIT) during which the server answers
 * nothing. With the checkpointer running, the writer connection's `wal_autocheckpoint` is 0 and a worker thread with
 * its own connection runs a PASSIVE checkpoint shortly after commits (`lib/db/checkpoint-worker.mjs`; a burst of
 * commits is checkpointed once). If the worker cannot start or dies, the writer's automatic checkpoint is switched
 * back on, so the WAL never grows without bound.
 *
 * On for the server (`bin/start.mjs` sets `HCINET_CHECKPOINT_WORKER=1`); off elsewhere (CLI, tests), where SQLite's
 * own checkpoint is fine.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import type { Worker } from "node:worker_threads";
import { logger } from "../log";
import { startWorker } from "./workers";

/** The writer connection, as far as this module uses it. */
interface Pragmas {
  pragma(sql: string, options?: { simple?: boolean }): unknown;
}

const AUTO_PAGES = 1000; // SQLite's default wal_autocheckpoint

export function checkpointWorkerWanted(): boolean {
  return process.env.HCINET_CHECKPOINT_WORKER === "1";
}


export class WalCheckpointer {
  /** checkpoints the worker ran, and the last one's result (tests, diagnostics) */
  readonly stats = { checkpoints: 0, failures: 0, last: null as null | { busy: number; log: number; checkpointed: number } };
  private waiters: (() => void)[] = [];
  private stopped = false;

  private constructor(
    private readonly worker: Worker,
    private writer: Pragmas,
  ) {
    worker.on("message", (m: { type: string; busy: number; log: number; checkpointed: number; message?: string }) => {
      if (m.type === "checkpointed") {
        this.stats.checkpoints++;
        this.stats.last = { busy: m.busy, log: m.log, checkpointed: m.checkpointed };
      } else if (m.type === "failed") {
        this.stats.failures++;
      }
      for (const w of this.waiters.splice(0)) w();
    });
    const lost = (e?: unknown) => {
      if (this.stopped) return;
      this.stopped = true;
      logger.warn({ err: e }, "the WAL checkpoint worker stopped; SQLite checkpoints on commit again");
      this.restoreAutoCheckpoint();
      for (const w of this.waiters.splice(0)) w();
    };
    worker.on("error", lost).on("exit", () => lost());
  }

  /** Starts the worker for the database file and turns the writer's own checkpoint off; null when it cannot start. */
  static async start(file: string, writer: Pragmas, delayMs = 20): Promise<WalCheckpointer | null> {
    if (!existsSync(file)) return null;
    try {
      const worker = await startWorker("checkpoint-worker.mjs", { file: path.resolve(file), delayMs });
      const c = new WalCheckpointer(worker, writer);
      c.setWriter(writer);
      return c;
    } catch (e) {
      logger.warn({ err: e }, "the WAL checkpoint worker could not start; SQLite checkpoints on commit");
      return null;
    }
  }

  get running(): boolean {
    return !this.stopped;
  }

  /** A new writer connection (after a reopen): its own checkpoint off while the worker runs. */
  setWriter(writer: Pragmas): void {
    this.writer = writer;
    if (this.stopped) return;
    try {
      writer.pragma("wal_autocheckpoint = 0");
    } catch {
      // a read-only connection: nothing is written, nothing to checkpoint
    }
  }

  /** After a COMMIT: the worker checkpoints shortly (cheap: one message). */
  committed(): void {
    if (!this.stopped) this.worker.postMessage("commit");
  }

  /** Resolves after the worker's next checkpoint (or failure, or stop): tests. */
  next(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    return new Promise((r) => this.waiters.push(r));
  }

  /** Stops the worker and gives the checkpoint back to SQLite. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.restoreAutoCheckpoint();
    this.worker.postMessage("close");
    await this.worker.terminate().catch(() => undefined);
  }

  private restoreAutoCheckpoint(): void {
    try {
      this.writer.pragma(`wal_autocheckpoint = ${AUTO_PAGES}`);
    } catch {
      // closed or read-only: nothing to restore
    }
  }
}
