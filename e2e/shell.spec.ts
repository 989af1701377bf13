import { expect, test, type Dialog, type Page } from "@playwright/test";
import { PAGES } from "./pages";

/**
 * Issue 14, the parts around the pages: the sign-in and setup pages carry the language and theme switches; leaving
 * the wizard or an edited YAML object with the browser's Back button asks first (as links already do); and no page
 * logs a console error or has a failed request on a cold load.
 */

const anonymous = { storageState: { cookies: [], origins: [] } };

/** Runs `act` (which makes the page ask "unsaved changes?") and answers the question; returns its text. */
async function answer(page: Page, act: () => Promise<unknown>, leave: boolean): Promise<string> {
  const dialog = page.waitForEvent("dialog");
  const acted = act();
  const d: Dialog = await dialog;
  const message = d.message();
  if (leave) await d.accept();
  else await d.dismiss();
  await acted;
  return message;
}

const back = (page: Page) => page.evaluate(() => window.history.back());

test.describe("sign-in and setup pages", () => {
  test("the sign-in page switches language and theme before anyone signs in; the choice stays after signing in", async ({ browser }) => {
    const ctx = await browser.newContext(anonymous);
    const page = await ctx.newPage();
    await page.goto("/signin");
    await expect(page.getByRole("heading", { name: "Sign in to hcinet" })).toBeVisible();
    // no sidebar before signing in: the switches are on the page itself
    await expect(page.getByRole("navigation", { name: "Main" })).toHaveCount(0);
    await page.getByRole("combobox", { name: "Language" }).selectOption("ja");
    await expect(page.getByRole("heading", { name: "hcinet にサインイン" })).toBeVisible();
    await expect(page.locator("html")).toHaveAttribute("lang", "ja");
    await expect(page.getByLabel("ユーザー名")).toBeVisible();
    await page.getByRole("button", { name: "ダークテーマに切り替え" }).click();
    await expect(page.locator("html")).toHaveClass(/dark/);
    await expect(page.getByText("テーマ: ダーク")).toBeVisible();
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: "tmp/screenshots/signin-ja-dark-390.png" });
    // the choice is a cookie: the next page (after a reload) keeps it
    await page.reload();
    await expect(page.getByRole("heading", { name: "hcinet にサインイン" })).toBeVisible();
    await expect(page.locator("html")).toHaveClass(/dark/);
    await page.getByRole("combobox", { name: "言語" }).selectOption("en");
    await page.getByRole("button", { name: "Switch to light theme" }).click();
    await expect(page.locator("html")).not.toHaveClass(/dark/);
    await page.screenshot({ path: "tmp/screenshots/signin-en-light-390.png" });
    await ctx.close();
  });

  test("the setup page has the switches too", async ({ browser }) => {
    const ctx = await browser.newContext(anonymous);
    const page = await ctx.newPage();
    await page.goto("/setup?token=e2e-not-a-real-token");
    await expect(page.getByRole("heading", { name: "Create the first admin" })).toBeVisible();
    await page.getByRole("combobox", { name: "Language" }).selectOption("ja");
    await expect(page.getByRole("heading", { name: "最初の管理者を作成" })).toBeVisible();
    await page.getByRole("button", { name: "ダークテーマに切り替え" }).click();
    await expect(page.locator("html")).toHaveClass(/dark/);
    await ctx.close();
  });
});

