"use client";
/**
 * Every object of the cluster as YAML: a list by kind on the left, the selected object in an editor on the right.
 * Edits go through the same atomic apply as imports (dry run or apply); problems are shown at their line and nothing
 * is written.
 */
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useEffect, useId, useMemo, useRef, useState } from "react";
import { ApiError } from "@/components/data/api";
import { useApplyManifests, useClusterObjects } from "@/components/data/hooks";
import { useI18n } from "@/components/shell/i18n";
import { ConfirmAction, useLeaveGuard } from "@/components/ui/unsaved";
import { Button, Empty, ErrorState, Loading, Spinner, inputClass } from "@/components/ui/primitives";
import type { ApplyResult } from "@/lib/api/dto";
import { toYaml } from "@/lib/kube/serialize";
import type { KubeObject } from "@/lib/kube/types";
import { ApplyErrors, ApplyResults } from "./apply-feedback";
import { TabHeader } from "./cluster-tabs";
import { groupByKind, objectLabel, objectRef } from "./model";
import { YamlEditor, type YamlEditorHandle } from "./yaml-editor";

/** Kinds the controllers own: editing them directly is allowed, but the next reconcile may replace the change. */
const GENERATED_KINDS = new Set(["Pod", "ReplicaSet", "Endpoints", "EndpointSlice"]);

export function YamlPage({ name }: { name: string }) {
  const { t } = useI18n();
  const objects = useClusterObjects(name);
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const [filter, setFilter] = useState("");

  const selectedRef = params.get("object");
  const all = useMemo(() => objects.data ?? [], [objects.data]);
  const selected = useMemo(() => all.find((o) => objectRef(o) === selectedRef) ?? all.find((o) => o.kind !== "Namespace") ?? all[0], [all, selectedRef]);
  const groups = useMemo(() => {
    const q = filter.trim().toLowerCase();
    return groupByKind(q ? all.filter((o) => `${o.kind} ${objectLabel(o)}`.toLowerCase().includes(q)) : all);
  }, [all, filter]);

  // another object replaces the editor: never drop an edited draft without asking
  const editing = useRef(false);
  const select = (o: KubeObject) => {
    if (editing.current && selected && objectRef(o) !== objectRef(selected) && !window.confirm(t("common.unsavedLeave"))) return;
    const qs = new URLSearchParams(params.toString());
    qs.set("object", objectRef(o));
    router.replace(`${pathname}?${qs}`, { scroll: false });
  };

  return (
    <div>
      <TabHeader
        title={t("objects.yaml.title")}
        subtitle={t("objects.yaml.subtitle")}
        actions={
          <a
            href={`/api/clusters/${encodeURIComponent(name)}/manifests`}
            download={`${name}.yaml`}
            className="text-sm font-medium text-sky-700 hover:underline focus-visible:outline-2 focus-visible:outline-sky-500 dark:text-sky-400"
          >
            {t("objects.yaml.downloadAll")}
          </a>
        }
      />
      {objects.isPending ? (
        <Loading />
      ) : objects.isError ? (
        <ErrorState error={objects.error} onRetry={() => objects.refetch()} />
      ) : all.length === 0 ? (
        <Empty>{t("objects.yaml.empty")}</Empty>
      ) : (
        <div className="grid grid-cols-[minmax(0,1fr)] items-start gap-4 lg:grid-cols-[18rem_minmax(0,1fr)]">
          <nav aria-label={t("objects.yaml.list")} className="rounded-lg border border-slate-200 bg-white shadow-sm lg:sticky lg:top-4 dark:border-slate-800 dark:bg-slate-900">
            <div className="border-b border-slate-200 p-2 dark:border-slate-800">
              <input type="search" aria-label={t("objects.filter.text")} placeholder={t("objects.filter.text")} value={filter} onChange={(e) => setFilter(e.target.value)} className={`${inputClass} !py-1.5`} />
            </div>
            <div className="max-h-[70vh] overflow-y-auto p-1" data-testid="yaml-object-list">
              {groups.map((g) => (
                <div key={g.kind} className="mb-1">
                  <h2 className="sticky top-0 flex items-center justify-between bg-white px-2 pt-2 pb-1 text-[11px] font-semibold uppercase tracking-wide text-slate-500 dark:bg-slate-900 dark:text-slate-400">
                    {g.kind}
                    <span className="font-normal">{g.objects.length}</span>
                  </h2>
                  <ul>
                    {g.objects.map((o) => {
                      const active = selected !== undefined && objectRef(o) === objectRef(selected);
                      return (
                        <li key={objectRef(o)}>
                          <button
                            type="button"
                            onClick={() => select(o)}
                            aria-current={active ? "true" : undefined}
                            className={`block w-full truncate rounded px-2 py-1 text-left font-mono text-xs focus-visible:outline-2 focus-visible:outline-sky-500 ${
                              active ? "bg-sky-50 font-semibold text-sky-800 dark:bg-sky-950 dark:text-sky-200" : "text-slate-700 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800"
                            }`}
                            title={`${o.kind} ${objectLabel(o)}`}
                          >
                            {objectLabel(o)}
                          </button>
                        </li>
                      );
                    })}
                  </ul>
                </div>
              ))}
              {groups.length === 0 && <p className="px-2 py-4 text-center text-xs text-slate-500 dark:text-slate-400">{t("objects.filter.noMatch")}</p>}
            </div>
          </nav>
          {selected ? <ObjectEditor key={objectRef(selected)} cluster={name} object={selected} onDirty={(d) => (editing.current = d)} /> : null}
        </div>
      )}
    </div>
  );
}

