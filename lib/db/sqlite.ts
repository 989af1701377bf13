/**
 * The SQLite store behind Prisma: a driver-adapter factory that wraps `@prisma/adapter-better-sqlite3` so that no
 * fault can wedge the write path.
 *
 * The stock adapter holds one connection and a mutex per transaction; Prisma's engine commits by sending `COMMIT`
 * through the transaction and only then calls `commit()` (which releases the mutex). When `COMMIT` throws (busy, disk
 * full, I/O error, a deferred constraint) neither `commit()` nor `rollback()` is ever called: the mutex stays locked,
 * the SQLite transaction stays open and every later write hangs. A failing `BEGIN` leaks the mutex the same way.
 *
 * This wrapper:
 * - serializes writers on one in-process gate (FIFO) and opens every transaction with `BEGIN IMMEDIATE`, so the
 *   write lock is taken up front (busy_timeout applies there, never in the middle of a transaction);
 * - guarantees that each transaction ends with COMMIT or ROLLBACK and that the gate is released, whatever throws —
 *   a failed COMMIT is rolled back before the error is passed on;
 * - sends reads outside transactions to a second connection (WAL: reads never wait for writes and only see committed
 *   data), and autocommit writes through the gate on the writer connection;
 * - sets WAL, `synchronous=NORMAL` and a busy timeout.
 *
 * Everything SQLite-specific lives here and in `faults.ts`; a PostgreSQL store would be another factory with the
 * same guarantees (its pool already gives each transaction its own connection).
 */
import { timeStep } from "../stalls";
import { checkpointWorkerWanted, WalCheckpointer } from "./wal-checkpoint";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import type {
  IsolationLevel,
  SqlDriverAdapter,
  SqlMigrationAwareDriverAdapterFactory,
  SqlQuery,
  SqlResultSet,
  Transaction,
} from "@prisma/driver-adapter-utils";

/** The better-sqlite3 connection, as far as this file uses it (the package ships no types). */
interface SqliteConnection {
  readonly inTransaction: boolean;
  /** false once the connection was closed */
  readonly open: boolean;
  /** opened read-only (SQLite falls back to that when the file cannot be opened for writing) */
  readonly readonly: boolean;
  prepare(sql: string): { run(...args: unknown[]): unknown; readonly readonly: boolean };
  pragma(sql: string, options?: { simple?: boolean }): unknown;
}

/** better-sqlite3's statement, as far as the stock adapter and this file use it. */
interface SqliteStatement {
  readonly reader: boolean;
  readonly readonly: boolean;
  run(...args: unknown[]): unknown;
  columns(): unknown[];
  raw(on?: boolean): { all(...args: unknown[]): unknown[] };
  bind(...args: unknown[]): unknown;
}

/**
 * Prepare each SQL text once per connection. The stock adapter calls `prepare(sql).bind(args)` for every query;
 * preparing is a large part of a small query's cost. A bound statement cannot be bound again, so the cache hands out
 * a light facade whose `bind(args)` keeps the arguments and passes them to the cached statement on `run`/`all`.
 */
export function cachePreparedStatements(client: { prepare(sql: string): unknown }, max = 1_000): void {
  const prepare = client.prepare.bind(client) as (sql: string) => SqliteStatement;
  const cache = new Map<string, SqliteStatement>();
  client.prepare = (sql: string) => {
    let st = cache.get(sql);
    if (st) {
      cache.delete(sql); // most recently used last
      cache.set(sql, st);
    } else {
      st = prepare(sql);
      cache.set(sql, st);
      if (cache.size > max) cache.delete(cache.keys().next().value as string);
    }
    const stmt = st;
    return {
      reader: stmt.reader,
      readonly: stmt.readonly,
      run: (...args: unknown[]) => stmt.run(...args),
      columns: () => stmt.columns(),
      raw: () => ({ all: (...args: unknown[]) => stmt.raw(true).all(...args) }),
      bind: (...bound: unknown[]) => ({
        reader: stmt.reader,
        readonly: stmt.readonly,
        run: () => stmt.run(...bound),
        columns: () => stmt.columns(),
        raw: () => ({ all: () => stmt.raw(true).all(...bound) }),
      }),
    };
  };
}

