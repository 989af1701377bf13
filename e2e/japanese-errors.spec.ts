import { expect, test, type Page } from "@playwright/test";

/**
 * Japanese error details (issue 14): in Japanese mode the validation messages of the network form and the cluster
 * wizard, and the API's answers (409 duplicate name), are shown from the catalogs (lib/i18n/problems.ts,
 * lib/i18n/api-errors.ts) next to the field they name — no English text from the server.
 */

async function japanese(page: Page) {
  const url = new URL(test.info().project.use.baseURL ?? "http://127.0.0.1");
  await page.context().addCookies([{ name: "hcinet-lang", value: "ja", domain: url.hostname, path: "/" }]);
}

const ENGLISH = /already exists|is not a valid|must be|contains a hyphen|not allowed/;

test.describe("Japanese error details", () => {
  test("network form: an invalid CIDR and a duplicate name (the server's 409) are Japanese, under the field they name", async ({ page, request }) => {
    await japanese(page);
    await page.goto("/networks?new=1");
    await expect(page.locator("html")).toHaveAttribute("lang", "ja");
    const form = page.locator("form").filter({ has: page.locator("#net-name") });
    await form.locator("#net-name").fill("demonet"); // the demo network's name: taken
    await form.locator("#net-vswitchName").fill("extSwitch");
    await form.locator("#net-ipAddressPrefix").fill("192.168.300.0/24"); // not a CIDR
    await form.locator("#net-gateway").fill("192.168.77.1");
    await form.locator("#net-dnsServers").fill("192.168.77.1");
    await form.locator("#net-k8sNodeIpPoolStart").fill("192.168.77.10");
    await form.locator("#net-k8sNodeIpPoolEnd").fill("192.168.77.99");
    await form.locator("#net-vipPoolStart").fill("192.168.77.200");
    await form.locator("#net-vipPoolEnd").fill("192.168.77.250");
    await form.locator('button[type="submit"]').click();

    // the validator's problem, in Japanese, under "IP アドレス プレフィックス" and tied to the input
    const prefixError = page.locator('[data-field-error="net-ipAddressPrefix"]');
    await expect(prefixError).toContainText("\"192.168.300.0/24\" は有効な IPv4 CIDR ではありません");
    await expect(prefixError).not.toContainText(ENGLISH);
    await expect(form.locator("#net-ipAddressPrefix")).toHaveAttribute("aria-describedby", "net-ipAddressPrefix-error");
    await expect(page.getByTestId("validation-summary")).toContainText("修正が必要な問題");

    // fix the prefix: the server answers 409 for the name, shown in Japanese under "名前"
    await form.locator("#net-ipAddressPrefix").fill("192.168.77.0/24");
    await form.locator('button[type="submit"]').click();
    const nameError = page.locator('[data-field-error="net-name"]');
    await expect(nameError).toHaveText("この名前のネットワークは既に存在します");
    await expect(form.locator("#net-name")).toHaveAttribute("aria-invalid", "true");
    await expect(page.getByTestId("validation-summary")).toContainText("修正が必要な問題");
    await expect(form).not.toContainText(ENGLISH);
    await page.screenshot({ path: "tmp/screenshots/network-form-ja-errors.png", fullPage: true });
    // nothing was written: demonet is still the demo network
    const demonet = await (await request.get("/api/networks/demonet")).json();
    expect(demonet.ipAddressPrefix).toBe("172.16.0.0/16");
  });

  test("cluster wizard: a hyphenated name and a bad control-plane count are Japanese", async ({ page }) => {
    await japanese(page);
    await page.goto("/clusters/new");
    await page.evaluate(() => sessionStorage.clear());
    await page.reload();
    await page.locator("#cw-name").fill("my-cluster");
    await page.locator("#cw-name").blur();
    const nameError = page.locator('[data-field-error="cw-name"]');
    await expect(nameError).toContainText("\"my-cluster\" にハイフンが含まれています");
    await expect(nameError).not.toContainText(ENGLISH);
    await page.locator("#cw-name").fill("mycluster");
    await expect(nameError).toHaveCount(0);
  });
});
