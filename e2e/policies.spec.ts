import { expect, test, type Page } from "@playwright/test";

/** Row i of the compact reachability answer, decoded like the page does: bit j set ⇔ pods[i] may reach pods[j]. */
function decode(base64: string, words: number) {
  const bytes = Buffer.from(base64, "base64");
  return (i: number, j: number) => (bytes.readUInt32LE((i * words + (j >>> 5)) * 4) & (1 << (j & 31))) !== 0;
}

/** Non-transparent pixels of the heatmap canvas (drawn in a requestAnimationFrame after the data arrives). */
async function paintedPixels(page: Page): Promise<number> {
  return page.getByTestId("heatmap").evaluate((c: HTMLCanvasElement) => {
    const ctx = c.getContext("2d");
    if (!ctx || c.width === 0 || c.height === 0) return 0;
    const data = ctx.getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let k = 3; k < data.length; k += 4) if (data[k] !== 0) n++;
    return n;
  });
}

/** CSS-pixel centre of cell (row r, column c) of the heatmap, from the layout the canvas exposes. */
async function cellCentre(page: Page, from: string, to: string) {
  const canvas = page.getByTestId("heatmap");
  const pods = JSON.parse((await canvas.getAttribute("data-pods"))!) as string[];
  const layout = JSON.parse((await canvas.getAttribute("data-layout"))!) as { left: number; top: number; cell: number; offsetX: number; offsetY: number };
  const r = pods.indexOf(from);
  const c = pods.indexOf(to);
  expect(r, `${from} is a row`).toBeGreaterThanOrEqual(0);
  expect(c, `${to} is a column`).toBeGreaterThanOrEqual(0);
  return {
    x: layout.left + c * layout.cell - layout.offsetX + layout.cell / 2,
    y: layout.top + r * layout.cell - layout.offsetY + layout.cell / 2,
  };
}

