import { expect, test } from "@playwright/test";

const SHOTS = "tmp/screenshots";
const NET = "dsnet";
const CLUSTER = "dsjourney";
const SERVICE = `apiVersion: v1
kind: Service
metadata: {name: web6, namespace: default}
spec:
  ipFamilyPolicy: PreferDualStack
  selector: {app: web6}
  ports: [{port: 80, targetPort: 8080}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web6, namespace: default}
spec:
  replicas: 2
  selector: {matchLabels: {app: web6}}
  template:
    metadata: {labels: {app: web6}}
    spec:
      nodeSelector: {kubernetes.io/os: linux}
      containers: [{name: web, image: nginx, ports: [{containerPort: 8080}]}]
---
apiVersion: v1
kind: Pod
metadata: {name: client6, namespace: default}
spec:
  nodeSelector: {kubernetes.io/os: linux}
  containers: [{name: client, image: busybox}]
`;

test.describe("dual-stack (Calico only)", () => {
  test.beforeAll(async ({ request }) => {
    const old = await request.get(`/api/networks/${NET}`);
    if (old.ok()) {
      for (const c of ((await old.json()) as { clusters: string[] }).clusters) await request.delete(`/api/clusters/${c}`);
      await request.delete(`/api/networks/${NET}`);
    }
    const body = { name: NET, vswitchName: "extSwitch", ipAddressPrefix: "10.231.0.0/24", gateway: "10.231.0.1", dnsServers: ["10.231.0.1"], k8sNodeIpPoolStart: "10.231.0.10", k8sNodeIpPoolEnd: "10.231.0.60", vipPoolStart: "10.231.0.200", vipPoolEnd: "10.231.0.220" };
    const res = await request.post("/api/networks", { data: body });
    expect(res.status(), await res.text()).toBe(201);
  });
  test.afterAll(async ({ request }) => {
    await request.delete(`/api/clusters/${CLUSTER}`);
    await request.delete(`/api/networks/${NET}`);
  });

  test("the wizard creates a dual-stack Calico cluster (refused for Flannel with the reason); a Service shows both addresses", async ({ page, request }) => {
    await page.goto("/clusters/new");
    await page.getByLabel("Cluster name").fill(CLUSTER);
    await page.getByTestId(`network-option-${NET}`).click();
    await page.getByRole("button", { name: /^Next/ }).click();
    await page.getByRole("button", { name: /^Next/ }).click();
    await page.getByRole("button", { name: /^Next/ }).click();
    await expect(page.locator("#wizard-step-title")).toContainText("Network plugin");

    const box = page.getByRole("checkbox", { name: /dual-stack/ });
    // Flannel: the option is disabled and the documented reason is shown
    await page.getByRole("radio", { name: /flannel/i }).check({ force: true });
    await expect(box).toBeDisabled();
    await expect(page.getByTestId("dual-stack")).toContainText('"Flannel: No, Calico: Yes"');
    // Calico: the option works; a too-large service range is flagged live, then fixed
    await page.getByRole("radio", { name: /calico/i }).check({ force: true });
    await expect(box).toBeEnabled();
    await box.check();
    await expect(page.getByLabel("IPv6 pod range")).toHaveValue("fd00:10:244::/56");
    const svcRange = page.getByLabel("IPv6 service range");
    await svcRange.fill("fd00:10:96::/64");
    await svcRange.blur();
    await expect(page.getByTestId("dual-stack")).toContainText("mask must be >= 108");
    await svcRange.fill("fd00:10:96::/112");
    await expect(page.getByTestId("dual-stack")).not.toContainText("mask must be >= 108");
    await page.screenshot({ path: `${SHOTS}/wizard-dual-stack.png`, fullPage: true });
    await page.getByRole("button", { name: /^Next/ }).click();

    await expect(page.getByTestId("review-ip-families")).toHaveText("IPv4 + IPv6 · fd00:10:244::/56 · fd00:10:96::/112");
    await expect(page.getByTestId("wizard-script")).toContainText("New-AksHciCluster has no parameter for IPv6 ranges");
    await page.getByRole("button", { name: "Create cluster" }).click();
    await expect(page).toHaveURL(new RegExp(`/clusters/${CLUSTER}\\?created=1$`));
    await expect(page.getByTestId("cluster-ip-families")).toHaveText("IPv4 + IPv6");
    await expect(page.getByText("fd00:10:96::/112", { exact: true })).toBeVisible();

    const applied = await request.post(`/api/clusters/${CLUSTER}/apply`, { data: SERVICE, headers: { "content-type": "application/yaml" } });
    expect(applied.status(), await applied.text()).toBe(200);
    await page.goto(`/clusters/${CLUSTER}/services`);
    const row = page.getByTestId("services-table").locator("tr", { hasText: "web6" });
    const ips = row.getByTestId("service-cluster-ips").locator("li");
    await expect(ips).toHaveCount(2);
    await expect(ips.nth(0)).toHaveText(/^10\.\d+\.\d+\.\d+$/);
    await expect(ips.nth(1)).toHaveText(/^fd00:10:96::[0-9a-f]+$/);
    await expect(row).toContainText("PreferDualStack");
    await page.screenshot({ path: `${SHOTS}/services-dual-stack.png`, fullPage: true });
    const cip6 = (await ips.nth(1).textContent())!.trim();

    // Traffic: a trace to the IPv6 ClusterIP walks the same hops as IPv4, kube-proxy DNATs to a web6 pod's IPv6 address
    await page.goto(`/clusters/${CLUSTER}/traffic`);
    await page.getByLabel("From", { exact: true }).fill("default/client6");
    await page.getByLabel("To", { exact: true }).fill(`[${cip6}]:80`);
    await page.getByRole("button", { name: "Trace", exact: true }).click();
    await expect(page.getByTestId("trace-verdict")).toHaveText("Delivered");
    const kp = page.locator('[data-testid="hop"][data-kind="kubeProxy"]');
    await expect(kp.getByTestId("hop-before")).toContainText(`→ [${cip6}]:80`);
    await expect(kp.getByTestId("hop-after")).toContainText(/^\[fd00:10:244:[0-9a-f:]+\]:49152 → \[fd00:10:244:[0-9a-f:]+\]:8080$/);
    await expect(page.getByTestId("hop").last()).toHaveAttribute("data-element", /^pod:default\/web6-/);
    await page.waitForTimeout(1500); // the hops' reveal animation
    await page.screenshot({ path: `${SHOTS}/traffic-ipv6.png`, fullPage: true });

    // on a phone: the URL holds the trace, reloading at 390 px lays the page out for that width
    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await expect(page.getByTestId("trace-verdict")).toHaveText("Delivered");
    await expect(kp.getByTestId("hop-after")).toContainText("]:8080");
    await page.waitForTimeout(1500); // the hops' reveal animation
    await page.screenshot({ path: `${SHOTS}/traffic-ipv6-390.png`, fullPage: true });
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await page.goto(`/clusters/${CLUSTER}/services`);
    await expect(page.getByTestId("services-table")).toBeVisible();
    await page.screenshot({ path: `${SHOTS}/services-dual-stack-390.png`, fullPage: true });
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
  });

  test("in Japanese, an invalid IPv6 pod range is explained in Japanese next to the field", async ({ page }) => {
    const url = new URL(test.info().project.use.baseURL ?? "http://127.0.0.1");
    await page.context().addCookies([{ name: "hcinet-lang", value: "ja", domain: url.hostname, path: "/" }]);
    await page.goto("/clusters/new");
    await page.evaluate(() => sessionStorage.clear());
    await page.reload();
    await expect(page.locator("html")).toHaveAttribute("lang", "ja");
    await page.locator("#cw-name").fill("dsjapanese");
    await page.getByTestId(`network-option-${NET}`).click();
    for (let i = 0; i < 3; i++) await page.getByRole("button", { name: /^次へ/ }).click();
    await page.getByRole("radio", { name: /calico/i }).check({ force: true });
    await page.getByRole("checkbox", { name: /デュアルスタック/ }).check();
    const pod = page.locator("#cw-podCidrV6");
    await pod.fill("fd00:10:244::/120"); // smaller than /116: no room for 64 Calico /122 blocks
    await pod.blur();
    const podError = page.locator('[data-field-error="cw-podCidrV6"]');
    await expect(podError).toHaveText("IPv6 のポッド範囲は /48〜/116 にしてください。Calico はこの範囲を /122 ブロック単位で配り、/116 に 64 ブロックが入ります（指定値: /120）");
    await expect(pod).toHaveAttribute("aria-describedby", "cw-podCidrV6-error");
    await pod.fill("fd00:10:244::1/56");
    await expect(podError).toHaveText("\"fd00:10:244::1/56\" にはホスト部のビットが立っています。ネットワークは fd00:10:244::/56 です");
    await expect(page.getByTestId("dual-stack")).not.toContainText(/must be|has host bits|is required/);
    await page.screenshot({ path: `${SHOTS}/wizard-dual-stack-ja-error.png`, fullPage: true });
    await pod.fill("fd00:10:244::/56");
    await expect(podError).toHaveCount(0);
  });
});