/** The stock adapter's connection object (public fields of its class; not in its .d.ts). */
type Inner = SqlDriverAdapter & { client: SqliteConnection; onError(e: unknown): never };

export interface SqliteStoreOptions {
  /** how long a statement waits for another process's lock before SQLITE_BUSY (ms) */
  busyTimeoutMs?: number;
}

export const DEFAULT_BUSY_TIMEOUT_MS = 5_000;

export function busyTimeoutFromEnv(): number {
  const v = Number(process.env.HCINET_DB_BUSY_TIMEOUT_MS);
  return Number.isFinite(v) && v >= 0 ? v : DEFAULT_BUSY_TIMEOUT_MS;
}

/** A FIFO async mutex: `acquire()` resolves with the function that releases it (idempotent). */
export class Gate {
  private tail: Promise<void> = Promise.resolve();
  private held = 0;
  get waiting(): number {
    return this.held;
  }
  async acquire(): Promise<() => void> {
    let open!: () => void;
    const mine = new Promise<void>((r) => (open = r));
    const before = this.tail;
    this.tail = before.then(() => mine);
    this.held++;
    await before;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.held--;
      open();
    };
  }
}

function filePath(url: string): string {
  return url.replace(/^file:/, "").split("?")[0];
}

/** Counters the tests and the readiness probe read. */
export interface StoreStats {
  transactions: number;
  commits: number;
  rollbacks: number;
  failedCommits: number;
}

export class SafeSqliteAdapter implements SqlDriverAdapter {
  readonly provider = "sqlite" as const;
  readonly adapterName: string;
  readonly gate = new Gate();
  readonly stats: StoreStats = { transactions: 0, commits: 0, rollbacks: 0, failedCommits: 0 };
  private readonlyCache = new Map<string, boolean>();
  /** the server's off-thread WAL checkpoint (./wal-checkpoint.ts), when running */
  checkpointer?: WalCheckpointer | null;
  /** set after a read-only or I/O fault: the connections are reopened before the next write */
  private stale = false;

  constructor(
    public writer: Inner,
    public reader: Inner,
    private readonly open?: () => Promise<{ writer: Inner; reader: Inner }>,
  ) {
    this.adapterName = writer.adapterName;
  }

  /** Under the gate: reopen both connections when the last ones hit a read-only / I/O fault (recovery without restart). */
  private async refresh(): Promise<void> {
    if (!this.open || !(this.stale || this.writer.client.readonly)) return;
    const old = { writer: this.writer, reader: this.reader };
    const fresh = await this.open();
    this.writer = fresh.writer;
    this.reader = fresh.reader;
    this.readonlyCache.clear();
    this.stale = false;
    this.checkpointer?.setWriter(this.writer.client);
    for (const c of new Set([old.reader, old.writer])) await c.dispose().catch(() => undefined);
  }

  /** Remember a fault that a fresh connection may cure (the file became writable again, the disk came back). */
  noteFault(e: unknown): void {
    const text = e && typeof e === "object" ? JSON.stringify({ m: (e as Error).message, c: (e as { cause?: unknown }).cause, code: (e as { code?: unknown }).code }) : String(e);
    if (/READONLY|readonly database|CANTOPEN|unable to open|IOERR|disk I\/O/i.test(text)) this.stale = true;
  }

  private isReadOnly(sql: string): boolean {
    if (this.reader === this.writer) return false;
    let ro: boolean | undefined = this.readonlyCache.get(sql);
    if (ro === undefined) {
      try {
        ro = this.reader.client.prepare(sql).readonly;
      } catch {
        ro = false; // let the writer report the error
      }
      if (this.readonlyCache.size > 5_000) this.readonlyCache.clear();
      this.readonlyCache.set(sql, ro);
    }
    return ro === true;
  }

