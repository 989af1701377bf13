"use client";
/**
 * The language and theme switches: in the sidebar of the signed-in shell and on the sign-in and setup pages (which
 * have no sidebar). The theme button names its action ("Switch to dark theme"); the current theme is written beside it.
 */
import { LANGS } from "@/lib/i18n/messages";
import { useI18n } from "./i18n";
import { useTheme } from "./theme";

export function PreferenceSwitches({ className = "" }: { className?: string }) {
  const { t, lang, setLang } = useI18n();
  const { theme, setTheme } = useTheme();
  return (
    <div className={className}>
      <label className="flex items-center justify-between gap-2">
        <span className="text-slate-600 dark:text-slate-400">{t("shell.language")}</span>
        <select
          aria-label={t("shell.language")}
          value={lang}
          onChange={(e) => setLang(e.target.value as (typeof LANGS)[number])}
          className="rounded-md border border-slate-300 bg-white px-2 py-1 dark:border-slate-700 dark:bg-slate-800"
        >
          <option value="en">English</option>
          <option value="ja">日本語</option>
        </select>
      </label>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <span className="whitespace-nowrap text-slate-600 dark:text-slate-400">
          {t("shell.theme")}: {theme === "dark" ? t("shell.theme.dark") : t("shell.theme.light")}
        </span>
        <button
          type="button"
          onClick={() => setTheme(theme === "dark" ? "light" : "dark")}
          data-testid="theme-toggle"
          className="rounded-md border border-slate-300 px-2 py-1 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-sky-500 dark:border-slate-700 dark:hover:bg-slate-800"
        >
          {theme === "dark" ? t("shell.theme.toLight") : t("shell.theme.toDark")}
        </button>
      </div>
    </div>
  );
}
