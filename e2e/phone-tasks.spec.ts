import { expect, test, type Locator, type Page } from "@playwright/test";
import { dropNetwork, freshNetwork } from "./networks-api";
import { translate, type Lang, type MessageKey } from "../lib/i18n/messages";

/**
 * Issue 14, "Done when": the five tasks can be done on a phone (390×844, touch) without horizontal scrolling and
 * without losing input. Every step checks that the page scrolls only vertically and that the step's primary action
 * is on screen, and takes a screenshot (tmp/screenshots/task*.png). Task 2 runs in Japanese, tasks 3 and 5 in dark
 * mode. Input survives: a reload mid-form (task 1), mid-wizard (task 2), with the import dialog open (task 3), after
 * an explanation (task 4) and with uploaded manifests (task 5).
 */

test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

const SHOTS = "tmp/screenshots";

async function prefer(page: Page, lang: Lang, theme: "light" | "dark") {
  const url = new URL(test.info().project.use.baseURL ?? "http://127.0.0.1");
  await page.context().addCookies([
    { name: "hcinet-lang", value: lang, domain: url.hostname, path: "/" },
    { name: "hcinet-theme", value: theme, domain: url.hostname, path: "/" },
  ]);
}

/**
 * One step of a task on the phone: no horizontal page scrolling (the scrolling element is no wider than the 390 px
 * screen), the step's primary action visible and inside the screen once scrolled to, and a screenshot to look at.
 */
async function step(page: Page, shot: string, primary: Locator) {
  const w = await page.evaluate(() => ({
    scroll: (document.scrollingElement ?? document.documentElement).scrollWidth,
    body: document.body.scrollWidth,
    inner: window.innerWidth,
  }));
  expect(w.inner, `${shot}: the layout viewport stays at the phone's width`).toBe(390);
  expect(w.scroll, `${shot}: the page is ${w.scroll} px wide on a ${w.inner} px screen`).toBeLessThanOrEqual(w.inner);
  expect(w.body, `${shot}: the body is ${w.body} px wide on a ${w.inner} px screen`).toBeLessThanOrEqual(w.inner);
  await expect(primary, `${shot}: primary action`).toBeVisible();
  await primary.scrollIntoViewIfNeeded();
  const box = await primary.boundingBox();
  expect(box, `${shot}: primary action has a box`).not.toBeNull();
  expect(box!.x, `${shot}: primary action starts left of the screen`).toBeGreaterThanOrEqual(0);
  expect(box!.x + box!.width, `${shot}: primary action ends right of the screen`).toBeLessThanOrEqual(390);
  // reached without scrolling anything sideways (no table or tab strip had to be scrolled to show it)
  const sideways = await page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>("body *")].filter((el) => el.scrollLeft > 0).map((el) => `${el.tagName.toLowerCase()}${el.dataset.testid ? `[data-testid=${el.dataset.testid}]` : ""}`),
  );
  expect(sideways, `${shot}: scrolled sideways to reach the primary action`).toEqual([]);
  // what the phone shows around the primary action (the whole page is checked by the width test above)
  await page.screenshot({ path: `${SHOTS}/${shot}.png` });
}

const WORKLOAD = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: phone-web
  namespace: default
spec:
  replicas: 2
  selector:
    matchLabels: {app: phone-web}
  template:
    metadata:
      labels: {app: phone-web}
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
  name: phone-web
  namespace: default
spec:
  type: LoadBalancer
  selector: {app: phone-web}
  ports:
    - {name: http, port: 80, targetPort: http}
