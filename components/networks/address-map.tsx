"use client";
/**
 * Every address of a network's node IP pool and VIP pool as a small cell, coloured by owner kind. Rows hold 32
 * addresses aligned to multiples of 32. Pools of more than MAX_CELLS addresses draw only the rows that hold something
 * and summarize the free stretches in between as ranges, so a /16 pool stays light.
 */
import { memo, useId, useMemo, useState, type KeyboardEvent, type MouseEvent, type ReactNode } from "react";
import { formatIPv4, parseCidr, parseIPv4 } from "@/lib/ipam/address";
import type { AllocationDto, NetworkDto, PoolUsage } from "@/lib/api/dto";
import { useI18n } from "@/components/shell/i18n";
import type { MessageKey } from "@/lib/i18n/messages";

const ROW = 32;
/** 32 cells of 16px with 2px gaps */
const CELL_ROW_WIDTH = ROW * 16 + (ROW - 1) * 2;
/** at most this many cells are drawn per pool */
export const MAX_CELLS = 4096;

/** Owner kinds (AllocationDto.ownerKind) → cell colour and label. */
const KINDS: { kind: string; cls: string; label: MessageKey }[] = [
  { kind: "management-node", cls: "bg-slate-600 dark:bg-slate-400", label: "clusters.kind.management-node" },
  { kind: "management-spare", cls: "bg-slate-400 dark:bg-slate-500", label: "clusters.kind.management-spare" },
  { kind: "management-apiserver", cls: "bg-slate-800 dark:bg-slate-200", label: "clusters.kind.management-apiserver" },
  { kind: "controlplane", cls: "bg-sky-600 dark:bg-sky-500", label: "clusters.kind.controlplane" },
  { kind: "worker", cls: "bg-emerald-500", label: "clusters.kind.worker" },
  { kind: "loadbalancer", cls: "bg-orange-500", label: "clusters.kind.loadbalancer" },
  { kind: "upgrade-spare", cls: "bg-cyan-300 dark:bg-cyan-700", label: "clusters.kind.upgrade-spare" },
  { kind: "apiserver", cls: "bg-violet-600 dark:bg-violet-500", label: "clusters.kind.apiserver" },
  { kind: "service", cls: "bg-fuchsia-400", label: "clusters.kind.service" },
];
const KIND_OF = new Map(KINDS.map((k) => [k.kind, k]));
const OTHER_CLS = "bg-rose-400";
const RESERVED_CLS = "bg-amber-400 bg-[repeating-linear-gradient(45deg,transparent_0_2px,rgba(0,0,0,.18)_2px_3px)]";
const FREE_CLS = "bg-white ring-1 ring-inset ring-slate-200 dark:bg-slate-800 dark:ring-slate-700";

type PoolKey = "node" | "vip";

interface Cell {
  n: number;
  address: string;
  state: "used" | "reserved" | "free";
  kind: string | null;
  owner: string | null;
  cluster: string | null;
  /** why a reserved address is never handed out (gateway, DNS, network/broadcast) */
  reason: string | null;
}

type Block = { type: "row"; start: number; cells: (Cell | null)[] } | { type: "gap"; start: number; end: number; free: number; used: number; reserved: number; hidden: boolean };

function reservedReasons(net: NetworkDto, t: (k: MessageKey) => string): Map<number, string> {
  const out = new Map<number, string[]>();
  const add = (n: number | null, why: string) => n !== null && out.set(n, [...(out.get(n) ?? []), why]);
  add(net.gateway ? parseIPv4(net.gateway) : null, t("clusters.map.reserved.gateway"));
  for (const d of net.dnsServers) add(parseIPv4(d), t("clusters.map.reserved.dns"));
  const cidr = net.ipAddressPrefix ? parseCidr(net.ipAddressPrefix) : null;
  if (cidr && cidr.prefixLength < 31) {
    add(cidr.network, t("clusters.map.reserved.network"));
    add(cidr.broadcast, t("clusters.map.reserved.broadcast"));
  }
  return new Map([...out].map(([n, why]) => [n, why.join(", ")]));
}

