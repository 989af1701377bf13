import { readFileSync } from "node:fs";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";

/** The cytoscape instance cytoscape itself registers on its container (`_cyreg`), to read what is drawn. */
async function drawn(page: Page, fn: string): Promise<unknown> {
  return page.getByTestId("topology-canvas").evaluate((el, body) => {
    const cy = (el as unknown as { _cyreg?: { cy?: unknown } })._cyreg?.cy;
    if (!cy) return null;
    return new Function("cy", body)(cy);
  }, fn);
}

/** Click an element of the graph where it is drawn. */
async function clickElement(page: Page, id: string) {
  // let a running viewport animation (the search focus) end first, then centre the element
  await page.waitForTimeout(400);
  await drawn(page, `cy.stop(true, true); const e = cy.getElementById(${JSON.stringify(id)}); cy.center(e); return true;`);
  await page.waitForTimeout(100);
  const pos = (await drawn(page, `const p = cy.getElementById(${JSON.stringify(id)}).renderedPosition(); return {x: p.x, y: p.y};`)) as { x: number; y: number };
  await page.getByTestId("topology-canvas").click({ position: pos });
}

function watchConsole(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (m) => {
    // "Failed to load resource" without a URL is the browser's own favicon request (no page response event);
    // every failed request of the page itself is caught by the response listener below
    if (m.type() === "error" && !m.text().startsWith("Failed to load resource")) errors.push(m.text());
  });
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("response", (r) => {
    if (r.status() >= 400) errors.push(`${r.status()} ${r.url()}`);
  });
  return errors;
}

