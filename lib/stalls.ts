/**
 * Diagnostics for the request thread's long synchronous stretches (what makes a health probe wait while a big apply
 * runs). Off unless `HCINET_STALL_LOG_MS` is set: then every event-loop stall longer than that many ms is logged
 * (warn, "event loop stall") with the phases of the work that ran during it (the write
 * path marks its phases: check, objects, services, pods, audit, commit, response), and every COMMIT longer than it
 * too ("slow commit", with its duration). `npm run bench:api` turns it on for (b)/(c) and lists what it saw.
 * Costs nothing when off (one branch per phase mark).
 */
import { monitorEventLoopDelay } from "node:perf_hooks";
import { logger } from "./log";

const threshold = Number(process.env.HCINET_STALL_LOG_MS);
const enabled = Number.isFinite(threshold) && threshold > 0;
let phase = "idle";
/** the phases that ran since the monitor's last tick (the first is the one running at that tick) */
let during: string[] = [phase];

if (enabled) {
  const TICK = 5;
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  let last = performance.now();
  setInterval(() => {
    const now = performance.now();
    const stall = now - last - TICK;
    if (stall > threshold) logger.warn({ stallMs: Math.round(stall), phases: during.join(" → "), loopDelayP99Ms: Math.round(delay.percentile(99) / 1e6) }, "event loop stall");
    last = now;
    during = [phase];
  }, TICK).unref();
}

/** Marks what the request thread is doing now (only read when HCINET_STALL_LOG_MS is set). */
export function markPhase(name: string): void {
  if (!enabled || name === phase) return;
  phase = name;
  if (during.length < 12) during.push(name);
}

/** Times a step (COMMIT: synchronous inside the driver's promise) and logs it when longer than the threshold. */
export async function timeStep<T>(name: string, step: () => Promise<T>): Promise<T> {
  if (!enabled) return step();
  markPhase(name);
  const t = performance.now();
  try {
    return await step();
  } finally {
    const ms = performance.now() - t;
    if (ms > threshold) logger.warn({ step: name, ms: Math.round(ms) }, "slow step");
    markPhase(`after ${name}`);
  }
}
