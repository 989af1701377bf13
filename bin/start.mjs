#!/usr/bin/env node
// `npm start`: apply migrations to the database (embedded SQLite under ./data/ unless DATABASE_URL says otherwise),
// load the demo data on the first run only, build the app if the build is missing or older than the sources, then
// serve it on PORT (default 3000).
import { spawnSync, spawn } from "node:child_process";
import { existsSync, statSync, readdirSync, mkdirSync, writeFileSync, rmSync, openSync, closeSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
process.chdir(root);
process.env.NEXT_TELEMETRY_DISABLED ??= "1";
process.env.CHECKPOINT_DISABLE ??= "1";
// SQLite: the server checkpoints the WAL in a worker thread, not inside the COMMIT of a request (lib/db/wal-checkpoint.ts)
process.env.HCINET_CHECKPOINT_WORKER ??= "1";
const bin = (name) => path.join(root, "node_modules", ".bin", name);

function run(cmd, args, what, timeoutMs = 300_000) {
  const r = spawnSync(cmd, args, { stdio: "inherit", env: process.env, timeout: timeoutMs, killSignal: "SIGKILL" });
  if (r.error?.code === "ETIMEDOUT") {
    console.error(`hcinet: ${what} did not finish within ${timeoutMs / 1000} s; stopped`);
    process.exit(1);
  }
  if (r.status !== 0) {
    console.error(`hcinet: ${what} failed (exit ${r.status ?? r.signal})`);
    process.exit(r.status ?? 1);
  }
}

/** Fail fast, with the reason, when the SQLite file or its folder cannot be written (instead of a migration that spins). */
function checkDatabasePath(url) {
  if (!url.startsWith("file:")) return;
  const file = path.resolve(url.slice("file:".length).split("?")[0]);
  const dir = path.dirname(file);
  const fail = (e) => {
    console.error(`hcinet: the database path ${file} is not writable (${e.code ?? e.message}). Set DATABASE_URL to a file in a writable folder, or fix the folder's permissions or mount.`);
    process.exit(1);
  };
  try {
    mkdirSync(dir, { recursive: true });
    const probe = path.join(dir, `.hcinet-write-probe-${process.pid}`);
    writeFileSync(probe, "");
    rmSync(probe);
    if (existsSync(file)) closeSync(openSync(file, "r+"));
  } catch (e) {
    fail(e);
  }
}

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === "node_modules" || entry.name === "generated" || entry.name.startsWith(".")) continue;
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

function buildIsStale() {
  const id = path.join(root, ".next", "BUILD_ID");
  if (!existsSync(id)) return true;
  const built = statSync(id).mtimeMs;
  const sources = Math.max(...["app", "components", "lib"].map((d) => newestMtime(path.join(root, d))), statSync(path.join(root, "package.json")).mtimeMs);
  return sources > built;
}

const databaseUrl = process.env.DATABASE_URL?.trim() || "file:./data/hcinet.db";
console.log(`hcinet: database ${databaseUrl}`);
checkDatabasePath(databaseUrl);
/**
 * SQLite: true when every migration folder is already recorded as applied. `prisma migrate deploy` cannot run while
 * another process has the file open (a second instance serving the same file: the schema engine gets SQLITE_BUSY), so
 * a second instance skips it when there is nothing to apply. PostgreSQL: always deploy (Prisma serializes concurrent
 * deploys with an advisory lock).
 */
async function sqliteMigrationsCurrent(url) {
  const file = path.resolve(url.slice("file:".length).split("?")[0]);
  if (!existsSync(file)) return false;
  const expected = readdirSync(path.join(root, "prisma", "migrations"), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
  try {
    const { default: Database } = await import("better-sqlite3");
    const conn = new Database(file, { readonly: true, fileMustExist: true, timeout: 5_000 });
    try {
      const applied = new Set(conn.prepare("SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL").all().map((r) => r.migration_name));
      return expected.every((m) => applied.has(m));
    } finally {
      conn.close();
    }
  } catch {
    return false;
  }
}

if (databaseUrl.startsWith("file:") && (await sqliteMigrationsCurrent(databaseUrl))) console.log("hcinet: migrations up to date");
else run(bin("prisma"), ["migrate", "deploy"], "database migration", 120_000);
run(process.execPath, [path.join(root, "bin", "hcinet.mjs"), "seed", "--if-empty"], "loading the demo data");
if (process.env.HCINET_SKIP_BUILD !== "1" && buildIsStale()) {
  console.log("hcinet: building the app (first start or sources changed)…");
  run(bin("next"), ["build"], "next build");
}
const port = process.env.PORT ?? "3000";
// first run: the first admin from HCINET_ADMIN_PASSWORD, or a one-time setup link printed here
run(process.execPath, [path.join(root, "bin", "hcinet.mjs"), "bootstrap", "--url", `http://${process.env.HOST && process.env.HOST !== "0.0.0.0" ? process.env.HOST : "localhost"}:${port}`], "account setup");
const args = ["start", "-p", port];
if (process.env.HOST) args.push("-H", process.env.HOST);
console.log(`hcinet: serving on http://localhost:${port}`);
const server = spawn(bin("next"), args, { stdio: "inherit", env: process.env });
// Graceful stop: pass the signal on (Next stops accepting and exits; an in-flight SQLite transaction that has not
// committed is rolled back by the journal), and make sure the server is gone within 10 s whatever state it is in.
let stopping = false;
for (const sig of ["SIGINT", "SIGTERM"]) {
  process.on(sig, () => {
    if (stopping) return;
    stopping = true;
    server.kill(sig);
    setTimeout(() => {
      console.error("hcinet: the server did not stop within 9 s; killing it");
      server.kill("SIGKILL");
    }, 9_000).unref();
  });
}
server.on("exit", (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
