"use client";
/**
 * The frame of every cluster page: a small breadcrumb, the tab bar (Overview, Workloads, Services, Ingress, Network
 * policies, YAML, HAProxy) and the Import button with its dialog. Deliberately light: each page brings its own title.
 */
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useState, type ReactNode } from "react";
import { useI18n } from "@/components/shell/i18n";
import { useCluster } from "@/components/data/hooks";
import { ApiError } from "@/components/data/api";
import type { MessageKey } from "@/lib/i18n/messages";
import { ImportDialog } from "./import-dialog";
import { useSessionText } from "@/components/ui/unsaved";

export const CLUSTER_TABS: { key: MessageKey; segment: string }[] = [
  { key: "objects.tab.overview", segment: "" },
  { key: "objects.tab.workloads", segment: "workloads" },
  { key: "objects.tab.services", segment: "services" },
  { key: "objects.tab.ingress", segment: "ingress" },
  { key: "objects.tab.networkPolicies", segment: "network-policies" },
  { key: "objects.tab.yaml", segment: "yaml" },
  { key: "objects.tab.haproxy", segment: "haproxy" },
  { key: "traffic.tab", segment: "traffic" },
  { key: "topology.tab", segment: "topology" },
];

export function ClusterFrame({ name, children }: { name: string; children: ReactNode }) {
  const { t } = useI18n();
  const path = usePathname();
  const [importing, setImporting] = useState(false);
  // an open import dialog opens again after a reload (its text is kept by the dialog)
  useSessionText(`hcinet-import-open:${name}`, importing ? "1" : "", importing, (v) => setImporting(v === "1"));
  // an unknown cluster has no tabs and nothing to import into: only the breadcrumb and the page's own 404
  const cluster = useCluster(name);
  const unknown = cluster.error instanceof ApiError && cluster.error.status === 404;
  const base = `/clusters/${encodeURIComponent(name)}`;
  const current = path.replace(/\/+$/, "");
  return (
    <div>
      <div className="mb-5 border-b border-slate-200 dark:border-slate-800">
        <nav aria-label={t("objects.breadcrumb")} className="text-xs text-slate-500 dark:text-slate-400">
          <ol className="flex items-center gap-1.5">
            <li>
              <Link href="/clusters" className="hover:text-sky-700 hover:underline focus-visible:outline-2 focus-visible:outline-sky-500 dark:hover:text-sky-400">
                {t("clusters.title")}
              </Link>
            </li>
            <li aria-hidden>/</li>
            <li className="font-medium text-slate-700 dark:text-slate-300">{name}</li>
          </ol>
        </nav>
        {!unknown && <div className="mt-1 flex flex-wrap items-end justify-between gap-x-4 gap-y-1">
          {/* on a phone the tabs wrap onto a second line: every view is one tap away, no sideways scrolling */}
          <nav aria-label={t("objects.tabs", { name })} className="-mb-px flex min-w-0 flex-wrap gap-x-1 sm:flex-nowrap sm:overflow-x-auto">
            {CLUSTER_TABS.map((tab) => {
              const href = tab.segment ? `${base}/${tab.segment}` : base;
              const active = decodeURIComponent(current) === decodeURIComponent(href);
              return (
                <Link
                  key={tab.segment}
                  href={href}
                  aria-current={active ? "page" : undefined}
                  className={`whitespace-nowrap border-b-2 px-3 py-2 text-sm font-medium focus-visible:rounded-t focus-visible:outline-2 focus-visible:outline-sky-500 ${
                    active
                      ? "border-sky-600 text-sky-700 dark:border-sky-400 dark:text-sky-300"
                      : "border-transparent text-slate-600 hover:border-slate-300 hover:text-slate-900 dark:text-slate-400 dark:hover:border-slate-600 dark:hover:text-slate-100"
                  }`}
                >
                  {t(tab.key)}
                </Link>
              );
            })}
          </nav>
          <button
            type="button"
            onClick={() => setImporting(true)}
            aria-haspopup="dialog"
            className="mb-1.5 inline-flex shrink-0 items-center gap-1.5 rounded-md border border-slate-300 bg-white px-2.5 py-1 text-sm font-medium text-slate-800 shadow-sm hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-500 dark:border-slate-700 dark:bg-slate-800 dark:text-slate-100 dark:hover:bg-slate-700"
          >
            <svg viewBox="0 0 20 20" className="h-4 w-4" fill="none" stroke="currentColor" strokeWidth="2" aria-hidden>
              <path d="M10 3v10M6 9l4 4 4-4M4 16h12" strokeLinecap="round" strokeLinejoin="round" />
            </svg>
            {t("objects.import.open")}
          </button>
        </div>}
      </div>
      {children}
      {!unknown && <ImportDialog cluster={name} open={importing} onClose={() => setImporting(false)} />}
    </div>
  );
}

/** The compact heading of a cluster tab: the layout shows the cluster, the tab page names what it lists. */
export function TabHeader({ title, subtitle, actions }: { title: string; subtitle?: ReactNode; actions?: ReactNode }) {
  return (
    <header className="mb-4 flex flex-wrap items-end justify-between gap-3">
      <div>
        <h1 className="text-xl font-semibold tracking-tight">{title}</h1>
        {subtitle && <p className="mt-1 max-w-3xl text-sm text-slate-600 dark:text-slate-400">{subtitle}</p>}
      </div>
      {actions && <div className="flex flex-wrap items-center gap-2">{actions}</div>}
    </header>
  );
}
