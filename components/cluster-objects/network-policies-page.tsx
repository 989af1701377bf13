"use client";
/** The cluster's NetworkPolicies as a readable list: whom each selects, its policy types, and what each rule admits. */
import Link from "next/link";
import { useMemo, useState } from "react";
import { useClusterObjectsOfKind, usePolicies } from "@/components/data/hooks";
import { useI18n } from "@/components/shell/i18n";
import { peerText } from "@/lib/policy/words";
import { Badge, Empty, ErrorState, Loading } from "@/components/ui/primitives";
import { formatLabelSelector } from "@/lib/kube/selectors";
import type { NetworkPolicy } from "@/lib/kube/types";
import type { PolicySummary, RuleSummary } from "@/lib/policy/posture";
import { TabHeader } from "./cluster-tabs";
import { DeleteObjectAction } from "./delete-object";
import { ObjectLink, markedClass, useLinkParam, useScrollIntoViewWhen } from "@/components/ui/object-link";
import { LINK_PARAMS, splitRef } from "@/components/ui/links";

export function NetworkPoliciesPage({ name }: { name: string }) {
  const { t } = useI18n();
  const summaries = usePolicies(name);
  const objects = useClusterObjectsOfKind<NetworkPolicy>(name, "NetworkPolicy");
  const selectors = useMemo(() => {
    const m = new Map<string, string>();
    for (const p of objects.data ?? []) m.set(`${p.metadata.namespace ?? "default"}/${p.metadata.name}`, formatLabelSelector(p.spec?.podSelector));
    return m;
  }, [objects.data]);
  const policiesHref = `/policies?cluster=${encodeURIComponent(name)}`;
  // ?pod=ns/name: only the policies selecting that pod; ?policy=ns/name: that policy is marked (components/ui/links.ts)
  const forPod = useLinkParam(LINK_PARAMS.pod);
  const linkedPolicy = useLinkParam(LINK_PARAMS.policy);
  const shown = useMemo(() => (summaries.data?.policies ?? []).filter((p) => !forPod || p.selectedPods.includes(forPod)), [summaries.data, forPod]);

  return (
    <div>
      <TabHeader
        title={t("objects.netpol.title")}
        subtitle={t("objects.netpol.subtitle")}
        actions={
          <Link
            href={policiesHref}
            className="inline-flex items-center gap-1.5 rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium shadow-sm hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-sky-500 dark:border-slate-700 dark:bg-slate-800 dark:hover:bg-slate-700"
          >
            {t("objects.netpol.toPolicies")} →
          </Link>
        }
      />
      {summaries.data && !summaries.data.enforced && (
        <p role="note" className="mb-4 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-900 dark:bg-amber-950/50 dark:text-amber-200">
          {t("objects.netpol.notEnforced", { plugin: summaries.data.plugin })}
        </p>
      )}
      {forPod && (
        <p role="status" data-testid="pod-filter" className="mb-4 flex flex-wrap items-center gap-x-3 rounded-md border border-sky-200 bg-sky-50 px-3 py-2 text-sm text-sky-900 dark:border-sky-900 dark:bg-sky-950/50 dark:text-sky-100">
          <span>{summaries.data && shown.length === 0 ? t("links.podNoPolicy", { pod: forPod }) : t("links.podFilter", { pod: forPod })}</span>
          <ObjectLink to={{ kind: "pod", cluster: name, ...splitRef(forPod) }} className="font-mono text-xs">
            {forPod}
          </ObjectLink>
          <Link href={`/clusters/${encodeURIComponent(name)}/network-policies`} className="font-medium text-sky-800 underline dark:text-sky-300">
            {t("links.showAll")}
          </Link>
        </p>
      )}
      {summaries.isPending ? (
        <Loading />
      ) : summaries.isError ? (
        <ErrorState error={summaries.error} onRetry={() => summaries.refetch()} />
      ) : summaries.data.policies.length === 0 ? (
        <Empty>{t("objects.netpol.empty")}</Empty>
      ) : (
        <div className="space-y-4">
          {shown.map((p) => (
            <PolicyCard key={p.policy} cluster={name} p={p} selector={selectors.get(p.policy)} enforced={summaries.data.enforced} marked={linkedPolicy === p.policy} />
          ))}
        </div>
      )}
    </div>
  );
}

function PodList({ cluster, pods: given, max = 6 }: { cluster: string; pods: string[]; max?: number }) {
  const { t } = useI18n();
  const [all, setAll] = useState(false);
  // the pod the list is filtered for (?pod=) comes first, so it is never hidden behind "N more"
  const forPod = useLinkParam(LINK_PARAMS.pod);
  const pods = forPod && given.includes(forPod) ? [forPod, ...given.filter((p) => p !== forPod)] : given;
  if (!pods.length) return <span className="text-amber-700 dark:text-amber-400">{t("objects.netpol.noPods")}</span>;
  const shown = all ? pods : pods.slice(0, max);
  return (
    <span className="inline-flex flex-wrap items-center gap-1">
      {shown.map((p) => (
        <ObjectLink key={p} to={{ kind: "pod", cluster, ...splitRef(p) }} className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-[11px] dark:bg-slate-800">
          {p}
        </ObjectLink>
      ))}
      {pods.length > max && (
        <button type="button" onClick={() => setAll(!all)} className="text-xs font-medium text-sky-700 hover:underline dark:text-sky-400" aria-expanded={all}>
          {all ? t("objects.netpol.fewer") : t("objects.netpol.more", { count: pods.length - max })}
        </button>
      )}
    </span>
  );
}

