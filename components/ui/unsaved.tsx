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
      /* quota or privacy mode: the form still works, it just does not survive a reload (and no older value comes back) */
      forget(key);
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

function forget(key: string) {
  try {
    window.sessionStorage.removeItem(key);
  } catch {
    /* storage unavailable */
  }
}

/**
 * Keeps one string (pasted manifests, an open dialog) in sessionStorage under `key` while `keep` is true and the value
 * is not empty, so a reload gives it back: `restore` receives the stored value once, right after mount. A value too
 * large for the storage quota is not kept (and an older, smaller one is removed rather than brought back).
 */
export function useSessionText(key: string, value: string, keep: boolean, restore: (stored: string) => void) {
  const [ready, setReady] = useState(false);
  const restoreRef = useRef(restore);
  useEffect(() => {
    restoreRef.current = restore;
  });
  useEffect(() => {
    try {
      const raw = window.sessionStorage.getItem(key);
      if (raw !== null) restoreRef.current(raw);
    } catch {
      /* storage unavailable */
    }
    setReady(true);
  }, [key]);
  useEffect(() => {
    if (!ready) return;
    if (!keep || !value) return forget(key);
    try {
      window.sessionStorage.setItem(key, value);
    } catch {
      forget(key);
    }
  }, [key, value, keep, ready]);
}

/** Marks the history entry the leave guard pushes on top of the page's own (same URL, Next's state copied). */
const GUARD = "hcinetLeaveGuard";
const onGuardEntry = () => (window.history.state as Record<string, unknown> | null)?.[GUARD] === true;
const pushGuardEntry = () => window.history.pushState({ ...((window.history.state as object | null) ?? {}), [GUARD]: true }, "");

/**
 * While `dirty`, leaving asks first:
 * - closing or reloading the tab: the browser's own "leave site?" question (beforeunload);
 * - following an in-app link: `message` (window.confirm; Cancel stays on the page);
 * - the browser's Back (or Forward) button: Next's App Router has no route-change event, so the guard pushes one
 *   history entry for the same URL (carrying Next's state, so its router restores the same page) on top of the
 *   page's. Back pops that entry (a popstate that changes nothing on screen) and the guard asks `message`: Cancel puts
 *   the entry back, OK goes back once more, to where Back was meant to go. The extra entry stays when the changes are
 *   saved (one Back then lands on the same page); a reload while dirty does not add a second one.
 */
export function useLeaveGuard(dirty: boolean, message: string) {
  useEffect(() => {
    if (!dirty) return;
    let leaving = false;
    const onUnload = (e: BeforeUnloadEvent) => {
      if (leaving) return;
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
    const onPop = () => {
      if (leaving || onGuardEntry()) return; // forward onto the guard entry: nothing is left
      if (window.confirm(message)) {
        leaving = true;
        window.history.back();
      } else {
        pushGuardEntry();
      }
    };
    if (!onGuardEntry()) pushGuardEntry();
    window.addEventListener("beforeunload", onUnload);
    window.addEventListener("popstate", onPop);
    document.addEventListener("click", onClick, true);
    return () => {
      window.removeEventListener("beforeunload", onUnload);
      window.removeEventListener("popstate", onPop);
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
