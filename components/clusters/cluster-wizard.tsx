"use client";
/**
 * Create Cluster wizard (New-AksHciCluster): network → control plane & load balancer → node pools → network plugin →
 * review. Validation runs live with validateClusterSpec; the IP plan preview on the side follows every keystroke.
 */
import { problemText } from "@/lib/i18n/problems";
import { errorText } from "@/components/ui/error-text";
import Link from "next/link";
import { useRouter, useSearchParams } from "next/navigation";
import { useEffect, useMemo, useRef, useState, type FormEvent, type ReactNode } from "react";
import { validateClusterSpec, AKS_HOST_VMS, CONTROL_PLANE_NODE_COUNTS, type FieldProblem } from "@/lib/cluster/spec";
import { renderPowerShell } from "@/lib/ipam/powershell";
import { useClusters, useCreateCluster, useNetworks } from "@/components/data/hooks";
import { ApiError } from "@/components/data/api";
import { useI18n } from "@/components/shell/i18n";
import { Badge, Button, Card, Empty, ErrorState, Field, Loading, PageHeader, inputClass, inputErrorClass } from "@/components/ui/primitives";
import { AssumptionMark, AssumptionNotes, clusterAssumptionNotes } from "@/components/ui/assumptions";
import { clusterAssumptionList } from "@/lib/cluster/bootstrap";
import { ConfirmAction, useLeaveGuard, useSessionState } from "@/components/ui/unsaved";
import type { MessageKey } from "@/lib/i18n/messages";
import type { NetworkDto } from "@/lib/api/dto";
import { PluginBadge, ScriptBlock, VmSizeList, problemsAt } from "./common";
import { PlanPreview } from "./plan-preview";
import {
  STEPS,
  reserveKeys,
  emptyNumberPaths,
  fieldId,
  fitOn,
  initialDraft,
  newPoolRow,
  planDraft,
  stepOf,
  toClusterInput,
  toPsNetwork,
  type Draft,
  type PoolRow,
} from "./wizard-model";

const STEP_KEYS: Record<(typeof STEPS)[number], MessageKey> = {
  network: "clusters.wizard.step.network",
  controlPlane: "clusters.wizard.step.controlPlane",
  nodePools: "clusters.wizard.step.nodePools",
  plugin: "clusters.wizard.step.plugin",
  review: "clusters.wizard.step.review",
};

/** sessionStorage key of the wizard (draft, step, furthest step): a reload of the tab loses nothing */
export const WIZARD_DRAFT_KEY = "hcinet:new-cluster";

