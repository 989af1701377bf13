/**
 * `npm run bench:graph`: the topology at 1,000 / 5,000 / 10,000 / 30,000 pods (deterministic synthetic clusters,
 * bench/lib/synthetic-topology.ts).
 *
 * - snapshot: building the cluster snapshot from the objects (what the API does after reading the database; cached
 *   per cluster version by lib/db/topology.ts, so only the first request of a version pays it).
 * - API first level: the page's first request, `aggregate=auto` (namespaces and folded node VMs above 1,500 pods,
 *   owners below) — model, folding, layered layout, JSON text (median of 3); "cold" builds the model too, "cached
 *   model" is what an expand or a new filter costs once the model of that cluster version is cached (median of 3).
 *   A repeat of a seen query is answered from the cached JSON text and costs only the version check.
 * - first render: in chromium (Playwright, Debian's /usr/bin/chromium), cytoscape 3.34 with the page's stylesheet
 *   created over the API's elements with `preset` positions, until the first frame is painted.
 * - pan: mean and 95th-percentile frame time while panning 60 frames (or 4 s, at least 5 frames, whichever is first).
 * Each size also runs the older levels in the same run — folded by owner (`aggregate=owner`), and bare, every pod an
 * element (`aggregate=none`), and at 1,000 pods a layout in the browser (fcose, what a page without server positions
 * would do) — and prints the ratios. `--webgl` adds cytoscape's experimental WebGL renderer for the first level.
 * `--sizes 1000,5000` picks sizes; the owner and bare renders are skipped above 10,000 pods unless `--full`.
 */
import { chromium, type Page } from "@playwright/test";
import { syntheticTopology } from "./lib/synthetic-topology";
import { topologyView, topologyViewOf } from "../lib/topology/cytoscape";
import { topologyGraph } from "../lib/topology/model";
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
    const panStart = last;
    await new Promise((resolve) => {
      let i = 0;
      const step = () => {
        const now = performance.now();
        if (i > 0) frames.push(now - last);
        last = now;
        // 60 frames, or 4 s of panning (at least 5 frames): a 10,000-element bare graph would otherwise pan for minutes
        if (i++ >= 60 || (i > 5 && now - panStart > 4000)) return resolve();
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
    const timed = (f: () => string) => {
      const times: number[] = [];
      let out = "";
      for (let i = 0; i < 3; i++) {
        t = performance.now();
        out = f();
        times.push(performance.now() - t);
      }
      return { out, ms: median(times) };
    };
    const first = timed(() => JSON.stringify(topologyView(snapshot, ctx, { aggregate: "auto" })));
    const model = topologyGraph(snapshot, ctx);
    const level = (JSON.parse(first.out) as { summary: { aggregate: string } }).summary.aggregate;
    // an expand on the cached model: the first namespace (coarse level) or the biggest owner
    const firstJson = JSON.parse(first.out) as { elements: { nodes: { data: { id: string; kind: string; count?: number } }[] } };
    const target = firstJson.elements.nodes.find((n) => n.data.kind === "Namespace") ?? firstJson.elements.nodes.filter((n) => n.data.kind === "Owner").sort((a, b) => (b.data.count ?? 0) - (a.data.count ?? 0))[0];
    const expand = timed(() => JSON.stringify(topologyViewOf(model, snapshot, { aggregate: "auto", ...(target ? { expand: [target.data.id] } : {}) })));
    const owner = timed(() => JSON.stringify(topologyView(snapshot, ctx, { aggregate: "owner" })));
    t = performance.now();
    const none = JSON.stringify(topologyView(snapshot, ctx, { aggregate: "none" }));
    const apiNone = performance.now() - t;
    const r = await render(page, first.out, "preset", false);
    if ("error" in r) console.error(r.error);
    const rw = flag("--webgl") ? await render(page, first.out, "preset", true) : undefined;
    const small = pods <= 10_000 || flag("--full");
    const ro = small && level !== "owner" ? await render(page, owner.out, "preset", false) : level === "owner" ? r : undefined;
    const bare = small ? await render(page, none, "preset", false) : undefined;
    const bareLayout = pods <= 1000 ? await render(page, none, "fcose", false) : undefined;
    const elements = "error" in r ? "?" : String(r.elements);
    const line = [
      pods.toLocaleString("en"),
      `${level}: ${elements}`,
      `${(first.out.length / 1e6).toFixed(2)} MB`,
      ms(snap),
      ms(first.ms),
      ms(expand.ms),
      show(r, "first"),
      `${show(r, "panMean")} / ${show(r, "panP95")}`,
      ...(flag("--webgl") ? [`${show(rw, "first")}; ${show(rw, "panMean")}`] : []),
      `${ro && !("error" in ro) ? ro.elements : "—"}; ${ms(owner.ms)}; ${show(ro, "first")}`,
      `${ms(apiNone)}; ${show(bare, "first")}; ${show(bare, "panMean")}`,
      bare && !("error" in bare) && !("error" in r) ? `${(bare.first / r.first).toFixed(1)}×` : "—",
      bareLayout && !("error" in bareLayout) ? ms(bareLayout.first) : "—",
    ];
    rows.push(line);
    console.error(`done ${pods} pods`);
  }
  await browser.close();
  const head = [
    "pods",
    "first level: elements",
    "JSON",
    "snapshot",
    "API first level (cold)",
    "API expand (cached model)",
    "first render",
    "pan frame mean / p95",
    ...(flag("--webgl") ? ["WebGL first render; pan"] : []),
    "by owner: elements; API; render",
    "bare (every pod): API; render; pan",
    "render bare / first level",
    "bare + fcose in browser",
  ];
  console.log(`| ${head.join(" | ")} |`);
  console.log(`|${head.map(() => "---").join("|")}|`);
  for (const r of rows) console.log(`| ${r.join(" | ")} |`);
  const load = await import("node:fs").then((fs) => fs.readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ")).catch(() => "?");
  console.log(`\nload average (1, 5, 15 min) at the end: ${load}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