/** Lays a pool out in rows of 32; big pools keep only rows with something in them, free stretches become gaps. */
function layout(start: number, end: number, byNum: Map<number, AllocationDto>, reserved: Map<number, string>): { blocks: Block[]; drawn: number[] } {
  const cellAt = (n: number): Cell | null => {
    if (n < start || n > end) return null;
    const a = byNum.get(n);
    const why = reserved.get(n);
    return {
      n,
      address: formatIPv4(n),
      state: a ? "used" : why ? "reserved" : "free",
      kind: a?.ownerKind ?? null,
      owner: a?.ownerName ?? null,
      cluster: a?.clusterName ?? null,
      reason: a ? null : (why ?? null),
    };
  };
  /** a stretch not drawn cell by cell: counts of what it holds */
  const gap = (gs: number, ge: number, hidden: boolean): Block => {
    let used = 0;
    let res = 0;
    for (const n of byNum.keys()) if (n >= gs && n <= ge) used++;
    for (const n of reserved.keys()) if (n >= gs && n <= ge && !byNum.has(n)) res++;
    return { type: "gap", start: gs, end: ge, used, reserved: res, free: ge - gs + 1 - used - res, hidden };
  };
  const first = Math.floor(start / ROW) * ROW;
  const rows = Math.floor((end - first) / ROW) + 1;
  const small = end - start + 1 <= MAX_CELLS;
  let rowIndices: number[];
  if (small) {
    rowIndices = Array.from({ length: rows }, (_, i) => i);
  } else {
    const interesting = new Set<number>([0]); // the pool's start stays visible
    for (const n of [...byNum.keys(), ...reserved.keys()]) if (n >= start && n <= end) interesting.add(Math.floor((n - first) / ROW));
    rowIndices = [...interesting].sort((x, y) => x - y);
  }
  const blocks: Block[] = [];
  const drawn: number[] = [];
  let budget = MAX_CELLS;
  let prev = -1;
  const afterPrev = () => Math.max(start, first + (prev + 1) * ROW);
  for (const r of rowIndices) {
    const rowStart = first + r * ROW;
    const count = Math.min(end, rowStart + ROW - 1) - Math.max(start, rowStart) + 1;
    if (count > budget) {
      // over the drawing budget: one summary for everything left
      blocks.push(gap(afterPrev(), end, true));
      return { blocks, drawn };
    }
    if (r > prev + 1) blocks.push(gap(afterPrev(), rowStart - 1, false));
    const cells = Array.from({ length: ROW }, (_, i) => cellAt(rowStart + i));
    for (const c of cells) if (c) drawn.push(c.n);
    blocks.push({ type: "row", start: rowStart, cells });
    budget -= count;
    prev = r;
  }
  if (first + (prev + 1) * ROW <= end) blocks.push(gap(afterPrev(), end, false));
  return { blocks, drawn };
}

function kindLabel(kind: string | null, t: (k: MessageKey) => string): string {
  if (!kind) return "";
  const k = KIND_OF.get(kind);
  return k ? t(k.label) : kind;
}

function describe(c: Cell, t: (k: MessageKey, v?: Record<string, string | number>) => string): string {
  if (c.state === "used") {
    return t("clusters.map.cell.used", { address: c.address, kindLabel: kindLabel(c.kind, t), kind: c.kind ?? "", owner: c.owner ?? "", cluster: c.cluster ?? t("clusters.map.cell.noCluster") });
  }
  if (c.state === "reserved") return t("clusters.map.cell.reserved", { address: c.address, reason: c.reason ?? "" });
  return t("clusters.map.cell.free", { address: c.address });
}

/** The cells of one pool. Memoized: hovering only changes the highlight style, not these nodes. */
const PoolCells = memo(function PoolCells({ blocks, pool, t }: { blocks: Block[]; pool: PoolKey; t: (k: MessageKey, v?: Record<string, string | number>) => string }) {
  return (
    <>
      {blocks.map((b) =>
        b.type === "row" ? (
          <div key={b.start} className="flex items-center gap-2">
            <span className="w-28 shrink-0 text-right font-mono text-[10px] text-slate-500 dark:text-slate-400 tabular-nums">{formatIPv4(b.start)}</span>
            <span className="grid grid-cols-[repeat(32,minmax(0,1fr))] gap-[2px]" style={{ width: CELL_ROW_WIDTH }}>
              {b.cells.map((c, i) =>
                c === null ? (
                  <span key={i} className="h-4 w-4" aria-hidden />
                ) : (
                  <span
                    key={i}
                    id={`am-${pool}-${c.address}`}
                    role="img"
                    aria-label={describe(c, t)}
                    title={describe(c, t)}
                    data-address={c.address}
                    data-state={c.state}
                    data-kind={c.kind ?? undefined}
                    data-owner={c.owner ?? undefined}
                    data-cluster={c.cluster ?? undefined}
                    className={`h-4 w-4 rounded-[3px] transition-transform hover:z-10 hover:scale-125 hover:shadow ${
                      c.state === "used" ? (KIND_OF.get(c.kind ?? "")?.cls ?? OTHER_CLS) : c.state === "reserved" ? RESERVED_CLS : FREE_CLS
                    }`}
                  />
                ),
              )}
            </span>
          </div>
        ) : (
          <div key={`gap-${b.start}`} className="flex items-center gap-2" data-testid="map-gap">
            <span className="w-28 shrink-0" />
            <span className="flex-1 rounded border border-dashed border-slate-300 px-2 py-1 text-[11px] text-slate-500 dark:border-slate-700 dark:text-slate-400" style={{ maxWidth: CELL_ROW_WIDTH }}>
              <span className="font-mono">
                {formatIPv4(b.start)} – {formatIPv4(b.end)}
              </span>{" "}
              ·{" "}
              {b.hidden
                ? t("clusters.map.gap.hidden", { count: (b.end - b.start + 1).toLocaleString("en-US"), used: b.used.toLocaleString("en-US"), reserved: b.reserved, free: b.free.toLocaleString("en-US") })
                : t("clusters.map.gap.free", { count: b.free.toLocaleString("en-US") })}
            </span>
          </div>
        ),
      )}
    </>
  );
});