  /**
   * The write path's fast lane (lib/db/sql.ts): statements straight on the better-sqlite3 connections, with this
   * file's prepared-statement cache and without Prisma's per-query machinery. `inTransaction()` says whether the
   * writer connection has a transaction open; the caller uses `all`/`run` only from inside its own transaction()
   * (the gate guarantees it is the only one), and `read` (the reader connection: committed data only) anywhere.
   */
  readonly direct: DirectSqlite = {
    usable: () => !this.stale && this.writer.client.open && this.reader.client.open,
    inTransaction: () => this.writer.client.inTransaction && !this.stale,
    transactionNumber: () => this.stats.transactions,
    all: (sql, params) => this.guard(() => statementRows(this.writer.client, sql, params)),
    run: (sql, params) => this.guard(() => Number((this.writer.client.prepare(sql).run(...params) as { changes?: number }).changes ?? 0)),
    read: (sql, params) => this.guard(() => statementRows(this.reader.client, sql, params)),
  };

  private guard<T>(fn: () => T): T {
    try {
      return fn();
    } catch (e) {
      this.noteFault(e);
      throw e;
    }
  }

  /** Run an autocommit statement on the writer connection, in turn with the transactions. */
  async withWriter<T>(fn: () => Promise<T>): Promise<T> {
    const release = await this.gate.acquire();
    try {
      await this.refresh();
      return await fn();
    } catch (e) {
      this.noteFault(e);
      throw e;
    } finally {
      if (this.writer.client.inTransaction) rollbackQuietly(this.writer.client);
      release();
    }
  }

  queryRaw(q: SqlQuery): Promise<SqlResultSet> {
    if (this.isReadOnly(q.sql)) {
      if (this.stale) return this.withWriter(() => this.reader.queryRaw(q));
      return this.reader.queryRaw(q).catch((e) => {
        this.noteFault(e);
        throw e;
      });
    }
    return this.withWriter(() => this.writer.queryRaw(q));
  }

  executeRaw(q: SqlQuery): Promise<number> {
    return this.withWriter(() => this.writer.executeRaw(q));
  }

  executeScript(script: string): Promise<void> {
    return this.withWriter(() => this.writer.executeScript(script));
  }

  async startTransaction(isolationLevel?: IsolationLevel): Promise<Transaction> {
    if (isolationLevel && isolationLevel !== "SERIALIZABLE") return this.writer.startTransaction(isolationLevel); // the stock error
    const release = await this.gate.acquire();
    try {
      await this.refresh();
      this.writer.client.prepare("BEGIN IMMEDIATE").run();
    } catch (e) {
      this.noteFault(e);
      if (this.writer.client.inTransaction) rollbackQuietly(this.writer.client);
      release();
      this.writer.onError(e);
    }
    this.stats.transactions++;
    return new SafeTransaction(this, release);
  }

  async dispose(): Promise<void> {
    await this.checkpointer?.stop();
    const release = await this.gate.acquire();
    try {
      if (this.writer.client.inTransaction) rollbackQuietly(this.writer.client);
      if (this.reader !== this.writer) await this.reader.dispose();
      await this.writer.dispose();
    } finally {
      release();
    }
  }
}

/** Statements on the raw connections (see SafeSqliteAdapter.direct). */
export interface DirectSqlite {
  /**
   * False when the connections were closed (the client disconnected; Prisma opens new ones on its next query) or hit
   * a read-only / I/O fault (the next Prisma query reopens them): the caller then goes through Prisma instead.
   */
  usable(): boolean;
  inTransaction(): boolean;
  /** increases with every transaction started: tells a caller whether the open transaction is still the one it began in */
  transactionNumber(): number;
  all(sql: string, params: unknown[]): Record<string, unknown>[];
  run(sql: string, params: unknown[]): number;
  read(sql: string, params: unknown[]): Record<string, unknown>[];
}

function statementRows(client: SqliteConnection, sql: string, params: unknown[]): Record<string, unknown>[] {
  const st = client.prepare(sql) as unknown as SqliteStatement;
  const cols = (st.columns() as { name: string }[]).map((c) => c.name);
  return (st.raw().all(...params) as unknown[][]).map((r) => {
    const o: Record<string, unknown> = {};
    for (let i = 0; i < cols.length; i++) o[cols[i]] = r[i];
    return o;
  });
}

function rollbackQuietly(client: SqliteConnection): void {
  try {
    if (client.inTransaction) client.prepare("ROLLBACK").run();
  } catch {
    // SQLite may already have rolled back (SQLITE_FULL, I/O error): nothing left to undo
  }
}

