/**
 * Label selectors compiled once for the reachability engine's hot path. A compiled selector is a closure over
 * pre-built value sets plus a canonical key (equal keys ⇔ equal selectors up to ordering), used to evaluate each
 * distinct selector once per namespace and cache the resulting pod bitsets.
 *
 * Semantics are those of `matchesLabelSelector` (lib/kube/selectors.ts), which the tests check against.
 */
import type { LabelSelector } from "../kube/types";

/** A requirement that can only hold for pods carrying a given label key: used to pick candidates from the label index. */
export type PositiveRequirement =
  | { kind: "equals"; key: string; values: readonly string[] }
  | { kind: "exists"; key: string };

export interface CompiledSelector {
  /** Canonical text of the selector: equal keys select the same objects. "{}" for the empty (select-all) selector. */
  readonly key: string;
  /** True for `{}`: no requirement, selects every object. */
  readonly selectsAll: boolean;
  /** True when some requirement can never hold (an `In` with no values, an unknown operator). */
  readonly selectsNone: boolean;
  /** Requirements implying the presence of a label: `matchLabels` entries, `In`, `Exists`. */
  readonly positive: readonly PositiveRequirement[];
  matches(labels: Readonly<Record<string, string>>): boolean;
}

type Check = (labels: Readonly<Record<string, string>>) => boolean;

const hasOwn = (labels: Readonly<Record<string, string>>, key: string) => Object.prototype.hasOwnProperty.call(labels, key);

/** Compile a (non-null) label selector. Requirements are ANDed; `matchLabels` entries are equality requirements. */
export function compileSelector(selector: LabelSelector): CompiledSelector {
  const checks: Check[] = [];
  const positive: PositiveRequirement[] = [];
  const keyParts: string[] = [];
  let selectsNone = false;

  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    checks.push((labels) => hasOwn(labels, key) && labels[key] === value);
    positive.push({ kind: "equals", key, values: [value] });
    keyParts.push(`${JSON.stringify(key)}=${JSON.stringify(value)}`);
  }
  for (const req of selector.matchExpressions ?? []) {
    const values = [...new Set(req.values ?? [])].sort();
    const set = new Set(values);
    const key = req.key;
    const valueText = JSON.stringify(values);
    switch (req.operator) {
      case "In":
        if (values.length === 0) selectsNone = true;
        checks.push((labels) => hasOwn(labels, key) && set.has(labels[key]));
        positive.push({ kind: "equals", key, values });
        keyParts.push(`${JSON.stringify(key)} in ${valueText}`);
        break;
      case "NotIn":
        checks.push((labels) => !hasOwn(labels, key) || !set.has(labels[key]));
        keyParts.push(`${JSON.stringify(key)} notin ${valueText}`);
        break;
      case "Exists":
        checks.push((labels) => hasOwn(labels, key));
        positive.push({ kind: "exists", key });
        keyParts.push(`${JSON.stringify(key)} exists`);
        break;
      case "DoesNotExist":
        checks.push((labels) => !hasOwn(labels, key));
        keyParts.push(`${JSON.stringify(key)} !exists`);
        break;
      default:
        // The API server rejects unknown operators; such a selector matches nothing, as matchesLabelSelector does.
        selectsNone = true;
        keyParts.push(`${JSON.stringify(key)} ${JSON.stringify(String(req.operator))}`);
    }
  }
  const uniqueParts = [...new Set(keyParts)].sort();
  const matches: Check = selectsNone
    ? () => false
    : checks.length === 1
      ? checks[0]
      : (labels) => {
          for (let i = 0; i < checks.length; i++) if (!checks[i](labels)) return false;
          return true;
        };
  return {
    key: `{${uniqueParts.join(",")}}`,
    selectsAll: checks.length === 0 && !selectsNone,
    selectsNone,
    positive,
    matches,
  };
}