export function ClusterWizard() {
  const { t, lang } = useI18n();
  const router = useRouter();
  const params = useSearchParams();
  const networks = useNetworks();
  const clusters = useClusters();
  const create = useCreateCluster();

  const pristine = useMemo(() => initialDraft(params.get("network") ?? ""), [params]);
  const [saved, setSaved, clearSaved] = useSessionState(WIZARD_DRAFT_KEY, { draft: pristine, step: 0, reached: 0 });
  const { draft, step, reached } = saved;
  const setDraft = (change: (d: Draft) => Draft) => setSaved((s) => ({ ...s, draft: change(s.draft) }));
  const setStep = (n: number) => setSaved((s) => ({ ...s, step: n }));
  const setReached = (f: (r: number) => number) => setSaved((s) => ({ ...s, reached: f(s.reached) }));
  // restored pool rows keep their React keys; rows added later must not reuse one
  useEffect(() => reserveKeys(draft.nodePools), [draft.nodePools]);
  const strip = (d: Draft) => JSON.stringify({ ...d, nodePools: d.nodePools.map(({ key: _key, ...rest }) => rest) });
  const dirty = strip(draft) !== strip(pristine);
  useLeaveGuard(dirty && !create.isSuccess, t("common.unsavedLeave"));
  const [touched, setTouched] = useState<Set<string>>(new Set());
  const [attempted, setAttempted] = useState<Set<number>>(new Set());
  const [serverProblems, setServerProblems] = useState<FieldProblem[]>([]);
  const [serverError, setServerError] = useState<ApiError | Error | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const focusAfterRender = useRef<string | null>(null);
  const firstRender = useRef(true);
  const [focusTick, setFocusTick] = useState(0);

  const network: NetworkDto | null = networks.data?.find((n) => n.name === draft.vnet) ?? null;
  const input = useMemo(() => toClusterInput(draft), [draft]);
  // the server's deployment-wide 200-VM rule: the AKS host and every existing cluster's VMs count (lib/cluster/spec)
  const existingVms = useMemo(
    () =>
      (networks.data?.some((n) => n.managementCluster) ? AKS_HOST_VMS : 0) +
      (clusters.data ?? []).reduce((n, c) => n + c.controlPlaneNodeCount + c.workerCount + c.loadBalancerCount, 0),
    [networks.data, clusters.data],
  );
  const validation = useMemo(() => validateClusterSpec(input, { existingVms }), [input, existingVms]);
  const plan = useMemo(() => planDraft(draft), [draft]);
  const fit = useMemo(() => (network ? fitOn(plan, network) : null), [plan, network]);

  /** Every problem of the draft: the validator's, plus what only the wizard knows (network, fit, existing names). */
  const problems = useMemo<FieldProblem[]>(() => {
    const out: FieldProblem[] = validation.ok ? [] : [...validation.problems];
    for (const path of emptyNumberPaths(draft)) if (!out.some((p) => p.path === path)) out.push({ path, message: t("clusters.wizard.err.number") });
    if (!draft.vnet) out.push({ path: "vnet", message: t("clusters.wizard.err.vnet") });
    else if (networks.data && !network) out.push({ path: "vnet", message: t("clusters.wizard.err.vnetGone", { name: draft.vnet }) });
    const name = draft.name.trim();
    if (name && clusters.data?.some((c) => c.name === name)) out.push({ path: "name", message: t("clusters.wizard.err.exists", { name }) });
    if (fit?.node && fit.node.missing > 0) {
      out.push({ path: "nodePools", message: t("clusters.wizard.err.nodeFit", { network: draft.vnet, need: fit.node.need, free: fit.node.free, missing: fit.node.missing }) });
    }
    if (fit && fit.vip.missing > 0) out.push({ path: "vnet", message: t("clusters.wizard.err.vipFit", { network: draft.vnet, missing: fit.vip.missing }) });
    return out;
  }, [validation, draft, network, networks.data, clusters.data, fit, t]);

  const shown = (path: string) => touched.has(path) || attempted.has(stepOf(path)) || path === "nodePools";
  const errorsFor = (path: string): string[] => [
    ...new Set([...(shown(path) ? problemsAt(problems, path, lang) : []), ...problemsAt(serverProblems, path, lang)]),
  ];
  const stepProblems = (s: number) => problems.filter((p) => stepOf(p.path) === s);

  // Focus: the step's heading after a step change; a field after a failed "Next" or a server error.
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    const id = focusAfterRender.current;
    focusAfterRender.current = null;
    const el = id ? document.getElementById(id) : null;
    (el ?? headingRef.current)?.focus();
  }, [step, focusTick]);

  const update = (path: string, change: (d: Draft) => Draft) => {
    setDraft(change);
    setTouched((s) => (s.has(path) ? s : new Set(s).add(path)));
    setServerProblems((sp) => sp.filter((p) => p.path !== path));
  };
  const setField = <K extends keyof Draft>(key: K, value: Draft[K]) => update(key, (d) => ({ ...d, [key]: value }));
  const setPool = (i: number, key: keyof Omit<PoolRow, "key">, value: string) =>
    update(`nodePools[${i}].${key}`, (d) => ({ ...d, nodePools: d.nodePools.map((p, j) => (j === i ? { ...p, [key]: value } : p)) }));

  const goTo = (s: number) => {
    setStep(s);
    setReached((r) => Math.max(r, s));
  };
  const focusFirstProblem = (list: FieldProblem[]) => {
    const first = list[0];
    if (!first) return;
    focusAfterRender.current = first.path === "nodePools" ? fieldId("nodePools[0].count") : fieldId(first.path);
  };
  const next = () => {
    const mine = stepProblems(step);
    if (mine.length > 0) {
      focusFirstProblem(mine);
      setAttempted((a) => new Set(a).add(step));
      setFocusTick((n) => n + 1);
      return;
    }
    goTo(step + 1);
  };
  const back = () => step > 0 && setStep(step - 1);

  const submitCreate = () => {
    if (problems.length > 0) {
      const firstStep = Math.min(...problems.map((p) => stepOf(p.path)));
      setAttempted(new Set(STEPS.map((_, i) => i)));
      focusFirstProblem(problems.filter((p) => stepOf(p.path) === firstStep));
      setStep(firstStep);
      setFocusTick((n) => n + 1);
      return;
    }
    setServerError(null);
    setServerProblems([]);
    create.mutate(input, {
      onSuccess: (c) => {
        clearSaved();
        router.push(`/clusters/${encodeURIComponent(c.name)}?created=1`);
      },
      onError: (err) => {
        const fields = err instanceof ApiError ? err.fields : [];
        setServerError(err);
        if (err instanceof ApiError && err.code === "pool_exhausted") networks.refetch();
        if (fields.length > 0) {
          setServerProblems(fields);
          const firstStep = Math.min(...fields.map((p) => stepOf(p.path)));
          focusFirstProblem(fields.filter((p) => stepOf(p.path) === firstStep));
          setStep(firstStep);
          setFocusTick((n) => n + 1);
        }
      },
    });
  };

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (step === STEPS.length - 1) submitCreate();
    else next();
  };

  const textField = (path: keyof Draft & string, label: MessageKey, opts: { help?: string; list?: string; placeholder?: string; mono?: boolean } = {}) => {
    const errs = errorsFor(path);
    const id = fieldId(path);
    return (
      <Field id={id} label={t(label)} help={opts.help} errors={errs}>
        <input
          id={id}
          value={draft[path] as string}
          onChange={(e) => setField(path, e.target.value as never)}
          onBlur={() => setTouched((s) => new Set(s).add(path))}
          aria-invalid={errs.length > 0}
          aria-describedby={errs.length > 0 ? `${id}-error` : undefined}
          className={`${inputClass} ${errs.length > 0 ? inputErrorClass : ""} ${opts.mono === false ? "" : "font-mono"}`}
          list={opts.list}
          placeholder={opts.placeholder}
          autoComplete="off"
          spellCheck={false}
        />
      </Field>
    );
  };

  const stepBody: ReactNode[] = [
    <NetworkStep key="network" draft={draft} networks={networks} setVnet={(v) => setField("vnet", v)} errors={errorsFor("vnet")} textField={textField} />,
    <ControlPlaneStep key="cp" draft={draft} setField={setField} errorsFor={errorsFor} textField={textField} />,
    <NodePoolsStep
      key="pools"
      draft={draft}
      errorsFor={errorsFor}
      setPool={setPool}
      addPool={() => {
        const i = draft.nodePools.length;
        update("nodePools", (d) => ({ ...d, nodePools: [...d.nodePools, newPoolRow(`nodepool${i + 1}`)] }));
        focusAfterRender.current = fieldId(`nodePools[${i}].name`);
        setFocusTick((n) => n + 1);
      }}
      removePool={(i) => {
        update("nodePools", (d) => ({ ...d, nodePools: d.nodePools.filter((_, j) => j !== i) }));
        focusAfterRender.current = "cw-add-pool";
        setFocusTick((n) => n + 1);
      }}
    />,
    <PluginStep key="plugin" value={draft.primaryNetworkPlugin} onChange={(v) => setField("primaryNetworkPlugin", v)}>
      <DualStackFields draft={draft} setDualStack={(on) => setField("dualStack", on)} textField={textField} errorsFor={errorsFor} />
    </PluginStep>,
    <ReviewStep
      key="review"
      draft={draft}
      network={network}
      problems={problems}
      goTo={(s) => {
        setAttempted(new Set(STEPS.map((_, i) => i)));
        goTo(s);
      }}
      validation={validation}
      serverError={serverError}
    />,
  ];

  const last = step === STEPS.length - 1;
  return (
    <div>
      <nav className="mb-2 text-sm">
        <Link href="/clusters" className="text-sky-700 hover:underline dark:text-sky-400">
          ← {t("clusters.title")}
        </Link>
      </nav>
      <PageHeader
        title={t("clusters.wizard.title")}
        subtitle={t("clusters.wizard.subtitle")}
        actions={
          dirty ? (
            <ConfirmAction
              label={t("clusters.wizard.discard")}
              question={t("clusters.wizard.discardQuestion")}
              confirmLabel={t("common.discard")}
              onConfirm={() => {
                clearSaved();
                setTouched(new Set());
                setAttempted(new Set());
              }}
              testId="wizard-discard"
            />
          ) : undefined
        }
      />
      <StepIndicator step={step} reached={reached} onSelect={(s) => setStep(s)} problemSteps={new Set(problems.filter((p) => attempted.has(stepOf(p.path))).map((p) => stepOf(p.path)))} />
      <div className="mt-6 grid grid-cols-[minmax(0,1fr)] gap-6 lg:grid-cols-[minmax(0,1fr)_22rem]">
        <form onSubmit={onSubmit} noValidate aria-labelledby="wizard-step-title" data-testid="cluster-wizard">
          <Card>
            <h2 id="wizard-step-title" ref={headingRef} tabIndex={-1} className="mb-1 text-lg font-semibold outline-none">
              <span className="mr-2 text-slate-500 dark:text-slate-400">{step + 1}/{STEPS.length}</span>
              {t(STEP_KEYS[STEPS[step]])}
            </h2>
            <p className="mb-5 text-sm text-slate-600 dark:text-slate-400">{t(`${STEP_KEYS[STEPS[step]]}.intro` as MessageKey)}</p>
            {stepBody[step]}
            <div className="mt-6 flex items-center justify-between gap-3 border-t border-slate-200 pt-4 dark:border-slate-800">
              <Button variant="secondary" onClick={back} disabled={step === 0}>
                ← {t("common.back")}
              </Button>
              <span className="hidden text-xs text-slate-500 sm:inline dark:text-slate-400">{t(last ? "clusters.wizard.enterHintLast" : "clusters.wizard.enterHint")}</span>
              {last ? (
                <Button type="submit" disabled={create.isPending}>
                  {create.isPending ? t("common.creating") : t("clusters.wizard.create")}
                </Button>
              ) : (
                <Button type="submit">{t("clusters.wizard.next")} →</Button>
              )}
            </div>
          </Card>
        </form>
        <aside className="lg:sticky lg:top-6 lg:self-start">
          <PlanPreview draft={draft} plan={plan} network={network} fit={fit} />
        </aside>
      </div>
      <AssumptionNotes items={clusterAssumptionNotes(clusterAssumptionList(draft.primaryNetworkPlugin, Number(draft.loadBalancerCount) || 1), t)} />
    </div>
  );
}

