"use client";
/** The legend of the topology: one swatch per kind and overlay, drawn like the canvas draws them. */
import { useI18n } from "@/components/shell/i18n";
import { useTheme } from "@/components/shell/theme";
import type { MessageKey } from "@/lib/i18n/messages";
import { PALETTES } from "./styles";

type Swatch = { key: MessageKey; shape: string; fill: string; stroke?: string; dash?: string; width?: number };

function Shape({ s }: { s: Swatch }) {
  const common = { fill: s.fill, stroke: s.stroke ?? "none", strokeWidth: s.width ?? 2, strokeDasharray: s.dash };
  switch (s.shape) {
    case "diamond":
      return <polygon points="10,1 19,10 10,19 1,10" {...common} />;
    case "hexagon":
      return <polygon points="5,2 15,2 19,10 15,18 5,18 1,10" {...common} />;
    case "rect":
      return <rect x="2" y="4" width="16" height="12" rx="3" {...common} />;
    case "octagon":
      return <polygon points="6,1 14,1 19,6 19,14 14,19 6,19 1,14 1,6" {...common} />;
    case "rhomboid":
      return <polygon points="5,4 19,4 15,16 1,16" {...common} />;
    case "barrel":
      return <path d="M3,4 Q1,10 3,16 L17,16 Q19,10 17,4 Z" {...common} />;
    default:
      return <circle cx="10" cy="10" r="7" {...common} />;
  }
}

export function Legend() {
  const { t } = useI18n();
  const { theme } = useTheme();
  const p = PALETTES[theme];
  const items: Swatch[] = [
    { key: "topology.legend.client", shape: "circle", fill: p.bg, stroke: p.external },
    { key: "topology.legend.lb", shape: "rect", fill: p.lb },
    { key: "topology.legend.vip", shape: "diamond", fill: p.vip },
    { key: "topology.legend.vipConflict", shape: "diamond", fill: p.conflict, stroke: p.conflict, width: 3 },
    { key: "topology.legend.node", shape: "rect", fill: p.box, stroke: p.boxBorder },
    { key: "topology.legend.windows", shape: "rect", fill: p.windows, stroke: p.windowsBorder, width: 3 },
    { key: "topology.legend.foldedNode", shape: "rect", fill: p.box, stroke: p.boxBorder, dash: "3 2", width: 2.5 },
    { key: "topology.legend.namespaceBadge", shape: "barrel", fill: p.ingress },
    { key: "topology.legend.ingress", shape: "rhomboid", fill: p.ingress },
    { key: "topology.legend.service", shape: "hexagon", fill: p.service },
    { key: "topology.legend.noEndpoints", shape: "hexagon", fill: p.service, stroke: p.warn, dash: "3 2", width: 2.5 },
    { key: "topology.legend.local", shape: "hexagon", fill: p.service, stroke: p.vip, width: 3 },
    { key: "topology.legend.owner", shape: "octagon", fill: p.owner },
    { key: "topology.legend.pod", shape: "circle", fill: p.pod },
    { key: "topology.legend.notReady", shape: "circle", fill: p.podNotReady, stroke: p.warn, dash: "3 2" },
  ];
  return (
    <section aria-label={t("topology.legend")} className="mt-3" data-testid="topology-legend">
      <h2 className="mb-1 text-xs font-semibold uppercase tracking-wide text-slate-600 dark:text-slate-400">{t("topology.legend")}</h2>
      <ul className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-700 dark:text-slate-300">
        {items.map((s) => (
          <li key={s.key} className="flex items-center gap-1.5">
            <svg viewBox="0 0 20 20" className="h-4 w-4" aria-hidden>
              <Shape s={s} />
            </svg>
            {t(s.key)}
          </li>
        ))}
      </ul>
    </section>
  );
}
