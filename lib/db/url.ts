import { mkdirSync } from "node:fs";
import path from "node:path";

/** The database URL: DATABASE_URL, or the embedded SQLite file under ./data/. Relative paths resolve against the cwd. */
export const DEFAULT_DATABASE_URL = "file:./data/hcinet.db";

export function databaseUrl(): string {
  const env = process.env.DATABASE_URL?.trim();
  return env ? env : DEFAULT_DATABASE_URL;
}

export type StoreKind = "sqlite" | "postgresql";

/** postgresql://… or postgres://… selects the PostgreSQL store; anything else is the embedded SQLite store. */
export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//i.test(url);
}

export function storeKindOf(url: string = databaseUrl()): StoreKind {
  return isPostgresUrl(url) ? "postgresql" : "sqlite";
}

/** For a SQLite file URL, create the folder that will hold the file (SQLite will not). */
export function ensureDatabaseDir(url: string = databaseUrl()): void {
  if (!url.startsWith("file:")) return;
  const file = url.slice("file:".length).split("?")[0];
  if (file === ":memory:" || file === "") return;
  mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
}