function StepIndicator({ step, reached, onSelect, problemSteps }: { step: number; reached: number; onSelect(s: number): void; problemSteps: Set<number> }) {
  const { t } = useI18n();
  return (
    <ol aria-label={t("clusters.wizard.steps")} className="flex flex-wrap gap-2" data-testid="wizard-steps">
      {STEPS.map((s, i) => {
        const current = i === step;
        const done = i < step || (i <= reached && !current);
        const bad = problemSteps.has(i) && !current;
        return (
          <li key={s}>
            <button
              type="button"
              onClick={() => onSelect(i)}
              disabled={i > reached}
              aria-current={current ? "step" : undefined}
              className={`flex items-center gap-2 rounded-full border px-3 py-1.5 text-sm transition focus-visible:outline-2 focus-visible:outline-sky-500 disabled:cursor-not-allowed disabled:opacity-50 ${
                current
                  ? "border-sky-500 bg-sky-50 font-medium text-sky-800 dark:bg-sky-950 dark:text-sky-200"
                  : bad
                    ? "border-rose-300 text-rose-700 dark:border-rose-800 dark:text-rose-300"
                    : "border-slate-300 text-slate-700 hover:bg-slate-100 dark:border-slate-700 dark:text-slate-300 dark:hover:bg-slate-800"
              }`}
            >
              <span
                aria-hidden
                className={`flex h-5 w-5 items-center justify-center rounded-full text-xs ${
                  current ? "bg-sky-700 text-white" : bad ? "bg-rose-600 text-white" : done ? "bg-emerald-600 text-white" : "bg-slate-200 text-slate-600 dark:bg-slate-700 dark:text-slate-300"
                }`}
              >
                {bad ? "!" : done ? "✓" : i + 1}
              </span>
              {t(STEP_KEYS[s])}
            </button>
          </li>
        );
      })}
    </ol>
  );
}

