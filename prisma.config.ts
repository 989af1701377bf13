import { defineConfig } from "prisma/config";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PgFactory } from "./lib/db/pg";
import { databaseUrl, ensureDatabaseDir, isPostgresUrl } from "./lib/db/url";

function sqliteAdapter() {
  ensureDatabaseDir();
  const factory = new PrismaBetterSQLite3({ url: databaseUrl() });
  const connectShadow = factory.connectToShadowDb.bind(factory);
  factory.connectToShadowDb = async () => {
    const adapter = await connectShadow();
    const executeRaw = adapter.executeRaw.bind(adapter);
    // Migration replay sends a whole migration.sql through executeRaw; better-sqlite3's prepare() takes one
    // statement, so argument-less SQL goes through executeScript instead.
    adapter.executeRaw = async (q) => (q.args.length === 0 ? (await adapter.executeScript(q.sql), 0) : executeRaw(q));
    return adapter;
  };
  return factory;
}

// DATABASE_URL=postgresql://… selects the PostgreSQL schema (generated from prisma/schema.prisma by bin/pg-schema.mjs)
// and its own migrations; anything else is the embedded SQLite store. HCINET_PRISMA_STORE=postgresql forces the
// PostgreSQL schema without a URL (for `prisma generate`).
const pg = isPostgresUrl(databaseUrl()) || process.env.HCINET_PRISMA_STORE === "postgresql";

export default pg
  ? defineConfig({
      experimental: { adapter: true },
      engine: "js",
      schema: "prisma/postgresql/schema.prisma",
      migrations: { path: "prisma/postgresql/migrations" },
      adapter: async () => new PgFactory(databaseUrl(), { max: 2 }),
    })
  : defineConfig({
      experimental: { adapter: true },
      engine: "js",
      schema: "prisma/schema.prisma",
      migrations: { path: "prisma/migrations" },
      adapter: async () => sqliteAdapter(),
    });
