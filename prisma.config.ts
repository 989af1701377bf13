import { defineConfig } from "prisma/config";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { databaseUrl, ensureDatabaseDir } from "./lib/db/url";

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

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  adapter: async () => sqliteAdapter(),
});
