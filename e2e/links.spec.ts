import { expect, test } from "@playwright/test";

/**
 * Cross-links (issue 14): network ↔ clusters ↔ nodes ↔ pods ↔ Services ↔ VIPs ↔ HAProxy frontends ↔ policies, all
 * through one link component and the same deep-link parameters (components/ui/links.ts). Each hop lands on the
 * object it names: the row is marked (data-marked) or the list is filtered to it.
 */

test.describe("cross-links between related objects", () => {
  test("network → cluster → Service → HAProxy frontend → Service → endpoint pod → node → its pods → back", async ({ page }) => {
    await page.goto("/networks/demonet");
    await page.getByTestId("network-clusters").getByRole("link", { name: "shopcalico" }).click();
    await expect(page).toHaveURL(/\/clusters\/shopcalico$/);
    await page.getByRole("link", { name: "Services" }).click();
    const frontend = page.locator('[data-service="shop/frontend"]');
    await expect(frontend).toBeVisible();

    // Service → the HAProxy frontends that serve it
    await frontend.getByTestId("service-haproxy-link").getByRole("link").click();
    await expect(page).toHaveURL(/\/clusters\/shopcalico\/haproxy\?service=shop%2Ffrontend$/);
    const marked = page.locator('[data-testid="haproxy-frontend"][data-marked]');
    await expect(marked.first()).toBeVisible();
    for (const row of await marked.all()) await expect(row).toContainText("shop/frontend");
    const vip = ((await marked.first().locator("td").first().innerText()).match(/(\d+\.\d+\.\d+\.\d+):/) ?? [])[1];
    expect(vip, "the frontend shows its VIP").toBeTruthy();
    await page.screenshot({ path: "tmp/screenshots/links-haproxy.png", fullPage: true });

    // the frontend → back to its Service: marked, endpoints open
    await marked.first().getByRole("link", { name: "shop/frontend" }).click();
    await expect(page).toHaveURL(/\/services\?service=shop%2Ffrontend$/);
    await expect(frontend).toHaveAttribute("data-marked", "true");
    const endpoints = page.locator("#ep-shop-frontend");
    await expect(endpoints).toBeVisible();

    // the VIP → every frontend of that VIP
    await frontend.getByTestId("service-external").getByRole("link", { name: vip! }).click();
    await expect(page).toHaveURL(new RegExp(`/haproxy\\?frontend=${vip!.replace(/\./g, "\\.")}$`));
    await expect(page.locator('[data-testid="haproxy-frontend"][data-marked]').first()).toContainText(vip!);
    await page.goBack();
    await expect(page).toHaveURL(/\/services\?service=shop%2Ffrontend$/);

    // endpoint pod → the pod's row on the Workloads tab
    const podLink = page.locator('#ep-shop-frontend [data-link="pod"]').first();
    const pod = (await podLink.innerText()).trim();
    await podLink.click();
    await expect(page).toHaveURL(new RegExp(`/workloads\\?pod=${encodeURIComponent(pod)}$`));
    const podRow = page.locator(`[data-testid="pod-row"][data-pod="${pod}"]`);
    await expect(podRow).toHaveAttribute("data-marked", "true");
    await page.screenshot({ path: "tmp/screenshots/links-pod.png", fullPage: true });

    // pod → its node on the cluster overview
    const nodeLink = podRow.locator('[data-link="node"]');
    const node = (await nodeLink.innerText()).trim();
    await nodeLink.click();
    await expect(page).toHaveURL(new RegExp(`/clusters/shopcalico\\?node=${node}$`));
    const nodeRow = page.getByTestId(`node-${node}`);
    await expect(nodeRow).toHaveAttribute("data-marked", "true");

    // node → its pods (the Workloads tab filtered to the node)
    await nodeRow.getByRole("link", { name: new RegExp(`Pods on node ${node}`) }).click();
    await expect(page).toHaveURL(new RegExp(`/workloads\\?node=${node}$`));
    await expect(page.getByTestId("node-filter")).toContainText(node);
    const rows = page.getByTestId("pod-row");
    await expect(rows.first()).toBeVisible();
    for (const r of await rows.all()) await expect(r.locator("td").nth(1)).toHaveText(node);
    await expect(page.locator(`[data-pod="${pod}"]`)).toBeVisible();

    // and back along the chain
    await page.goBack();
    await expect(page).toHaveURL(new RegExp(`/clusters/shopcalico\\?node=${node}$`));
    await page.goBack();
    await expect(page).toHaveURL(new RegExp(`/workloads\\?pod=`));
    await expect(podRow).toHaveAttribute("data-marked", "true");
  });

  test("pod → the policies selecting it → the pods a policy selects; an allocation → its owner", async ({ page }) => {
    await page.goto("/clusters/shopcalico/workloads");
    const row = page.locator('[data-testid="pod-row"][data-pod^="shop/"]').first();
    const pod = (await row.getAttribute("data-pod"))!;
    await row.getByRole("link", { name: /Policies/ }).click();
    await expect(page).toHaveURL(new RegExp(`/network-policies\\?pod=${encodeURIComponent(pod)}$`));
    await expect(page.getByTestId("pod-filter")).toContainText(pod);
    const cards = page.getByTestId("netpol");
    await expect(cards.first()).toBeVisible();
    // every policy shown selects the pod, and names it as a link back to the pod
    for (const card of await cards.all()) await expect(card.locator('[data-link="pod"]', { hasText: pod }).first()).toBeVisible();
    await cards.first().locator('[data-link="pod"]', { hasText: pod }).first().click();
    await expect(page).toHaveURL(new RegExp(`/workloads\\?pod=${encodeURIComponent(pod)}$`));
    await expect(page.locator(`[data-pod="${pod}"]`)).toHaveAttribute("data-marked", "true");

    // the network's allocation list: a Service VIP leads to the Service, a worker's address to its node row
    await page.goto("/networks/demonet");
    await page.getByRole("search").getByRole("searchbox").fill("shop/frontend");
    const alloc = page.getByTestId("allocation-row").filter({ hasText: "shopcalico" }).first();
    await alloc.getByRole("link", { name: "shop/frontend" }).click();
    await expect(page).toHaveURL(/\/clusters\/shopcalico\/services\?service=shop%2Ffrontend$/);
    await expect(page.locator('[data-service="shop/frontend"]')).toHaveAttribute("data-marked", "true");
    await page.goto("/networks/demonet");
    await page.getByRole("search").getByRole("combobox", { name: "Cluster" }).selectOption("shopcalico");
    const worker = page.getByTestId("allocation-row").filter({ hasText: "worker" }).first();
    const vm = (await worker.locator('[data-link="node"]').innerText()).trim();
    await worker.locator('[data-link="node"]').click();
    await expect(page).toHaveURL(new RegExp(`/clusters/shopcalico\\?node=${vm}$`));
    await expect(page.getByTestId(`node-${vm}`)).toHaveAttribute("data-marked", "true");
  });
});
