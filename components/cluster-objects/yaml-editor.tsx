"use client";
/**
 * A small YAML editor: a transparent textarea over a highlighted copy of its text, with a line-number gutter.
 * Problems from the apply API are shown at their line: a marker in the gutter, the line tinted, and the message next
 * to the line's end. Highlighting is skipped for very large inputs (the gutter and markers stay).
 */
import { forwardRef, useCallback, useImperativeHandle, useMemo, useRef, type DragEvent, type ReactNode } from "react";
import type { ApiFieldError } from "@/components/data/api";
import { blockScalarLines, errorsByLine, highlightLine, type TokenKind } from "./model";

/** Highlighting stops above this many lines (typing stays fluid on multi-megabyte imports). */
const HIGHLIGHT_MAX_LINES = 3000;
const LINE_PX = 20; // leading-5
const PAD_PX = 8; // p-2

export const TOKEN_CLASS: Record<TokenKind, string> = {
  key: "text-sky-700 dark:text-sky-300",
  string: "text-emerald-700 dark:text-emerald-300",
  number: "text-amber-700 dark:text-amber-300",
  bool: "text-violet-700 dark:text-violet-300",
  comment: "italic text-slate-500 dark:text-slate-400",
  punct: "text-slate-500 dark:text-slate-400",
  separator: "font-semibold text-rose-600 dark:text-rose-400",
  anchor: "text-fuchsia-700 dark:text-fuchsia-300",
  plain: "",
};

export interface YamlEditorHandle {
  /** Puts the caret at the start of `line` (1-based), selects the line and scrolls it into view. */
  goToLine(line: number): void;
  /** Scrolls `line` (1-based) into view without moving focus. */
  scrollToLine(line: number): void;
  focus(): void;
}

export interface YamlEditorProps {
  id: string;
  value: string;
  onChange(value: string): void;
  label: string;
  /** Problems to show at their lines (`line` is 1-based in `value`). */
  errors?: ApiFieldError[];
  /** Element describing the editor (e.g. the error list). */
  describedBy?: string;
  readOnly?: boolean;
  placeholder?: string;
  /** Tailwind height class of the editor, e.g. "h-[28rem]". */
  heightClass?: string;
  /** Grow with the text between these many visible lines instead of a fixed height. */
  fitLines?: { min: number; max: number };
  onDropText?(text: string, fileName: string): void;
  testId?: string;
}

export function HighlightedLine({ text }: { text: string }) {
  return (
    <>
      {highlightLine(text).map((tok, i) =>
        tok.kind === "plain" ? (
          tok.text
        ) : (
          <span key={i} className={TOKEN_CLASS[tok.kind]}>
            {tok.text}
          </span>
        ),
      )}
    </>
  );
}

