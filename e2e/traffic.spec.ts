import path from "node:path";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";

/** Serious and critical axe-core violations on the page (WCAG 2 A/AA rules). */
async function axeViolations(page: Page): Promise<{ id: string; impact: string; targets: string[] }[]> {
  await page.addScriptTag({ path: path.resolve("node_modules/axe-core/axe.min.js") });
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, o: object): Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const r = await axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21aa", "best-practice"] }, resultTypes: ["violations"] });
    return r.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => ({ id: v.id, impact: v.impact, targets: v.nodes.slice(0, 5).map((n) => n.target.join(" ")) }));
  });
}

async function podsOf(request: APIRequestContext, cluster: string): Promise<string[]> {
  const objs = (await (await request.get(`/api/clusters/${cluster}/objects?kind=Pod`)).json()) as { metadata: { namespace: string; name: string } }[];
  return objs.map((o) => `${o.metadata.namespace}/${o.metadata.name}`);
}

async function traceFromForm(page: Page, from: string, to: string) {
  await page.getByLabel("From", { exact: true }).fill(from);
  await page.getByLabel("To", { exact: true }).fill(to);
  await page.getByRole("button", { name: "Trace", exact: true }).click();
  await expect(page.getByTestId("trace-verdict")).toBeVisible();
}

