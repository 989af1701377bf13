import AxeBuilder from "@axe-core/playwright";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";

/**
 * Calico's own policies in every view (issue 10): on a cluster of its own (so the demo's figures stay as they are),
 * the Policies page lists them by tier with their rules in words (English and Japanese), the explanation names the
 * tier, policy and rule that decided, and a trace on the Traffic page is dropped by the Calico policy it names.
 */
const SHOTS = "tmp/screenshots";

const MANIFESTS = `apiVersion: v1
kind: Namespace
metadata: {name: shop, labels: {team: shop}}
---
apiVersion: v1
kind: Namespace
metadata: {name: data, labels: {team: data}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: frontend, namespace: shop}
spec:
  replicas: 1
  selector: {matchLabels: {app: frontend}}
  template:
    metadata: {labels: {app: frontend, tier: web}}
    spec: {containers: [{name: web, image: nginx, ports: [{name: http, containerPort: 8080}]}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: shop}
spec:
  replicas: 1
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api, tier: api}}
    spec: {containers: [{name: api, image: api, ports: [{name: http, containerPort: 8080}]}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: db, namespace: data}
spec:
  replicas: 1
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec: {containers: [{name: pg, image: postgres, ports: [{name: pg, containerPort: 5432}]}]}
---
apiVersion: projectcalico.org/v3
kind: Tier
metadata: {name: platform}
spec: {order: 100}
---
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: {name: platform.no-web-to-data}
spec:
  tier: platform
  order: 10
  selector: projectcalico.org/namespace == 'data'
  ingress:
    - action: Deny
      protocol: TCP
      source: {namespaceSelector: "team == 'shop'", selector: "tier == 'web'"}
    - action: Pass
---
apiVersion: projectcalico.org/v3
kind: NetworkPolicy
metadata: {name: api-from-frontend, namespace: shop}
spec:
  selector: app == 'api'
  ingress:
    - action: Allow
      protocol: TCP
      source: {selector: app == 'frontend'}
      destination: {ports: [http]}
`;

async function setUp(request: APIRequestContext): Promise<{ frontend: string; api: string; db: string }> {
  const old = await request.get("/api/networks/calnet");
  if (old.ok()) {
    for (const c of ((await old.json()) as { clusters: string[] }).clusters) await request.delete(`/api/clusters/${c}`);
    await request.delete("/api/networks/calnet");
  }
  const net = await request.post("/api/networks", {
    data: { name: "calnet", vswitchName: "extSwitch", ipAddressPrefix: "10.31.0.0/24", gateway: "10.31.0.1", dnsServers: ["10.31.0.1"], k8sNodeIpPoolStart: "10.31.0.10", k8sNodeIpPoolEnd: "10.31.0.60", vipPoolStart: "10.31.0.200", vipPoolEnd: "10.31.0.220" },
  });
  expect(net.status(), await net.text()).toBe(201);
  const cluster = await request.post("/api/clusters", { data: { name: "calpol", vnet: "calnet", nodePools: [{ name: "linux", count: 1 }] } });
  expect(cluster.status(), await cluster.text()).toBe(201);
  const applied = await request.post("/api/clusters/calpol/apply", { data: MANIFESTS, headers: { "content-type": "application/yaml" } });
  expect(applied.status(), await applied.text()).toBe(200);
  const pods: string[] = (await (await request.get("/api/clusters/calpol/reachability?port=5432/TCP")).json()).pods;
  const find = (prefix: string) => pods.find((p) => p.startsWith(prefix))!;
  return { frontend: find("shop/frontend-"), api: find("shop/api-"), db: find("data/db-") };
}

async function prefer(page: Page, lang: "en" | "ja", theme: "light" | "dark") {
  const url = new URL(test.info().project.use.baseURL ?? "http://127.0.0.1");
  await page.context().addCookies([
    { name: "hcinet-lang", value: lang, domain: url.hostname, path: "/" },
    { name: "hcinet-theme", value: theme, domain: url.hostname, path: "/" },
  ]);
}

