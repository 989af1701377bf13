/**
 * `kubectl apply` for a stored cluster: multi-document YAML or a kubectl List in, created / configured / unchanged
 * per object out, with the fields the cluster filled in (ClusterIP, NodePorts, VIP, pod IPs). Atomic: every
 * document is parsed and validated first (all problems reported at once with document, line and field path); then
 * everything is written in one transaction, and any allocation problem rolls the whole apply back. `dryRun` runs
 * the same transaction and rolls it back at the end, so it shows exactly what would change.
 */
import type { Db } from "./client";
import { AppError, notFound, unprocessable, type FieldError } from "../errors";
import type { ManifestDocument } from "../kube/manifest";
import { applyCheckSteps, docLabel, type ApplyCheckOptions } from "../kube/apply-check";
import { checkApplyInWorker, parseWorkerThreshold } from "./parse-pool";
import { pacer, type Pace } from "./pace";
import { isClusterScoped, kindOfStoredKind, storedKind } from "../kube/kinds";
import type { KubeObject, Pod, Service } from "../kube/types";
import { loadObjectsRaw, ObjectBatch, objectNamespace, type PutResult, type Tx } from "./objects";
import { loadApplyCluster, loadServiceAllocator, type ClusterCtx, releaseService, requestedVips, ServiceAllocationError, writeServiceChanges, type ServiceAllocator } from "./services";
import { Sql } from "./sql";
import { SYSTEM_NAMESPACES } from "../cluster/bootstrap";
import { reconcilePods, WORKLOAD_KINDS } from "./pods";
import { recordAudit, recordAuditRaw } from "./audit";
import { checkpoint, throwIfAborted, transaction } from "./tx";
import { StoreFault } from "./faults";
import { currentActor } from "../auth/context";
import { limits } from "../limits";
import { markPhase } from "../stalls";
import type { ApplyResult, ApplyResultEntry } from "../api/dto";

export type { ApplyResult, ApplyResultEntry };

/** Kinds hcinet models; others are stored and listed as not modelled. */
export const MODELLED_KINDS = new Set([
  "Namespace", "Pod", "Deployment", "ReplicaSet", "StatefulSet", "DaemonSet", "Service", "Endpoints", "EndpointSlice",
  "Ingress", "IngressClass", "NetworkPolicy", "Node",
]);

export interface ApplyOptions {
  dryRun?: boolean;
  /** create namespaces that neither exist nor are in the input (handy for `kubectl get -o yaml` dumps) */
  createNamespaces?: boolean;
  actor?: string;
  /** the request's signal: when it aborts (client gone, deadline) the apply is rolled back, never committed */
  signal?: AbortSignal;
}

class DryRunRollback extends Error {
  constructor(readonly result: ApplyResult) {
    super("dry run");
  }
}

const TX = { timeoutMs: 120_000, maxWaitMs: 30_000 };

export async function applyManifests(db: Db, clusterName: string, text: string, opts: ApplyOptions = {}): Promise<ApplyResult> {
  const sql = Sql.of(db);
  const cluster = await loadApplyCluster(sql, db, clusterName);
  if (!cluster) throw notFound("cluster", clusterName);

  const pace = pacer(opts.signal);
  markPhase("check");
  // parse, caps and validation: one pure check (lib/kube/apply-check.ts); large inputs in a worker thread
  // (./parse-pool.ts) so this thread stays free, small ones here, handing the event loop back every few ms
  const checkOpts: ApplyCheckOptions = {
    validation: { serviceCidr: cluster.serviceCidr, ...(cluster.serviceCidrV6 ? { serviceCidrV6: cluster.serviceCidrV6 } : {}) },
    documentsPerApply: limits.documentsPerApply,
    replicasPerWorkload: limits.replicasPerWorkload,
    workloadKinds: WORKLOAD_KINDS,
  };
  const threshold = parseWorkerThreshold();
  let checked = threshold > 0 && text.length >= threshold ? await checkApplyInWorker(text, checkOpts, opts.signal) : null;
  if (!checked) {
    const steps = applyCheckSteps(text, checkOpts);
    for (let r = steps.next(); ; r = steps.next()) {
      if (r.done) {
        checked = r.value;
        break;
      }
      await pace();
    }
  }
  throwIfAborted(opts.signal);
  if (checked.error) throw unprocessable(checked.error.message, checked.error.fields, checked.error.details);
  const documents = checked.documents;
  markPhase("queued");

  const job: ApplyJob = { cluster, clusterName, documents, opts: { ...opts, actor: opts.actor ?? currentActor() ?? undefined }, pace };
  if (opts.dryRun) return runAlone(db, sql, job);
  return applyQueue(db).enqueue(job);
}

