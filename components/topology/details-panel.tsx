"use client";
/** The side panel of the topology: the selected element's details, its connections, its YAML and a link to its tab. */
import { objectHref } from "@/components/ui/links";
import Link from "next/link";
import type { ReactNode } from "react";
import { useClusterObjectsOfKind } from "@/components/data/hooks";
import { useI18n } from "@/components/shell/i18n";
import { Badge, Button } from "@/components/ui/primitives";
import type { MessageKey } from "@/lib/i18n/messages";
import { toYaml } from "@/lib/kube/serialize";
import type { El } from "@/lib/topology/search";
import type { TopologyElements } from "./topology-canvas";

type Edge = { data: { id: string; source: string; target: string; kind: string; label?: string } };

const YAML_KINDS: Record<string, string | undefined> = { Pod: "Pod", Service: "Service", Ingress: "Ingress" };

function Row({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div className="grid grid-cols-[8rem_minmax(0,1fr)] gap-2 py-0.5">
      <dt className="text-slate-600 dark:text-slate-400">{term}</dt>
      <dd className="break-words font-mono text-xs leading-5">{children}</dd>
    </div>
  );
}

const text = (v: unknown) => (v === null || v === undefined || v === "" ? "—" : Array.isArray(v) ? v.join(", ") || "—" : String(v));

export function tabOf(cluster: string, el: El): { href: string; label: MessageKey } | undefined {
  const base = `/clusters/${encodeURIComponent(cluster)}`;
  const ns = String(el.data.namespace ?? "default");
  const name = String(el.data.name);
  switch (el.data.kind) {
    case "Pod":
      return { href: objectHref({ kind: "pod", cluster, namespace: ns, name }), label: "objects.tab.workloads" };
    case "Owner":
      return { href: `${base}/workloads`, label: "objects.tab.workloads" };
    case "Service":
      return { href: objectHref({ kind: "service", cluster, namespace: ns, name }), label: "objects.tab.services" };
    case "Ingress":
      return { href: `${base}/ingress`, label: "objects.tab.ingress" };
    case "VIP":
      return { href: objectHref({ kind: "frontend", cluster, vip: name }), label: "objects.tab.haproxy" };
    case "LoadBalancer":
      return { href: `${base}/haproxy`, label: "objects.tab.haproxy" };
    case "Node":
      return { href: objectHref({ kind: "node", cluster, name }), label: "objects.tab.overview" };
    case "Network":
      return { href: `/networks/${encodeURIComponent(el.data.name)}`, label: "nav.networks" };
    default:
      return undefined;
  }
}

