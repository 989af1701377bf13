import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { apiErrorCatalogs, apiErrorText, isApiErrorCode } from "./api-errors";
import { isProblemCode, problemText } from "./problems";
import { AppError, conflict, notFound, payloadTooLarge } from "../errors";

/**
 * Every error code the server can answer is shown in the UI in the user's language: this scan of lib/ and app/
 * collects the codes the source throws (conflict("…"), new AppError(status, "…"), errorResponse(status, "…"),
 * super(status, "…"), StoreFault kinds → store_<kind>) and the field-problem codes written into error fields
 * ({ path, message, code: "…" }), and fails on any without a catalog entry.
 */
const ROOT = path.resolve(__dirname, "../..");

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    if (p.includes(`${path.sep}generated`)) return [];
    if (statSync(p).isDirectory()) return sources(p);
    return /\.tsx?$/.test(p) && !/\.test\.tsx?$/.test(p) ? [p] : [];
  });
}

const FILES = [...sources(path.join(ROOT, "lib")), ...sources(path.join(ROOT, "app"))].map((f) => ({ file: path.relative(ROOT, f), text: readFileSync(f, "utf8") }));

function thrownCodes(text: string): string[] {
  const out: string[] = [];
  for (const re of [/\bconflict\(\s*"([a-z_]+)"/g, /new AppError\(\s*\d+,\s*"([a-z_]+)"/g, /errorResponse\(\s*\d+,\s*"([a-z_]+)"/g, /\bsuper\(\s*\d+,\s*"([a-z_]+)"/g])
    for (const m of text.matchAll(re)) out.push(m[1]);
  for (const m of text.matchAll(/new StoreFault\(\s*"([a-z_]+)"/g)) out.push(`store_${m[1]}`);
  return out;
}

function fieldCodes(text: string): string[] {
  return [...text.matchAll(/\{\s*path[^{}]*?\bcode:\s*"([\w.]+)"/g)].map((m) => m[1]);
}

describe("API error codes shown in the UI have a Japanese text", () => {
  it("the scan finds the codes (it would catch a new one)", () => {
    expect(thrownCodes(`throw conflict("brand_new", "x"); throw new AppError(409, "other_one", "y"); new StoreFault("busy", 503, "z")`)).toEqual([
      "brand_new",
      "other_one",
      "store_busy",
    ]);
    expect(fieldCodes(`[{ path: "name", message: "a network with this name already exists", code: "exists.network" }]`)).toEqual(["exists.network"]);
    const all = FILES.flatMap((f) => thrownCodes(f.text));
    for (const c of ["already_exists", "network_overlap", "pool_exhausted", "not_found", "store_busy", "too_many_attempts", "forbidden"]) expect(all).toContain(c);
  });

  it("every error code thrown by lib/ or app/ has an English and a Japanese entry", () => {
    const missing = FILES.flatMap((f) => thrownCodes(f.text).filter((c) => !isApiErrorCode(c)).map((c) => `${f.file}: ${c}`));
    // the helpers' codes (badRequest, unprocessable, notFound, payloadTooLarge) too
    for (const c of ["bad_request", "validation_failed", "not_found", "payload_too_large"]) if (!isApiErrorCode(c)) missing.push(`lib/errors.ts: ${c}`);
    expect(missing).toEqual([]);
    for (const [code, en] of Object.entries(apiErrorCatalogs.en)) {
      const ja = apiErrorCatalogs.ja[code as keyof (typeof apiErrorCatalogs)["ja"]];
      expect(ja, code).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
      const ph = (s: string) => new Set(s.match(/\{\w+\}/g) ?? []);
      for (const x of ph(ja)) expect(ph(en).has(x), `${code}: ${x}`).toBe(true);
    }
  });

  it("every field-problem code written into an error's fields has a Japanese text", () => {
    const found = FILES.flatMap((f) => fieldCodes(f.text).map((c) => ({ file: f.file, c })));
    expect(found.length).toBeGreaterThan(10);
    expect(found.filter(({ c }) => !isProblemCode(c)).map(({ file, c }) => `${file}: ${c}`)).toEqual([]);
  });

  it("translates with the error's details and keeps English as the server said it", () => {
    const e404 = notFound("network", "labnet");
    expect(apiErrorText("ja", { code: e404.code, message: e404.message, details: e404.details })).toBe('ネットワーク "labnet" が見つかりません');
    expect(apiErrorText("en", { code: e404.code, message: e404.message, details: e404.details })).toBe('network "labnet" not found');
    const dup = conflict("already_exists", 'network "labnet" already exists', { kind: "network", name: "labnet" });
    expect(apiErrorText("ja", dup)).toBe('ネットワーク "labnet" は既に存在します');
    expect(apiErrorText("ja", conflict("network_in_use", "…", { clusters: ["a", "b"] }))).toContain("a, b");
    expect(apiErrorText("ja", payloadTooLarge(1024))).toContain("1024 バイト");
    expect(apiErrorText("ja", new AppError(422, "validation_failed", "objects in one apply: 9 is over …", [], { limit: "documentsPerApply", max: 5 }))).toContain("上限 5");
    // a value the server did not send is left out, never shown as a placeholder
    expect(apiErrorText("ja", { code: "not_found", message: "x" })).not.toMatch(/\{/);
    // an unknown code falls back to the server's English
    expect(apiErrorText("ja", { code: "never_heard_of_it", message: "server text" })).toBe("server text");
    // a field problem with a code is translated, one without keeps its message
    expect(problemText("ja", { message: "a network with this name already exists", code: "exists.network" })).toBe("この名前のネットワークは既に存在します");
  });
});