type TextFieldFn = (path: keyof Draft & string, label: MessageKey, opts?: { help?: string; list?: string; placeholder?: string; mono?: boolean }) => ReactNode;

function NetworkStep({
  draft,
  networks,
  setVnet,
  errors,
  textField,
}: {
  draft: Draft;
  networks: ReturnType<typeof useNetworks>;
  setVnet(v: string): void;
  errors: string[];
  textField: TextFieldFn;
}) {
  const { t } = useI18n();
  return (
    <div className="space-y-5">
      <div className="grid gap-4 sm:grid-cols-2">
        {textField("name", "clusters.field.name", { help: t("clusters.field.name.help"), placeholder: "mycluster" })}
        {textField("kubernetesVersion", "clusters.field.kubernetesVersion", { help: t("clusters.field.kubernetesVersion.help") })}
      </div>
      <fieldset aria-describedby={errors.length > 0 ? "cw-vnet-error" : undefined}>
        <legend className="mb-2 text-sm font-medium">{t("clusters.field.vnet")}</legend>
        {networks.isPending ? (
          <Loading />
        ) : networks.isError ? (
          <ErrorState error={networks.error} onRetry={() => networks.refetch()} />
        ) : networks.data.length === 0 ? (
          <Empty>
            {t("clusters.wizard.noNetworks")}{" "}
            <Link href="/networks" className="text-sky-700 underline dark:text-sky-400">
              {t("nav.networks")}
            </Link>
          </Empty>
        ) : (
          <div className="grid gap-3 md:grid-cols-2" role="radiogroup" aria-label={t("clusters.field.vnet")}>
            {networks.data.map((n, i) => {
              const checked = draft.vnet === n.name;
              return (
                <label
                  key={n.name}
                  data-testid={`network-option-${n.name}`}
                  className={`block cursor-pointer rounded-lg border p-3 transition has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-sky-500 ${
                    checked
                      ? "border-sky-500 bg-sky-50 ring-1 ring-sky-500 dark:bg-sky-950/60"
                      : errors.length > 0
                        ? "border-rose-300 hover:bg-slate-50 dark:border-rose-800 dark:hover:bg-slate-800/50"
                        : "border-slate-300 hover:bg-slate-50 dark:border-slate-700 dark:hover:bg-slate-800/50"
                  }`}
                >
                  <input
                    type="radio"
                    name="vnet"
                    value={n.name}
                    id={i === 0 ? "cw-vnet" : undefined}
                    checked={checked}
                    onChange={() => setVnet(n.name)}
                    className="sr-only"
                  />
                  <span className="flex items-center justify-between gap-2">
                    <span className="flex items-center gap-2">
                      <span
                        aria-hidden
                        className={`h-4 w-4 shrink-0 rounded-full border-2 ${
                          checked ? "border-sky-600 bg-sky-600 shadow-[inset_0_0_0_2px_white] dark:shadow-[inset_0_0_0_2px_rgb(2_6_23)]" : "border-slate-400 dark:border-slate-500"
                        }`}
                      />
                      <span className="font-medium">{n.name}</span>
                    </span>
                    <Badge tone={n.ipAssignment === "static" ? "sky" : "amber"}>{t(n.ipAssignment === "static" ? "networks.mode.static" : "networks.mode.dhcp")}</Badge>
                  </span>
                  <span className="mt-0.5 block font-mono text-xs text-slate-500 dark:text-slate-400">
                    {n.ipAddressPrefix ?? "DHCP"}
                    {n.vlanID !== null ? ` · VLAN ${n.vlanID}` : ""}
                  </span>
                  <span className="mt-2 grid grid-cols-2 gap-2 text-xs">
                    <span>
                      <span className="block text-slate-500 dark:text-slate-400">{t("pool.node")}</span>
                      {n.usage.node ? (
                        <span className="font-medium tabular-nums" data-testid="node-free">
                          {t("clusters.wizard.free", { free: n.usage.node.free, size: n.usage.node.size })}
                        </span>
                      ) : (
                        <span className="text-amber-700 dark:text-amber-300">{t("clusters.wizard.fromDhcp")}</span>
                      )}
                    </span>
                    <span>
                      <span className="block text-slate-500 dark:text-slate-400">{t("pool.vip")}</span>
                      <span className="font-medium tabular-nums" data-testid="vip-free">
                        {t("clusters.wizard.free", { free: n.usage.vip.free, size: n.usage.vip.size })}
                      </span>
                    </span>
                  </span>
                  {n.clusters.length > 0 && (
                    <span className="mt-2 block text-xs text-slate-500 dark:text-slate-400">{t("clusters.wizard.sharedWith", { clusters: n.clusters.join(", ") })}</span>
                  )}
                </label>
              );
            })}
          </div>
        )}
        {errors.length > 0 && (
          <ul id="cw-vnet-error" data-field-error="cw-vnet" className="mt-2 text-xs text-rose-600 dark:text-rose-400">
            {errors.map((e) => (
              <li key={e}>{e}</li>
            ))}
          </ul>
        )}
        {draft.vnet && networks.data?.find((n) => n.name === draft.vnet)?.ipAssignment === "dhcp" && (
          <p className="mt-3 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-200">{t("clusters.wizard.dhcpNote")}</p>
        )}
      </fieldset>
    </div>
  );
}