interface ApplyJob {
  cluster: ClusterCtx;
  clusterName: string;
  documents: ManifestDocument[];
  opts: ApplyOptions;
  pace: Pace;
  /** a group's shared state: the Service allocator loaded by an earlier apply of the same transaction */
  shared?: { allocator?: ServiceAllocator };
}

/** One apply in its own transaction (dry runs, and every apply that is alone in its cluster's queue). */
async function runAlone(db: Db, sql: Sql, job: ApplyJob): Promise<ApplyResult> {
  try {
    return await transaction(db, (tx) => applyInTx(tx, sql, job), { ...TX, signal: job.opts.signal, lock: { network: job.cluster.network.id } });
  } catch (e) {
    if (e instanceof DryRunRollback) return e.result;
    throw e;
  }
}

/**
 * The per-cluster apply queue of this process. Applies to one cluster run one after the other; the applies that queue
 * up while one runs are committed together in ONE transaction, each inside its own SAVEPOINT: an apply that fails
 * with a 4xx (a conflict, a rule) is rolled back to its savepoint and answered with its own error, the others are
 * committed and answered with their own results. Anything else (a store fault, a client that went away before the
 * COMMIT) rolls the whole group back and every apply of it runs again alone, so each answer means exactly what it
 * would have meant alone. Dry runs never join a group.
 */
class ApplyQueue {
  private readonly queues = new Map<number, { pending: { job: ApplyJob; resolve: (r: ApplyResult) => void; reject: (e: unknown) => void }[]; running: boolean }>();
  static readonly MAX_GROUP = 64;
  /** transactions that carried more than one apply, and how many applies they carried (tests, diagnostics) */
  readonly stats = { groups: 0, grouped: 0 };

  constructor(
    private readonly db: Db,
    private readonly sql: Sql,
  ) {}

  enqueue(job: ApplyJob): Promise<ApplyResult> {
    let q = this.queues.get(job.cluster.id);
    if (!q) this.queues.set(job.cluster.id, (q = { pending: [], running: false }));
    const queue = q;
    const done = new Promise<ApplyResult>((resolve, reject) => queue.pending.push({ job, resolve, reject }));
    if (!queue.running) void this.drain(job.cluster.id);
    return done;
  }

  private async drain(clusterId: number): Promise<void> {
    const q = this.queues.get(clusterId)!;
    q.running = true;
    try {
      while (q.pending.length) {
        const group = q.pending.splice(0, ApplyQueue.MAX_GROUP);
        if (group.length === 1) {
          const [one] = group;
          await runAlone(this.db, this.sql, one.job).then(one.resolve, one.reject);
          continue;
        }
        let outcomes: ({ ok: true; result: ApplyResult } | { ok: false; error: unknown })[] | undefined;
        try {
          outcomes = await transaction(this.db, async (tx) => {
            const outs: ({ ok: true; result: ApplyResult } | { ok: false; error: unknown })[] = [];
            const shared: NonNullable<ApplyJob["shared"]> = {};
            for (let i = 0; i < group.length; i++) {
              const job = { ...group[i].job, shared };
              throwIfAborted(job.opts.signal);
              await this.sql.execute(tx, `SAVEPOINT hcinet_apply_${i}`);
              try {
                outs.push({ ok: true, result: await applyInTx(tx, this.sql, job) });
              } catch (e) {
                if (!(e instanceof AppError) || e instanceof StoreFault || e.status >= 500) throw e;
                await this.sql.execute(tx, `ROLLBACK TO SAVEPOINT hcinet_apply_${i}`);
                shared.allocator = undefined; // its plan was rolled back: the next apply reads the store again
                outs.push({ ok: false, error: e });
              }
              await this.sql.execute(tx, `RELEASE SAVEPOINT hcinet_apply_${i}`);
            }
            // the last moment before COMMIT: a client that went away is never committed
            await checkpoint();
            for (const { job } of group) throwIfAborted(job.opts.signal);
            return outs;
          }, { ...TX, lock: { network: group[0].job.cluster.network.id } }); // one queue = one cluster = one network
        } catch {
          outcomes = undefined;
        }
        if (outcomes) {
          this.stats.groups++;
          this.stats.grouped += group.length;
          outcomes.forEach((o, i) => (o.ok ? group[i].resolve(o.result) : group[i].reject(o.error)));
        } else {
          for (const one of group) await runAlone(this.db, this.sql, one.job).then(one.resolve, one.reject);
        }
      }
    } finally {
      q.running = false;
    }
  }
}

const queues = new WeakMap<Db, ApplyQueue>();
/** The per-cluster apply queue of a client (its `stats` say how many applies were committed together). */
export function applyQueue(db: Db): ApplyQueue {
  let q = queues.get(db);
  if (!q) queues.set(db, (q = new ApplyQueue(db, Sql.of(db))));
  return q;
}

