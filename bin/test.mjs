#!/usr/bin/env node
// `npm test`: type check, unit + API tests (vitest), Playwright journeys in Debian's chromium. Ends with one line
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
      failed += s.unexpected + (ok || s.unexpected > 0 ? 0 : 1);
    } else failed++;
  }
}

console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
