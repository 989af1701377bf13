import { describe, expect, it } from "vitest";
import { toYaml } from "./serialize";
import type { KubeObject } from "./types";

describe("toYaml's rendered-document cache", () => {
  it("renders the same text again, and a changed object anew (keyed by content, not identity)", () => {
    const obj: KubeObject = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "a", namespace: "x" }, data: { k: "one" } } as KubeObject;
    const first = toYaml([obj]);
    expect(toYaml([obj])).toBe(first);
    (obj as unknown as { data: Record<string, string> }).data.k = "two";
    const second = toYaml([obj]);
    expect(second).toContain("k: two");
    expect(second).not.toContain("one");
    expect(toYaml([obj], { dropStatus: true, keepServerFields: true })).toContain("k: two");
  });
});
