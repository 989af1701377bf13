"use client";
/**
 * The Traffic tab of a cluster: pick a source and a destination (search boxes over pods, nodes, VIPs, NodePorts,
 * Ingress hosts and Services), see the path drawn (numbered hops, the dropped one in red) and the hop list with the
 * packet's addresses before → after each hop, the reason of a drop with a link to the policy explanation, and the
 * same trace under the other network plugin in one click. The URL holds the query (?from=&to=&plugin=).
 */
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback, useEffect, useMemo, useState, type FormEvent } from "react";
import { useI18n } from "@/components/shell/i18n";
import { useTheme } from "@/components/shell/theme";
import { useCluster, useTrace, useTraceTargets } from "@/components/data/hooks";
import { Badge, Card, ErrorState, PageHeader, Spinner, inputClass } from "@/components/ui/primitives";
import type { Hop, TraceResult, TraceTarget } from "@/lib/api/trace";
import type { MessageKey } from "@/lib/i18n/messages";
import { otherPlugin, policyLink } from "./model";
import { PathGraph } from "./path-graph";

function TargetInput({ id, label, help, value, onChange, options, listId }: { id: string; label: string; help: string; value: string; onChange: (v: string) => void; options: TraceTarget[]; listId: string }) {
  const { t } = useI18n();
  return (
    <div className="flex min-w-0 flex-1 flex-col gap-1">
      <label htmlFor={id} className="text-sm font-medium">
        {label}
      </label>
      <input id={id} type="search" list={listId} value={value} onChange={(e) => onChange(e.target.value)} className={`${inputClass} font-mono`} autoComplete="off" aria-describedby={`${id}-help`} spellCheck={false} />
      <datalist id={listId}>
        {options.map((o) => (
          <option key={`${o.group}:${o.value}`} value={o.value}>
            {`${t(`traffic.group.${o.group}` as MessageKey)}${o.detail ? ` · ${o.detail}` : ""}`}
          </option>
        ))}
      </datalist>
      <p id={`${id}-help`} className="text-xs text-slate-600 dark:text-slate-400">
        {help}
      </p>
    </div>
  );
}

function Addr({ a }: { a: { src: string; dst: string } }) {
  return (
    <span className="font-mono break-all">
      {a.src} → {a.dst}
    </span>
  );
}

