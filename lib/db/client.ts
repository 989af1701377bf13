import { PrismaClient } from "../generated/prisma/client";
import { PrismaClient as PgPrismaClient } from "../generated/prisma-pg/client";
import { databaseUrl, ensureDatabaseDir, storeKindOf, type StoreKind } from "./url";
import { SafeSqliteFactory, type SqliteStoreOptions } from "./sqlite";
import { PgFactory, type PgStoreOptions } from "./pg";

/**
 * The Prisma client every lib/db function takes. Both stores share one data model (prisma/postgresql/schema.prisma
 * is generated from prisma/schema.prisma), so the PostgreSQL client has the same API and is typed as this one.
 */
export type Db = PrismaClient;

const factories = new WeakMap<Db, SafeSqliteFactory>();
const kinds = new WeakMap<Db, StoreKind>();

/**
 * A Prisma client on the store for the given URL: postgresql://… → PostgreSQL (pg pool, see pg.ts); anything else →
 * the embedded SQLite file (WAL, one guarded writer, a separate reader connection; see sqlite.ts).
 */
export function createDb(url: string = databaseUrl(), options: SqliteStoreOptions & PgStoreOptions = {}): Db {
  if (storeKindOf(url) === "postgresql") {
    const client = new PgPrismaClient({ adapter: new PgFactory(url, options) }) as unknown as Db;
    kinds.set(client, "postgresql");
    return client;
  }
  ensureDatabaseDir(url);
  const factory = new SafeSqliteFactory(url, options);
  const client = new PrismaClient({ adapter: factory });
  factories.set(client, factory);
  kinds.set(client, "sqlite");
  return client;
}

/** The SQLite store behind a client (its connected adapter and counters); undefined on PostgreSQL. */
export function storeOf(client: Db): SafeSqliteFactory | undefined {
  return factories.get(client);
}

/** Which store a client talks to. */
export function storeKind(client: Db): StoreKind {
  return kinds.get(client) ?? "sqlite";
}

const globalForDb = globalThis as unknown as { hcinetDb?: Db };

/** The process-wide client (one per process; survives Next's hot reload in development). */
export function db(): Db {
  if (!globalForDb.hcinetDb) globalForDb.hcinetDb = createDb();
  return globalForDb.hcinetDb;
}
