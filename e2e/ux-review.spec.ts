import { expect, test, type Page } from "@playwright/test";

/**
 * The fresh-eyes review of every page (issue 14, round 4): what a reader of the Japanese pages saw in English, and
 * Japanese labels squeezed into one character per line on a phone. Each assertion names a defect that was seen and
 * fixed, so it cannot come back unnoticed.
 */

async function prefer(page: Page, lang: "en" | "ja", theme: "light" | "dark" = "light") {
  const url = new URL(test.info().project.use.baseURL ?? "http://127.0.0.1");
  await page.context().addCookies([
    { name: "hcinet-lang", value: lang, domain: url.hostname, path: "/" },
    { name: "hcinet-theme", value: theme, domain: url.hostname, path: "/" },
  ]);
}

test.describe("UI review: Japanese pages read as Japanese", () => {
  test("cluster assumptions, NetworkPolicy peers, audit actions and allocation owners are in Japanese", async ({ page }) => {
    await prefer(page, "ja", "dark");

    // the cluster's assumptions were the API's English sentences
    await page.goto("/clusters/shopcalico");
    const notes = page.getByTestId("cluster-assumptions");
    await expect(notes.getByTestId("assumption").first()).toContainText("controlPlaneNodeCount は 1、3、5 のいずれかに限定");
    await expect(notes).toContainText("クラスター DNS 10.96.0.10 とドメイン cluster.local は kubeadm の既定値");
    await expect(notes).not.toContainText("are kubeadm defaults");
    await expect(notes).not.toContainText("Upgrade spares:");

    // the Network policies tab wrote each peer kubectl-style in English ("pods tier=web in namespace shop")
    await page.goto("/clusters/shopcalico/network-policies");
    // the demo's postgres-from-api admits "pods app=api in namespaces team=shop"
    const peer = page.getByTestId("netpol-peer").filter({ hasText: "名前空間 team=shop のポッド app=api" }).first();
    await expect(peer).toBeVisible();
    await expect(peer).toHaveAttribute("title", "pods app=api in namespaces team=shop"); // kubectl's wording stays as the tooltip
    for (const text of await page.getByTestId("netpol-peer").allTextContents()) expect(text).not.toMatch(/^pods |^nothing|^ipBlock/);

    // the audit log's actions were stored codes ("signin")
    await page.goto("/audit");
    const signin = page.locator('[data-testid="audit-row"] td[data-action="signin"]').first();
    await expect(signin).toHaveText("サインイン");

    // the network's allocations showed owner kinds and pools as codes ("upgrade-spare", "node")
    await page.goto("/networks/demonet");
    const spare = page.locator('[data-testid="allocation-row"] td[data-owner-kind="upgrade-spare"]').first();
    await expect(spare).toContainText("アップグレード用予備");
    await expect(spare).not.toContainText("upgrade-spare");
    await expect(page.getByTestId("allocation-row").first()).toContainText("ノード");
  });

  test("the cluster wizard's assumptions are Japanese too", async ({ page }) => {
    await prefer(page, "ja");
    await page.goto("/clusters/new");
    const notes = page.getByTestId("assumption-notes");
    await expect(notes.getByTestId("assumption").first()).toContainText("controlPlaneNodeCount は 1、3、5 のいずれかに限定");
    await expect(notes).not.toContainText("is limited to");
  });

  test("on a phone, short Japanese labels stay on one line (a badge was split 静/的, a heading ユーザ/ー名)", async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await prefer(page, "ja", "dark");
    await page.goto("/networks");
    const badge = page.getByTestId("networks-table").getByText("静的", { exact: true }).first(); // every static network shows it
    await expect(badge).toBeVisible();
    const lineHeight = await badge.evaluate((el) => parseFloat(getComputedStyle(el).lineHeight) || 16);
    expect((await badge.boundingBox())!.height, "the 静的 badge is one line").toBeLessThan(lineHeight * 1.8);
    await page.goto("/users");
    const head = page.getByRole("main").getByRole("columnheader", { name: "ユーザー名" });
    const headLine = await head.evaluate((el) => parseFloat(getComputedStyle(el).lineHeight) || 16);
    const box = (await head.boundingBox())!;
    // padding aside, one line of text
    expect(box.height, "the ユーザー名 heading is one line").toBeLessThan(headLine * 1.8 + 16);
  });
});