`;

test.describe("the five tasks on a phone (390×844, touch)", () => {
  test.afterAll(async ({ request }) => {
    for (const n of ["phonenet", "phonenet2", "phonenet3"]) await dropNetwork(request, n);
  });

  test("task 1: create a network (English, light); the form survives a reload", async ({ page, request }) => {
    await dropNetwork(request, "phonenet");
    await prefer(page, "en", "light");
    await page.goto("/networks");
    await expect(page.getByTestId("networks-table")).toBeVisible();
    const open = page.getByRole("button", { name: "New network" });
    await step(page, "task1-1-networks", open);
    await open.tap();

    const form = page.getByRole("form", { name: "New-AksHciClusterNetwork" });
    await form.getByLabel("Name", { exact: true }).fill("phonenet");
    await form.getByLabel("vSwitch name").fill("extSwitch");
    await form.getByLabel("IP address prefix").fill("10.61.0.0/24");
    await form.getByLabel("Gateway").fill("10.61.0.1");
    await step(page, "task1-2-form-half", form.getByRole("button", { name: "Create" }));

    // reload mid-form: the form is open again with what was typed
    await page.reload();
    await expect(form.getByLabel("Name", { exact: true })).toHaveValue("phonenet");
    await expect(form.getByLabel("IP address prefix")).toHaveValue("10.61.0.0/24");
    await expect(form.getByLabel("Gateway")).toHaveValue("10.61.0.1");

    await form.getByLabel("DNS servers").fill("10.61.0.1");
    await form.getByLabel("Node IP pool start").fill("10.61.0.10");
    await form.getByLabel("Node IP pool end").fill("10.61.0.99");
    await form.getByLabel("VIP pool start").fill("10.61.0.200");
    await form.getByLabel("VIP pool end").fill("10.61.0.250");
    await expect(page.getByTestId("validation-summary")).toContainText("All rules pass");
    const create = form.getByRole("button", { name: "Create" });
    await step(page, "task1-3-form-filled", create);
    await create.tap();

    await expect(page).toHaveURL(/\/networks\/phonenet(\?created=1)?$/);
    await expect(page.getByRole("heading", { name: "phonenet" })).toBeVisible();
    await expect(page.getByRole("meter", { name: "Node IP pool" })).toBeVisible();
    await step(page, "task1-4-network", page.getByRole("link", { name: /New cluster on this network|Create a cluster/ }));
    const created = await (await request.get("/api/networks/phonenet")).json();
    expect(created).toMatchObject({ name: "phonenet", vipPoolStart: "10.61.0.200", k8sNodeIpPoolEnd: "10.61.0.99" });
  });

  test("task 2: create a Calico cluster with a Linux and a Windows pool and a load balancer in the wizard (Japanese)", async ({ page, request }) => {
    await freshNetwork(request, "phonenet2", 62);
    await prefer(page, "ja", "light");
    const ja = (k: MessageKey, v?: Record<string, string | number>) => translate("ja", k, v);
    const next = page.getByRole("button", { name: new RegExp(`^${ja("clusters.wizard.next")}`) });
    const title = page.locator("#wizard-step-title");

    await page.goto("/clusters");
    await expect(page.getByTestId("clusters-table")).toBeVisible();
    const newCluster = page.getByRole("main").getByRole("link", { name: ja("clusters.new") });
    await step(page, "task2-1-clusters", newCluster);
    await newCluster.tap();
    await expect(page).toHaveURL(/\/clusters\/new/);

    // 1. network
    await expect(title).toContainText(ja("clusters.wizard.step.network"));
    await page.locator("#cw-name").fill("phonecluster");
    await page.getByTestId("network-option-phonenet2").tap();
    await step(page, "task2-2-network", next);
    await next.tap();

    // 2. control plane and load balancer: one HAProxy VM
    await expect(title).toContainText(ja("clusters.wizard.step.controlPlane"));
    await page.locator("#cw-loadBalancerCount").fill("1");
    await step(page, "task2-3-control-plane", next);
    await next.tap();

    // 3. a Linux pool and a Windows pool
    await expect(title).toContainText(ja("clusters.wizard.step.nodePools"));
    await page.locator("#cw-nodePools-0-name").fill("linuxpool");
    await expect(page.locator("#cw-nodePools-0-osType")).toHaveValue("Linux");
    await page.getByRole("button", { name: ja("clusters.pools.add") }).tap();
    await page.locator("#cw-nodePools-1-name").fill("winpool");
    await page.locator("#cw-nodePools-1-osType").selectOption("Windows");
    await step(page, "task2-4-pools", next);

    // reload mid-wizard: same step, same fields
    await page.reload();
    await expect(title).toContainText(ja("clusters.wizard.step.nodePools"));
    await expect(page.locator("#cw-nodePools-0-name")).toHaveValue("linuxpool");
    await expect(page.locator("#cw-nodePools-1-name")).toHaveValue("winpool");
    await expect(page.locator("#cw-nodePools-1-osType")).toHaveValue("Windows");
    await next.tap();

    // 4. plugin: Calico is the default
    await expect(title).toContainText(ja("clusters.wizard.step.plugin"));
    await expect(page.getByRole("radio", { name: /calico/i })).toBeChecked();
    await step(page, "task2-5-plugin", next);
    await next.tap();

    // 5. review: the Create button is on screen
    await expect(title).toContainText(ja("clusters.wizard.step.review"));
    await expect(page.getByTestId("review-summary")).toContainText("phonecluster");
    const create = page.getByRole("button", { name: ja("clusters.wizard.create") });
    await step(page, "task2-6-review", create);
    await create.tap();

    await expect(page).toHaveURL(/\/clusters\/phonecluster\?created=1$/);
    await expect(page.getByRole("heading", { name: "phonecluster", level: 1 })).toBeVisible();
    await expect(page.getByTestId("plugin-badge").first()).toHaveText("calico");
    await expect(page.getByTestId("group-pool-linuxpool").locator("tr[data-role=worker]")).toHaveCount(1);
    await expect(page.getByTestId("group-pool-winpool").locator("tr[data-role=worker]")).toHaveCount(1);
    await expect(page.getByTestId("group-loadbalancer").locator("tr[data-role=loadbalancer]")).toHaveCount(1);
    await step(page, "task2-7-cluster", page.getByRole("button", { name: ja("objects.import.open") }));
    const detail = (await (await request.get("/api/clusters/phonecluster")).json()) as { primaryNetworkPlugin: string; nodePools: { name: string; osType: string }[] };
    expect(detail.primaryNetworkPlugin).toBe("calico");
    expect(detail.nodePools.map((p) => `${p.name}:${p.osType}`).sort()).toEqual(["linuxpool:Linux", "winpool:Windows"]);
  });

  test("task 3: import a Deployment and a LoadBalancer Service, find its VIP and HAProxy frontend (dark)", async ({ page, request }) => {
    await freshNetwork(request, "phonenet3", 63);
    const c = await request.post("/api/clusters", { data: { name: "phoneapp", vnet: "phonenet3", nodePools: [{ name: "linuxpool", count: 2, osType: "Linux" }] } });
    expect(c.status(), await c.text()).toBe(201);
    await prefer(page, "en", "dark");

    await page.goto("/clusters/phoneapp/services");
    await expect(page.getByTestId("services-table")).toBeVisible();
    await expect(page.locator("html")).toHaveClass(/dark/);
    const open = page.getByRole("button", { name: "Import" });
    await step(page, "task3-1-services", open);
    await open.tap();
    const dialog = page.getByRole("dialog", { name: "Import into phoneapp" });
    await expect(dialog).toBeVisible();
    await dialog.getByLabel("Manifests").fill(WORKLOAD);
    await expect(dialog.getByTestId("import-stats")).toContainText("2 documents");
    await step(page, "task3-2-import", dialog.getByRole("button", { name: "Preview (dry run)" }));

    // reload with the dialog open: the pasted manifests are still there
    await page.reload();
    await expect(dialog).toBeVisible();
    await expect(dialog.getByLabel("Manifests")).toHaveValue(WORKLOAD);

    await dialog.getByRole("button", { name: "Preview (dry run)" }).tap();
    await expect(dialog.getByTestId("apply-results")).toContainText("Dry run: nothing written.");
    const apply = dialog.getByRole("button", { name: "Apply" });
    await step(page, "task3-3-preview", apply);
    await apply.tap();
    const applied = dialog.getByTestId("apply-results");
    await expect(applied).toContainText("Applied.");
    const vip = (await applied.getByTestId("alloc-vip").textContent())!.trim();
    expect(vip).toMatch(/^10\.63\.0\.\d{1,3}$/);
    const openServices = dialog.getByRole("link", { name: "Open Services" });
    await step(page, "task3-4-applied", openServices);
    await openServices.tap();

    // the Service's row has the VIP (the table scrolls inside its box on a phone; the page does not)
    const row = page.locator('[data-service="default/phone-web"]');
    await expect(row.getByTestId("service-external")).toContainText(vip);
    await expect(row.getByTestId("service-haproxy-link").first()).toBeVisible();
    // every cluster tab is on screen (the tab strip wraps on a phone): HAProxy is one tap away
    const tabs = page.getByRole("navigation", { name: /phoneapp/ }).getByRole("link");
    for (const box of await tabs.evaluateAll((els) => els.map((e) => e.getBoundingClientRect().toJSON() as DOMRect))) {
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(390);
    }
    const haproxyTab = page.getByRole("link", { name: "HAProxy", exact: true });
    await step(page, "task3-5-services", haproxyTab);
    await haproxyTab.tap();
    await expect(page).toHaveURL(/\/clusters\/phoneapp\/haproxy/);
    const frontend = page.locator(`[data-frontend="frontend_${vip}_80"]`);
    await expect(frontend).toBeVisible();
    await expect(frontend).toContainText("default/phone-web");
    // the frontends table scrolls inside its own box on a phone: its first cell (the frontend's name, with the VIP) is on screen
    await step(page, "task3-6-haproxy", frontend.locator("td").first());
  });

  test("task 4: explain why pod A can or cannot reach pod B (Japanese, dark); the pair survives a reload", async ({ page, request }) => {
    await prefer(page, "ja", "dark");
    const ja = (k: MessageKey) => translate("ja", k);
    const pods = ((await (await request.get("/api/clusters/shopcalico/reachability?port=8080/TCP&format=bits")).json()) as { pods: string[] }).pods;
    const frontend = pods.find((p) => p.startsWith("shop/frontend-"))!;
    const ingress = pods.find((p) => p.startsWith("ingress-nginx/"))!;
    const api = pods.find((p) => p.startsWith("shop/api-"))!;
    expect(frontend && ingress && api, "demo pods").toBeTruthy();

    await page.goto("/policies?cluster=shopcalico&port=8080/TCP");
    const form = page.getByTestId("explain-form");
    await expect(form).toBeVisible();
    const explain = form.getByRole("button", { name: ja("policies.explain.submit"), exact: true });
    await step(page, "task4-1-policies", explain);

    // allowed: ingress-nginx → frontend on 8080
    await form.getByLabel(ja("policies.explain.from")).selectOption(ingress);
    await form.getByLabel(ja("policies.explain.to")).selectOption(frontend);
    await explain.tap();
    const explanation = page.getByTestId("explanation");
    await expect(explanation.getByTestId("verdict")).toHaveText(ja("policies.verdict.allowed"));
    await expect(explanation.getByTestId("explain-ingress")).toContainText("shop/allow-web-from-ingress");
    await step(page, "task4-2-allowed", explanation.getByTestId("verdict"));

    // reload: the pair and its explanation are in the URL
    await page.reload();
    await expect(form.getByLabel(ja("policies.explain.from"))).toHaveValue(ingress);
    await expect(form.getByLabel(ja("policies.explain.to"))).toHaveValue(frontend);
    await expect(explanation.getByTestId("verdict")).toHaveText(ja("policies.verdict.allowed"));

    // another pair: the api pod → the ingress controller
    await form.getByLabel(ja("policies.explain.from")).selectOption(api);
    await form.getByLabel(ja("policies.explain.to")).selectOption(ingress);
    await explain.tap();
    await expect.poll(() => new URL(page.url()).searchParams.get("from")).toBe(api);
    await expect(explanation).toContainText(`${api} → ${ingress}`);
    const verdict = (await explanation.getByTestId("verdict").textContent())!.trim();
    expect([ja("policies.verdict.allowed"), ja("policies.verdict.denied")]).toContain(verdict);
    await expect(explanation.getByTestId("reason")).toBeVisible();
    await step(page, "task4-3-second", explanation.getByTestId("reason"));
  });

  test("task 5: compare Flannel and Calico for one workload (dark); the uploaded manifests survive a reload", async ({ page }) => {
    await prefer(page, "en", "dark");
    const one = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: x}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: web, image: nginx, ports: [{containerPort: 80}]}]}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web-from-nobody, namespace: x}
spec:
  podSelector: {matchLabels: {app: web}}
  policyTypes: [Ingress]
`;
    await page.goto("/compare");
    await expect(page.getByTestId("plugin-table")).toBeVisible();
    const upload = page.getByRole("radio", { name: "Upload manifests" });
    await step(page, "task5-1-compare", upload);
    await upload.tap();
    await page.getByLabel(/^Manifests/).fill(one);
    const run = page.getByRole("button", { name: "Compare", exact: true });
    await step(page, "task5-2-upload", run);

    // reload: still in upload mode, with the manifests
    await page.reload();
    await expect(page.getByRole("radio", { name: "Upload manifests" })).toBeChecked();
    await expect(page.getByLabel(/^Manifests/)).toHaveValue(one);

    await run.tap();
    await expect(page.getByTestId("diff-summary")).toContainText("connection(s) Flannel lets through that Calico blocks");
    await expect(page.getByTestId("diff-groups")).toContainText("denied on ingress by x/web-from-nobody");
    await expect(page.getByTestId("recommendation")).toBeVisible();
    await step(page, "task5-3-diff", page.getByTestId("diff-summary"));
    await step(page, "task5-4-report", page.getByRole("button", { name: "Download report (Markdown)" }));
  });
});
