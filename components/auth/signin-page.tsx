"use client";
import { errorWithFields } from "@/components/ui/error-text";
import { useState, type FormEvent } from "react";
import { useI18n } from "@/components/shell/i18n";
import { api, ApiError } from "@/components/data/api";
import { Button, Field, inputClass } from "@/components/ui/primitives";
import { PreferenceSwitches } from "@/components/shell/preferences";

/** Only same-site relative paths are followed after sign-in (no open redirect). */
export function safeNext(next: string | null): string {
  return next && next.startsWith("/") && !next.startsWith("//") && !next.startsWith("/\\") ? next : "/";
}

export function SignInPage({ mode, setupToken, next }: { mode: "signin" | "setup"; setupToken?: string; next?: string }) {
  const { t, lang } = useI18n();
  const [username, setUsername] = useState(mode === "setup" ? "admin" : "");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      if (mode === "setup") await api("/api/auth/setup", { method: "POST", json: { token: setupToken ?? "", username, password } });
      await api("/api/auth/signin", { method: "POST", json: { username, password } });
      window.location.assign(safeNext(next ?? null));
    } catch (err) {
      if (err instanceof ApiError && err.status === 429) setError(t("auth.signin.throttled", { seconds: String((err.details as { retryAfterSeconds?: number })?.retryAfterSeconds ?? "") }));
      else if (err instanceof ApiError && err.status === 401) setError(t("auth.signin.failed"));
      else if (err instanceof ApiError && err.code === "setup_closed") setError(t("auth.setup.closed"));
      else setError(errorWithFields(lang, err));
      setBusy(false);
    }
  }

  return (
    <div className="mx-auto w-full max-w-sm">
      {/* no sidebar before signing in: the language and theme switches sit above the form */}
      <PreferenceSwitches className="mb-8 flex flex-wrap items-center justify-end gap-x-4 gap-y-2 text-sm" />
      <h1 className="text-2xl font-semibold tracking-tight">{mode === "setup" ? t("auth.setup.title") : t("auth.signin.title")}</h1>
      <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">{mode === "setup" ? t("auth.setup.subtitle") : t("auth.signin.subtitle")}</p>
      {mode === "setup" && !setupToken ? (
        <p role="alert" className="mt-6 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-200">
          {t("auth.setup.missing")}
        </p>
      ) : (
        <form onSubmit={submit} className="mt-6 flex flex-col gap-4 rounded-lg border border-slate-200 bg-white p-5 shadow-sm dark:border-slate-800 dark:bg-slate-900">
          <Field id="username" label={t("auth.username")}>
            <input id="username" name="username" autoComplete="username" required value={username} onChange={(e) => setUsername(e.target.value)} className={inputClass} />
          </Field>
          <Field id="password" label={t("auth.password")}>
            <input
              id="password"
              name="password"
              type="password"
              autoComplete={mode === "setup" ? "new-password" : "current-password"}
              required
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              className={inputClass}
            />
          </Field>
          {error && (
            <p role="alert" className="rounded-md bg-rose-50 px-3 py-2 text-sm text-rose-800 dark:bg-rose-950 dark:text-rose-200">
              {error}
            </p>
          )}
          <Button type="submit" disabled={busy}>
            {mode === "setup" ? t("auth.setup.submit") : t("auth.signin.submit")}
          </Button>
        </form>
      )}
    </div>
  );
}
