"use client";
/** One workload cluster: addresses, nodes by role, node pool and control plane changes, the PowerShell script. */
import { ConfirmAction } from "@/components/ui/unsaved";
import { ObjectLink, markedClass, useLinkParam, useScrollIntoViewWhen } from "@/components/ui/object-link";
import { LINK_PARAMS } from "@/components/ui/links";
import { errorText, errorWithFields } from "@/components/ui/error-text";
import Link from "next/link";
import { useRouter, useSearchParams } from "next/navigation";
import { useMemo, useState, type FormEvent, type ReactNode } from "react";
import { CONTROL_PLANE_NODE_COUNTS, NODE_POOL_DEFAULTS, validateNodePoolInput } from "@/lib/cluster/spec";
import type { ClusterDto, NodeDto } from "@/lib/api/dto";
import {
  useAddNodePool,
  useCluster,
  useClusterPowerShell,
  useCan,
  useSetCaseCluster,
  useDeleteCluster,
  useDeleteNodePool,
  useScaleNodePool,
  useUpdateCluster,
} from "@/components/data/hooks";
import { ApiError } from "@/components/data/api";
import { useI18n } from "@/components/shell/i18n";
import { clusterAssumptionList, type AssumptionCode, type ClusterAssumption } from "@/lib/cluster/bootstrap";
import { AssumptionMark, AssumptionNotes, clusterAssumptionNotes } from "@/components/ui/assumptions";
import { Badge, Button, Card, Empty, ErrorState, Field, Loading, PageHeader, Spinner, inputClass, inputErrorClass } from "@/components/ui/primitives";
import type { MessageKey } from "@/lib/i18n/messages";
import { PluginBadge, ScriptBlock, VmSizeList, problemsAt } from "./common";

/** A mutation's error as one line: pool exhaustion names the pool and the missing count. */
function MutationError({ error }: { error: unknown }) {
  const { t, lang } = useI18n();
  if (!error) return null;
  let text = errorText(lang, error);
  if (error instanceof ApiError && error.code === "pool_exhausted") {
    text = t("clusters.wizard.poolExhausted", { pool: error.details?.pool === "vip" ? t("pool.vip") : t("pool.node"), missing: String(error.details?.missing ?? "?") });
  } else if (error instanceof ApiError && error.fields.length > 0) {
    text = errorWithFields(lang, error);
  }
  return (
    <p role="alert" className="text-xs text-rose-700 dark:text-rose-400">
      {text}
    </p>
  );
}

export function ClusterDetail({ name }: { name: string }) {
  const { t } = useI18n();
  const router = useRouter();
  const created = useSearchParams().get("created") === "1";
  const cluster = useCluster(name);
  const del = useDeleteCluster();
  const canDelete = useCan("/api/clusters/[name]", "DELETE");

  if (cluster.isPending) return <Loading />;
  if (cluster.isError)
    return (
      <div>
        <ErrorState error={cluster.error} onRetry={() => cluster.refetch()} />
      </div>
    );
  const c = cluster.data;

  return (
    <div>
      <PageHeader
        title={c.name}
        subtitle={t("clusters.detail.subtitle", { version: c.kubernetesVersion || t("clusters.version.default"), nodes: c.nodes.length })}
        actions={
          canDelete && (
            <ConfirmAction
              label={t("clusters.detail.delete")}
              question={t("clusters.detail.deleteConfirm", { name: c.name })}
              confirmLabel={t("clusters.detail.deleteYes")}
              pending={del.isPending}
              error={del.error}
              onConfirm={() => del.mutate(c.name, { onSuccess: () => router.push("/clusters") })}
            />
          )
        }
      />
      {created && (
        <p role="status" className="mb-4 rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800 dark:bg-emerald-950 dark:text-emerald-200">
          {t("clusters.created", { name: c.name })}
        </p>
      )}
      <CaseClusterLine c={c} />
      <Facts c={c} />
      <div className="mt-6">
        <NodesCard c={c} />
      </div>
      <div className="mt-6 grid items-start gap-6 lg:grid-cols-2 xl:grid-cols-3">
        <ControlPlaneCard c={c} />
        <AddPoolCard c={c} />
        <SparesCard c={c} />
      </div>
      <ScriptPanel name={c.name} />
    </div>
  );
}

