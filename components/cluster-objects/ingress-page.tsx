"use client";
/** IngressClasses and Ingresses: hosts, paths (with pathType), backends and TLS. */
import Link from "next/link";
import { useClusterObjectsOfKind, useClusterServices } from "@/components/data/hooks";
import { useI18n } from "@/components/shell/i18n";
import { Badge, Card, Empty, ErrorState, Loading } from "@/components/ui/primitives";
import type { Ingress, IngressBackend, KubeObject } from "@/lib/kube/types";
import { TabHeader } from "./cluster-tabs";
import { DeleteObjectAction } from "./delete-object";

interface IngressClass extends KubeObject {
  spec?: { controller?: string; parameters?: { apiGroup?: string; kind?: string; name?: string; namespace?: string; scope?: string } };
}

const DEFAULT_CLASS_ANNOTATION = "ingressclass.kubernetes.io/is-default-class";

function backendText(b: IngressBackend | undefined): string {
  if (!b) return "—";
  if (b.service) return `${b.service.name}:${b.service.port?.number ?? b.service.port?.name ?? "?"}`;
  if (b.resource) return `${b.resource.kind}/${b.resource.name}`;
  return "—";
}

export function IngressPage({ name }: { name: string }) {
  const { t } = useI18n();
  const classes = useClusterObjectsOfKind<IngressClass>(name, "IngressClass");
  const ingresses = useClusterObjectsOfKind<Ingress>(name, "Ingress");
  const services = useClusterServices(name);
  const serviceKeys = services.data ? new Set(services.data.map((s) => `${s.namespace}/${s.name}`)) : null;
  const defaults = (classes.data ?? []).filter((c) => c.metadata.annotations?.[DEFAULT_CLASS_ANNOTATION] === "true");

  return (
    <div>
      <TabHeader title={t("objects.ingress.title")} subtitle={t("objects.ingress.subtitle")} />
      <div className="space-y-6">
        <Card title={t("objects.ingress.classes")}>
          {classes.isPending ? (
            <Loading />
          ) : classes.isError ? (
            <ErrorState error={classes.error} onRetry={() => classes.refetch()} />
          ) : classes.data.length === 0 ? (
            <p className="text-sm text-slate-500 dark:text-slate-400">{t("objects.ingress.noClasses")}</p>
          ) : (
            <>
              <table className="w-full text-left text-sm" data-testid="ingressclasses-table">
                <thead className="text-xs text-slate-500 dark:text-slate-400">
                  <tr>
                    <th scope="col" className="py-1.5 pr-4 font-medium">{t("objects.ingress.col.name")}</th>
                    <th scope="col" className="py-1.5 pr-4 font-medium">{t("objects.ingress.col.controller")}</th>
                    <th scope="col" className="py-1.5 font-medium">{t("objects.ingress.col.parameters")}</th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
                  {classes.data.map((c) => (
                    <tr key={c.metadata.name}>
                      <td className="py-1.5 pr-4">
                        <span className="font-medium">{c.metadata.name}</span>
                        {c.metadata.annotations?.[DEFAULT_CLASS_ANNOTATION] === "true" && (
                          <span className="ml-2">
                            <Badge tone="sky">{t("objects.ingress.default")}</Badge>
                          </span>
                        )}
                      </td>
                      <td className="py-1.5 pr-4 font-mono text-xs">{c.spec?.controller ?? "—"}</td>
                      <td className="py-1.5 font-mono text-xs">
                        {c.spec?.parameters
                          ? `${c.spec.parameters.kind ?? ""}/${c.spec.parameters.name ?? ""} (${c.spec.parameters.scope ?? "Cluster"})`
                          : "—"}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {defaults.length > 1 && <p className="mt-2 text-xs text-amber-700 dark:text-amber-400">{t("objects.ingress.manyDefaults")}</p>}
            </>
          )}
        </Card>

        <section aria-labelledby="ingresses-h">
          <h2 id="ingresses-h" className="mb-2 text-sm font-semibold">
            {t("objects.ingress.ingresses")}
          </h2>
          {ingresses.isPending ? (
            <Loading />
          ) : ingresses.isError ? (
            <ErrorState error={ingresses.error} onRetry={() => ingresses.refetch()} />
          ) : ingresses.data.length === 0 ? (
            <Empty>{t("objects.ingress.empty")}</Empty>
          ) : (
            <div className="space-y-4">
              {ingresses.data.map((ing) => (
                <IngressCard key={`${ing.metadata.namespace}/${ing.metadata.name}`} ing={ing} cluster={name} serviceKeys={serviceKeys} classes={(classes.data ?? []).map((c) => c.metadata.name)} defaultClass={defaults[0]?.metadata.name} />
              ))}
            </div>
          )}
          <p className="mt-3 text-xs text-slate-500 dark:text-slate-400">{t("objects.ingress.l4note")}</p>
        </section>
      </div>
    </div>
  );
}

interface Row {
  key: string;
  host?: string;
  first: boolean;
  span: number;
  path?: string;
  pathType?: string;
  backend?: IngressBackend;
}

function IngressCard({
  ing,
  cluster,
  classes,
  defaultClass,
  serviceKeys,
}: {
  ing: Ingress;
  cluster: string;
  classes: string[];
  defaultClass?: string;
  /** `namespace/name` of the cluster's Services (null while loading). */
  serviceKeys: Set<string> | null;
}) {
  const { t } = useI18n();
  const spec = ing.spec ?? {};
  const className = spec.ingressClassName;
  const tlsHosts = new Set((spec.tls ?? []).flatMap((x) => x.hosts ?? []));
  const rows = (spec.rules ?? []).flatMap((r, ri): Row[] => {
    const paths = r.http?.paths ?? [];
    if (!paths.length) return [{ key: `${ri}`, host: r.host, first: true, span: 1 }];
    return paths.map((p, pi) => ({ key: `${ri}-${pi}`, host: r.host, first: pi === 0, span: paths.length, path: p.path, pathType: p.pathType, backend: p.backend }));
  });
  const ns = ing.metadata.namespace ?? "default";
  return (
    <article className="rounded-lg border border-slate-200 bg-white shadow-sm dark:border-slate-800 dark:bg-slate-900" data-testid="ingress" aria-label={`Ingress ${ns}/${ing.metadata.name}`}>
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1 border-b border-slate-200 px-4 py-2 text-sm dark:border-slate-800">
        <span className="font-medium">{ing.metadata.name}</span>
        <span className="text-xs text-slate-500 dark:text-slate-400">{ns}</span>
        <DeleteObjectAction cluster={cluster} kind="Ingress" namespace={ns} name={ing.metadata.name} />
        <span className="ml-auto flex items-center gap-2 text-xs">
          <span className="text-slate-500 dark:text-slate-400">{t("objects.ingress.class")}</span>
          {className ? (
            <Badge tone={classes.includes(className) ? "sky" : "rose"}>{className}</Badge>
          ) : defaultClass ? (
            <Badge tone="slate">{t("objects.ingress.defaultClass", { name: defaultClass })}</Badge>
          ) : (
            <Badge tone="amber">{t("objects.ingress.noClass")}</Badge>
          )}
        </span>
      </div>
      <div className="overflow-x-auto px-4 py-2">
        <table className="w-full text-left text-xs">
          <thead className="text-slate-500 dark:text-slate-400">
            <tr>
              <th scope="col" className="py-1 pr-4 font-medium">{t("objects.ingress.col.host")}</th>
              <th scope="col" className="py-1 pr-4 font-medium">{t("objects.ingress.col.path")}</th>
              <th scope="col" className="py-1 pr-4 font-medium">{t("objects.ingress.col.pathType")}</th>
              <th scope="col" className="py-1 font-medium">{t("objects.ingress.col.backend")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.key} className={r.first ? "border-t border-slate-100 dark:border-slate-800" : ""}>
                {r.first && (
                  <td rowSpan={r.span} className="py-1 pr-4 align-top font-mono">
                    {r.host ?? <span className="font-sans text-slate-500 dark:text-slate-400">{t("objects.ingress.anyHost")}</span>}
                    {r.host && tlsHosts.has(r.host) && (
                      <span className="ml-2 font-sans">
                        <Badge tone="emerald">TLS</Badge>
                      </span>
                    )}
                  </td>
                )}
                <td className="py-1 pr-4 font-mono">{r.path ?? "—"}</td>
                <td className="py-1 pr-4">{r.pathType ?? "—"}</td>
                <td className="py-1 font-mono">
                  <BackendCell backend={r.backend} cluster={cluster} namespace={ns} serviceKeys={serviceKeys} />
                </td>
              </tr>
            ))}
            {spec.defaultBackend && (
              <tr className="border-t border-slate-100 dark:border-slate-800">
                <td colSpan={3} className="py-1 pr-4 text-slate-500 dark:text-slate-400">
                  {t("objects.ingress.defaultBackend")}
                </td>
                <td className="py-1 font-mono">
                  <BackendCell backend={spec.defaultBackend} cluster={cluster} namespace={ns} serviceKeys={serviceKeys} />
                </td>
              </tr>
            )}
          </tbody>
        </table>
        {(spec.tls ?? []).length > 0 && (
          <p className="mt-2 text-xs text-slate-600 dark:text-slate-400">
            <span className="font-medium">{t("objects.ingress.tls")}</span>{" "}
            {(spec.tls ?? []).map((x, i) => (
              <span key={i} className="mr-3 font-mono">
                {(x.hosts ?? []).join(", ") || t("objects.ingress.anyHost")}
                {x.secretName ? ` → secret ${x.secretName}` : ""}
              </span>
            ))}
          </p>
        )}
      </div>
    </article>
  );
}

function BackendCell({ backend, cluster, namespace, serviceKeys }: { backend?: IngressBackend; cluster: string; namespace: string; serviceKeys: Set<string> | null }) {
  const { t } = useI18n();
  if (!backend?.service) return <>{backendText(backend)}</>;
  const missing = serviceKeys !== null && !serviceKeys.has(`${namespace}/${backend.service.name}`);
  if (missing)
    return (
      <span className="text-rose-700 dark:text-rose-400" title={t("objects.ingress.noService", { name: backend.service.name, namespace })}>
        {backendText(backend)} <span className="font-sans text-[11px]">({t("objects.ingress.noServiceShort")})</span>
      </span>
    );
  return (
    <Link href={`/clusters/${encodeURIComponent(cluster)}/services`} className="text-sky-700 hover:underline dark:text-sky-400">
      {backendText(backend)}
    </Link>
  );
}