export const YamlEditor = forwardRef<YamlEditorHandle, YamlEditorProps>(function YamlEditor(
  { id, value, onChange, label, errors = [], describedBy, readOnly, placeholder, heightClass = "h-[28rem]", fitLines, onDropText, testId },
  ref,
) {
  const area = useRef<HTMLTextAreaElement>(null);
  const layer = useRef<HTMLDivElement>(null);
  const gutter = useRef<HTMLDivElement>(null);

  const lines = useMemo(() => value.split("\n"), [value]);
  const highlight = lines.length <= HIGHLIGHT_MAX_LINES;
  const blocks = useMemo(() => (highlight ? blockScalarLines(lines) : new Set<number>()), [highlight, lines]);
  const byLine = useMemo(() => errorsByLine(errors), [errors]);
  const errorLines = useMemo(() => [...byLine.keys()].filter((l) => l > 0 && l <= lines.length).sort((a, b) => a - b), [byLine, lines.length]);
  const gutterDigits = String(lines.length).length;

  const sync = useCallback(() => {
    const a = area.current;
    if (!a) return;
    if (layer.current) layer.current.style.transform = `translate(${-a.scrollLeft}px, ${-a.scrollTop}px)`;
    if (gutter.current) gutter.current.style.transform = `translateY(${-a.scrollTop}px)`;
  }, []);

  useImperativeHandle(
    ref,
    () => ({
      focus: () => area.current?.focus(),
      scrollToLine(line: number) {
        const a = area.current;
        if (!a) return;
        const top = (line - 1) * LINE_PX;
        if (top < a.scrollTop || top > a.scrollTop + a.clientHeight - 2 * LINE_PX) a.scrollTop = Math.max(0, top - a.clientHeight / 3);
        sync();
      },
      goToLine(line: number) {
        const a = area.current;
        if (!a) return;
        const all = a.value.split("\n");
        const n = Math.min(Math.max(line, 1), all.length);
        let start = 0;
        for (let i = 0; i < n - 1; i++) start += all[i].length + 1;
        a.focus();
        a.setSelectionRange(start, start + all[n - 1].length);
        a.scrollTop = Math.max(0, (n - 1) * LINE_PX - a.clientHeight / 3);
        a.scrollLeft = 0;
        sync();
      },
    }),
    [sync],
  );

  const onDrop = (e: DragEvent<HTMLTextAreaElement>) => {
    if (!onDropText || !e.dataTransfer.files.length) return;
    e.preventDefault();
    const file = e.dataTransfer.files[0];
    file.text().then((text) => onDropText(text, file.name));
  };

  const invalid = errorLines.length > 0;
  return (
    <div
      data-testid={testId}
      style={fitLines ? { height: Math.min(Math.max(lines.length + 1, fitLines.min), fitLines.max) * LINE_PX + 2 * PAD_PX + 2 } : undefined}
      className={`relative flex overflow-hidden rounded-md border font-mono text-xs leading-5 shadow-sm ${fitLines ? "" : heightClass} ${
        invalid ? "border-rose-400 dark:border-rose-700" : "border-slate-300 dark:border-slate-700"
      } bg-white focus-within:ring-2 focus-within:ring-sky-200 dark:bg-slate-950 dark:focus-within:ring-sky-900`}
    >
      {/* gutter: line numbers and error markers */}
      <div aria-hidden className="relative shrink-0 select-none overflow-hidden border-r border-slate-200 bg-slate-50 text-right text-slate-500 dark:border-slate-800 dark:bg-slate-900 dark:text-slate-400">
        <div ref={gutter} className="relative" style={{ padding: `${PAD_PX}px 0`, minWidth: `${gutterDigits + 3.5}ch` }}>
          <pre className="m-0 pr-2 pl-5 font-mono">{lines.map((_, i) => i + 1).join("\n")}</pre>
          {errorLines.map((l) => (
            <span
              key={l}
              data-error-line={l}
              className="absolute left-0 right-0 flex items-center justify-between bg-rose-100 pr-2 pl-1 font-semibold text-rose-700 dark:bg-rose-950 dark:text-rose-300"
              style={{ top: PAD_PX + (l - 1) * LINE_PX, height: LINE_PX }}
              title={(byLine.get(l) ?? []).map((f) => `${f.path}: ${f.message}`).join("\n")}
            >
              <svg viewBox="0 0 16 16" className="h-3 w-3" fill="currentColor" aria-hidden>
                <circle cx="8" cy="8" r="7" />
                <path d="M7.25 4h1.5v5h-1.5zM7.25 10.5h1.5V12h-1.5z" fill="white" />
              </svg>
              {l}
            </span>
          ))}
        </div>
      </div>
      <div className="relative min-w-0 flex-1 overflow-hidden">
        {/* what you see: highlighted text + error bands and messages; moved with the textarea's scroll */}
        <div aria-hidden className="pointer-events-none absolute left-0 top-0" ref={layer}>
          <div className="relative" style={{ padding: PAD_PX }}>
            {errorLines.map((l) => (
              <div
                key={`band-${l}`}
                className="absolute bg-rose-50 dark:bg-rose-950/60"
                style={{ top: PAD_PX + (l - 1) * LINE_PX, height: LINE_PX, left: 0, width: "max(100%, 400ch)" }}
              />
            ))}
            <pre className="relative m-0 whitespace-pre font-mono text-slate-800 dark:text-slate-200">
              {highlight
                ? lines.map((l, i) => (
                    <div key={i} style={{ height: LINE_PX }}>
                      {blocks.has(i) ? <span className="text-emerald-700 dark:text-emerald-300">{l}</span> : <HighlightedLine text={l} />}
                      {byLine.has(i + 1) && <LineMessage errors={byLine.get(i + 1)!} />}
                    </div>
                  ))
                : value}
            </pre>
            {!highlight &&
              errorLines.map((l) => (
                <div key={`msg-${l}`} className="absolute whitespace-pre" style={{ top: PAD_PX + (l - 1) * LINE_PX, left: `calc(${PAD_PX}px + ${lines[l - 1].length}ch)` }}>
                  <LineMessage errors={byLine.get(l)!} />
                </div>
              ))}
          </div>
        </div>
        {!value && placeholder && (
          <div aria-hidden className="pointer-events-none absolute left-0 top-0 whitespace-pre-wrap text-slate-500 dark:text-slate-400" style={{ padding: PAD_PX }}>
            {placeholder}
          </div>
        )}
        <textarea
          ref={area}
          id={id}
          aria-label={label}
          aria-describedby={describedBy}
          aria-invalid={invalid || undefined}
          aria-errormessage={invalid ? describedBy : undefined}
          value={value}
          readOnly={readOnly}
          onChange={(e) => onChange(e.target.value)}
          onScroll={sync}
          onDrop={onDrop}
          onDragOver={(e) => onDropText && e.preventDefault()}
          wrap="off"
          spellCheck={false}
          autoCapitalize="off"
          autoCorrect="off"
          autoComplete="off"
          className="absolute inset-0 h-full w-full resize-none overflow-auto whitespace-pre bg-transparent font-mono text-xs leading-5 text-transparent caret-slate-900 outline-none selection:bg-sky-200/70 dark:caret-slate-100 dark:selection:bg-sky-800/70"
          style={{ padding: PAD_PX }}
        />
      </div>
    </div>
  );
});

function LineMessage({ errors }: { errors: ApiFieldError[] }): ReactNode {
  return (
    <span className="ml-4 rounded bg-rose-600 px-1.5 py-px font-sans text-[11px] font-medium text-white not-italic dark:bg-rose-700">
      {errors.map((f) => `${f.path ? `${f.path}: ` : ""}${shortMessage(f.message)}`).join(" · ")}
    </span>
  );
}

/** The API prefixes messages with the object (`Service default/web: must be …`); next to the line the object is known. */
export function shortMessage(message: string): string {
  const m = message.match(/^[A-Z]\w* [^\s:]*: (.+)$/s);
  return m ? m[1] : message;
}