function Fact({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs text-slate-500 dark:text-slate-400">{label}</dt>
      <dd className="mt-0.5 break-words text-sm font-medium" data-testid={testId}>
        {children}
      </dd>
    </div>
  );
}

function Facts({ c }: { c: ClusterDto }) {
  const { t } = useI18n();
  return (
    <section aria-label={t("clusters.detail.facts")} className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm dark:border-slate-800 dark:bg-slate-900">
      <dl className="grid grid-cols-2 gap-x-6 gap-y-4 md:grid-cols-4">
        <Fact label={t("clusters.col.plugin")}>
          <PluginBadge plugin={c.primaryNetworkPlugin} />
        </Fact>
        <Fact label={t("clusters.col.network")}>
          <Link href={`/networks/${encodeURIComponent(c.network)}`} className="text-sky-700 hover:underline dark:text-sky-400" data-testid="network-link">
            {c.network}
          </Link>{" "}
          <span className="text-xs font-normal text-slate-500 dark:text-slate-400">({t(c.ipAssignment === "static" ? "networks.mode.static" : "networks.mode.dhcp")})</span>
        </Fact>
        <Fact label={t("clusters.col.apiServerVip")} testId="api-server-vip">
          <span className="font-mono">{c.apiServerVip ?? "—"}</span>
          <span className="ml-1 text-xs font-normal text-slate-500 dark:text-slate-400">:6443</span>
        </Fact>
        <Fact label={t("clusters.field.loadBalancer")}>
          {c.loadBalancerSku === "none" ? t("common.none") : `${c.loadBalancerCount} × HAProxy`}
          <span className="ml-1 font-mono text-xs font-normal text-slate-500 dark:text-slate-400">{c.loadBalancerSku === "none" ? "" : c.loadBalancerVmSize}</span>
        </Fact>
        <Fact label={t("clusters.detail.kubernetesService")}>
          <span className="font-mono">{c.kubernetesServiceIp}</span>
          <span className="ml-1 text-xs font-normal text-slate-500 dark:text-slate-400">:443</span>
        </Fact>
        <Fact label={t("clusters.detail.clusterDns")}>
          <span className="font-mono">{c.clusterDnsIp}</span>{" "}
          <AssumptionMark n={assumptionIndex(clusterAssumptionList(c.primaryNetworkPlugin, c.loadBalancerCount), "clusterDns")} />
        </Fact>
        <Fact label={t("clusters.detail.podCidr")}>
          <span className="font-mono">{c.podCidr}</span>
        </Fact>
        <Fact label={t("clusters.detail.serviceCidr")}>
          <span className="font-mono">{c.serviceCidr}</span>
        </Fact>
        <Fact label={t("clusters.detail.ipFamilies")}>
          <span className="font-mono" data-testid="cluster-ip-families">{c.ipFamilies?.join(" + ") ?? "IPv4"}</span>
        </Fact>
        {c.podCidrV6 && c.serviceCidrV6 && (
          <>
            <Fact label={t("clusters.detail.podCidrV6")}>
              <span className="font-mono break-all">{c.podCidrV6}</span>
            </Fact>
            <Fact label={t("clusters.detail.serviceCidrV6")}>
              <span className="font-mono break-all">{c.serviceCidrV6}</span>
            </Fact>
          </>
        )}
      </dl>
    </section>
  );
}

const ROLE_TITLE: Record<NodeDto["role"], MessageKey> = {
  controlplane: "clusters.role.controlplane",
  worker: "clusters.role.worker",
  loadbalancer: "clusters.role.loadbalancer",
};

