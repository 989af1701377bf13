#!/usr/bin/env node
// Writes prisma/postgresql/schema.prisma from prisma/schema.prisma (the one source of the data model), so the two
// providers can never disagree on models. Differences, all mechanical:
// - datasource provider "postgresql"; the client is generated into lib/generated/prisma-pg;
// - `addressNum Int` becomes `Int @db.Oid` (an IPv4 address as an unsigned 32-bit number does not fit PostgreSQL's
//   int4; oid is unsigned 32-bit, and Prisma still reads and writes it as a JS number).
// `--check` exits 1 when the file on disk is not what this script would write (used by .ci/run).
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const src = path.join(root, "prisma", "schema.prisma");
const out = path.join(root, "prisma", "postgresql", "schema.prisma");

export function toPostgres(text) {
  let s = text
    .replace(/output\s*=\s*"\.\.\/lib\/generated\/prisma"/, 'output     = "../../lib/generated/prisma-pg"')
    .replace(/provider\s*=\s*"sqlite"/, 'provider = "postgresql"')
    .replace(/url\s*=\s*"file:[^"]*"[^\n]*/, 'url      = "postgresql://localhost/hcinet" // ignored at run time: lib/db and prisma.config.ts use DATABASE_URL')
    .replace(/^(\s*addressNum\s+Int)(\s*)$/gm, "$1 @db.Oid");
  if (s.includes('"sqlite"')) throw new Error("pg-schema: a sqlite provider is left in the schema");
  return `// GENERATED from prisma/schema.prisma by bin/pg-schema.mjs: do not edit; edit that file and run \`npm run db:pg-schema\`.\n${s}`;
}

const want = toPostgres(readFileSync(src, "utf8"));
if (process.argv.includes("--check")) {
  let have = "";
  try {
    have = readFileSync(out, "utf8");
  } catch {}
  if (have !== want) {
    console.error("prisma/postgresql/schema.prisma is out of date with prisma/schema.prisma: run `npm run db:pg-schema` and add a PostgreSQL migration");
    process.exit(1);
  }
  console.log("prisma/postgresql/schema.prisma matches prisma/schema.prisma");
} else {
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, want);
  console.log(`wrote ${path.relative(root, out)}`);
}
