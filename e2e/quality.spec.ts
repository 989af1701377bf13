import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { PAGES, type AppPage } from "./pages";

/**
 * The bar every page meets (issue 14): no serious or critical axe-core violation in light/English and dark/Japanese,
 * and on a 390×844 phone no horizontal page scrolling, with the primary action and the language/theme switches
 * reachable. The pages come from e2e/pages.ts (one line per page).
 */

async function prefer(page: Page, lang: "en" | "ja", theme: "light" | "dark") {
  const url = new URL(test.info().project.use.baseURL ?? "http://127.0.0.1");
  await page.context().addCookies([
    { name: "hcinet-lang", value: lang, domain: url.hostname, path: "/" },
    { name: "hcinet-theme", value: theme, domain: url.hostname, path: "/" },
  ]);
}

/** The page to check: the signed-in admin's, or for `anonymous` pages (sign-in, setup) one in a fresh context. */
async function pageFor(p: AppPage, page: Page, browser: Browser): Promise<Page> {
  if (!p.anonymous) return page;
  const ctx = await browser.newContext({ storageState: { cookies: [], origins: [] }, viewport: page.viewportSize() ?? undefined });
  return ctx.newPage();
}

const MODES = [
  { lang: "en", theme: "light" },
  { lang: "ja", theme: "dark" },
] as const;

for (const p of PAGES) {
  for (const m of MODES) {
    test(`axe: ${p.name} (${p.path}) in ${m.theme}/${m.lang} has no serious or critical violation`, async ({ page: signedIn, browser }) => {
      const page = await pageFor(p, signedIn, browser);
      await prefer(page, m.lang, m.theme);
      await page.goto(p.path);
      await expect(p.ready(page)).toBeVisible();
      await expect(page.locator("html")).toHaveAttribute("lang", m.lang);
      if (m.theme === "dark") await expect(page.locator("html")).toHaveClass(/dark/);
      // let transitions (tailwind `transition`) settle so colours are final
      await page.waitForTimeout(300);
      const result = await new AxeBuilder({ page }).analyze();
      const bad = result.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
      const report = bad.map((v) => `${v.id} (${v.impact}): ${v.help}\n${v.nodes.slice(0, 8).map((n) => `   ${n.target.join(" ")} — ${n.failureSummary?.split("\n").slice(1).join(" ")}`).join("\n")}${v.nodes.length > 8 ? `\n   … ${v.nodes.length - 8} more` : ""}`);
      expect(report, report.join("\n")).toEqual([]);
    });
  }

  test(`phone: ${p.name} (${p.path}) at 390×844 scrolls only vertically and its primary action is reachable`, async ({ page: signedIn, browser }) => {
    const page = await pageFor(p, signedIn, browser);
    await page.setViewportSize({ width: 390, height: 844 });
    await prefer(page, "en", "light");
    await page.goto(p.path);
    await expect(p.ready(page)).toBeVisible();
    const widths = await page.evaluate(() => ({ doc: document.documentElement.scrollWidth, body: document.body.scrollWidth, inner: window.innerWidth }));
    expect(widths.doc, `page is ${widths.doc} px wide at ${widths.inner} px`).toBeLessThanOrEqual(widths.inner);
    expect(widths.body, `body is ${widths.body} px wide at ${widths.inner} px`).toBeLessThanOrEqual(widths.inner);
    for (const [what, loc] of [
      ["primary action", p.primary(page)],
      ["language switch", page.getByRole("combobox", { name: "Language" })],
      ["theme switch", page.getByRole("button", { name: /theme/i })],
    ] as const) {
      await expect(loc, what).toBeVisible();
      await loc.scrollIntoViewIfNeeded();
      const box = await loc.boundingBox();
      expect(box, what).not.toBeNull();
      expect(box!.x, `${what} starts left of the screen`).toBeGreaterThanOrEqual(0);
      expect(box!.x + box!.width, `${what} ends right of the screen`).toBeLessThanOrEqual(390);
    }
    await page.screenshot({ path: `tmp/screenshots/phone-${p.name.replace(/\W+/g, "-")}.png`, fullPage: true });
  });
}