function NodeRows({ nodes, cluster }: { nodes: NodeDto[]; cluster: string }) {
  const { t } = useI18n();
  // ?node=<vm> (components/ui/links.ts): that node's row is marked
  const linked = useLinkParam(LINK_PARAMS.node);
  if (nodes.length === 0)
    return (
      <tr>
        <td colSpan={7} className="px-3 py-3 text-center text-xs text-slate-500 dark:text-slate-400">
          {t("clusters.nodes.none")}
        </td>
      </tr>
    );
  return (
    <>
      {nodes.map((n) => (
        <NodeRow key={n.name} n={n} cluster={cluster} marked={linked === n.name} />
      ))}
    </>
  );
}

function NodeRow({ n, cluster, marked }: { n: NodeDto; cluster: string; marked: boolean }) {
  const { t } = useI18n();
  const ref = useScrollIntoViewWhen<HTMLTableRowElement>(marked);
  return (
        <tr ref={ref} data-testid={`node-${n.name}`} data-role={n.role} data-marked={marked || undefined} className={marked ? markedClass : undefined}>
          <td className="whitespace-nowrap px-3 py-2 font-mono text-xs">{n.name}</td>
          <td className="whitespace-nowrap px-3 py-2 font-mono text-xs" data-testid="node-ip">
            {n.ipAddress ?? <Badge tone="amber">DHCP</Badge>}
          </td>
          <td className="px-3 py-2 font-mono text-xs">{n.podCidrs.length > 0 ? n.podCidrs.join(", ") : <span className="text-slate-500 dark:text-slate-400">—</span>}</td>
          <td className="px-3 py-2 text-xs">{n.osType}</td>
          <td className="px-3 py-2 font-mono text-xs">{n.vmSize}</td>
          <td className="px-3 py-2 text-xs">
            {n.agents.length === 0 ? (
              <span className="text-slate-500 dark:text-slate-400">{t("clusters.nodes.haproxy")}</span>
            ) : (
              <span className="flex flex-wrap items-center gap-1" title={n.agents.map((a) => `${a.name} (${a.form})`).join("\n")}>
                <Badge tone={n.agents[0].form === "DaemonSet" ? "sky" : "violet"}>{n.agents[0].form === "DaemonSet" ? "DaemonSet" : t("clusters.nodes.windowsService")}</Badge>
                <span className="font-mono">{n.agents.map(agentLabel).join(", ")}</span>
              </span>
            )}
          </td>
          <td className="px-3 py-2 text-right text-xs tabular-nums">
            {n.role === "loadbalancer" ? (
              "—"
            ) : n.pods > 0 ? (
              <ObjectLink to={{ kind: "nodePods", cluster, node: n.name }} context={t("links.podsOnNode", { node: n.name })}>
                {n.pods}
              </ObjectLink>
            ) : (
              n.pods
            )}
          </td>
        </tr>
  );
}

function GroupHeader({ title, count, children }: { title: string; count: number; children?: ReactNode }) {
  return (
    <tr className="bg-slate-50 dark:bg-slate-800/50">
      <th colSpan={7} scope="colgroup" className="px-3 py-2 text-left">
        <div className="flex flex-wrap items-center justify-between gap-3">
          <span className="text-sm font-semibold">
            {title} <span className="ml-1 font-normal text-slate-500 dark:text-slate-400">({count})</span>
          </span>
          {children}
        </div>
      </th>
    </tr>
  );
}

