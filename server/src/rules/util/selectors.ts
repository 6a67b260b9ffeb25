/**
 * Label selectors: Kubernetes LabelSelectors (matchLabels + matchExpressions), Istio workload
 * selectors (`{matchLabels}`), and plain Service selectors (a label map).
 *
 * Empty selectors differ by owner and the callers choose: an empty LabelSelector or Istio
 * workload selector selects everything (in its namespace), while a Service without a selector
 * selects no pods at all (its endpoints are managed by hand).
 */
import { asArray, asObject, asString, asStrings, stringMap } from './values';

export type Labels = Readonly<Record<string, string>>;

/** Whether a plain label map selects `labels` (every pair present). An empty map selects all. */
export function mapSelects(selector: Labels, labels: Labels): boolean {
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
}

/**
 * Whether a Kubernetes LabelSelector selects `labels`. Malformed expressions select nothing,
 * as the API server would reject them.
 */
export function labelSelectorSelects(selector: unknown, labels: Labels): boolean {
  const s = asObject(selector);
  if (!mapSelects(stringMap(s['matchLabels']), labels)) return false;
  for (const raw of asArray(s['matchExpressions'])) {
    const e = asObject(raw);
    const key = asString(e['key']);
    const values = asStrings(e['values']);
    if (key === undefined) return false;
    const has = Object.prototype.hasOwnProperty.call(labels, key);
    switch (e['operator']) {
      case 'In': if (!has || !values.includes(labels[key]!)) return false; break;
      case 'NotIn': if (has && values.includes(labels[key]!)) return false; break;
      case 'Exists': if (!has) return false; break;
      case 'DoesNotExist': if (has) return false; break;
      default: return false;
    }
  }
  return true;
}

/** Whether a LabelSelector (or Istio workload selector) is absent or empty: it selects everything. */
export function isEmptySelector(selector: unknown): boolean {
  const s = asObject(selector);
  return Object.keys(stringMap(s['matchLabels'])).length === 0 && asArray(s['matchExpressions']).length === 0;
}

/** Renders a label map as `k=v,k2=v2`, sorted, the way istioctl prints selectors. */
export function formatLabels(labels: Labels): string {
  return Object.keys(labels).sort().map((k) => `${k}=${labels[k]}`).join(',');
}
