/**
 * Label selector matching with the exact semantics of k8s.io/apimachinery (`metav1.LabelSelectorAsSelector`,
 * `labels.SelectorFromSet`).
 */
import type { LabelSelector, LabelSelectorRequirement } from "./types";

export type Labels = Record<string, string> | undefined | null;

/**
 * Does a single `matchExpressions` requirement hold for `labels`?
 *
 * - `In`: the key is present and its value is one of `values`.
 * - `NotIn`: the key is absent, or its value is none of `values` (an absent key matches, as in Kubernetes).
 * - `Exists`: the key is present (any value, including "").
 * - `DoesNotExist`: the key is absent.
 *
 * An unknown operator matches nothing (the API server would reject such a selector).
 */
export function matchesRequirement(req: LabelSelectorRequirement, labels: Labels): boolean {
  const has = labels != null && Object.prototype.hasOwnProperty.call(labels, req.key);
  const value = has ? labels![req.key] : undefined;
  const values = req.values ?? [];
  switch (req.operator) {
    case "In":
      return has && values.includes(value as string);
    case "NotIn":
      return !has || !values.includes(value as string);
    case "Exists":
      return has;
    case "DoesNotExist":
      return !has;
    default:
      return false;
  }
}

/**
 * Does a `metav1.LabelSelector` (as used by NetworkPolicy `podSelector`/`namespaceSelector`, Deployment
 * `spec.selector`, …) select an object with `labels`?
 *
 * - An empty selector `{}` (no matchLabels, no matchExpressions) matches everything.
 * - A `null`/`undefined` selector matches nothing (Kubernetes maps a nil selector to `labels.Nothing()`); callers
 *   that give "absent" a different meaning — e.g. a NetworkPolicy peer without `namespaceSelector` meaning "the
 *   policy's own namespace" — must handle absence themselves.
 * - `matchLabels` and `matchExpressions` are ANDed.
 */
export function matchesLabelSelector(selector: LabelSelector | null | undefined, labels: Labels): boolean {
  if (selector == null) return false;
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    if (labels == null || !Object.prototype.hasOwnProperty.call(labels, key) || labels[key] !== value) return false;
  }
  for (const req of selector.matchExpressions ?? []) {
    if (!matchesRequirement(req, labels)) return false;
  }
  return true;
}

/** True when a label selector has no requirements at all (`{}`), i.e. selects every object. */
export function isEmptySelector(selector: LabelSelector | null | undefined): boolean {
  return (
    selector != null &&
    Object.keys(selector.matchLabels ?? {}).length === 0 &&
    (selector.matchExpressions ?? []).length === 0
  );
}

/**
 * Does an equality-based selector map (a Service `spec.selector`, a pod `nodeSelector`) match `labels`?
 * Every key must be present with exactly that value.
 *
 * An absent or empty map matches nothing: for a Service, Kubernetes treats an empty selector like no selector
 * (the EndpointSlice controller manages no endpoints for it). Use {@link matchesNodeSelector} for pod
 * `nodeSelector`, where an empty map places no constraint.
 */
export function matchesSelectorMap(map: Record<string, string> | null | undefined, labels: Labels): boolean {
  if (map == null) return false;
  const entries = Object.entries(map);
  if (entries.length === 0) return false;
  return entries.every(
    ([key, value]) => labels != null && Object.prototype.hasOwnProperty.call(labels, key) && labels[key] === value,
  );
}

/** Pod `spec.nodeSelector` semantics: absent/empty places no constraint; otherwise every pair must match. */
export function matchesNodeSelector(map: Record<string, string> | null | undefined, labels: Labels): boolean {
  if (map == null || Object.keys(map).length === 0) return true;
  return matchesSelectorMap(map, labels);
}

/** Render a selector the way `kubectl` prints it, e.g. `app=web,tier in (a,b),!canary`. Empty selector → "". */
export function formatLabelSelector(selector: LabelSelector | null | undefined): string {
  if (selector == null) return "<none>";
  const parts: string[] = [];
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) parts.push(`${key}=${value}`);
  for (const req of selector.matchExpressions ?? []) {
    const values = [...(req.values ?? [])].sort().join(",");
    switch (req.operator) {
      case "In":
        parts.push(`${req.key} in (${values})`);
        break;
      case "NotIn":
        parts.push(`${req.key} notin (${values})`);
        break;
      case "Exists":
        parts.push(req.key);
        break;
      case "DoesNotExist":
        parts.push(`!${req.key}`);
        break;
      default:
        parts.push(`${req.key} ${String(req.operator)} (${values})`);
    }
  }
  return parts.join(",");
}
