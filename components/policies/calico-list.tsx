"use client";
/**
 * Calico's own policies (projectcalico.org/v3) as Calico evaluates them: tiers in order with their default action,
 * inside each tier the policies in order (the Kubernetes NetworkPolicies among them at order 1000 in `default`), the
 * pods each selects, and every rule in words (lib/policy/words.ts, both languages).
 */
import { useI18n } from "@/components/shell/i18n";
import { Badge } from "@/components/ui/primitives";
import type { MessageKey } from "@/lib/i18n/messages";
import type { CalicoPolicyListing, CalicoTierListing } from "@/lib/policy/calico/listing";
import type { CalicoAction } from "@/lib/policy/calico/types";
import { calicoRuleText } from "@/lib/policy/words";

const ACTION_TONE: Record<CalicoAction, "emerald" | "rose" | "slate" | "amber"> = { Allow: "emerald", Deny: "rose", Log: "slate", Pass: "amber" };

function PodCount({ pods }: { pods: string[] }) {
  const { t } = useI18n();
  if (pods.length === 0) return <Badge tone="rose">{t("policies.list.selectsNothing")}</Badge>;
  return (
    <details className="text-xs" data-testid="calico-selected-pods">
      <summary className="cursor-pointer select-none text-sky-700 hover:underline dark:text-sky-400">{t("policies.list.selects", { count: pods.length })}</summary>
      <ul className="mt-1 max-h-40 overflow-auto rounded border border-slate-100 bg-slate-50 px-2 py-1 font-mono dark:border-slate-800 dark:bg-slate-950">
        {pods.map((p) => (
          <li key={p} className="truncate" title={p}>
            {p}
          </li>
        ))}
      </ul>
    </details>
  );
}

function CalicoPolicy({ p }: { p: CalicoPolicyListing }) {
  const { t } = useI18n();
  const k8s = p.kind === "KubernetesNetworkPolicy";
  return (
    <li className="rounded-md border border-slate-200 p-3 dark:border-slate-800" data-testid="calico-policy" data-policy={p.key} data-kind={p.kind}>
      <div className="flex flex-wrap items-center gap-2">
        <h4 className="min-w-0 break-all font-mono text-sm font-semibold">{k8s ? p.key.slice(4) : p.key}</h4>
        <Badge tone={k8s ? "sky" : "violet"}>{t(`policies.calico.kind.${p.kind}` as MessageKey)}</Badge>
        <Badge>{p.order === null ? t("policies.calico.noOrder") : t("policies.calico.order", { order: p.order })}</Badge>
        {p.types.map((type) => (
          <Badge key={type} tone={type === "Ingress" ? "violet" : "sky"}>
            {type}
          </Badge>
        ))}
        <span className="ml-auto">
          <PodCount pods={p.selectedPods} />
        </span>
      </div>
      {p.selector !== undefined && (
        <p className="mt-1 break-all text-xs text-slate-600 dark:text-slate-400">
          {t("policies.calico.selector")} <code className="font-mono">{p.selector || "all()"}</code>
          {p.namespaceSelector !== undefined && (
            <>
              {" · "}
              <code className="font-mono">{p.namespaceSelector}</code>
            </>
          )}
        </p>
      )}
      {k8s ? (
        <p className="mt-1 text-xs text-slate-600 dark:text-slate-400">{t("policies.calico.k8sNote")}</p>
      ) : (
        (["ingress", "egress"] as const).map((dir) => {
          if (!p.types.includes(dir === "ingress" ? "Ingress" : "Egress")) return null;
          const rules = p[dir];
          return (
            <div key={dir} className="mt-2">
              <h5 className="text-xs font-semibold uppercase tracking-wide text-slate-500 dark:text-slate-400">
                {t(dir === "ingress" ? "policies.list.ingressRules" : "policies.list.egressRules", { count: rules.length })}
              </h5>
              {rules.length === 0 ? (
                <p className="mt-1 text-xs text-orange-800 dark:text-orange-300">{t("policies.calico.noRules")}</p>
              ) : (
                <ol className="mt-1 space-y-1">
                  {rules.map((r, i) => (
                    <li key={i} className="flex items-start gap-2 text-xs" data-testid="calico-rule" data-action={r.action} title={`spec.${dir}[${i}]`}>
                      <span className="shrink-0 font-semibold text-slate-500 dark:text-slate-400">{t("policies.rule.numbered", { rule: i + 1 })}</span>
                      <Badge tone={ACTION_TONE[r.action]}>{r.action}</Badge>
                      <span className="min-w-0 break-words">{calicoRuleText(r, p.namespace, t)}</span>
                    </li>
                  ))}
                </ol>
              )}
            </div>
          );
        })
      )}
    </li>
  );
}

export function CalicoPolicyList({ tiers, enforced }: { tiers: CalicoTierListing[]; enforced: boolean }) {
  const { t } = useI18n();
  return (
    <div data-testid="calico-policy-list">
      <p className="mb-3 text-sm text-slate-600 dark:text-slate-400">{t("policies.calico.list.intro")}</p>
      {!enforced && <p className="mb-3 rounded bg-amber-50 px-2 py-1 text-xs text-amber-900 dark:bg-amber-950/60 dark:text-amber-200">{t("policies.calico.list.notEnforced")}</p>}
      <ol className="space-y-4">
        {tiers.map((tier) => (
          <li key={tier.name} data-testid="calico-tier" data-tier={tier.name}>
            <div className="mb-2 flex flex-wrap items-center gap-2">
              <h3 className="text-sm font-semibold">{t("policies.calico.tier", { name: tier.name })}</h3>
              <Badge>{tier.order === null ? t("policies.calico.noOrder") : t("policies.calico.order", { order: tier.order })}</Badge>
              <Badge tone={tier.defaultAction === "Pass" ? "amber" : "rose"}>
                {t("policies.calico.defaultAction", { action: t(`policies.calico.action.${tier.defaultAction}` as MessageKey) })}
              </Badge>
            </div>
            <ol className="space-y-2">
              {tier.policies.map((p) => (
                <CalicoPolicy key={p.key} p={p} />
              ))}
            </ol>
          </li>
        ))}
      </ol>
    </div>
  );
}
