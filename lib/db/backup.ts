/**
 * Backup and restore of the store.
 * - SQLite: SQLite's online backup API (better-sqlite3 `backup()`): a consistent copy page by page while the server
 *   keeps serving (readers and the writer are not stopped; pages changed during the copy are copied again). Restore
 *   checks the file (integrity_check, hcinet's migrations table) and copies it into the live database through the
 *   same API, so a running server sees the restored data at its next transaction.
 * - PostgreSQL: `pg_dump --format=custom` / `pg_restore --clean --if-exists --no-owner` on DATABASE_URL.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
// @ts-expect-error better-sqlite3 ships no types; the part used here is typed below
import BetterSqlite3 from "better-sqlite3";
import { AppError } from "../errors";
import { storeKindOf } from "./url";

interface SqliteConn {
  backup(destination: string): Promise<{ totalPages: number; remainingPages: number }>;
  pragma(sql: string, options?: { simple?: boolean }): unknown;
  prepare(sql: string): { get(): unknown };
  close(): void;
}
const Database = BetterSqlite3 as new (file: string, options?: { readonly?: boolean; fileMustExist?: boolean; timeout?: number }) => SqliteConn;

function sqliteFile(url: string): string {
  return path.resolve(url.slice("file:".length).split("?")[0]);
}

function pgTool(name: string): string {
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) if (dir && existsSync(path.join(dir, name))) return path.join(dir, name);
  const base = "/usr/lib/postgresql";
  if (existsSync(base)) for (const v of readdirSync(base).sort((a, b) => Number(b) - Number(a))) if (existsSync(path.join(base, v, "bin", name))) return path.join(base, v, "bin", name);
  throw new AppError(500, "tool_missing", `${name} not found: install PostgreSQL's client tools (apt-get install -y postgresql-client)`);
}

function runTool(tool: string, args: string[]): void {
  const r = spawnSync(pgTool(tool), args, { encoding: "utf8", timeout: 3_600_000 });
  if (r.status !== 0) throw new AppError(500, `${tool}_failed`, `${tool} failed: ${(r.stderr || r.stdout || r.error?.message || "").trim()}`);
}

export interface BackupResult {
  store: "sqlite" | "postgresql";
  file: string;
  pages?: number;
}

export async function backup(url: string, outFile: string): Promise<BackupResult> {
  const out = path.resolve(outFile);
  if (storeKindOf(url) === "postgresql") {
    runTool("pg_dump", ["--format=custom", "--no-owner", `--file=${out}`, `--dbname=${url}`]);
    return { store: "postgresql", file: out };
  }
  const file = sqliteFile(url);
  if (!existsSync(file)) throw new AppError(404, "not_found", `no database at ${file}`);
  if (path.resolve(file) === out) throw new AppError(422, "invalid", "the backup file must not be the database itself");
  const src = new Database(file, { readonly: true, fileMustExist: true, timeout: 5_000 });
  try {
    const r = await src.backup(out);
    return { store: "sqlite", file: out, pages: r.totalPages };
  } finally {
    src.close();
  }
}

export async function restore(url: string, inFile: string): Promise<BackupResult> {
  const from = path.resolve(inFile);
  if (!existsSync(from)) throw new AppError(404, "not_found", `no backup at ${from}`);
  if (storeKindOf(url) === "postgresql") {
    runTool("pg_restore", ["--clean", "--if-exists", "--no-owner", "--single-transaction", `--dbname=${url}`, from]);
    return { store: "postgresql", file: from };
  }
  const src = new Database(from, { readonly: true, fileMustExist: true });
  try {
    let check: unknown;
    try {
      check = src.pragma("integrity_check", { simple: true });
      src.prepare("SELECT COUNT(*) AS n FROM _prisma_migrations").get();
    } catch (e) {
      throw new AppError(422, "invalid_backup", `${from} is not an hcinet SQLite backup: ${(e as Error).message}`);
    }
    if (check !== "ok") throw new AppError(422, "invalid_backup", `${from} failed SQLite's integrity check: ${String(check)}`);
    const r = await src.backup(sqliteFile(url));
    return { store: "sqlite", file: from, pages: r.totalPages };
  } finally {
    src.close();
  }
}
