"use client";
import { parseCidr, parseIPv4 } from "@/lib/ipam/address";
import type { NetworkDto, PoolUsage } from "@/lib/api/dto";
import { useI18n } from "@/components/shell/i18n";

/** Where the node pool and VIP pool lie inside the network's prefix, drawn to scale. */
export function PrefixBar({ net }: { net: NetworkDto }) {
  const { t } = useI18n();
  const cidr = net.ipAddressPrefix ? parseCidr(net.ipAddressPrefix) : null;
  if (!cidr) return null;
  const span = cidr.broadcast - cidr.network + 1;
  const seg = (start: string | null, end: string | null) => {
    const s = start ? parseIPv4(start) : null;
    const e = end ? parseIPv4(end) : null;
    if (s === null || e === null) return null;
    return { left: ((s - cidr.network) / span) * 100, width: Math.max(0.6, ((e - s + 1) / span) * 100) };
  };
  const node = seg(net.k8sNodeIpPoolStart, net.k8sNodeIpPoolEnd);
  const vip = seg(net.vipPoolStart, net.vipPoolEnd);
  const gw = net.gateway ? parseIPv4(net.gateway) : null;
  return (
    <div>
      <div className="relative h-6 rounded bg-slate-100 dark:bg-slate-800" role="img" aria-label={`${net.ipAddressPrefix}`}>
        {node && <div className="absolute inset-y-0 rounded bg-sky-500/80" style={{ left: `${node.left}%`, width: `${node.width}%` }} title={`node ${net.k8sNodeIpPoolStart} – ${net.k8sNodeIpPoolEnd}`} />}
        {vip && <div className="absolute inset-y-0 rounded bg-violet-500/80" style={{ left: `${vip.left}%`, width: `${vip.width}%` }} title={`vip ${net.vipPoolStart} – ${net.vipPoolEnd}`} />}
        {gw !== null && (
          <div className="absolute inset-y-0 w-0.5 bg-amber-500" style={{ left: `${((gw - cidr.network) / span) * 100}%` }} title={`gateway ${net.gateway}`} />
        )}
      </div>
      <div className="mt-1 flex justify-between font-mono text-xs text-slate-500 dark:text-slate-400">
        <span>{net.ipAddressPrefix}</span>
        <span className="flex flex-wrap justify-end gap-x-3 font-sans">
          <span className="inline-flex items-center gap-1"><i className="h-2 w-2 rounded-sm bg-sky-500" />{t("pool.node")}</span>
          <span className="inline-flex items-center gap-1"><i className="h-2 w-2 rounded-sm bg-violet-500" />{t("pool.vip")}</span>
          <span className="inline-flex items-center gap-1"><i className="h-2 w-2 rounded-sm bg-amber-500" />{t("networks.form.gateway")}</span>
        </span>
      </div>
    </div>
  );
}

/** One pool: range, size and a used / reserved / free bar. */
export function UsageBar({ label, usage, tone }: { label: string; usage: PoolUsage; tone: "sky" | "violet" }) {
  const { t } = useI18n();
  const pct = (n: number) => (usage.size === 0 ? 0 : (n / usage.size) * 100);
  const fill = tone === "sky" ? "bg-sky-500" : "bg-violet-500";
  return (
    <div data-testid={`pool-${tone === "sky" ? "node" : "vip"}`}>
      <div className="flex items-baseline justify-between text-sm">
        <span className="font-medium">{label}</span>
        <span className="font-mono text-xs text-slate-500 dark:text-slate-400">
          {usage.start} – {usage.end}
        </span>
      </div>
      <div className="mt-1.5 flex h-3 overflow-hidden rounded-full bg-slate-100 dark:bg-slate-800" role="meter" aria-valuemin={0} aria-valuemax={usage.size} aria-valuenow={usage.used} aria-label={label}>
        <div className={fill} style={{ width: `${pct(usage.used)}%` }} />
        <div className="bg-amber-400" style={{ width: `${pct(usage.reserved)}%` }} />
      </div>
      <div className="mt-1 flex gap-4 text-xs text-slate-600 dark:text-slate-400">
        <span>
          <b className="text-slate-900 dark:text-slate-100">{usage.used}</b> {t("pool.used")}
        </span>
        {usage.reserved > 0 && (
          <span>
            <b className="text-slate-900 dark:text-slate-100">{usage.reserved}</b> {t("pool.reserved")}
          </span>
        )}
        <span>
          <b className="text-slate-900 dark:text-slate-100">{usage.free}</b> {t("pool.free")}
        </span>
        <span className="ml-auto">{t("pool.size", { size: usage.size })}</span>
      </div>
    </div>
  );
}
