"use client";
import { ConfirmAction } from "@/components/ui/unsaved";
import { errorText } from "@/components/ui/error-text";
import { useState, type FormEvent } from "react";
import { useI18n } from "@/components/shell/i18n";
import { useCreateToken, useRevokeToken, useTokens } from "@/components/data/hooks";
import { Badge, Button, Card, Empty, ErrorState, Field, inputClass, Loading, PageHeader } from "@/components/ui/primitives";

export function TokensPage() {
  const { t, lang } = useI18n();
  const tokens = useTokens();
  const create = useCreateToken();
  const revoke = useRevokeToken();
  const [name, setName] = useState("");
  const [secret, setSecret] = useState<string | null>(null);
  const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString(lang) : t("tokens.never"));

  async function submit(e: FormEvent) {
    e.preventDefault();
    const r = await create.mutateAsync(name).catch(() => null);
    if (r) {
      setSecret(r.token);
      setName("");
    }
  }

  return (
    <div>
      <PageHeader title={t("tokens.title")} subtitle={t("tokens.subtitle")} />
      <div className="flex flex-col gap-6">
        <Card title={t("tokens.create")}>
          <form onSubmit={submit} data-testid="token-form" className="flex flex-wrap items-end gap-3">
            <Field id="token-name" label={t("tokens.name")}>
              <input id="token-name" required maxLength={64} value={name} onChange={(e) => setName(e.target.value)} className={inputClass} />
            </Field>
            <Button type="submit" disabled={create.isPending}>
              {t("tokens.create")}
            </Button>
          </form>
          {create.error && (
            <p role="alert" className="mt-2 text-sm text-rose-700 dark:text-rose-300">
              {errorText(lang, create.error)}
            </p>
          )}
          {secret && (
            <div role="status" className="mt-3 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100">
              <p>{t("tokens.once")}</p>
              <code data-testid="new-token" className="mt-1 block break-all font-mono">
                {secret}
              </code>
            </div>
          )}
        </Card>
        <Card title={t("tokens.title")}>
          {tokens.isLoading ? (
            <Loading />
          ) : tokens.error ? (
            <ErrorState error={tokens.error} onRetry={() => tokens.refetch()} />
          ) : !tokens.data?.length ? (
            <Empty>{t("tokens.empty")}</Empty>
          ) : (
            <div className="relative overflow-x-auto">
              <table className="w-full text-left text-sm">
                <thead className="text-xs uppercase text-slate-500 dark:text-slate-400">
                  <tr>
                    <th className="py-2 pr-3">{t("tokens.name")}</th>
                    <th className="py-2 pr-3">{t("tokens.prefix")}</th>
                    <th className="py-2 pr-3">{t("tokens.owner")}</th>
                    <th className="py-2 pr-3">{t("tokens.lastUsed")}</th>
                    <th className="py-2 pr-3">{t("users.status")}</th>
                    <th className="py-2">
                      <span className="sr-only">{t("users.actions")}</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {tokens.data.map((k) => (
                    <tr key={k.id} className="border-t border-slate-200 dark:border-slate-800">
                      <td className="py-2 pr-3 font-medium">{k.name}</td>
                      <td className="py-2 pr-3 font-mono text-xs">{k.prefix}…</td>
                      <td className="py-2 pr-3">
                        {k.username} ({t(`role.${k.role}`)})
                      </td>
                      <td className="py-2 pr-3">{when(k.lastUsedAt)}</td>
                      <td className="py-2 pr-3">{k.revokedAt ? <Badge tone="rose">{t("tokens.revoked")}</Badge> : <Badge tone="emerald">{t("tokens.active")}</Badge>}</td>
                      <td className="py-2">
                        {!k.revokedAt && (
                          <ConfirmAction
                            small
                            label={t("tokens.revoke")}
                            ariaLabel={`${t("tokens.revoke")} ${k.name}`}
                            question={t("tokens.revokeConfirm", { name: k.name })}
                            confirmLabel={t("tokens.revoke")}
                            pendingLabel={t("tokens.revoking")}
                            pending={revoke.isPending && revoke.variables === k.id}
                            error={revoke.variables === k.id ? revoke.error : null}
                            onConfirm={() => revoke.mutate(k.id)}
                          />
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </Card>
      </div>
    </div>
  );
}
