import { PrismaClient } from "../generated/prisma/client";
import { databaseUrl, ensureDatabaseDir } from "./url";
import { SafeSqliteFactory, type SqliteStoreOptions } from "./sqlite";

export type Db = PrismaClient;

const factories = new WeakMap<Db, SafeSqliteFactory>();

/**
 * A Prisma client on the store for the given URL. Today the store is SQLite (WAL, one guarded writer, a separate
 * reader connection; see sqlite.ts); a PostgreSQL store would plug in here as another driver-adapter factory.
 */
export function createDb(url: string = databaseUrl(), options: SqliteStoreOptions = {}): Db {
  ensureDatabaseDir(url);
  const factory = new SafeSqliteFactory(url, options);
  const client = new PrismaClient({ adapter: factory });
  factories.set(client, factory);
  return client;
}

/** The store behind a client (its kind, its connected adapter and counters). */
export function storeOf(client: Db): SafeSqliteFactory | undefined {
  return factories.get(client);
}

const globalForDb = globalThis as unknown as { hcinetDb?: Db };

/** The process-wide client (one per process; survives Next's hot reload in development). */
export function db(): Db {
  if (!globalForDb.hcinetDb) globalForDb.hcinetDb = createDb();
  return globalForDb.hcinetDb;
}