function HopItem({ h, cluster, result }: { h: Hop; cluster: string; result: TraceResult }) {
  const { t } = useI18n();
  const changed = h.before.src !== h.after.src || h.before.dst !== h.after.dst;
  const link = h.dropped ? policyLink(cluster, result) : null;
  return (
    <li
      data-testid="hop"
      data-kind={h.kind}
      data-element={h.elementId}
      data-dropped={h.dropped ? "true" : "false"}
      className={`rounded-md border p-3 text-sm ${h.dropped ? "border-rose-400 bg-rose-50 dark:border-rose-700 dark:bg-rose-950/40" : "border-slate-200 dark:border-slate-800"}`}
    >
      <div className="flex flex-wrap items-center gap-2">
        <span className={`inline-flex h-6 w-6 items-center justify-center rounded-full text-xs font-bold ${h.dropped ? "bg-rose-700 text-white" : "bg-sky-700 text-white"}`} aria-hidden>
          {h.n}
        </span>
        <Badge tone={h.dropped ? "rose" : h.kind === "vxlan" ? "amber" : h.kind === "loadBalancer" || h.kind === "kubeProxy" || h.kind === "ingressController" ? "violet" : "sky"}>{t(`traffic.kind.${h.kind}` as MessageKey)}</Badge>
        <span className="min-w-0 font-medium break-all">{h.name}</span>
        <span className="sr-only">{`#${h.n}`}</span>
        {h.dropped && <Badge tone="rose">{t("traffic.verdict.dropped")}</Badge>}
      </div>
      <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-xs">
        <dt className="text-slate-600 dark:text-slate-400">{t("traffic.hop.before")}</dt>
        <dd data-testid="hop-before">
          <Addr a={h.before} />
        </dd>
        <dt className="text-slate-600 dark:text-slate-400">{t("traffic.hop.after")}</dt>
        <dd data-testid="hop-after">{changed ? <Addr a={h.after} /> : <span className="text-slate-600 dark:text-slate-400">{t("traffic.hop.unchanged")}</span>}</dd>
      </dl>
      {h.encapsulation && (
        <p className="mt-1 text-xs text-amber-800 dark:text-amber-300">
          {t("traffic.hop.vxlan", { vni: h.encapsulation.vni, src: h.encapsulation.outer.src, dst: h.encapsulation.outer.dst, mtu: h.encapsulation.innerMtu })}
        </p>
      )}
      {h.candidates && h.candidates.length > 0 && (
        <div className="mt-1 text-xs">
          <span className="text-slate-600 dark:text-slate-400">{t("traffic.hop.candidates")}: </span>
          <span className="break-all">
            {h.candidates.map((c, i) => (
              <span key={c.elementId + i} className={c.chosen ? "font-semibold text-sky-800 dark:text-sky-300" : c.excluded || !c.ready ? "text-slate-600 line-through dark:text-slate-400" : ""}>
                {i > 0 ? ", " : ""}
                {c.name}
                {c.chosen ? ` (${t("traffic.hop.chosen")})` : c.excluded === "notLocal" ? ` (${t("traffic.hop.notLocal")})` : c.ready ? "" : ` (${t("traffic.hop.notReady")})`}
              </span>
            ))}
          </span>
          {h.sessionAffinity === "ClientIP" && <span className="ml-2">{t("traffic.hop.affinity")}</span>}
        </div>
      )}
      {h.policy && (
        <p className="mt-1 text-xs" data-testid="hop-policy">
          <span className="font-medium">{t("traffic.hop.policy")}: </span>
          {!h.policy.enforced
            ? t("traffic.hop.policy.notEnforced", { verdict: h.policy.wouldBe ? t("traffic.hop.policy.allowed") : t("traffic.hop.policy.denied", { policies: h.policy.policies.join(", ") }) })
            : h.policy.allowed
              ? `${t("traffic.hop.policy.allowed")}${h.policy.policies.length ? ` (${h.policy.policies.join(", ")})` : ""}`
              : t("traffic.hop.policy.denied", { policies: h.policy.policies.join(", ") })}
        </p>
      )}
      {h.dropped && result.reason && (
        <div className="mt-2 rounded border border-rose-300 bg-white p-2 text-xs text-rose-900 dark:border-rose-800 dark:bg-slate-950 dark:text-rose-200" data-testid="drop-reason" role="alert">
          <p className="font-semibold">{t(`traffic.reason.${result.reason.code}` as MessageKey, { policies: result.reason.policies.join(", ") })}</p>
          <p className="mt-1 break-words">{result.reason.message}</p>
          {link && (
            <Link href={link} className="mt-1 inline-block font-medium text-sky-800 underline focus-visible:outline-2 focus-visible:outline-sky-500 dark:text-sky-300" data-testid="explain-link">
              {t("traffic.explainLink")}
            </Link>
          )}
        </div>
      )}
      <details className="mt-1 text-xs text-slate-600 dark:text-slate-400">
        <summary className="cursor-pointer">{t("traffic.details")}</summary>
        <p className="mt-1 break-words">{h.note}</p>
      </details>
    </li>
  );
}

