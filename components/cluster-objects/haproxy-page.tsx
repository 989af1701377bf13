"use client";
/** The HAProxy load balancer of the cluster: LB VMs, frontends (VIP:port) → backends (node:NodePort), warnings, haproxy.cfg. */
import { useEffect, useRef, useState } from "react";
import { useClusterHaproxy, useClusterHaproxyCfg } from "@/components/data/hooks";
import { useI18n } from "@/components/shell/i18n";
import { Badge, Button, Card, ErrorState, Loading } from "@/components/ui/primitives";
import type { HaproxyFrontend } from "@/lib/haproxy/model";
import { ObjectLink, markedClass, useLinkParam, useScrollIntoViewWhen } from "@/components/ui/object-link";
import { LINK_PARAMS, frontendMatches, splitRef } from "@/components/ui/links";
import { TabHeader } from "./cluster-tabs";

export function HaproxyPage({ name }: { name: string }) {
  const { t } = useI18n();
  const model = useClusterHaproxy(name);
  const cfg = useClusterHaproxyCfg(name);
  // ?frontend=vip[:port] or ?service=ns/name (components/ui/links.ts): those frontends are marked
  const linkedFrontend = useLinkParam(LINK_PARAMS.frontend);
  const linkedService = useLinkParam(LINK_PARAMS.service);

  return (
    <div>
      <TabHeader title={t("objects.haproxy.title")} subtitle={t("objects.haproxy.subtitle")} />
      {model.isPending ? (
        <Loading />
      ) : model.isError ? (
        <ErrorState error={model.error} onRetry={() => model.refetch()} />
      ) : (
        <div className="space-y-6">
          <div className="grid items-start gap-6 lg:grid-cols-[20rem_1fr]">
            <Card title={t("objects.haproxy.vms", { count: model.data.loadBalancers.length })}>
              {model.data.loadBalancers.length === 0 ? (
                <p className="text-sm text-slate-500 dark:text-slate-400">{t("objects.haproxy.noVms")}</p>
              ) : (
                <ul className="space-y-1.5 text-sm" data-testid="haproxy-vms">
                  {model.data.loadBalancers.map((vm) => (
                    <li key={vm.name} className="flex items-center justify-between gap-3">
                      <span className="break-all font-mono text-xs">
                        {vm.name}
                      </span>
                      <span className="font-mono text-xs text-slate-600 dark:text-slate-300">{vm.ipAddress ?? t("objects.haproxy.dhcp")}</span>
                    </li>
                  ))}
                </ul>
              )}
              {model.data.loadBalancers.length > 1 && <p className="mt-3 text-xs text-slate-500 dark:text-slate-400">{t("objects.haproxy.vmsNote")}</p>}
            </Card>
            <Card title={t("objects.haproxy.warnings", { count: model.data.warnings.length })}>
              {model.data.warnings.length === 0 ? (
                <p className="text-sm text-emerald-700 dark:text-emerald-400">{t("objects.haproxy.noWarnings")}</p>
              ) : (
                <ul className="list-disc space-y-1 pl-5 text-sm text-amber-800 dark:text-amber-300" data-testid="haproxy-warnings">
                  {model.data.warnings.map((w, i) => (
                    <li key={i}>{w}</li>
                  ))}
                </ul>
              )}
            </Card>
          </div>

          <section aria-labelledby="frontends-h">
            <h2 id="frontends-h" className="mb-2 text-sm font-semibold">
              {t("objects.haproxy.frontends", { count: model.data.frontends.length })}
            </h2>
            <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm dark:border-slate-800 dark:bg-slate-900">
              <table className="w-full text-left text-sm" data-testid="haproxy-frontends">
                <thead className="border-b border-slate-200 bg-slate-50 text-xs text-slate-500 dark:border-slate-800 dark:bg-slate-800/50 dark:text-slate-400">
                  <tr>
                    <th scope="col" className="px-3 py-2 font-medium">{t("objects.haproxy.col.frontend")}</th>
                    <th scope="col" className="px-3 py-2 font-medium">{t("objects.haproxy.col.target")}</th>
                    <th scope="col" className="px-3 py-2 font-medium">{t("objects.haproxy.col.backends")}</th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
                  {model.data.frontends.map((f, i, all) => {
                    const marked = frontendMatches(linkedFrontend, f.vip, f.port) || (linkedService !== null && f.service === linkedService);
                    const first = marked && all.findIndex((g) => frontendMatches(linkedFrontend, g.vip, g.port) || (linkedService !== null && g.service === linkedService)) === i;
                    return <FrontendRow key={f.name} f={f} cluster={name} marked={marked} scrollTo={first} />;
                  })}
                </tbody>
              </table>
            </div>
          </section>

          <Card
            title={t("objects.haproxy.cfg")}
            actions={cfg.data ? <CfgActions text={cfg.data} fileName={`haproxy-${name}.cfg`} /> : undefined}
          >
            <p className="mb-2 text-xs text-slate-500 dark:text-slate-400">{t("objects.haproxy.cfgNote")}</p>
            {cfg.isPending ? (
              <Loading />
            ) : cfg.isError ? (
              <ErrorState error={cfg.error} onRetry={() => cfg.refetch()} />
            ) : (
              <pre
                data-testid="haproxy-cfg"
                aria-label={t("objects.haproxy.cfg")}
                tabIndex={0}
                className="max-h-[32rem] overflow-auto rounded-md bg-slate-900 p-4 font-mono text-xs leading-5 text-slate-100 focus-visible:outline-2 focus-visible:outline-sky-500 dark:bg-black/60"
              >
                {cfg.data.split("\n").map((line, i) => (
                  <CfgLine key={i} line={line} />
                ))}
              </pre>
            )}
          </Card>
        </div>
      )}
    </div>
  );
}

