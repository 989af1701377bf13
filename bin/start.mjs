#!/usr/bin/env node
// `npm start`: apply migrations to the database (embedded SQLite under ./data/ unless DATABASE_URL says otherwise),
// load the demo data on the first run only, build the app if the build is missing or older than the sources, then
// serve it on PORT (default 3000).
import { spawnSync, spawn } from "node:child_process";
import { existsSync, statSync, readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
process.chdir(root);
process.env.NEXT_TELEMETRY_DISABLED ??= "1";
process.env.CHECKPOINT_DISABLE ??= "1";
const bin = (name) => path.join(root, "node_modules", ".bin", name);

function run(cmd, args, what) {
  const r = spawnSync(cmd, args, { stdio: "inherit", env: process.env });
  if (r.status !== 0) {
    console.error(`hcinet: ${what} failed (exit ${r.status ?? r.signal})`);
    process.exit(r.status ?? 1);
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

console.log(`hcinet: database ${process.env.DATABASE_URL ?? "file:./data/hcinet.db"}`);
run(bin("prisma"), ["migrate", "deploy"], "database migration");
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
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => server.kill(sig));
server.on("exit", (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
