#!/usr/bin/env node
// `npm run test:pg`: starts a private PostgreSQL in a temp dir (loopback, unprivileged), then
//   1. the PostgreSQL migration drift check,
//   2. the API suites with TEST_STORE=postgresql (every tests/api file except the SQLite-only store-fault ones),
//   3. the two-instance hammer (`--hammer`, also run by `npm test`),
// and stops the server. Prints "N passed, N failed"; exits non-zero on any failure.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startPrivatePg } from "./pg-cluster.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
process.chdir(root);
process.env.CHECKPOINT_DISABLE = "1";
process.env.NEXT_TELEMETRY_DISABLED = "1";
// store-fault suites cause SQLite faults; crash.test.ts waits for the SQLite adapter's transaction counter before it kills
const SQLITE_ONLY = new Set(["store-disk.test.ts", "store-faults.test.ts", "store-readonly.test.ts", "crash.test.ts"]);
const withHammer = process.argv.includes("--hammer");

const cluster = await startPrivatePg();
console.log(`pg-test: private PostgreSQL on ${cluster.url}`);
let passed = 0;
let failed = 0;
const step = (title, cmd, args, env = {}) => {
  console.log(`\n=== ${title} ===`);
  return spawnSync(cmd, args, { stdio: "inherit", env: { ...process.env, ...env } }).status === 0;
};
try {
  if (step("PostgreSQL migration drift check", process.execPath, ["bin/check-migrations.mjs", "--require-pg"], { PG_URL: cluster.url })) passed++;
  else failed++;

  const files = readdirSync(path.join(root, "tests", "api")).filter((f) => f.endsWith(".test.ts") && !SQLITE_ONLY.has(f)).map((f) => `tests/api/${f}`);
  const out = path.join(root, "tmp", "test-results");
  mkdirSync(out, { recursive: true });
  const json = path.join(out, "vitest-pg.json");
  const ok = step("API suites on PostgreSQL (vitest, TEST_STORE=postgresql)", path.join(root, "node_modules", ".bin", "vitest"),
    ["run", ...files, "--reporter=default", "--reporter=json", `--outputFile.json=${json}`],
    { TEST_STORE: "postgresql", TEST_PG_URL: cluster.url });
  if (existsSync(json)) {
    const r = JSON.parse(readFileSync(json, "utf8"));
    passed += r.numPassedTests;
    failed += r.numFailedTests + (ok || r.numFailedTests > 0 ? 0 : 1);
  } else failed++;

  if (withHammer) {
    if (step("two-instance hammer on PostgreSQL", process.execPath, ["tests/hammer/hammer.mjs", "--store", "postgresql"], { PG_URL: cluster.url })) passed++;
    else failed++;
  }
} finally {
  cluster.stop();
}
console.log(`\npg-test: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
