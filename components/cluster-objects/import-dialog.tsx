"use client";
/**
 * Import into a cluster: paste or upload multi-document YAML (or a `kubectl get … -o yaml` List), preview it with a
 * dry run (per-object diff summary and allocations, or the problems at their lines), then apply it. Nothing is written
 * before Apply, and Apply only follows a clean preview of exactly the current text and options.
 */
import Link from "next/link";
import { useEffect, useId, useMemo, useRef, useState, type ChangeEvent } from "react";
import { ApiError } from "@/components/data/api";
import { useApplyManifests } from "@/components/data/hooks";
import { useI18n } from "@/components/shell/i18n";
import { Button, Spinner } from "@/components/ui/primitives";
import type { ApplyResult } from "@/lib/api/dto";
import { ApplyErrors, ApplyResults } from "./apply-feedback";
import { formatBytes, manifestStats } from "./model";
import { YamlEditor, type YamlEditorHandle } from "./yaml-editor";
import { useSessionText } from "@/components/ui/unsaved";

const FOCUSABLE = 'a[href], button:not([disabled]), textarea:not([disabled]), input:not([disabled]), select:not([disabled]), [tabindex]:not([tabindex="-1"])';

interface Run {
  mode: "dryRun" | "apply";
  sent: number;
  total: number;
  documents: number;
  startedAt: number;
}

