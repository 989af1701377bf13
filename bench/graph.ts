/**
 * `npm run bench:graph`: the topology at 1,000 / 5,000 / 10,000 / 30,000 pods (deterministic synthetic clusters,
 * bench/lib/synthetic-topology.ts).
 *
 * - snapshot: building the cluster snapshot from the objects (what the API does after reading the database).
 * - API: the topology route's own work — model, aggregation by owner, layered layout, JSON text (median of 3).
 * - first render: in chromium (Playwright, Debian's /usr/bin/chromium), cytoscape 3.34 with the page's stylesheet
 *   created over the API's elements with `preset` positions, until the first frame is painted.
 * - pan: mean and 95th-percentile frame time while panning 60 frames.
 * Each size also runs the bare way in the same run — every pod an element (aggregate=none), and at 1,000 pods also
 * a layout in the browser (fcose, what a page without server positions would do) — and prints the ratios.
 * `--webgl` adds cytoscape's experimental WebGL renderer for the aggregated view. `--sizes 1000,5000` picks sizes;
 * the bare run is skipped above 10,000 pods unless `--full`.
 */
import { chromium, type Page } from "@playwright/test";
import { syntheticTopology } from "./lib/synthetic-topology";
import { topologyView } from "../lib/topology/cytoscape";
import { topologyStyle } from "../components/topology/styles";

const args = process.argv.slice(2);
const flag = (name: string) => args.includes(name);
const sizesArg = args[args.indexOf("--sizes") + 1];
const SIZES = args.includes("--sizes") && sizesArg ? sizesArg.split(",").map(Number) : [1000, 5000, 10000, 30000];
const BIG = 1500;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x: number | undefined) => (x === undefined ? "—" : x >= 1000 ? `${(x / 1000).toFixed(2)} s` : `${x.toFixed(0)} ms`);

function styleJson(count: number) {
  // functions (the numbered path label) do not cross into the page: the plain label is drawn the same way
  return (topologyStyle("light", count > BIG) as unknown as { selector: string; style: Record<string, unknown> }[]).map((b) => ({
    selector: b.selector,
    style: Object.fromEntries(Object.entries(b.style).map(([k, v]) => [k, typeof v === "function" ? "data(label)" : v])),
  }));
}

type RenderResult = { first: number; panMean: number; panP95: number; elements: number } | { error: string };

async function render(page: Page, json: string, layout: "preset" | "fcose", webgl: boolean): Promise<RenderResult> {
  await page.setContent(`<html><body style="margin:0"><div id="cy" style="width:1400px;height:900px"></div></body></html>`);
  await page.addScriptTag({ path: "node_modules/cytoscape/dist/cytoscape.min.js" });
  if (layout === "fcose") {
    await page.addScriptTag({ path: "node_modules/layout-base/layout-base.js" });
    await page.addScriptTag({ path: "node_modules/cose-base/cose-base.js" });
    await page.addScriptTag({ path: "node_modules/cytoscape-fcose/cytoscape-fcose.js" });
  }
  const count = (JSON.parse(json) as { elements: { nodes: unknown[]; edges: unknown[] } }).elements;
  const style = styleJson(count.nodes.length + count.edges.length);
  // the page code is plain text: tsx would otherwise wrap functions in helpers (__name) the page does not have
  await page.evaluate((a) => {
    (window as unknown as { benchArgs: unknown }).benchArgs = a;
  }, { json, style, layout, webgl });
  return page.evaluate(PAGE_RUN) as Promise<RenderResult>;
}

const PAGE_RUN = `(async () => {
  try {
    const { json, style, layout, webgl } = window.benchArgs;
    const t0 = performance.now();
    const data = JSON.parse(json).elements;
    const cy = window.cytoscape({
      container: document.getElementById("cy"),
      elements: [...data.nodes, ...data.edges],
      style,
      layout: layout === "preset" ? { name: "preset", fit: true } : { name: "fcose", quality: "draft", randomize: true, animate: false, fit: true },
      ...(webgl ? { renderer: { name: "canvas", webgl: true } } : {}),
    });
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r())));
    const first = performance.now() - t0;
    const frames = [];
    let last = performance.now();
    await new Promise((resolve) => {
      let i = 0;
      const step = () => {
        const now = performance.now();
        if (i > 0) frames.push(now - last);
        last = now;
        if (i++ >= 60) return resolve();
        cy.panBy({ x: 7, y: 3 });
        requestAnimationFrame(step);
      };
      requestAnimationFrame(step);
    });
    frames.sort((a, b) => a - b);
    const elements = cy.elements().length;
    cy.destroy();
    return { first, panMean: frames.reduce((a, b) => a + b, 0) / frames.length, panP95: frames[Math.floor(frames.length * 0.95)], elements };
  } catch (e) {
    return { error: String(e) };
  }
})()`;

async function main() {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update"],
  });
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  page.setDefaultTimeout(300_000);
  const rows: string[][] = [];
  const show = (r: RenderResult | undefined, key: "first" | "panMean" | "panP95") => (!r ? "—" : "error" in r ? "failed" : ms(r[key]));
  for (const pods of SIZES) {
    let t = performance.now();
    const { snapshot, ctx } = syntheticTopology(pods);
    const snap = performance.now() - t;
    const apiTimes: number[] = [];
    let owner = "";
    for (let i = 0; i < 3; i++) {
      t = performance.now();
      owner = JSON.stringify(topologyView(snapshot, ctx, { aggregate: "owner" }));
      apiTimes.push(performance.now() - t);
    }
    t = performance.now();
    const none = JSON.stringify(topologyView(snapshot, ctx, { aggregate: "none" }));
    const apiNone = performance.now() - t;
    const r = await render(page, owner, "preset", false);
    if ("error" in r) console.error(r.error);
    const rw = flag("--webgl") ? await render(page, owner, "preset", true) : undefined;
    const bare = pods <= 10_000 || flag("--full") ? await render(page, none, "preset", false) : undefined;
    const bareLayout = pods <= 1000 ? await render(page, none, "fcose", false) : undefined;
    const elements = "error" in r ? "?" : String(r.elements);
    const line = [
      pods.toLocaleString("en"),
      elements,
      `${(owner.length / 1e6).toFixed(1)} MB`,
      ms(snap),
      ms(median(apiTimes)),
      show(r, "first"),
      `${show(r, "panMean")} / ${show(r, "panP95")}`,
      ...(flag("--webgl") ? [`${show(rw, "first")}; ${show(rw, "panMean")}`] : []),
      `${ms(apiNone)}; ${show(bare, "first")}; ${show(bare, "panMean")}`,
      bare && !("error" in bare) && !("error" in r) ? `${(bare.first / r.first).toFixed(1)}×` : "—",
      bareLayout && !("error" in bareLayout) ? ms(bareLayout.first) : "—",
    ];
    rows.push(line);
    console.error(`done ${pods} pods`);
  }
  await browser.close();
  const head = ["pods", "elements (aggregated)", "JSON", "snapshot", "API (model+layout+JSON)", "first render", "pan frame mean / p95", ...(flag("--webgl") ? ["WebGL first render; pan"] : []), "bare (every pod): API; render; pan", "render bare / aggregated", "bare + fcose in browser"];
  console.log(`| ${head.join(" | ")} |`);
  console.log(`|${head.map(() => "---").join("|")}|`);
  for (const r of rows) console.log(`| ${r.join(" | ")} |`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