test.describe("traffic", () => {
  test("external → the shop's LoadBalancer: HAProxy, node and pod hops drawn; Calico drops at the pod, Flannel (what-if) delivers", async ({ page, request }) => {
    const services = (await (await request.get("/api/clusters/shopcalico/services")).json()) as { name: string; loadBalancerIP: string }[];
    const vip = services.find((s) => s.name === "frontend")!.loadBalancerIP;
    // the sidebar's Traffic entry is live and leads to the cluster's tab
    await page.goto("/traffic");
    await page.getByRole("link", { name: "Trace in shopcalico" }).click();
    await expect(page).toHaveURL(/\/clusters\/shopcalico\/traffic$/);
    await expect(page.getByRole("link", { name: "Traffic", exact: true }).last()).toHaveAttribute("aria-current", "page");

    await traceFromForm(page, "external", `${vip}:80`);
    await expect(page).toHaveURL(new RegExp(`from=external&to=${vip.replace(/\./g, "\\.")}:80`));
    const hops = page.getByTestId("hop");
    await expect(hops.first()).toHaveAttribute("data-kind", "client");
    await expect(hops.nth(1)).toHaveAttribute("data-kind", "loadBalancer");
    await expect(hops.nth(1)).toHaveAttribute("data-element", /^lb:shopcalico/);
    await expect(hops.nth(2)).toHaveAttribute("data-kind", "node");
    await expect(hops.nth(3)).toHaveAttribute("data-kind", "kubeProxy");
    // addresses before → after: HAProxy opens a new connection from its own IP
    await expect(hops.nth(1).getByTestId("hop-before")).toContainText(`→ ${vip}:80`);
    await expect(hops.nth(1).getByTestId("hop-after")).toContainText(/172\.16\.\d+\.\d+:49152 → 172\.16\.\d+\.\d+:3\d{4}/);
    const last = hops.last();
    await expect(last).toHaveAttribute("data-kind", "pod");
    await expect(last).toHaveAttribute("data-dropped", "true");
    await expect(last.getByTestId("drop-reason")).toContainText("shop/default-deny-ingress");
    // the graph highlights the path: LB, node and pod elements, the pod dropped
    const graph = page.getByTestId("trace-graph");
    const path = JSON.parse((await graph.getAttribute("data-path"))!) as string[];
    expect(path.some((id) => id.startsWith("lb:"))).toBe(true);
    expect(path.some((id) => id.startsWith("node:"))).toBe(true);
    expect(path[path.length - 1]).toMatch(/^pod:shop\/frontend-/);
    await expect(graph).toHaveAttribute("data-dropped", /^pod:shop\/frontend-/);
    await expect(graph.locator("canvas").first()).toBeVisible();
    await page.waitForTimeout(1500); // the hops' reveal animation
    await page.screenshot({ path: "tmp/screenshots/traffic-lb.png", fullPage: true });
    expect(await axeViolations(page)).toEqual([]);

    // one click: what changes under Flannel
    await page.getByTestId("other-plugin").click();
    await expect(page).toHaveURL(/plugin=flannel/);
    await expect(page.getByTestId("trace-verdict")).toHaveText("Delivered");
    await expect(page.getByTestId("what-if")).toContainText("flannel");
    await expect(page.getByTestId("hop").last().getByTestId("hop-policy")).toContainText("not enforced");
    await page.getByTestId("other-plugin").click();
    await expect(page.getByTestId("trace-verdict")).toHaveText("Dropped");
  });

  test("pod → pod denied by policy names the policy and links to its explanation", async ({ page, request }) => {
    const pods = await podsOf(request, "shopcalico");
    const api = pods.find((p) => p.startsWith("shop/api-"))!;
    const frontend = pods.find((p) => p.startsWith("shop/frontend-"))!;
    await page.goto("/clusters/shopcalico/traffic");
    await traceFromForm(page, api, `${frontend}:8080`);
    await expect(page.getByTestId("trace-verdict")).toHaveText("Dropped");
    const reason = page.getByTestId("drop-reason");
    await expect(reason).toContainText("shop/api-egress");
    await expect(reason).toContainText("shop/default-deny-ingress");
    await expect(page.getByTestId("hop").filter({ has: page.getByTestId("drop-reason") })).toHaveAttribute("data-dropped", "true");
    await page.getByTestId("explain-link").click();
    await expect(page).toHaveURL(new RegExp(`/policies\\?cluster=shopcalico&port=8080/TCP&from=${api}&to=${frontend}`));
    await expect(page.getByTestId("explanation")).toBeVisible();
  });

  test("route a host/path through the Ingress: controller, backend Service, api pod", async ({ page }) => {
    await page.goto("/clusters/shopcalico/traffic?from=external&to=shop.contoso.com/api/orders");
    await expect(page.getByTestId("trace-verdict")).toHaveText("Delivered");
    const ctl = page.locator('[data-testid="hop"][data-kind="ingressController"]');
    await expect(ctl).toHaveAttribute("data-element", "ing:shop/shop");
    await expect(page.locator('[data-testid="hop"][data-kind="service"]')).toHaveAttribute("data-element", "svc:shop/api");
    await expect(page.getByTestId("hop").last()).toHaveAttribute("data-element", /^pod:shop\/api-/);
    await page.waitForTimeout(1500);
    await page.screenshot({ path: "tmp/screenshots/traffic-ingress.png", fullPage: true });
    expect(await axeViolations(page)).toEqual([]);
    // the form shows the shared query
    await expect(page.getByLabel("To", { exact: true })).toHaveValue("shop.contoso.com/api/orders");
    // bad input: the API's 422 names the field
    await page.getByLabel("From", { exact: true }).fill("shop/nope");
    await page.getByRole("button", { name: "Trace", exact: true }).click();
    await expect(page.getByTestId("trace-error")).toContainText('unknown pod "shop/nope"');
  });

  test("Japanese, dark, 390 px wide: no horizontal scroll, the trace in Japanese", async ({ page, context, baseURL }) => {
    const url = new URL(baseURL!);
    await context.addCookies([
      { name: "hcinet-lang", value: "ja", domain: url.hostname, path: "/" },
      { name: "hcinet-theme", value: "dark", domain: url.hostname, path: "/" },
    ]);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto("/clusters/shopflannel/traffic?from=external&to=nosuch.contoso.com/");
    await expect(page.getByRole("heading", { name: "トラフィック · shopflannel" })).toBeVisible();
    await expect(page.getByTestId("trace-verdict")).toHaveText("破棄");
    await expect(page.getByTestId("drop-reason")).toContainText("イングレス");
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: "tmp/screenshots/traffic-ja-dark-390.png", fullPage: true });
    expect(await axeViolations(page)).toEqual([]);
  });
});
