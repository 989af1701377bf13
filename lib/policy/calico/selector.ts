/**
 * Calico selector expressions (projectcalico.org/v3 `selector`, `namespaceSelector`, `serviceAccountSelector`, rule
 * `selector` / `notSelector`), parsed into an AST and evaluated against a label map. Grammar and semantics as
 * libcalico-go's tokenizer and parser (calico-policy-facts.md §4):
 *
 *   k == 'v'   k != 'v'   k in {'a','b'}   k not in {…}   has(k)   !has(k)   all()   global()
 *   k contains 's'   k starts with 's'   k ends with 's'   combined with !, &&, || and parentheses
 *
 * `!=` and `not in` also match when the label is absent; `==`, `in`, `contains`, `starts with`, `ends with` need it.
 * `!` binds tighter than `&&`, which binds tighter than `||`. An empty selector is `all()`. Label keys are
 * `[A-Za-z0-9_./-]+`; strings are single- or double-quoted, without escapes. `has (k)` (a space before the
 * parenthesis) is a syntax error, as in Calico. `global()` matches no pod (it selects non-namespaced resources).
 */

export type SelectorNode =
  | { op: "all" }
  | { op: "global" }
  | { op: "has"; key: string }
  | { op: "eq" | "ne" | "contains" | "startsWith" | "endsWith"; key: string; value: string }
  | { op: "in" | "notIn"; key: string; values: string[] }
  | { op: "not"; arg: SelectorNode }
  | { op: "and" | "or"; args: SelectorNode[] };

export class SelectorError extends Error {
  constructor(
    readonly selector: string,
    readonly position: number,
    detail: string,
  ) {
    super(`invalid selector ${JSON.stringify(selector)} at position ${position}: ${detail}`);
    this.name = "SelectorError";
  }
}

const KEY = /[A-Za-z0-9_./-]+/y;
const SPACE = /\s*/y;

class Parser {
  private pos = 0;
  constructor(private readonly text: string) {}

  fail(detail: string): never {
    throw new SelectorError(this.text, this.pos, detail);
  }

  private skip(): void {
    SPACE.lastIndex = this.pos;
    SPACE.exec(this.text);
    this.pos = SPACE.lastIndex;
  }

  /** Consumes `token` (after whitespace) when it is next. Words must not run on into a key character. */
  private eat(token: string, word = false): boolean {
    this.skip();
    if (!this.text.startsWith(token, this.pos)) return false;
    if (word && /[A-Za-z0-9_./-]/.test(this.text[this.pos + token.length] ?? "")) return false;
    this.pos += token.length;
    return true;
  }

  private key(): string {
    this.skip();
    KEY.lastIndex = this.pos;
    const m = KEY.exec(this.text);
    if (!m) this.fail("expected a label key");
    this.pos = KEY.lastIndex;
    return m[0];
  }

  private string(): string {
    this.skip();
    const quote = this.text[this.pos];
    if (quote !== "'" && quote !== '"') this.fail("expected a quoted string");
    const end = this.text.indexOf(quote, this.pos + 1);
    if (end < 0) this.fail("unterminated string");
    const value = this.text.slice(this.pos + 1, end);
    this.pos = end + 1;
    return value;
  }

  private set(): string[] {
    if (!this.eat("{")) this.fail("expected {");
    const values: string[] = [];
    if (this.eat("}")) return values;
    do values.push(this.string());
    while (this.eat(","));
    if (!this.eat("}")) this.fail("expected , or }");
    return values;
  }

  parse(): SelectorNode {
    this.skip();
    if (this.pos === this.text.length) return { op: "all" };
    const node = this.or();
    this.skip();
    if (this.pos !== this.text.length) this.fail("unexpected input");
    return node;
  }

  private or(): SelectorNode {
    const args = [this.and()];
    while (this.eat("||")) args.push(this.and());
    return args.length === 1 ? args[0] : { op: "or", args };
  }

  private and(): SelectorNode {
    const args = [this.unary()];
    while (this.eat("&&")) args.push(this.unary());
    return args.length === 1 ? args[0] : { op: "and", args };
  }

  private unary(): SelectorNode {
    this.skip();
    if (this.text[this.pos] === "!" && this.text[this.pos + 1] !== "=") {
      this.pos++;
      return { op: "not", arg: this.unary() };
    }
    return this.primary();
  }

