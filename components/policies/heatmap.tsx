"use client";
/**
 * The reachability heatmap: rows are sources, columns destinations, both grouped by namespace. Drawn on a <canvas>
 * straight from the decoded bitsets: the matrix area is one ImageData written pixel by pixel (each device pixel looks
 * its cell up: one word read and one mask), cached in an offscreen layer so hovering only recomposites it with the
 * gutters and highlights. Thousands of pods stay smooth: the work is bounded by the canvas size, not by n².
 *
 * Interaction: ctrl/⌘ + wheel, the buttons or the slider zoom; the wheel and dragging pan; the canvas is focusable and
 * arrow keys move a highlighted cell, Enter explains it. `cell-info` (live region) states the hovered / focused cell.
 */
import { useCallback, useEffect, useId, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent, type PointerEvent } from "react";
import { useI18n } from "@/components/shell/i18n";
import { useTheme } from "@/components/shell/theme";
import { allowedAt, bands, podName, type Reachability } from "./model";

const MAX_CELL = 48;
const FIT_MAX_CELL = 30;
/** cells at least this big get pod names along the axes */
const NAMES_AT = 11;
const MAX_HEIGHT = 640;

interface Palette {
  allowed: [number, number, number];
  denied: [number, number, number];
  diagonal: [number, number, number];
  background: [number, number, number];
  text: string;
  muted: string;
  band: [string, string];
  separator: string;
  hover: string;
  focus: string;
  selected: string;
}

/** Okabe–Ito bluish green / vermillion: distinguishable with the common colour-vision deficiencies. */
const PALETTES: Record<"light" | "dark", Palette> = {
  light: {
    allowed: [0, 158, 115],
    denied: [213, 94, 0],
    diagonal: [203, 213, 225],
    background: [255, 255, 255],
    text: "#0f172a",
    muted: "#64748b",
    band: ["#f1f5f9", "#e2e8f0"],
    separator: "rgba(15,23,42,0.55)",
    hover: "rgba(255,255,255,0.35)",
    focus: "#0284c7",
    selected: "#facc15",
  },
  dark: {
    allowed: [26, 176, 134],
    denied: [232, 112, 40],
    diagonal: [51, 65, 85],
    background: [15, 23, 42],
    text: "#e2e8f0",
    muted: "#94a3b8",
    band: ["#1e293b", "#273449"],
    separator: "rgba(226,232,240,0.6)",
    hover: "rgba(255,255,255,0.22)",
    focus: "#38bdf8",
    selected: "#facc15",
  },
};

export const HEATMAP_COLORS = {
  allowed: { light: "rgb(0,158,115)", dark: "rgb(26,176,134)" },
  denied: { light: "rgb(213,94,0)", dark: "rgb(232,112,40)" },
  diagonal: { light: "rgb(203,213,225)", dark: "rgb(51,65,85)" },
};

interface Gutters {
  left: number;
  top: number;
  names: boolean;
  /** width of the namespace band left of the row names (a thin coloured strip on phones) */
  band: number;
}

/** Below this width (phones) the gutters shrink so pod names still fit beside a usable matrix. */
const COMPACT_BELOW = 560;

function gutters(cell: number, width: number): Gutters {
  const names = cell >= NAMES_AT;
  const compact = width > 0 && width < COMPACT_BELOW;
  if (!names) return { left: compact ? 96 : 116, top: 26, names, band: (compact ? 96 : 116) - 6 };
  if (compact) return { left: Math.round(Math.min(180, Math.max(120, width * 0.4))), top: 100, names, band: 10 };
  return { left: 250, top: 130, names, band: 104 };
}

/** Middle ellipsis keeps the generated suffix that tells replicas apart: `ingress-ngi…-x2k4p`. */
function fitText(ctx: CanvasRenderingContext2D, text: string, max: number): string {
  if (ctx.measureText(text).width <= max) return text;
  const tail = text.slice(-7);
  for (let keep = text.length - 8; keep > 0; keep--) {
    const s = `${text.slice(0, keep)}…${tail}`;
    if (ctx.measureText(s).width <= max) return s;
  }
  const short = `…${text.slice(-5)}`;
  return ctx.measureText(short).width <= max ? short : "";
}

function clamp(v: number, lo: number, hi: number) {
  return Math.min(hi, Math.max(lo, v));
}