function ObjectEditor({ cluster, object, onDirty }: { cluster: string; object: KubeObject; onDirty(dirty: boolean): void }) {
  const { t } = useI18n();
  const ids = useId();
  const editor = useRef<YamlEditorHandle>(null);
  const apply = useApplyManifests(cluster);
  const serverYaml = useMemo(() => toYaml([object]), [object]);
  const [draft, setDraft] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<{ text: string; result?: ApplyResult; error?: unknown } | null>(null);
  const text = draft ?? serverYaml;
  const dirty = draft !== null && draft !== serverYaml;
  useLeaveGuard(dirty, t("common.unsavedLeave"));
  useEffect(() => {
    onDirty(dirty);
    return () => onDirty(false);
  }, [dirty, onDirty]);

  // after an apply the refetched object (with what the cluster filled in) replaces an unchanged draft
  useEffect(() => {
    if (draft !== null && outcome?.result && !outcome.result.dryRun && outcome.text === draft) setDraft(null);
  }, [serverYaml]);

  const run = async (dryRun: boolean) => {
    const sent = text;
    setOutcome(null);
    try {
      const result = await apply.mutateAsync({ text: sent, dryRun });
      setOutcome({ text: sent, result });
      if (!dryRun) setDraft(sent);
    } catch (error) {
      setOutcome({ text: sent, error });
    }
  };

  const fields = outcome?.error instanceof ApiError ? outcome.error.fields : [];
  const markersValid = outcome?.error !== undefined && outcome.text.split("\n").length === text.split("\n").length;
  const errorsId = `${ids}-errors`;
  const label = `${object.kind} ${objectLabel(object)}`;

  return (
    <section aria-label={label} className="min-w-0 space-y-3">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 className="min-w-0 truncate text-sm font-semibold" title={`${object.kind} ${objectLabel(object)}`}>
          <span className="text-slate-500 dark:text-slate-400">{object.kind}</span> <span className="font-mono">{objectLabel(object)}</span>
          {dirty && <span className="ml-2 rounded bg-amber-100 px-1.5 py-0.5 text-xs font-medium text-amber-800 dark:bg-amber-950 dark:text-amber-300">{t("objects.yaml.modified")}</span>}
        </h2>
        <div className="flex items-center gap-2">
          {apply.isPending && <Spinner label={t("objects.yaml.running")} />}
          {dirty && !apply.isPending && (
            <ConfirmAction
              label={t("objects.yaml.reset")}
              question={t("objects.yaml.resetQuestion")}
              confirmLabel={t("common.discard")}
              onConfirm={() => {
                setDraft(null);
                setOutcome(null);
              }}
              testId="yaml-reset"
            />
          )}
          <Button variant="secondary" onClick={() => run(true)} disabled={apply.isPending}>
            {t("objects.yaml.dryRun")}
          </Button>
          <Button onClick={() => run(false)} disabled={!dirty || apply.isPending}>
            {t("objects.yaml.apply")}
          </Button>
        </div>
      </div>
      {GENERATED_KINDS.has(object.kind) && <p className="text-xs text-amber-700 dark:text-amber-400">{t("objects.yaml.generated")}</p>}
      <YamlEditor
        ref={editor}
        id={`${ids}-yaml`}
        label={t("objects.yaml.editorLabel", { object: label })}
        value={text}
        onChange={(v) => setDraft(v)}
        errors={markersValid ? fields : []}
        describedBy={outcome?.error ? errorsId : undefined}
        readOnly={apply.isPending}
        fitLines={{ min: 14, max: 34 }}
        testId="yaml-editor"
      />
      {outcome?.error !== undefined && <ApplyErrors id={errorsId} error={outcome.error} text={outcome.text} onGoTo={markersValid ? (l) => editor.current?.goToLine(l) : undefined} />}
      {outcome?.result && <ApplyResults result={outcome.result} />}
      <p className="text-xs text-slate-500 dark:text-slate-400">{t("objects.yaml.help")}</p>
    </section>
  );
}