function NodesCard({ c }: { c: ClusterDto }) {
  const { t } = useI18n();
  const byRole = (r: NodeDto["role"]) => c.nodes.filter((n) => n.role === r);
  return (
    <Card title={t("clusters.detail.nodes")}>
      <div className="-mx-4 -my-4 overflow-x-auto">
        <table className="min-w-full text-sm" data-testid="nodes-table">
          <thead className="whitespace-nowrap text-left text-xs uppercase tracking-wide text-slate-500 dark:text-slate-400">
            <tr>
              <th className="px-3 py-2">{t("clusters.nodes.name")}</th>
              <th className="px-3 py-2">{t("clusters.nodes.ip")}</th>
              <th className="px-3 py-2">{t("clusters.nodes.podCidrs")}</th>
              <th className="px-3 py-2">{t("clusters.nodes.os")}</th>
              <th className="px-3 py-2">{t("clusters.nodes.vmSize")}</th>
              <th className="px-3 py-2">{t("clusters.nodes.agents")}</th>
              <th className="px-3 py-2 text-right">{t("clusters.nodes.pods")}</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100 dark:divide-slate-800" data-testid="group-controlplane">
            <GroupHeader title={t(ROLE_TITLE.controlplane)} count={c.controlPlaneNodeCount} />
            <NodeRows cluster={c.name} nodes={byRole("controlplane")} />
          </tbody>
          {c.nodePools.map((p) => {
            const nodes = c.nodes.filter((n) => n.role === "worker" && n.nodePool === p.name);
            return (
              <tbody key={p.name} className="divide-y divide-slate-100 border-t border-slate-200 dark:divide-slate-800 dark:border-slate-700" data-testid={`group-pool-${p.name}`}>
                <GroupHeader title={t("clusters.nodes.poolGroup", { pool: p.name, os: p.osType, vmSize: p.vmSize })} count={nodes.length}>
                  <PoolActions cluster={c.name} pool={p.name} count={p.count} />
                </GroupHeader>
                <NodeRows cluster={c.name} nodes={nodes} />
              </tbody>
            );
          })}
          {c.nodePools.length === 0 && (
            <tbody className="border-t border-slate-200 dark:border-slate-700">
              <GroupHeader title={t(ROLE_TITLE.worker)} count={0} />
              <NodeRows cluster={c.name} nodes={[]} />
            </tbody>
          )}
          <tbody className="divide-y divide-slate-100 border-t border-slate-200 dark:divide-slate-800 dark:border-slate-700" data-testid="group-loadbalancer">
            <GroupHeader title={t(ROLE_TITLE.loadbalancer)} count={byRole("loadbalancer").length} />
            <NodeRows cluster={c.name} nodes={byRole("loadbalancer")} />
          </tbody>
        </table>
      </div>
    </Card>
  );
}

function PoolActions({ cluster, pool, count }: { cluster: string; pool: string; count: number }) {
  const { t } = useI18n();
  const scale = useScaleNodePool(cluster);
  const del = useDeleteNodePool(cluster);
  const [value, setValue] = useState(String(count));
  const [lastCount, setLastCount] = useState(count);
  if (lastCount !== count) {
    // the server changed the count (another tab, a refetch): follow it
    setLastCount(count);
    setValue(String(count));
  }
  const n = /^\d+$/.test(value.trim()) ? Number(value) : NaN;
  const valid = Number.isInteger(n) && n >= 0 && n <= 64;
  const id = `scale-${pool}`;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (valid && n !== count) scale.mutate({ pool, count: n });
  };
  return (
    <div className="flex flex-col items-end gap-1 font-normal">
      <div className="flex flex-wrap items-center gap-2">
        <form onSubmit={submit} className="flex items-center gap-2" aria-label={t("clusters.pool.scaleLabel", { pool })}>
          <label htmlFor={id} className="text-xs text-slate-500 dark:text-slate-400">
            {t("clusters.pool.count")}
          </label>
          <input
            id={id}
            type="number"
            min={0}
            max={64}
            value={value}
            onChange={(e) => setValue(e.target.value)}
            aria-invalid={!valid}
            className={`${inputClass} ${valid ? "" : inputErrorClass} !w-20 !py-1 font-mono`}
          />
          <Button type="submit" variant="secondary" className="!px-2.5 !py-1 text-xs" disabled={!valid || n === count || scale.isPending}>
            {scale.isPending ? <Spinner /> : t("clusters.pool.apply")}
          </Button>
        </form>
        <ConfirmAction
          small
          label={t("common.delete")}
          ariaLabel={t("clusters.pool.delete", { pool })}
          question={t("clusters.pool.deleteConfirm", { pool })}
          pending={del.isPending}
          error={del.error}
          onConfirm={() => del.mutate(pool)}
        />
      </div>
      {!valid && <p className="text-xs text-rose-700 dark:text-rose-400">{t("clusters.pool.countRange")}</p>}
      <MutationError error={scale.error} />
    </div>
  );
}