export function ImportDialog({ cluster, open, onClose }: { cluster: string; open: boolean; onClose: () => void }) {
  const { t } = useI18n();
  const ids = useId();
  const titleId = `${ids}-title`;
  const errorsId = `${ids}-errors`;
  const panel = useRef<HTMLDivElement>(null);
  const editor = useRef<YamlEditorHandle>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const apply = useApplyManifests(cluster);

  const [text, setText] = useState("");
  const [fileName, setFileName] = useState<string | null>(null);
  const [createNamespaces, setCreateNamespaces] = useState(false);
  const [preview, setPreview] = useState<{ text: string; createNamespaces: boolean; result: ApplyResult } | null>(null);
  const [failure, setFailure] = useState<{ text: string; error: unknown } | null>(null);
  const [applied, setApplied] = useState<ApplyResult | null>(null);
  const [run, setRun] = useState<Run | null>(null);
  const [now, setNow] = useState(0);
  const abort = useRef<AbortController | null>(null);
  // the pasted manifests survive a reload until they are applied (per cluster, per tab)
  useSessionText(`hcinet-import:${cluster}`, text, applied === null, setText);

  const stats = useMemo(() => manifestStats(text), [text]);
  const previewCurrent = preview !== null && preview.text === text && preview.createNamespaces === createNamespaces;
  const fieldErrors = failure?.error instanceof ApiError ? failure.error.fields : [];
  // markers stay on their lines while the line count is unchanged (fixing a value in place keeps them useful)
  const markersValid = failure !== null && failure.text.split("\n").length === stats.lines;
  const editedSinceFailure = failure !== null && failure.text !== text;

  // focus the editor when the dialog opens; give focus back to the opener when it closes
  useEffect(() => {
    if (!open) return;
    const opener = document.activeElement as HTMLElement | null;
    if (applied) {
      setApplied(null);
      setText("");
      setFileName(null);
      setPreview(null);
      setFailure(null);
    }
    requestAnimationFrame(() => editor.current?.focus());
    const overflow = document.body.style.overflow;
    document.body.style.overflow = "hidden";
    return () => {
      document.body.style.overflow = overflow;
      opener?.focus?.();
    };
  }, [open]);

  useEffect(() => {
    if (!run) return;
    setNow(Date.now());
    const id = window.setInterval(() => setNow(Date.now()), 250);
    return () => window.clearInterval(id);
  }, [run]);

  const close = () => {
    if (run?.mode === "apply") return; // the transaction is running: its result must be seen
    abort.current?.abort();
    onClose();
  };

  // Esc and the focus trap listen on the document: focus can fall out of the panel when the focused button is disabled
  const closeRef = useRef(close);
  useEffect(() => {
    closeRef.current = close;
  });
  useEffect(() => {
    if (!open) return;
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (e.key === "Escape") {
        e.preventDefault();
        closeRef.current();
        return;
      }
      if (e.key !== "Tab" || !panel.current) return;
      const items = [...panel.current.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => el.offsetParent !== null);
      if (!items.length) return;
      const first = items[0];
      const last = items[items.length - 1];
      const active = document.activeElement;
      if (!panel.current.contains(active)) {
        e.preventDefault();
        (e.shiftKey ? last : first).focus();
      } else if (e.shiftKey && (active === first || active === panel.current)) {
        e.preventDefault();
        last.focus();
      } else if (!e.shiftKey && active === last) {
        e.preventDefault();
        first.focus();
      }
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [open]);

  const send = async (mode: Run["mode"]) => {
    const sentText = text;
    const sentCreate = createNamespaces;
    const ctrl = new AbortController();
    abort.current = ctrl;
    setFailure(null);
    if (mode === "dryRun") setPreview(null);
    setRun({ mode, sent: 0, total: stats.bytes, documents: stats.documents, startedAt: Date.now() });
    try {
      const result = await apply.mutateAsync({
        text: sentText,
        dryRun: mode === "dryRun",
        createNamespaces: sentCreate,
        signal: ctrl.signal,
        onUploadProgress: (sent, total) => setRun((r) => (r ? { ...r, sent, total } : r)),
      });
      if (mode === "dryRun") setPreview({ text: sentText, createNamespaces: sentCreate, result });
      else {
        setApplied(result);
        setPreview(null);
      }
    } catch (error) {
      if (!(error instanceof ApiError && error.code === "aborted")) {
        setFailure({ text: sentText, error });
        const first = error instanceof ApiError ? error.fields.map((f) => f.line ?? 0).filter((l) => l > 0).sort((a, b) => a - b)[0] : undefined;
        if (first) requestAnimationFrame(() => editor.current?.scrollToLine(first));
      }
    } finally {
      setRun(null);
      abort.current = null;
      // the buttons were disabled while running: keep focus inside the dialog
      requestAnimationFrame(() => {
        if (panel.current && !panel.current.contains(document.activeElement)) panel.current.focus();
      });
    }
  };

  const onFile = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = "";
    if (!file) return;
    load(await file.text(), file.name);
  };

  const load = (content: string, name: string | null) => {
    setText(content);
    setFileName(name);
    setPreview(null);
    setFailure(null);
    setApplied(null);
  };

  const goTo = (line: number) => editor.current?.goToLine(line);

  if (!open) return null; // state (the pasted text, the last preview) survives closing and reopening
  return (
    <div className="fixed inset-0 z-40 flex items-start justify-center overflow-y-auto bg-slate-900/50 p-4 sm:p-8 dark:bg-black/60">
      <div
        ref={panel}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        aria-describedby={`${ids}-intro`}
        tabIndex={-1}
        data-testid="import-dialog"
        className="flex w-full max-w-5xl flex-col rounded-xl outline-none border border-slate-200 bg-white shadow-xl dark:border-slate-800 dark:bg-slate-900"
      >
        <header className="flex items-start justify-between gap-4 border-b border-slate-200 px-5 py-4 dark:border-slate-800">
          <div>
            <h2 id={titleId} className="text-lg font-semibold">
              {t("objects.import.title", { cluster })}
            </h2>
            <p id={`${ids}-intro`} className="mt-1 max-w-3xl text-sm text-slate-600 dark:text-slate-400">
              {t("objects.import.intro")}
            </p>
          </div>
          <button
            type="button"
            onClick={close}
            disabled={run?.mode === "apply"}
            aria-label={t("objects.import.close")}
            className="rounded-md p-1.5 text-slate-500 dark:text-slate-400 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-sky-500 disabled:opacity-40 dark:hover:bg-slate-800"
          >
            <svg viewBox="0 0 20 20" className="h-5 w-5" fill="none" stroke="currentColor" strokeWidth="2" aria-hidden>
              <path d="M5 5l10 10M15 5L5 15" strokeLinecap="round" />
            </svg>
          </button>
        </header>

        <div className="flex flex-col gap-3 px-5 py-4">
          <div className="flex flex-wrap items-center justify-between gap-2 text-sm">
            <label htmlFor={`${ids}-text`} className="font-medium">
              {t("objects.import.source")}
            </label>
            <div className="flex flex-wrap items-center gap-3">
              <span className="text-xs text-slate-500 dark:text-slate-400" data-testid="import-stats">
                {fileName ? <span className="font-mono">{fileName} · </span> : null}
                {t("objects.import.stats", { size: formatBytes(stats.bytes), lines: stats.lines, documents: stats.documents })}
              </span>
              <input ref={fileInput} type="file" accept=".yaml,.yml,.json,.txt,application/yaml,application/json,text/yaml,text/plain" className="sr-only" tabIndex={-1} onChange={onFile} aria-label={t("objects.import.upload")} />
              <Button variant="secondary" className="!px-2.5 !py-1 text-xs" onClick={() => fileInput.current?.click()} disabled={run !== null}>
                {t("objects.import.upload")}
              </Button>
              {text && (
                <Button variant="secondary" className="!px-2.5 !py-1 text-xs" onClick={() => load("", null)} disabled={run !== null}>
                  {t("objects.import.clear")}
                </Button>
              )}
            </div>
          </div>
          <YamlEditor
            ref={editor}
            id={`${ids}-text`}
            label={t("objects.import.source")}
            value={text}
            onChange={(v) => {
              setText(v);
              if (applied) setApplied(null);
            }}
            errors={markersValid ? fieldErrors : []}
            describedBy={failure ? errorsId : undefined}
            readOnly={run !== null}
            placeholder={t("objects.import.placeholder")}
            heightClass="h-[22rem]"
            onDropText={(content, name) => load(content, name)}
            testId="import-editor"
          />
          <label className="flex items-center gap-2 text-sm">
            <input
              type="checkbox"
              checked={createNamespaces}
              onChange={(e) => setCreateNamespaces(e.target.checked)}
              disabled={run !== null}
              className="h-4 w-4 rounded border-slate-300 text-sky-700 focus-visible:outline-2 focus-visible:outline-sky-500"
            />
            {t("objects.import.createNamespaces")}
            <span className="text-xs text-slate-500 dark:text-slate-400">{t("objects.import.createNamespaces.help")}</span>
          </label>

          {run && <Progress run={run} now={now} onCancel={run.mode === "dryRun" ? () => abort.current?.abort() : undefined} />}

          {failure && !run && (
            <>
              {editedSinceFailure && <p className="text-xs text-slate-500 dark:text-slate-400">{t("objects.import.editedSince")}</p>}
              <ApplyErrors id={errorsId} error={failure.error} text={failure.text} onGoTo={markersValid ? goTo : undefined} />
            </>
          )}
          {preview && !run && !applied && (
            <>
              <ApplyResults result={preview.result} />
              {!previewCurrent && <p className="text-xs text-amber-700 dark:text-amber-400">{t("objects.import.previewStale")}</p>}
            </>
          )}
          {applied && !run && (
            <ApplyResults
              result={applied}
              actions={
                <span className="flex gap-3 text-xs font-medium">
                  <Link href={`/clusters/${encodeURIComponent(cluster)}/services`} onClick={onClose} className="text-sky-700 hover:underline dark:text-sky-400">
                    {t("objects.import.toServices")}
                  </Link>
                  <Link href={`/clusters/${encodeURIComponent(cluster)}/workloads`} onClick={onClose} className="text-sky-700 hover:underline dark:text-sky-400">
                    {t("objects.import.toWorkloads")}
                  </Link>
                </span>
              }
            />
          )}
        </div>

        <footer className="flex flex-wrap items-center justify-between gap-3 border-t border-slate-200 px-5 py-3 dark:border-slate-800">
          <p className="text-xs text-slate-500 dark:text-slate-400">
            {applied ? t("objects.import.done") : previewCurrent ? t("objects.import.readyToApply") : t("objects.import.previewFirst")}
          </p>
          <div className="flex gap-2">
            <Button variant="secondary" onClick={close} disabled={run?.mode === "apply"}>
              {applied ? t("objects.import.close") : t("common.cancel")}
            </Button>
            <Button variant={previewCurrent ? "secondary" : "primary"} onClick={() => send("dryRun")} disabled={!text.trim() || run !== null}>
              {t("objects.import.preview")}
            </Button>
            <Button onClick={() => send("apply")} disabled={!previewCurrent || run !== null || applied !== null}>
              {t("objects.import.apply")}
            </Button>
          </div>
        </footer>
      </div>
    </div>
  );
}