function ControlPlaneStep({
  draft,
  setField,
  errorsFor,
  textField,
}: {
  draft: Draft;
  setField<K extends keyof Draft>(key: K, value: Draft[K]): void;
  errorsFor(path: string): string[];
  textField: TextFieldFn;
}) {
  const { t } = useI18n();
  const cpErrors = errorsFor("controlPlaneNodeCount");
  const lbErrors = errorsFor("loadBalancerCount");
  return (
    <div className="space-y-5">
      <VmSizeList id="cw-vm-sizes" />
      <fieldset aria-describedby="cw-cp-help">
        <legend className="mb-2 flex items-center gap-2 text-sm font-medium">
          {t("clusters.field.controlPlaneNodeCount")} <AssumptionMark n={1} />
        </legend>
        <div className="flex gap-2">
          {CONTROL_PLANE_NODE_COUNTS.map((n, i) => (
            <label
              key={n}
              className={`flex min-w-16 cursor-pointer flex-col items-center rounded-md border px-4 py-2 text-sm has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-sky-500 ${
                draft.controlPlaneNodeCount === n ? "border-sky-500 bg-sky-50 font-semibold text-sky-800 dark:bg-sky-950 dark:text-sky-200" : "border-slate-300 dark:border-slate-700"
              }`}
            >
              <input
                type="radio"
                name="controlPlaneNodeCount"
                id={i === 0 ? "cw-controlPlaneNodeCount" : undefined}
                value={n}
                checked={draft.controlPlaneNodeCount === n}
                onChange={() => setField("controlPlaneNodeCount", n)}
                className="sr-only"
              />
              <span className="text-lg tabular-nums">{n}</span>
              <span className="text-xs font-normal text-slate-500 dark:text-slate-400">{t(n === 1 ? "clusters.cp.dev" : "clusters.cp.ha")}</span>
            </label>
          ))}
        </div>
        <p id="cw-cp-help" className="mt-2 text-xs text-slate-500 dark:text-slate-400">
          {t("clusters.field.controlPlaneNodeCount.help")}
        </p>
        {cpErrors.length > 0 && (
          <ul className="mt-1 text-xs text-rose-600 dark:text-rose-400" data-field-error="cw-controlPlaneNodeCount">
            {cpErrors.map((e) => (
              <li key={e}>{e}</li>
            ))}
          </ul>
        )}
      </fieldset>
      <div className="grid gap-4 sm:grid-cols-2">
        {textField("controlPlaneVmSize", "clusters.field.controlPlaneVmSize", { list: "cw-vm-sizes", help: t("clusters.field.vmSize.help") })}
        {textField("loadBalancerVmSize", "clusters.field.loadBalancerVmSize", { list: "cw-vm-sizes", help: t("clusters.field.loadBalancerVmSize.help") })}
        <Field id="cw-loadBalancerCount" label={t("clusters.field.loadBalancerCount")} help={t("clusters.field.loadBalancerCount.help")} errors={lbErrors}>
          <input
            id="cw-loadBalancerCount"
            type="number"
            min={1}
            inputMode="numeric"
            value={draft.loadBalancerCount}
            onChange={(e) => setField("loadBalancerCount", e.target.value)}
            aria-invalid={lbErrors.length > 0}
            aria-describedby={lbErrors.length > 0 ? "cw-loadBalancerCount-error" : undefined}
            className={`${inputClass} ${lbErrors.length > 0 ? inputErrorClass : ""} w-32 font-mono`}
          />
        </Field>
      </div>
    </div>
  );
}

