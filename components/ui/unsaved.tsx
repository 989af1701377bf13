"use client";
/**
 * No silent data loss: form state that survives a reload (sessionStorage), a warning before leaving with unsaved
 * changes (browser unload and in-app links), and the one confirmation pattern for every destructive or discarding
 * action (ConfirmAction: the button turns into "question? [Cancel] [Confirm]", errors shown beneath it).
 */
import { useCallback, useEffect, useRef, useState, type ReactNode } from "react";
import { useI18n } from "@/components/shell/i18n";
import { Button, ErrorState } from "./primitives";

/**
 * useState whose value is kept in sessionStorage under `key` (per tab, gone when the tab closes). The first render
 * uses `initial` (server and client agree), the stored value is restored right after mount. `clear()` forgets it.
 */
export function useSessionState<T>(key: string, initial: T): [T, (v: T | ((old: T) => T)) => void, () => void, boolean] {
  const [value, setValue] = useState<T>(initial);
  const [restored, setRestored] = useState(false);
  const initialRef = useRef(initial);
  useEffect(() => {
    try {
      const raw = window.sessionStorage.getItem(key);
      if (raw !== null) setValue({ ...(initialRef.current as object), ...JSON.parse(raw) } as T);
    } catch {
      /* storage unavailable or corrupt: start empty */
    }
    setRestored(true);
  }, [key]);
  useEffect(() => {
    if (!restored) return;
    try {
      window.sessionStorage.setItem(key, JSON.stringify(value));
    } catch {
      /* quota or privacy mode: the form still works, it just does not survive a reload */
    }
  }, [key, value, restored]);
  const clear = useCallback(() => {
    try {
      window.sessionStorage.removeItem(key);
    } catch {
      /* ignore */
    }
    setValue(initialRef.current); // written back as the (empty) initial value: harmless

  }, [key]);
  return [value, setValue, clear, restored];
}

/**
 * While `dirty`, closing or reloading the tab asks the browser's "leave site?" question, and following an in-app link
 * asks `message` first (window.confirm; Cancel stays on the page).
 */
export function useLeaveGuard(dirty: boolean, message: string) {
  useEffect(() => {
    if (!dirty) return;
    const onUnload = (e: BeforeUnloadEvent) => {
      e.preventDefault();
      e.returnValue = "";
    };
    const onClick = (e: MouseEvent) => {
      if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
      const a = (e.target as Element | null)?.closest?.("a[href]") as HTMLAnchorElement | null;
      if (!a || a.target === "_blank" || a.hasAttribute("download")) return;
      const url = new URL(a.href, window.location.href);
      if (url.origin !== window.location.origin) return;
      if (url.pathname === window.location.pathname && url.search === window.location.search) return;
      if (!window.confirm(message)) {
        e.preventDefault();
        e.stopPropagation();
      }
    };
    window.addEventListener("beforeunload", onUnload);
    document.addEventListener("click", onClick, true);
    return () => {
      window.removeEventListener("beforeunload", onUnload);
      document.removeEventListener("click", onClick, true);
    };
  }, [dirty, message]);
}

/**
 * The one confirmation pattern: a button that, when pressed, is replaced by the question and Cancel / confirm buttons
 * (focus on Cancel). `error` (the failed mutation's error) is shown beneath in the app's error format.
 */
export function ConfirmAction({
  label,
  question,
  confirmLabel,
  pendingLabel,
  pending = false,
  error,
  onConfirm,
  disabled,
  title,
  small = false,
  variant = "danger",
  ariaLabel,
  testId,
}: {
  label: ReactNode;
  question: string;
  confirmLabel?: string;
  pendingLabel?: string;
  pending?: boolean;
  error?: unknown;
  onConfirm: () => void;
  disabled?: boolean;
  title?: string;
  small?: boolean;
  variant?: "danger" | "secondary";
  ariaLabel?: string;
  testId?: string;
}) {
  const { t } = useI18n();
  const [asking, setAsking] = useState(false);
  const size = small ? "!px-2.5 !py-1 text-xs" : "";
  return (
    <div className={`flex flex-col gap-2 ${small ? "items-start" : "items-end"}`} data-testid={testId}>
      {asking ? (
        <div role="group" aria-label={question} className={`flex flex-wrap items-center gap-2 ${small ? "justify-start text-xs" : "justify-end text-sm"}`}>
          <span>{question}</span>
          <Button variant="secondary" className={size} onClick={() => setAsking(false)} autoFocus>
            {t("common.cancel")}
          </Button>
          <Button variant={variant} className={size} disabled={pending} onClick={onConfirm}>
            {pending ? (pendingLabel ?? t("common.deleting")) : (confirmLabel ?? t("common.delete"))}
          </Button>
        </div>
      ) : (
        <Button variant="secondary" className={size} onClick={() => setAsking(true)} disabled={disabled} title={title} aria-label={ariaLabel}>
          {label}
        </Button>
      )}
      {error ? <ErrorState error={error} /> : null}
    </div>
  );
}
