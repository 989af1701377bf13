#!/usr/bin/env node
// `npm test`: type check, unit + API tests (vitest), Playwright journeys in Debian's chromium, the two-instance hammer
// on SQLite, and (when PostgreSQL's binaries are installed) the API suites + hammer on a private PostgreSQL. Ends with one line
// "N passed, N failed" summing every suite, and exits non-zero on any failure.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
process.chdir(root);
process.env.NEXT_TELEMETRY_DISABLED = "1";
process.env.CHECKPOINT_DISABLE = "1";
const bin = (name) => path.join(root, "node_modules", ".bin", name);
const out = path.join(root, "tmp", "test-results");
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

let passed = 0;
let failed = 0;
const flaky = [];

/** Journeys that failed and then passed on the retry (CI only), from Playwright's JSON report. */
function flakyJourneys(report) {
  const found = [];
  const walk = (suite, titles) => {
    for (const spec of suite.specs ?? []) {
      for (const t of spec.tests ?? []) if (t.status === "flaky") found.push([...titles, spec.title].filter(Boolean).join(" › ") + ` (${spec.file}:${spec.line})`);
    }
    for (const child of suite.suites ?? []) walk(child, [...titles, child.title]);
  };
  for (const s of report.suites ?? []) walk(s, []);
  return found;
}
const only = process.argv.slice(2); // e.g. `npm test -- unit` or `npm test -- e2e`
const want = (s) => only.length === 0 || only.includes(s);

function step(title, cmd, args, env = {}) {
  console.log(`\n=== ${title} ===`);
  const r = spawnSync(cmd, args, { stdio: "inherit", env: { ...process.env, ...env } });
  return r.status === 0;
}

if (want("types")) {
  if (step("type check (tsc --noEmit)", bin("tsc"), ["--noEmit"])) passed++;
  else failed++;
}

if (want("unit")) {
  const json = path.join(out, "vitest.json");
  const ok = step("unit and API tests (vitest)", bin("vitest"), ["run", "--reporter=default", "--reporter=json", `--outputFile.json=${json}`]);
  if (existsSync(json)) {
    const r = JSON.parse(readFileSync(json, "utf8"));
    passed += r.numPassedTests;
    failed += r.numFailedTests + (ok || r.numFailedTests > 0 ? 0 : 1);
  } else failed++;
}

if (want("e2e")) {
  const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
  if (!existsSync(chromium)) {
    console.error(`\n=== browser journeys (Playwright) ===\nChromium is missing at ${chromium}. Install Debian's build:\n  apt-get update && apt-get install -y chromium\n(never 'npx playwright install': this machine cannot download browsers)`);
    failed++;
  } else {
    const json = path.join(out, "playwright.json");
    const ok = step("browser journeys (Playwright, chromium)", bin("playwright"), ["test", "--reporter=list,json"], { PLAYWRIGHT_JSON_OUTPUT_NAME: json });
    if (existsSync(json)) {
      const s = JSON.parse(readFileSync(json, "utf8")).stats;
      passed += s.expected + s.flaky;
      if (s.flaky > 0) flaky.push(...flakyJourneys(JSON.parse(readFileSync(json, "utf8"))));
      failed += s.unexpected + (ok || s.unexpected > 0 ? 0 : 1);
    } else failed++;
  }
}

if (want("hammer")) {
  // two `node bin/start.mjs` instances on one SQLite file, parallel creates/scales/applies/deletes, then a duplicate check
  if (step("two-instance hammer on SQLite", process.execPath, [path.join(root, "tests", "hammer", "hammer.mjs"), "--store", "sqlite"])) passed++;
  else failed++;
}

if (want("pg")) {
  // the API suites, the drift check and the hammer again on a private PostgreSQL, when its binaries are installed
  const { findPgBin } = await import("./pg-cluster.mjs");
  if (!findPgBin()) console.log("\n=== PostgreSQL suites ===\nskipped: no initdb/pg_ctl (apt-get install -y postgresql)");
  else {
    const r = spawnSync(process.execPath, [path.join(root, "bin", "pg-test.mjs"), "--hammer"], { stdio: ["inherit", "pipe", "inherit"], encoding: "utf8" });
    process.stdout.write(r.stdout ?? "");
    const m = /pg-test: (\d+) passed, (\d+) failed/.exec(r.stdout ?? "");
    if (m) {
      passed += Number(m[1]);
      failed += Number(m[2]);
    } else failed++;
  }
}

if (flaky.length > 0) console.log(`\nflaky (failed once, passed on the retry; fix the race):\n${flaky.map((f) => `  ${f}`).join("\n")}`);
console.log(`\n${passed} passed, ${failed} failed${flaky.length > 0 ? ` (${flaky.length} flaky)` : ""}`);
process.exit(failed > 0 ? 1 : 0);