function NodePoolsStep({
  draft,
  errorsFor,
  setPool,
  addPool,
  removePool,
}: {
  draft: Draft;
  errorsFor(path: string): string[];
  setPool(i: number, key: keyof Omit<PoolRow, "key">, value: string): void;
  addPool(): void;
  removePool(i: number): void;
}) {
  const { t } = useI18n();
  const top = errorsFor("nodePools");
  const cell = (i: number, key: "name" | "count" | "vmSize" | "maxPodCount", label: MessageKey, props: Record<string, unknown> = {}) => {
    const path = `nodePools[${i}].${key}`;
    const id = fieldId(path);
    const errs = errorsFor(path);
    return (
      <Field id={id} label={t(label)} errors={errs}>
        <input
          id={id}
          value={draft.nodePools[i][key]}
          onChange={(e) => setPool(i, key, e.target.value)}
          aria-invalid={errs.length > 0}
          aria-describedby={errs.length > 0 ? `${id}-error` : undefined}
          className={`${inputClass} ${errs.length > 0 ? inputErrorClass : ""} font-mono`}
          autoComplete="off"
          spellCheck={false}
          {...props}
        />
      </Field>
    );
  };
  return (
    <div className="space-y-4">
      <VmSizeList id="cw-pool-vm-sizes" />
      {top.length > 0 && (
        <div role="alert" data-field-error="cw-nodePools" className="rounded-md border border-rose-200 bg-rose-50 px-3 py-2 text-sm text-rose-800 dark:border-rose-900 dark:bg-rose-950 dark:text-rose-200">
          {top.map((e) => (
            <p key={e}>{e}</p>
          ))}
        </div>
      )}
      {draft.nodePools.length === 0 && <Empty>{t("clusters.pools.none")}</Empty>}
      <ul className="space-y-3">
        {draft.nodePools.map((p, i) => {
          const rowErrs = errorsFor(`nodePools[${i}]`);
          return (
            <li key={p.key} className="rounded-lg border border-slate-200 p-3 dark:border-slate-700" data-testid={`pool-row-${i}`}>
              <div className="mb-2 flex items-center justify-between">
                <span className="text-xs font-semibold uppercase tracking-wide text-slate-500 dark:text-slate-400">{t("clusters.pools.row", { n: i + 1 })}</span>
                <button
                  type="button"
                  onClick={() => removePool(i)}
                  aria-label={t("clusters.pools.remove", { name: p.name || String(i + 1) })}
                  className="rounded px-2 py-0.5 text-xs text-slate-500 dark:text-slate-400 hover:bg-rose-50 hover:text-rose-700 focus-visible:outline-2 focus-visible:outline-sky-500 dark:hover:bg-rose-950 dark:hover:text-rose-300"
                >
                  ✕ {t("clusters.pools.removeShort")}
                </button>
              </div>
              <div className="grid gap-3 sm:grid-cols-2 xl:grid-cols-[1.2fr_0.55fr_0.8fr_1.6fr_0.65fr]">
                {cell(i, "name", "clusters.field.poolName")}
                {cell(i, "count", "clusters.field.count", { type: "number", min: 0, inputMode: "numeric" })}
                <Field id={fieldId(`nodePools[${i}].osType`)} label={t("clusters.field.osType")} errors={errorsFor(`nodePools[${i}].osType`)}>
                  <select
                    id={fieldId(`nodePools[${i}].osType`)}
                    value={p.osType}
                    onChange={(e) => setPool(i, "osType", e.target.value)}
                    className={inputClass}
                  >
                    <option value="Linux">Linux</option>
                    <option value="Windows">Windows</option>
                  </select>
                </Field>
                {cell(i, "vmSize", "clusters.field.vmSize", { list: "cw-pool-vm-sizes" })}
                {cell(i, "maxPodCount", "clusters.field.maxPodCount", { type: "number", min: 51, inputMode: "numeric" })}
              </div>
              {rowErrs.length > 0 && <p className="mt-1 text-xs text-rose-600 dark:text-rose-400">{rowErrs.join(" ")}</p>}
              {p.osType === "Windows" && <p className="mt-2 text-xs text-slate-500 dark:text-slate-400">{t("clusters.pools.windowsNote")}</p>}
            </li>
          );
        })}
      </ul>
      <Button variant="secondary" id="cw-add-pool" onClick={addPool}>
        <span aria-hidden>+</span> {t("clusters.pools.add")}
      </Button>
      <p className="text-xs text-slate-500 dark:text-slate-400">{t("clusters.pools.help")}</p>
    </div>
  );
}

const PLUGIN_ROWS: { key: MessageKey; calico: MessageKey; flannel: MessageKey }[] = [
  { key: "clusters.plugin.row.policies", calico: "clusters.plugin.yes", flannel: "clusters.plugin.no" },
  { key: "clusters.plugin.row.ipv6", calico: "clusters.plugin.yes", flannel: "clusters.plugin.no" },
  { key: "clusters.plugin.row.podVmSame", calico: "clusters.plugin.yes", flannel: "clusters.plugin.no" },
  { key: "clusters.plugin.row.windows", calico: "clusters.plugin.yes", flannel: "clusters.plugin.yes" },
  { key: "clusters.plugin.row.deployment", calico: "clusters.plugin.deployment", flannel: "clusters.plugin.deployment" },
  { key: "clusters.plugin.row.cli", calico: "clusters.plugin.calicoctl", flannel: "clusters.plugin.none" },
  { key: "clusters.plugin.row.status", calico: "clusters.plugin.status.calico", flannel: "clusters.plugin.status.flannel" },
];

/**
 * The dual-stack option (lib/cluster/dualstack): a checkbox, disabled under Flannel with the documented reason, and
 * the two IPv6 ranges, validated live by the same function as the API.
 */
