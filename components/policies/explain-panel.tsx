"use client";
/**
 * "Explain a connection": choose a source and destination pod (or click a heatmap cell) and read why the connection
 * is allowed or denied on the chosen port: per side, whether the pod is isolated, by which policies, and which rule
 * (and peer) admits it — or that nothing does (default deny).
 */
import { useEffect, useMemo, useState, type FormEvent } from "react";
import { useExplanation } from "@/components/data/hooks";
import { useI18n } from "@/components/shell/i18n";
import { Badge, Button, ErrorState, Spinner, inputClass } from "@/components/ui/primitives";
import type { ExplanationDto, SideDto } from "./model";
import type { CalicoSideDecision } from "@/lib/policy/calico/evaluate";
import { calicoSideText, explanationReason } from "@/lib/policy/words";

function groupByNamespace(pods: string[]): [string, string[]][] {
  const out = new Map<string, string[]>();
  for (const p of pods) {
    const ns = p.split("/")[0];
    const list = out.get(ns);
    if (list) list.push(p);
    else out.set(ns, [p]);
  }
  return [...out];
}

function PodSelect({ id, label, value, pods, onChange }: { id: string; label: string; value: string; pods: [string, string[]][]; onChange(v: string): void }) {
  const { t } = useI18n();
  return (
    <div className="flex min-w-0 flex-1 flex-col gap-1">
      <label htmlFor={id} className="text-xs font-medium text-slate-600 dark:text-slate-400">
        {label}
      </label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)} className={`${inputClass} font-mono text-xs`}>
        {/* no arbitrary default pair: the user (or a heatmap click) chooses */}
        <option value="">{t("policies.explain.choose")}</option>
        {pods.map(([ns, list]) => (
          <optgroup key={ns} label={ns}>
            {list.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
    </div>
  );
}

function VerdictBadge({ allowed, big = false, testId }: { allowed: boolean; big?: boolean; testId?: string }) {
  const { t } = useI18n();
  return (
    <span
      data-testid={testId}
      data-verdict={allowed ? "allowed" : "denied"}
      className={`inline-flex items-center gap-1.5 rounded-md font-semibold ${big ? "px-2.5 py-1 text-base" : "px-1.5 py-0.5 text-xs"} ${
        allowed ? "bg-emerald-100 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-300" : "bg-orange-100 text-orange-800 dark:bg-orange-950 dark:text-orange-300"
      }`}
    >
      <svg viewBox="0 0 16 16" className={big ? "h-4 w-4" : "h-3 w-3"} fill="none" stroke="currentColor" strokeWidth="2.2" aria-hidden>
        {allowed ? <path d="M3 8.5l3.2 3L13 4.5" strokeLinecap="round" strokeLinejoin="round" /> : <path d="M4 4l8 8M12 4l-8 8" strokeLinecap="round" />}
      </svg>
      {t(allowed ? "policies.verdict.allowed" : "policies.verdict.denied")}
    </span>
  );
}

function Side({ title, side, direction, pod, calico }: { title: string; side: SideDto; direction: "ingress" | "egress"; pod: string; calico?: CalicoSideDecision }) {
  const { t } = useI18n();
  const allows = calico ? calico.allowed : !side.isolated || side.allowedBy.length > 0;
  return (
    <section className="min-w-0 rounded-md border border-slate-200 p-3 dark:border-slate-800" data-testid={`explain-${direction}`}>
      <div className="flex items-center justify-between gap-2">
        <h4 className="text-xs font-semibold uppercase tracking-wide text-slate-500 dark:text-slate-400">{title}</h4>
        <VerdictBadge allowed={allows} />
      </div>
      <p className="mt-1 truncate font-mono text-xs text-slate-500 dark:text-slate-400" title={pod}>
        {pod}
      </p>
      {!side.isolated ? (
        <p className="mt-2 text-sm">{t(direction === "ingress" ? "policies.explain.notIsolated.ingress" : "policies.explain.notIsolated.egress")}</p>
      ) : (
        <>
          <div className="mt-2 text-sm">
            <span className="text-slate-600 dark:text-slate-400">{t("policies.explain.isolatedBy")}</span>
            <ul className="mt-1 flex flex-wrap gap-1" data-testid={`isolating-${direction}`}>
              {side.isolatingPolicies.map((p) => (
                <li key={p}>
                  <Badge tone="violet">
                    <span className="font-mono">{p}</span>
                  </Badge>
                </li>
              ))}
            </ul>
          </div>
          {side.allowedBy.length > 0 ? (
            <div className="mt-2 text-sm">
              <span className="text-slate-600 dark:text-slate-400">{t("policies.explain.allowedBy")}</span>
              <ul className="mt-1 space-y-0.5">
                {side.allowedBy.map((m) => (
                  <li
                    key={`${m.policy}-${m.rule}-${m.peer ?? "all"}`}
                    className="text-xs"
                    title={`spec.${direction}[${m.rule}]${m.peer === undefined ? "" : `.${direction === "ingress" ? "from" : "to"}[${m.peer}]`}`}
                  >
                    <span className="font-mono">{m.policy}</span> · {t("policies.rule.numbered", { rule: m.rule + 1 })}
                    {m.peer === undefined ? (
                      <span className="text-slate-500 dark:text-slate-400"> — {t(direction === "ingress" ? "policies.rule.allSources" : "policies.rule.allDestinations")}</span>
                    ) : (
                      <span>, {t("policies.rule.peerNumbered", { peer: m.peer + 1 })}</span>
                    )}
                  </li>
                ))}
              </ul>
            </div>
          ) : (
            <p className="mt-2 rounded bg-orange-50 px-2 py-1.5 text-sm text-orange-900 dark:bg-orange-950/60 dark:text-orange-200" data-testid={`default-deny-${direction}`}>
              {t("policies.explain.defaultDeny")}
            </p>
          )}
        </>
      )}
      {calico && <CalicoSide d={calico} direction={direction} />}
    </section>
  );
}

/** Calico's tiered decision of one side: the tier, policy and rule that decided, the passes and the logs on the way. */
function CalicoSide({ d, direction }: { d: CalicoSideDecision; direction: "ingress" | "egress" }) {
  const { t } = useI18n();
  const rule = (x: { policy?: string; rule?: number; tier: string }) =>
    x.policy !== undefined && x.rule !== undefined ? t("policies.reason.calico.passBy", { policy: x.policy, rule: x.rule + 1, tier: x.tier }) : x.policy !== undefined ? x.policy : t("policies.reason.calico.passByTier", { tier: x.tier });
  return (
    <div className="mt-2 rounded border border-violet-200 px-2 py-1.5 text-xs dark:border-violet-900" data-testid={`calico-${direction}`} data-by={d.by}>
      <div className="font-semibold text-violet-800 dark:text-violet-300">{t("policies.explain.calico.title")}</div>
      <p className="mt-0.5">{calicoSideText(d, direction, t)}</p>
      {d.by === "rule" || d.by === "tierDefault" ? (
        <p className="mt-0.5">
          <span className="text-slate-600 dark:text-slate-400">{t("policies.explain.calico.decidedBy")} </span>
          <span className="font-mono break-all">{d.by === "rule" ? rule({ policy: d.policy, rule: d.rule, tier: d.tier ?? "" }) : t("policies.reason.calico.passByTier", { tier: d.tier ?? "" })}</span>
          {d.action && (
            <>
              {" "}
              <Badge tone={d.allowed ? "emerald" : "rose"}>{d.action}</Badge>
            </>
          )}
        </p>
      ) : null}
      {d.passed.length > 0 && (
        <p className="mt-0.5" data-testid={`calico-passed-${direction}`}>
          <span className="text-slate-600 dark:text-slate-400">{t("policies.explain.calico.passed")} </span>
          <span className="font-mono break-all">{d.passed.map(rule).join(", ")}</span>
        </p>
      )}
      {d.logged.length > 0 && (
        <p className="mt-0.5">
          <span className="text-slate-600 dark:text-slate-400">{t("policies.explain.calico.logged")} </span>
          <span className="font-mono break-all">{d.logged.map(rule).join(", ")}</span>
        </p>
      )}
    </div>
  );
}

function ExplanationView({ e }: { e: ExplanationDto }) {
  const { t } = useI18n();
  const self = e.from === e.to;
  return (
    <div className="space-y-3" data-testid="explanation">
      <div className="flex flex-wrap items-center gap-2">
        <VerdictBadge allowed={e.allowed} big testId="verdict" />
        {!e.enforced && <Badge tone="amber">{t("policies.explain.notEnforced")}</Badge>}
        <span className="font-mono text-xs text-slate-500 dark:text-slate-400">{e.port}</span>
      </div>
      {!e.enforced && e.wouldBe !== undefined && (
        <p className="flex flex-wrap items-center gap-2 text-sm" data-testid="would-be">
          {t("policies.explain.underCalico")} <VerdictBadge allowed={e.wouldBe} testId="would-be-verdict" />
        </p>
      )}
      <div className="font-mono text-xs leading-relaxed break-all">
        {e.from} <span className="text-slate-500 dark:text-slate-400">→</span> {e.to}
      </div>
      <blockquote className="border-l-4 border-slate-300 pl-3 text-sm text-slate-700 dark:border-slate-600 dark:text-slate-300" data-testid="reason">
        {explanationReason(e, t)}
      </blockquote>
      {!self && (
        <div className="grid grid-cols-1 gap-2">
          <Side title={t("policies.explain.egress")} side={e.egress} direction="egress" pod={e.from} calico={e.calico?.egress} />
          <Side title={t("policies.explain.ingress")} side={e.ingress} direction="ingress" pod={e.to} calico={e.calico?.ingress} />
        </div>
      )}
    </div>
  );
}

export function ExplainPanel({
  cluster,
  port,
  pods,
  connection,
  onExplain,
}: {
  cluster: string;
  port: string;
  /** every pod of the cluster, "namespace/name" */
  pods: string[];
  connection: { from: string; to: string } | null;
  onExplain(from: string, to: string): void;
}) {
  const { t } = useI18n();
  const grouped = useMemo(() => groupByNamespace(pods), [pods]);
  const [from, setFrom] = useState(connection?.from ?? "");
  const [to, setTo] = useState(connection?.to ?? "");
  // a heatmap click (or a new cluster) fills the form. Keyed on the pod names, not on object identity: a re-render
  // of the page (theme, refetch, hover) must not put back the URL's pair over what the user just chose (the race
  // behind the flaky "denied cell explains itself" journey: Explain sent the old source with the new destination).
  const cFrom = connection?.from ?? null;
  const cTo = connection?.to ?? null;
  useEffect(() => {
    if (cFrom && cTo) {
      setFrom(cFrom);
      setTo(cTo);
    }
  }, [cFrom, cTo]);
  useEffect(() => {
    setFrom((f) => (pods.includes(f) ? f : ""));
    setTo((x) => (pods.includes(x) ? x : ""));
  }, [pods]);
  const explanation = useExplanation(cluster, connection?.from ?? null, connection?.to ?? null, port);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (from && to) onExplain(from, to);
  };

  return (
    <div>
      <form onSubmit={submit} aria-label={t("policies.explain.form")} className="flex flex-col gap-2" data-testid="explain-form">
        <PodSelect id="explain-from" label={t("policies.explain.from")} value={from} pods={grouped} onChange={setFrom} />
        <PodSelect id="explain-to" label={t("policies.explain.to")} value={to} pods={grouped} onChange={setTo} />
        <div className="flex items-center gap-2">
          <Button type="submit" disabled={!from || !to}>
            {t("policies.explain.submit")}
          </Button>
          <Button
            variant="secondary"
            onClick={() => {
              setFrom(to);
              setTo(from);
              if (connection) onExplain(to, from);
            }}
            title={t("policies.explain.swap")}
          >
            <span aria-hidden>⇅</span> {t("policies.explain.swap")}
          </Button>
          <span className="ml-auto font-mono text-xs text-slate-500 dark:text-slate-400">{port}</span>
        </div>
      </form>
      <div className="mt-4 border-t border-slate-200 pt-4 dark:border-slate-800" aria-live="polite">
        {!connection ? (
          <p className="text-sm text-slate-500 dark:text-slate-400">{t("policies.explain.empty")}</p>
        ) : explanation.isPending ? (
          <Spinner label={t("policies.explain.loading")} />
        ) : explanation.isError ? (
          <ErrorState error={explanation.error} onRetry={() => explanation.refetch()} />
        ) : (
          <ExplanationView e={explanation.data} />
        )}
      </div>
    </div>
  );
}
