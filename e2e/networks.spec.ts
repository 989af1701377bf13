import { expect, test } from "@playwright/test";

test.describe("networks", () => {
  test("the first screen lists the demo network, with its pools", async ({ page }) => {
    await page.goto("/");
    await expect(page).toHaveURL(/\/networks$/);
    await expect(page.getByRole("heading", { name: "Cluster networks" })).toBeVisible();
    const row = page.getByTestId("networks-table").getByRole("row", { name: /demonet/ });
    await expect(row).toContainText("172.16.0.0/16");
    await expect(row).toContainText("172.16.255.0 – 172.16.255.254");
    await page.screenshot({ path: "tmp/screenshots/networks.png", fullPage: true });
    await row.getByRole("link", { name: "demonet" }).click();
    await expect(page.getByRole("heading", { name: "demonet" })).toBeVisible();
    // AKS host: VM + 2 upgrade spares; shopcalico: 3 CP + 4 workers + 1 LB + 5 spares; shopflannel: 1 + 2 + 1 + 5
    await expect(page.getByRole("meter", { name: "Node IP pool" })).toHaveAttribute("aria-valuenow", String(3 + 13 + 9));
    // API server VIPs of the AKS host and both clusters, plus the demo's LoadBalancer services (2 on each cluster: both run the same shop)
    await expect(page.getByRole("meter", { name: "VIP pool" })).toHaveAttribute("aria-valuenow", "7");
    await expect(page.getByTestId("allocations-table")).toContainText("172.16.255.0");
    // 255 − 25 node IPs free; 255 − 7 VIPs free; 230 / 8 node IPs per smallest cluster = 28
    await expect(page.getByTestId("network-forecast")).toContainText("Still fits 230 more worker nodes, 248 more LoadBalancer VIPs, or 28 more clusters");
    await page.screenshot({ path: "tmp/screenshots/network-detail.png", fullPage: true });
  });

  test("creating a network: errors appear by the right fields and nothing is written until they are fixed", async ({ page, request }) => {
    await page.goto("/networks");
    await page.getByRole("button", { name: "New network" }).click();
    const form = page.getByRole("form", { name: "New-AksHciClusterNetwork" });
    await form.getByLabel("Name", { exact: true }).fill("labnet");
    await form.getByLabel("vSwitch name").fill("extSwitch");
    await form.getByLabel("IP address prefix").fill("192.168.50.0/24");
    await form.getByLabel("Gateway").fill("192.168.50.20"); // inside the node pool below: bad
    await form.getByLabel("DNS servers").fill("192.168.50.1");
    await form.getByLabel("Node IP pool start").fill("192.168.50.10");
    await form.getByLabel("Node IP pool end").fill("192.168.50.99");
    await form.getByLabel("VIP pool start").fill("192.168.50.90"); // overlaps the node pool: bad
    await form.getByLabel("VIP pool end").fill("192.168.50.150");
    await form.getByRole("button", { name: "Create" }).click();

    await expect(page.locator('[data-field-error="net-gateway"]')).toContainText(/pool/i);
    await expect(page.locator('[data-field-error="net-vipPoolStart"]').or(page.locator('[data-field-error="net-vipPoolEnd"]')).first()).toContainText(/overlap/i);
    await expect(page.getByLabel("Gateway")).toHaveAttribute("aria-invalid", "true");
    await expect(page.getByTestId("validation-summary")).toContainText("problem");
    await page.screenshot({ path: "tmp/screenshots/network-form-errors.png", fullPage: true });
    // nothing was written
    const list = await (await request.get("/api/networks")).json();
    expect(list.map((n: { name: string }) => n.name)).not.toContain("labnet");

    // fix both and create
    await form.getByLabel("Gateway").fill("192.168.50.1");
    await form.getByLabel("VIP pool start").fill("192.168.50.200");
    await form.getByLabel("VIP pool end").fill("192.168.50.250");
    await expect(page.getByTestId("validation-summary")).toContainText("All rules pass");
    await form.getByRole("button", { name: "Create" }).click();
    await expect(page).toHaveURL(/\/networks\/labnet/);
    await expect(page.getByRole("heading", { name: "labnet" })).toBeVisible();
    await expect(page.getByRole("status").filter({ hasText: "created" })).toBeVisible();
    const created = await (await request.get("/api/networks/labnet")).json();
    expect(created).toMatchObject({ name: "labnet", gateway: "192.168.50.1", vipPoolStart: "192.168.50.200", ipAssignment: "static" });
  });

  test("the language switch shows Japanese text and the theme switch goes dark", async ({ page }) => {
    await page.goto("/networks");
    await page.getByLabel("Language").selectOption("ja");
    await expect(page.getByRole("heading", { name: "クラスター ネットワーク" })).toBeVisible();
    await page.reload();
    await expect(page.getByRole("heading", { name: "クラスター ネットワーク" })).toBeVisible();
    // the theme button names its action, and the state is said beside it
    await page.getByRole("button", { name: "ダークテーマに切り替え" }).click();
    await expect(page.locator("html")).toHaveClass(/dark/);
    await expect(page.getByRole("button", { name: "ライトテーマに切り替え" })).toBeVisible();
    await expect(page.getByText("テーマ: ダーク")).toBeVisible();
    await page.screenshot({ path: "tmp/screenshots/networks-ja-dark.png", fullPage: true });
    await page.getByLabel("言語").selectOption("en");
    await page.getByRole("button", { name: "Switch to light theme" }).click();
    await expect(page.locator("html")).not.toHaveClass(/dark/);
  });

  test("unknown API routes answer a JSON 404", async ({ request }) => {
    const res = await request.get("/api/nothing-here");
    expect(res.status()).toBe(404);
    expect(await res.json()).toMatchObject({ error: { code: "not_found" } });
  });
});
