import { describe, expect, it } from "vitest";
import { catalogs, format, translate, isLang } from "./messages";

describe("message catalogs", () => {
  it("Japanese has every English key, none left empty or untranslated placeholders lost", () => {
    for (const [key, enText] of Object.entries(catalogs.en)) {
      const jaText = catalogs.ja[key as keyof typeof catalogs.en];
      expect(jaText, key).toBeTruthy();
      const placeholders = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
      expect(placeholders(jaText), key).toEqual(placeholders(enText));
    }
  });
  it("fills placeholders and leaves unknown ones", () => {
    expect(format("{a} and {b}", { a: 1 })).toBe("1 and {b}");
    expect(translate("ja", "networks.created", { name: "demo" })).toBe("ネットワーク demo を作成しました。");
  });
  it("recognizes languages", () => {
    expect(isLang("ja")).toBe(true);
    expect(isLang("fr")).toBe(false);
  });
});