/** 0.004 → "<0.1", 99.998 → ">99.9", 0.5 → "0.5", 42.4 → "42" */
function formatPct(pct: number): string {
  if (pct > 0 && pct < 0.1) return "<0.1";
  if (pct > 99.9 && pct < 100) return ">99.9";
  return pct < 1 ? pct.toFixed(pct === 0 ? 0 : 1) : String(Math.round(pct));
}

function Stat({ label, value, pct, swatch }: { label: string; value: number; pct: number; swatch: string }) {
  return (
    <span className="inline-flex items-center gap-1.5">
      <i className={`h-2.5 w-2.5 rounded-[2px] ${swatch}`} aria-hidden />
      <b className="tabular-nums text-slate-900 dark:text-slate-100">{value.toLocaleString("en-US")}</b> {label}
      <span className="text-slate-500 dark:text-slate-400 tabular-nums">({formatPct(pct)}%)</span>
    </span>
  );
}

function PoolMap({ pool, title, usage, net, allocations }: { pool: PoolKey; title: string; usage: PoolUsage; net: NetworkDto; allocations: AllocationDto[] }) {
  const { t } = useI18n();
  const uid = useId().replace(/:/g, "");
  const [hover, setHover] = useState<string | null>(null);
  const [active, setActive] = useState<number>(-1);
  const start = parseIPv4(usage.start)!;
  const end = parseIPv4(usage.end)!;

  const { blocks, drawn, byAddress, counts } = useMemo(() => {
    const mine = allocations.filter((a) => a.pool === pool);
    const byNum = new Map<number, AllocationDto>();
    const counts = new Map<string, number>();
    for (const a of mine) {
      const n = parseIPv4(a.address);
      if (n !== null) byNum.set(n, a);
      counts.set(a.ownerKind, (counts.get(a.ownerKind) ?? 0) + 1);
    }
    const { blocks, drawn } = layout(start, end, byNum, reservedReasons(net, t));
    const byAddress = new Map<string, Cell>();
    for (const b of blocks) if (b.type === "row") for (const c of b.cells) if (c) byAddress.set(c.address, c);
    return { blocks, drawn, byAddress, counts };
  }, [allocations, pool, start, end, net, t]);

  const activeCell = active >= 0 && active < drawn.length ? byAddress.get(formatIPv4(drawn[active])) : undefined;
  const shownCell = (hover ? byAddress.get(hover) : undefined) ?? activeCell;
  const pct = (n: number) => (usage.size === 0 ? 0 : (n / usage.size) * 100);

  const onOver = (e: MouseEvent) => {
    const addr = (e.target as HTMLElement).dataset?.address;
    setHover(addr ?? null);
  };
  const onKey = (e: KeyboardEvent) => {
    if (drawn.length === 0) return;
    const step: Record<string, number> = { ArrowRight: 1, ArrowLeft: -1, ArrowDown: ROW, ArrowUp: -ROW };
    let next = active;
    if (e.key in step) next = Math.min(drawn.length - 1, Math.max(0, (active < 0 ? 0 : active) + (active < 0 ? 0 : step[e.key])));
    else if (e.key === "Home") next = 0;
    else if (e.key === "End") next = drawn.length - 1;
    else return;
    e.preventDefault();
    setActive(next);
  };

  // highlight: the hovered / active cell, and every cell of the same cluster (or owner, outside clusters)
  const focus = shownCell;
  const scope = `[data-map="${uid}"]`;
  const css: string[] = [];
  if (focus) {
    css.push(`${scope} [data-address="${focus.address}"]{outline:2px solid rgb(14 165 233);outline-offset:1px;z-index:10}`);
    if (focus.cluster) css.push(`${scope} [data-cluster="${CSS.escape(focus.cluster)}"]{box-shadow:0 0 0 2px rgb(250 204 21)}`);
    else if (focus.owner) css.push(`${scope} [data-owner="${CSS.escape(focus.owner)}"]:not([data-cluster]){box-shadow:0 0 0 2px rgb(250 204 21)}`);
  }

  const legend: ReactNode[] = KINDS.filter((k) => counts.has(k.kind)).map((k) => (
    <li key={k.kind} className="inline-flex items-center gap-1.5">
      <i className={`h-3 w-3 rounded-[2px] ${k.cls}`} aria-hidden />
      {t(k.label)} <span className="text-slate-500 dark:text-slate-400 tabular-nums">{counts.get(k.kind)}</span>
    </li>
  ));
  for (const [kind, n] of counts) {
    if (!KIND_OF.has(kind))
      legend.push(
        <li key={kind} className="inline-flex items-center gap-1.5">
          <i className={`h-3 w-3 rounded-[2px] ${OTHER_CLS}`} aria-hidden />
          {kind} <span className="text-slate-500 dark:text-slate-400 tabular-nums">{n}</span>
        </li>,
      );
  }

  return (
    <section data-testid={`address-map-${pool}`} aria-labelledby={`${uid}-title`}>
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h3 id={`${uid}-title`} className="text-sm font-semibold">
          {title}{" "}
          <span className="font-mono text-xs font-normal text-slate-500 dark:text-slate-400">
            {usage.start} – {usage.end}
          </span>
        </h3>
        <p className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-600 dark:text-slate-400" data-testid={`map-stats-${pool}`}>
          <Stat label={t("pool.used")} value={usage.used} pct={pct(usage.used)} swatch={pool === "node" ? "bg-sky-500" : "bg-violet-500"} />
          <Stat label={t("pool.reserved")} value={usage.reserved} pct={pct(usage.reserved)} swatch="bg-amber-400" />
          <Stat label={t("pool.free")} value={usage.free} pct={pct(usage.free)} swatch="bg-slate-200 dark:bg-slate-700" />
          <span className="text-slate-500 dark:text-slate-400">{t("pool.size", { size: usage.size.toLocaleString("en-US") })}</span>
        </p>
      </div>
      <ul className="mt-2 flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-600 dark:text-slate-300" aria-label={t("clusters.map.legend")}>
        {legend}
        <li className="inline-flex items-center gap-1.5">
          <i className={`h-3 w-3 rounded-[2px] ${RESERVED_CLS}`} aria-hidden />
          {t("clusters.map.legend.reserved")}
        </li>
        <li className="inline-flex items-center gap-1.5">
          <i className={`h-3 w-3 rounded-[2px] ${FREE_CLS}`} aria-hidden />
          {t("clusters.map.legend.free")}
        </li>
      </ul>
      {css.length > 0 && <style>{css.join("\n")}</style>}
      <div
        data-map={uid}
        role="group"
        tabIndex={0}
        aria-label={t("clusters.map.gridLabel", { pool: title })}
        aria-describedby={`${uid}-info`}
        aria-activedescendant={activeCell ? `am-${pool}-${activeCell.address}` : undefined}
        onMouseOver={onOver}
        onMouseLeave={() => setHover(null)}
        onKeyDown={onKey}
        onBlur={() => setActive(-1)}
        className="mt-3 flex flex-col gap-[2px] overflow-x-auto rounded-md p-1 focus-visible:outline-2 focus-visible:outline-sky-500"
      >
        <PoolCells blocks={blocks} pool={pool} t={t} />
      </div>
      <p id={`${uid}-info`} aria-live="polite" className="mt-2 min-h-5 text-xs text-slate-600 dark:text-slate-300" data-testid={`map-info-${pool}`}>
        {shownCell ? describe(shownCell, t) : t("clusters.map.hint")}
      </p>
    </section>
  );
}

export function AddressMap({ net, allocations }: { net: NetworkDto; allocations: AllocationDto[] }) {
  const { t } = useI18n();
  return (
    <div className="space-y-8" data-testid="address-map">
      {net.usage.node ? (
        <PoolMap pool="node" title={t("pool.node")} usage={net.usage.node} net={net} allocations={allocations} />
      ) : (
        <p className="text-sm text-slate-500 dark:text-slate-400">{t("pool.dhcp")}</p>
      )}
      <PoolMap pool="vip" title={t("pool.vip")} usage={net.usage.vip} net={net} allocations={allocations} />
    </div>
  );
}