function ControlPlaneCard({ c }: { c: ClusterDto }) {
  const { t } = useI18n();
  const update = useUpdateCluster(c.name);
  const [cp, setCp] = useState(c.controlPlaneNodeCount);
  const [lb, setLb] = useState(String(c.loadBalancerCount));
  const [seen, setSeen] = useState({ cp: c.controlPlaneNodeCount, lb: c.loadBalancerCount });
  if (seen.cp !== c.controlPlaneNodeCount || seen.lb !== c.loadBalancerCount) {
    setSeen({ cp: c.controlPlaneNodeCount, lb: c.loadBalancerCount });
    setCp(c.controlPlaneNodeCount);
    setLb(String(c.loadBalancerCount));
  }
  const lbNum = /^\d+$/.test(lb.trim()) ? Number(lb) : NaN;
  const lbValid = Number.isInteger(lbNum) && lbNum >= 1 && lbNum <= 10;
  const changed = cp !== c.controlPlaneNodeCount || (lbValid && lbNum !== c.loadBalancerCount);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const patch: { controlPlaneNodeCount?: number; loadBalancerCount?: number } = {};
    if (cp !== c.controlPlaneNodeCount) patch.controlPlaneNodeCount = cp;
    if (lbValid && lbNum !== c.loadBalancerCount) patch.loadBalancerCount = lbNum;
    if (Object.keys(patch).length > 0) update.mutate(patch);
  };
  return (
    <Card title={t("clusters.detail.controlPlane")}>
      <form onSubmit={submit} className="space-y-4" aria-label={t("clusters.detail.controlPlane")}>
        <fieldset>
          <legend className="mb-2 flex items-center gap-2 text-sm font-medium">
            {t("clusters.field.controlPlaneNodeCount")} <AssumptionMark n={1} />
          </legend>
          <div className="flex gap-2">
            {CONTROL_PLANE_NODE_COUNTS.map((n) => (
              <label
                key={n}
                className={`cursor-pointer rounded-md border px-4 py-1.5 text-sm tabular-nums has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-sky-500 ${
                  cp === n ? "border-sky-500 bg-sky-50 font-semibold text-sky-800 dark:bg-sky-950 dark:text-sky-200" : "border-slate-300 dark:border-slate-700"
                }`}
              >
                <input type="radio" name="cp-count" value={n} checked={cp === n} onChange={() => setCp(n)} className="sr-only" />
                {n}
              </label>
            ))}
          </div>
          <p className="mt-1 text-xs text-slate-500 dark:text-slate-400">{t("clusters.detail.cpVmSize", { size: c.controlPlaneVmSize })}</p>
        </fieldset>
        <Field id="lb-count" label={t("clusters.field.loadBalancerCount")} help={t("clusters.detail.lbVmSize", { size: c.loadBalancerVmSize })} errors={lbValid ? [] : [t("clusters.detail.lbRange")]}>
          <input
            id="lb-count"
            type="number"
            min={1}
            max={10}
            value={lb}
            onChange={(e) => setLb(e.target.value)}
            aria-invalid={!lbValid}
            className={`${inputClass} ${lbValid ? "" : inputErrorClass} !w-24 font-mono`}
          />
        </Field>
        <div className="flex items-center gap-3">
          <Button type="submit" disabled={!changed || update.isPending}>
            {update.isPending ? <Spinner /> : t("clusters.pool.apply")}
          </Button>
          {update.isSuccess && !changed && <span role="status" className="text-xs text-emerald-700 dark:text-emerald-400">{t("clusters.detail.applied")}</span>}
        </div>
        <MutationError error={update.error} />
      </form>
    </Card>
  );
}