function DualStackFields({
  draft,
  setDualStack,
  textField,
  errorsFor,
}: {
  draft: Draft;
  setDualStack(on: boolean): void;
  textField: (path: keyof Draft & string, label: MessageKey, opts?: { help?: string; placeholder?: string }) => ReactNode;
  errorsFor(path: string): string[];
}) {
  const { t } = useI18n();
  const flannel = draft.primaryNetworkPlugin === "flannel";
  const on = !!draft.dualStack && !flannel;
  const familyErrors = errorsFor("ipFamilies");
  return (
    <fieldset className="space-y-3 rounded-lg border border-slate-200 p-3 dark:border-slate-700" data-testid="dual-stack">
      <legend className="px-1 text-sm font-semibold">{t("clusters.dualStack.legend")}</legend>
      <label className={`flex items-start gap-2 text-sm ${flannel ? "cursor-not-allowed" : "cursor-pointer"}`}>
        <input
          type="checkbox"
          id="cw-ipFamilies"
          checked={on}
          disabled={flannel}
          onChange={(e) => setDualStack(e.target.checked)}
          aria-describedby="cw-dualstack-help"
          className="mt-0.5 h-4 w-4"
        />
        <span>{t("clusters.dualStack.enable")}</span>
      </label>
      <p id="cw-dualstack-help" className={`text-xs ${flannel ? "text-rose-700 dark:text-rose-400" : "text-slate-600 dark:text-slate-400"}`}>
        {t(flannel ? "clusters.dualStack.flannel" : "clusters.dualStack.help")}
      </p>
      {familyErrors.map((e) => (
        <p key={e} role="alert" className="text-xs text-rose-700 dark:text-rose-400">
          {e}
        </p>
      ))}
      {on && (
        <div className="grid gap-3 sm:grid-cols-2">
          {textField("podCidrV6", "clusters.dualStack.podCidrV6", { help: t("clusters.dualStack.podHelp"), placeholder: "fd00:10:244::/56" })}
          {textField("serviceCidrV6", "clusters.dualStack.serviceCidrV6", { help: t("clusters.dualStack.serviceHelp"), placeholder: "fd00:10:96::/112" })}
        </div>
      )}
      {on && <p className="text-xs text-slate-600 dark:text-slate-400">{t("clusters.dualStack.noParameter")}</p>}
    </fieldset>
  );
}

