"use client";
/** Small shared building blocks: page header, card, button, states (loading / empty / error), field. */
import { errorText } from "@/components/ui/error-text";
import type { ButtonHTMLAttributes, ReactNode } from "react";
import { useI18n } from "@/components/shell/i18n";
import { ApiError } from "@/components/data/api";

export function PageHeader({ title, subtitle, actions }: { title: string; subtitle?: string; actions?: ReactNode }) {
  return (
    <header className="mb-6 flex flex-wrap items-end justify-between gap-4">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">{title}</h1>
        {subtitle && <p className="mt-1 max-w-3xl text-sm text-slate-600 dark:text-slate-400">{subtitle}</p>}
      </div>
      {actions && <div className="flex gap-2">{actions}</div>}
    </header>
  );
}

export function Card({ title, children, className = "", actions }: { title?: ReactNode; children: ReactNode; className?: string; actions?: ReactNode }) {
  return (
    <section className={`min-w-0 rounded-lg border border-slate-200 bg-white shadow-sm dark:border-slate-800 dark:bg-slate-900 ${className}`}>
      {title && (
        <div className="flex items-center justify-between border-b border-slate-200 px-4 py-3 dark:border-slate-800">
          <h2 className="text-sm font-semibold">{title}</h2>
          {actions}
        </div>
      )}
      <div className="p-4">{children}</div>
    </section>
  );
}

type Variant = "primary" | "secondary" | "danger";
const variants: Record<Variant, string> = {
  primary: "bg-sky-700 text-white enabled:hover:bg-sky-800",
  secondary:
    "border border-slate-300 bg-white text-slate-800 enabled:hover:bg-slate-50 dark:border-slate-700 dark:bg-slate-800 dark:text-slate-100 dark:enabled:hover:bg-slate-700",
  danger: "bg-rose-700 text-white enabled:hover:bg-rose-800",
};
/**
 * Disabled looks disabled, whatever the variant: flat grey, dashed border, no shadow, "not-allowed" cursor (the
 * quality journey checks the computed style).
 */
export const disabledClass =
  "disabled:cursor-not-allowed disabled:border disabled:border-dashed disabled:border-slate-300 disabled:bg-slate-100 disabled:text-slate-500 disabled:shadow-none " +
  "dark:disabled:border-slate-600 dark:disabled:bg-slate-800 dark:disabled:text-slate-400";

export function Button({ variant = "primary", className = "", ...rest }: ButtonHTMLAttributes<HTMLButtonElement> & { variant?: Variant }) {
  return (
    <button
      type="button"
      {...rest}
      className={`inline-flex items-center justify-center gap-2 rounded-md px-3.5 py-2 text-sm font-medium shadow-sm transition focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-500 ${variants[variant]} ${disabledClass} ${className}`}
    />
  );
}

export function Spinner({ label }: { label?: string }) {
  return (
    <span role="status" className="inline-flex items-center gap-2 text-sm text-slate-500 dark:text-slate-400">
      <svg className="h-4 w-4 animate-spin" viewBox="0 0 24 24" fill="none" aria-hidden>
        <circle cx="12" cy="12" r="10" stroke="currentColor" strokeOpacity="0.25" strokeWidth="4" />
        <path d="M22 12a10 10 0 0 0-10-10" stroke="currentColor" strokeWidth="4" />
      </svg>
      {label}
    </span>
  );
}

export function Loading() {
  const { t } = useI18n();
  return (
    <div className="flex items-center justify-center py-16">
      <Spinner label={t("common.loading")} />
    </div>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return (
    <div className="rounded-lg border border-dashed border-slate-300 px-6 py-12 text-center text-sm text-slate-500 dark:border-slate-700 dark:text-slate-400">
      {children}
    </div>
  );
}

export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t, lang } = useI18n();
  const message = errorText(lang, error);
  const status = error instanceof ApiError ? error.status : undefined;
  return (
    <div role="alert" className="rounded-lg border border-rose-200 bg-rose-50 px-4 py-3 text-sm text-rose-800 dark:border-rose-900 dark:bg-rose-950 dark:text-rose-200">
      <div className="font-medium">
        {status === 404 ? t("common.notFound") : t("common.error")}
        {status ? ` (${status})` : ""}
      </div>
      <div className="mt-1">{message}</div>
      {/* retrying cannot change a 4xx answer (unknown object, bad input): Retry only for network and server errors */}
      {onRetry && !(status !== undefined && status >= 400 && status < 500 && status !== 408 && status !== 429) && (
        <button type="button" onClick={onRetry} className="mt-2 font-medium underline">
          {t("common.retry")}
        </button>
      )}
    </div>
  );
}

export function Badge({ children, tone = "slate" }: { children: ReactNode; tone?: "slate" | "sky" | "emerald" | "amber" | "rose" | "violet" }) {
  const tones = {
    slate: "bg-slate-100 text-slate-700 dark:bg-slate-800 dark:text-slate-300",
    sky: "bg-sky-100 text-sky-800 dark:bg-sky-950 dark:text-sky-300",
    emerald: "bg-emerald-100 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-300",
    amber: "bg-amber-100 text-amber-800 dark:bg-amber-950 dark:text-amber-300",
    rose: "bg-rose-100 text-rose-800 dark:bg-rose-950 dark:text-rose-300",
    violet: "bg-violet-100 text-violet-800 dark:bg-violet-950 dark:text-violet-300",
  };
  return <span className={`inline-flex items-center rounded px-1.5 py-0.5 text-xs font-medium [word-break:auto-phrase] ${tones[tone]}`}>{children}</span>;
}

export const inputClass =
  "w-full rounded-md border bg-white px-3 py-2 text-sm shadow-sm outline-none focus:ring-2 dark:bg-slate-950 " +
  "border-slate-300 focus:border-sky-500 focus:ring-sky-200 dark:border-slate-700 dark:focus:ring-sky-900";
export const inputErrorClass = "border-rose-500 focus:border-rose-500 focus:ring-rose-200 dark:border-rose-600";

export function Field({
  id,
  label,
  help,
  errors,
  optional,
  children,
}: {
  id: string;
  label: string;
  help?: string;
  errors?: string[];
  optional?: boolean;
  children: ReactNode;
}) {
  const { t } = useI18n();
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-sm font-medium">
        {label}
        {optional && <span className="ml-1 font-normal text-slate-500 dark:text-slate-400">({t("common.optional")})</span>}
      </label>
      {children}
      {errors && errors.length > 0 ? (
        <ul id={`${id}-error`} className="text-xs text-rose-600 dark:text-rose-400" data-field-error={id}>
          {errors.map((e) => (
            <li key={e}>{e}</li>
          ))}
        </ul>
      ) : (
        help && <p className="text-xs text-slate-500 dark:text-slate-400">{help}</p>
      )}
    </div>
  );
}
