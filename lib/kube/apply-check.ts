/**
 * What an apply checks before it touches the store, as one pure function of the request's text: parse (YAML or
 * JSON, kubectl Lists expanded), the caps on objects per apply and replicas per workload, the structural and
 * Kubernetes validation of every object. Either the documents, or the one 422 the apply answers (every problem with
 * document, line and field path). Written as steps (a generator) so the request thread can hand the event loop back
 * between them (lib/db/pace.ts) and a worker thread (lib/db/parse-pool.ts) can run the very same code in one go for
 * large inputs: both paths answer the same.
 */
import type { FieldError } from "../errors";
import { limitMessage, type Limit } from "../limits";
import { isClusterScoped } from "./kinds";
import { parseManifestSteps, type ManifestDocument } from "./manifest";
import type { KubeObject } from "./types";
import { documentValidator, type ValidationContext } from "./validate";

export interface ApplyCheckOptions {
  /** the cluster's Service CIDRs and ranges the validation checks against */
  validation: ValidationContext;
  /** caps, read by the caller (lib/limits reads the environment) and passed in so a worker uses the request's values */
  documentsPerApply: Limit;
  replicasPerWorkload: Limit;
  /** kinds whose spec.replicas is capped (Deployment, ReplicaSet, StatefulSet, …) */
  workloadKinds: readonly string[];
}

/** The 422 an apply answers when the check fails (plain data: it crosses the worker boundary). */
export interface ApplyCheckError {
  message: string;
  fields: FieldError[];
  details?: Record<string, unknown>;
}

export type ApplyCheck = { documents: ManifestDocument[]; error?: undefined } | { documents?: undefined; error: ApplyCheckError };

export function docLabel(o: KubeObject): string {
  const ns = isClusterScoped(o.kind) ? "" : `${o.metadata.namespace ?? "default"}/`;
  return `${o.kind} ${ns}${o.metadata.name}`;
}

/** Runs {@link applyCheckSteps} to the end without pausing (a worker thread, tests, the CLI). */
export function checkApply(text: string, opts: ApplyCheckOptions): ApplyCheck {
  const steps = applyCheckSteps(text, opts);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/** The check as steps: yields every 200 items while parsing a large JSON List and after every validated object. */
export function* applyCheckSteps(text: string, opts: ApplyCheckOptions): Generator<void, ApplyCheck> {
  const { documents, problems } = yield* parseManifestSteps(text);
  const docCap = opts.documentsPerApply;
  if (documents.length > docCap.max) {
    return { error: { message: limitMessage(docCap, "objects in one apply", documents.length), fields: [{ path: "(body)", message: `split the input into applies of at most ${docCap.max} objects` }], details: { limit: docCap.name, max: docCap.max } } };
  }
  const replicaCap = opts.replicasPerWorkload;
  const overReplicas: FieldError[] = [];
  for (const d of documents) {
    const replicas = (d.object as { spec?: { replicas?: unknown } }).spec?.replicas;
    if (opts.workloadKinds.includes(d.object.kind) && typeof replicas === "number" && replicas > replicaCap.max) {
      overReplicas.push({ document: d.index, line: d.lineOf("spec.replicas"), path: "spec.replicas", message: `${docLabel(d.object)}: ${limitMessage(replicaCap, "replicas", replicas)}` });
    }
  }
  if (overReplicas.length) return { error: { message: `${overReplicas.length} workload(s) over the replica limit of ${replicaCap.max}; nothing was applied`, fields: overReplicas, details: { limit: replicaCap.name, max: replicaCap.max } } };
  const all: FieldError[] = problems.map((p) => ({ document: p.document, line: p.line, path: p.path, message: p.kind ? `${p.kind} ${p.namespace ? p.namespace + "/" : ""}${p.name ?? ""}: ${p.message}` : p.message }));
  if (problems.length === 0) {
    const validator = documentValidator(opts.validation);
    for (const d of documents) {
      validator.add(d);
      yield;
    }
    for (const p of validator.problems) {
      all.push({ document: p.document, line: p.line, path: p.path, message: `${p.kind ?? "object"} ${p.namespace ? p.namespace + "/" : ""}${p.name ?? ""}: ${p.message}` });
    }
  }
  if (documents.length === 0 && all.length === 0) return { error: { message: "the input holds no Kubernetes objects", fields: [{ path: "(body)", message: "no documents found" }] } };
  if (all.length) return { error: { message: `${all.length} problem(s) in the manifests; nothing was applied`, fields: all } };
  return { documents };
}
