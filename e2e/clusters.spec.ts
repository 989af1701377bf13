import { expect, test, type APIRequestContext, type Page } from "@playwright/test";

const SHOTS = "tmp/screenshots";

/** Creates a network (removing a leftover of an earlier run, with its clusters, first). */
async function createNetwork(request: APIRequestContext, body: Record<string, unknown>) {
  const old = await request.get(`/api/networks/${body.name}`);
  if (old.ok()) {
    for (const c of ((await old.json()) as { clusters: string[] }).clusters) await request.delete(`/api/clusters/${c}`);
    await request.delete(`/api/networks/${body.name}`);
  }
  const res = await request.post("/api/networks", { data: { vswitchName: "extSwitch", ...body } });
  expect(res.status(), await res.text()).toBe(201);
}

/** The wizard's current step heading ("3/5 Node pools"). */
const stepHeading = (page: Page) => page.locator("#wizard-step-title");
const nextButton = (page: Page) => page.getByRole("button", { name: /^Next/ });

test.describe("clusters", () => {
  test("admin journey: plan a cluster in the wizard, create it, find its addresses on the network's address map", async ({ page, request }) => {
    // a /24 with a 51-address node pool (.10–.60) and a 21-address VIP pool (.200–.220)
    await createNetwork(request, {
      name: "journeynet",
      ipAddressPrefix: "10.20.0.0/24",
      gateway: "10.20.0.1",
      dnsServers: ["10.20.0.1"],
      k8sNodeIpPoolStart: "10.20.0.10",
      k8sNodeIpPoolEnd: "10.20.0.60",
      vipPoolStart: "10.20.0.200",
      vipPoolEnd: "10.20.0.220",
    });

    await page.goto("/clusters");
    await expect(page.getByRole("heading", { name: "Clusters", exact: true })).toBeVisible();
    await expect(page.getByTestId("clusters-table")).toBeVisible();
    await page.screenshot({ path: `${SHOTS}/clusters-list.png`, fullPage: true });
    await page.getByRole("link", { name: "New cluster" }).click();
    await expect(page).toHaveURL(/\/clusters\/new$/);

    // 1. network
    await expect(stepHeading(page)).toContainText("Network");
    await page.getByLabel("Cluster name").fill("journey");
    const option = page.getByTestId("network-option-journeynet");
    await expect(option.getByTestId("node-free")).toHaveText("51 of 51 free");
    await expect(option.getByTestId("vip-free")).toHaveText("21 of 21 free");
    await option.click();
    // default shape already previewed: 1 CP + 1 worker + 5 spares + 1 LB
    await expect(page.getByTestId("plan-node-total")).toHaveText("8");
    await page.screenshot({ path: `${SHOTS}/wizard-network.png`, fullPage: true });
    await page.getByLabel("Cluster name").press("Enter"); // Enter = next step

    // 2. control plane & load balancer: 1 control-plane node (the default), marked as an assumption with its source
    await expect(stepHeading(page)).toContainText("Control plane & load balancer");
    await expect(stepHeading(page)).toBeFocused();
    await expect(page.getByTestId("assumption-mark").first()).toHaveText("assumption 1");
    await expect(page.getByTestId("assumption-notes").getByTestId("assumption").first()).toContainText("controlPlaneNodeCount is limited to 1, 3 or 5");
    await expect(page.getByTestId("assumption-notes").getByTestId("assumption").first()).toContainText("— hcinet's AKS hybrid fact sheet");
    await expect(page.getByText("UNCONFIRMED")).toHaveCount(0);
    await expect(page.getByRole("radio", { name: /^1/ })).toBeChecked();
    await page.screenshot({ path: `${SHOTS}/wizard-control-plane.png`, fullPage: true });
    await nextButton(page).click();

    // 3. one Linux pool of 2
    await expect(stepHeading(page)).toContainText("Node pools");
    await page.locator("#cw-nodePools-0-name").fill("linux");
    await page.locator("#cw-nodePools-0-count").fill("2");
    await expect(page.locator("#cw-nodePools-0-osType")).toHaveValue("Linux");
    // live preview: 1 CP + 2 workers + 5 spares + 1 LB = 9 node IPs, 1 VIP, and it fits
    await expect(page.getByTestId("plan-node-total")).toHaveText("9");
    await expect(page.getByTestId("plan-vip-total")).toHaveText("1");
    await expect(page.getByTestId("plan-total")).toHaveText("10");
    await expect(page.getByTestId("plan-fit-node")).toHaveAttribute("data-fits", "true");
    await expect(page.getByTestId("plan-fit-node")).toContainText("9 of 51 free, 42 left");
    await expect(page.getByTestId("plan-fit-vip")).toContainText("1 of 21 free");
    await page.screenshot({ path: `${SHOTS}/wizard-pools.png`, fullPage: true });
    await nextButton(page).click();

    // 4. plugin: calico by default, with the never-changes warning
    await expect(stepHeading(page)).toContainText("Network plugin");
    await expect(page.getByRole("radio", { name: /calico/i })).toBeChecked();
    await expect(page.getByTestId("plugin-warning")).toContainText("never be changed");
    await page.screenshot({ path: `${SHOTS}/wizard-plugin.png`, fullPage: true });
    await nextButton(page).click();

    // 5. review: summary + the PowerShell script
    await expect(stepHeading(page)).toContainText("Review");
    const script = page.getByTestId("wizard-script");
    await expect(script).toContainText("New-AksHciClusterNetwork");
    await expect(script).toContainText("-name 'journey'");
    await expect(script).toContainText("-nodeCount 2");
    await expect(script).toContainText("-primaryNetworkPlugin 'calico'");
    await page.screenshot({ path: `${SHOTS}/wizard-review.png`, fullPage: true });
    await page.getByRole("button", { name: "Create cluster" }).click();

    // the cluster detail page
    await expect(page).toHaveURL(/\/clusters\/journey\?created=1$/);
    await expect(page.getByRole("heading", { name: "journey", level: 1 })).toBeVisible();
    await expect(page.getByRole("status").filter({ hasText: "created" })).toBeVisible();
    await expect(page.getByTestId("plugin-badge").first()).toHaveText("calico");
    await expect(page.getByTestId("api-server-vip")).toContainText("10.20.0.200");
    await expect(page.getByText("10.96.0.1", { exact: true })).toBeVisible();
    const cpRows = page.getByTestId("group-controlplane").locator("tr[data-role=controlplane]");
    await expect(cpRows).toHaveCount(1);
    await expect(page.getByTestId("group-pool-linux").locator("tr[data-role=worker]")).toHaveCount(2);
    await expect(page.getByTestId("group-loadbalancer").locator("tr[data-role=loadbalancer]")).toHaveCount(1);
    const cpIp = (await cpRows.first().getByTestId("node-ip").textContent())!.trim();
    expect(cpIp).toMatch(/^10\.20\.0\.\d+$/);
    const workerIps = await page.getByTestId("group-pool-linux").getByTestId("node-ip").allTextContents();
    await expect(page.getByTestId("upgrade-spares").locator("li")).toHaveCount(5);
    await expect(cpRows.first()).toContainText("DaemonSet");
    await page.screenshot({ path: `${SHOTS}/cluster-detail.png`, fullPage: true });

    // the network page: the cluster's addresses on the address map
    await page.getByTestId("network-link").click();
    await expect(page).toHaveURL(/\/networks\/journeynet$/);
    const map = page.getByTestId("address-map-node");
    const cpCell = map.locator(`[data-address="${cpIp}"]`);
    await expect(cpCell).toHaveAttribute("data-kind", "controlplane");
    await expect(cpCell).toHaveAttribute("data-cluster", "journey");
    await expect(cpCell).toHaveAttribute("title", /controlplane/);
    await expect(cpCell).toHaveAttribute("aria-label", new RegExp(`${cpIp.replaceAll(".", "\\.")}.*journey-control-plane-0.*journey`));
    for (const ip of workerIps) await expect(map.locator(`[data-address="${ip.trim()}"]`)).toHaveAttribute("data-kind", "worker");
    await expect(map.locator('[data-kind="upgrade-spare"]')).toHaveCount(5);
    await expect(map.locator("[data-address]")).toHaveCount(51);
    await expect(page.getByTestId("address-map-vip").locator('[data-address="10.20.0.200"]')).toHaveAttribute("data-kind", "apiserver");
    await expect(page.getByTestId("map-stats-node")).toContainText("9 used");
    await cpCell.hover();
    await expect(page.getByTestId("map-info-node")).toContainText("journey-control-plane-0");
    await page.getByTestId("address-map").scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/address-map.png`, fullPage: true });
    await page.getByTestId("address-map").screenshot({ path: `${SHOTS}/address-map-close.png` });
  });

  test("the wizard shows field errors: bad pool name, a pool too large for a small network, and the server's 422 / 409", async ({ page, request }) => {
    // node pool .2–.12: 11 addresses; the smallest cluster needs 8
    await createNetwork(request, {
      name: "tinynet",
      ipAddressPrefix: "10.30.0.0/27",
      gateway: "10.30.0.1",
      dnsServers: ["10.30.0.1"],
      k8sNodeIpPoolStart: "10.30.0.2",
      k8sNodeIpPoolEnd: "10.30.0.12",
      vipPoolStart: "10.30.0.20",
      vipPoolEnd: "10.30.0.25",
    });
    await page.goto("/clusters/new?network=tinynet");
    await expect(page.getByRole("radio", { name: /tinynet/ })).toBeChecked();

    // a hyphenated cluster name is flagged as it is typed, and "Next" does not move on
    await page.getByLabel("Cluster name").fill("my-cluster");
    await expect(page.locator('[data-field-error="cw-name"]')).toContainText("hyphen");
    await nextButton(page).click();
    await expect(stepHeading(page)).toContainText("Network");
    await expect(page.getByLabel("Cluster name")).toBeFocused();
    await page.getByLabel("Cluster name").fill("tiny");
    await nextButton(page).click();
    await nextButton(page).click();
    await expect(stepHeading(page)).toContainText("Node pools");

    // bad pool name
    await page.locator("#cw-nodePools-0-name").fill("Linux-Pool");
    await expect(page.locator('[data-field-error="cw-nodePools-0-name"]')).toContainText("lowercase letters and digits");
    await expect(page.locator("#cw-nodePools-0-name")).toHaveAttribute("aria-invalid", "true");
    await page.locator("#cw-nodePools-0-name").fill("linux");
    await expect(page.locator('[data-field-error="cw-nodePools-0-name"]')).toHaveCount(0);

    // a second pool that makes the cluster too large for the node pool: 1 + (1 + 10) + 5 + 1 = 18 > 11
    await page.getByRole("button", { name: "Add node pool" }).click();
    await expect(page.locator("#cw-nodePools-1-name")).toBeFocused();
    await page.locator("#cw-nodePools-1-count").fill("10");
    await expect(page.getByTestId("plan-node-total")).toHaveText("18");
    await expect(page.getByTestId("plan-fit-node")).toHaveAttribute("data-fits", "false");
    await expect(page.getByTestId("plan-fit-node")).toContainText("7 missing");
    await expect(page.locator('[data-field-error="cw-nodePools"]')).toContainText("Does not fit");
    await expect(page.locator('[data-field-error="cw-nodePools"]')).toContainText("7 missing");
    await nextButton(page).click();
    await expect(stepHeading(page)).toContainText("Node pools");
    await page.screenshot({ path: `${SHOTS}/wizard-errors.png`, fullPage: true });

    // over the per-pool limit: the validator's message sits next to that count
    await page.locator("#cw-nodePools-1-count").fill("65");
    await expect(page.locator('[data-field-error="cw-nodePools-1-count"]')).toContainText("from 0 to 64");

    // remove the big pool: 8 node IPs fit into 11
    await page.getByRole("button", { name: "Remove node pool nodepool2" }).click();
    await expect(page.getByTestId("plan-node-total")).toHaveText("8");
    await expect(page.getByTestId("plan-fit-node")).toHaveAttribute("data-fits", "true");
    await nextButton(page).click();
    await nextButton(page).click();
    await expect(stepHeading(page)).toContainText("Review");

    // the server's 422 lands next to its field, on its step
    await page.route("**/api/clusters", (route) =>
      route.request().method() === "POST"
        ? route.fulfill({
            status: 422,
            contentType: "application/json",
            body: JSON.stringify({ error: { code: "validation_failed", message: "the cluster is not valid", fields: [{ path: "nodePools[0].count", message: "server says: too many nodes" }] } }),
          })
        : route.continue(),
    );
    await page.getByRole("button", { name: "Create cluster" }).click();
    await expect(stepHeading(page)).toContainText("Node pools");
    await expect(page.locator('[data-field-error="cw-nodePools-0-count"]')).toContainText("server says: too many nodes");
    await expect(page.locator("#cw-nodePools-0-count")).toBeFocused();

    // the server's 409 pool_exhausted names the pool and the missing count
    await page.unroute("**/api/clusters");
    await page.route("**/api/clusters", (route) =>
      route.request().method() === "POST"
        ? route.fulfill({
            status: 409,
            contentType: "application/json",
            body: JSON.stringify({
              error: { code: "pool_exhausted", message: 'the k8s node IP pool of network "tinynet" is exhausted: 8 address(es) needed, 3 missing', details: { pool: "node", missing: 3 } },
            }),
          })
        : route.continue(),
    );
    await nextButton(page).click();
    await nextButton(page).click();
    await page.getByRole("button", { name: "Create cluster" }).click();
    await expect(page.getByTestId("create-error")).toContainText("The Node IP pool is exhausted: 3 address(es) missing.");
    await page.unroute("**/api/clusters");
    // nothing was written
    const list = (await (await request.get("/api/clusters")).json()) as { name: string }[];
    expect(list.map((c) => c.name)).not.toContain("tiny");
  });

  test("cluster detail: scale, add and delete a node pool, change the control plane, delete the cluster", async ({ page, request }) => {
    await request.delete("/api/clusters/opscluster"); // leftover of an earlier run (404 otherwise)
    const res = await request.post("/api/clusters", {
      data: { name: "opscluster", vnet: "demonet", controlPlaneNodeCount: 1, nodePools: [{ name: "linux", count: 1, osType: "Linux" }] },
    });
    expect(res.status(), await res.text()).toBe(201);
    await page.goto("/clusters/opscluster");
    await expect(page.getByRole("heading", { name: "opscluster", level: 1 })).toBeVisible();

    // scale linux 1 → 3
    const linux = page.getByTestId("group-pool-linux");
    await linux.getByLabel("Nodes").fill("3");
    await linux.getByRole("button", { name: "Apply" }).click();
    await expect(linux.locator("tr[data-role=worker]")).toHaveCount(3);

    // add a Windows pool
    const add = page.getByRole("form", { name: "Add node pool" });
    await add.getByLabel("Pool name").fill("Win-1");
    await add.getByRole("button", { name: "Add pool" }).click();
    await expect(page.locator('[data-field-error="np-name"]')).toContainText("lowercase");
    await add.getByLabel("Pool name").fill("win");
    await add.getByLabel("OS").selectOption("Windows");
    await add.getByRole("button", { name: "Add pool" }).click();
    const win = page.getByTestId("group-pool-win");
    await expect(win.locator("tr[data-role=worker]")).toHaveCount(1);
    await expect(win.locator("tr[data-role=worker]")).toContainText("Windows service");

    // control plane 1 → 3
    const cpForm = page.getByRole("form", { name: "Control plane & load balancer" });
    await cpForm.getByText("3", { exact: true }).click();
    await expect(cpForm.getByRole("radio", { name: "3", exact: true })).toBeChecked();
    await cpForm.getByRole("button", { name: "Apply" }).click();
    await expect(page.getByTestId("group-controlplane").locator("tr[data-role=controlplane]")).toHaveCount(3);

    // the script panel opens on demand
    await page.getByText("PowerShell (AksHci)").click();
    await expect(page.getByTestId("cluster-script")).toContainText("New-AksHciNodePool");
    await expect(page.getByTestId("cluster-script")).toContainText("-controlPlaneNodeCount 3");

    // delete the Windows pool (confirm)
    await win.getByRole("button", { name: "Delete node pool win" }).click();
    await win.getByRole("button", { name: "Delete", exact: true }).click();
    await expect(page.getByTestId("group-pool-win")).toHaveCount(0);

    // the network's allocations follow every change
    const allocs = (await (await request.get("/api/networks/demonet/allocations")).json()) as { clusterName: string | null; ownerKind: string }[];
    const mine = allocs.filter((a) => a.clusterName === "opscluster");
    expect(mine.filter((a) => a.ownerKind === "controlplane")).toHaveLength(3);
    expect(mine.filter((a) => a.ownerKind === "worker")).toHaveLength(3);

    // delete the cluster (confirm) → back to the list, addresses released
    await page.getByRole("button", { name: "Delete cluster" }).click();
    await page.getByRole("group", { name: "Delete cluster" }).getByRole("button", { name: "Delete cluster" }).click();
    await expect(page).toHaveURL(/\/clusters$/);
    await expect(page.getByTestId("clusters-table")).not.toContainText("opscluster");
    const after = (await (await request.get("/api/networks/demonet/allocations")).json()) as { clusterName: string | null }[];
    expect(after.filter((a) => a.clusterName === "opscluster")).toHaveLength(0);
  });

  test("the address map of a /16 VIP pool draws only the rows in use and summarizes the free rest", async ({ page, request }) => {
    await createNetwork(request, {
      name: "widenet",
      ipAddressPrefix: "10.40.0.0/16",
      gateway: "10.40.0.1",
      dnsServers: ["10.40.0.1"],
      k8sNodeIpPoolStart: "10.40.0.10",
      k8sNodeIpPoolEnd: "10.40.0.200",
      vipPoolStart: "10.40.1.0",
      vipPoolEnd: "10.40.255.254",
    });
    const res = await request.post("/api/clusters", { data: { name: "widecluster", vnet: "widenet", nodePools: [{ name: "linux", count: 2 }] } });
    expect(res.status(), await res.text()).toBe(201);
    await page.goto("/networks/widenet");
    const vip = page.getByTestId("address-map-vip");
    await expect(vip.locator('[data-address="10.40.1.0"]')).toHaveAttribute("data-kind", "apiserver");
    // 65,279 addresses: one row of 32 is drawn, the rest is one free range; the broadcast address is marked reserved
    expect(await vip.locator("[data-address]").count()).toBeLessThanOrEqual(64);
    await expect(vip.getByTestId("map-gap").first()).toContainText("free addresses");
    await expect(vip.locator('[data-address="10.40.255.255"]')).toHaveCount(0); // outside the pool
    await expect(page.getByTestId("map-stats-vip")).toContainText("65,279 addresses");
    await page.getByTestId("address-map").screenshot({ path: `${SHOTS}/address-map-wide.png` });
  });

  test("Japanese and dark mode: the wizard and a cluster page", async ({ page, context, baseURL }) => {
    await context.addCookies([
      { name: "hcinet-lang", value: "ja", url: baseURL! },
      { name: "hcinet-theme", value: "dark", url: baseURL! },
    ]);
    await page.goto("/clusters/new?network=demonet");
    await expect(page.getByRole("heading", { name: "新しいクラスター", level: 1 })).toBeVisible();
    await expect(page.getByRole("heading", { name: "IP 計画 (リアルタイム)" })).toBeVisible();
    await expect(page.getByTestId("plan-fit-node")).toContainText("収まります");
    await page.screenshot({ path: `${SHOTS}/wizard-ja-dark.png`, fullPage: true });
    await page.goto("/clusters");
    await page.getByTestId("clusters-table").getByRole("link").first().click();
    await expect(page.getByText("ノード エージェント")).toBeVisible();
    await page.screenshot({ path: `${SHOTS}/cluster-detail-ja-dark.png`, fullPage: true });
    await page.goto("/networks/demonet");
    await expect(page.getByRole("heading", { name: "アドレス マップ" })).toBeVisible();
    await page.getByTestId("address-map").screenshot({ path: `${SHOTS}/address-map-ja-dark.png` });
  });
});
