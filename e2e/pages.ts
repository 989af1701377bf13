import type { Locator, Page } from "@playwright/test";

/**
 * Every page of the app, in ONE place, for the quality checks (e2e/quality.spec.ts: axe-core in light/English and
 * dark/Japanese, 390×844 phone layout). Adding a page is one line:
 *
 *   - `path`: where it lives (demo data: network `demonet`, clusters `shopcalico` (Calico) and `shopflannel` (Flannel))
 *   - `ready`: a language-neutral locator that is visible once the page's data has loaded
 *   - `primary`: the page's primary action (English names; the phone check runs in English) — it must be visible and
 *     reachable (inside the 390 px viewport after scrolling it into view) on a phone
 *   - `anonymous`: checked signed out (a fresh browser context), for the pages outside the signed-in shell
 */
export interface AppPage {
  name: string;
  path: string;
  ready: (page: Page) => Locator;
  primary: (page: Page) => Locator;
  anonymous?: boolean;
}

const cluster = "/clusters/shopcalico";

export const PAGES: AppPage[] = [
  { name: "networks", path: "/networks", ready: (p) => p.getByTestId("networks-table"), primary: (p) => p.getByRole("button", { name: "New network" }) },
  { name: "network detail", path: "/networks/demonet", ready: (p) => p.getByTestId("allocations-table"), primary: (p) => p.getByRole("link", { name: /New cluster on this network|Create a cluster/ }) },
  { name: "clusters", path: "/clusters", ready: (p) => p.getByTestId("clusters-table"), primary: (p) => p.getByRole("main").getByRole("link", { name: "New cluster" }) },
  { name: "cluster wizard", path: "/clusters/new", ready: (p) => p.getByTestId("wizard-steps"), primary: (p) => p.getByRole("button", { name: /Next/ }) },
  { name: "cluster overview", path: cluster, ready: (p) => p.getByTestId("nodes-table"), primary: (p) => p.getByRole("button", { name: "Import" }) },
  { name: "workloads", path: `${cluster}/workloads`, ready: (p) => p.getByTestId("workload").first(), primary: (p) => p.getByRole("button", { name: "Import" }) },
  { name: "services", path: `${cluster}/services`, ready: (p) => p.getByTestId("services-table"), primary: (p) => p.getByRole("button", { name: "Import" }) },
  { name: "ingress", path: `${cluster}/ingress`, ready: (p) => p.getByTestId("ingressclasses-table"), primary: (p) => p.getByRole("button", { name: "Import" }) },
  { name: "network policies", path: `${cluster}/network-policies`, ready: (p) => p.getByTestId("netpol").first(), primary: (p) => p.getByRole("button", { name: "Import" }) },
  { name: "yaml", path: `${cluster}/yaml`, ready: (p) => p.getByTestId("yaml-object-list"), primary: (p) => p.getByRole("button", { name: "Apply", exact: true }) },
  { name: "haproxy", path: `${cluster}/haproxy`, ready: (p) => p.getByTestId("haproxy-frontends"), primary: (p) => p.getByRole("button", { name: /Download/ }) },
  { name: "topology", path: `${cluster}/topology`, ready: (p) => p.getByTestId("topology-canvas"), primary: (p) => p.getByRole("button", { name: "Export PNG" }) },
  { name: "topology-folded", path: `${cluster}/topology?agg=namespace`, ready: (p) => p.getByTestId("topology-canvas"), primary: (p) => p.getByRole("button", { name: "Export PNG" }) },
  { name: "traffic", path: `${cluster}/traffic`, ready: (p) => p.getByTestId("trace-form"), primary: (p) => p.getByRole("button", { name: "Trace", exact: true }) },
  { name: "compare", path: "/compare", ready: (p) => p.getByTestId("plugin-table"), primary: (p) => p.getByRole("combobox", { name: "Cluster" }) },
  { name: "compare report", path: "/compare/report?cluster=shopflannel", ready: (p) => p.getByTestId("diff-graph-canvas"), primary: (p) => p.getByRole("button", { name: "Print" }) },
  { name: "users", path: "/users", ready: (p) => p.getByRole("main").getByRole("table").first(), primary: (p) => p.getByRole("button", { name: "Create user" }) },
  { name: "api tokens", path: "/tokens", ready: (p) => p.getByTestId("token-form"), primary: (p) => p.getByRole("button", { name: "Create token" }) },
  { name: "audit", path: "/audit", ready: (p) => p.getByTestId("audit-row").first(), primary: (p) => p.getByRole("button", { name: "Filter" }) },
  { name: "policies", path: "/policies", ready: (p) => p.getByTestId("explain-form"), primary: (p) => p.getByTestId("explain-form").getByRole("button", { name: /^Explain/ }) },
  { name: "sign in", path: "/signin", anonymous: true, ready: (p) => p.locator("form #password"), primary: (p) => p.getByRole("button", { name: "Sign in" }) },
  // any token shows the form (it is checked on submit); the real link is printed by `npm start`
  { name: "setup", path: "/setup?token=e2e-not-a-real-token", anonymous: true, ready: (p) => p.locator("form #password"), primary: (p) => p.getByRole("button", { name: "Create admin and continue" }) },
];