function FrontendRow({ f, cluster, marked, scrollTo }: { f: HaproxyFrontend; cluster: string; marked: boolean; scrollTo: boolean }) {
  const { t } = useI18n();
  const ref = useScrollIntoViewWhen<HTMLTableRowElement>(scrollTo);
  return (
    <tr ref={ref} className={`align-top ${marked ? markedClass : ""}`} data-testid="haproxy-frontend" data-frontend={f.name} data-marked={marked || undefined}>
      <td className="px-3 py-2">
        <div className="font-mono text-xs font-medium">{f.name}</div>
        <div className="mt-0.5 font-mono text-xs text-slate-500 dark:text-slate-400">
          {f.vip}:{f.port}/{f.protocol}
        </div>
      </td>
      <td className="px-3 py-2 text-xs">
        {f.kind === "apiserver" ? (
          <Badge tone="violet">{t("objects.haproxy.apiserver")}</Badge>
        ) : (
          <div className="space-y-1">
            <div>
              <Badge tone="sky">{t("objects.haproxy.service")}</Badge>{" "}
              {f.service ? (
                <ObjectLink to={{ kind: "service", cluster, ...splitRef(f.service) }} className="font-mono">
                  {f.service}
                </ObjectLink>
              ) : null}
              {f.servicePortName && <span className="ml-1 text-slate-500 dark:text-slate-400">({f.servicePortName})</span>}
            </div>
            {f.externalTrafficPolicy && (
              <div className="text-slate-500 dark:text-slate-400" title={t(f.externalTrafficPolicy === "Local" ? "objects.services.etpLocal" : "objects.services.etpCluster")}>
                {t("objects.services.etp", { policy: f.externalTrafficPolicy })}
              </div>
            )}
          </div>
        )}
      </td>
      <td className="px-3 py-2">
        {f.backends.length === 0 ? (
          <span className="text-xs text-amber-700 dark:text-amber-400">{t("objects.haproxy.noBackends")}</span>
        ) : (
          <ul className="space-y-0.5 text-xs">
            {f.backends.map((b) => (
              <li key={`${b.node}-${b.port}`} className="flex flex-wrap items-baseline gap-x-2">
                <span className="font-mono">{b.address ? `${b.address}:${b.port}` : `?:${b.port}`}</span>
                <ObjectLink to={{ kind: "node", cluster, name: b.node }} className="text-xs">
                  {b.node}
                </ObjectLink>
                {b.osType === "Windows" && <Badge tone="slate">Windows</Badge>}
                {b.check && (
                  <span className="text-slate-500 dark:text-slate-400">
                    {t("objects.haproxy.check", { port: b.check.port, path: b.check.path })}
                  </span>
                )}
              </li>
            ))}
          </ul>
        )}
      </td>
    </tr>
  );
}

/** haproxy.cfg, lightly highlighted: comments, section keywords, the rest plain. */
function CfgLine({ line }: { line: string }) {
  const trimmed = line.trimStart();
  if (trimmed.startsWith("#")) return <div className="text-slate-400 italic">{line || " "}</div>;
  const m = line.match(/^(global|defaults|frontend|backend|listen)(\s+.*)?$/);
  if (m)
    return (
      <div>
        <span className="font-semibold text-sky-300">{m[1]}</span>
        <span className="text-amber-200">{m[2]}</span>
      </div>
    );
  const kw = line.match(/^(\s+)(\S+)(.*)$/);
  if (kw)
    return (
      <div>
        {kw[1]}
        <span className="text-emerald-300">{kw[2]}</span>
        {kw[3]}
      </div>
    );
  return <div>{line || " "}</div>;
}

function CfgActions({ text, fileName }: { text: string; fileName: string }) {
  const { t } = useI18n();
  const [state, setState] = useState<"copied" | "failed" | null>(null);
  const timer = useRef<number | undefined>(undefined);
  useEffect(() => () => window.clearTimeout(timer.current), []);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setState("copied");
    } catch {
      setState("failed");
    }
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => setState(null), 2000);
  };
  const download = () => {
    const url = URL.createObjectURL(new Blob([text], { type: "text/plain" }));
    const a = document.createElement("a");
    a.href = url;
    a.download = fileName;
    a.click();
    URL.revokeObjectURL(url);
  };
  return (
    <div className="flex items-center gap-2">
      <span role="status" className="text-xs text-slate-500 dark:text-slate-400">
        {state === "copied" ? t("objects.copied") : state === "failed" ? t("objects.copyFailed") : ""}
      </span>
      <Button variant="secondary" className="!px-2.5 !py-1 text-xs" onClick={copy}>
        {t("objects.copy")}
      </Button>
      <Button variant="secondary" className="!px-2.5 !py-1 text-xs" onClick={download}>
        {t("objects.download")}
      </Button>
    </div>
  );
}