test.describe("the browser's Back button asks before unsaved changes are lost", () => {
  test("cluster wizard: Back asks; staying keeps every field, leaving goes where Back was meant to go", async ({ page }) => {
    await page.goto("/clusters");
    await expect(page.getByTestId("clusters-table")).toBeVisible();
    await page.getByRole("main").getByRole("link", { name: "New cluster" }).click();
    await expect(page).toHaveURL(/\/clusters\/new$/);
    await page.getByLabel("Cluster name").fill("backcluster");
    await page.getByTestId("network-option-demonet").click();

    const q = await answer(page, () => back(page), false);
    expect(q).toContain("unsaved changes");
    await page.waitForTimeout(300);
    await expect(page).toHaveURL(/\/clusters\/new$/);
    await expect(page.getByLabel("Cluster name")).toHaveValue("backcluster");

    // asked again on the next Back (the guard is back in place); this time leave
    await answer(page, () => back(page), true);
    await expect(page).toHaveURL(/\/clusters$/);
    await expect(page.getByTestId("clusters-table")).toBeVisible();
  });

  test("New network form: Back asks", async ({ page }) => {
    await page.goto("/clusters");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Networks" }).click();
    await page.getByRole("button", { name: "New network" }).click();
    const form = page.getByRole("form", { name: "New-AksHciClusterNetwork" });
    await form.getByLabel("Name", { exact: true }).fill("backnet");
    await answer(page, () => back(page), false);
    await page.waitForTimeout(300);
    await expect(form.getByLabel("Name", { exact: true })).toHaveValue("backnet");
    await answer(page, () => back(page), true);
    await expect(page).toHaveURL(/\/clusters$/);
  });

  test("YAML tab: an edited object asks on Back, and on an in-app link", async ({ page }) => {
    await page.goto("/clusters/shopflannel/services");
    await expect(page.getByTestId("services-table")).toBeVisible();
    await page.goto("/clusters/shopflannel/yaml?object=Service/shop/frontend");
    const editor = page.getByLabel("YAML of Service shop/frontend");
    await expect(editor).toHaveValue(/kind: Service/);
    await editor.fill((await editor.inputValue()).replace("name: frontend", "name: frontend # edited on the way back"));

    const url = page.url();
    await answer(page, () => back(page), false);
    await page.waitForTimeout(300);
    expect(page.url()).toBe(url);
    await expect(editor).toHaveValue(/# edited on the way back/);

    // an in-app link asks too
    await answer(page, () => page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Networks" }).click(), false);
    await page.waitForTimeout(300);
    expect(page.url()).toBe(url);

    await answer(page, () => back(page), true);
    await expect(page).toHaveURL(/\/clusters\/shopflannel\/services$/);
    await expect(page.getByTestId("services-table")).toBeVisible();
  });

  test("nothing edited: Back goes back without asking", async ({ page }) => {
    let asked = false;
    page.on("dialog", (d) => {
      asked = true;
      void d.dismiss();
    });
    await page.goto("/clusters");
    await page.getByRole("main").getByRole("link", { name: "New cluster" }).click();
    await expect(page.getByTestId("wizard-steps")).toBeVisible();
    await back(page);
    await expect(page).toHaveURL(/\/clusters$/);
    expect(asked).toBe(false);
  });
});

test.describe("cold loads are clean", () => {
  for (const p of PAGES) {
    test(`${p.name} (${p.path}): no console error, no failed request`, async ({ browser }) => {
      const ctx = await browser.newContext(p.anonymous ? anonymous : {});
      const page = await ctx.newPage();
      const problems: string[] = [];
      page.on("console", (m) => {
        if (m.type() === "error") problems.push(`console error: ${m.text()}`);
      });
      page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
      page.on("requestfailed", (r) => {
        const error = r.failure()?.errorText ?? "";
        // Next cancels its own speculative link prefetches (`?_rsc=`) when it no longer needs them: not a failure
        if (error.includes("ERR_ABORTED") && new URL(r.url()).searchParams.has("_rsc")) return;
        problems.push(`request failed: ${r.method()} ${r.url()} ${error}`);
      });
      page.on("response", (r) => {
        if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.request().method()} ${r.url()}`);
      });
      await page.goto(p.path);
      await expect(p.ready(page)).toBeVisible();
      await page.waitForLoadState("networkidle");
      expect(problems, problems.join("\n")).toEqual([]);
      await ctx.close();
    });
  }
});
