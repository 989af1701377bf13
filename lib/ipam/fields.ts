import type { ProblemCode } from "../i18n/problems";

/**
 * Field readers shared by the validators (network, cluster spec, IP plan). They read one field of an untrusted
 * object, record a {@link FieldProblem} with the field's path when it is missing or has the wrong type, and never
 * throw — the validators collect every problem of an input at once.
 */

/** One problem of an input, addressed by its field path (`vipPoolEnd`, `dnsServers[1]`, `nodePools[0].count`). */
export interface FieldProblem {
  path: string;
  /** English text (API, CLI, logs) */
  message: string;
  /**
   * Stable code of the rule, when the message has a translation (`lib/i18n/problems.ts`): the UI shows the text of
   * `code` in the user's language, filled with `vars`; without a code it shows `message`.
   */
  code?: string;
  vars?: Record<string, string | number>;
}

/** Result of a validator: the normalized value, or every problem found. */
export type Validation<T> = { ok: true; value: T } | { ok: false; problems: FieldProblem[] };

export type UnknownRecord = Record<string, unknown>;

export function isRecord(v: unknown): v is UnknownRecord {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** `undefined`, `null` and `""` all mean "not given" (HTML forms send empty strings for blank inputs). */
export function isAbsent(v: unknown): boolean {
  return v === undefined || v === null || v === "";
}

/** `a.b`, `a[0]`: the path of a child field. */
export function childPath(parent: string, key: string | number): string {
  if (typeof key === "number") return `${parent}[${key}]`;
  return parent ? `${parent}.${key}` : key;
}

/** "a number", "an array", … — for "must be a string, got a number" messages. */
export function describeValue(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  const t = typeof v;
  return t === "object" || t === "undefined" ? `an ${t}` : `a ${t}`;
}

/** Collects problems for one input. */
export class ProblemList {
  readonly items: FieldProblem[] = [];

  /** `code` must have an English and a Japanese text in lib/i18n/problems.ts (the type checks it). */
  add(path: string, message: string, code?: ProblemCode, vars?: Record<string, string | number>): void {
    this.items.push(code ? (vars ? { path, message, code, vars } : { path, message, code }) : { path, message });
  }

  get empty(): boolean {
    return this.items.length === 0;
  }

  /** Reads a string field; records "is required" / wrong-type problems. Absent optional fields give undefined. */
  string(rec: UnknownRecord, key: string, parent: string, opts: { required?: boolean } = {}): string | undefined {
    const path = childPath(parent, key);
    const v = rec[key];
    if (isAbsent(v)) {
      if (opts.required) this.add(path, "is required", "required");
      return undefined;
    }
    if (typeof v !== "string") {
      this.add(path, `must be a string, got ${describeValue(v)}`, "type.string", { got: describeValue(v) });
      return undefined;
    }
    return v;
  }

  /** Reads an integer field within [min, max]; `hint` is appended to the message ("must be an integer ≥ 0 (hint)"). */
  integer(
    rec: UnknownRecord,
    key: string,
    parent: string,
    opts: { required?: boolean; min?: number; max?: number; hint?: string } = {},
  ): number | undefined {
    const path = childPath(parent, key);
    const v = rec[key];
    if (isAbsent(v)) {
      if (opts.required) this.add(path, "is required", "required");
      return undefined;
    }
    const { min, max } = opts;
    // the translatable form (hint kept in English, the translation leaves it out)
    const hint = opts.hint ? ` (${opts.hint})` : "";
    const coded = (got: string | number): [ProblemCode, Record<string, string | number>] =>
      min !== undefined && max !== undefined
        ? ["integer.range", { min, max, hint, got }]
        : min !== undefined
          ? ["integer.min", { min, hint, got }]
          : max !== undefined
            ? ["integer.max", { max, hint, got }]
            : ["integer", { hint, got }];
    const bounds =
      min !== undefined && max !== undefined ? ` from ${min} to ${max}` : min !== undefined ? ` ≥ ${min}` : max !== undefined ? ` ≤ ${max}` : "";
    const expected = `must be an integer${bounds}${opts.hint ? ` (${opts.hint})` : ""}`;
    if (typeof v !== "number" || !Number.isInteger(v)) {
      const got = typeof v === "number" ? v : describeValue(v);
      this.add(path, `${expected}, got ${got}`, ...coded(got));
      return undefined;
    }
    if ((min !== undefined && v < min) || (max !== undefined && v > max)) {
      this.add(path, `${expected}, got ${v}`, ...coded(v));
      return undefined;
    }
    return v;
  }

  /** Reads a boolean field. */
  boolean(rec: UnknownRecord, key: string, parent: string): boolean | undefined {
    const v = rec[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== "boolean") {
      this.add(childPath(parent, key), `must be true or false, got ${describeValue(v)}`, "type.boolean", { got: describeValue(v) });
      return undefined;
    }
    return v;
  }

  /**
   * Reads one of a fixed set of values. Matching is case-insensitive (PowerShell enum parameters are), the value
   * is returned in its canonical spelling.
   */
  oneOf<T extends string>(rec: UnknownRecord, key: string, parent: string, allowed: readonly T[]): T | undefined {
    const v = this.string(rec, key, parent);
    if (v === undefined) return undefined;
    const match = allowed.find((a) => a.toLowerCase() === v.toLowerCase());
    const list = allowed.map((a) => `"${a}"`).join(", ");
    if (!match) this.add(childPath(parent, key), `must be one of ${list}, got "${v}"`, "oneOf", { allowed: list, value: v });
    return match;
  }

  /** Reads an array field (elements unchecked). */
  array(rec: UnknownRecord, key: string, parent: string, opts: { required?: boolean } = {}): unknown[] | undefined {
    const path = childPath(parent, key);
    const v = rec[key];
    if (v === undefined || v === null) {
      if (opts.required) this.add(path, "is required", "required");
      return undefined;
    }
    if (!Array.isArray(v)) {
      this.add(path, `must be a list, got ${describeValue(v)}`, "type.list", { got: describeValue(v) });
      return undefined;
    }
    return v;
  }

  /**
   * Unknown parameters are refused, never silently dropped: one problem per key not in `allowed`, naming it.
   * `reasons` gives a specific explanation for known-but-unsupported keys (e.g. cloudServiceCidr).
   */
  unknownKeys(
    rec: UnknownRecord,
    allowed: readonly string[],
    parent: string,
    what: string,
    reasons: Record<string, string | { message: string; code: ProblemCode }> = {},
  ): void {
    for (const key of Object.keys(rec)) {
      if (allowed.includes(key)) continue;
      const reason = reasons[key];
      if (typeof reason === "string") this.add(childPath(parent, key), reason);
      else if (reason) this.add(childPath(parent, key), reason.message, reason.code);
      else {
        const known = allowed.join(", ");
        this.add(childPath(parent, key), `unknown parameter "${key}": ${what} has no such parameter (known: ${known})`, "unknownParameter", { key, what, known });
      }
    }
  }

  /**
   * A free-text value that ends up in PowerShell scripts and the UI (vswitchName, VM sizes): at most
   * {@link FREE_TEXT_MAX} characters, printable only — control characters (newlines, tabs, NUL, ESC, DEL, C1) and
   * Unicode line/paragraph separators are refused.
   */
  freeText(path: string, v: string | undefined): void {
    if (v === undefined) return;
    if (v.length > FREE_TEXT_MAX) this.add(path, `must be at most ${FREE_TEXT_MAX} characters, got ${v.length}`, "text.tooLong", { max: FREE_TEXT_MAX, length: v.length });
    const bad = firstNonPrintable(v);
    if (bad !== null) {
      const char = `U+${bad.toString(16).toUpperCase().padStart(4, "0")}`;
      this.add(path, `must contain printable characters only; found control character ${char}`, "text.control", { char });
    }
  }
}

/** Longest free-text value accepted at the API (vswitchName, VM sizes). */
export const FREE_TEXT_MAX = 256;

/** The code point of the first control / non-printable character of `s`, or null. */
export function firstNonPrintable(s: string): number | null {
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c === 0x2028 || c === 0x2029 || c === 0xfeff || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069)) return c;
  }
  return null;
}

