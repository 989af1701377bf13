"use client";
/**
 * Every NetworkPolicy of the cluster: its policyTypes, the pods it selects (count, expandable list) and, per rule,
 * the ports and peers (kubectl-style description and the pods each peer matches).
 */
import { useMemo, useState } from "react";
import { useI18n } from "@/components/shell/i18n";
import { Badge, Empty, inputClass } from "@/components/ui/primitives";
import type { PolicySummary, RuleSummary } from "@/lib/policy/posture";
import { peerText } from "@/lib/policy/words";

function PodList({ pods, label, testId }: { pods: string[]; label: string; testId?: string }) {
  const { t } = useI18n();
  if (pods.length === 0) return <span className="text-xs text-slate-500 dark:text-slate-400">{t("policies.list.noPods")}</span>;
  return (
    <details className="group text-xs" data-testid={testId}>
      <summary className="cursor-pointer select-none text-sky-700 marker:text-slate-400 hover:underline dark:text-sky-400">{label}</summary>
      <ul className="mt-1 max-h-48 overflow-auto rounded border border-slate-100 bg-slate-50 px-2 py-1 font-mono dark:border-slate-800 dark:bg-slate-950">
        {pods.map((p) => (
          <li key={p} className="truncate" title={p}>
            {p}
          </li>
        ))}
      </ul>
    </details>
  );
}

function Rule({ rule, direction }: { rule: RuleSummary; direction: "ingress" | "egress" }) {
  const { t } = useI18n();
  return (
    <li className="rounded-md border border-slate-200 px-3 py-2 dark:border-slate-800" data-testid="policy-rule">
      <div className="flex flex-wrap items-center gap-2 text-xs">
        <span className="font-semibold" title={`spec.${direction}[${rule.rule}]`}>
          {direction} · {t("policies.rule.numbered", { rule: rule.rule + 1 })}
        </span>
        <span className="text-slate-500 dark:text-slate-400">{t("policies.rule.ports")}</span>
        {rule.ports.length === 0 ? (
          <Badge tone="amber">{t("policies.rule.allPorts")}</Badge>
        ) : (
          rule.ports.map((p) => (
            <Badge key={p} tone="sky">
              <span className="font-mono">{p}</span>
            </Badge>
          ))
        )}
        <span className="ml-auto text-slate-500 dark:text-slate-400">{t("policies.rule.admits", { count: rule.pods.length })}</span>
      </div>
      <div className="mt-1.5 text-xs">
        <span className="text-slate-500 dark:text-slate-400">{t(direction === "ingress" ? "policies.rule.from" : "policies.rule.to")} </span>
        {rule.allPeers ? (
          <Badge tone="amber">{t(direction === "ingress" ? "policies.rule.allSources" : "policies.rule.allDestinations")}</Badge>
        ) : rule.peers.length === 0 ? (
          <span className="text-slate-500 dark:text-slate-400">{t("policies.rule.noPeers")}</span>
        ) : (
          <ul className="mt-1 space-y-1">
            {rule.peers.map((peer) => (
              <li key={peer.peer} className="flex flex-col gap-0.5 border-l-2 border-slate-200 pl-2 dark:border-slate-700">
                <span>
                  <span className="font-mono text-slate-500 dark:text-slate-400">
                    {direction === "ingress" ? "from" : "to"}[{peer.peer}]
                  </span>{" "}
                  <span title={peer.description}>{peerText(peer.words, t)}</span>
                </span>
                {peer.words.kind === "ipBlock" && peer.pods.length === 0 ? (
                  <span className="text-slate-500 dark:text-slate-400">{t("policies.rule.ipBlockNote")}</span>
                ) : (
                  <PodList pods={peer.pods} label={t("policies.rule.peerPods", { count: peer.pods.length })} />
                )}
              </li>
            ))}
          </ul>
        )}
      </div>
    </li>
  );
}

function PolicyCard({ p }: { p: PolicySummary }) {
  const { t } = useI18n();
  const [ns, name] = p.policy.split("/");
  return (
    <li className="rounded-lg border border-slate-200 p-3 dark:border-slate-800" data-testid="policy" data-policy={p.policy}>
      <div className="flex flex-wrap items-center gap-2">
        <h3 className="font-mono text-sm font-semibold">
          <span className="text-slate-500 dark:text-slate-400">{ns}/</span>
          {name}
        </h3>
        {p.policyTypes.map((type) => (
          <Badge key={type} tone={type === "Ingress" ? "violet" : "sky"}>
            {type}
          </Badge>
        ))}
        <span className="ml-auto text-xs">
          {p.selectedPods.length === 0 ? (
            <Badge tone="rose">{t("policies.list.selectsNothing")}</Badge>
          ) : (
            <PodList pods={p.selectedPods} label={t("policies.list.selects", { count: p.selectedPods.length })} testId="selected-pods" />
          )}
        </span>
      </div>
      {p.ignored.length > 0 && (
        <p className="mt-2 rounded bg-amber-50 px-2 py-1 text-xs text-amber-900 dark:bg-amber-950/60 dark:text-amber-200">
          {t("policies.list.ignored", { sections: p.ignored.join(", ") })}
        </p>
      )}
      {(["ingress", "egress"] as const).map((dir) => {
        const type = dir === "ingress" ? "Ingress" : "Egress";
        if (!p.policyTypes.includes(type)) return null;
        const rules = p[dir];
        return (
          <div key={dir} className="mt-3">
            <h4 className="text-xs font-semibold uppercase tracking-wide text-slate-500 dark:text-slate-400">
              {t(dir === "ingress" ? "policies.list.ingressRules" : "policies.list.egressRules", { count: rules.length })}
            </h4>
            {rules.length === 0 ? (
              <p className="mt-1 text-xs text-orange-800 dark:text-orange-300">{t(dir === "ingress" ? "policies.list.denyAllIngress" : "policies.list.denyAllEgress")}</p>
            ) : (
              <ul className="mt-1 space-y-1.5">
                {rules.map((r) => (
                  <Rule key={r.rule} rule={r} direction={dir} />
                ))}
              </ul>
            )}
          </div>
        );
      })}
    </li>
  );
}

export function PolicyList({ policies }: { policies: PolicySummary[] }) {
  const { t } = useI18n();
  const [query, setQuery] = useState("");
  const shown = useMemo(() => {
    const q = query.trim().toLowerCase();
    return q ? policies.filter((p) => p.policy.toLowerCase().includes(q)) : policies;
  }, [policies, query]);
  if (policies.length === 0) return <Empty>{t("policies.list.empty")}</Empty>;
  return (
    <div>
      {policies.length > 4 && (
        <input
          type="search"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          placeholder={t("policies.list.search")}
          aria-label={t("policies.list.search")}
          className={`${inputClass} mb-3`}
        />
      )}
      <ul className="space-y-3" data-testid="policy-list">
        {shown.map((p) => (
          <PolicyCard key={p.policy} p={p} />
        ))}
      </ul>
      {shown.length === 0 && <p className="text-sm text-slate-500 dark:text-slate-400">{t("policies.list.noMatch")}</p>}
    </div>
  );
}
