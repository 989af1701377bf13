/**
 * Export the current topology view as PNG (cytoscape's `cy.png`) or SVG (`cytoscape-svg`), with the cluster name and
 * a timestamp drawn above the graph, downloaded as `topology-<cluster>-<timestamp>.png|svg`.
 */
import cytoscape, { type Core } from "cytoscape";
import { PALETTES } from "./styles";

const CAPTION_H = 36;

function stamp(): { text: string; file: string } {
  const d = new Date();
  const iso = d.toISOString().replace(/\.\d+Z$/, "Z");
  return { text: iso.replace("T", " ").replace("Z", " UTC"), file: iso.replace(/[:]/g, "").replace(/-/g, "") };
}

function download(blob: Blob, filename: string) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export async function exportPng(cy: Core | null, cluster: string, theme: "light" | "dark", caption: (time: string) => string) {
  if (!cy) return;
  const p = PALETTES[theme];
  const s = stamp();
  const graph = await cy.png({ output: "blob-promise", full: true, bg: p.bg, maxWidth: 6000, maxHeight: 6000 });
  const bitmap = await createImageBitmap(graph);
  const canvas = document.createElement("canvas");
  canvas.width = Math.max(bitmap.width, 480);
  canvas.height = bitmap.height + CAPTION_H;
  const ctx = canvas.getContext("2d")!;
  ctx.fillStyle = p.bg;
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.fillStyle = p.text;
  ctx.font = "bold 16px system-ui, sans-serif";
  ctx.textBaseline = "middle";
  ctx.fillText(caption(s.text), 12, CAPTION_H / 2);
  ctx.drawImage(bitmap, 0, CAPTION_H);
  const blob = await new Promise<Blob>((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error("PNG export failed"))), "image/png"));
  download(blob, `topology-${cluster}-${s.file}.png`);
}

let svgRegistered = false;

export async function exportSvg(cy: Core | null, cluster: string, theme: "light" | "dark", caption: (time: string) => string) {
  if (!cy) return;
  if (!svgRegistered) {
    const ext = (await import("cytoscape-svg")).default;
    cytoscape.use(ext as unknown as cytoscape.Ext);
    svgRegistered = true;
  }
  const p = PALETTES[theme];
  const s = stamp();
  // canvas2svg (inside cytoscape-svg) logs "Attempted to apply path command to node text" for every label it
  // writes; the SVG is right, so that one message is kept out of the console while it runs
  const original = console.error;
  let raw: string;
  console.error = (...args: unknown[]) => {
    if (typeof args[0] === "string" && args[0].startsWith("Attempted to apply path command")) return;
    original(...args);
  };
  try {
    raw = (cy as unknown as { svg(o: object): string }).svg({ full: true, bg: p.bg });
  } finally {
    console.error = original;
  }
  const doc = new DOMParser().parseFromString(raw, "image/svg+xml");
  const root = doc.documentElement;
  const w = Number.parseFloat(root.getAttribute("width") ?? "800");
  const h = Number.parseFloat(root.getAttribute("height") ?? "600");
  const ns = "http://www.w3.org/2000/svg";
  const g = doc.createElementNS(ns, "g");
  g.setAttribute("transform", `translate(0,${CAPTION_H})`);
  while (root.firstChild) g.appendChild(root.firstChild);
  const bg = doc.createElementNS(ns, "rect");
  bg.setAttribute("width", String(w));
  bg.setAttribute("height", String(h + CAPTION_H));
  bg.setAttribute("fill", p.bg);
  const text = doc.createElementNS(ns, "text");
  text.setAttribute("x", "12");
  text.setAttribute("y", String(CAPTION_H / 2 + 6));
  text.setAttribute("font-family", "system-ui, sans-serif");
  text.setAttribute("font-size", "16");
  text.setAttribute("font-weight", "bold");
  text.setAttribute("fill", p.text);
  text.textContent = caption(s.text);
  root.append(bg, text, g);
  root.setAttribute("height", String(h + CAPTION_H));
  root.setAttribute("viewBox", `0 0 ${w} ${h + CAPTION_H}`);
  download(new Blob([new XMLSerializer().serializeToString(doc)], { type: "image/svg+xml" }), `topology-${cluster}-${s.file}.svg`);
}