test.describe("topology", () => {
  test("journey: open from the sidebar, group by namespace, search a folded pod, expand an owner, open a Service's tab", async ({ page, request }) => {
    const errors = watchConsole(page);
    const pods = (await (await request.get("/api/clusters/shopcalico/objects?kind=Pod")).json()) as { metadata: { name: string; namespace: string; ownerReferences?: unknown[] } }[];
    const pod = pods.find((p) => p.metadata.namespace === "shop" && p.metadata.ownerReferences?.length)!;
    expect(pod, "a shop pod with an owner").toBeTruthy();

    await page.goto("/networks");
    await page.getByRole("navigation", { name: "main" }).getByRole("link", { name: "Topology" }).click();
    await page.getByTestId("topology-picker").getByRole("link", { name: "shopcalico" }).click();
    await expect(page).toHaveURL(/\/clusters\/shopcalico\/topology/);
    await expect(page.getByRole("link", { name: "Topology" }).last()).toHaveAttribute("aria-current", "page");
    await expect(page.getByTestId("topology-status")).toContainText("pods");
    await expect.poll(() => drawn(page, "return cy.nodes().length")).toBeGreaterThan(10);
    // traffic view: the client is left of the VIPs, the VIPs left of the Services, pods/owners inside node VMs
    const order = (await drawn(page, `const x = (s) => cy.nodes(s).map(n => n.position('x')); return { client: x('#ext\\\\:client')[0], vip: Math.min(...x('[kind = "VIP"]')), svc: Math.min(...x('[kind = "Service"]')), inside: cy.nodes('[kind = "Owner"], [kind = "Pod"]').filter(n => n.parent().length > 0).length };`)) as { client: number; vip: number; svc: number; inside: number };
    expect(order.client).toBeLessThan(order.vip);
    expect(order.vip).toBeLessThan(order.svc);
    expect(order.inside).toBeGreaterThan(0);
    await expect(page.getByTestId("topology-legend")).toContainText("Windows node VM");
    // the graph fills the canvas (fit to the container's real size)
    const fill = (await drawn(page, "const bb = cy.elements().renderedBoundingBox(); const c = cy.container(); return { w: bb.w, h: bb.h, cw: cy.width(), ch: cy.height(), elw: c.clientWidth, elh: c.clientHeight, zoom: cy.zoom(), canvasW: c.querySelector('canvas').getBoundingClientRect().width, canvasAttr: c.querySelector('canvas').width }")) as Record<string, number>;
    expect(fill.cw, JSON.stringify(fill)).toBe(fill.elw);
    expect(Math.max(fill.w / fill.cw, fill.h / fill.ch), JSON.stringify(fill)).toBeGreaterThan(0.8);
    await page.screenshot({ path: "tmp/screenshots/topology-traffic.png", fullPage: true });

    // grouping by namespace
    await page.getByText("By namespace / owner").click();
    await expect(page).toHaveURL(/group=namespace/);
    await expect.poll(() => drawn(page, "return cy.nodes('.namespace').map(n => n.id()).sort()")).toContain("ns:shop");
    // fcose refined the namespace packing in the Web Worker (the main thread never runs it)
    await expect(page.getByTestId("topology-canvas")).toHaveAttribute("data-layout", "fcose");
    await page.screenshot({ path: "tmp/screenshots/topology-namespace.png", fullPage: true });

    // search a pod that is folded into its owner: the owner expands and the pod is centred and marked
    await page.getByRole("searchbox").or(page.getByLabel("Find an element")).fill(pod.metadata.name);
    await page.getByRole("button", { name: "Find" }).click();
    const podId = `pod:shop/${pod.metadata.name}`;
    await expect(page).toHaveURL(/expand=owner/);
    await expect.poll(() => drawn(page, `return cy.getElementById(${JSON.stringify(podId)}).hasClass('match')`)).toBe(true);
    await expect(page.getByTestId("topology-panel-name")).toHaveText(`shop/${pod.metadata.name}`);
    await expect(page.getByTestId("topology-yaml")).toContainText(`name: ${pod.metadata.name}`);

    // expand another aggregated owner from its details
    await page.getByText("By node VM (traffic)").click();
    const owner = (await drawn(page, "const o = cy.nodes('[kind = \"Owner\"]').filter(n => n.data('count') > 1)[0]; return o ? {id: o.id(), count: o.data('count')} : null")) as { id: string; count: number };
    expect(owner, "an owner with several pods").toBeTruthy();
    await clickElement(page, owner.id);
    await expect(page.getByTestId("topology-panel")).toContainText("Owner");
    await page.getByRole("button", { name: "Expand pods" }).click();
    await expect.poll(() => drawn(page, `return cy.nodes('[kind = "Pod"]').filter(n => n.data('owner') === ${JSON.stringify(owner.id)}).length`)).toBe(owner.count);

    // click a Service and land on its tab
    await clickElement(page, "svc:shop/frontend");
    await expect(page.getByTestId("topology-panel-name")).toHaveText("shop/frontend");
    await page.getByTestId("topology-tab-link").click();
    await expect(page).toHaveURL(/\/clusters\/shopcalico\/services\?service=shop%2Ffrontend$/);
    await expect(page.locator('[data-service="shop/frontend"]')).toHaveAttribute("data-marked", "true");
    expect(errors).toEqual([]);
  });

  test("export PNG and SVG with the cluster name; deep link restores the view; table alternative; keyboard", async ({ page }) => {
    const errors = watchConsole(page);
    await page.goto("/clusters/shopcalico/topology?group=namespace&select=svc%3Ashop%2Ffrontend&focus=svc%3Ashop%2Ffrontend");
    await expect.poll(() => drawn(page, "return cy.nodes().length")).toBeGreaterThan(10);
    // deep link: grouping, selection and focus come back
    await expect(page.getByLabel("By namespace / owner")).toBeChecked();
    await expect(page.getByTestId("topology-panel-name")).toHaveText("shop/frontend");
    await expect.poll(() => drawn(page, "return cy.getElementById('svc:shop/frontend').selected() && cy.getElementById('svc:shop/frontend').hasClass('match')")).toBe(true);

    const [png] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Export PNG" }).click()]);
    expect(png.suggestedFilename()).toMatch(/^topology-shopcalico-\d{8}T\d{6}Z\.png$/);
    const bytes = readFileSync((await png.path())!);
    expect(bytes.subarray(0, 8).toString("hex")).toBe("89504e470d0a1a0a");
    expect(bytes.readUInt32BE(16)).toBeGreaterThan(300); // width
    expect(bytes.length).toBeGreaterThan(5000);

    const [svg] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Export SVG" }).click()]);
    const svgText = readFileSync((await svg.path())!, "utf8");
    expect(svgText).toContain("<svg");
    expect(svgText).toContain("shopcalico · topology ·");

    // keyboard: focus the graph, arrows move the selection, Escape clears it
    await page.getByTestId("topology-canvas").focus();
    await page.keyboard.press("ArrowRight");
    await expect(page).not.toHaveURL(/select=svc%3Ashop%2Ffrontend/);
    await expect(page).toHaveURL(/select=/);
    await page.keyboard.press("Escape");
    await expect(page).not.toHaveURL(/select=/);

    // the table alternative lists the same elements
    await page.getByRole("button", { name: "Show as table" }).click();
    const table = page.getByTestId("topology-table");
    await expect(table).toContainText("frontend");
    await expect(table.getByRole("row").filter({ hasText: "HAProxy VM" }).first()).toBeVisible();
    expect(errors).toEqual([]);
  });

  test("Japanese, dark, 390 px wide: no horizontal scroll; VIP conflict drawn in red", async ({ page, context, baseURL, request }) => {
    const url = new URL(baseURL!);
    await context.addCookies([
      { name: "hcinet-lang", value: "ja", domain: url.hostname, path: "/" },
      { name: "hcinet-theme", value: "dark", domain: url.hostname, path: "/" },
    ]);
    const topo = await (await request.get("/api/clusters/shopcalico/topology?kind=VIP")).json();
    const vip = topo.elements.nodes.find((n: { data: { apiServer: boolean } }) => !n.data.apiServer).data.ip as string;
    const clash = `apiVersion: v1\nkind: Service\nmetadata: {name: e2e-clash, namespace: shop}\nspec:\n  type: LoadBalancer\n  selector: {app: none}\n  ports: [{port: 9393}]\nstatus:\n  loadBalancer:\n    ingress: [{ip: ${vip}}]\n`;
    expect((await request.post("/api/clusters/shopflannel/apply", { data: clash, headers: { "content-type": "application/yaml" } })).ok()).toBe(true);
    try {
      await page.setViewportSize({ width: 390, height: 844 });
      await page.goto(`/clusters/shopcalico/topology?select=vip%3A${vip}`);
      await expect(page.getByRole("heading", { name: "トポロジー", exact: true })).toBeVisible();
      await expect(page.locator("html")).toHaveClass(/dark/);
      await expect.poll(() => drawn(page, `return cy.getElementById('vip:${vip}').hasClass('conflict')`)).toBe(true);
      await expect(page.getByTestId("topology-conflicts")).toBeVisible();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      await page.screenshot({ path: "tmp/screenshots/topology-ja-dark-390.png", fullPage: true });
    } finally {
      await request.delete("/api/clusters/shopflannel/objects?kind=Service&namespace=shop&name=e2e-clash");
    }
  });

  test("a trace drawn on the graph: external → the frontend VIP, hops numbered, the drop in red, a link to the hop list", async ({ page, request }) => {
    const errors = watchConsole(page);
    const svcs = (await (await request.get("/api/clusters/shopcalico/services")).json()) as { name: string; loadBalancerIP?: string }[];
    const vip = svcs.find((s) => s.name === "frontend")!.loadBalancerIP!;
    await page.goto(`/clusters/shopcalico/topology?from=external&to=${vip}:80`);
    const panel = page.getByTestId("topology-trace");
    await expect(panel.getByTestId("topology-trace-summary")).toContainText("Dropped");
    await expect(panel.getByRole("link", { name: /Hop list/ })).toHaveAttribute("href", `/clusters/shopcalico/traffic?from=external&to=${encodeURIComponent(`${vip}:80`)}`);
    // the pods the trace reaches are unfolded from their owner and the path is classes on the graph's own elements
    await expect.poll(() => drawn(page, "return cy.$('.path').length"), { timeout: 15_000 }).toBeGreaterThan(3);
    await expect.poll(() => drawn(page, "return cy.$('.path-dropped').map(e => e.id())")).toEqual([expect.stringMatching(/^pod:shop\/frontend-/)]);
    expect(await drawn(page, "return cy.getElementById('ext:client').data('pathIndex')")).toBe(1);
    await panel.getByRole("button", { name: "Clear the trace" }).click();
    await expect.poll(() => drawn(page, "return cy.$('.path').length")).toBe(0);
    expect(errors).toEqual([]);
  });

  test("the coarse level: folded node VMs and namespace badges; unfold a node VM with Enter, a namespace by zooming in, fold back", async ({ page }) => {
    const errors = watchConsole(page);
    await page.goto("/clusters/shopcalico/topology?agg=namespace");
    await expect(page.getByTestId("topology-level")).toHaveValue("namespace");
    await expect(page.getByTestId("topology-status")).toContainText("zoom in");
    await expect.poll(() => drawn(page, "return cy.nodes('[kind = \"Namespace\"]').map(n => n.id()).sort()")).toContain("namespace:shop");
    expect(await drawn(page, "return cy.nodes('[kind = \"Pod\"], [kind = \"Owner\"], [kind = \"Service\"]').length")).toBe(0);
    const vm = (await drawn(page, "const n = cy.nodes('[kind = \"Node\"].folded')[0]; return {id: n.id(), pods: n.data('pods')}")) as { id: string; pods: number };
    expect(vm.pods).toBeGreaterThan(0);
    await expect(page.getByTestId("topology-legend")).toContainText("Folded namespace");
    await page.screenshot({ path: "tmp/screenshots/topology-folded.png", fullPage: true });

    // select the folded node VM and press Enter: its pods come back inside it, folded by owner
    await clickElement(page, vm.id);
    await expect(page.getByTestId("topology-panel")).toContainText("Show the pods on this VM");
    await page.getByTestId("topology-canvas").press("Enter");
    await expect(page).toHaveURL(new RegExp(`expand=${encodeURIComponent(vm.id)}`));
    await expect
      .poll(() => drawn(page, `return cy.getElementById(${JSON.stringify(vm.id)}).children().map(c => c.data('kind') === 'Owner' ? c.data('count') : 1).reduce((a, b) => a + b, 0)`))
      .toBe(vm.pods);
    // fold it back from the panel
    await page.getByRole("button", { name: "Fold the pods on this VM" }).click();
    await expect(page).not.toHaveURL(/expand=/);
    await expect.poll(() => drawn(page, `return cy.getElementById(${JSON.stringify(vm.id)}).hasClass('folded')`)).toBe(true);

    // auto-unfold on zoom: centre a namespace badge, zoom in with the keyboard until it unfolds
    await page.goto("/clusters/shopcalico/topology?agg=namespace&focus=namespace%3Ashop");
    await expect.poll(() => drawn(page, "return cy.getElementById('namespace:shop').hasClass('match')")).toBe(true);
    await page.waitForTimeout(400);
    await page.getByTestId("topology-canvas").focus();
    for (let i = 0; i < 8 && !/expand=namespace/.test(page.url()); i++) {
      await page.keyboard.press("+");
      await page.waitForTimeout(500);
    }
    await expect(page).toHaveURL(/expand=namespace%3A/);
    await expect.poll(() => drawn(page, "return cy.nodes('[kind = \"Service\"]').length")).toBeGreaterThan(0);
    expect(errors).toEqual([]);
  });

  test("search into folded namespaces, keyboard only: matching badges and node VMs highlighted, a result unfolds its namespace and focuses the pod", async ({ page, request }) => {
    const errors = watchConsole(page);
    const pods = (await (await request.get("/api/clusters/shopcalico/objects?kind=Pod")).json()) as { metadata: { name: string; namespace: string; ownerReferences?: unknown[] }; spec: { nodeName?: string } }[];
    const pod = pods.find((p) => p.metadata.namespace === "shop" && p.metadata.ownerReferences?.length && p.spec.nodeName)!;
    const other = pods.find((p) => p.metadata.namespace !== "shop" && p.spec.nodeName)!;
    expect(pod && other, "a shop pod with an owner, and a pod of another namespace").toBeTruthy();
    await page.goto("/clusters/shopcalico/topology?agg=namespace");
    await expect.poll(() => drawn(page, "return cy.nodes('[kind = \"Namespace\"]').map(n => n.id()).sort()")).toContain("namespace:shop");
    expect(await drawn(page, "return cy.nodes('[kind = \"Pod\"]').length")).toBe(0);

    // typing lists the matches; the badge and the folded VM holding the pod are highlighted
    const box = page.getByRole("searchbox", { name: "Find an element" });
    await box.focus();
    await page.keyboard.type(pod.metadata.name);
    const results = page.getByTestId("topology-search-results");
    await expect(results.getByRole("button").first()).toContainText(`shop/${pod.metadata.name}`);
    await expect(results.getByRole("button").first()).toContainText("in shop");
    await expect(page.getByTestId("topology-search-summary")).toContainText("inside folded elements");
    await expect.poll(() => drawn(page, "return cy.$('.search-hit').map(n => n.id()).sort()")).toEqual([`node:${pod.spec.nodeName}`, "namespace:shop"].sort());
    await page.screenshot({ path: "tmp/screenshots/topology-search-folded.png", fullPage: true });

    // ArrowDown into the results, Enter on the first: its namespace (and owner) unfold, the pod is centred and selected
    await page.keyboard.press("ArrowDown");
    await expect(results.getByRole("button").first()).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/expand=namespace%3Ashop/);
    await expect(page).toHaveURL(/expand=owner%3Ashop/);
    const podId = `pod:shop/${pod.metadata.name}`;
    await expect.poll(() => drawn(page, `return cy.getElementById(${JSON.stringify(podId)}).hasClass('match')`)).toBe(true);
    await expect(page.getByTestId("topology-panel-name")).toHaveText(`shop/${pod.metadata.name}`);
    await expect(results.getByRole("button").first()).toContainText("drawn");
    await page.screenshot({ path: "tmp/screenshots/topology-search-unfolded.png", fullPage: true });

    // Enter straight from the search box: the best match of another folded namespace
    await box.focus();
    await page.keyboard.press("ControlOrMeta+a");
    await page.keyboard.type(`${other.metadata.namespace}/${other.metadata.name}`);
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(new RegExp(`expand=namespace%3A${other.metadata.namespace}`));
    const otherId = `pod:${other.metadata.namespace}/${other.metadata.name}`;
    await expect.poll(() => drawn(page, `return cy.getElementById(${JSON.stringify(otherId)}).hasClass('match')`)).toBe(true);
    await expect(page.getByTestId("topology-panel-name")).toHaveText(`${other.metadata.namespace}/${other.metadata.name}`);
    expect(errors).toEqual([]);
  });

  test("search results in Japanese, dark, 390 px wide: highlighted holders, no horizontal scroll, no serious axe violation", async ({ page, context, baseURL }) => {
    const url = new URL(baseURL!);
    await context.addCookies([
      { name: "hcinet-lang", value: "ja", domain: url.hostname, path: "/" },
      { name: "hcinet-theme", value: "dark", domain: url.hostname, path: "/" },
    ]);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto("/clusters/shopcalico/topology?agg=namespace");
    await expect(page.locator("html")).toHaveClass(/dark/);
    await expect.poll(() => drawn(page, "return cy.nodes('[kind = \"Namespace\"]').length")).toBeGreaterThan(1);
    await page.getByRole("searchbox", { name: "要素を検索" }).focus();
    await page.keyboard.type("shop/");
    const results = page.getByTestId("topology-search-results");
    await expect(results.getByRole("button").first()).toBeVisible();
    await expect(page.getByTestId("topology-search-summary")).toContainText("たたんだ要素");
    await expect.poll(() => drawn(page, "return cy.$('.search-hit').map(n => n.id())")).toContain("namespace:shop");
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.waitForTimeout(300);
    const bad = (await new AxeBuilder({ page }).analyze()).violations.filter((v) => v.impact === "serious" || v.impact === "critical");
    expect(bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).slice(0, 5).join(", ")}`)).toEqual([]);
    await page.screenshot({ path: "tmp/screenshots/topology-search-ja-dark-390.png", fullPage: true });
  });

  test("an imported Online Boutique: its topology page draws every microservice inside a node VM with no console error", async ({ page, request }) => {
    const errors = watchConsole(page);
    const name = "e2eboutique";
    await request.delete(`/api/clusters/${name}`);
    try {
      const c = await request.post("/api/clusters", { data: { name, vnet: "demonet", controlPlaneNodeCount: 1, loadBalancerCount: 1, primaryNetworkPlugin: "calico", nodePools: [{ name: "linuxpool", count: 2, osType: "Linux" }] } });
      expect(c.status(), await c.text()).toBe(201);
      const yaml = readFileSync("fixtures/online-boutique.yaml", "utf8");
      const a = await request.post(`/api/clusters/${name}/apply`, { headers: { "content-type": "application/yaml" }, data: yaml });
      expect(a.status(), await a.text()).toBe(200);
      await page.goto(`/clusters/${name}/topology?agg=none`);
      await expect(page.getByTestId("topology-status")).toContainText("pods");
      const apps = ["adservice", "cartservice", "checkoutservice", "currencyservice", "emailservice", "frontend", "loadgenerator", "paymentservice", "productcatalogservice", "recommendationservice", "redis-cart", "shippingservice"];
      await expect
        .poll(() => drawn(page, "return cy.nodes('[kind = \"Pod\"][namespace = \"default\"]').filter(n => n.parent().length === 1 && n.parent().data('kind') === 'Node').map(n => n.data('labels').app).sort()"))
        .toEqual(apps);
      // the VIP of frontend-external, served by the HAProxy VM, routes to it
      const vip = (await drawn(page, "return cy.getElementById('svc:default/frontend-external').incomers('node[kind = \"VIP\"]').map(n => n.id())")) as string[];
      expect(vip).toHaveLength(1);
      expect(await drawn(page, `return cy.getElementById(${JSON.stringify(vip[0])}).incomers('node[kind = "LoadBalancer"]').length`)).toBe(1);
      await page.screenshot({ path: "tmp/screenshots/topology-boutique.png", fullPage: true });
      expect(errors).toEqual([]);
    } finally {
      await request.delete(`/api/clusters/${name}`);
    }
  });
});
