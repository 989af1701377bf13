import { defineConfig } from "@playwright/test";
import { ADMIN_STATE, E2E_ADMIN_PASSWORD } from "./e2e/auth-env";

const PORT = Number(process.env.E2E_PORT ?? 3200);

/**
 * Browser journeys in Debian's chromium (/usr/bin/chromium; never `playwright install`). The web server is the real
 * app: fresh SQLite file, migrations, demo data, production build, `next start` on loopback.
 */
export default defineConfig({
  testDir: "e2e",
  workers: 1,
  // CI (a loaded 2-core machine) runs a journey that failed once more; `npm test` reports every such journey as flaky,
  // by name, so a race is visible and gets fixed rather than hidden
  retries: process.env.CI ? 1 : 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  outputDir: "tmp/playwright",
  // signs in as the admin and saves the session: every journey runs signed in unless it opens its own context
  globalSetup: "./e2e/global-setup.ts",
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    storageState: ADMIN_STATE,
    browserName: "chromium",
    headless: true,
    viewport: { width: 1400, height: 900 },
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    },
  },
  webServer: {
    command: `rm -f tmp/e2e.db* && node bin/start.mjs`,
    url: `http://127.0.0.1:${PORT}/api/networks`,
    reuseExistingServer: false,
    timeout: 240_000,
    stdout: "pipe",
    env: {
      DATABASE_URL: "file:./tmp/e2e.db",
      PORT: String(PORT),
      HOST: "127.0.0.1",
      NEXT_TELEMETRY_DISABLED: "1",
      CHECKPOINT_DISABLE: "1",
      // the first admin ("admin") is created from this on the fresh database
      HCINET_ADMIN_PASSWORD: E2E_ADMIN_PASSWORD,
      // request lines (pino, info) would drown the journeys' output; warnings and errors still show
      LOG_LEVEL: "warn",
    },
  },
});