export function DetailsPanel(props: {
  cluster: string;
  element: El | undefined;
  elements: TopologyElements;
  expanded: string[];
  /** the cluster's NodePorts (open on every node) */
  nodePorts: { port: number; protocol: string; service: string }[];
  onSelect: (id: string) => void;
  onClose: () => void;
  onExpand: (owner: string) => void;
  onCollapse: (owner: string) => void;
}) {
  const { t } = useI18n();
  const { cluster, element: el, elements } = props;
  const yamlKind = el ? YAML_KINDS[el.data.kind] ?? (el.data.kind === "Owner" ? String(el.data.ownerKind) : undefined) : undefined;
  const objects = useClusterObjectsOfKind(cluster, yamlKind ?? "");

  if (!el) {
    return (
      <aside aria-label={t("topology.panel.title")} className="rounded-lg border border-slate-200 bg-white p-4 text-sm dark:border-slate-800 dark:bg-slate-900" data-testid="topology-panel">
        <h2 className="mb-1 font-semibold">{t("topology.panel.title")}</h2>
        <p className="text-slate-600 dark:text-slate-400">{t("topology.panel.empty")}</p>
      </aside>
    );
  }
  const d = el.data;
  const labelOf = (id: string) => {
    const n = elements.nodes.find((x) => x.data.id === id);
    return n ? String(n.data.label).replace(/\n/g, " · ") : id;
  };
  const edges = (elements.edges as Edge[]).filter((e) => e.data.source === d.id || e.data.target === d.id).slice(0, 40);
  const tab = tabOf(cluster, el);
  const obj = yamlKind && objects.data?.find((o) => o.metadata.name === d.name && (o.metadata.namespace ?? "default") === d.namespace);
  const ownerExpanded = d.kind === "Pod" && typeof d.owner === "string" && props.expanded.includes(d.owner);

  return (
    <aside aria-label={t("topology.panel.title")} className="min-w-0 rounded-lg border border-slate-200 bg-white p-4 text-sm dark:border-slate-800 dark:bg-slate-900" data-testid="topology-panel">
      <div className="mb-2 flex items-start justify-between gap-2">
        <div className="min-w-0">
          <Badge tone={d.kind === "VIP" && d.conflict ? "rose" : "sky"}>{t(`topology.kind.${d.kind}` as MessageKey)}</Badge>
          <h2 className="mt-1 break-all font-semibold" data-testid="topology-panel-name">
            {d.namespace ? `${d.namespace}/` : ""}
            {d.name}
          </h2>
        </div>
        <button type="button" onClick={props.onClose} aria-label={t("topology.panel.close")} className="rounded px-1.5 text-lg leading-none text-slate-600 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800">
          ×
        </button>
      </div>
      <dl className="text-sm">
        {d.kind === "Pod" && (
          <>
            <Row term="IP">{text(d.podIP)}</Row>
            <Row term={t("topology.kind.Node")}>{text(d.nodeName)}</Row>
            <Row term="phase">{text(d.phase)}</Row>
            <Row term={t("topology.table.state")}>{d.ready ? t("topology.state.ready") : t("topology.state.notReady")}</Row>
            <Row term={t("topology.kind.Owner")}>{d.ownerKind ? `${d.ownerKind}/${d.ownerName}` : "—"}</Row>
          </>
        )}
        {d.kind === "Owner" && (
          <>
            <Row term="kind">{text(d.ownerKind)}</Row>
            <Row term={t("topology.kind.Pod")}>{t("topology.panel.count", { count: Number(d.count), ready: Number(d.ready), nodes: text(d.nodes) })}</Row>
          </>
        )}
        {d.kind === "Service" && (
          <>
            <Row term="type">{text(d.type)}{d.headless ? " (headless)" : ""}</Row>
            <Row term="clusterIP">{text(d.clusterIP)}</Row>
            <Row term="ports">{((d.ports as { port: number; protocol: string; nodePort?: number }[]) ?? []).map((p) => `${p.port}/${p.protocol}${p.nodePort ? ` → :${p.nodePort}` : ""}`).join(", ") || "—"}</Row>
            {(d.vips as string[]).length > 0 && <Row term="VIP">{text(d.vips)}</Row>}
            {d.externalName ? <Row term="externalName">{text(d.externalName)}</Row> : null}
            <Row term="endpoints">{`${d.readyEndpoints} / ${d.endpoints}`}</Row>
            {d.externalTrafficPolicy ? <Row term="externalTrafficPolicy">{text(d.externalTrafficPolicy)}</Row> : null}
            {d.externalTrafficPolicy === "Local" && <Row term={t("topology.panel.localNodes")}>{(d.localNodes as string[]).length ? text(d.localNodes) : <span className="text-rose-700 dark:text-rose-300">{t("topology.panel.noLocal")}</span>}</Row>}
          </>
        )}
        {d.kind === "VIP" && (
          <Row term={t("topology.panel.frontends")}>
            {((d.ports as { frontend: string; protocol: string; service?: string }[]) ?? []).map((p) => (
              <div key={`${p.frontend}-${p.service ?? "api"}`}>
                {p.frontend.replace(/^vip:/, "")}/{p.protocol} → {p.service ?? "kube-apiserver"}
              </div>
            ))}
          </Row>
        )}
        {d.kind === "Node" && (
          <>
            <Row term="role">{text(d.role)}</Row>
            <Row term="OS">{text(d.osType)}</Row>
            <Row term="IP">{text(d.ipAddress)}</Row>
            <Row term="pod CIDR">{text(d.podCidrs)}</Row>
            <Row term={t("topology.panel.nodePorts")}>{props.nodePorts.map((p) => `${p.port}/${p.protocol} (${p.service})`).join(", ") || "—"}</Row>
            {(d.localEndpointsFor as string[]).length > 0 && <Row term={t("topology.panel.localFor")}>{text(d.localEndpointsFor)}</Row>}
          </>
        )}
        {d.kind === "Node" && typeof d.pods === "number" && <Row term={t("topology.kind.Pod")}>{t("topology.panel.podCount", { count: d.pods, ready: Number(d.podsReady) })}</Row>}
        {d.kind === "Namespace" && (
          <Row term={t("topology.kind.Namespace")}>
            {t("topology.panel.badge", { pods: Number(d.pods), ready: Number(d.ready), nodes: (d.nodes as string[]).length, services: Number(d.services), ingresses: Number(d.ingresses), vips: (d.vips as string[]).length })}
          </Row>
        )}
        {d.kind === "Namespace" && (d.vips as string[]).length > 0 && <Row term="VIP">{text(d.vips)}</Row>}
        {d.kind === "LoadBalancer" && <Row term="IP">{text(d.ipAddress)}</Row>}
        {d.kind === "Network" &&
          Object.entries(d)
            .filter(([k]) => !["id", "kind", "name", "label"].includes(k))
            .map(([k, v]) => (
              <Row key={k} term={k}>
                {text(v)}
              </Row>
            ))}
        {d.kind === "Ingress" && (
          <>
            <Row term="class">{text(d.ingressClassName)}</Row>
            <Row term="hosts">{text(d.hosts)}</Row>
          </>
        )}
      </dl>
      {d.kind === "Service" && d.noEndpoints ? <p className="mt-2 text-amber-800 dark:text-amber-300">{t("topology.panel.noEndpoints")}</p> : null}
      {d.kind === "VIP" && (d.conflicts as { message: string; workarounds: string[] }[]).length > 0 && (
        <div className="mt-2 rounded border border-rose-300 bg-rose-50 p-2 text-rose-800 dark:border-rose-800 dark:bg-rose-950 dark:text-rose-200" data-testid="topology-conflicts">
          <h3 className="font-semibold">{t("topology.panel.conflicts")}</h3>
          {(d.conflicts as { message: string; workarounds: string[] }[]).map((c, i) => (
            <p key={i} className="mt-1 text-xs">
              {c.message}
            </p>
          ))}
        </div>
      )}
      <div className="mt-3 flex flex-wrap gap-2">
        {(d.kind === "Namespace" || (d.kind === "Node" && d.folded === true)) && (
          <Button type="button" onClick={() => props.onExpand(d.id)} data-testid="topology-unfold">
            {t(d.kind === "Namespace" ? "topology.panel.expandNamespace" : "topology.panel.expandNode")}
          </Button>
        )}
        {d.kind === "Node" && props.expanded.includes(d.id) && (
          <Button type="button" variant="secondary" onClick={() => props.onCollapse(d.id)}>
            {t("topology.panel.collapseNode")}
          </Button>
        )}
        {d.namespace && d.kind !== "Namespace" && props.expanded.includes(`namespace:${d.namespace}`) && (
          <Button type="button" variant="secondary" onClick={() => props.onCollapse(`namespace:${d.namespace}`)}>
            {t("topology.panel.collapseNamespace")}
          </Button>
        )}
        {d.kind === "Owner" && d.more !== true && (
          <Button type="button" onClick={() => props.onExpand(d.id)}>
            {t("topology.panel.expand")}
          </Button>
        )}
        {d.kind === "Owner" && d.more ? <p className="text-xs text-slate-600 dark:text-slate-400">{t("topology.panel.moreOf", { count: Number(d.count), cap: Number(d.total) - Number(d.count) })}</p> : null}
        {(ownerExpanded || (d.kind === "Owner" && d.more === true)) && (
          <Button type="button" variant="secondary" onClick={() => props.onCollapse(d.kind === "Owner" ? d.id : String(d.owner))}>
            {t("topology.panel.collapse")}
          </Button>
        )}
        {tab && (
          <Link href={tab.href} className="inline-flex items-center rounded-md bg-sky-700 px-3 py-2 text-sm font-medium text-white hover:bg-sky-800 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-500" data-testid="topology-tab-link">
            {t("topology.panel.open")}: {t(tab.label)}
          </Link>
        )}
        {d.kind === "Pod" && (
          <Link href={objectHref({ kind: "podPolicies", cluster, namespace: String(d.namespace ?? "default"), name: String(d.name) })} className="inline-flex items-center rounded-md border border-slate-300 px-3 py-2 text-sm font-medium hover:bg-slate-50 dark:border-slate-700 dark:hover:bg-slate-800" data-testid="topology-pod-policies-link">
            {t("objects.tab.networkPolicies")}
          </Link>
        )}
        {(d.kind === "Pod" || d.kind === "Owner") && (
          <Link href={`/policies?cluster=${encodeURIComponent(cluster)}`} className="inline-flex items-center rounded-md border border-slate-300 px-3 py-2 text-sm font-medium hover:bg-slate-50 dark:border-slate-700 dark:hover:bg-slate-800">
            {t("topology.panel.policies")}
          </Link>
        )}
      </div>
      {edges.length > 0 && (
        <section className="mt-3">
          <h3 className="mb-1 text-xs font-semibold uppercase tracking-wide text-slate-600 dark:text-slate-400">{t("topology.panel.connections")}</h3>
          <ul className="space-y-0.5 text-xs">
            {edges.map((e) => {
              const other = e.data.source === d.id ? e.data.target : e.data.source;
              return (
                <li key={e.data.id}>
                  <button type="button" onClick={() => props.onSelect(other)} className="text-left text-sky-800 hover:underline dark:text-sky-300">
                    {e.data.source === d.id ? "→" : "←"} {e.data.kind}
                    {e.data.label ? ` ${e.data.label}` : ""}: {labelOf(other)}
                  </button>
                </li>
              );
            })}
          </ul>
        </section>
      )}
      <section className="mt-3">
        <h3 className="mb-1 text-xs font-semibold uppercase tracking-wide text-slate-600 dark:text-slate-400">{t("topology.panel.yaml")}</h3>
        {yamlKind ? (
          obj ? (
            <pre className="max-h-72 overflow-auto rounded bg-slate-100 p-2 text-xs dark:bg-slate-950" data-testid="topology-yaml">
              {toYaml([obj])}
            </pre>
          ) : objects.isPending ? (
            <p className="text-xs text-slate-600 dark:text-slate-400">{t("common.loading")}</p>
          ) : (
            <p className="text-xs text-slate-600 dark:text-slate-400">—</p>
          )
        ) : (
          <p className="text-xs text-slate-600 dark:text-slate-400">{t("topology.panel.noYaml")}</p>
        )}
      </section>
    </aside>
  );
}
