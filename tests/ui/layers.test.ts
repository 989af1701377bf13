/** The layering rule of the README: pages and components never reach the store (lib/db) directly. */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return p.split(path.sep).includes("api") && dir.startsWith("app") ? [] : files(p);
    return /\.(ts|tsx)$/.test(e.name) ? [p] : [];
  });
}

describe("layers", () => {
  it("no component or page imports lib/db (route handlers under app/api and lib/api do)", () => {
    const offenders = [...files("components"), ...files("app")].filter((f) => /from\s+["'](@\/lib\/db|(\.\.\/)+lib\/db)[/"']/.test(readFileSync(f, "utf8")));
    expect(offenders).toEqual([]);
  });
});
