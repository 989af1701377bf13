import { expect, test, type Page } from "@playwright/test";

/** Deployment + LoadBalancer Service for shopflannel; the Service's nodePort (line 32) is out of range. */
const BAD_MANIFEST = `# e2e: a web app behind a LoadBalancer
apiVersion: apps/v1
kind: Deployment
metadata:
  name: objects-e2e
  namespace: default
spec:
  replicas: 2
  selector:
    matchLabels: {app: objects-e2e}
  template:
    metadata:
      labels: {app: objects-e2e}
    spec:
      containers:
        - name: web
          image: nginx:1.27
          ports:
            - {name: http, containerPort: 8080}
---
apiVersion: v1
kind: Service
metadata:
  name: objects-e2e
  namespace: default
spec:
  type: LoadBalancer
  selector: {app: objects-e2e}
  ports:
    - name: http
      port: 80
      nodePort: 40000
      targetPort: http
`;
const BAD_LINE = BAD_MANIFEST.split("\n").findIndex((l) => l.includes("nodePort: 40000")) + 1;
const FIXED_MANIFEST = BAD_MANIFEST.replace("      nodePort: 40000\n", "");

async function openImport(page: Page) {
  await page.getByRole("button", { name: "Import" }).click();
  const dialog = page.getByRole("dialog", { name: "Import into shopflannel" });
  await expect(dialog).toBeVisible();
  return dialog;
}