function PluginStep({ value, onChange, children }: { value: "calico" | "flannel"; onChange(v: "calico" | "flannel"): void; children?: ReactNode }) {
  const { t } = useI18n();
  return (
    <div className="space-y-5">
      <div
        role="alert"
        className="flex gap-3 rounded-md border border-amber-300 bg-amber-50 px-3 py-2.5 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100"
        data-testid="plugin-warning"
      >
        <span aria-hidden className="text-lg leading-5">⚠</span>
        <span>
          <b>{t("clusters.plugin.permanentTitle")}</b> {t("clusters.plugin.permanent")}
        </span>
      </div>
      <div role="radiogroup" aria-label={t("clusters.field.primaryNetworkPlugin")} className="grid gap-3 sm:grid-cols-2">
        {(["calico", "flannel"] as const).map((p, i) => (
          <label
            key={p}
            className={`block cursor-pointer rounded-lg border p-3 has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-sky-500 ${
              value === p ? "border-sky-500 bg-sky-50 ring-1 ring-sky-500 dark:bg-sky-950/60" : "border-slate-300 hover:bg-slate-50 dark:border-slate-700 dark:hover:bg-slate-800/50"
            }`}
          >
            <input type="radio" name="primaryNetworkPlugin" id={i === 0 ? "cw-primaryNetworkPlugin" : undefined} value={p} checked={value === p} onChange={() => onChange(p)} className="sr-only" />
            <span className="flex items-center gap-2">
              <span className="font-semibold capitalize">{p}</span>
              {p === "calico" ? <Badge tone="emerald">{t("clusters.plugin.default")}</Badge> : <Badge tone="rose">{t("clusters.plugin.retired")}</Badge>}
            </span>
            <span className="mt-1 block text-sm text-slate-600 dark:text-slate-400">{t(p === "calico" ? "clusters.plugin.calico.summary" : "clusters.plugin.flannel.summary")}</span>
          </label>
        ))}
      </div>
      {value === "flannel" && (
        <p role="alert" className="rounded-md bg-rose-50 px-3 py-2 text-sm text-rose-800 dark:bg-rose-950 dark:text-rose-200">
          {t("clusters.plugin.flannelWarning")}
        </p>
      )}
      {children}
      <table className="w-full text-sm">
        <caption className="mb-1 text-left text-xs text-slate-500 dark:text-slate-400">{t("clusters.plugin.tableCaption")}</caption>
        <thead className="text-left text-xs uppercase tracking-wide text-slate-500 dark:text-slate-400">
          <tr>
            <th className="py-1.5 pr-4 font-medium" />
            <th className="py-1.5 pr-4 font-medium">Calico</th>
            <th className="py-1.5 font-medium">Flannel</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
          {PLUGIN_ROWS.map((r) => (
            <tr key={r.key}>
              <th scope="row" className="py-1.5 pr-4 text-left font-normal text-slate-600 dark:text-slate-400">
                {t(r.key)}
              </th>
              <td className={`py-1.5 pr-4 ${r.calico === "clusters.plugin.no" ? "text-rose-700 dark:text-rose-400" : ""}`}>{t(r.calico)}</td>
              <td className={`py-1.5 ${r.flannel === "clusters.plugin.no" || r.flannel === "clusters.plugin.status.flannel" ? "text-rose-700 dark:text-rose-400" : ""}`}>{t(r.flannel)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ReviewStep({
  draft,
  network,
  problems,
  goTo,
  validation,
  serverError,
}: {
  draft: Draft;
  network: NetworkDto | null;
  problems: FieldProblem[];
  goTo(step: number): void;
  validation: ReturnType<typeof validateClusterSpec>;
  serverError: Error | null;
}) {
  const { t, lang } = useI18n();
  const script = useMemo(
    () => (validation.ok ? renderPowerShell({ network: network ? toPsNetwork(network) : undefined, networkUsedBy: network?.clusters ?? [], cluster: { ...validation.value, vnet: draft.vnet } }) : null),
    [validation, network, draft.vnet],
  );
  const workers = draft.nodePools.reduce((n, p) => n + (Number(p.count) || 0), 0);
  const rows: [MessageKey, ReactNode, number][] = [
    ["clusters.field.name", <span key="n" className="font-mono">{draft.name || "—"}</span>, 0],
    ["clusters.field.vnet", network ? `${network.name} (${t(network.ipAssignment === "static" ? "networks.mode.static" : "networks.mode.dhcp")})` : "—", 0],
    ["clusters.field.kubernetesVersion", <span key="v" className="font-mono">{draft.kubernetesVersion.trim() || t("clusters.version.default")}</span>, 0],
    ["clusters.field.controlPlaneNodeCount", `${draft.controlPlaneNodeCount} × ${draft.controlPlaneVmSize}`, 1],
    ["clusters.field.loadBalancer", `${draft.loadBalancerCount} × ${draft.loadBalancerVmSize} (HAProxy)`, 1],
    [
      "clusters.wizard.step.nodePools",
      <span key="p">
        {t("clusters.review.workers", { count: workers })}
        {draft.nodePools.map((p) => (
          <span key={p.key} className="block font-mono text-xs text-slate-500 dark:text-slate-400">
            {p.name}: {p.count} × {p.osType} · {p.vmSize} · maxPods {p.maxPodCount}
          </span>
        ))}
      </span>,
      2,
    ],
    ["clusters.field.primaryNetworkPlugin", <PluginBadge key="pl" plugin={draft.primaryNetworkPlugin} />, 3],
    [
      "clusters.dualStack.legend",
      <span key="ds" className="font-mono text-xs" data-testid="review-ip-families">
        {draft.dualStack && draft.primaryNetworkPlugin === "calico" ? `IPv4 + IPv6 · ${draft.podCidrV6 ?? ""} · ${draft.serviceCidrV6 ?? ""}` : "IPv4"}
      </span>,
      3,
    ],
  ];
  const exhausted = serverError instanceof ApiError && serverError.code === "pool_exhausted" ? serverError : null;
  const poolName = exhausted?.details?.pool === "vip" ? t("pool.vip") : t("pool.node");
  return (
    <div className="space-y-5">
      {exhausted && (
        <div role="alert" data-testid="create-error" className="rounded-md border border-rose-200 bg-rose-50 px-3 py-2 text-sm text-rose-800 dark:border-rose-900 dark:bg-rose-950 dark:text-rose-200">
          <p className="font-medium">{t("clusters.wizard.poolExhausted", { pool: poolName, missing: String(exhausted.details?.missing ?? "?") })}</p>
          <p className="mt-1 text-xs">{errorText(lang, exhausted)}</p>
        </div>
      )}
      {serverError && !exhausted && !(serverError instanceof ApiError && serverError.fields.length > 0) && (
        <div data-testid="create-error">
          <ErrorState error={serverError} />
        </div>
      )}
      {problems.length > 0 && (
        <div role="alert" className="rounded-md border border-rose-200 bg-rose-50 px-3 py-2 text-sm text-rose-800 dark:border-rose-900 dark:bg-rose-950 dark:text-rose-200">
          <p className="font-medium">{t("clusters.review.problems", { count: problems.length })}</p>
          <ul className="mt-1 space-y-0.5">
            {problems.map((p) => (
              <li key={p.path + p.message}>
                <button type="button" className="text-left underline" onClick={() => goTo(stepOf(p.path))}>
                  <span className="font-mono text-xs">{p.path}</span>: {problemText(lang, p)}
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
      {/* on a phone the label sits above its value (the value gets the full width), beside it from `sm` on */}
      <dl className="grid grid-cols-[minmax(0,1fr)_auto] items-start gap-x-3 gap-y-1 text-sm sm:grid-cols-[minmax(0,auto)_minmax(0,1fr)_auto] sm:gap-x-4 sm:gap-y-2" data-testid="review-summary">
        {rows.map(([k, v, s]) => (
          <div key={k} className="contents">
            <dt className="col-span-2 mt-1 text-slate-500 sm:col-span-1 sm:mt-0 dark:text-slate-400">{t(k)}</dt>
            <dd className="min-w-0 [overflow-wrap:anywhere]">{v}</dd>
            <dd>
              <button type="button" onClick={() => goTo(s)} className="text-xs text-sky-700 hover:underline dark:text-sky-400" aria-label={`${t("clusters.review.edit")}: ${t(k)}`}>
                {t("clusters.review.edit")}
              </button>
            </dd>
          </div>
        ))}
      </dl>
      <div>
        <h3 className="mb-2 text-sm font-semibold">{t("clusters.script.title")}</h3>
        {script ? (
          <ScriptBlock script={script} label={t("clusters.script.title")} testId="wizard-script" />
        ) : (
          <p className="text-sm text-slate-500 dark:text-slate-400">{t("clusters.script.fixFirst")}</p>
        )}
      </div>
    </div>
  );
}