function AddPoolCard({ c }: { c: ClusterDto }) {
  const { t, lang } = useI18n();
  const add = useAddNodePool(c.name);
  const blank = { name: "", count: "1", osType: "Linux", vmSize: NODE_POOL_DEFAULTS.vmSize, maxPodCount: String(NODE_POOL_DEFAULTS.maxPodCount) };
  const [v, setV] = useState(blank);
  const [submitted, setSubmitted] = useState(false);
  const [touched, setTouched] = useState<Set<string>>(new Set());
  const input = useMemo(
    () => ({ name: v.name.trim(), count: /^\d+$/.test(v.count.trim()) ? Number(v.count) : v.count.trim(), osType: v.osType, vmSize: v.vmSize.trim(), maxPodCount: /^\d+$/.test(v.maxPodCount.trim()) ? Number(v.maxPodCount) : v.maxPodCount.trim() }),
    [v],
  );
  const validation = useMemo(() => validateNodePoolInput(input, { existingNames: c.nodePools.map((p) => p.name) }), [input, c.nodePools]);
  const problems = validation.ok ? [] : validation.problems;
  const serverFields = add.error instanceof ApiError ? add.error.fields : [];
  const errs = (k: string) => [...new Set([...(submitted || touched.has(k) ? problemsAt(problems, k, lang) : []), ...problemsAt(serverFields, k, lang)])];
  const set = (k: keyof typeof blank) => (e: { target: { value: string } }) => {
    setV((o) => ({ ...o, [k]: e.target.value }));
    setTouched((s) => new Set(s).add(k));
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSubmitted(true);
    if (!validation.ok) {
      document.getElementById(`np-${problems[0]?.path || "name"}`)?.focus();
      return;
    }
    add.mutate(input, {
      onSuccess: () => {
        setV(blank);
        setSubmitted(false);
        setTouched(new Set());
      },
    });
  };
  const input_ = (k: "name" | "count" | "vmSize" | "maxPodCount", label: MessageKey, props: Record<string, unknown> = {}) => (
    <Field id={`np-${k}`} label={t(label)} errors={errs(k)}>
      <input
        id={`np-${k}`}
        value={v[k]}
        onChange={set(k)}
        aria-invalid={errs(k).length > 0}
        aria-describedby={errs(k).length > 0 ? `np-${k}-error` : undefined}
        className={`${inputClass} ${errs(k).length > 0 ? inputErrorClass : ""} font-mono`}
        autoComplete="off"
        spellCheck={false}
        {...props}
      />
    </Field>
  );
  return (
    <Card title={t("clusters.pool.addTitle")}>
      <form onSubmit={submit} noValidate className="space-y-3" aria-label={t("clusters.pool.addTitle")}>
        <VmSizeList id="np-vm-sizes" />
        <div className="grid grid-cols-2 gap-3">
          {input_("name", "clusters.field.poolName", { placeholder: "winpool" })}
          {input_("count", "clusters.field.count", { type: "number", min: 0 })}
          <Field id="np-osType" label={t("clusters.field.osType")}>
            <select id="np-osType" value={v.osType} onChange={set("osType")} className={inputClass}>
              <option value="Linux">Linux</option>
              <option value="Windows">Windows</option>
            </select>
          </Field>
          {input_("maxPodCount", "clusters.field.maxPodCount", { type: "number", min: 51 })}
        </div>
        {input_("vmSize", "clusters.field.vmSize", { list: "np-vm-sizes" })}
        <div className="flex items-center gap-3">
          <Button type="submit" disabled={add.isPending}>
            {add.isPending ? t("common.creating") : t("clusters.pool.add")}
          </Button>
        </div>
        {add.error && !(add.error instanceof ApiError && add.error.fields.length > 0) && <MutationError error={add.error} />}
      </form>
    </Card>
  );
}