/** The transactional part of an apply: store the objects, allocate the Services' addresses, reconcile the pods. */
async function applyInTx(tx: Tx, sql: Sql, job: ApplyJob): Promise<ApplyResult> {
  const { cluster, clusterName, documents, opts, pace } = job;
  markPhase("objects");
  const result: ApplyResult = { dryRun: !!opts.dryRun, results: [], notModelled: [], warnings: [] };
  const batch = new ObjectBatch(tx, cluster.id, sql, pace);
  const nsNames = new Set(documents.map((d) => (isClusterScoped(d.object.kind) ? "" : (d.object.metadata.namespace ?? "default"))).filter(Boolean));
  await pace();
  await batch.preload([...[...nsNames].map((name) => ({ kind: "Namespace", name })), ...documents.map((d) => ({ kind: storedKind(d.object.apiVersion, d.object.kind), name: d.object.metadata.name }))]);
  await pace();
  const existingNs = new Set([...nsNames].filter((ns) => batch.stored("Namespace", "", ns)));
  const inputNs = new Set(documents.filter((d) => d.object.kind === "Namespace").map((d) => d.object.metadata.name));
  const allocProblems: FieldError[] = [];
  const docOf = new Map<KubeObject, ManifestDocument>();
  // every Service of the apply is allocated in memory from one read of what the cluster holds (lib/ipam/service-alloc)
  const services = documents.filter((d) => d.object.kind === "Service");
  let allocator: ServiceAllocator | undefined;
  if (services.length) {
    await pace();
    const requested = services.flatMap((d) => requestedVips(d.object as Service, batch.stored("Service", d.object.metadata.namespace ?? "default", d.object.metadata.name) as Service | undefined));
    if (job.shared?.allocator && requested.length === 0) allocator = job.shared.allocator;
    else allocator = await loadServiceAllocator(sql, tx, cluster, requested);
    if (job.shared) job.shared.allocator = allocator;
    await pace();
  }

  // namespaces first, so objects in them can be applied in the same request
  const ordered = [...documents].sort((a, b) => (a.object.kind === "Namespace" ? 0 : 1) - (b.object.kind === "Namespace" ? 0 : 1) || a.index - b.index);
  await pace();
  for (const d of ordered) {
    // hand the event loop back every few ms of work (health probes, other requests, the deadline timer)
    await pace();
    const obj = structuredClone(d.object);
    docOf.set(obj, d);
    if (obj.kind === "Namespace") obj.metadata.labels = { ...(obj.metadata.labels ?? {}), "kubernetes.io/metadata.name": obj.metadata.name };
    if (!isClusterScoped(obj.kind)) {
      const ns = obj.metadata.namespace ?? "default";
      obj.metadata.namespace = ns;
      if (!existingNs.has(ns) && !inputNs.has(ns)) {
        if (opts.createNamespaces) {
          await batch.put({ apiVersion: "v1", kind: "Namespace", metadata: { name: ns, labels: { "kubernetes.io/metadata.name": ns } } });
          existingNs.add(ns);
          result.warnings.push(`namespace ${ns} did not exist and was created`);
        } else {
          allocProblems.push({ document: d.index, line: d.lineOf("metadata.namespace"), path: "metadata.namespace", message: `${docLabel(obj)}: namespaces "${ns}" not found (add a Namespace document, or apply with createNamespaces=true)` });
          continue;
        }
      }
    }
    let toStore = obj;
    let allocated: ApplyResultEntry["allocated"];
    if (obj.kind === "Service") {
      const prev = batch.stored("Service", obj.metadata.namespace!, obj.metadata.name) as Service | undefined;
      try {
        const a = allocator!.allocate(obj as Service, prev);
        toStore = a.service;
        allocated = a.allocated;
        result.warnings.push(...a.warnings);
      } catch (e) {
        if (!(e instanceof ServiceAllocationError)) throw e;
        for (const p of e.problems) allocProblems.push({ document: d.index, line: d.lineOf(p.path), path: p.path, message: `${docLabel(obj)}: ${p.message}` });
        continue;
      }
    }
    const put = await batch.put(toStore);
    if (!MODELLED_KINDS.has(obj.kind)) result.notModelled.push(`${obj.apiVersion}/${obj.kind} ${obj.metadata.name}`);
    result.results.push({
      kind: obj.kind,
      apiVersion: obj.apiVersion,
      ...(isClusterScoped(obj.kind) ? {} : { namespace: objectNamespace(obj) }),
      name: obj.metadata.name,
      action: put.result,
      ...(allocated && Object.keys(allocated).length ? { allocated } : {}),
    });
  }
  markPhase("flush");
  await batch.flush();
  if (allocProblems.length) throw unprocessable(`${allocProblems.length} problem(s) while allocating; nothing was applied`, allocProblems);
  markPhase("services");
  if (allocator) allocator.written(await writeServiceChanges(sql, tx, cluster, allocator.changes(), pace));

  if (documents.some((d) => WORKLOAD_KINDS.includes(d.object.kind) || d.object.kind === "Pod")) {
    markPhase("pods");
    await reconcilePods(tx, cluster.id, sql, pace);
    markPhase("pod addresses");
    const pods = (await loadObjectsRaw(sql, tx, cluster.id, ["Pod"])) as Pod[];
    await pace();
    // pods by namespace (ownedBy is checked only against the pods of the result's namespace)
    const byNs = new Map<string, Pod[]>();
    for (const p of pods) {
      const ns = p.metadata.namespace ?? "default";
      const list = byNs.get(ns);
      if (list) list.push(p);
      else byNs.set(ns, [p]);
    }
    for (const r of result.results) {
      if (!WORKLOAD_KINDS.includes(r.kind) && r.kind !== "Pod") continue;
      await pace();
      const mine = (byNs.get(r.namespace ?? "default") ?? []).filter((p) => (r.kind === "Pod" ? p.metadata.name === r.name : ownedBy(p, r.kind, r.name)));
      const ips = mine.map((p) => p.status?.podIP).filter((ip): ip is string => !!ip);
      if (ips.length) r.allocated = { ...(r.allocated ?? {}), podIPs: ips };
    }
  }
  if (opts.dryRun) throw new DryRunRollback(result);
  markPhase("audit");
  await recordAuditRaw(sql, tx, { actor: opts.actor, action: "apply", targetKind: "Cluster", targetName: clusterName, after: result.results.map((r) => `${r.kind}/${r.namespace ?? ""}/${r.name}: ${r.action}`) });
  return result;
}

