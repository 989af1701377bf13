import { expect, test, type Page } from "@playwright/test";
import { freshNetwork } from "./networks-api";

/**
 * No silent data loss (issue 14): no stray key discards a form, forms survive a reload, leaving with unsaved changes
 * asks first, and every destructive or discarding action asks before it acts.
 */

/** Clicks `link` and expects the "unsaved changes" question; answers No (stays). Returns the question's text. */
async function leaveIsRefused(page: Page, click: () => Promise<void>): Promise<string> {
  const url = page.url();
  const dialog = page.waitForEvent("dialog");
  const clicked = click();
  const d = await dialog;
  const message = d.message();
  await d.dismiss();
  await clicked;
  await page.waitForTimeout(300);
  expect(page.url()).toBe(url);
  return message;
}

test.describe("no silent data loss", () => {
  test("New network form: Esc discards nothing, input survives a reload, leaving and Cancel ask first", async ({ page }) => {
    await page.goto("/networks");
    await page.getByRole("button", { name: "New network" }).click();
    const form = page.getByRole("form", { name: "New-AksHciClusterNetwork" });
    await form.getByLabel("Name", { exact: true }).fill("keepnet");
    await form.getByLabel("vSwitch name").fill("extSwitch");
    await form.getByLabel("Gateway").fill("10.9.0.1");

    // a stray Esc, in a field and on the page, discards nothing
    await form.getByLabel("Gateway").press("Escape");
    await page.locator("body").press("Escape");
    await expect(form.getByLabel("Name", { exact: true })).toHaveValue("keepnet");

    // reload: the form is still open with what was typed
    await page.reload();
    await expect(form.getByLabel("Name", { exact: true })).toHaveValue("keepnet");
    await expect(form.getByLabel("Gateway")).toHaveValue("10.9.0.1");

    // following a link asks first
    const q = await leaveIsRefused(page, () => page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Clusters" }).click());
    expect(q).toContain("unsaved changes");
    await expect(form.getByLabel("Name", { exact: true })).toHaveValue("keepnet");

    // Cancel asks; "Keep editing" keeps everything; Discard empties it
    await form.getByRole("button", { name: "Cancel" }).click();
    const ask = form.getByRole("group", { name: /Discard the new network/ });
    await expect(ask).toBeVisible();
    await ask.getByRole("button", { name: "Keep editing" }).click();
    await expect(form.getByLabel("Name", { exact: true })).toHaveValue("keepnet");
    await form.getByRole("button", { name: "Cancel" }).click();
    await ask.getByRole("button", { name: "Discard" }).click();
    await expect(form).toBeHidden();
    await page.getByRole("button", { name: "New network" }).click();
    await expect(form.getByLabel("Name", { exact: true })).toHaveValue("");
  });

  test("a taken network name is an error in the summary too, never 'All rules pass'; Japanese messages", async ({ page, context, baseURL }) => {
    await page.goto("/networks?new=1");
    const form = page.getByRole("form", { name: "New-AksHciClusterNetwork" });
    await form.getByLabel("Name", { exact: true }).fill("demonet"); // the demo network's name
    await form.getByLabel("vSwitch name").fill("extSwitch");
    await form.getByLabel("IP address prefix").fill("10.8.0.0/24");
    await form.getByLabel("Gateway").fill("10.8.0.1");
    await form.getByLabel("DNS servers").fill("10.8.0.1");
    await form.getByLabel("Node IP pool start").fill("10.8.0.10");
    await form.getByLabel("Node IP pool end").fill("10.8.0.99");
    await form.getByLabel("VIP pool start").fill("10.8.0.200");
    await form.getByLabel("VIP pool end").fill("10.8.0.250");
    await form.getByRole("button", { name: "Create" }).click();
    await expect(page.locator('[data-field-error="net-name"]')).toBeVisible();
    await expect(page.getByTestId("validation-summary")).toContainText("1 problem");
    await expect(page.getByTestId("validation-summary")).not.toContainText("All rules pass");

    // the field rules in Japanese
    const url = new URL(baseURL!);
    await context.addCookies([{ name: "hcinet-lang", value: "ja", domain: url.hostname, path: "/" }]);
    await page.reload();
    // the form restores its fields after the reload: wait for that before typing, or the restore races the typing
    await expect(form.getByLabel("ゲートウェイ")).toHaveValue("10.8.0.1");
    await form.getByLabel("ゲートウェイ").fill("10.8.0.20"); // inside the node pool
    await form.getByLabel("ゲートウェイ").blur();
    await expect(page.locator('[data-field-error="net-gateway"]')).toContainText("k8s ノード IP プール");
    await expect(page.locator('[data-field-error="net-gateway"]')).not.toContainText("lies inside");
    await context.clearCookies();
  });

  test("cluster wizard: survives a reload, asks before leaving, Discard asks; the Review step fits a phone", async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto("/clusters/new");
    await page.getByLabel("Cluster name").fill("keepcluster");
    await page.getByTestId("network-option-demonet").click();
    await page.getByRole("button", { name: /^Next/ }).click();
    await expect(page.locator("#wizard-step-title")).toContainText("Control plane");
    await page.getByRole("button", { name: /^Next/ }).click();
    await expect(page.locator("#wizard-step-title")).toContainText("Node pools");
    await page.locator("#cw-nodePools-0-name").fill("keeppool");

    await page.reload();
    await expect(page.locator("#wizard-step-title")).toContainText("Node pools");
    await expect(page.locator("#cw-nodePools-0-name")).toHaveValue("keeppool");

    const q = await leaveIsRefused(page, () => page.getByRole("main").getByRole("link", { name: /Clusters/ }).first().click());
    expect(q).toContain("unsaved changes");

    await page.getByRole("button", { name: /^Next/ }).click();
    await page.getByRole("button", { name: /^Next/ }).click();
    await expect(page.locator("#wizard-step-title")).toContainText("Review");
    await expect(page.getByTestId("review-summary")).toContainText("keepcluster");
    const widths = await page.evaluate(() => ({ doc: document.documentElement.scrollWidth, inner: window.innerWidth }));
    expect(widths.doc, `review step is ${widths.doc} px wide`).toBeLessThanOrEqual(widths.inner);
    const create = page.getByRole("button", { name: "Create cluster" });
    await create.scrollIntoViewIfNeeded();
    const box = (await create.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(390);
    await page.screenshot({ path: "tmp/screenshots/phone-wizard-review.png", fullPage: true });

    // Discard draft asks, then starts over
    await page.getByRole("button", { name: "Discard draft" }).click();
    const ask = page.getByRole("group", { name: /Discard this cluster draft/ });
    await ask.getByRole("button", { name: "Cancel" }).click();
    await expect(page.getByTestId("review-summary")).toContainText("keepcluster");
    await page.getByRole("button", { name: "Discard draft" }).click();
    await ask.getByRole("button", { name: "Discard" }).click();
    await expect(page.locator("#wizard-step-title")).toContainText("Network");
    await expect(page.getByLabel("Cluster name")).toHaveValue("");
  });

  test("YAML tab: an edited object asks before another object or another tab replaces it", async ({ page }) => {
    await page.goto("/clusters/shopflannel/yaml?object=Service/shop/frontend");
    const editor = page.getByLabel("YAML of Service shop/frontend");
    await expect(editor).toHaveValue(/kind: Service/);
    await editor.fill((await editor.inputValue()).replace("name: frontend", "name: frontend # edited"));
    await leaveIsRefused(page, () => page.getByRole("link", { name: "Services", exact: true }).click());
    await leaveIsRefused(page, () => page.getByTestId("yaml-object-list").getByRole("button").first().click());
    await expect(editor).toHaveValue(/# edited/);
  });

  test("every destructive or discarding action asks first and changes nothing until confirmed", async ({ page, request }) => {
    await freshNetwork(request, "asknet", 77);
    const res = await request.post("/api/clusters", {
      data: { name: "askcluster", vnet: "asknet", nodePools: [{ name: "linuxpool", count: 1, osType: "Linux" }, { name: "extrapool", count: 1, osType: "Linux" }] },
    });
    expect(res.status(), await res.text()).toBe(201);
    await freshNetwork(request, "asknet2", 78);
    const svc = await request.post("/api/clusters/askcluster/apply", {
      headers: { "content-type": "application/yaml" },
      data:
        "apiVersion: v1\nkind: Service\nmetadata: {name: asksvc, namespace: default}\nspec:\n  type: LoadBalancer\n  selector: {app: ask}\n  ports: [{port: 80}]\n" +
        "---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: askdep, namespace: default}\nspec:\n  replicas: 1\n  selector: {matchLabels: {app: ask}}\n" +
        "  template:\n    metadata: {labels: {app: ask}}\n    spec: {containers: [{name: web, image: nginx}]}\n" +
        "---\napiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: asking, namespace: default}\nspec:\n  rules: [{host: ask.example, http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: asksvc, port: {number: 80}}}}]}}]\n" +
        "---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: askpol, namespace: default}\nspec:\n  podSelector: {matchLabels: {app: ask}}\n  policyTypes: [Ingress]\n",
    });
    expect(svc.ok(), await svc.text()).toBe(true);
    expect((await request.post("/api/tokens", { data: { name: "asktoken" } })).status()).toBe(201);
    const objectNames = async (kind: string) =>
      ((await (await request.get(`/api/clusters/askcluster/objects?kind=${kind}`)).json()) as { metadata: { name: string } }[]).map((o) => o.metadata.name);
    const replicas = async (name: string) =>
      ((await (await request.get("/api/clusters/askcluster/objects?kind=Deployment")).json()) as { metadata: { name: string }; spec: { replicas: number } }[]).find((o) => o.metadata.name === name)?.spec.replicas;
    const svcExists = async () =>
      ((await (await request.get("/api/clusters/askcluster/services")).json()) as { name: string }[]).some((s) => s.name === "asksvc");

    const actions: { what: string; path: string; before?: () => Promise<void>; trigger: string | RegExp; question: RegExp; still: () => Promise<boolean> }[] = [
      { what: "delete a network", path: "/networks/asknet2", trigger: "Delete", question: /Delete network asknet2/i, still: async () => (await request.get("/api/networks/asknet2")).ok() },
      { what: "delete a cluster", path: "/clusters/askcluster", trigger: "Delete cluster", question: /Delete cluster/, still: async () => (await request.get("/api/clusters/askcluster")).ok() },
      {
        what: "delete a node pool",
        path: "/clusters/askcluster",
        trigger: "Delete node pool extrapool",
        question: /Delete node pool extrapool/,
        still: async () => ((await (await request.get("/api/clusters/askcluster")).json()) as { nodePools: { name: string }[] }).nodePools.some((p) => p.name === "extrapool"),
      },
      {
        what: "delete a Deployment",
        path: "/clusters/askcluster/workloads",
        trigger: "Delete Deployment default/askdep",
        question: /Delete Deployment default\/askdep/,
        still: async () => ((await (await request.get("/api/clusters/askcluster/objects?kind=Deployment")).json()) as { metadata: { name: string } }[]).some((o) => o.metadata.name === "askdep"),
      },
      { what: "delete a Service", path: "/clusters/askcluster/services", trigger: "Delete Service default/asksvc", question: /Delete Service default\/asksvc/, still: svcExists },
      {
        what: "delete an Ingress",
        path: "/clusters/askcluster/ingress",
        trigger: "Delete Ingress default/asking",
        question: /Delete Ingress default\/asking\?/,
        still: async () => (await objectNames("Ingress")).includes("asking"),
      },
      {
        what: "delete a NetworkPolicy",
        path: "/clusters/askcluster/network-policies",
        trigger: "Delete NetworkPolicy default/askpol",
        question: /Delete NetworkPolicy default\/askpol\?/,
        still: async () => (await objectNames("NetworkPolicy")).includes("askpol"),
      },
      {
        what: "scale a Deployment",
        path: "/clusters/askcluster/workloads",
        before: async () => page.getByLabel("Replicas of Deployment default/askdep").fill("3"),
        trigger: "Scale Deployment default/askdep",
        question: /Scale Deployment default\/askdep from 1 to 3 replicas/,
        still: async () => (await replicas("askdep")) === 1,
      },
      {
        what: "revoke an API token",
        path: "/tokens",
        trigger: "Revoke asktoken",
        question: /Revoke token asktoken\?/,
        still: async () => ((await (await request.get("/api/tokens")).json()) as { name: string; revokedAt: string | null }[]).some((k) => k.name === "asktoken" && !k.revokedAt),
      },
    ];
    for (const a of actions) {
      await page.goto(a.path);
      await a.before?.();
      await page.getByRole("button", { name: a.trigger, exact: true }).click();
      const ask = page.getByRole("group", { name: a.question });
      await expect(ask, a.what).toBeVisible();
      await expect(ask.getByRole("button", { name: "Cancel" }), a.what).toBeFocused();
      await page.waitForTimeout(200);
      expect(await a.still(), `${a.what}: nothing happens before the confirmation`).toBe(true);
      await ask.getByRole("button", { name: "Cancel" }).click();
      await expect(ask).toBeHidden();
      expect(await a.still(), a.what).toBe(true);
    }
    // confirmed, the Service goes (and its VIP with it)
    await page.goto("/clusters/askcluster/services");
    await page.getByRole("button", { name: "Delete Service default/asksvc", exact: true }).click();
    await page.getByRole("group", { name: /Delete Service default\/asksvc/ }).getByRole("button", { name: "Delete" }).click();
    await expect(page.locator('[data-service="default/asksvc"]')).toHaveCount(0);
    expect(await svcExists()).toBe(false);
    // confirmed, the Deployment scales (the same apply as any manifest) and the NetworkPolicy goes
    await page.goto("/clusters/askcluster/workloads");
    await page.getByLabel("Replicas of Deployment default/askdep").fill("2");
    await page.getByRole("button", { name: "Scale Deployment default/askdep", exact: true }).click();
    await page.getByRole("group", { name: /Scale Deployment default\/askdep from 1 to 2/ }).getByRole("button", { name: "Scale", exact: true }).click();
    await expect(page.locator('[data-workload="Deployment/default/askdep"]')).toContainText("2/2 ready");
    expect(await replicas("askdep")).toBe(2);
    await page.goto("/clusters/askcluster/network-policies");
    await page.getByRole("button", { name: "Delete NetworkPolicy default/askpol", exact: true }).click();
    await page.getByRole("group", { name: /Delete NetworkPolicy default\/askpol/ }).getByRole("button", { name: "Delete", exact: true }).click();
    await expect(page.getByRole("article", { name: "NetworkPolicy default/askpol" })).toHaveCount(0);
    expect(await objectNames("NetworkPolicy")).not.toContain("askpol");
    await request.delete("/api/clusters/askcluster");
    await request.delete("/api/networks/asknet");
    await request.delete("/api/networks/asknet2");
  });

  test("network page: clusters link, allocations filter and link to their owners, the conflict report is shown", async ({ page, request }) => {
    await page.goto("/networks/demonet");
    await expect(page.getByTestId("network-clusters").getByRole("link", { name: "shopcalico" })).toHaveAttribute("href", "/clusters/shopcalico");
    const rows = page.getByTestId("allocation-row");
    await expect(rows.first()).toBeVisible(); // the table renders once the allocations have loaded
    const total = await rows.count();
    expect(total).toBeGreaterThan(10);
    await page.getByLabel("Pool", { exact: true }).selectOption("vip");
    await expect.poll(() => rows.count()).toBeLessThan(total);
    for (const text of await rows.allTextContents()) expect(text).toContain("VIP");
    await page.getByLabel("Address, owner or cluster").fill("shopflannel");
    await expect(page.getByTestId("allocations-count")).toContainText(`of ${total}`);
    // a LoadBalancer Service's VIP links to the Services tab of its cluster
    const svcRow = rows.filter({ hasText: "service" }).first();
    await svcRow.getByRole("link").first().click();
    await expect(page).toHaveURL(/\/clusters\/shopflannel\/services\?service=/);
    await expect(page.locator('[data-testid="service-row"][data-marked]')).toHaveCount(1);
    await expect(page.getByTestId("service-external").filter({ hasText: "172.16.255" }).first().getByTestId("service-haproxy-link")).toBeVisible();

    // the conflict report: what the API says, rendered (none, or each conflict with its VIP)
    const conflicts = (await (await request.get("/api/networks/demonet/conflicts")).json()) as { vip: string }[];
    await page.goto("/networks/demonet");
    const card = page.getByTestId("network-conflicts");
    if (conflicts.length === 0) await expect(card).toContainText("No conflicts");
    else for (const c of conflicts) await expect(card).toContainText(c.vip);
    await expect(card.getByTestId("conflict")).toHaveCount(conflicts.length);
  });

  test("an unknown cluster: a 404 without Retry and without cluster tabs", async ({ page }) => {
    await page.goto("/clusters/nosuchcluster");
    const alert = page.getByRole("alert").filter({ hasText: "404" });
    await expect(alert).toBeVisible();
    await expect(alert.getByRole("button", { name: "Retry" })).toHaveCount(0);
    await expect(page.getByRole("navigation", { name: /Views of cluster/ })).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Import" })).toHaveCount(0);
  });

  test("no request of a cold load answers 404 (favicon included)", async ({ page }) => {
    const missing: string[] = [];
    page.on("response", (r) => {
      if (r.status() === 404) missing.push(r.url());
    });
    await page.goto("/networks");
    await expect(page.getByTestId("networks-table")).toBeVisible();
    await page.waitForLoadState("networkidle");
    expect(missing).toEqual([]);
    await expect(page.locator('link[rel="icon"]')).toHaveCount(1);
  });

  test("phone: the heatmap keeps pod names along its axes", async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto("/policies?cluster=shopcalico&port=8080/TCP");
    const canvas = page.getByTestId("heatmap");
    await expect(canvas).toBeVisible();
    await expect.poll(async () => JSON.parse((await canvas.getAttribute("data-layout")) ?? "{}").names).toBe(true);
    const layout = JSON.parse((await canvas.getAttribute("data-layout"))!) as { left: number; cell: number };
    expect(layout.left, "the row names leave room for the matrix").toBeLessThanOrEqual(180);
    const widths = await page.evaluate(() => ({ doc: document.documentElement.scrollWidth, inner: window.innerWidth }));
    expect(widths.doc).toBeLessThanOrEqual(widths.inner);
    await canvas.screenshot({ path: "tmp/screenshots/phone-heatmap.png" });
  });
});
