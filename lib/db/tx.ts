/**
 * The one way lib/db opens a transaction. On top of the store's guarantee (commit or rollback and release, whatever
 * throws; see sqlite.ts) it bounds the work: the transaction waits at most `maxWaitMs` for its turn, runs at most
 * `timeoutMs`, and when the request's `signal` is aborted (the client went away, or the request deadline passed) it
 * is rolled back — checked while the work runs and once more right before COMMIT, so nothing is committed for a
 * client that gave up.
 */
import type { Db } from "./client";
import { storeKind } from "./client";
import { DEPLOYMENT_VMS_LOCK, NETWORK_LOCK_CLASS, WRITE_LOCK_KEY, lockTimeoutFromEnv } from "./pg";
import type { Tx } from "./objects";
import { StoreFault, classifyStoreError } from "./faults";

/**
 * What a write transaction locks on PostgreSQL (SQLite ignores it: BEGIN IMMEDIATE already serializes every writer).
 * - "global" (the default, always safe): the global write key EXCLUSIVE, so no other writer of any scope runs.
 * - { network: id } / { cluster: name }: the global key SHARED plus the network's key EXCLUSIVE (a cluster's network
 *   is looked up inside the transaction). Writers of different networks run in parallel; writers of one network
 *   (every pool they allocate from is that network's or its clusters') take turns.
 * - "shared": the global key SHARED only; the work then calls lockNetwork() itself once it knows the network.
 * Order, to stay deadlock-free: global key → one network key → the deployment-VM key (lockDeploymentVms).
 */
export type TxLock = "global" | "shared" | { network: number } | { cluster: string };

export interface TxOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
  maxWaitMs?: number;
  lock?: TxLock;
}

interface HeldLocks {
  exclusive: boolean;
  networks: Set<number>;
  vms: boolean;
}
/** PostgreSQL transactions in flight and the advisory locks each holds (SQLite transactions are not in it). */
const held = new WeakMap<object, HeldLocks>();

const advisory = (tx: Tx, call: string) => tx.$queryRawUnsafe(`SELECT ${call}::text AS locked`);

/**
 * Inside a transaction opened with lock "shared" (or a scope): take the network's key EXCLUSIVE until COMMIT. No-op
 * on SQLite, under the global lock, or when already held.
 */
export async function lockNetwork(tx: Tx, networkId: number): Promise<void> {
  const h = held.get(tx);
  if (!h || h.exclusive || h.networks.has(networkId)) return;
  if (!Number.isSafeInteger(networkId)) throw new Error(`lockNetwork: bad network id ${networkId}`);
  await advisory(tx, `pg_advisory_xact_lock(${NETWORK_LOCK_CLASS}, ${networkId})`);
  h.networks.add(networkId);
}

/**
 * Before counting the deployment's VMs to admit more (the 200-VM limit spans every network): the deployment-VM key
 * EXCLUSIVE until COMMIT, so two networks cannot both pass the check with the last free VMs. No-op on SQLite or
 * under the global lock.
 */
export async function lockDeploymentVms(tx: Tx): Promise<void> {
  const h = held.get(tx);
  if (!h || h.exclusive || h.vms) return;
  await advisory(tx, `pg_advisory_xact_lock(${DEPLOYMENT_VMS_LOCK[0]}, ${DEPLOYMENT_VMS_LOCK[1]})`);
  h.vms = true;
}

async function takeLocks(tx: Tx, lock: TxLock): Promise<void> {
  // waiting longer than lock_timeout fails with 55P03 → 503 + Retry-After (faults.ts)
  await tx.$executeRawUnsafe(`SET LOCAL lock_timeout = ${Math.round(lockTimeoutFromEnv())}`);
  const h: HeldLocks = { exclusive: lock === "global", networks: new Set(), vms: false };
  held.set(tx, h);
  if (lock === "global") {
    await advisory(tx, `pg_advisory_xact_lock(${WRITE_LOCK_KEY})`);
    return;
  }
  // network rows (and the overlap rule between networks) change only under the global key EXCLUSIVE
  await advisory(tx, `pg_advisory_xact_lock_shared(${WRITE_LOCK_KEY})`);
  if (lock === "shared") return;
  if ("network" in lock) return lockNetwork(tx, lock.network);
  // a cluster's network: read, lock, read again (the cluster may have been deleted and re-created elsewhere meanwhile)
  const networkOf = async () => (await tx.cluster.findUnique({ where: { name: lock.cluster }, select: { networkId: true } }))?.networkId;
  for (let id = await networkOf(); id !== undefined; ) {
    await lockNetwork(tx, id);
    const again = await networkOf();
    if (again === id) return;
    id = again;
  }
  // no such cluster: the work answers 404 and writes nothing
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

/**
 * PostgreSQL: writers of one scope in THIS process wait here, in memory and in order, before they take a pool
 * connection: only the head of each queue holds a connection while it waits for the advisory lock, so 32 clients
 * applying into one network leave the pool free for reads and for other networks' writers (without it they hold
 * every connection waiting on the same lock, and the rest time out in the pool). Waiting longer than maxWait → busy.
 */
const queues = new WeakMap<Db, Map<string, Promise<void>>>();
async function takeTurn(db: Db, key: string, maxWaitMs: number): Promise<() => void> {
  let turns = queues.get(db);
  if (!turns) queues.set(db, (turns = new Map()));
  const before = turns.get(key) ?? Promise.resolve();
  let release!: () => void;
  const mine = new Promise<void>((r) => (release = r));
  const tail = before.then(() => mine);
  turns.set(key, tail);
  void tail.then(() => {
    if (turns.get(key) === tail) turns.delete(key);
  });
  let timer: NodeJS.Timeout | undefined;
  const late = await Promise.race([before.then(() => false), new Promise<boolean>((r) => (timer = setTimeout(() => r(true), maxWaitMs)))]);
  clearTimeout(timer);
  if (late) {
    release(); // the queue behind me still waits for `before`
    throw new StoreFault("busy", 503, "the database is busy (other writes to this network are queued); nothing was changed, retry shortly", 1);
  }
  return release;
}

function turnKey(lock: TxLock | undefined): string | null {
  if (!lock || typeof lock === "string") return null;
  return "network" in lock ? `network:${lock.network}` : `cluster:${lock.cluster}`;
}

export async function transaction<T>(db: Db, fn: (tx: Tx) => Promise<T>, opts: TxOptions = {}): Promise<T> {
  throwIfAborted(opts.signal);
  const pg = storeKind(db) === "postgresql";
  const key = pg ? turnKey(opts.lock) : null;
  if (!key) return run(db, fn, opts, pg);
  const release = await takeTurn(db, key, opts.maxWaitMs ?? DEFAULT_TX_MAX_WAIT_MS);
  try {
    return await run(db, fn, opts, pg);
  } finally {
    release();
  }
}

async function run<T>(db: Db, fn: (tx: Tx) => Promise<T>, opts: TxOptions, pg: boolean): Promise<T> {
  throwIfAborted(opts.signal);
  try {
    return await db.$transaction(
      async (tx) => {
        throwIfAborted(opts.signal);
        // PostgreSQL: writers across every instance take turns on advisory locks (see pg.ts and TxLock), as
        // BEGIN IMMEDIATE makes them do on SQLite
        if (pg) await takeLocks(tx, opts.lock ?? "global");
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
