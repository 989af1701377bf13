/**
 * The trace API's request and answer (`POST /api/clusters/{name}/trace`), shared by the route, the CLI and the UI.
 * Answer: the engine's {@link TraceResult} — `{verdict, hops, reason, ...}`.
 */
import { z } from "zod";
import { unprocessable } from "../errors";
import { trace, TraceInputError, type TraceEnv, type TraceOptions, type TracePlan } from "../trace/trace";
import type { TraceResult } from "../trace/types";

export type { Hop, TraceResult, TraceReason, PolicyVerdict, Candidate, Assumption, HopKind } from "../trace/types";

export const traceRequestSchema = z.object({
  from: z.string().min(1, "required: \"external\", \"namespace/pod\" or a node name").max(300),
  to: z.string().min(1, "required: VIP:port, NodeIP:nodePort, host/path, svc.ns:port, ns/pod:port, ip:port or [IPv6]:port").max(600),
  protocol: z.enum(["TCP", "UDP", "SCTP"]).optional(),
  /** what-if: trace under the other network plugin */
  plugin: z.enum(["calico", "flannel"]).optional(),
  /** pin the endpoint kube-proxy picks ("ns/pod") and the node HAProxy forwards to */
  endpoint: z.string().max(300).optional(),
  via: z.string().max(300).optional(),
});
export type TraceRequestBody = z.infer<typeof traceRequestSchema>;

/** Run a trace; bad input (unknown pod, malformed address) → 422 naming the field. */
export function runTrace(env: TraceEnv | TracePlan, body: TraceRequestBody): TraceResult {
  const opts: TraceOptions = {
    ...(body.plugin ? { plugin: body.plugin } : {}),
    ...(body.endpoint ? { endpoint: body.endpoint } : {}),
    ...(body.via ? { via: body.via } : {}),
  };
  try {
    return trace(env, { from: body.from, to: body.to, ...(body.protocol ? { protocol: body.protocol } : {}) }, opts);
  } catch (e) {
    if (e instanceof TraceInputError) throw unprocessable(e.message, [{ path: e.field, message: e.message }]);
    throw e;
  }
}

export type { TraceTarget, TraceTargets, TargetGroup } from "../trace/targets";
