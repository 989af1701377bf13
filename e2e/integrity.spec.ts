import { expect, test } from "@playwright/test";

/** Issue 11: overlaps are refused live in the form, and the network page shows the conflict report. */
test.describe("model integrity", () => {
  test("the network form checks overlaps with the existing networks live, before anything is sent", async ({ page, request }) => {
    await page.goto("/networks");
    await page.getByRole("button", { name: "New network" }).click();
    const form = page.getByRole("form", { name: "New-AksHciClusterNetwork" });
    await expect(page.getByTestId("overlap-status")).toContainText(/No overlap with the \d+ existing networks/);
    await form.getByLabel("Name", { exact: true }).fill("twinnet");
    await form.getByLabel("vSwitch name").fill("extSwitch");
    // the demo network's own prefix and pools (the reproduction)
    await form.getByLabel("IP address prefix").fill("172.16.0.0/16");
    await form.getByLabel("Gateway").fill("172.16.0.1");
    await form.getByLabel("DNS servers").fill("172.16.0.1");
    await form.getByLabel("Node IP pool start").fill("172.16.10.1");
    await form.getByLabel("Node IP pool end").fill("172.16.10.255");
    await form.getByLabel("VIP pool start").fill("172.16.255.0");
    await form.getByLabel("VIP pool end").fill("172.16.255.254");
    await form.getByLabel("VIP pool end").blur();
    await expect(page.getByTestId("overlap-status")).toContainText("Overlaps with existing networks: 2");
    await expect(page.locator('[data-field-error="net-vipPoolStart"]')).toContainText('of network "demonet"');
    await expect(page.locator('[data-field-error="net-k8sNodeIpPoolStart"]')).toContainText("172.16.10.1–172.16.10.255");
    await form.getByRole("button", { name: "Create" }).click();
    await expect(page.getByTestId("validation-summary")).toContainText("problem");
    const list = await (await request.get("/api/networks")).json();
    expect(list.map((n: { name: string }) => n.name)).not.toContain("twinnet");
    // a second AKS host is refused too
    await form.getByLabel(/AKS host/).check();
    await expect(page.getByRole("alert").filter({ hasText: "already hosts the AKS host" })).toBeVisible();
    await page.screenshot({ path: "tmp/screenshots/integrity-overlap.png", fullPage: true });
    await form.getByLabel(/AKS host/).uncheck();
    // disjoint pools in the same subnet pass
    await form.getByLabel("Node IP pool start").fill("172.16.20.1");
    await form.getByLabel("Node IP pool end").fill("172.16.20.50");
    await form.getByLabel("VIP pool start").fill("172.16.254.1");
    await form.getByLabel("VIP pool end").fill("172.16.254.20");
    await expect(page.getByTestId("overlap-status")).toContainText("No overlap");
    await expect(page.getByTestId("validation-summary")).toContainText("All rules pass");
    await page.getByRole("button", { name: "Cancel" }).click();
  });

  test("the network page shows the seed's conflict (two clusters, one VIP, different ports) with both documented workarounds", async ({ page, request }) => {
    await page.goto("/networks/demonet");
    await expect(page.getByTestId("network-conflicts")).toContainText("No conflicts");
    // imported state: a Service of shopflannel on 9443 reports the VIP of shopcalico's frontend (port 80)
    const calico = await (await request.get("/api/clusters/shopcalico/services")).json();
    const vip = calico.find((s: { name: string }) => s.name === "frontend").loadBalancerIP as string;
    const yaml = `apiVersion: v1
kind: Service
metadata: {name: imported, namespace: default}
spec:
  type: LoadBalancer
  selector: {app: imported}
  ports: [{port: 9443}]
status:
  loadBalancer:
    ingress: [{ip: ${vip}}]
`;
    const r = await request.post("/api/clusters/shopflannel/apply", { headers: { "content-type": "application/yaml" }, data: yaml });
    expect(r.status()).toBe(200);
    try {
      await page.reload();
      const conflict = page.locator('[data-testid="conflict"][data-kind="cross-cluster"]');
      await expect(conflict.first()).toHaveAttribute("data-vip", vip);
      await expect(conflict.first()).toContainText("shopcalico");
      await expect(conflict.first()).toContainText("default/imported");
      const workarounds = conflict.first().getByTestId("conflict-workarounds").getByRole("listitem");
      await expect(workarounds).toHaveText([
        "Redeploy the workloads using the same port, so that each workload receives its own service IP",
        "Redeploy the workloads on target clusters that use different AksHciClusterNetwork objects",
      ]);
      await page.getByTestId("network-conflicts").scrollIntoViewIfNeeded();
      await page.screenshot({ path: "tmp/screenshots/integrity-conflicts.png", fullPage: true });
      await page.getByLabel("Language").selectOption("ja");
      await expect(page.getByRole("heading", { name: "競合" })).toBeVisible();
      await expect(page.getByTestId("conflict-workarounds").first()).toContainText("同じポートを使用してワークロードを再デプロイ");
      await page.getByRole("button", { name: "テーマ" }).click();
      await page.getByTestId("network-conflicts").scrollIntoViewIfNeeded();
      await page.screenshot({ path: "tmp/screenshots/integrity-conflicts-ja-dark.png" });
      await page.getByLabel("言語").selectOption("en");
      await page.getByRole("button", { name: "Theme" }).click();
      // 390 px: the conflict card wraps, no horizontal page scroll
      await page.setViewportSize({ width: 390, height: 844 });
      await page.getByTestId("network-conflicts").scrollIntoViewIfNeeded();
      await page.screenshot({ path: "tmp/screenshots/integrity-conflicts-390.png" });
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    } finally {
      expect((await request.delete("/api/clusters/shopflannel/objects?kind=Service&namespace=default&name=imported")).status()).toBe(200);
    }
  });
});

test.describe("scheduling by OS", () => {
  test("a Deployment without an OS nodeSelector: pods on the Windows node are not ready and say why", async ({ page, request }) => {
    const yaml = `apiVersion: apps/v1
kind: Deployment
metadata: {name: osless, namespace: default}
spec:
  replicas: 2
  selector: {matchLabels: {app: osless}}
  template:
    metadata: {labels: {app: osless}}
    spec:
      containers: [{name: web, image: nginx}]
`;
    const r = await request.post("/api/clusters/shopcalico/apply", { headers: { "content-type": "application/yaml" }, data: yaml });
    expect(r.status()).toBe(200);
    try {
      await page.goto("/clusters/shopcalico/workloads");
      const note = page.getByTestId("wrong-os").first();
      await expect(note).toBeVisible();
      await expect(note).toContainText("Wrong OS");
      expect(await note.getAttribute("title")).toContain("no kubernetes.io/os nodeSelector");
      const row = page.getByTestId("pod-row").filter({ has: page.getByTestId("wrong-os") }).first();
      await expect(row).toContainText("shopcalico-winpool-0");
      await expect(row).toContainText("not ready");
      await row.scrollIntoViewIfNeeded();
      await page.screenshot({ path: "tmp/screenshots/integrity-wrong-os.png" });
    } finally {
      expect((await request.delete("/api/clusters/shopcalico/objects?kind=Deployment&namespace=default&name=osless")).status()).toBe(200);
    }
  });
});
