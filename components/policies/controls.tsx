"use client";
/** The heatmap's controls: port / protocol picker and the namespace and label filters (rows and columns alike). */
import { useEffect, useState, type FormEvent } from "react";
import { useI18n } from "@/components/shell/i18n";
import { Button, inputClass, inputErrorClass } from "@/components/ui/primitives";
import { normalizePort, PROTOCOLS } from "./model";

/** inputClass without its full width: these inputs sit side by side */
const compactInput = inputClass.replace("w-full ", "");

export function PortPicker({ port, presets, onChange }: { port: string; presets: { port: string; name?: string; count: number }[]; onChange(port: string): void }) {
  const { t } = useI18n();
  const [text, setText] = useState(port);
  const [error, setError] = useState(false);
  useEffect(() => {
    setText(port);
    setError(false);
  }, [port]);
  const protocol = (normalizePort(text) ?? port).split("/")[1] ?? "TCP";

  const apply = (value: string) => {
    const p = normalizePort(value);
    setError(p === null);
    if (p) {
      setText(p);
      onChange(p);
    }
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    apply(text);
  };
  return (
    <form onSubmit={submit} className="flex flex-col gap-1.5">
      <label htmlFor="policies-port" className="text-xs font-medium text-slate-600 dark:text-slate-400">
        {t("policies.port")}
      </label>
      <div className="flex gap-1.5">
        <input
          id="policies-port"
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            setError(false);
          }}
          onBlur={() => text !== port && apply(text)}
          placeholder="8080/TCP"
          aria-invalid={error || undefined}
          aria-describedby="policies-port-help"
          spellCheck={false}
          autoComplete="off"
          className={`${compactInput} w-32 font-mono ${error ? inputErrorClass : ""}`}
        />
        <select
          aria-label={t("policies.protocol")}
          value={protocol}
          onChange={(e) => {
            const num = (normalizePort(text) ?? port).split("/")[0];
            apply(`${num}/${e.target.value}`);
          }}
          className={`${compactInput} w-24`}
        >
          {PROTOCOLS.map((p) => (
            <option key={p}>{p}</option>
          ))}
        </select>
        <Button type="submit" variant="secondary">
          {t("policies.port.apply")}
        </Button>
      </div>
      <p id="policies-port-help" className={`text-xs ${error ? "text-rose-600 dark:text-rose-400" : "text-slate-500 dark:text-slate-400"}`} data-field-error={error ? "policies-port" : undefined}>
        {error ? t("policies.port.invalid") : t("policies.port.help")}
      </p>
      {presets.length > 0 && (
        <div className="flex flex-wrap gap-1" aria-label={t("policies.port.presets")} role="group">
          {presets.map((p) => (
            <button
              key={p.port}
              type="button"
              onClick={() => apply(p.port)}
              aria-pressed={p.port === port}
              title={p.count > 0 ? t("policies.port.presetHint", { count: p.count, name: p.name ?? "—" }) : undefined}
              className={`whitespace-nowrap rounded-full border px-2 py-0.5 font-mono text-[11px] transition ${
                p.port === port
                  ? "border-sky-700 bg-sky-700 text-white dark:border-sky-500 dark:bg-sky-700"
                  : "border-slate-300 text-slate-700 hover:bg-slate-100 dark:border-slate-700 dark:text-slate-300 dark:hover:bg-slate-800"
              }`}
            >
              {p.port}
              {p.name && <span className={p.port === port ? "text-white" : "text-slate-500 dark:text-slate-400"}> {p.name}</span>}
            </button>
          ))}
        </div>
      )}
    </form>
  );
}

export function NamespaceFilter({ namespaces, selected, onChange }: { namespaces: { name: string; pods: number }[]; selected: string[]; onChange(v: string[]): void }) {
  const { t } = useI18n();
  const toggle = (ns: string) => onChange(selected.includes(ns) ? selected.filter((s) => s !== ns) : [...selected, ns]);
  return (
    <fieldset className="flex flex-col gap-1.5">
      <legend className="mb-1.5 text-xs font-medium text-slate-600 dark:text-slate-400">{t("policies.filter.namespaces")}</legend>
      <div className="flex flex-wrap gap-1" data-testid="namespace-filter">
        <button
          type="button"
          onClick={() => onChange([])}
          aria-pressed={selected.length === 0}
          className={`rounded-full border px-2.5 py-0.5 text-xs transition ${
            selected.length === 0
              ? "border-slate-800 bg-slate-800 text-white dark:border-slate-200 dark:bg-slate-200 dark:text-slate-900"
              : "border-slate-300 text-slate-700 hover:bg-slate-100 dark:border-slate-700 dark:text-slate-300 dark:hover:bg-slate-800"
          }`}
        >
          {t("policies.filter.allNamespaces")}
        </button>
        {namespaces.map((ns) => {
          const on = selected.includes(ns.name);
          return (
            <button
              key={ns.name}
              type="button"
              onClick={() => toggle(ns.name)}
              aria-pressed={on}
              className={`whitespace-nowrap rounded-full border px-2.5 py-0.5 text-xs transition ${
                on
                  ? "border-sky-700 bg-sky-700 text-white dark:border-sky-500 dark:bg-sky-700"
                  : "border-slate-300 text-slate-700 hover:bg-slate-100 dark:border-slate-700 dark:text-slate-300 dark:hover:bg-slate-800"
              }`}
            >
              {ns.name} <span className={`tabular-nums ${on ? "text-white" : "text-slate-500 dark:text-slate-400"}`}>{ns.pods}</span>
            </button>
          );
        })}
      </div>
    </fieldset>
  );
}

export function LabelFilter({ value, onChange, invalid, matched, total }: { value: string; onChange(v: string): void; invalid: boolean; matched: number; total: number }) {
  const { t } = useI18n();
  return (
    <div className="flex flex-col gap-1.5">
      <label htmlFor="policies-labels" className="text-xs font-medium text-slate-600 dark:text-slate-400">
        {t("policies.filter.labels")}
      </label>
      <input
        id="policies-labels"
        type="search"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        placeholder="app=api, tier!=web"
        spellCheck={false}
        autoComplete="off"
        aria-invalid={invalid || undefined}
        aria-describedby="policies-labels-help"
        className={`${inputClass} font-mono ${invalid ? inputErrorClass : ""}`}
      />
      <p id="policies-labels-help" className={`text-xs ${invalid ? "text-rose-600 dark:text-rose-400" : "text-slate-500 dark:text-slate-400"}`}>
        {invalid ? t("policies.filter.labels.invalid") : t("policies.filter.labels.help", { matched, total })}
      </p>
    </div>
  );
}
