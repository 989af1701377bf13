import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatSelector, matchesSelector, parseSelector, SelectorError, type SelectorNode } from "./selector";

const m = (sel: string, labels: Record<string, string>) => matchesSelector(parseSelector(sel), labels);

describe("Calico selectors: the documentation's operators (NP / GNP 'Selectors' table)", () => {
  const labels = { app: "frontend", env: "prod", "app.kubernetes.io/name": "shop-web", "projectcalico.org/namespace": "shop" };
  it.each([
    ["all()", true],
    ["", true],
    ["app == 'frontend'", true],
    ['app == "frontend"', true],
    ["app == 'backend'", false],
    ["app != 'backend'", true],
    ["tier != 'db'", true], // absent label: != matches
    ["tier == 'db'", false],
    ["env in {'prod', 'staging'}", true],
    ["env in {}", false],
    ["env not in {'prod'}", false],
    ["tier not in {'db'}", true], // absent label: not in matches
    ["has(app)", true],
    ["!has(app)", false],
    ["!has(tier)", true],
    ["app.kubernetes.io/name contains 'web'", true],
    ["app.kubernetes.io/name starts with 'shop-'", true],
    ["app.kubernetes.io/name ends with '-web'", true],
    ["tier contains ''", false], // contains needs the label
    ["app == 'frontend' && env == 'prod'", true],
    ["app == 'backend' || env == 'prod'", true],
    ["!(app == 'backend' || env == 'dev')", true],
    ["!app == 'frontend'", false], // ! binds tighter than the comparison's result: !(app == 'frontend')
    ["!!has(app)", true],
    ["app == 'x' || app == 'frontend' && env == 'dev'", false], // && before ||
    ["(app == 'x' || app == 'frontend') && env == 'prod'", true],
    ["projectcalico.org/namespace == 'shop'", true],
    ["global()", false],
    ["!all()", false],
  ])("%s → %s", (sel, expected) => {
    expect(m(sel, labels)).toBe(expected);
  });

  it("the documentation's examples", () => {
    // GS: a policy for role == 'database' admitting role == 'frontend'
    expect(m("role == 'database'", { role: "database" })).toBe(true);
    expect(m("role == 'frontend'", { role: "database" })).toBe(false);
    // DD: a default deny for every pod in every namespace except the system ones
    const dd = "projectcalico.org/namespace not in {'kube-system', 'calico-system', 'tigera-operator'}";
    expect(m(dd, { "projectcalico.org/namespace": "shop" })).toBe(true);
    expect(m(dd, { "projectcalico.org/namespace": "kube-system" })).toBe(false);
    // LBL: namespaces by name
    expect(m("projectcalico.org/name == 'default'", { "projectcalico.org/name": "default" })).toBe(true);
    expect(m("kubernetes.io/metadata.name in {'a', 'b'}", { "kubernetes.io/metadata.name": "b" })).toBe(true);
  });

  it.each([
    ["has (app)", /has\( must follow has/],
    ["app = 'x'", /expected an operator/],
    ["app == x", /expected a quoted string/],
    ["app == 'x", /unterminated/],
    ["app in {'a' 'b'}", /expected , or \}/],
    ["(app == 'x'", /expected \)/],
    ["app == 'x' &&", /expected a label key/],
    ["app not 'x'", /expected in after not/],
    ["app == 'x' app == 'y'", /unexpected input/],
  ])("syntax error: %s", (sel, message) => {
    expect(() => parseSelector(sel)).toThrow(SelectorError);
    expect(() => parseSelector(sel)).toThrow(message);
  });
});

// ---------------------------------------------------------------- properties

const keys = ["a", "b", "app.kubernetes.io/name"];
const values = ["x", "y", "xy"];
const leaf: fc.Arbitrary<SelectorNode> = fc.oneof(
  fc.constant<SelectorNode>({ op: "all" }),
  fc.constantFrom(...keys).map((key): SelectorNode => ({ op: "has", key })),
  fc.record({ op: fc.constantFrom("eq" as const, "ne" as const, "contains" as const, "startsWith" as const, "endsWith" as const), key: fc.constantFrom(...keys), value: fc.constantFrom(...values) }),
  fc.record({ op: fc.constantFrom("in" as const, "notIn" as const), key: fc.constantFrom(...keys), values: fc.uniqueArray(fc.constantFrom(...values), { maxLength: 2 }) }),
);
const tree = fc.letrec<{ node: SelectorNode }>((tie) => ({
  node: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    leaf,
    tie("node").map((arg): SelectorNode => ({ op: "not", arg })),
    fc.record({ op: fc.constantFrom("and" as const, "or" as const), args: fc.array(tie("node"), { minLength: 2, maxLength: 3 }) }),
  ),
})).node;
const labels = fc.dictionary(fc.constantFrom(...keys), fc.constantFrom(...values), { maxKeys: 3 });

/** The reference: the documented meaning of each operator, written the plain way. */
function reference(n: SelectorNode, l: Record<string, string>): boolean {
  const v = (k: string) => (k in l ? l[k] : undefined);
  switch (n.op) {
    case "all":
      return true;
    case "global":
      return false;
    case "has":
      return v(n.key) !== undefined;
    case "eq":
      return v(n.key) === n.value;
    case "ne":
      return v(n.key) !== n.value;
    case "in":
      return v(n.key) !== undefined && n.values.includes(v(n.key)!);
    case "notIn":
      return v(n.key) === undefined || !n.values.includes(v(n.key)!);
    case "contains":
      return v(n.key)?.includes(n.value) ?? false;
    case "startsWith":
      return v(n.key)?.startsWith(n.value) ?? false;
    case "endsWith":
      return v(n.key)?.endsWith(n.value) ?? false;
    case "not":
      return !reference(n.arg, l);
    case "and":
      return n.args.every((a) => reference(a, l));
    case "or":
      return n.args.some((a) => reference(a, l));
  }
}

describe("Calico selectors (property)", () => {
  it("format → parse keeps the meaning, and the evaluator agrees with the plain reference", () => {
    fc.assert(
      fc.property(tree, labels, (node, l) => {
        const text = formatSelector(node);
        const parsed = parseSelector(text);
        expect(matchesSelector(parsed, l)).toBe(reference(node, l));
        expect(formatSelector(parsed)).toBe(formatSelector(parseSelector(formatSelector(parsed))));
      }),
      { numRuns: 2000 },
    );
  });
});
