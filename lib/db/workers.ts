/**
 * Worker threads that run files of the source tree (`lib/db/*.mjs`, which load the TypeScript they need through tsx):
 * the apply's parse pool (./parse-pool.ts) and the WAL checkpointer (./wal-checkpoint.ts).
 */
import { existsSync } from "node:fs";
import path from "node:path";
import type { Worker } from "node:worker_threads";

/** A worker entry file of lib/db, found from the server's root (HCINET_ROOT, else the working directory). */
export function workerFile(name: string): string {
  return path.resolve(process.env.HCINET_ROOT ?? process.cwd(), "lib", "db", name);
}

/**
 * Starts the worker `name` and resolves once it said `{type: "ready"}`; rejects when the file is missing or the worker
 * fails or exits first. The worker never keeps a process (the CLI, a test run) alive. worker_threads' Worker is taken
 * at run time: the bundler (Turbopack) follows `new Worker(<path>)` of a static import and would bundle the worker
 * file (and tsx) into the server; the worker must run from the source tree instead.
 */
export async function startWorker(name: string, workerData?: unknown): Promise<Worker> {
  const file = workerFile(name);
  if (!existsSync(file)) throw new Error(`${file} not found`);
  const WorkerThread = process.getBuiltinModule("node:worker_threads").Worker;
  const w = new WorkerThread(file, workerData === undefined ? undefined : { workerData });
  w.unref();
  await new Promise<void>((resolve, reject) => {
    const onMessage = (m: { type?: string }) => {
      if (m.type !== "ready") return;
      w.off("error", reject).off("exit", onExit).off("message", onMessage);
      resolve();
    };
    const onExit = (code: number) => reject(new Error(`the worker ${name} exited (${code}) while starting`));
    w.on("message", onMessage).once("error", reject).once("exit", onExit);
  });
  return w;
}