test.describe("Calico policies in every view", () => {
  test("Policies page: tiers, rules in words, the explanation names the deciding rule; Traffic: the trace is dropped by it", async ({ page, request }) => {
    const { frontend, api, db } = await setUp(request);
    await prefer(page, "en", "light");
    await page.goto(`/policies?cluster=calpol&port=5432/TCP&from=${frontend}&to=${db}`);
    const list = page.getByTestId("calico-policy-list");
    await expect(list).toBeVisible();
    await expect(list.getByTestId("calico-tier").first()).toHaveAttribute("data-tier", "platform");
    await expect(list.getByTestId("calico-tier").first()).toContainText("order 100");
    const gnp = list.locator('[data-testid="calico-policy"][data-policy="platform.no-web-to-data"]');
    await expect(gnp).toContainText("GlobalNetworkPolicy");
    await expect(gnp.getByTestId("calico-rule").first()).toContainText("Deny TCP traffic from pods matching tier == 'web'; in namespaces matching team == 'shop' to anywhere.");
    await expect(gnp.getByTestId("calico-rule").nth(1)).toContainText("Pass to the next tier");
    await expect(list.locator('[data-testid="calico-policy"][data-policy="shop/api-from-frontend"]').getByTestId("calico-rule")).toContainText("to ports http");

    const reason = page.getByTestId("reason");
    await expect(reason).toContainText("is denied under Calico's tiers");
    await expect(reason).toContainText("denied by platform.no-web-to-data rule 1 (Deny) in tier platform");
    await expect(page.getByTestId("calico-ingress")).toHaveAttribute("data-by", "rule");
    await page.waitForTimeout(300);
    const axe = await new AxeBuilder({ page }).analyze();
    expect(axe.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id)).toEqual([]);
    await page.screenshot({ path: `${SHOTS}/policies-calico.png`, fullPage: true });

    // the api is allowed by the Calico NetworkPolicy (default tier): the explanation says which rule
    await page.goto(`/policies?cluster=calpol&port=8080/TCP&from=${frontend}&to=${api}`);
    await expect(page.getByTestId("reason")).toContainText("allowed by shop/api-from-frontend rule 1 (Allow) in tier default");

    // Traffic: the same connection is dropped at the database pod, the reason names the policy
    await page.goto(`/clusters/calpol/traffic?from=${frontend}&to=${db}:5432`);
    await expect(page.getByTestId("trace-verdict")).toHaveText("Dropped");
    await expect(page.getByTestId("drop-reason")).toContainText("platform.no-web-to-data");
    await page.screenshot({ path: `${SHOTS}/traffic-calico-drop.png`, fullPage: true });
  });

  test("in Japanese and dark, on a phone: rules and reasons in Japanese, no horizontal scroll", async ({ page, request }) => {
    const { frontend, db } = await setUp(request);
    await prefer(page, "ja", "dark");
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`/policies?cluster=calpol&port=5432/TCP&from=${frontend}&to=${db}`);
    const list = page.getByTestId("calico-policy-list");
    await expect(list).toBeVisible();
    await expect(list.getByTestId("calico-tier").first()).toContainText("ティア platform");
    await expect(list.getByTestId("calico-rule").first()).toContainText("tier == 'web' に一致するポッド");
    await expect(list.getByTestId("calico-rule").first()).toContainText("拒否");
    const reason = page.getByTestId("reason");
    await expect(reason).toContainText("Calico のティアによって拒否されます");
    await expect(reason).toContainText("ティア platform の platform.no-web-to-data のルール 1");
    const widths = await page.evaluate(() => ({ doc: document.documentElement.scrollWidth, inner: window.innerWidth }));
    expect(widths.doc).toBeLessThanOrEqual(widths.inner);
    await page.waitForTimeout(300);
    const axe = await new AxeBuilder({ page }).analyze();
    expect(axe.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id)).toEqual([]);
    await page.screenshot({ path: `${SHOTS}/policies-calico-ja-dark-phone.png`, fullPage: true });
  });
});