function PolicyCard({ cluster, p, selector, enforced, marked }: { cluster: string; p: PolicySummary; selector?: string; enforced: boolean; marked: boolean }) {
  const { t } = useI18n();
  const [ns, name] = p.policy.split("/");
  const ref = useScrollIntoViewWhen<HTMLElement>(marked);
  return (
    <article
      ref={ref}
      className={`rounded-lg border border-slate-200 bg-white shadow-sm dark:border-slate-800 dark:bg-slate-900 ${marked ? markedClass : ""}`}
      data-testid="netpol"
      data-marked={marked || undefined}
      aria-label={`NetworkPolicy ${p.policy}`}
    >
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1 border-b border-slate-200 px-4 py-2 dark:border-slate-800">
        <span className="font-medium">{name}</span>
        <span className="text-xs text-slate-500 dark:text-slate-400">{ns}</span>
        <DeleteObjectAction cluster={cluster} kind="NetworkPolicy" namespace={ns} name={name} />
        <span className="ml-auto flex gap-1">
          {p.policyTypes.map((pt) => (
            <Badge key={pt} tone={pt === "Ingress" ? "sky" : "violet"}>
              {pt}
            </Badge>
          ))}
          {!enforced && <Badge tone="amber">{t("objects.netpol.notEnforcedBadge")}</Badge>}
        </span>
      </div>
      <dl className="grid gap-x-4 gap-y-2 px-4 py-3 text-sm sm:grid-cols-[10rem_1fr]">
        <dt className="text-xs text-slate-500 dark:text-slate-400">{t("objects.netpol.podSelector")}</dt>
        <dd className="font-mono text-xs">{selector ? selector : <span className="font-sans">{t("objects.netpol.allPods", { namespace: ns })}</span>}</dd>
        <dt className="text-xs text-slate-500 dark:text-slate-400">{t("objects.netpol.selects", { count: p.selectedPods.length })}</dt>
        <dd className="text-xs">
          <PodList cluster={cluster} pods={p.selectedPods} />
        </dd>
        {p.policyTypes.includes("Ingress") && (
          <>
            <dt className="text-xs text-slate-500 dark:text-slate-400">{t("objects.netpol.ingress")}</dt>
            <dd>
              <Rules cluster={cluster} rules={p.ingress} direction="ingress" />
            </dd>
          </>
        )}
        {p.policyTypes.includes("Egress") && (
          <>
            <dt className="text-xs text-slate-500 dark:text-slate-400">{t("objects.netpol.egress")}</dt>
            <dd>
              <Rules cluster={cluster} rules={p.egress} direction="egress" />
            </dd>
          </>
        )}
      </dl>
      {p.ignored.length > 0 && (
        <p className="border-t border-slate-200 px-4 py-2 text-xs text-amber-700 dark:border-slate-800 dark:text-amber-400">
          {t("objects.netpol.ignored", { sections: p.ignored.join(", ") })}
        </p>
      )}
    </article>
  );
}

function Rules({ cluster, rules, direction }: { cluster: string; rules: RuleSummary[]; direction: "ingress" | "egress" }) {
  const { t } = useI18n();
  if (rules.length === 0)
    return <p className="text-xs font-medium text-rose-700 dark:text-rose-400">{t(direction === "ingress" ? "objects.netpol.denyAllIngress" : "objects.netpol.denyAllEgress")}</p>;
  return (
    <ol className="space-y-2 text-xs">
      {rules.map((r) => (
        <li key={r.rule} className="rounded-md border border-slate-200 p-2 dark:border-slate-800">
          <div className="flex flex-wrap items-baseline gap-x-3">
            <span className="font-medium">{t("objects.netpol.rule", { n: r.rule + 1 })}</span>
            <span className="text-slate-500 dark:text-slate-400">
              {t("objects.netpol.onPorts")}: <span className="font-mono text-slate-700 dark:text-slate-200">{r.ports.length ? r.ports.join(", ") : t("objects.netpol.allPorts")}</span>
            </span>
          </div>
          <ul className="mt-1 space-y-1">
            {r.allPeers ? (
              <li>
                <span className="mr-2 inline-block min-w-[3rem] text-slate-500 dark:text-slate-400">{t(direction === "ingress" ? "objects.netpol.from" : "objects.netpol.to")}</span>
                <strong>{t("objects.netpol.anywhere")}</strong>
              </li>
            ) : (
              r.peers.map((peer) => (
                <li key={peer.peer} className="flex flex-wrap items-baseline gap-x-2 gap-y-1">
                  <span className="inline-block min-w-[3rem] text-slate-500 dark:text-slate-400">{t(direction === "ingress" ? "objects.netpol.from" : "objects.netpol.to")}</span>
                  {/* the peer in the reader's language (as on the Policies page); kubectl's wording in the tooltip */}
                  <span className="text-slate-700 dark:text-slate-200" title={peer.description} data-testid="netpol-peer">
                    {peerText(peer.words, t)}
                  </span>
                  {peer.words.kind !== "ipBlock" && (
                    <span className="text-slate-500 dark:text-slate-400">
                      → <PodList cluster={cluster} pods={peer.pods} max={4} />
                    </span>
                  )}
                </li>
              ))
            )}
          </ul>
        </li>
      ))}
    </ol>
  );
}
