"use client";
import { errorText } from "@/components/ui/error-text";
import { useMemo, useState, type FormEvent } from "react";
import { validateClusterNetwork } from "@/lib/ipam/network";
import { networkOverlaps, type NetworkAddressing } from "@/lib/ipam/overlap";
import { useCreateNetwork, useNetworks } from "@/components/data/hooks";
import { ApiError } from "@/components/data/api";
import { useI18n } from "@/components/shell/i18n";
import { Button, Field, inputClass, inputErrorClass } from "@/components/ui/primitives";
import { useLeaveGuard, useSessionState } from "@/components/ui/unsaved";
import type { MessageKey } from "@/lib/i18n/messages";
import { problemText } from "@/lib/i18n/problems";
import type { FieldProblem } from "@/lib/ipam/fields";

type Mode = "static" | "dhcp";
const STATIC_ONLY = ["ipAddressPrefix", "gateway", "dnsServers", "k8sNodeIpPoolStart", "k8sNodeIpPoolEnd"] as const;
const FIELDS = ["name", "vswitchName", ...STATIC_ONLY, "vipPoolStart", "vipPoolEnd", "vlanID"] as const;
type FieldName = (typeof FIELDS)[number];

const EMPTY: Record<FieldName, string> = {
  name: "",
  vswitchName: "",
  ipAddressPrefix: "",
  gateway: "",
  dnsServers: "",
  k8sNodeIpPoolStart: "",
  k8sNodeIpPoolEnd: "",
  vipPoolStart: "",
  vipPoolEnd: "",
  vlanID: "",
};

/** The request body as the API expects it, built from the form's strings. */
export function toNetworkInput(mode: Mode, v: Record<FieldName, string>, managementCluster: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = { name: v.name.trim(), vswitchName: v.vswitchName.trim(), vipPoolStart: v.vipPoolStart.trim(), vipPoolEnd: v.vipPoolEnd.trim() };
  if (mode === "static") {
    for (const f of STATIC_ONLY) {
      if (f === "dnsServers") out.dnsServers = v.dnsServers.split(/[,\s]+/).filter(Boolean);
      else out[f] = v[f].trim();
    }
  }
  const vlan = v.vlanID.trim();
  if (vlan !== "") out.vlanID = /^-?\d+$/.test(vlan) ? Number(vlan) : vlan;
  if (managementCluster) out.managementCluster = true;
  return out;
}

