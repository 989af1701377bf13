"use client";
/** Small pieces shared by the cluster pages: plugin badge, PowerShell block with a Copy button, VM size suggestions. */
import { problemText } from "@/lib/i18n/problems";
import type { Lang } from "@/lib/i18n/messages";
import { useEffect, useRef, useState } from "react";
import { useI18n } from "@/components/shell/i18n";
import { Badge, Button } from "@/components/ui/primitives";

export function PluginBadge({ plugin }: { plugin: "calico" | "flannel" }) {
  return (
    <span data-testid="plugin-badge">
      <Badge tone={plugin === "calico" ? "emerald" : "amber"}>{plugin}</Badge>
    </span>
  );
}

/** A monospace script block with a Copy button (clipboard API, falls back to selecting the text). */
export function ScriptBlock({ script, label, testId }: { script: string; label: string; testId?: string }) {
  const { t } = useI18n();
  const [copied, setCopied] = useState<"ok" | "failed" | null>(null);
  const pre = useRef<HTMLPreElement>(null);
  useEffect(() => {
    if (!copied) return;
    const id = window.setTimeout(() => setCopied(null), 2000);
    return () => window.clearTimeout(id);
  }, [copied]);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(script);
      setCopied("ok");
    } catch {
      // no clipboard permission (http, old browser): select the text so Ctrl+C works
      const sel = window.getSelection();
      if (sel && pre.current) {
        sel.selectAllChildren(pre.current);
      }
      setCopied("failed");
    }
  };
  return (
    <div className="relative">
      <div className="absolute right-2 top-2 flex items-center gap-2">
        <span role="status" className="text-xs text-slate-300">
          {copied === "ok" ? t("clusters.script.copied") : copied === "failed" ? t("clusters.script.copyFailed") : ""}
        </span>
        <Button variant="secondary" className="!px-2.5 !py-1 text-xs" onClick={copy} aria-label={`${t("clusters.script.copy")}: ${label}`}>
          {t("clusters.script.copy")}
        </Button>
      </div>
      <pre
        ref={pre}
        data-testid={testId}
        aria-label={label}
        tabIndex={0}
        className="max-h-[28rem] overflow-auto rounded-md bg-slate-900 p-4 pr-28 font-mono text-xs leading-5 text-slate-100 focus-visible:outline-2 focus-visible:outline-sky-500 dark:bg-black/60"
      >
        {script}
      </pre>
    </div>
  );
}

/** VM sizes offered as suggestions (free text stays allowed: `Get-AksHciVmSize` lists what the host supports). */
export const VM_SIZE_SUGGESTIONS = [
  "Standard_A2_v2",
  "Standard_A4_V2",
  "Standard_K8S_v1",
  "Standard_K8S2_v1",
  "Standard_K8S3_v1",
  "Standard_K8S4_v1",
  "Standard_K8S5_v1",
  "Standard_D2s_v3",
  "Standard_D4s_v3",
  "Standard_D8s_v3",
  "Standard_D16s_v3",
  "Standard_D32s_v3",
  "Standard_DS2_v2",
  "Standard_DS3_v2",
  "Standard_DS4_v2",
  "Standard_DS5_v2",
];

export function VmSizeList({ id }: { id: string }) {
  return (
    <datalist id={id}>
      {VM_SIZE_SUGGESTIONS.map((s) => (
        <option key={s} value={s} />
      ))}
    </datalist>
  );
}

/** "nodePools[1].count" → "nodePools[1].count"; "nodePools[1]" stays; used to match problems to inputs. */
export function problemsAt(problems: { path: string; message: string; code?: string; vars?: Record<string, string | number> }[], path: string, lang: Lang): string[] {
  return [...new Set(problems.filter((p) => p.path === path).map((p) => problemText(lang, p)))];
}
