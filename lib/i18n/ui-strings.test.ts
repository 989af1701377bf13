import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { catalogs } from "./messages";

/**
 * Every UI string goes through the catalogs: this scan of the pages and components fails on English text written
 * straight into JSX (text between tags, or aria-label / title / placeholder / alt attributes). Product and protocol
 * names that read the same in Japanese are allowed.
 */
const ROOT = path.resolve(__dirname, "../..");
const ALLOWED = new Set(["DHCP", "Linux", "Windows", "Calico", "Flannel", "TLS", "English", "HAProxy", "VLAN", "YAML", "404", "8080/TCP", "app=api, tier!=web", "CONT-NET"]);

function tsxFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    if (statSync(p).isDirectory()) return tsxFiles(p);
    return p.endsWith(".tsx") ? [p] : [];
  });
}

function literalStrings(source: string): string[] {
  const found: string[] = [];
  // text between a JSX tag's end and the next tag: letters, no code punctuation
  for (const m of source.matchAll(/(?<![\s=-])>([^<>{}]*)</g)) {
    const text = m[1].trim();
    if (!/[A-Za-z]{2,}/.test(text) || /[=();&|?:]|^\d|,$/.test(text)) continue;
    found.push(text);
  }
  for (const m of source.matchAll(/\b(?:aria-label|title|placeholder|alt)="([^"]*)"/g)) if (/[A-Za-z]{2,}/.test(m[1])) found.push(m[1]);
  return found.filter((s) => !ALLOWED.has(s));
}

describe("UI strings", () => {
  it("no English text is written straight into a page or component", () => {
    const offenders = [...tsxFiles(path.join(ROOT, "app")), ...tsxFiles(path.join(ROOT, "components"))].flatMap((f) =>
      literalStrings(readFileSync(f, "utf8")).map((s) => `${path.relative(ROOT, f)}: "${s}"`),
    );
    expect(offenders).toEqual([]);
  });

  it("the scan finds such text (it would catch a regression)", () => {
    expect(literalStrings(`<p className="x">This page does not exist.</p><button aria-label="Close dialog">x</button>`)).toEqual([
      "This page does not exist.",
      "Close dialog",
    ]);
    expect(literalStrings(`<span>{t("a")}</span><td>DHCP</td>`)).toEqual([]);
  });

  it("every Japanese entry differs from English where English is a sentence", () => {
    const same = Object.entries(catalogs.en)
      .filter(([k, en]) => /[a-z]{3,} [a-z]{3,}/i.test(en) && catalogs.ja[k as keyof typeof catalogs.en] === en)
      .map(([k]) => k);
    expect(same).toEqual([]);
  });
});