export function TrafficPage({ name }: { name: string }) {
  const { t } = useI18n();
  const { theme } = useTheme();
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const from = params.get("from") ?? "";
  const to = params.get("to") ?? "";
  const pluginParam = params.get("plugin");
  const plugin = pluginParam === "calico" || pluginParam === "flannel" ? pluginParam : null;
  const cluster = useCluster(name);
  const actual = cluster.data?.primaryNetworkPlugin;
  const targets = useTraceTargets(name);
  const result = useTrace(name, from, to, plugin);

  const [fromText, setFromText] = useState(from || "external");
  const [toText, setToText] = useState(to);
  useEffect(() => {
    if (from) setFromText(from);
    if (to) setToText(to);
  }, [from, to]);

  const setQuery = useCallback(
    (patch: Record<string, string | null>) => {
      const q = new URLSearchParams(params.toString());
      for (const [k, v] of Object.entries(patch)) {
        if (v === null || v === "") q.delete(k);
        else q.set(k, v);
      }
      router.replace(`${pathname}?${q.toString().replace(/%2F/g, "/").replace(/%3A/g, ":")}`, { scroll: false });
    },
    [params, pathname, router],
  );

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setQuery({ from: fromText.trim(), to: toText.trim() });
  };

  const kindLabel = useCallback((k: Hop["kind"]) => t(`traffic.kind.${k}` as MessageKey), [t]);
  const examples = useMemo(() => {
    const d = targets.data?.destinations ?? [];
    const s = targets.data?.sources ?? [];
    const firstPod = s.find((x) => x.group === "pod")?.value;
    const out: { from: string; to: string }[] = [];
    const vip = d.find((x) => x.group === "vip" && x.detail !== "API server");
    if (vip) out.push({ from: "external", to: vip.value });
    const ing = d.find((x) => x.group === "ingress");
    if (ing) out.push({ from: "external", to: ing.value });
    // a pod calling a Service of its own namespace (not the system namespaces)
    const svc = d.find((x) => x.group === "service" && !/\.(kube-system|calico-system|default):/.test(x.value));
    const svcNs = svc?.value.split(":")[0].split(".")[1];
    const pod = s.find((x) => x.group === "pod" && x.value.startsWith(`${svcNs}/`))?.value ?? firstPod;
    if (svc && pod) out.push({ from: pod, to: svc.value });
    return out;
  }, [targets.data]);

  const r = result.data;
  const fieldError = (field: string) => (result.error as { fields?: { path: string; message: string }[] } | null)?.fields?.find((f) => f.path === field)?.message;

  return (
    <div>
      <PageHeader title={`${t("traffic.title")} · ${name}`} subtitle={t("traffic.subtitle")} />
      <Card>
        <form onSubmit={submit} className="flex flex-col gap-3" aria-label={t("traffic.title")} data-testid="trace-form">
          <div className="flex flex-col gap-3 md:flex-row md:items-start">
            <TargetInput id="trace-from" listId="trace-from-list" label={t("traffic.from")} help={t("traffic.from.help")} value={fromText} onChange={setFromText} options={targets.data?.sources ?? []} />
            <button
              type="button"
              onClick={() => {
                setFromText(toText.replace(/:\d+$/, ""));
                setToText(fromText);
              }}
              className="self-start rounded-md border border-slate-300 px-2 py-2 text-sm md:mt-6 dark:border-slate-700"
              title={t("traffic.swap")}
            >
              <span aria-hidden>⇄</span> <span className="sr-only">{t("traffic.swap")}</span>
            </button>
            <TargetInput id="trace-to" listId="trace-to-list" label={t("traffic.to")} help={t("traffic.to.help")} value={toText} onChange={setToText} options={targets.data?.destinations ?? []} />
            <button
              type="submit"
              disabled={!fromText.trim() || !toText.trim()}
              className="inline-flex items-center justify-center self-start rounded-md bg-sky-700 px-3.5 py-2 text-sm font-medium text-white shadow-sm hover:bg-sky-800 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-500 disabled:cursor-not-allowed disabled:bg-slate-400 md:mt-6 dark:bg-sky-600 dark:text-slate-950 dark:hover:bg-sky-500 dark:disabled:bg-slate-600"
            >
              {t("traffic.submit")}
            </button>
          </div>
          {examples.length > 0 && (
            <div className="flex flex-wrap items-center gap-2 text-xs">
              <span className="text-slate-600 dark:text-slate-400">{t("traffic.examples")}:</span>
              {examples.map((x) => (
                <button
                  key={`${x.from}|${x.to}`}
                  type="button"
                  className="rounded border border-slate-300 px-2 py-0.5 font-mono hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-sky-500 dark:border-slate-700 dark:hover:bg-slate-800"
                  onClick={() => {
                    setFromText(x.from);
                    setToText(x.to);
                    setQuery({ from: x.from, to: x.to });
                  }}
                >
                  {x.from} → {x.to}
                </button>
              ))}
            </div>
          )}
        </form>
      </Card>

      <div className="mt-4 flex flex-col gap-4" aria-live="polite">
        {!from || !to ? (
          <p className="text-sm text-slate-600 dark:text-slate-400">{t("traffic.empty")}</p>
        ) : result.isPending ? (
          <Spinner label={t("traffic.loading")} />
        ) : result.error ? (
          <div data-testid="trace-error">
            <ErrorState error={result.error} onRetry={() => result.refetch()} />
            {(fieldError("from") || fieldError("to")) && <p className="mt-2 text-sm text-rose-800 dark:text-rose-300">{fieldError("from") ?? fieldError("to")}</p>}
          </div>
        ) : r ? (
          <>
            <div className="flex flex-wrap items-center gap-3" data-testid="trace-summary">
              <span
                data-testid="trace-verdict"
                className={`rounded-md px-2.5 py-1 text-sm font-semibold ${r.verdict === "delivered" ? "bg-emerald-100 text-emerald-900 dark:bg-emerald-950 dark:text-emerald-200" : "bg-rose-100 text-rose-900 dark:bg-rose-950 dark:text-rose-200"}`}
              >
                {t(r.verdict === "delivered" ? "traffic.verdict.delivered" : "traffic.verdict.dropped")}
              </span>
              <span className="text-sm break-all">{t("traffic.summary", { from: r.from, to: r.to, plugin: r.plugin, count: r.hops.length })}</span>
              {actual && (
                <button
                  type="button"
                  data-testid="other-plugin"
                  onClick={() => setQuery({ plugin: plugin && plugin !== actual ? null : otherPlugin(actual) })}
                  className="rounded-md border border-violet-400 px-2.5 py-1 text-sm font-medium text-violet-900 hover:bg-violet-50 focus-visible:outline-2 focus-visible:outline-sky-500 dark:border-violet-700 dark:text-violet-200 dark:hover:bg-violet-950"
                >
                  {plugin && plugin !== actual ? t("traffic.otherPlugin.back", { plugin: actual }) : t("traffic.otherPlugin", { plugin: otherPlugin(actual) })}
                </button>
              )}
            </div>
            {plugin && actual && plugin !== actual && (
              <p className="rounded-md border border-violet-300 bg-violet-50 p-2 text-sm text-violet-900 dark:border-violet-800 dark:bg-violet-950 dark:text-violet-200" data-testid="what-if">
                {t("traffic.otherPlugin.note", { plugin, actual })}
              </p>
            )}
            {r.reason && (
              <p className="text-sm font-medium text-rose-800 dark:text-rose-300" data-testid="dropped-at">
                {t("traffic.dropped.at", { n: r.reason.hop, name: r.hops[r.reason.hop - 1]?.name ?? "" })}
              </p>
            )}
            <Card title={t("traffic.path")}>
              <PathGraph result={r} kindLabel={kindLabel} theme={theme === "dark" ? "dark" : "light"} label={t("traffic.path.label", { count: r.hops.length })} />
            </Card>
            <Card title={t("traffic.hops")}>
              <ol className="flex flex-col gap-2" data-testid="hop-list">
                {r.hops.map((h) => (
                  <HopItem key={h.n} h={h} cluster={name} result={r} />
                ))}
              </ol>
            </Card>
            {r.warnings.length > 0 && (
              <Card title={t("traffic.warnings")}>
                <ul className="list-disc pl-5 text-sm">
                  {r.warnings.map((w) => (
                    <li key={w}>{w}</li>
                  ))}
                </ul>
              </Card>
            )}
            <details className="rounded-lg border border-slate-200 bg-white p-3 text-sm dark:border-slate-800 dark:bg-slate-900" data-testid="assumptions">
              <summary className="cursor-pointer font-medium">{t("traffic.assumptions")}</summary>
              <ul className="mt-2 flex flex-col gap-1 text-xs">
                {r.assumptions.map((a) => (
                  <li key={a.key} className="break-words">
                    <span className="font-mono font-semibold">
                      {a.key} = {String(a.value)}
                    </span>{" "}
                    — {a.note}
                  </li>
                ))}
              </ul>
            </details>
            <p className="text-xs text-slate-600 dark:text-slate-400">{t("traffic.share")}</p>
          </>
        ) : null}
      </div>
    </div>
  );
}

