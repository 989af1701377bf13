import { createServer, type Server } from "node:http";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { E2E_ADMIN_PASSWORD } from "./auth-env";

const PORT = Number(process.env.E2E_PORT ?? 3200);
const APP = `http://127.0.0.1:${PORT}`;
const PASSWORD = "journey-password-0001";

/** A fresh browser context without the admin's session, signed in through the form as `username`. */
async function signedIn(browser: Browser, username: string, password = PASSWORD): Promise<Page> {
  const ctx = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await ctx.newPage();
  await page.goto("/networks");
  await expect(page).toHaveURL(/\/signin\?next=%2Fnetworks/);
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/networks$/);
  return page;
}

test.describe.serial("users, roles, audit", () => {
  test("anonymous visitors are sent to sign-in; wrong passwords are refused; sign-out ends the session; headers on pages", async ({ browser }) => {
    const ctx = await browser.newContext({ storageState: { cookies: [], origins: [] } });
    const page = await ctx.newPage();
    const res = await page.goto("/clusters");
    expect(res!.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");
    expect(res!.headers()["content-security-policy"]).not.toContain("unsafe-eval");
    expect(res!.headers()["x-content-type-options"]).toBe("nosniff");
    expect(res!.headers()["referrer-policy"]).toBeTruthy();
    expect(res!.headers()["permissions-policy"]).toBeTruthy();
    await expect(page).toHaveURL(/\/signin\?next=%2Fclusters/);
    expect((await ctx.request.get("/api/networks")).status()).toBe(401);
    await page.getByLabel("Username").fill("admin");
    await page.getByLabel("Password").fill("not the password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "Wrong username or password" })).toBeVisible();
    await page.screenshot({ path: "tmp/screenshots/signin.png", fullPage: true });
    await page.getByLabel("Password").fill(E2E_ADMIN_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/clusters$/);
    await expect(page.getByTestId("signed-in-as")).toContainText("admin");
    const cookie = (await ctx.cookies()).find((c) => c.name === "hcinet-session")!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe("Lax");
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/signin/);
    expect((await ctx.request.get("/api/networks")).status()).toBe(401);
    await ctx.close();
  });

  test("admin creates a support and a reviewer user on the Users page; the Audit page shows it with the actor", async ({ page }) => {
    await page.goto("/users");
    await expect(page.getByRole("heading", { name: "Users", level: 1 })).toBeVisible();
    for (const [name, role] of [["sue", "support"], ["rita", "reviewer"]] as const) {
      const existing = await page.request.get("/api/users");
      if (((await existing.json()) as { username: string }[]).some((u) => u.username === name)) continue;
      await page.getByLabel("Username").fill(name);
      await page.getByLabel("Password").fill(PASSWORD);
      await page.getByLabel("Role", { exact: true }).selectOption(role);
      await page.getByRole("button", { name: "Create user" }).click();
      await expect(page.getByRole("status")).toContainText(`User ${name} created`);
    }
    await expect(page.getByRole("row", { name: /sue/ })).toContainText("enabled");
    await page.screenshot({ path: "tmp/screenshots/users.png", fullPage: true });
    await page.goto("/audit");
    await page.getByLabel("Object (kind or name)").fill("sue");
    await page.getByRole("button", { name: "Filter" }).click();
    const row = page.getByTestId("audit-row").filter({ hasText: "create" }).first();
    await expect(row).toContainText("admin");
    await expect(row).toContainText("User sue");
    await page.screenshot({ path: "tmp/screenshots/audit.png", fullPage: true });
    const csv = await page.request.get("/api/audit?object=sue&format=csv");
    expect(await csv.text()).toContain(",admin,create,User,sue,");
  });

  test("support: reads everything, no Users page link, production writes refused (403), imports only into case clusters", async ({ browser, request, page: adminPage }) => {
    const page = await signedIn(browser, "sue");
    await expect(page.getByTestId("signed-in-as")).toContainText("sue (support)");
    const nav = page.getByRole("navigation", { name: "main" });
    await expect(nav.getByRole("link", { name: "Users" })).toHaveCount(0);
    await expect(nav.getByRole("link", { name: "Audit" })).toHaveCount(0);
    await expect(page.getByRole("link", { name: "demonet" })).toBeVisible();
    // the UI hides what the role may not do (the server decides, below)
    await expect(page.getByRole("button", { name: "New network" })).toHaveCount(0);
    await page.goto("/clusters/shopcalico");
    await expect(page.getByRole("heading", { name: "shopcalico" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Delete cluster" })).toHaveCount(0);
    const yaml = "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: support-case\n";
    const post = (cluster: string) => page.request.post(`/api/clusters/${cluster}/apply`, { headers: { "content-type": "application/yaml" }, data: yaml });
    expect((await page.request.delete("/api/networks/demonet")).status()).toBe(403);
    expect((await post("shopflannel")).status()).toBe(403);
    // the admin marks shopflannel as a case cluster on its page: now support may import into it
    await expect(page.getByRole("button", { name: "Mark as case cluster" })).toHaveCount(0);
    await adminPage.goto("/clusters/shopflannel");
    await adminPage.getByRole("button", { name: "Mark as case cluster" }).click();
    await expect(adminPage.getByText("case cluster", { exact: true })).toBeVisible();
    await page.goto("/clusters/shopflannel");
    await expect(page.getByText("Support staff may import into this cluster")).toBeVisible();
    expect((await post("shopflannel")).status()).toBe(200);
    expect((await page.request.delete("/api/clusters/shopflannel/objects?kind=Namespace&name=support-case")).status()).toBe(200);
    expect((await request.put("/api/clusters/shopflannel/case", { data: { case: false } })).status()).toBe(200);
    await page.context().close();
    const audit = (await (await request.get("/api/audit?actor=sue")).json()) as { action: string; targetName: string }[];
    expect(audit.some((e) => e.action === "apply" && e.targetName === "shopflannel")).toBe(true);
  });

  test("reviewer: reads, sees the audit log, makes an API token that can read but not write", async ({ browser }) => {
    const page = await signedIn(browser, "rita");
    const nav = page.getByRole("navigation", { name: "main" });
    await expect(nav.getByRole("link", { name: "Users" })).toHaveCount(0);
    await nav.getByRole("link", { name: "Audit" }).click();
    await expect(page.getByRole("heading", { name: "Audit log" })).toBeVisible();
    await nav.getByRole("link", { name: "API tokens" }).click();
    await page.getByLabel("Token name").fill("reports");
    await page.getByRole("button", { name: "Create token" }).click();
    const token = (await page.getByTestId("new-token").textContent())!.trim();
    expect(token).toMatch(/^hcinet_/);
    await expect(page.getByRole("row", { name: /reports/ })).toContainText("active");
    await page.screenshot({ path: "tmp/screenshots/tokens.png", fullPage: true });
    const api = await page.context().browser()!.newContext({ storageState: { cookies: [], origins: [] }, baseURL: APP });
    const bearer = { authorization: `Bearer ${token}` };
    expect((await api.request.get("/api/networks", { headers: bearer })).status()).toBe(200);
    expect((await api.request.post("/api/networks", { headers: bearer, data: { name: "reviewernet" } })).status()).toBe(403);
    await page.getByRole("button", { name: "Revoke reports" }).click();
    // revoking asks first (the one ConfirmAction)
    await page.getByRole("group", { name: /Revoke token reports/ }).getByRole("button", { name: "Revoke", exact: true }).click();
    await expect(page.getByRole("row", { name: /reports/ })).toContainText("revoked");
    expect((await api.request.get("/api/networks", { headers: bearer })).status()).toBe(401);
    await api.close();
    await page.context().close();
  });
});

test("Users and Audit in Japanese, dark, at 390 px: no horizontal scroll", async ({ browser }) => {
  const ctx = await browser.newContext({ viewport: { width: 390, height: 844 } });
  await ctx.addCookies([
    { name: "hcinet-lang", value: "ja", url: APP },
    { name: "hcinet-theme", value: "dark", url: APP },
  ]);
  const page = await ctx.newPage();
  for (const [path, heading] of [["/users", "ユーザー"], ["/audit", "監査ログ"], ["/tokens", "API トークン"]]) {
    await page.goto(path);
    await expect(page.getByRole("heading", { name: heading, level: 1 })).toBeVisible();
    await page.waitForLoadState("networkidle");
    expect(await page.evaluate(() => document.documentElement.scrollWidth), path).toBeLessThanOrEqual(390);
  }
  await page.screenshot({ path: "tmp/screenshots/audit-ja-dark-390.png", fullPage: true });
  await ctx.close();
  const anon = await browser.newContext({ viewport: { width: 390, height: 844 }, storageState: { cookies: [], origins: [] } });
  const signin = await anon.newPage();
  await signin.goto("/signin");
  expect(await signin.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await anon.close();
});

test.describe("a cross-site page can change nothing", () => {
  let foreign: Server;
  const FOREIGN = `http://127.0.0.1:${PORT + 2}`;
  test.beforeAll(async () => {
    // the attacker's page, on another loopback port: an auto-submitting text/plain form and a no-cors fetch of YAML
    const html = `<!doctype html><html><body>
<form id="f" method="POST" action="${APP}/api/networks" enctype="text/plain">
<input name='{"name":"csrfnet","vswitchName":"x","vipPoolStart":"10.9.0.1","vipPoolEnd":"10.9.0.9","ignore":"' value='"}'>
</form>
<script>
fetch("${APP}/api/clusters/shopcalico/apply", { method: "POST", mode: "no-cors", credentials: "include", headers: { "content-type": "text/plain" },
  body: "apiVersion: v1\\nkind: Service\\nmetadata: {name: csrf-lb, namespace: default}\\nspec: {type: LoadBalancer, ports: [{port: 80}]}\\n" })
  .then(() => { document.title = "fetched"; }, () => { document.title = "fetch failed"; });
</script></body></html>`;
    foreign = createServer((_, res) => res.writeHead(200, { "content-type": "text/html" }).end(html));
    await new Promise<void>((r) => foreign.listen(PORT + 2, "127.0.0.1", r));
  });
  test.afterAll(async () => {
    await new Promise((r) => foreign.close(r));
  });

  test("form post and no-cors fetch from a foreign origin, with the admin's session cookie, are refused", async ({ page, request }) => {
    // the admin is signed in (storage state); visiting the foreign page sends the cookie along (same site, other port)
    await page.goto(FOREIGN);
    await expect(page).toHaveTitle(/fetched|fetch failed/);
    const form = page.waitForNavigation();
    await page.evaluate(() => (document.getElementById("f") as HTMLFormElement).submit());
    await form;
    await expect(page.locator("body")).toContainText("cross_site_request");
    expect((await request.get("/api/networks/csrfnet")).status()).toBe(404);
    const services = (await (await request.get("/api/clusters/shopcalico/services")).json()) as { name: string }[];
    expect(services.map((s) => s.name)).not.toContain("csrf-lb");
  });

  test("the app refuses to be framed by a foreign page", async ({ page }) => {
    const res = await page.request.get("/networks");
    expect(res.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");
    expect(res.headers()["x-frame-options"]).toBe("DENY");
  });

  test("API answers carry the same headers without the proxy (route() sets them), small ones uncompressed", async ({ page }) => {
    for (const path of ["/api/health", "/api/auth/me", "/api/no-such-thing"]) {
      const res = await page.request.get(path, { headers: { "accept-encoding": "gzip" } });
      expect(res.headers()["content-security-policy"], path).toContain("frame-ancestors 'none'");
      expect(res.headers()["x-frame-options"], path).toBe("DENY");
      expect(res.headers()["x-content-type-options"], path).toBe("nosniff");
      // under 1 KiB: not gzipped (no-transform); /api/auth/me lists the permissions, more than 1 KiB: gzipped
      if (path === "/api/auth/me") expect(res.headers()["content-encoding"], path).toBe("gzip");
      else expect(res.headers()["content-encoding"], path).toBeUndefined();
    }
  });
});

test.describe("script payloads stay inert", () => {
  test("names, labels and annotations carrying scripts render as text in every view", async ({ page, request }) => {
    const payloads = [`<img src=x onerror="window.__xss=1">`, `<script>window.__xss=1</script>`, `"><svg onload=window.__xss=1>`, "javascript:window.__xss=1"];
    await page.addInitScript(() => {
      (window as unknown as { __dialogs: number }).__dialogs = 0;
      window.alert = () => void ((window as unknown as { __dialogs: number }).__dialogs += 1);
    });
    page.on("dialog", (d) => d.dismiss());
    const yaml = `apiVersion: v1
kind: Service
metadata:
  name: xss-svc
  namespace: default
  labels: {app: xss}
  annotations:
${payloads.map((p, i) => `    note${i}: ${JSON.stringify(p)}`).join("\n")}
spec:
  type: LoadBalancer
  selector: {app: xss}
  ports: [{port: 8443}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: xss-policy
  namespace: default
  annotations: {note: ${JSON.stringify(payloads[0])}}
spec:
  podSelector: {matchLabels: {app: xss}}
`;
    await request.delete("/api/clusters/shopcalico/objects?kind=Service&namespace=default&name=xss-svc");
    await request.delete("/api/clusters/shopcalico/objects?kind=NetworkPolicy&namespace=default&name=xss-policy");
    const applied = await request.post("/api/clusters/shopcalico/apply", { headers: { "content-type": "application/yaml" }, data: yaml });
    expect(applied.status()).toBe(200);
    // a free-text field of a network carries one too (printable, ≤ 256)
    await request.delete("/api/networks/xssnet");
    const net = await request.post("/api/networks", { data: { name: "xssnet", vswitchName: payloads[0], vipPoolStart: "10.88.0.10", vipPoolEnd: "10.88.0.20" } });
    expect(net.status()).toBe(201);
    for (const path of [
      "/networks",
      "/networks/xssnet",
      "/clusters/shopcalico",
      "/clusters/shopcalico/services",
      "/clusters/shopcalico/network-policies",
      "/clusters/shopcalico/yaml",
      "/clusters/shopcalico/haproxy",
      // the topology's side panel shows the selected Service's YAML (annotations included); the graph labels its elements
      "/clusters/shopcalico/topology?select=svc:default/xss-svc",
      "/clusters/shopcalico/traffic?from=external&to=xss-svc.default:8443",
      "/compare?cluster=shopcalico",
      "/compare/report?cluster=shopcalico",
      "/policies",
      "/audit",
    ]) {
      await page.goto(path);
      await page.waitForLoadState("networkidle");
      const state = await page.evaluate(() => ({ xss: (window as unknown as { __xss?: number }).__xss, dialogs: (window as unknown as { __dialogs: number }).__dialogs }));
      expect(state, path).toEqual({ xss: undefined, dialogs: 0 });
      expect(await page.locator("img[src=x], svg[onload]").count(), path).toBe(0);
    }
    await page.goto("/networks/xssnet");
    await expect(page.getByText(payloads[0]).first()).toBeVisible();
    // exports are served as inert types
    const yamlOut = await request.get("/api/clusters/shopcalico/manifests");
    expect(yamlOut.headers()["content-type"]).toContain("application/yaml");
    expect(yamlOut.headers()["x-content-type-options"]).toBe("nosniff");
    expect(await yamlOut.text()).toContain("onerror");
    const report = await request.get("/api/clusters/shopcalico/compare/report");
    expect(report.headers()["content-type"]).toContain("text/markdown");
    expect(report.headers()["x-content-type-options"]).toBe("nosniff");
    await request.delete("/api/clusters/shopcalico/objects?kind=Service&namespace=default&name=xss-svc");
    await request.delete("/api/clusters/shopcalico/objects?kind=NetworkPolicy&namespace=default&name=xss-policy");
    await request.delete("/api/networks/xssnet");
  });
});