test.describe("policies", () => {
  test("heatmap of shopcalico on 8080/TCP: a denied cell explains itself (default deny)", async ({ page, request }) => {
    // the same answer the page draws, to pick a denied connection into the shop namespace
    const res = await request.get("/api/clusters/shopcalico/reachability?port=8080/TCP&format=bits");
    expect(res.ok()).toBe(true);
    const bits = (await res.json()) as { pods: string[]; words: number; matrices: Record<string, string> };
    const allowed = decode(bits.matrices["8080/TCP"], bits.words);
    let pair: [string, string] | null = null;
    for (let i = 0; i < bits.pods.length && !pair; i++)
      for (let j = 0; j < bits.pods.length && !pair; j++)
        if (i !== j && bits.pods[i].startsWith("shop/") && bits.pods[j].startsWith("shop/") && !allowed(i, j)) pair = [bits.pods[i], bits.pods[j]];
    expect(pair, "a denied shop → shop connection on 8080/TCP").not.toBeNull();
    const [from, to] = pair!;

    await page.goto("/policies?cluster=shopcalico");
    await expect(page.getByRole("heading", { name: "Policies", exact: true })).toBeVisible();
    await expect(page.getByRole("link", { name: "Policies" })).toHaveAttribute("aria-current", "page");
    // set the port through the picker
    const portInput = page.getByRole("textbox", { name: "Port" });
    await portInput.fill("8080/tcp");
    await portInput.press("Enter");
    await expect(page).toHaveURL(/port=8080\/TCP/);
    await expect(page.getByRole("heading", { name: "Reachability on 8080/TCP" })).toBeVisible();

    const canvas = page.getByTestId("heatmap");
    await expect(canvas).toBeVisible();
    await expect.poll(() => paintedPixels(page), { message: "the heatmap draws something" }).toBeGreaterThan(1000);
    await expect(page.getByTestId("heatmap-legend")).toContainText("Denied");

    // hover states the cell in the live region and the tooltip
    const at = await cellCentre(page, from, to);
    await canvas.hover({ position: at });
    await expect(page.getByTestId("cell-info")).toContainText(`${from} → ${to} : Denied`);
    await expect(page.getByTestId("heatmap-tooltip")).toContainText("Denied");
    // the pixel under the cell has the denied colour (vermillion), not the allowed one
    const rgb = await canvas.evaluate((c: HTMLCanvasElement, p: { x: number; y: number }) => {
      const scale = c.width / c.getBoundingClientRect().width;
      return Array.from(c.getContext("2d")!.getImageData(Math.floor(p.x * scale), Math.floor(p.y * scale), 1, 1).data.slice(0, 3));
    }, at);
    expect(rgb[0], `red channel of ${rgb}`).toBeGreaterThan(rgb[1]);
    await page.screenshot({ path: "tmp/screenshots/policies-heatmap.png", fullPage: true });

    // click it: the explanation panel
    await canvas.click({ position: at });
    await expect(page).toHaveURL(/from=shop/);
    const explanation = page.getByTestId("explanation");
    await expect(explanation.getByTestId("verdict")).toHaveText("Denied");
    await expect(explanation.getByTestId("isolating-ingress")).toContainText("shop/default-deny-ingress");
    await expect(explanation.getByTestId("default-deny-ingress")).toContainText("No rule allows it: default deny");
    await expect(explanation.getByTestId("reason")).toContainText("denied");
    await expect(page.getByLabel("From (source pod)")).toHaveValue(from);
    await expect(page.getByLabel("To (destination pod)")).toHaveValue(to);
    await page.screenshot({ path: "tmp/screenshots/policies-explain.png", fullPage: true });

    // keyboard: the canvas is focusable, arrows move the highlighted cell, Enter explains it
    await canvas.focus();
    await page.keyboard.press("ArrowRight");
    await expect(page.getByTestId("cell-info")).toContainText("→");
    await page.keyboard.press("ArrowDown");
    // Enter explains the highlighted cell through the URL (router.replace, asynchronous). Wait for it: the race behind
    // the old flake was this late URL update landing after the pods below were chosen, refilling the form with the
    // Enter pair, so Explain sent that pair (Denied) instead of ingress-nginx → frontend.
    const beforeEnter = page.url();
    await page.keyboard.press("Enter");
    await expect(page).not.toHaveURL(beforeEnter);
    await expect(explanation.getByTestId("verdict")).toBeVisible();

    // the explain form is part of the product too: an allowed connection (ingress-nginx → frontend on 8080)
    const frontend = bits.pods.find((p) => p.startsWith("shop/frontend-"))!;
    const ingress = bits.pods.find((p) => p.startsWith("ingress-nginx/"))!;
    await page.getByLabel("From (source pod)").selectOption(ingress);
    await page.getByLabel("To (destination pod)").selectOption(frontend);
    // the race behind the old flake: any re-render of the page (here: the theme) used to put the URL's pair back
    // into the form, so Explain sent the previous source with the new destination
    await page.getByRole("button", { name: "Switch to dark theme" }).click();
    await expect(page.getByLabel("From (source pod)")).toHaveValue(ingress);
    await expect(page.getByLabel("To (destination pod)")).toHaveValue(frontend);
    await page.getByRole("button", { name: "Switch to light theme" }).click();
    await expect(page.getByLabel("From (source pod)")).toHaveValue(ingress);
    await page.getByRole("button", { name: "Explain", exact: true }).click();
    await expect(explanation.getByTestId("verdict")).toHaveText("Allowed");
    await expect(explanation.getByTestId("explain-ingress")).toContainText("shop/allow-web-from-ingress");

    // policy list and posture
    await expect(page.getByTestId("policy").filter({ hasText: "default-deny-ingress" })).toBeVisible();
    await expect(page.getByTestId("posture-ingress")).toBeVisible();

    // filters: only the shop namespace, then a label filter
    await page.getByTestId("namespace-filter").getByRole("button", { name: /^shop/ }).click();
    await expect.poll(async () => JSON.parse((await canvas.getAttribute("data-pods"))!).every((p: string) => p.startsWith("shop/"))).toBe(true);
    await page.getByLabel("Pod labels").fill("tier=backend");
    await expect.poll(async () => JSON.parse((await canvas.getAttribute("data-pods"))!).length).toBe(bits.pods.filter((p) => /^shop\/(api|catalog)-/.test(p)).length);
  });

  test("Flannel: the page says policies are not enforced and previews Calico", async ({ page, request }) => {
    await page.goto("/policies?cluster=shopflannel&port=5432/TCP");
    const banner = page.getByTestId("not-enforced-banner");
    await expect(banner).toContainText("Flannel does not enforce NetworkPolicy");
    await expect(banner).toContainText("every pod can connect to every other pod");
    await expect(page.getByTestId("heatmap")).toBeVisible();
    await expect(page.getByTestId("heatmap-legend")).toContainText("Denied0");
    // the preview: Calico would deny most connections to postgres
    await banner.getByRole("switch", { name: "Show what Calico would enforce" }).click();
    await expect(page.getByTestId("heatmap")).toHaveAttribute("data-mode", "would-be");
    await expect(page.getByTestId("heatmap-legend")).toContainText("Calico would deny");
    await expect.poll(async () => Number((await page.getByTestId("heatmap-legend").textContent())?.match(/Calico would deny([\d,]+)/)?.[1] ?? 0)).toBeGreaterThan(0);
    await expect.poll(() => paintedPixels(page)).toBeGreaterThan(1000);
    // the preview agrees with the explain endpoint's wouldBe: frontend → postgres would be denied, api → postgres allowed
    const pods = JSON.parse((await page.getByTestId("heatmap").getAttribute("data-pods"))!) as string[];
    const frontend = pods.find((p) => p.startsWith("shop/frontend-"))!;
    const api = pods.find((p) => p.startsWith("shop/api-"))!;
    const postgres = pods.find((p) => p.startsWith("data/postgres-"))!;
    for (const [from, verdict] of [[frontend, "Calico would deny"], [api, "Calico would allow"]] as const) {
      const e = await (await request.get(`/api/clusters/shopflannel/reachability/explain?from=${from}&to=${postgres}&port=5432/TCP`)).json();
      expect(e).toMatchObject({ allowed: true, enforced: false, wouldBe: verdict === "Calico would allow" });
      await page.getByTestId("heatmap").hover({ position: await cellCentre(page, from, postgres) });
      await expect(page.getByTestId("cell-info")).toContainText(`${from} → ${postgres} : ${verdict}`);
    }
    await page.getByTestId("heatmap").click({ position: await cellCentre(page, frontend, postgres) });
    await expect(page.getByTestId("explanation").getByTestId("verdict")).toHaveText("Allowed");
    await expect(page.getByTestId("would-be-verdict")).toHaveText("Denied");
    await page.screenshot({ path: "tmp/screenshots/policies-flannel.png", fullPage: true });
  });

  test("Japanese and dark mode; an unknown pod in the address is a clear 404", async ({ page, context, baseURL }) => {
    const url = new URL(baseURL!);
    await context.addCookies([
      { name: "hcinet-lang", value: "ja", domain: url.hostname, path: "/" },
      { name: "hcinet-theme", value: "dark", domain: url.hostname, path: "/" },
    ]);
    await page.goto("/policies?cluster=shopcalico&port=8080/TCP&from=ingress-nginx/x&to=shop/y");
    await expect(page.getByRole("heading", { name: "ポリシー", exact: true })).toBeVisible();
    await expect(page.locator("html")).toHaveClass(/dark/);
    await expect.poll(() => paintedPixels(page)).toBeGreaterThan(1000);
    await expect(page.getByTestId("heatmap-legend")).toContainText("拒否");
    // unknown pods in the address: the explanation answers 404, shown as an error state, not a crash
    await expect(page.getByRole("alert").filter({ hasText: "404" })).toBeVisible();
    await page.screenshot({ path: "tmp/screenshots/policies-ja-dark.png", fullPage: true });
  });

  test("in Japanese the reason sentence is Japanese too", async ({ page, context, baseURL, request }) => {
    const url = new URL(baseURL!);
    await context.addCookies([{ name: "hcinet-lang", value: "ja", domain: url.hostname, path: "/" }]);
    const reach = await (await request.get("/api/clusters/shopcalico/reachability?port=8080/TCP")).json();
    const api = reach.pods.find((p: string) => p.startsWith("shop/api-"));
    const admin = reach.pods.find((p: string) => p.startsWith("shop/admin-"));
    await page.goto(`/policies?cluster=shopcalico&port=8080/TCP&from=${api}&to=${admin}`);
    const reason = page.getByTestId("reason");
    await expect(reason).toContainText("拒否されます");
    await expect(reason).toContainText("shop/default-deny-ingress");
  });
});
