/**
 * The apply's pre-check (lib/kube/apply-check.ts: parse, caps, validation) of LARGE inputs runs in a small pool of
 * worker threads, so the request thread only does the store's writes (paced by ./pace.ts) and stays free for health
 * probes and other requests while a 20,000-object List is parsed and validated. Inputs shorter than
 * `parseWorkerThreshold()` (HCINET_PARSE_WORKER_BYTES, default 256 KiB; 0 = never) are checked on the request thread,
 * paced: a worker round trip costs more than it saves there.
 *
 * - Same answers: the worker runs the very same generator as the inline path, to the end; a failed check comes back
 *   as the same 422 (document, line, field path). The documents come back in batches the request thread pulls one by
 *   one (each a short deserialization between which the event loop runs). Lines of problems found later (allocation,
 *   a missing namespace) are computed on the request thread from the text, only when there is such a problem.
 * - Abandoned client / deadline: the request's signal terminates the worker (a busy worker cannot be interrupted
 *   otherwise) and the apply answers as it would inline (499 / 503, nothing written); the pool starts a fresh one.
 * - If a worker cannot start (the worker file or tsx missing), the pool logs it once and every apply is checked
 *   inline, as before.
 */
import os from "node:os";
import type { Worker } from "node:worker_threads";
import type { ApplyCheck, ApplyCheckOptions } from "../kube/apply-check";
import { parseManifests, type ManifestDocument } from "../kube/manifest";
import type { KubeObject } from "../kube/types";
import { logger } from "../log";
import { cancelled } from "./tx";
import { startWorker } from "./workers";

const DEFAULT_THRESHOLD = 256 * 1024;
/** documents per batch the request thread pulls from the worker */
const BATCH = 500;

/** Inputs of at least this many characters are checked in a worker (`HCINET_PARSE_WORKER_BYTES`; 0 = never). */
export function parseWorkerThreshold(): number {
  const raw = process.env.HCINET_PARSE_WORKER_BYTES;
  if (raw === undefined || raw.trim() === "") return DEFAULT_THRESHOLD;
  const v = Number(raw);
  return Number.isInteger(v) && v >= 0 ? v : DEFAULT_THRESHOLD;
}

type Msg =
  | { type: "ready" }
  | { type: "error"; error: NonNullable<ApplyCheck["error"]> }
  | { type: "head"; count: number }
  | { type: "docs"; docs: { index: number; object: KubeObject }[]; done: boolean }
  | { type: "fail"; message: string };

class ParsePool {
  private readonly idle: Worker[] = [];
  private live = 0;
  private readonly waiting: ((w: Worker | null) => void)[] = [];
  /** set when a worker could not start: every apply is then checked inline */
  broken = false;
  readonly size = Math.max(1, Math.min(2, (os.availableParallelism?.() ?? os.cpus().length) - 1));
  /** checks run in a worker (tests, diagnostics) */
  readonly stats = { checks: 0, started: 0, terminated: 0 };

  /** A worker of the pool, or null when workers are unavailable (the caller checks inline). */
  async acquire(): Promise<Worker | null> {
    if (this.broken) return null;
    const w = this.idle.pop();
    if (w) return w;
    if (this.live < this.size) return this.start();
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  release(w: Worker): void {
    const next = this.waiting.shift();
    if (next) next(w);
    else this.idle.push(w);
  }

  /** Ends a worker (its check was abandoned, or it failed); a waiting caller gets a fresh one. */
  discard(w: Worker): void {
    this.live--;
    this.stats.terminated++;
    void w.terminate();
    const next = this.waiting.shift();
    if (next) void this.start().then(next);
  }

  private async start(): Promise<Worker | null> {
    this.live++;
    try {
      const w = await startWorker("parse-worker.mjs");
      this.stats.started++;
      return w;
    } catch (e) {
      this.live--;
      return this.fail(e);
    }
  }

  private fail(e: unknown): null {
    if (!this.broken) logger.warn({ err: e }, "the apply parse worker could not start; large applies are checked on the request thread");
    this.broken = true;
    for (const next of this.waiting.splice(0)) next(null);
    return null;
  }
}

let pool: ParsePool | undefined;
/** The process's parse pool (created on first use). */
export function parsePool(): ParsePool {
  return (pool ??= new ParsePool());
}

/**
 * {@link checkApply} in a worker of the pool: the documents (their lines computed from `text` on first need) or the
 * 422 error; null when no worker is available (check inline). Rejects with the request's cancellation when `signal`
 * aborts first.
 */
export async function checkApplyInWorker(text: string, opts: ApplyCheckOptions, signal?: AbortSignal): Promise<ApplyCheck | null> {
  if (signal?.aborted) throw cancelled(signal);
  const p = parsePool();
  const w = await p.acquire();
  if (!w) return null;
  if (signal?.aborted) {
    p.release(w);
    throw cancelled(signal);
  }
  p.stats.checks++;
  return new Promise<ApplyCheck>((resolve, reject) => {
    const raw: { index: number; object: KubeObject }[] = [];
    const cleanup = () => {
      w.off("message", onMessage).off("error", onError).off("exit", onExit);
      signal?.removeEventListener("abort", onAbort);
    };
    const onAbort = () => {
      cleanup();
      p.discard(w);
      reject(cancelled(signal));
    };
    const onError = (e: unknown) => {
      cleanup();
      p.discard(w);
      reject(e);
    };
    const onExit = (code: number) => onError(new Error(`the parse worker exited (${code})`));
    const onMessage = (m: Msg) => {
      if (m.type === "error") {
        cleanup();
        p.release(w);
        resolve({ error: m.error });
      } else if (m.type === "head") {
        w.postMessage({ type: "next", size: BATCH });
      } else if (m.type === "docs") {
        for (const d of m.docs) raw.push(d);
        if (!m.done) {
          w.postMessage({ type: "next", size: BATCH });
          return;
        }
        cleanup();
        p.release(w);
        resolve({ documents: withLines(text, raw) });
      } else if (m.type === "fail") {
        onError(new Error(`the parse worker failed: ${m.message}`));
      }
    };
    w.on("message", onMessage).on("error", onError).on("exit", onExit);
    signal?.addEventListener("abort", onAbort, { once: true });
    w.postMessage({ type: "check", text, opts });
  });
}

/** Documents from the worker with `line`/`lineOf` computed from the text on first use (only an error needs them). */
function withLines(text: string, raw: { index: number; object: KubeObject }[]): ManifestDocument[] {
  const lines = new LazyLines(text);
  return raw.map(({ index, object }) => new WorkerDocument(index, object, lines));
}

class LazyLines {
  private parsed?: { byIndex: Map<number, ManifestDocument>; problems: ReturnType<typeof parseManifests>["problems"] };
  constructor(private readonly text: string) {}
  lineOf(index: number, p: string): number {
    if (!this.parsed) {
      const { documents, problems } = parseManifests(this.text);
      this.parsed = { byIndex: new Map(documents.map((d) => [d.index, d])), problems };
    }
    return this.parsed.byIndex.get(index)?.lineOf(p) ?? this.parsed.problems.find((x) => x.document === index)?.line ?? 1;
  }
}

/** A document checked in the worker (a class: 25,000 of them are made on the request thread, cheaply). */
class WorkerDocument implements ManifestDocument {
  constructor(
    readonly index: number,
    readonly object: KubeObject,
    private readonly lines: LazyLines,
  ) {}
  get line(): number {
    return this.lines.lineOf(this.index, "");
  }
  lineOf(p: string): number {
    return this.lines.lineOf(this.index, p);
  }
}
