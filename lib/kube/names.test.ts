import { describe, expect, it } from "vitest";
import {
  isDns1123Label,
  isDns1123Subdomain,
  isIanaSvcName,
  isLabelValue,
  isQualifiedLabelKey,
  isRfc1035Label,
  wildcardDns1123SubdomainErrors,
} from "./names";

const cases: [string, (v: string) => boolean, string[], string[]][] = [
  ["isDns1123Label", isDns1123Label, ["a", "0", "web-1", "1abc", "a".repeat(63)], ["", "A", "-a", "a-", "a.b", "a_b", "a".repeat(64)]],
  [
    "isDns1123Subdomain",
    isDns1123Subdomain,
    ["a", "a.b", "kube-system", "foo.example.com", `${"a".repeat(63)}.${"b".repeat(63)}.${"c".repeat(63)}.${"d".repeat(61)}`],
    ["", "a..b", ".a", "a.", "A.b", "a_b", "a".repeat(254)],
  ],
  ["isRfc1035Label", isRfc1035Label, ["a", "web", "web-1", "a".repeat(63)], ["1web", "", "Web", "web-", "a.b", "a".repeat(64)]],
  [
    "isIanaSvcName",
    isIanaSvcName,
    ["http", "h2c", "metrics-9090", "a", "a".repeat(15)],
    ["", "8080", "a".repeat(16), "HTTP", "my--port", "-http", "http-", "http_alt", "my.port"],
  ],
  [
    "isQualifiedLabelKey",
    isQualifiedLabelKey,
    ["app", "app.kubernetes.io/name", "Tier_1", "a.b-c", "example.com/My.Key", "kubernetes.io/metadata.name"],
    ["", "/app", "a/b/c", "-app", "app-", "Example.com/x", "example.com/", "a".repeat(64), "a b"],
  ],
  ["isLabelValue", isLabelValue, ["", "web", "v1.2.3", "A_b-C", "a".repeat(63)], ["-a", "a-", "a b", "a/b", "a".repeat(64)]],
];

describe.each(cases)("%s", (_name, fn, valid, invalid) => {
  it.each(valid)("accepts %j", (v) => expect(fn(v)).toBe(true));
  it.each(invalid)("rejects %j", (v) => expect(fn(v)).toBe(false));
});

describe("wildcardDns1123SubdomainErrors", () => {
  it("accepts *.foo.com and rejects other wildcards", () => {
    expect(wildcardDns1123SubdomainErrors("*.foo.com")).toEqual([]);
    expect(wildcardDns1123SubdomainErrors("foo.*.com")).not.toEqual([]);
    expect(wildcardDns1123SubdomainErrors("*foo.com")).not.toEqual([]);
  });
});