function Progress({ run, now, onCancel }: { run: Run; now: number; onCancel?: () => void }) {
  const { t } = useI18n();
  const uploading = run.total > 0 && run.sent < run.total;
  const pct = run.total > 0 ? Math.round((run.sent / run.total) * 100) : 0;
  const seconds = Math.max(0, (now - run.startedAt) / 1000).toFixed(1);
  const label = uploading
    ? t("objects.import.uploading", { sent: formatBytes(run.sent), total: formatBytes(run.total) })
    : t(run.mode === "dryRun" ? "objects.import.checking" : "objects.import.applying", { documents: run.documents });
  return (
    <div className="rounded-lg border border-slate-200 p-3 dark:border-slate-800" data-testid="import-progress">
      <div className="flex items-center justify-between gap-2 text-sm">
        <Spinner label={label} />
        <span className="flex items-center gap-3 text-xs tabular-nums text-slate-500 dark:text-slate-400">
          {t("objects.import.elapsed", { seconds })}
          {onCancel && (
            <button type="button" onClick={onCancel} className="font-medium text-sky-700 hover:underline dark:text-sky-400">
              {t("common.cancel")}
            </button>
          )}
        </span>
      </div>
      <div
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={uploading ? pct : undefined}
        className="mt-2 h-1.5 overflow-hidden rounded-full bg-slate-100 dark:bg-slate-800"
      >
        {uploading ? (
          <div className="h-full rounded-full bg-sky-500 transition-[width]" style={{ width: `${pct}%` }} />
        ) : (
          <>
            <style>
              {"@keyframes hcinet-indeterminate{0%{transform:translateX(-60%)}100%{transform:translateX(260%)}}" +
                ".hcinet-indeterminate{animation:hcinet-indeterminate 1.2s ease-in-out infinite}" +
                "@media (prefers-reduced-motion:reduce){.hcinet-indeterminate{animation:none;width:100%;opacity:.6}}"}
            </style>
            <div className="hcinet-indeterminate h-full w-1/3 rounded-full bg-sky-500" />
          </>
        )}
      </div>
    </div>
  );
}
