"use client";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCan, useNetworks } from "@/components/data/hooks";
import { useI18n } from "@/components/shell/i18n";
import { Badge, Button, Card, Empty, ErrorState, Loading, PageHeader } from "@/components/ui/primitives";
import { NetworkForm } from "./network-form";

function Meter({ used, size }: { used: number; size: number }) {
  const pct = size === 0 ? 0 : Math.round((used / size) * 100);
  return (
    <span className="inline-flex items-center gap-2">
      <span className="h-1.5 w-16 overflow-hidden rounded-full bg-slate-200 dark:bg-slate-700">
        <span className="block h-full bg-sky-500" style={{ width: `${pct}%` }} />
      </span>
      <span className="text-xs tabular-nums text-slate-500 dark:text-slate-400">
        {used}/{size}
      </span>
    </span>
  );
}

export function NetworksPage() {
  const canCreate = useCan("/api/networks", "POST");
  const { t } = useI18n();
  const router = useRouter();
  const networks = useNetworks();
  // the open form lives in the URL (?new=1): a reload keeps it open, its input is in sessionStorage (NetworkForm).
  // No key closes it: Cancel asks before discarding typed input.
  const creating = useSearchParams().get("new") === "1";
  const path = usePathname();
  const setCreating = (open: boolean) => router.replace(open ? `${path}?new=1` : path, { scroll: false });

  return (
    <div>
      <PageHeader
        title={t("networks.title")}
        subtitle={t("networks.subtitle")}
        actions={
          !creating &&
          canCreate && (
            <Button onClick={() => setCreating(true)}>
              <span aria-hidden>+</span> {t("networks.new")}
            </Button>
          )
        }
      />
      {creating && (
        <Card className="mb-6">
          <NetworkForm onCancel={() => setCreating(false)} onCreated={(name) => router.push(`/networks/${encodeURIComponent(name)}?created=1`)} />
        </Card>
      )}
      {networks.isPending ? (
        <Loading />
      ) : networks.isError ? (
        <ErrorState error={networks.error} onRetry={() => networks.refetch()} />
      ) : networks.data.length === 0 ? (
        <Empty>{t("networks.empty")}</Empty>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm dark:border-slate-800 dark:bg-slate-900">
          <table className="min-w-full text-sm" data-testid="networks-table">
            <thead className="bg-slate-50 text-left text-xs uppercase tracking-wide text-slate-500 dark:bg-slate-800/50 dark:text-slate-400">
              <tr>
                <th className="px-4 py-3">{t("networks.col.name")}</th>
                <th className="px-4 py-3">{t("networks.col.mode")}</th>
                <th className="px-4 py-3">{t("networks.col.prefix")}</th>
                <th className="px-4 py-3">{t("networks.col.nodePool")}</th>
                <th className="px-4 py-3">{t("networks.col.vipPool")}</th>
                <th className="px-4 py-3">{t("networks.col.clusters")}</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
              {networks.data.map((n) => (
                <tr key={n.name} className="hover:bg-slate-50 dark:hover:bg-slate-800/40">
                  <td className="px-4 py-3 font-medium">
                    <Link href={`/networks/${encodeURIComponent(n.name)}`} className="text-sky-700 hover:underline dark:text-sky-400">
                      {n.name}
                    </Link>
                    {n.vlanID !== null && <span className="ml-2 text-xs whitespace-nowrap text-slate-500 dark:text-slate-400">VLAN {n.vlanID}</span>}
                  </td>
                  <td className="px-4 py-3">
                    <Badge tone={n.ipAssignment === "static" ? "sky" : "amber"}>{t(n.ipAssignment === "static" ? "networks.mode.static" : "networks.mode.dhcp")}</Badge>
                  </td>
                  <td className="px-4 py-3 font-mono text-xs">{n.ipAddressPrefix ?? "—"}</td>
                  <td className="px-4 py-3">
                    {n.usage.node ? (
                      <div className="flex flex-col gap-1">
                        <span className="font-mono text-xs">{n.k8sNodeIpPoolStart} – {n.k8sNodeIpPoolEnd}</span>
                        <Meter used={n.usage.node.used} size={n.usage.node.size} />
                      </div>
                    ) : (
                      <span className="text-xs text-slate-500 dark:text-slate-400">DHCP</span>
                    )}
                  </td>
                  <td className="px-4 py-3">
                    <div className="flex flex-col gap-1">
                      <span className="font-mono text-xs">{n.vipPoolStart} – {n.vipPoolEnd}</span>
                      <Meter used={n.usage.vip.used} size={n.usage.vip.size} />
                    </div>
                  </td>
                  <td className="px-4 py-3 text-xs">
                    {n.clusters.length > 0 ? (
                      <ul className="flex flex-wrap gap-x-2">
                        {n.clusters.map((c) => (
                          <li key={c}>
                            <Link href={`/clusters/${encodeURIComponent(c)}`} className="font-medium text-sky-700 hover:underline dark:text-sky-400">
                              {c}
                            </Link>
                          </li>
                        ))}
                      </ul>
                    ) : (
                      <span className="text-slate-500 dark:text-slate-400">{t("common.none")}</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