test.describe("cluster objects", () => {
  // leave the demo cluster as it was, so other journeys see the seeded state
  test.afterAll(async ({ request }) => {
    for (const kind of ["Service", "Deployment"]) await request.delete(`/api/clusters/shopflannel/objects?kind=${kind}&namespace=default&name=objects-e2e`);
  });

  test("import: the error shows at its line, the fixed manifest previews and applies, Services and HAProxy follow", async ({ page, request }) => {
    await page.goto("/clusters/shopflannel/services");
    await expect(page.getByRole("link", { name: "Services" })).toHaveAttribute("aria-current", "page");
    await expect(page.getByRole("heading", { name: "Services", level: 1 })).toBeVisible();

    // Esc closes the dialog and gives focus back to the Import button
    let dialog = await openImport(page);
    await expect(dialog.getByLabel("Manifests")).toBeFocused();
    await page.keyboard.press("Escape");
    await expect(dialog).toBeHidden();
    await expect(page.getByRole("button", { name: "Import" })).toBeFocused();

    dialog = await openImport(page);
    await dialog.getByLabel("Manifests").fill(BAD_MANIFEST);
    await expect(dialog.getByTestId("import-stats")).toContainText("2 documents");
    await expect(dialog.getByRole("button", { name: "Apply" })).toBeDisabled();
    await dialog.getByRole("button", { name: "Preview (dry run)" }).click();

    const err = dialog.getByTestId("apply-error");
    await expect(err).toHaveCount(1);
    await expect(err).toContainText("document 2");
    await expect(err).toContainText(`line ${BAD_LINE}`);
    await expect(err).toContainText("spec.ports[0].nodePort");
    await expect(err).toContainText("30000-32767");
    await expect(err.getByTestId("error-excerpt")).toContainText("nodePort: 40000");
    // at its line in the editor: gutter marker and the message next to the line
    const marker = dialog.getByTestId("import-editor").locator(`[data-error-line="${BAD_LINE}"]`);
    await expect(marker).toBeVisible();
    await expect(dialog.getByTestId("import-editor")).toContainText("spec.ports[0].nodePort: must be in 30000-32767");
    await expect(dialog.getByRole("button", { name: "Apply" })).toBeDisabled();
    await page.screenshot({ path: "tmp/screenshots/objects-import-error.png" });
    // nothing was written
    const before: { name: string }[] = await (await request.get("/api/clusters/shopflannel/services")).json();
    expect(before.map((s) => s.name)).not.toContain("objects-e2e");

    // "Go to line" selects the offending line in the editor
    await err.getByRole("button", { name: `Go to line ${BAD_LINE}` }).click();
    await expect(dialog.getByLabel("Manifests")).toBeFocused();

    // fix it in the dialog and preview again
    await dialog.getByLabel("Manifests").fill(FIXED_MANIFEST);
    await dialog.getByRole("button", { name: "Preview (dry run)" }).click();
    const preview = dialog.getByTestId("apply-results");
    await expect(preview).toContainText("Dry run: nothing written.");
    await expect(preview.getByTestId("apply-result-row")).toHaveCount(2);
    await expect(preview.locator('[data-action="created"]')).toHaveCount(2);
    await expect(dialog.getByTestId("apply-error")).toHaveCount(0);
    const stillNothing: { name: string }[] = await (await request.get("/api/clusters/shopflannel/services")).json();
    expect(stillNothing.map((s) => s.name)).not.toContain("objects-e2e");

    // apply
    await dialog.getByRole("button", { name: "Apply" }).click();
    const applied = dialog.getByTestId("apply-results");
    await expect(applied).toContainText("Applied.");
    const vip = (await applied.getByTestId("alloc-vip").textContent())!.trim();
    expect(vip).toMatch(/^172\.16\.255\.\d{1,3}$/);
    const nodePort = Number((await applied.getByTestId("alloc-nodeports").textContent())!.trim());
    expect(nodePort).toBeGreaterThanOrEqual(30000);
    expect(nodePort).toBeLessThanOrEqual(32767);

    // the Services tab shows the new LoadBalancer with its VIP and NodePort
    await dialog.getByRole("link", { name: "Open Services" }).click();
    await expect(dialog).toBeHidden();
    const row = page.locator('[data-service="default/objects-e2e"]');
    await expect(row).toContainText("LoadBalancer");
    await expect(row.getByTestId("service-external")).toContainText(vip);
    await expect(row.getByTestId("service-nodeports")).toHaveText(String(nodePort));
    await expect(row.getByTestId("service-ports")).toContainText(`80:${nodePort}/TCP → http`);
    await row.getByRole("button", { name: /Endpoints of objects-e2e/ }).click();
    await expect(row).toContainText("2/2 ready");
    await expect(page.getByText("default/objects-e2e-", { exact: false }).first()).toBeVisible();
    await page.screenshot({ path: "tmp/screenshots/objects-services.png", fullPage: true });

    // the HAProxy tab shows frontend_<VIP>_80 with the NodePort on every node, and the rendered haproxy.cfg
    await page.getByRole("link", { name: "HAProxy", exact: true }).click();
    await expect(page.getByRole("link", { name: "HAProxy", exact: true })).toHaveAttribute("aria-current", "page");
    const frontend = page.locator(`[data-frontend="frontend_${vip}_80"]`);
    await expect(frontend).toBeVisible();
    await expect(frontend).toContainText("default/objects-e2e");
    await expect(frontend).toContainText(`:${nodePort}`);
    await expect(page.getByTestId("haproxy-vms")).toContainText("shopflannel-load-balancer-0");
    await expect(page.getByTestId("haproxy-cfg")).toContainText(`frontend frontend_${vip}_80`);
    await page.screenshot({ path: "tmp/screenshots/objects-haproxy.png", fullPage: true });

    // the Workloads tab shows the Deployment's two pods
    await page.getByRole("link", { name: "Workloads" }).click();
    const deployment = page.locator('[data-workload="Deployment/default/objects-e2e"]');
    await expect(deployment).toContainText("2/2 ready");
    await expect(deployment.getByTestId("pod-row")).toHaveCount(2);
    await expect(deployment.getByTestId("pod-row").first()).toContainText(/10\.244\.\d+\.\d+/);
    await page.screenshot({ path: "tmp/screenshots/objects-workloads.png", fullPage: true });
  });

  test("YAML tab: an invalid edit shows the error at its line and writes nothing", async ({ page, request }) => {
    await page.goto("/clusters/shopflannel/yaml?object=Service/shop/frontend");
    const editor = page.getByLabel("YAML of Service shop/frontend");
    await expect(editor).toHaveValue(/nodePort: \d+/);
    const original = await editor.inputValue();
    const nodePortLine = original.split("\n").findIndex((l) => /nodePort: \d+/.test(l)) + 1;
    const svcBefore = ((await (await request.get("/api/clusters/shopflannel/services")).json()) as { name: string; namespace: string; ports: { nodePort?: number }[] }[]).find(
      (s) => s.namespace === "shop" && s.name === "frontend",
    )!;

    await editor.fill(original.replace(/nodePort: \d+/, "nodePort: 99999"));
    await expect(page.getByText("modified")).toBeVisible();
    await page.getByRole("button", { name: "Apply", exact: true }).click();
    const err = page.getByTestId("apply-error");
    await expect(err).toContainText(`line ${nodePortLine}`);
    await expect(err).toContainText("spec.ports[0].nodePort");
    await expect(err).toContainText("30000-32767");
    await expect(page.getByTestId("yaml-editor").locator(`[data-error-line="${nodePortLine}"]`)).toBeVisible();
    await expect(editor).toHaveAttribute("aria-invalid", "true");
    await page.screenshot({ path: "tmp/screenshots/objects-yaml.png", fullPage: true });

    // nothing written: the stored Service keeps its NodePort
    const svcAfter = ((await (await request.get("/api/clusters/shopflannel/services")).json()) as typeof svcBefore[]).find((s) => s.namespace === "shop" && s.name === "frontend")!;
    expect(svcAfter.ports[0].nodePort).toBe(svcBefore.ports[0].nodePort);

    // a valid edit dry-runs as "configured"; Reset brings the stored YAML back
    await editor.fill(original.replace(/^(\s+)port: (\d+)$/m, (_, indent: string, port: string) => `${indent}port: ${Number(port) + 1}`));
    await page.getByRole("button", { name: "Dry run" }).click();
    await expect(page.getByTestId("apply-results")).toContainText("Dry run: nothing written.");
    await expect(page.getByTestId("apply-results").locator('[data-action="configured"]')).toHaveCount(1);
    await page.getByRole("button", { name: "Reset" }).click(); // asks first: nothing discarded yet
    await expect(editor).not.toHaveValue(original);
    await page.getByRole("group", { name: "Discard your edits to this object?" }).getByRole("button", { name: "Discard" }).click();
    await expect(editor).toHaveValue(original);
  });

  test("workloads, ingress and network policies read the demo objects", async ({ page }) => {
    await page.goto("/clusters/shopflannel/workloads");
    await expect(page.locator('[data-workload="Deployment/shop/api"]')).toContainText("2/2 ready");
    await expect(page.locator('[data-workload="DaemonSet/kube-system/kube-proxy"]')).toContainText("3/3 ready");

    await page.getByRole("link", { name: "Network policies" }).click();
    await expect(page.getByRole("heading", { name: "Network policies", level: 1 })).toBeVisible();
    await expect(page.getByRole("note")).toContainText("flannel");
    const deny = page.getByRole("article", { name: "NetworkPolicy shop/default-deny-ingress" });
    await expect(deny).toContainText("all ingress to the selected pods is denied");
    await expect(page.getByRole("article", { name: "NetworkPolicy shop/allow-backend-from-web" })).toContainText("8080/TCP");
    await expect(page.getByRole("link", { name: /Reachability in Policies/ })).toHaveAttribute("href", "/policies?cluster=shopflannel");
    await page.screenshot({ path: "tmp/screenshots/objects-netpol.png", fullPage: true });

    await page.goto("/clusters/shopcalico/ingress");
    await expect(page.getByTestId("ingressclasses-table")).toContainText("k8s.io/ingress-nginx");
    const ing = page.getByRole("article", { name: "Ingress shop/shop" });
    await expect(ing).toContainText("shop.contoso.com");
    await expect(ing).toContainText("/api");
    await expect(ing).toContainText("Prefix");
    await expect(ing).toContainText("api:8080");
    await expect(ing).toContainText("TLS");
    await page.screenshot({ path: "tmp/screenshots/objects-ingress.png", fullPage: true });

    // the Overview tab goes back to the cluster page
    await page.getByRole("link", { name: "Overview" }).click();
    await expect(page).toHaveURL(/\/clusters\/shopcalico$/);
    await expect(page.getByRole("link", { name: "Overview" })).toHaveAttribute("aria-current", "page");
    await expect(page.getByRole("heading", { name: "shopcalico", level: 1 })).toBeVisible();
    await page.screenshot({ path: "tmp/screenshots/objects-overview-tabs.png" });
  });

  test("a large upload shows its size and progress, and creates missing namespaces in the dry run", async ({ page, request }) => {
    const count = 300;
    const docs = Array.from(
      { length: count },
      (_, i) => `apiVersion: v1\nkind: Service\nmetadata:\n  name: bulk-${i}\n  namespace: bulk\nspec:\n  selector: {app: bulk-${i}}\n  ports:\n    - port: 80\n      targetPort: 8080\n`,
    );
    await page.goto("/clusters/shopflannel/workloads");
    const dialog = await openImport(page);
    await dialog.locator('input[type="file"]').setInputFiles({ name: "bulk.yaml", mimeType: "application/yaml", buffer: Buffer.from(docs.join("---\n")) });
    await expect(dialog.getByTestId("import-stats")).toContainText("bulk.yaml");
    await expect(dialog.getByTestId("import-stats")).toContainText(`≈${count} documents`);
    await expect(dialog.getByTestId("import-stats")).toContainText("KB");
    await dialog.getByLabel("Create missing namespaces").check();
    await dialog.getByRole("button", { name: "Preview (dry run)" }).click();
    await expect(dialog.getByTestId("import-progress")).toBeVisible();
    await expect(dialog.getByRole("progressbar")).toBeVisible();
    await page.screenshot({ path: "tmp/screenshots/objects-import-progress.png" });
    const results = dialog.getByTestId("apply-results");
    await expect(results).toContainText(`${count} created · 0 configured · 0 unchanged`, { timeout: 60_000 });
    await expect(results).toContainText("namespace bulk did not exist and was created");
    await expect(dialog.getByRole("button", { name: "Apply" })).toBeEnabled();
    // unchecking the option makes the preview stale: Apply waits for a new preview
    await dialog.getByLabel("Create missing namespaces").uncheck();
    await expect(dialog.getByRole("button", { name: "Apply" })).toBeDisabled();
    await page.keyboard.press("Escape");
    await expect(dialog).toBeHidden();
    const services: { namespace: string }[] = await (await request.get("/api/clusters/shopflannel/services")).json();
    expect(services.some((s) => s.namespace === "bulk")).toBe(false);
  });

  test("Japanese and dark mode", async ({ page, context, baseURL }) => {
    const url = new URL(baseURL!);
    await context.addCookies([
      { name: "hcinet-lang", value: "ja", domain: url.hostname, path: "/" },
      { name: "hcinet-theme", value: "dark", domain: url.hostname, path: "/" },
    ]);
    await page.goto("/clusters/shopflannel/services");
    await expect(page.getByRole("heading", { name: "サービス", level: 1 })).toBeVisible();
    await expect(page.getByRole("link", { name: "ネットワーク ポリシー" })).toBeVisible();
    await expect(page.locator("html")).toHaveClass(/dark/);
    await expect(page.locator('[data-service="shop/frontend"]')).toContainText("3/3 準備完了");
    await page.screenshot({ path: "tmp/screenshots/objects-services-ja-dark.png", fullPage: true });
    await page.getByRole("button", { name: "インポート" }).click();
    const dialog = page.getByRole("dialog", { name: "shopflannel にインポート" });
    await dialog.getByLabel("マニフェスト").fill(BAD_MANIFEST);
    await dialog.getByRole("button", { name: "プレビュー (ドライ ラン)" }).click();
    await expect(dialog.getByTestId("apply-error")).toContainText(`${BAD_LINE} 行目`);
    await page.screenshot({ path: "tmp/screenshots/objects-import-ja-dark.png" });
    await page.keyboard.press("Escape");
    await expect(dialog).toBeHidden();
    await page.getByRole("link", { name: "HAProxy", exact: true }).click();
    await expect(page.getByRole("heading", { name: "HAProxy ロード バランサー" })).toBeVisible();
    await expect(page.getByTestId("haproxy-frontends")).toContainText("Kubernetes API サーバー");
    await expect(page.getByTestId("haproxy-cfg")).toContainText("frontend frontend_172.16.255.2_6443");
    await page.screenshot({ path: "tmp/screenshots/objects-haproxy-ja-dark.png", fullPage: true });
  });
});
