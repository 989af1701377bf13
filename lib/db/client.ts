import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "../generated/prisma/client";
import { databaseUrl, ensureDatabaseDir } from "./url";

export type Db = PrismaClient;

/** A Prisma client on the better-sqlite3 driver adapter for the given SQLite URL. */
export function createDb(url: string = databaseUrl()): Db {
  ensureDatabaseDir(url);
  return new PrismaClient({ adapter: new PrismaBetterSQLite3({ url }) });
}

const globalForDb = globalThis as unknown as { hcinetDb?: Db };

/** The process-wide client (one per process; survives Next's hot reload in development). */
export function db(): Db {
  if (!globalForDb.hcinetDb) globalForDb.hcinetDb = createDb();
  return globalForDb.hcinetDb;
}
