/**
 * Istio AuthorizationPolicies as their evaluation sees them: the action (ALLOW when absent), the
 * rules (an absent or null `from`, `to` and `when` restrict nothing, so a rule without any of them
 * matches every request), and the workloads a policy applies to.
 *
 * Scope: a policy without a selector applies to every workload of its namespace, or of the whole
 * mesh in the root namespace; a selector narrows that to matching workloads (in the root
 * namespace, matching workloads of every namespace). A policy with `targetRef`/`targetRefs`
 * attaches to a gateway, waypoint or Service instead, which these helpers do not model, so
 * callers leave such policies alone.
 */
import type { Resource } from '../../model/resource';
import { asArray, asObject, asString, isObject, specOf, stringMap } from './values';

export type PolicyAction = 'ALLOW' | 'DENY' | 'AUDIT' | 'CUSTOM';

/** The policy's action (ALLOW when absent). */
export function actionOf(policy: Resource): PolicyAction {
  const a = asString(specOf(policy)['action']);
  return a === 'DENY' || a === 'AUDIT' || a === 'CUSTOM' ? a : 'ALLOW';
}

/** The label Istio puts on the pods of a Gateway API gateway it deploys. */
const GATEWAY_NAME_LABEL = 'gateway.networking.k8s.io/gateway-name';

/**
 * Whether the policy attaches through targetRef(s) rather than a workload selector, or selects
 * the pods of a Gateway API gateway, where Istio ignores selectors (IST0166: use targetRefs), so
 * the policy applies to nothing these helpers model.
 */
export function attachedElsewhere(policy: Resource): boolean {
  const spec = specOf(policy);
  return isObject(spec['targetRef']) || asArray(spec['targetRefs']).length > 0 || GATEWAY_NAME_LABEL in selectorOf(policy);
}

/** The selector's labels (empty: the whole namespace, or mesh). */
export function selectorOf(policy: Resource): Readonly<Record<string, string>> {
  return stringMap(asObject(specOf(policy)['selector'])['matchLabels']);
}

/** The policy's rules as written (possibly empty). */
export function rulesOf(policy: Resource): readonly unknown[] {
  return asArray(specOf(policy)['rules']);
}

const RULE_FIELDS = ['from', 'to', 'when'] as const;

/** Whether a rule restricts nothing: `{}` or null, or every condition absent or null. */
export function isEmptyRule(rule: unknown): boolean {
  if (rule === null || rule === undefined) return true;
  return isObject(rule) && RULE_FIELDS.every((f) => rule[f] === null || rule[f] === undefined);
}

/** Whether a policy with this namespace and selector applies to every workload another one applies to. */
export function scopeCovers(outer: Resource, inner: Resource, rootNamespace: string): boolean {
  const outerSelector = selectorOf(outer);
  const innerSelector = selectorOf(inner);
  const selectorCovers = Object.entries(outerSelector).every(([k, v]) => innerSelector[k] === v);
  if (outer.namespace === rootNamespace) {
    // A root-namespace policy reaches every namespace: without a selector it covers everything,
    // with one it covers policies that select only workloads carrying its labels.
    return Object.keys(outerSelector).length === 0 || (selectorCovers && Object.keys(innerSelector).length > 0);
  }
  return outer.namespace === inner.namespace && selectorCovers;
}

/** Where a policy applies, for messages. */
export function scopeText(policy: Resource, rootNamespace: string): string {
  const selector = selectorOf(policy);
  const labels = Object.keys(selector).sort().map((k) => `${k}=${selector[k]}`).join(',');
  const where = policy.namespace === rootNamespace ? 'the whole mesh' : `namespace ${policy.namespace}`;
  return labels === '' ? `every workload in ${where}` : `the workloads labelled ${labels} in ${where}`;
}
