"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import type { MessageKey } from "@/lib/i18n/messages";
import { useI18n } from "./i18n";
import { PreferenceSwitches } from "./preferences";
import type { Role } from "@/lib/auth/roles";
import { SignOutButton } from "@/components/auth/sign-out";

/** The product's areas. `href` null = not part of this version yet (shown, not linked). */
export const AREAS: { key: MessageKey; href: string | null; icon: string }[] = [
  { key: "nav.networks", href: "/networks", icon: "M4 6h16M4 12h16M4 18h10" },
  { key: "nav.clusters", href: "/clusters", icon: "M5 5h6v6H5zM13 5h6v6h-6zM5 13h6v6H5zM13 13h6v6h-6z" },
  { key: "nav.topology", href: "/topology", icon: "M6 6a2 2 0 1 0 0 .01M18 6a2 2 0 1 0 0 .01M12 18a2 2 0 1 0 0 .01M7 7l4 9M17 7l-4 9" },
  { key: "nav.policies", href: "/policies", icon: "M12 3l8 4v5c0 5-3.5 8-8 9-4.5-1-8-4-8-9V7z" },
  { key: "nav.traffic", href: "/traffic", icon: "M3 12h4l3-8 4 16 3-8h4" },
  { key: "nav.compare", href: "/compare", icon: "M8 4v16M16 4v16M4 8h8M12 16h8" },
];

/** Account areas, shown to the roles that may use them (the server decides; this only hides). */
export const ACCOUNT_AREAS: { key: MessageKey; href: string; icon: string; roles: Role[] }[] = [
  { key: "nav.users", href: "/users", icon: "M16 19v-1a4 4 0 0 0-8 0v1M12 11a3 3 0 1 0 0-6 3 3 0 0 0 0 6z", roles: ["admin"] },
  { key: "nav.audit", href: "/audit", icon: "M9 5h10M9 12h10M9 19h10M5 5h.01M5 12h.01M5 19h.01", roles: ["admin", "reviewer"] },
  { key: "nav.tokens", href: "/tokens", icon: "M15 7a4 4 0 1 1-3.9 5H4v3h3v3h3v-3.1", roles: ["admin", "support", "reviewer"] },
];

export function Sidebar({ user }: { user: { username: string; role: Role } }) {
  const { t } = useI18n();
  const path = usePathname();
  return (
    <aside className="print:hidden flex w-full shrink-0 flex-col border-b border-slate-200 bg-white md:h-screen md:w-60 md:border-r md:border-b-0 dark:border-slate-800 dark:bg-slate-900 md:sticky md:top-0">
      <div className="flex items-center gap-2 px-5 py-3 md:py-4">
        <svg viewBox="0 0 24 24" className="h-7 w-7 text-sky-700 dark:text-sky-400" fill="none" stroke="currentColor" strokeWidth="2" aria-hidden>
          <circle cx="6" cy="12" r="2.5" />
          <circle cx="18" cy="6" r="2.5" />
          <circle cx="18" cy="18" r="2.5" />
          <path d="M8.3 11l7.4-3.8M8.3 13l7.4 3.8" />
        </svg>
        <div>
          <div className="text-lg font-semibold tracking-tight">{t("app.name")}</div>
          <div className="text-xs text-slate-500 dark:text-slate-400">{t("app.tagline")}</div>
        </div>
      </div>
      <nav aria-label={t("shell.nav")} className="flex flex-wrap gap-1 px-3 pb-2 md:flex-1 md:flex-col md:flex-nowrap md:pb-3">
        {AREAS.map((a) => {
          const active = a.href !== null && (path === a.href || path.startsWith(a.href + "/"));
          const icon = (
            <svg viewBox="0 0 24 24" className="h-4 w-4 shrink-0" fill="none" stroke="currentColor" strokeWidth="2" aria-hidden>
              <path d={a.icon} strokeLinecap="round" strokeLinejoin="round" />
            </svg>
          );
          if (a.href === null)
            return (
              <span
                key={a.key}
                title={t("nav.plannedHint")}
                aria-disabled="true"
                className="flex cursor-not-allowed items-center gap-2 rounded-md px-2 py-1.5 text-sm text-slate-500 md:gap-3 md:px-3 md:py-2 dark:text-slate-400"
              >
                {icon}
                <span className="flex-1">{t(a.key)}</span>
                <span className="rounded bg-slate-100 px-1.5 text-[10px] uppercase tracking-wide dark:bg-slate-800">{t("nav.planned")}</span>
              </span>
            );
          return (
            <Link
              key={a.key}
              href={a.href}
              aria-current={active ? "page" : undefined}
              className={`flex items-center gap-2 rounded-md px-2 py-1.5 text-sm font-medium md:gap-3 md:px-3 md:py-2 focus-visible:outline-2 focus-visible:outline-sky-500 ${
                active
                  ? "bg-sky-50 text-sky-700 dark:bg-sky-950 dark:text-sky-300"
                  : "text-slate-700 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800"
              }`}
            >
              {icon}
              {t(a.key)}
            </Link>
          );
        })}
        {ACCOUNT_AREAS.filter((a) => a.roles.includes(user.role)).map((a) => {
          const active = path === a.href || path.startsWith(a.href + "/");
          return (
            <Link
              key={a.key}
              href={a.href}
              aria-current={active ? "page" : undefined}
              className={`flex items-center gap-3 rounded-md px-3 py-2 text-sm font-medium focus-visible:outline-2 focus-visible:outline-sky-500 ${
                active ? "bg-sky-50 text-sky-700 dark:bg-sky-950 dark:text-sky-300" : "text-slate-700 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800"
              }`}
            >
              <svg viewBox="0 0 24 24" className="h-4 w-4 shrink-0" fill="none" stroke="currentColor" strokeWidth="2" aria-hidden>
                <path d={a.icon} strokeLinecap="round" strokeLinejoin="round" />
              </svg>
              {t(a.key)}
            </Link>
          );
        })}
      </nav>
      <div className="flex flex-wrap items-center justify-between gap-2 border-t border-slate-200 px-5 py-3 text-xs dark:border-slate-800">
        <span data-testid="signed-in-as" className="min-w-0 break-words text-slate-600 dark:text-slate-400">
          {t("auth.signedInAs", { name: user.username, role: t(`role.${user.role}`) })}
        </span>
        <SignOutButton />
      </div>
      <PreferenceSwitches className="flex flex-wrap items-center gap-x-4 gap-y-2 border-t border-slate-200 px-5 py-2 text-sm md:flex-col md:items-stretch md:gap-3 md:py-4 dark:border-slate-800" />
    </aside>
  );
}