function SparesCard({ c }: { c: ClusterDto }) {
  const { t } = useI18n();
  return (
    <Card title={t("clusters.detail.spares")}>
      <p className="mb-2 text-xs text-slate-500 dark:text-slate-400">{t("clusters.detail.spares.help")}</p>
      {c.upgradeSpares.length === 0 ? (
        <p className="text-sm text-slate-500 dark:text-slate-400">{c.ipAssignment === "dhcp" ? t("clusters.detail.spares.dhcp") : t("common.none")}</p>
      ) : (
        <ul className="flex flex-wrap gap-1.5" data-testid="upgrade-spares">
          {c.upgradeSpares.map((a) => (
            <li key={a} className="rounded bg-cyan-50 px-1.5 py-0.5 font-mono text-xs text-cyan-900 dark:bg-cyan-950 dark:text-cyan-200">
              {a}
            </li>
          ))}
        </ul>
      )}
      <AssumptionNotes items={clusterAssumptionNotes(clusterAssumptionList(c.primaryNetworkPlugin, c.loadBalancerCount), t)} testId="cluster-assumptions" />
      {Object.keys(c.objectCounts).length > 0 && (
        <div className="mt-4 border-t border-slate-200 pt-3 dark:border-slate-800">
          <h3 className="mb-1 text-xs font-semibold uppercase tracking-wide text-slate-500 dark:text-slate-400">{t("clusters.detail.objects")}</h3>
          <ul className="flex flex-wrap gap-x-3 gap-y-1 text-xs">
            {Object.entries(c.objectCounts)
              .sort(([a], [b]) => a.localeCompare(b))
              .map(([kind, n]) => (
                <li key={kind}>
                  {kind} <b className="tabular-nums">{n}</b>
                </li>
              ))}
          </ul>
        </div>
      )}
    </Card>
  );
}

function ScriptPanel({ name }: { name: string }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const script = useClusterPowerShell(name, open);
  return (
    <details
      className="mt-6 rounded-lg border border-slate-200 bg-white shadow-sm dark:border-slate-800 dark:bg-slate-900"
      onToggle={(e) => setOpen((e.currentTarget as HTMLDetailsElement).open)}
      data-testid="script-panel"
    >
      <summary className="cursor-pointer select-none px-4 py-3 text-sm font-semibold focus-visible:outline-2 focus-visible:outline-sky-500">
        {t("clusters.script.title")} <span className="ml-2 font-normal text-slate-500 dark:text-slate-400">{t("clusters.script.hint")}</span>
      </summary>
      <div className="border-t border-slate-200 p-4 dark:border-slate-800">
        {!open ? null : script.isPending ? (
          <Loading />
        ) : script.isError ? (
          <ErrorState error={script.error} onRetry={() => script.refetch()} />
        ) : script.data.trim() === "" ? (
          <Empty>{t("clusters.script.empty")}</Empty>
        ) : (
          <ScriptBlock script={script.data} label={t("clusters.script.title")} testId="cluster-script" />
        )}
      </div>
    </details>
  );
}

/** A support "case" cluster (support may import into it): badge for everyone, the switch for admins. */
function CaseClusterLine({ c }: { c: ClusterDto }) {
  const { t, lang } = useI18n();
  const canMark = useCan("/api/clusters/[name]/case", "PUT");
  const mark = useSetCaseCluster(c.name);
  if (!c.caseCluster && !canMark) return null;
  return (
    <div className="mb-4 flex flex-wrap items-center gap-3 text-sm">
      {c.caseCluster && <Badge tone="violet">{t("clusters.case.badge")}</Badge>}
      <span className="text-slate-600 dark:text-slate-400">{t(c.caseCluster ? "clusters.case.on" : "clusters.case.off")}</span>
      {canMark && (
        <Button variant="secondary" disabled={mark.isPending} onClick={() => mark.mutate(!c.caseCluster)}>
          {t(c.caseCluster ? "clusters.case.unmark" : "clusters.case.mark")}
        </Button>
      )}
      {mark.isError && <span role="alert" className="text-rose-700 dark:text-rose-300">{errorText(lang, mark.error)}</span>}
    </div>
  );
}

/**
 * Short name of a node agent: "calico-system/calico-node" → "calico-node"; Windows services keep their whole name
 * ("CalicoFelix / CalicoNode", "kube-proxy (kernelspace, HNS/VFP)") — cutting at "/" left "VFP)".
 */
export function agentLabel(a: { name: string; form: string }): string {
  return a.form === "DaemonSet" ? (a.name.split("/").pop() ?? a.name) : a.name;
}

/** 1-based number of the assumption about `code` (1 when there is none). */
export function assumptionIndex(assumptions: ClusterAssumption[], code: AssumptionCode): number {
  const i = assumptions.findIndex((a) => a.code === code);
  return i < 0 ? 1 : i + 1;
}