  private primary(): SelectorNode {
    if (this.eat("(")) {
      const inner = this.or();
      if (!this.eat(")")) this.fail("expected )");
      return inner;
    }
    this.skip();
    if (this.text.startsWith("all()", this.pos)) {
      this.pos += 5;
      return { op: "all" };
    }
    if (this.text.startsWith("global()", this.pos)) {
      this.pos += 8;
      return { op: "global" };
    }
    if (this.text.startsWith("has(", this.pos)) {
      this.pos += 4;
      const key = this.key();
      if (!this.eat(")")) this.fail("expected ) after has(key");
      return { op: "has", key };
    }
    const key = this.key();
    if (key === "has" && this.eat("(")) this.fail("has( must follow has without a space");
    if (this.eat("==")) return { op: "eq", key, value: this.string() };
    if (this.eat("!=")) return { op: "ne", key, value: this.string() };
    if (this.eat("not", true)) {
      if (!this.eat("in", true)) this.fail("expected in after not");
      return { op: "notIn", key, values: this.set() };
    }
    if (this.eat("in", true)) return { op: "in", key, values: this.set() };
    if (this.eat("contains", true)) return { op: "contains", key, value: this.string() };
    if (this.eat("starts", true)) {
      if (!this.eat("with", true)) this.fail("expected with after starts");
      return { op: "startsWith", key, value: this.string() };
    }
    if (this.eat("ends", true)) {
      if (!this.eat("with", true)) this.fail("expected with after ends");
      return { op: "endsWith", key, value: this.string() };
    }
    return this.fail("expected an operator (==, !=, in, not in, contains, starts with, ends with)");
  }
}

/** Parses a selector; throws {@link SelectorError} naming the position. `undefined` / "" → all(). */
export function parseSelector(text: string | undefined): SelectorNode {
  return new Parser(text ?? "").parse();
}

export function matchesSelector(node: SelectorNode, labels: Readonly<Record<string, string>>): boolean {
  switch (node.op) {
    case "all":
      return true;
    case "global":
      return false;
    case "has":
      return Object.hasOwn(labels, node.key);
    case "eq":
      return Object.hasOwn(labels, node.key) && labels[node.key] === node.value;
    case "ne":
      return !Object.hasOwn(labels, node.key) || labels[node.key] !== node.value;
    case "in":
      return Object.hasOwn(labels, node.key) && node.values.includes(labels[node.key]);
    case "notIn":
      return !Object.hasOwn(labels, node.key) || !node.values.includes(labels[node.key]);
    case "contains":
      return Object.hasOwn(labels, node.key) && labels[node.key].includes(node.value);
    case "startsWith":
      return Object.hasOwn(labels, node.key) && labels[node.key].startsWith(node.value);
    case "endsWith":
      return Object.hasOwn(labels, node.key) && labels[node.key].endsWith(node.value);
    case "not":
      return !matchesSelector(node.arg, labels);
    case "and":
      return node.args.every((a) => matchesSelector(a, labels));
    case "or":
      return node.args.some((a) => matchesSelector(a, labels));
  }
}

/** Canonical text of a selector (for explanations). */
export function formatSelector(node: SelectorNode): string {
  const q = (v: string) => `'${v}'`;
  switch (node.op) {
    case "all":
      return "all()";
    case "global":
      return "global()";
    case "has":
      return `has(${node.key})`;
    case "eq":
      return `${node.key} == ${q(node.value)}`;
    case "ne":
      return `${node.key} != ${q(node.value)}`;
    case "in":
      return `${node.key} in {${node.values.map(q).join(", ")}}`;
    case "notIn":
      return `${node.key} not in {${node.values.map(q).join(", ")}}`;
    case "contains":
      return `${node.key} contains ${q(node.value)}`;
    case "startsWith":
      return `${node.key} starts with ${q(node.value)}`;
    case "endsWith":
      return `${node.key} ends with ${q(node.value)}`;
    case "not":
      return `!${node.arg.op === "and" || node.arg.op === "or" ? `(${formatSelector(node.arg)})` : formatSelector(node.arg)}`;
    case "and":
      return node.args.map((a) => (a.op === "or" ? `(${formatSelector(a)})` : formatSelector(a))).join(" && ");
    case "or":
      return node.args.map(formatSelector).join(" || ");
  }
}