const COMMIT = /^\s*COMMIT\s*;?\s*$/i;
const ROLLBACK = /^\s*ROLLBACK\s*;?\s*$/i;

class SafeTransaction implements Transaction {
  readonly provider = "sqlite" as const;
  readonly adapterName: string;
  readonly options = { usePhantomQuery: false };
  private done = false;

  constructor(
    private readonly store: SafeSqliteAdapter,
    private readonly release: () => void,
  ) {
    this.adapterName = store.adapterName;
  }

  private get client() {
    return this.store.writer.client;
  }

  private finish(committed: boolean): void {
    if (this.done) return;
    this.done = true;
    if (this.client.inTransaction) {
      rollbackQuietly(this.client);
      committed = false;
    }
    if (committed) this.store.stats.commits++;
    else this.store.stats.rollbacks++;
    this.release();
  }

  private check(): void {
    if (this.done) throw new Error("transaction already closed");
  }

  async queryRaw(q: SqlQuery): Promise<SqlResultSet> {
    this.check();
    try {
      return await this.store.writer.queryRaw(q);
    } catch (e) {
      this.store.noteFault(e);
      throw e;
    }
  }

  async executeRaw(q: SqlQuery): Promise<number> {
    if (ROLLBACK.test(q.sql)) {
      if (!this.done) rollbackQuietly(this.client);
      return 0;
    }
    this.check();
    if (COMMIT.test(q.sql)) {
      try {
        const n = await timeStep("commit", () => this.store.writer.executeRaw(q));
        this.store.checkpointer?.committed();
        return n;
      } catch (e) {
        // the engine will not call commit() or rollback() after a failed COMMIT: undo and release here
        this.store.noteFault(e);
        this.store.stats.failedCommits++;
        this.finish(false);
        throw e;
      }
    }
    try {
      return await this.store.writer.executeRaw(q);
    } catch (e) {
      this.store.noteFault(e);
      throw e;
    }
  }

  async commit(): Promise<void> {
    this.finish(true);
  }

  async rollback(): Promise<void> {
    if (!this.done) rollbackQuietly(this.client);
    this.finish(false);
  }
}

export class SafeSqliteFactory implements SqlMigrationAwareDriverAdapterFactory {
  readonly provider = "sqlite" as const;
  readonly adapterName: string;
  private readonly inner: PrismaBetterSQLite3;
  /** the connected adapter (after Prisma's first query) */
  adapter?: SafeSqliteAdapter;

  constructor(
    readonly url: string,
    private readonly options: SqliteStoreOptions = {},
  ) {
    this.inner = new PrismaBetterSQLite3({ url, timeout: options.busyTimeoutMs ?? busyTimeoutFromEnv() });
    this.adapterName = this.inner.adapterName;
  }

  async connect(): Promise<SqlDriverAdapter> {
    const { writer, reader } = await this.openPair();
    this.adapter = new SafeSqliteAdapter(writer, reader, () => this.openPair());
    const file = filePath(this.url);
    if (checkpointWorkerWanted() && file !== "" && file !== ":memory:" && !writer.client.readonly) this.adapter.checkpointer = await WalCheckpointer.start(file, writer.client);
    return this.adapter;
  }

  private async openPair(): Promise<{ writer: Inner; reader: Inner }> {
    const writer = (await this.inner.connect()) as Inner;
    const memory = filePath(this.url) === ":memory:" || filePath(this.url) === "";
    try {
      writer.client.pragma("journal_mode = WAL");
    } catch {
      // a read-only file cannot switch journal mode: reads still work, writes answer 503 (see faults.ts)
    }
    try {
      writer.client.pragma("synchronous = NORMAL");
    } catch {
      // as above
    }
    const reader = memory ? writer : ((await this.inner.connect()) as Inner);
    if (reader !== writer) reader.client.pragma("query_only = ON");
    cachePreparedStatements(writer.client);
    if (reader !== writer) cachePreparedStatements(reader.client);
    return { writer, reader };
  }

  connectToShadowDb(): Promise<SqlDriverAdapter> {
    return this.inner.connectToShadowDb();
  }
}
