"use client";
import { useI18n } from "@/components/shell/i18n";
import { api } from "@/components/data/api";

export function SignOutButton() {
  const { t } = useI18n();
  return (
    <button
      type="button"
      onClick={async () => {
        await api("/api/auth/signout", { method: "POST" }).catch(() => undefined);
        window.location.assign("/signin");
      }}
      className="shrink-0 rounded-md border border-slate-300 px-2 py-1 font-medium text-slate-700 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-sky-500 dark:border-slate-700 dark:text-slate-200 dark:hover:bg-slate-800"
    >
      {t("auth.signOut")}
    </button>
  );
}
