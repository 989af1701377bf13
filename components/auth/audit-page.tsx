"use client";
import { useState, type FormEvent } from "react";
import { useI18n } from "@/components/shell/i18n";
import { codeKey } from "@/lib/i18n/labels";
import { useAudit } from "@/components/data/hooks";
import { Button, Card, Empty, ErrorState, Field, inputClass, Loading, PageHeader } from "@/components/ui/primitives";

interface Filter {
  actor: string;
  object: string;
  from: string;
  to: string;
}

function queryOf(f: Filter): string {
  const q = new URLSearchParams();
  if (f.actor.trim()) q.set("actor", f.actor.trim());
  if (f.object.trim()) q.set("object", f.object.trim());
  // datetime-local is the browser's local time
  if (f.from) q.set("from", new Date(f.from).toISOString());
  if (f.to) q.set("to", new Date(f.to).toISOString());
  return q.toString();
}

export function AuditPage() {
  const { t, lang } = useI18n();
  const actionLabel = (action: string) => {
    const key = codeKey("audit.actions", action);
    return key ? t(key) : action;
  };
  const [draft, setDraft] = useState<Filter>({ actor: "", object: "", from: "", to: "" });
  const [query, setQuery] = useState("");
  const audit = useAudit(query);

  function submit(e: FormEvent) {
    e.preventDefault();
    setQuery(queryOf(draft));
  }

  return (
    <div>
      <PageHeader
        title={t("audit.title")}
        subtitle={t("audit.subtitle")}
        actions={
          <a
            href={`/api/audit?${query}${query ? "&" : ""}format=csv`}
            download
            className="inline-flex items-center rounded-md border border-slate-300 bg-white px-3.5 py-2 text-sm font-medium text-slate-800 shadow-sm hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-sky-500 dark:border-slate-700 dark:bg-slate-800 dark:text-slate-100"
          >
            {t("audit.csv")}
          </a>
        }
      />
      <Card>
        <form onSubmit={submit} className="grid gap-3 sm:grid-cols-2 lg:grid-cols-5 lg:items-end">
          <Field id="audit-actor" label={t("audit.actor")}>
            <input id="audit-actor" value={draft.actor} onChange={(e) => setDraft({ ...draft, actor: e.target.value })} className={inputClass} />
          </Field>
          <Field id="audit-object" label={t("audit.object")}>
            <input id="audit-object" value={draft.object} onChange={(e) => setDraft({ ...draft, object: e.target.value })} className={inputClass} />
          </Field>
          <Field id="audit-from" label={t("audit.from")}>
            <input id="audit-from" type="datetime-local" value={draft.from} onChange={(e) => setDraft({ ...draft, from: e.target.value })} className={inputClass} />
          </Field>
          <Field id="audit-to" label={t("audit.to")}>
            <input id="audit-to" type="datetime-local" value={draft.to} onChange={(e) => setDraft({ ...draft, to: e.target.value })} className={inputClass} />
          </Field>
          <Button type="submit">{t("audit.filter")}</Button>
        </form>
      </Card>
      <div className="mt-6">
        {audit.isLoading ? (
          <Loading />
        ) : audit.error ? (
          <ErrorState error={audit.error} onRetry={() => audit.refetch()} />
        ) : !audit.data?.length ? (
          <Empty>{t("audit.empty")}</Empty>
        ) : (
          <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
            <table className="w-full text-left text-sm">
              <thead className="text-xs uppercase text-slate-500 dark:text-slate-400">
                <tr>
                  <th className="px-3 py-2">{t("audit.at")}</th>
                  <th className="px-3 py-2">{t("audit.actor")}</th>
                  <th className="px-3 py-2">{t("audit.action")}</th>
                  <th className="px-3 py-2">{t("audit.target")}</th>
                  <th className="px-3 py-2">{t("audit.change")}</th>
                </tr>
              </thead>
              <tbody>
                {audit.data.map((e) => (
                  <tr key={e.id} className="border-t border-slate-200 align-top dark:border-slate-800" data-testid="audit-row">
                    <td className="whitespace-nowrap px-3 py-2">{new Date(e.at).toLocaleString(lang)}</td>
                    <td className="px-3 py-2 font-medium">{e.actor}</td>
                    <td className="whitespace-nowrap px-3 py-2" data-action={e.action}>
                      {actionLabel(e.action)}
                    </td>
                    <td className="px-3 py-2">
                      {e.targetKind} <span className="font-mono">{e.targetName}</span>
                    </td>
                    <td className="max-w-md min-w-64 px-3 py-2 font-mono text-xs break-all text-slate-600 dark:text-slate-400">
                      {e.before ? e.before.slice(0, 300) : "—"} → {e.after ? e.after.slice(0, 300) : "—"}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>
    </div>
  );
}
