/**
 * Cooperative pacing for long synchronous work on the request thread (a 20,000-object apply): `await pace()` between
 * steps hands the event loop back once every `sliceMs` of work (health probes, other requests, the deadline timer,
 * the client's disconnect are seen) and checks the request's signal there. Between slices it costs one clock read.
 */
import { checkpoint } from "./tx";

export type Pace = () => Promise<void> | undefined;

export function pacer(signal?: AbortSignal, sliceMs = 8): Pace {
  let last = performance.now();
  return () => {
    if (performance.now() - last < sliceMs) return undefined;
    return checkpoint(signal).then(() => {
      last = performance.now();
    });
  };
}