/** "dnsServers[1]" → "dnsServers": the input a problem belongs to. */
function fieldOf(path: string): string {
  return path.split(/[.[]/)[0];
}

/** sessionStorage key of the New network form (the input survives a reload of the tab) */
export const NETWORK_DRAFT_KEY = "hcinet:new-network";
const EMPTY_DRAFT = { mode: "static" as Mode, values: EMPTY, managementCluster: false };

export function NetworkForm({ onCreated, onCancel }: { onCreated(name: string): void; onCancel(): void }) {
  const { t, lang } = useI18n();
  const [draft, setDraft, clearDraft] = useSessionState(NETWORK_DRAFT_KEY, EMPTY_DRAFT);
  const { mode, values, managementCluster } = draft;
  const setMode = (m: Mode) => setDraft((d) => ({ ...d, mode: m }));
  const setValues = (f: (v: Record<FieldName, string>) => Record<FieldName, string>) => setDraft((d) => ({ ...d, values: f(d.values) }));
  const setManagementCluster = (b: boolean) => setDraft((d) => ({ ...d, managementCluster: b }));
  const [touched, setTouched] = useState<Set<string>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  const [confirmingCancel, setConfirmingCancel] = useState(false);
  const create = useCreateNetwork();
  const dirty = managementCluster || mode !== "static" || FIELDS.some((f) => values[f].trim() !== "");
  useLeaveGuard(dirty && !create.isSuccess, t("common.unsavedLeave"));

  const input = useMemo(() => toNetworkInput(mode, values, managementCluster), [mode, values, managementCluster]);
  const rules = useMemo(() => validateClusterNetwork(input), [input]);
  // The server's overlap rule (lib/ipam/overlap), run live against the networks already loaded.
  const existing = useNetworks();
  const overlapProblems = useMemo(() => {
    if (!existing.data) return [];
    const out = networkOverlaps(input as unknown as NetworkAddressing, existing.data).map((o): FieldProblem => ({ path: o.path, message: o.message, code: o.code, vars: o.vars }));
    const host = managementCluster ? existing.data.find((n) => n.managementCluster && n.name !== input.name) : undefined;
    if (host) out.push({ path: "managementCluster", message: t("overlap.host", { name: host.name }) });
    return out;
  }, [existing.data, input, managementCluster, t]);
  const validation = rules.ok && overlapProblems.length === 0 ? rules : { ok: false as const, problems: [...(rules.ok ? [] : rules.problems), ...overlapProblems] };
  const problems = validation.ok ? [] : validation.problems;
  const serverFields = create.error instanceof ApiError ? create.error.fields : [];

  const errorsFor = (field: string): string[] => {
    const show = submitted || touched.has(field);
    const local = show
      ? problems.filter((p) => fieldOf(p.path) === field).map((p) => (p.path === field ? problemText(lang, p) : `${p.path}: ${problemText(lang, p)}`))
      : [];
    const remote = serverFields.filter((p) => fieldOf(p.path) === field).map((p) => problemText(lang, p));
    return [...new Set([...local, ...remote])];
  };
  // managementCluster has its own live alert next to the checkbox
  const unplaced = problems.filter((p) => !(FIELDS as readonly string[]).includes(fieldOf(p.path)) && p.path !== "managementCluster");

  const set = (f: FieldName) => (e: { target: { value: string } }) => {
    if (create.isError) create.reset(); // a server answer is about the input as it was sent
    setValues((v) => ({ ...v, [f]: e.target.value }));
  };
  const touch = (f: string) => () => setTouched((s) => new Set(s).add(f));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSubmitted(true);
    if (!validation.ok) return;
    create.mutate(input, {
      onSuccess: (n) => {
        clearDraft();
        onCreated(n.name);
      },
    });
  };

  const field = (f: FieldName, opts: { help?: MessageKey; optional?: boolean; placeholder?: string } = {}) => {
    const errs = errorsFor(f);
    return (
      <Field id={`net-${f}`} label={t(`networks.form.${f}` as MessageKey)} help={opts.help && t(opts.help)} errors={errs} optional={opts.optional}>
        <input
          id={`net-${f}`}
          name={f}
          value={values[f]}
          onChange={set(f)}
          onBlur={touch(f)}
          placeholder={opts.placeholder}
          aria-invalid={errs.length > 0}
          aria-describedby={errs.length > 0 ? `net-${f}-error` : undefined}
          className={`${inputClass} ${errs.length > 0 ? inputErrorClass : ""} font-mono`}
          autoComplete="off"
          spellCheck={false}
        />
      </Field>
    );
  };

  return (
    <form onSubmit={submit} noValidate aria-label={t("networks.form.title")} className="space-y-5">
      <div>
        <h2 className="font-mono text-base font-semibold">{t("networks.form.title")}</h2>
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">{t("networks.form.intro")}</p>
      </div>
      <fieldset className="flex gap-2" aria-label={t("networks.form.mode")}>
        {(["static", "dhcp"] as const).map((m) => (
          <label
            key={m}
            className={`cursor-pointer rounded-md border px-3 py-1.5 text-sm has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-sky-500 ${
              mode === m ? "border-sky-500 bg-sky-50 text-sky-800 dark:bg-sky-950 dark:text-sky-200" : "border-slate-300 dark:border-slate-700"
            }`}
          >
            <input type="radio" name="mode" value={m} checked={mode === m} onChange={() => setMode(m)} className="sr-only" />
            {t(m === "static" ? "networks.mode.static" : "networks.mode.dhcp")}
          </label>
        ))}
      </fieldset>
      <div className="grid gap-4 sm:grid-cols-2">
        {field("name", { help: "networks.form.name.help", placeholder: "vnet1" })}
        {field("vswitchName", { help: "networks.form.vswitchName.help", placeholder: "extSwitch" })}
        {mode === "static" && (
          <>
            {field("ipAddressPrefix", { placeholder: "172.16.0.0/16" })}
            {field("gateway", { placeholder: "172.16.0.1" })}
            {field("dnsServers", { help: "networks.form.dnsServers.help", placeholder: "172.16.0.1" })}
            {field("vlanID", { help: "networks.form.vlanID.help", optional: true, placeholder: "9" })}
            {field("k8sNodeIpPoolStart", { placeholder: "172.16.10.1" })}
            {field("k8sNodeIpPoolEnd", { placeholder: "172.16.10.255" })}
          </>
        )}
        {field("vipPoolStart", { placeholder: "172.16.255.0" })}
        {field("vipPoolEnd", { placeholder: "172.16.255.254" })}
        {mode === "dhcp" && field("vlanID", { help: "networks.form.vlanID.help", optional: true, placeholder: "7" })}
      </div>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" checked={managementCluster} onChange={(e) => setManagementCluster(e.target.checked)} className="h-4 w-4" />
        {t("networks.form.managementCluster")}
      </label>
      <p data-testid="overlap-status" className={`text-sm ${overlapProblems.length > 0 ? "text-rose-700 dark:text-rose-400" : "text-slate-600 dark:text-slate-400"}`}>
        {!existing.data
          ? t("overlap.checking")
          : overlapProblems.length > 0
            ? `${t("overlap.title")}: ${overlapProblems.length}`
            : t("overlap.none", { count: existing.data.length })}
      </p>
      {overlapProblems.some((p) => p.path === "managementCluster") && (
        <p role="alert" className="text-sm text-rose-700 dark:text-rose-400">
          {overlapProblems.find((p) => p.path === "managementCluster")!.message}
        </p>
      )}
      {mode === "dhcp" && (
        <p className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-200">{t("networks.form.dhcpNote")}</p>
      )}
      {(submitted || touched.size > 0 || serverFields.length > 0) && (
        <p
          role="status"
          data-testid="validation-summary"
          className={`text-sm ${validation.ok && serverFields.length === 0 ? "text-emerald-700 dark:text-emerald-400" : "text-rose-700 dark:text-rose-400"}`}
        >
          {/* the server's verdict (e.g. the name is taken) counts too: never "All rules pass" beside a red field */}
          {validation.ok && serverFields.length === 0 ? t("networks.form.valid") : t("networks.form.problems", { count: problems.length + serverFields.length })}
        </p>
      )}
      {submitted && unplaced.length > 0 && (
        <ul className="text-sm text-rose-700 dark:text-rose-400">
          {unplaced.map((p) => (
            <li key={p.path + p.message}>{p.path ? `${p.path}: ` : ""}{problemText(lang, p)}</li>
          ))}
        </ul>
      )}
      {create.error && !(create.error instanceof ApiError && create.error.fields.length > 0) && (
        <p role="alert" className="text-sm text-rose-700 dark:text-rose-400">{errorText(lang, create.error)}</p>
      )}
      <div className="flex flex-wrap items-center justify-end gap-2">
        {confirmingCancel ? (
          <div role="group" aria-label={t("networks.form.discardQuestion")} className="flex flex-wrap items-center gap-2 text-sm">
            <span>{t("networks.form.discardQuestion")}</span>
            <Button variant="secondary" onClick={() => setConfirmingCancel(false)} autoFocus>
              {t("common.keepEditing")}
            </Button>
            <Button
              variant="danger"
              onClick={() => {
                clearDraft();
                onCancel();
              }}
            >
              {t("common.discard")}
            </Button>
          </div>
        ) : (
          <Button
            variant="secondary"
            onClick={() => {
              if (!dirty) {
                clearDraft();
                onCancel();
              } else setConfirmingCancel(true);
            }}
          >
            {t("common.cancel")}
          </Button>
        )}
        <Button type="submit" disabled={create.isPending}>
          {create.isPending ? t("common.creating") : t("common.create")}
        </Button>
      </div>
    </form>
  );
}
