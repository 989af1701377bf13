#!/usr/bin/env node
// Migration drift check for both stores (used by .ci/run and bin/pg-test.mjs). Fails when:
// - prisma/postgresql/schema.prisma is not what bin/pg-schema.mjs generates from prisma/schema.prisma;
// - prisma/migrations (SQLite) do not produce prisma/schema.prisma;
// - prisma/postgresql/migrations do not produce prisma/postgresql/schema.prisma (replayed in a shadow database on a
//   PostgreSQL server: PG_URL / TEST_PG_URL if set, else a private cluster started for the check; skipped with a
//   notice only when no PostgreSQL binaries are installed, unless --require-pg).
import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { findPgBin, startPrivatePg } from "./pg-cluster.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
process.chdir(root);
const prisma = path.join(root, "node_modules", ".bin", "prisma");
let failed = false;

function step(title, cmd, args, env = {}) {
  const r = spawnSync(cmd, args, { encoding: "utf8", env: { ...process.env, CHECKPOINT_DISABLE: "1", ...env } });
  if (r.status === 0) console.log(`ok   ${title}`);
  else {
    failed = true;
    console.error(`FAIL ${title} (exit ${r.status})\n${(r.stdout + r.stderr).trim().split("\n").slice(-8).join("\n")}`);
  }
}

step("postgresql schema generated from the SQLite schema", process.execPath, [path.join(root, "bin", "pg-schema.mjs"), "--check"]);
const tmp = mkdtempSync(path.join(os.tmpdir(), "hcinet-drift-"));
step("sqlite: prisma/migrations match prisma/schema.prisma", prisma,
  ["migrate", "diff", "--from-migrations", "prisma/migrations", "--to-schema-datamodel", "prisma/schema.prisma", "--exit-code"],
  { DATABASE_URL: `file:${path.join(tmp, "drift.db")}` });

let server = process.env.PG_URL || process.env.TEST_PG_URL;
let cluster = null;
if (!server && findPgBin()) {
  cluster = await startPrivatePg();
  server = cluster.url;
}
if (server) {
  try {
    step("postgresql: prisma/postgresql/migrations match prisma/postgresql/schema.prisma", prisma,
      ["migrate", "diff", "--from-migrations", "prisma/postgresql/migrations", "--to-schema-datamodel", "prisma/postgresql/schema.prisma", "--exit-code"],
      { DATABASE_URL: server });
  } finally {
    cluster?.stop();
  }
} else if (process.argv.includes("--require-pg")) {
  failed = true;
  console.error("FAIL postgresql drift check: no PostgreSQL server (set PG_URL or install postgresql)");
} else console.log("skip postgresql drift check: no PostgreSQL binaries (apt-get install -y postgresql)");

if (failed) {
  console.error("migrations drifted: see README (adding a migration, both stores)");
  process.exit(1);
}
