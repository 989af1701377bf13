"use client";
import { useState, type FormEvent } from "react";
import { useI18n } from "@/components/shell/i18n";
import { errorWithFields } from "@/components/ui/error-text";
import { useCreateUser, useUpdateUser, useUsers } from "@/components/data/hooks";
import { Badge, Button, Card, Empty, ErrorState, Field, inputClass, Loading, PageHeader } from "@/components/ui/primitives";
import { ROLES } from "@/lib/auth/roles";
import type { UserDto } from "@/lib/api/auth-dto";


export function UsersPage() {
  const { t, lang } = useI18n();
  const users = useUsers();
  const create = useCreateUser();
  const [form, setForm] = useState({ username: "", password: "", role: "reviewer" });
  const [notice, setNotice] = useState<string | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setNotice(null);
    const u = await create.mutateAsync(form).catch(() => null);
    if (u) {
      setNotice(t("users.created", { name: u.username }));
      setForm({ username: "", password: "", role: "reviewer" });
    }
  }

  return (
    <div>
      <PageHeader title={t("users.title")} subtitle={t("users.subtitle")} />
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-[22rem_minmax(0,1fr)]">
        <Card title={t("users.create")}>
          <form onSubmit={submit} className="flex flex-col gap-3">
            <Field id="new-username" label={t("auth.username")}>
              <input id="new-username" required autoComplete="off" value={form.username} onChange={(e) => setForm({ ...form, username: e.target.value })} className={inputClass} />
            </Field>
            <Field id="new-password" label={t("auth.password")}>
              <input id="new-password" type="password" required autoComplete="new-password" value={form.password} onChange={(e) => setForm({ ...form, password: e.target.value })} className={inputClass} />
            </Field>
            <Field id="new-role" label={t("users.role")} help={t("role.help")}>
              <select id="new-role" value={form.role} onChange={(e) => setForm({ ...form, role: e.target.value })} className={inputClass}>
                {ROLES.map((r) => (
                  <option key={r} value={r}>
                    {t(`role.${r}`)}
                  </option>
                ))}
              </select>
            </Field>
            {create.error && (
              <p role="alert" className="text-sm text-rose-700 dark:text-rose-300">
                {errorWithFields(lang, create.error)}
              </p>
            )}
            {notice && (
              <p role="status" className="text-sm text-emerald-700 dark:text-emerald-300">
                {notice}
              </p>
            )}
            <Button type="submit" disabled={create.isPending}>
              {t("users.create")}
            </Button>
          </form>
        </Card>
        <Card title={t("users.title")} className="min-w-0">
          {users.isLoading ? <Loading /> : users.error ? <ErrorState error={users.error} onRetry={() => users.refetch()} /> : !users.data?.length ? <Empty>{t("users.empty")}</Empty> : <UserTable users={users.data} />}
        </Card>
      </div>
    </div>
  );
}

function UserTable({ users }: { users: UserDto[] }) {
  const { t, lang } = useI18n();
  const statusBadge = (disabled: boolean) => (disabled ? <Badge tone="rose">{t("users.disabled")}</Badge> : <Badge tone="emerald">{t("users.enabled")}</Badge>);
  const update = useUpdateUser();
  const [resetFor, setResetFor] = useState<UserDto | null>(null);
  const [password, setPassword] = useState("");
  return (
    <div className="flex flex-col gap-3">
      {update.error && (
        <p role="alert" className="text-sm text-rose-700 dark:text-rose-300">
          {errorWithFields(lang, update.error)}
        </p>
      )}
      <div className="relative overflow-x-auto">
        <table className="w-full text-left text-sm">
          <thead className="text-xs uppercase text-slate-500 dark:text-slate-400">
            <tr>
              <th className="py-2 pr-3">{t("auth.username")}</th>
              <th className="py-2 pr-3">{t("users.role")}</th>
              <th className="hidden py-2 pr-3 sm:table-cell">{t("users.status")}</th>
              <th className="py-2">{t("users.actions")}</th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.id} className="border-t border-slate-200 dark:border-slate-800">
                <td className="py-2 pr-3 font-medium">
                  {u.username}
                  {/* on a phone the status sits under the name (its own column is hidden) */}
                  <span className="mt-1 block sm:hidden">{statusBadge(u.disabled)}</span>
                </td>
                <td className="py-2 pr-3">
                  <select
                    aria-label={t("users.roleOf", { name: u.username })}
                    value={u.role}
                    onChange={(e) => update.mutate({ id: u.id, role: e.target.value })}
                    className="rounded-md border border-slate-300 bg-white px-2 py-1 dark:border-slate-700 dark:bg-slate-800"
                  >
                    {ROLES.map((r) => (
                      <option key={r} value={r}>
                        {t(`role.${r}`)}
                      </option>
                    ))}
                  </select>
                </td>
                <td className="hidden py-2 pr-3 sm:table-cell">{statusBadge(u.disabled)}</td>
                <td className="py-2">
                  {/* on a phone the two actions stack and a long label wraps between phrases, instead of running off the card */}
                  <div className="flex flex-wrap gap-2">
                    <Button variant="secondary" className="[word-break:auto-phrase]" onClick={() => update.mutate({ id: u.id, disabled: !u.disabled })}>
                      {u.disabled ? t("users.enable") : t("users.disable")}
                    </Button>
                    <Button variant="secondary" className="[word-break:auto-phrase]" onClick={() => setResetFor(u)}>
                      {t("users.reset")}
                    </Button>
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {resetFor && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            update.mutate({ id: resetFor.id, password }, { onSuccess: () => (setResetFor(null), setPassword("")) });
          }}
          className="flex flex-wrap items-end gap-2"
        >
          <Field id="reset-password" label={t("users.newPassword", { name: resetFor.username })}>
            <input id="reset-password" type="password" autoComplete="new-password" required value={password} onChange={(e) => setPassword(e.target.value)} className={inputClass} />
          </Field>
          <Button type="submit">{t("users.reset")}</Button>
          <Button variant="secondary" onClick={() => setResetFor(null)}>
            {t("common.cancel")}
          </Button>
        </form>
      )}
    </div>
  );
}