export interface Cell {
  /** view indices */
  r: number;
  c: number;
}

export function Heatmap({
  data,
  view,
  selected,
  onSelect,
  wouldBe,
}: {
  data: Reachability;
  /** pod indices shown, in order, as rows and as columns */
  view: Int32Array;
  /** the explained connection (pod indices) */
  selected: { i: number; j: number } | null;
  onSelect(i: number, j: number): void;
  /** verdicts are Calico's, not the cluster's (flannel) */
  wouldBe: boolean;
}) {
  const { t } = useI18n();
  const { theme } = useTheme();
  const palette = PALETTES[theme];
  const uid = useId().replace(/:/g, "");
  const wrapRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const layerRef = useRef<HTMLCanvasElement | null>(null);
  const [width, setWidth] = useState(0);
  const [dpr, setDpr] = useState(1);
  const n = view.length;

  // ---------------------------------------------------------------- size and zoom
  useLayoutEffect(() => {
    const el = wrapRef.current;
    if (!el) return;
    const measure = () => {
      setWidth(Math.floor(el.clientWidth));
      setDpr(window.devicePixelRatio || 1);
    };
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    const mq = window.matchMedia(`(resolution: ${window.devicePixelRatio}dppx)`);
    mq.addEventListener("change", measure);
    return () => {
      ro.disconnect();
      mq.removeEventListener("change", measure);
    };
  }, []);

  const fitCell = useMemo(() => {
    if (n === 0 || width === 0) return 16;
    const fitWith = (g: Gutters) => Math.min(FIT_MAX_CELL, (width - g.left) / n, (MAX_HEIGHT - g.top) / n);
    const small = fitWith(gutters(1, width));
    const large = fitWith(gutters(NAMES_AT, width));
    if (large >= NAMES_AT) return large;
    // a phone cannot fit every pod with its name: keep the names (the point of the map) and let the matrix pan
    if (width < COMPACT_BELOW) return NAMES_AT;
    return Math.min(small, NAMES_AT - 0.01);
  }, [n, width]);
  const minCell = Math.min(fitCell, 1);

  const [zoom, setZoom] = useState<{ cell: number; ox: number; oy: number } | null>(null);
  // a new view (filters, cluster) starts fitted
  useEffect(() => setZoom(null), [view, data.pods]);
  const cell = zoom?.cell ?? fitCell;
  const g = gutters(cell, width);
  const content = n * cell;
  const cssW = Math.max(0, Math.min(width, g.left + content));
  const cssH = Math.min(MAX_HEIGHT, g.top + content);
  const viewW = Math.max(0, cssW - g.left);
  const viewH = Math.max(0, cssH - g.top);
  const maxOx = Math.max(0, content - viewW);
  const maxOy = Math.max(0, content - viewH);
  const ox = clamp(zoom?.ox ?? 0, 0, maxOx);
  const oy = clamp(zoom?.oy ?? 0, 0, maxOy);

  const zoomTo = useCallback(
    (next: number, anchor?: { x: number; y: number }) => {
      setZoom((z) => {
        const cur = z?.cell ?? fitCell;
        const c = clamp(next, minCell, MAX_CELL);
        const ng = gutters(c, width);
        const ax = anchor?.x ?? viewW / 2;
        const ay = anchor?.y ?? viewH / 2;
        const zx = z?.ox ?? 0;
        const zy = z?.oy ?? 0;
        const gOld = gutters(cur, width);
        // keep the content point under the anchor where it is (anchor relative to the matrix origin, which moves
        // when the gutters grow to make room for pod names)
        const px = (zx + ax) / cur;
        const py = (zy + ay) / cur;
        const ax2 = ax + gOld.left - ng.left;
        const ay2 = ay + gOld.top - ng.top;
        return { cell: c, ox: Math.max(0, px * c - ax2), oy: Math.max(0, py * c - ay2) };
      });
    },
    [fitCell, minCell, viewW, viewH, width],
  );

  // ---------------------------------------------------------------- the matrix layer (ImageData)
  const layerKey = useRef("");
  const drawLayer = useCallback(() => {
    const dW = Math.max(1, Math.round(viewW * dpr));
    const dH = Math.max(1, Math.round(viewH * dpr));
    const key = `${dW}x${dH}:${cell}:${ox}:${oy}:${dpr}:${theme}`;
    let layer = layerRef.current;
    if (layer && layerKey.current === key) return layer;
    if (!layer) layer = layerRef.current = document.createElement("canvas");
    layer.width = dW;
    layer.height = dH;
    const lctx = layer.getContext("2d");
    if (!lctx) return layer;
    const img = lctx.createImageData(dW, dH);
    const px = new Uint32Array(img.data.buffer);
    const pack = ([r, gg, b]: [number, number, number]) => (255 << 24) | (b << 16) | (gg << 8) | r; // little-endian RGBA
    const ALLOW = pack(palette.allowed);
    const DENY = pack(palette.denied);
    const DIAG = pack(palette.diagonal);
    const BG = pack(palette.background);
    const cellDev = cell * dpr;
    const gaps = cellDev >= 6; // a 1-device-pixel seam between cells once they are big enough to read as tiles
    // per column of device pixels: view column, word offset and mask (or -1 past the last column / on a seam)
    const colView = new Int32Array(dW);
    const colWord = new Int32Array(dW);
    const colMask = new Uint32Array(dW);
    for (let x = 0; x < dW; x++) {
      const css = (x + 0.5) / dpr + ox;
      const c = Math.floor(css / cell);
      const seam = gaps && Math.floor(((x + 1) / dpr + ox) / cell) !== c;
      if (c >= n || seam) {
        colView[x] = -1;
        continue;
      }
      const j = view[c];
      colView[x] = c;
      colWord[x] = j >>> 5;
      colMask[x] = 1 << (j & 31);
    }
    const bits = data.bits;
    const words = data.words;
    for (let y = 0; y < dH; y++) {
      const css = (y + 0.5) / dpr + oy;
      const r = Math.floor(css / cell);
      const seam = gaps && Math.floor(((y + 1) / dpr + oy) / cell) !== r;
      const base = y * dW;
      if (r >= n || seam) {
        px.fill(BG, base, base + dW);
        continue;
      }
      const rowOff = view[r] * words;
      for (let x = 0; x < dW; x++) {
        const c = colView[x];
        px[base + x] = c < 0 ? BG : c === r ? DIAG : bits[rowOff + colWord[x]] & colMask[x] ? ALLOW : DENY;
      }
    }
    lctx.putImageData(img, 0, 0);
    layerKey.current = key;
    return layer;
  }, [viewW, viewH, dpr, cell, ox, oy, theme, palette, n, view, data.bits, data.words]);
  // new data or view: the cached layer is stale even at the same geometry
  useEffect(() => {
    layerKey.current = "";
  }, [data.bits, view]);

  // ---------------------------------------------------------------- hover, keyboard focus
  const [hover, setHover] = useState<(Cell & { x: number; y: number }) | null>(null);
  const [active, setActive] = useState<Cell | null>(null);
  const [focused, setFocused] = useState(false);
  useEffect(() => {
    setHover(null);
    setActive(null);
  }, [view]);

  const nsBands = useMemo(() => bands(data.namespaces, view), [data.namespaces, view]);
  const viewPos = useMemo(() => {
    const m = new Map<number, number>();
    view.forEach((p, k) => m.set(p, k));
    return m;
  }, [view]);
  const selectedCell: Cell | null = selected && viewPos.has(selected.i) && viewPos.has(selected.j) ? { r: viewPos.get(selected.i)!, c: viewPos.get(selected.j)! } : null;

  // ---------------------------------------------------------------- compositing
  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas || width === 0) return;
    const raf = requestAnimationFrame(() => {
      const W = Math.round(cssW * dpr);
      const H = Math.round(cssH * dpr);
      if (canvas.width !== W) canvas.width = W;
      if (canvas.height !== H) canvas.height = H;
      const ctx = canvas.getContext("2d");
      if (!ctx) return;
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      ctx.clearRect(0, 0, W, H);
      if (n === 0) return;
      ctx.drawImage(drawLayer(), Math.round(g.left * dpr), Math.round(g.top * dpr));
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      const font = "system-ui, -apple-system, 'Segoe UI', sans-serif";

      // namespace bands in the gutters, and separators across the matrix
      const toX = (k: number) => g.left + k * cell - ox;
      const toY = (k: number) => g.top + k * cell - oy;
      ctx.save();
      ctx.beginPath();
      ctx.rect(g.left, 0, viewW, g.top);
      ctx.clip();
      nsBands.forEach((b, k) => {
        const x0 = Math.max(g.left, toX(b.start));
        const x1 = Math.min(g.left + viewW, toX(b.end));
        if (x1 <= x0) return;
        ctx.fillStyle = palette.band[k % 2];
        ctx.fillRect(x0, 0, x1 - x0, 20);
        ctx.font = `600 11px ${font}`;
        ctx.fillStyle = palette.text;
        ctx.textBaseline = "middle";
        const label = fitText(ctx, b.namespace, x1 - x0 - 8);
        if (label) {
          ctx.textAlign = "center";
          ctx.fillText(label, (x0 + x1) / 2, 10);
        }
      });
      if (g.names) {
        ctx.font = `10.5px ${font}`;
        ctx.fillStyle = palette.muted;
        ctx.textAlign = "left";
        ctx.textBaseline = "middle";
        const first = Math.max(0, Math.floor(ox / cell));
        const last = Math.min(n, Math.ceil((ox + viewW) / cell));
        for (let k = first; k < last; k++) {
          ctx.save();
          ctx.translate(toX(k) + cell / 2, g.top - 4);
          ctx.rotate(-Math.PI / 2);
          ctx.fillStyle = hover?.c === k || active?.c === k ? palette.text : palette.muted;
          ctx.fillText(fitText(ctx, podName(data.pods[view[k]]), g.top - 30), 0, 0);
          ctx.restore();
        }
      }
      ctx.restore();

      ctx.save();
      ctx.beginPath();
      ctx.rect(0, g.top, g.left, viewH);
      ctx.clip();
      nsBands.forEach((b, k) => {
        const y0 = Math.max(g.top, toY(b.start));
        const y1 = Math.min(g.top + viewH, toY(b.end));
        if (y1 <= y0) return;
        ctx.fillStyle = palette.band[k % 2];
        ctx.fillRect(0, y0, g.band, y1 - y0);
        if (y1 - y0 >= 12 && g.band >= 40) {
          ctx.font = `600 11px ${font}`;
          ctx.fillStyle = palette.text;
          ctx.textAlign = "left";
          ctx.textBaseline = "middle";
          ctx.fillText(fitText(ctx, b.namespace, g.band - 10), 6, (y0 + y1) / 2);
        }
      });
      if (g.names) {
        ctx.font = `10.5px ${font}`;
        ctx.textAlign = "right";
        ctx.textBaseline = "middle";
        const first = Math.max(0, Math.floor(oy / cell));
        const last = Math.min(n, Math.ceil((oy + viewH) / cell));
        for (let k = first; k < last; k++) {
          ctx.fillStyle = hover?.r === k || active?.r === k ? palette.text : palette.muted;
          ctx.fillText(fitText(ctx, podName(data.pods[view[k]]), g.left - g.band - 12), g.left - 6, toY(k) + cell / 2);
        }
      }
      ctx.restore();

      // axis captions in the corner: sources down the rows, destinations along the columns
      if (g.names) {
        ctx.font = `600 10.5px ${font}`;
        ctx.fillStyle = palette.muted;
        ctx.textBaseline = "alphabetic";
        ctx.textAlign = "right";
        ctx.fillText(`${t("policies.axis.to")} →`, g.left - 8, 34);
        ctx.textAlign = "left";
        ctx.fillText(`${t("policies.axis.from")} ↓`, 6, g.top - 6);
      }

      // matrix overlays
      ctx.save();
      ctx.beginPath();
      ctx.rect(g.left, g.top, viewW, viewH);
      ctx.clip();
      ctx.strokeStyle = palette.separator;
      ctx.lineWidth = 1.5;
      ctx.beginPath();
      for (const b of nsBands.slice(1)) {
        const x = Math.round(toX(b.start)) - 0.25;
        const y = Math.round(toY(b.start)) - 0.25;
        ctx.moveTo(x, g.top);
        ctx.lineTo(x, g.top + viewH);
        ctx.moveTo(g.left, y);
        ctx.lineTo(g.left + viewW, y);
      }
      ctx.stroke();
      if (hover) {
        ctx.fillStyle = palette.hover;
        ctx.fillRect(g.left, toY(hover.r), viewW, cell);
        ctx.fillRect(toX(hover.c), g.top, cell, viewH);
      }
      const ring = (c: Cell, color: string, w: number) => {
        // big cells: inside the cell, so the ring is never clipped at the matrix's edges; small ones: around it
        const s = cell >= 10 ? cell - (w + 2) : Math.max(cell, 6) + 4;
        const x = toX(c.c) + cell / 2 - s / 2;
        const y = toY(c.r) + cell / 2 - s / 2;
        ctx.strokeStyle = theme === "dark" ? "#020617" : "#ffffff";
        ctx.lineWidth = w + 2;
        ctx.strokeRect(x, y, s, s);
        ctx.strokeStyle = color;
        ctx.lineWidth = w;
        ctx.strokeRect(x, y, s, s);
      };
      if (selectedCell) ring(selectedCell, palette.selected, 2.5);
      if (active && focused) ring(active, palette.focus, 2);
      if (hover) ring(hover, palette.text, 1.5);
      ctx.restore();
    });
    return () => cancelAnimationFrame(raf);
  }, [width, cssW, cssH, dpr, n, g.left, g.top, g.names, cell, ox, oy, viewW, viewH, nsBands, palette, theme, hover, active, focused, selectedCell, data.pods, view, drawLayer, t]);

  // ---------------------------------------------------------------- pointer
  const cellAt = (clientX: number, clientY: number): (Cell & { x: number; y: number }) | null => {
    const rect = canvasRef.current!.getBoundingClientRect();
    const x = clientX - rect.left;
    const y = clientY - rect.top;
    if (x < g.left || y < g.top || x >= g.left + viewW || y >= g.top + viewH) return null;
    const c = Math.floor((x - g.left + ox) / cell);
    const r = Math.floor((y - g.top + oy) / cell);
    if (r < 0 || c < 0 || r >= n || c >= n) return null;
    return { r, c, x, y };
  };
  const drag = useRef<{ x: number; y: number; ox: number; oy: number; moved: boolean } | null>(null);
  const onPointerDown = (e: PointerEvent<HTMLCanvasElement>) => {
    if (e.button !== 0) return;
    drag.current = { x: e.clientX, y: e.clientY, ox, oy, moved: false };
  };
  const onPointerMove = (e: PointerEvent<HTMLCanvasElement>) => {
    const d = drag.current;
    if (d && (e.buttons & 1) === 1) {
      const dx = e.clientX - d.x;
      const dy = e.clientY - d.y;
      if (!d.moved && Math.hypot(dx, dy) > 4 && (maxOx > 0 || maxOy > 0)) {
        d.moved = true;
        e.currentTarget.setPointerCapture(e.pointerId);
      }
      if (d.moved) {
        setZoom({ cell, ox: clamp(d.ox - dx, 0, maxOx), oy: clamp(d.oy - dy, 0, maxOy) });
        setHover(null);
        return;
      }
    }
    const hit = cellAt(e.clientX, e.clientY);
    setHover((h) => (h?.r === hit?.r && h?.c === hit?.c && h?.x === hit?.x && h?.y === hit?.y ? h : hit));
  };
  const onPointerUp = (e: PointerEvent<HTMLCanvasElement>) => {
    const d = drag.current;
    drag.current = null;
    if (d?.moved) return;
    const hit = cellAt(e.clientX, e.clientY);
    if (hit) {
      setActive({ r: hit.r, c: hit.c });
      onSelect(view[hit.r], view[hit.c]);
    }
  };

  // wheel: ctrl/⌘ zooms around the pointer; otherwise pans while there is somewhere to pan (then the page scrolls)
  const wheelState = useRef({ cell, ox, oy, maxOx, maxOy, g, zoomTo });
  wheelState.current = { cell, ox, oy, maxOx, maxOy, g, zoomTo };
  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const onWheel = (e: WheelEvent) => {
      const s = wheelState.current;
      const rect = canvas.getBoundingClientRect();
      if (e.ctrlKey || e.metaKey) {
        e.preventDefault();
        s.zoomTo(s.cell * Math.exp(-e.deltaY * 0.0025), { x: e.clientX - rect.left - s.g.left, y: e.clientY - rect.top - s.g.top });
        return;
      }
      const dx = e.shiftKey ? e.deltaY : e.deltaX;
      const dy = e.shiftKey ? 0 : e.deltaY;
      const nx = clamp(s.ox + dx, 0, s.maxOx);
      const ny = clamp(s.oy + dy, 0, s.maxOy);
      if (nx === s.ox && ny === s.oy) return;
      e.preventDefault();
      setZoom({ cell: s.cell, ox: nx, oy: ny });
    };
    canvas.addEventListener("wheel", onWheel, { passive: false });
    return () => canvas.removeEventListener("wheel", onWheel);
  }, []);

  // ---------------------------------------------------------------- keyboard
  const reveal = (c: Cell) => {
    let nx = ox;
    let ny = oy;
    if (c.c * cell < nx) nx = c.c * cell;
    else if ((c.c + 1) * cell > nx + viewW) nx = (c.c + 1) * cell - viewW;
    if (c.r * cell < ny) ny = c.r * cell;
    else if ((c.r + 1) * cell > ny + viewH) ny = (c.r + 1) * cell - viewH;
    if (nx !== ox || ny !== oy) setZoom({ cell, ox: clamp(nx, 0, maxOx), oy: clamp(ny, 0, maxOy) });
  };
  const onKeyDown = (e: KeyboardEvent<HTMLCanvasElement>) => {
    if (n === 0) return;
    if (e.key === "+" || e.key === "=") return e.preventDefault(), zoomTo(cell * 1.5);
    if (e.key === "-") return e.preventDefault(), zoomTo(cell / 1.5);
    if (e.key === "0") return e.preventDefault(), setZoom(null);
    const cur = active ?? { r: 0, c: Math.min(1, n - 1) };
    const step = e.shiftKey ? 10 : 1;
    let next: Cell | null = null;
    switch (e.key) {
      case "ArrowUp":
        next = { r: cur.r - step, c: cur.c };
        break;
      case "ArrowDown":
        next = { r: cur.r + step, c: cur.c };
        break;
      case "ArrowLeft":
        next = { r: cur.r, c: cur.c - step };
        break;
      case "ArrowRight":
        next = { r: cur.r, c: cur.c + step };
        break;
      case "PageUp":
        next = { r: cur.r - 10, c: cur.c };
        break;
      case "PageDown":
        next = { r: cur.r + 10, c: cur.c };
        break;
      case "Home":
        next = { r: cur.r, c: 0 };
        break;
      case "End":
        next = { r: cur.r, c: n - 1 };
        break;
      case "Enter":
      case " ":
        e.preventDefault();
        setActive(cur);
        onSelect(view[cur.r], view[cur.c]);
        return;
      default:
        return;
    }
    e.preventDefault();
    const c = { r: clamp(next.r, 0, n - 1), c: clamp(next.c, 0, n - 1) };
    if (!active) {
      setActive(cur);
      reveal(cur);
      return;
    }
    setActive(c);
    reveal(c);
  };

  // ---------------------------------------------------------------- text
  const describe = (c: Cell) => {
    const i = view[c.r];
    const j = view[c.c];
    const from = data.pods[i];
    const to = data.pods[j];
    if (i === j) return t("policies.cell.self", { pod: from });
    const ok = allowedAt(data, i, j);
    const verdict = wouldBe ? t(ok ? "policies.verdict.wouldAllow" : "policies.verdict.wouldDeny") : t(ok ? "policies.verdict.allowed" : "policies.verdict.denied");
    return t("policies.cell.info", { from, to, verdict, port: data.port });
  };
  const infoCell = hover ?? (focused ? active : null);
  const zoomPct = Math.round((cell / fitCell) * 100);
  const sliderMin = Math.log2(minCell);
  const sliderMax = Math.log2(MAX_CELL);

  const podsAttr = useMemo(() => JSON.stringify(Array.from(view, (i) => data.pods[i])), [view, data.pods]);
  const hoverVerdict = hover && view[hover.r] !== view[hover.c] ? allowedAt(data, view[hover.r], view[hover.c]) : null;

  return (
    <div>
      <div className="mb-2 flex flex-wrap items-center gap-2 text-xs text-slate-600 dark:text-slate-400">
        <div className="inline-flex items-center overflow-hidden rounded-md border border-slate-300 dark:border-slate-700" role="group" aria-label={t("policies.zoom")}>
          <button type="button" onClick={() => zoomTo(cell / 1.5)} disabled={cell <= minCell + 1e-6} aria-label={t("policies.zoom.out")} title={t("policies.zoom.out")} className="px-2.5 py-1 text-sm hover:bg-slate-100 disabled:opacity-40 dark:hover:bg-slate-800">
            −
          </button>
          <input
            type="range"
            aria-label={t("policies.zoom")}
            min={sliderMin}
            max={sliderMax}
            step={0.01}
            value={Math.log2(cell)}
            onChange={(e) => zoomTo(2 ** Number(e.target.value))}
            className="mx-1 w-28 accent-sky-600"
          />
          <button type="button" onClick={() => zoomTo(cell * 1.5)} disabled={cell >= MAX_CELL - 1e-6} aria-label={t("policies.zoom.in")} title={t("policies.zoom.in")} className="px-2.5 py-1 text-sm hover:bg-slate-100 disabled:opacity-40 dark:hover:bg-slate-800">
            +
          </button>
          <button type="button" onClick={() => setZoom(null)} className="border-l border-slate-300 px-2.5 py-1 hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800">
            {t("policies.zoom.fit")}
          </button>
        </div>
        <span className="tabular-nums" data-testid="zoom-level">
          {t("policies.zoom.level", { pct: zoomPct })}
        </span>
        <span className="hidden text-slate-500 dark:text-slate-400 lg:inline">{t("policies.zoom.hint")}</span>
      </div>
      <div ref={wrapRef} className="relative w-full">
        <canvas
          ref={canvasRef}
          data-testid="heatmap"
          data-pods={podsAttr}
          data-layout={JSON.stringify({ left: g.left, top: g.top, cell, offsetX: ox, offsetY: oy, names: g.names })}
          data-mode={wouldBe ? "would-be" : "enforced"}
          tabIndex={0}
          role="img"
          aria-label={t("policies.heatmap.label", { count: n, port: data.port })}
          aria-describedby={`${uid}-info`}
          onPointerDown={onPointerDown}
          onPointerMove={onPointerMove}
          onPointerUp={onPointerUp}
          onPointerLeave={() => setHover(null)}
          onKeyDown={onKeyDown}
          onFocus={() => setFocused(true)}
          onBlur={() => setFocused(false)}
          style={{ width: cssW, height: cssH, cursor: maxOx > 0 || maxOy > 0 ? (drag.current?.moved ? "grabbing" : "crosshair") : "crosshair", touchAction: "none" }}
          className="block rounded-sm focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-500"
        />
        {hover && (
          <div
            role="tooltip"
            data-testid="heatmap-tooltip"
            className="pointer-events-none absolute z-20 max-w-md rounded-md border border-slate-200 bg-white/95 px-2.5 py-1.5 text-xs shadow-lg dark:border-slate-700 dark:bg-slate-900/95"
            style={{
              left: Math.min(hover.x + 14, Math.max(0, cssW - 300)),
              top: hover.y + 18 > cssH - 40 ? hover.y - 48 : hover.y + 18,
            }}
          >
            <div className="font-mono">
              {data.pods[view[hover.r]]} <span className="text-slate-500 dark:text-slate-400">→</span> {data.pods[view[hover.c]]}
            </div>
            <div className="mt-0.5 flex items-center gap-1.5">
              {hoverVerdict === null ? (
                <span className="text-slate-500 dark:text-slate-400">{t("policies.cell.selfShort")}</span>
              ) : (
                <>
                  <i className="inline-block h-2.5 w-2.5 rounded-[2px]" style={{ background: (hoverVerdict ? HEATMAP_COLORS.allowed : HEATMAP_COLORS.denied)[theme] }} aria-hidden />
                  <b>{wouldBe ? t(hoverVerdict ? "policies.verdict.wouldAllow" : "policies.verdict.wouldDeny") : t(hoverVerdict ? "policies.verdict.allowed" : "policies.verdict.denied")}</b>
                  <span className="text-slate-500 dark:text-slate-400">· {data.port} · {t("policies.cell.clickToExplain")}</span>
                </>
              )}
            </div>
          </div>
        )}
      </div>
      <p id={`${uid}-info`} aria-live="polite" data-testid="cell-info" className="mt-2 min-h-5 text-xs text-slate-600 dark:text-slate-300">
        {infoCell ? describe(infoCell) : t("policies.cell.hint")}
      </p>
    </div>
  );
}