/** A Deployment's pods are owned by its ReplicaSet `<deployment>-<hash>`; the others directly by the workload. */
function ownedBy(pod: Pod, kind: string, name: string): boolean {
  const refs = (pod.metadata.ownerReferences ?? []) as { kind?: string; name?: string }[];
  return refs.some((r) => (r.kind === kind && r.name === name) || (kind === "Deployment" && r.kind === "ReplicaSet" && typeof r.name === "string" && r.name.startsWith(`${name}-`) && /^[a-z0-9]+$/.test(r.name.slice(name.length + 1))));
}

/**
 * `kubectl delete KIND NAME -n NS` (KIND as stored: `NetworkPolicy.projectcalico.org` for Calico's): removes one object and frees what it held (a Service's ClusterIP, NodePorts and
 * VIP frontends; a workload's pods and their addresses). A Namespace takes the objects in it along, as Kubernetes
 * does. The `kubernetes` Service and the system namespaces cannot be deleted.
 */
export async function deleteClusterObject(db: Db, clusterName: string, kind: string, namespace: string, name: string, actor?: string): Promise<{ deleted: string[] }> {
  const cluster = await db.cluster.findUnique({ where: { name: clusterName } });
  if (!cluster) throw notFound("cluster", clusterName);
  const ns = isClusterScoped(kindOfStoredKind(kind)) ? "" : namespace || "default";
  if ((kind === "Service" && ns === "default" && name === "kubernetes") || (kind === "Namespace" && SYSTEM_NAMESPACES.includes(name as (typeof SYSTEM_NAMESPACES)[number]))) {
    throw unprocessable(`${kind} ${name} belongs to the cluster itself and cannot be deleted`, [{ path: "name", message: "a system object" }]);
  }
  return transaction(db, async (tx) => {
    const row = await tx.kubeObject.findUnique({ where: { clusterId_kind_namespace_name: { clusterId: cluster.id, kind, namespace: ns, name } } });
    if (!row) throw notFound(kind, ns ? `${ns}/${name}` : name);
    const victims = kind === "Namespace" ? await tx.kubeObject.findMany({ where: { clusterId: cluster.id, namespace: name } }) : [];
    const deleted: string[] = [];
    for (const v of [...victims, row]) {
      if (v.kind === "Service") await releaseService(tx, cluster.id, v.namespace, v.name);
      await tx.kubeObject.delete({ where: { id: v.id } });
      deleted.push(`${v.kind}/${v.namespace ? v.namespace + "/" : ""}${v.name}`);
    }
    if (kind === "Namespace" || WORKLOAD_KINDS.includes(kind) || kind === "Pod") await reconcilePods(tx, cluster.id);
    await recordAudit(tx, { actor, action: "delete", targetKind: kind, targetName: `${clusterName}/${ns ? ns + "/" : ""}${name}`, before: JSON.parse(row.body) });
    return { deleted };
  }, { ...TX, lock: { network: cluster.networkId } });
}
