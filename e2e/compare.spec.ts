import AxeBuilder from "@axe-core/playwright";
import { readFile } from "node:fs/promises";
import { expect, test, type Page } from "@playwright/test";

async function seriousViolations(page: Page) {
  const r = await new AxeBuilder({ page }).analyze();
  return r.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

const UPLOAD = `apiVersion: v1
kind: Namespace
metadata: {name: x}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: x}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: web, image: nginx, ports: [{name: http, containerPort: 80}]}]}
---
apiVersion: v1
kind: Pod
metadata: {name: db, namespace: x, labels: {app: db}}
spec: {containers: [{name: db, image: pg, ports: [{containerPort: 5432}]}]}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: db-from-nobody, namespace: x}
spec:
  podSelector: {matchLabels: {app: db}}
  policyTypes: [Ingress]
`;

test.describe("compare", () => {
  test("a reviewer opens Compare for the demo, sees the connections Flannel would not block, downloads the report", async ({ page, request }) => {
    const expected = await (await request.get("/api/clusters/shopflannel/compare")).json();
    expect(expected.diff.total).toBeGreaterThan(0);

    await page.goto("/networks");
    await page.getByRole("navigation", { name: "main" }).getByRole("link", { name: "Compare" }).click();
    await expect(page).toHaveURL(/\/compare$/);
    await expect(page.getByRole("heading", { name: "Compare network plugins", level: 1 })).toBeVisible();
    await expect(page.getByRole("link", { name: "Compare" })).toHaveAttribute("aria-current", "page");

    // the documentation's table, every row, and the facts of the choice
    const table = page.getByTestId("plugin-table");
    await expect(table.getByRole("row")).toHaveCount(13);
    await expect(table.getByRole("row", { name: /Pod-VM connectivity, VM in the same network/ })).toContainText("NoYes");
    await expect(table.getByRole("row", { name: /Command line/ })).toContainText("calicoctl");
    await expect(page.getByTestId("facts")).toContainText("Flannel CNI was retired in December 2023.");
    await expect(page.getByTestId("facts")).toContainText("cannot be changed after the cluster is deployed");

    // the what-if opens on the Flannel demo cluster: the diff matches the API (checked against the engine in tests/api)
    await expect(page.getByRole("combobox", { name: "Cluster" })).toHaveValue("shopflannel");
    await expect(page.getByText("This cluster runs Flannel today.")).toBeVisible();
    const summary = page.getByTestId("diff-summary");
    await expect(summary).toContainText(`${expected.diff.total.toLocaleString("en-US")} connection(s) Flannel lets through that Calico blocks`);
    const groups = page.getByTestId("diff-groups").getByRole("listitem");
    await expect(groups).toHaveCount(expected.diff.groups.length);
    // frontend has no egress policy: its connections to postgres are denied by postgres' ingress policy alone
    const pg = groups.filter({ has: page.locator("summary", { hasText: /^denied on ingress by data\/postgres-from-api \d+ connection/ }) });
    await pg.locator("summary").click();
    const frontend = expected.diff.pods.find((p: string) => p.startsWith("shop/frontend-"));
    await expect(pg.getByTestId("diff-cell").filter({ hasText: frontend }).filter({ hasText: "5432/TCP" })).toHaveCount(1);
    await expect(page.getByTestId("traces")).toContainText("Pod → VM in the same network");
    await expect(page.getByTestId("lost")).toContainText("NetworkPolicy enforcement");
    await expect(page.getByTestId("ipam")).toContainText("one /24 per node");
    await expect(page.getByTestId("recommendation")).toContainText("Recommended for a new cluster: Calico");
    // the migration path: a new Calico cluster on demonet, with the VIPs that change
    await expect(page.getByTestId("migration-fit")).toContainText("Fits on demonet: needs 9 node IP(s) and 3 VIP(s)");
    await expect(page.getByTestId("migration-powershell")).toContainText("-primaryNetworkPlugin 'calico'");
    await expect(page.getByTestId("migration-warnings")).toContainText("get a new VIP");
    await page.screenshot({ path: "tmp/screenshots/compare.png", fullPage: true });
    await page.getByTestId("diff").screenshot({ path: "tmp/screenshots/compare-diff.png" });
    expect(await seriousViolations(page)).toEqual([]);

    // the report: Markdown download, file content checked
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download report (Markdown)" }).click()]);
    expect(download.suggestedFilename()).toMatch(/^hcinet-plugin-review-shopflannel-\d{4}-\d{2}-\d{2}\.md$/);
    const md = await readFile((await download.path())!, "utf8");
    expect(md).toContain("# Network plugin review: shopflannel");
    expect(md).toContain(`${expected.diff.total.toLocaleString("en-US")} connection(s) Flannel lets through that Calico blocks`);
    expect(md).toContain("denied on ingress by data/postgres-from-api");
    expect(md).toContain("**Recommended for a new cluster: Calico**");
    expect(md).toContain("| Pod-VM connectivity, VM in the same network | No | Yes |");
    // the picture travels inside the file: an SVG data URI with one red arrow per pair of workloads
    const pic = /!\[Graph of the workloads of shopflannel[^\]]*\]\(data:image\/svg\+xml;base64,([A-Za-z0-9+/=]+)\)/.exec(md);
    expect(pic).not.toBeNull();
    const svg = Buffer.from(pic![1], "base64").toString("utf8");
    expect(svg).toContain("<svg");
    expect(svg.match(/<title>[^<]* → [^<]*<\/title>/g)?.length ?? 0).toBe(expected.graph.edges.length); // one arrow (or loop) per edge

    // the print-friendly page
    await page.getByRole("link", { name: "Print-friendly page" }).click();
    await expect(page).toHaveURL(/\/compare\/report\?cluster=shopflannel$/);
    await expect(page.getByRole("heading", { name: "Network plugin review: shopflannel", level: 1 })).toBeVisible();
    await expect(page.getByTestId("report").getByTestId("diff-summary")).toContainText(`${expected.diff.total.toLocaleString("en-US")} connection(s)`);
    // the picture: drawn by cytoscape (its canvases inside the graph box), the counts of the comparison
    const graph = page.getByTestId("diff-graph");
    await expect(graph).toHaveAttribute("data-edges", String(expected.graph.edges.length));
    expect(expected.graph.edges.length).toBeGreaterThan(0);
    await expect(graph.getByTestId("diff-graph-canvas").locator("canvas").first()).toBeVisible();
    await expect(graph.getByRole("img", { name: /Graph of the workloads of shopflannel/ })).toBeVisible();
    await graph.screenshot({ path: "tmp/screenshots/compare-report-graph.png" });
    await page.emulateMedia({ media: "print" });
    await expect(page.getByRole("navigation", { name: "main" })).toBeHidden();
    await expect(page.getByRole("button", { name: "Print" })).toBeHidden();
    await page.screenshot({ path: "tmp/screenshots/compare-report-print.png", fullPage: true });
  });

  test("uploaded manifests: the diff names the policy; errors point at the line", async ({ page }) => {
    await page.goto("/compare");
    await page.getByRole("radio", { name: "Upload manifests" }).check();
    await page.getByRole("button", { name: "Compare", exact: true }).click();
    await expect(page.getByText("Paste manifests or choose a file first.")).toBeVisible();
    await page.getByLabel(/^Manifests/).fill(UPLOAD.replace("policyTypes: [Ingress]", "policyTypes: [Sideways]"));
    await page.getByRole("button", { name: "Compare", exact: true }).click();
    await expect(page.getByRole("alert").filter({ hasText: "(422)" })).toContainText("problem(s) in the manifests");
    await page.getByLabel(/^Manifests/).fill(UPLOAD);
    await page.getByRole("button", { name: "Compare", exact: true }).click();
    await expect(page.getByTestId("diff-summary")).toContainText("4 connection(s) Flannel lets through that Calico blocks, on 80/TCP, 5432/TCP.");
    await expect(page.getByTestId("diff-groups")).toContainText("denied on ingress by x/db-from-nobody");
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Download report (Markdown)" }).click()]);
    const md = await readFile((await download.path())!, "utf8");
    expect(md).toContain("# Network plugin review: upload");
    expect(md).toContain("denied on ingress by x/db-from-nobody");
  });

  test("Japanese, dark mode and a phone-sized screen", async ({ page, context, baseURL }) => {
    const url = new URL(baseURL!);
    await context.addCookies([
      { name: "hcinet-lang", value: "ja", domain: url.hostname, path: "/" },
      { name: "hcinet-theme", value: "dark", domain: url.hostname, path: "/" },
    ]);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto("/compare?cluster=shopcalico");
    await expect(page.getByRole("heading", { name: "ネットワーク プラグインの比較", level: 1 })).toBeVisible();
    await expect(page.locator("html")).toHaveClass(/dark/);
    await expect(page.getByTestId("plugin-table")).toContainText("ポッド-VM 接続、同じネットワーク内の VM");
    await expect(page.getByTestId("plugin-table")).toContainText("マルチデーモンを使用する同じクラスター上の多くのネットワーク");
    await expect(page.getByTestId("diff-summary")).toContainText("Flannel では通過し、Calico ではブロックされる接続");
    await expect(page.getByTestId("recommendation")).toContainText("新しいクラスターへの推奨: Calico");
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: "tmp/screenshots/compare-ja-dark-390.png", fullPage: true });
    expect(await seriousViolations(page)).toEqual([]);
  });
});
