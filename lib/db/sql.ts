/**
 * Hand-written SQL for the write path's hot statements, on both stores. Prisma's model queries cost a query compile
 * each (~0.6 ms CPU); a raw statement goes straight to the driver adapter (~0.1 ms). Statements are written once with
 * `?` placeholders and double-quoted identifiers (valid on SQLite and PostgreSQL); `Sql` renumbers the placeholders
 * for PostgreSQL and supplies the few functions that differ (JSON aggregation, JSON field access, text search).
 * Only lib/db uses this; it runs inside the caller's transaction (`tx`), so the store's write lock covers it.
 */
import type { StoreKind } from "./url";
import type { Tx } from "./objects";
import { storeKind, storeOf, type Db } from "./client";
import type { DirectSqlite } from "./sqlite";

/** Rows per multi-row INSERT (keeps every statement under SQLite's and PostgreSQL's parameter limits). */
export const ROWS_PER_INSERT = 400;

export class Sql {
  constructor(
    readonly kind: StoreKind,
    /** SQLite: the connections themselves (no Prisma round trip); see SafeSqliteAdapter.direct */
    private readonly db?: Db,
  ) {}

  /** The statements for a client's store; on SQLite they run on the connections directly once it is connected. */
  static of(db: Db): Sql {
    return new Sql(storeKind(db), db);
  }

  /** The fast lane when `tx` is a transaction of ours (the writer has it open) or a plain read outside one. */
  private lane(tx: Tx): { inTx: boolean; d: DirectSqlite } | undefined {
    if (this.kind !== "sqlite" || !this.db) return undefined;
    const d = storeOf(this.db)?.adapter?.direct;
    if (!d || !d.usable()) return undefined;
    if ((tx as unknown) === this.db) return { inTx: false, d };
    if (!d.inTransaction()) return undefined;
    // the first statement of a transaction client runs right after its BEGIN: remember which transaction that is, and
    // never write into a later one (after a timeout the store may already run another request's transaction)
    const n = d.transactionNumber();
    const seen = this.txNumbers.get(tx as object);
    if (seen === undefined) this.txNumbers.set(tx as object, n);
    else if (seen !== n) return undefined;
    return { inTx: true, d };
  }

  private readonly txNumbers = new WeakMap<object, number>();

  private text(sql: string): string {
    if (this.kind !== "postgresql") return sql;
    let i = 0;
    return sql.replace(/\?/g, () => `$${++i}`);
  }

  /** Rows of a statement; `tx` is a transaction client, or the Db itself for a read outside any transaction. */
  async query<T = Record<string, unknown>>(tx: Tx, sql: string, params: unknown[] = []): Promise<T[]> {
    const lane = this.lane(tx);
    if (lane) return (lane.inTx ? lane.d.all(sql, params) : lane.d.read(sql, params)) as T[];
    return (await tx.$queryRawUnsafe(this.text(sql), ...params)) as T[];
  }

  /** A write inside the caller's transaction; the number of rows changed. */
  async execute(tx: Tx, sql: string, params: unknown[] = []): Promise<number> {
    const lane = this.lane(tx);
    if (lane?.inTx) return lane.d.run(sql, params);
    return tx.$executeRawUnsafe(this.text(sql), ...params);
  }

  /** JSON array of `json_array(cols…)` over the rows (text; "[]" or null when there are none). */
  jsonAgg(cols: string[]): string {
    return this.kind === "postgresql" ? `json_agg(json_build_array(${cols.join(", ")}))::text` : `json_group_array(json_array(${cols.join(", ")}))`;
  }

  /** The text of an annotation of a stored object's JSON body (NULL when absent); only parsed when the key occurs. */
  annotation(bodyCol: string, key: string): string {
    if (!/^[a-z0-9./-]+$/i.test(key)) throw new Error(`annotation key ${key} is not a plain key`);
    return this.kind === "postgresql"
      ? `CASE WHEN strpos(${bodyCol}, '${key}') > 0 THEN (${bodyCol}::jsonb #>> '{metadata,annotations,${key}}') END`
      : `CASE WHEN instr(${bodyCol}, '${key}') > 0 THEN json_extract(${bodyCol}, '$.metadata.annotations."${key}"') END`;
  }

  /** A DateTime parameter in the form Prisma stores (SQLite: ISO text with +00:00; PostgreSQL: timestamp(3)). */
  now(d = new Date()): string {
    return this.kind === "postgresql" ? d.toISOString() : d.toISOString().replace("Z", "+00:00");
  }

  /** `INSERT INTO table (cols) VALUES (…), (…)` in chunks; `returning` columns are collected from every chunk. */
  /** `step` (a request's pacer, ./pace.ts) is awaited between the statements of a large insert. */
  async insertMany<T = Record<string, unknown>>(tx: Tx, table: string, cols: string[], rows: unknown[][], returning?: string[], step?: () => Promise<void> | undefined): Promise<T[]> {
    const out: T[] = [];
    for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
      if (i > 0) await step?.();
      const chunk = rows.slice(i, i + ROWS_PER_INSERT);
      const one = `(${cols.map(() => "?").join(", ")})`;
      const sql = `INSERT INTO "${table}" (${cols.map((c) => `"${c}"`).join(", ")}) VALUES ${chunk.map(() => one).join(", ")}`;
      if (returning) out.push(...(await this.query<T>(tx, `${sql} RETURNING ${returning.map((c) => `"${c}"`).join(", ")}`, chunk.flat())));
      else await this.execute(tx, sql, chunk.flat());
    }
    return out;
  }

  /** `DELETE … WHERE <prefix> AND <column expr> IN (…)` in chunks. */
  async deleteIn(tx: Tx, sqlPrefix: string, prefixParams: unknown[], inExpr: string, values: unknown[], step?: () => Promise<void> | undefined): Promise<void> {
    for (let i = 0; i < values.length; i += ROWS_PER_INSERT) {
      if (i > 0) await step?.();
      const chunk = values.slice(i, i + ROWS_PER_INSERT);
      await this.execute(tx, `${sqlPrefix} AND ${inExpr} IN (${chunk.map(() => "?").join(", ")})`, [...prefixParams, ...chunk]);
    }
  }
}
