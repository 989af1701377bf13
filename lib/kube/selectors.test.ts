import { describe, expect, it } from "vitest";
import {
  formatLabelSelector,
  isEmptySelector,
  matchesLabelSelector,
  matchesNodeSelector,
  matchesSelectorMap,
} from "./selectors";
import type { LabelSelector } from "./types";

const labels = { app: "web", tier: "frontend", empty: "" };

describe("matchesLabelSelector", () => {
  it.each<[string, LabelSelector | null | undefined, Record<string, string> | undefined, boolean]>([
    ["empty selector matches everything", {}, labels, true],
    ["empty selector matches unlabelled objects", {}, undefined, true],
    ["null selector matches nothing", null, labels, false],
    ["undefined selector matches nothing", undefined, labels, false],
    ["matchLabels equal", { matchLabels: { app: "web" } }, labels, true],
    ["matchLabels different value", { matchLabels: { app: "db" } }, labels, false],
    ["matchLabels missing key", { matchLabels: { role: "x" } }, labels, false],
    ["matchLabels empty value matches empty value", { matchLabels: { empty: "" } }, labels, true],
    ["In with value", { matchExpressions: [{ key: "tier", operator: "In", values: ["backend", "frontend"] }] }, labels, true],
    ["In without value", { matchExpressions: [{ key: "tier", operator: "In", values: ["backend"] }] }, labels, false],
    ["In on absent key", { matchExpressions: [{ key: "zone", operator: "In", values: ["a"] }] }, labels, false],
    ["NotIn with other value", { matchExpressions: [{ key: "tier", operator: "NotIn", values: ["backend"] }] }, labels, true],
    ["NotIn with listed value", { matchExpressions: [{ key: "tier", operator: "NotIn", values: ["frontend"] }] }, labels, false],
    ["NotIn on absent key matches", { matchExpressions: [{ key: "zone", operator: "NotIn", values: ["a"] }] }, labels, true],
    ["Exists present", { matchExpressions: [{ key: "app", operator: "Exists" }] }, labels, true],
    ["Exists with empty value", { matchExpressions: [{ key: "empty", operator: "Exists" }] }, labels, true],
    ["Exists absent", { matchExpressions: [{ key: "zone", operator: "Exists" }] }, labels, false],
    ["DoesNotExist absent", { matchExpressions: [{ key: "zone", operator: "DoesNotExist" }] }, labels, true],
    ["DoesNotExist present", { matchExpressions: [{ key: "app", operator: "DoesNotExist" }] }, labels, false],
    [
      "matchLabels AND matchExpressions both hold",
      { matchLabels: { app: "web" }, matchExpressions: [{ key: "tier", operator: "Exists" }] },
      labels,
      true,
    ],
    [
      "matchLabels AND matchExpressions one fails",
      { matchLabels: { app: "web" }, matchExpressions: [{ key: "tier", operator: "DoesNotExist" }] },
      labels,
      false,
    ],
    ["unknown operator matches nothing", { matchExpressions: [{ key: "app", operator: "Gt" as "In", values: ["1"] }] }, labels, false],
    ["does not match inherited properties", { matchExpressions: [{ key: "toString", operator: "Exists" }] }, labels, false],
  ])("%s", (_name, selector, l, expected) => {
    expect(matchesLabelSelector(selector, l)).toBe(expected);
  });
});

describe("matchesSelectorMap (Service selectors)", () => {
  it("requires every pair", () => {
    expect(matchesSelectorMap({ app: "web" }, labels)).toBe(true);
    expect(matchesSelectorMap({ app: "web", tier: "frontend" }, labels)).toBe(true);
    expect(matchesSelectorMap({ app: "web", tier: "backend" }, labels)).toBe(false);
    expect(matchesSelectorMap({ app: "web" }, undefined)).toBe(false);
  });
  it("an empty or absent selector selects no pods", () => {
    expect(matchesSelectorMap({}, labels)).toBe(false);
    expect(matchesSelectorMap(undefined, labels)).toBe(false);
  });
});

describe("matchesNodeSelector", () => {
  it("absent or empty places no constraint", () => {
    expect(matchesNodeSelector(undefined, { "kubernetes.io/os": "linux" })).toBe(true);
    expect(matchesNodeSelector({}, {})).toBe(true);
  });
  it("otherwise every pair must match", () => {
    expect(matchesNodeSelector({ "kubernetes.io/os": "windows" }, { "kubernetes.io/os": "linux" })).toBe(false);
    expect(matchesNodeSelector({ "kubernetes.io/os": "linux" }, { "kubernetes.io/os": "linux" })).toBe(true);
  });
});

describe("helpers", () => {
  it("isEmptySelector", () => {
    expect(isEmptySelector({})).toBe(true);
    expect(isEmptySelector({ matchLabels: {}, matchExpressions: [] })).toBe(true);
    expect(isEmptySelector({ matchLabels: { a: "b" } })).toBe(false);
    expect(isEmptySelector(undefined)).toBe(false);
  });
  it("formatLabelSelector prints kubectl syntax", () => {
    expect(
      formatLabelSelector({
        matchLabels: { app: "web" },
        matchExpressions: [
          { key: "tier", operator: "In", values: ["b", "a"] },
          { key: "env", operator: "NotIn", values: ["dev"] },
          { key: "x", operator: "Exists" },
          { key: "canary", operator: "DoesNotExist" },
        ],
      }),
    ).toBe("app=web,tier in (a,b),env notin (dev),x,!canary");
    expect(formatLabelSelector({})).toBe("");
  });
});
