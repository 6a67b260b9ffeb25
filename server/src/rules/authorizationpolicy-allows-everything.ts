/**
 * An ALLOW AuthorizationPolicy that, by accident, allows every request.
 *
 * - An empty rule (`- {}`, or a rule whose `from`, `to` and `when` are all absent or null, as a
 *   mis-indented `- from:` leaves it) matches every request. Next to other rules it turns the
 *   policy into allow-all and makes those rules meaningless.
 * - An allow-all policy (every rule empty) is a legitimate idiom on its own, but ALLOW policies
 *   combine by "any match allows": one that covers the workloads of other ALLOW policies (or of
 *   an allow-nothing default-deny) makes every one of them ineffective.
 *
 * Policies attached with targetRef(s) are left alone (their scope is a gateway or Service).
 */
import { K } from '../model/kinds';
import type { Resource } from '../model/resource';
import { defineRule } from './rule';
import { actionOf, attachedElsewhere, isEmptyRule, rulesOf, scopeCovers, scopeText } from './util/authorization-policy';

export default defineRule({
  code: 'MSH8001',
  name: 'authorizationpolicy-allows-everything',
  severity: 'warning',
  reads: [K.IstioAuthorizationPolicy, K.MeshConfig],
  docs: {
    summary: 'No ALLOW AuthorizationPolicy allows every request by accident, through an empty rule next to real ones or by covering the workloads of other ALLOW policies.',
    rationale:
      'A request is allowed as soon as any ALLOW policy matches it, and a rule without from, to or when matches everything, so one empty rule (often a mis-indented `- from:`) or one broad allow-all policy silently disables every other access restriction on the same workloads.',
    seeAlso: ['https://istio.io/latest/docs/reference/config/security/authorization-policy/', 'https://istio.io/latest/docs/ops/best-practices/security/#safer-authorization-policy-patterns'],
  },
  messages: {
    emptyRule: 'Rule #{rule} has no from, to or when, so it matches every request: this policy allows everything to {scope}, and its other rules restrict nothing.',
    overridesAllow: 'This policy allows every request to {scope}, so these policies restrict nothing there: {policies} (a request is allowed as soon as any ALLOW policy matches it).',
  },
  check({ index, report }) {
    const root = index.meshConfig.rootNamespace;
    const allows = index.ofKind(K.IstioAuthorizationPolicy).filter((p) => actionOf(p) === 'ALLOW' && !attachedElsewhere(p));
    for (const policy of allows) {
      const rules = rulesOf(policy);
      const empty = rules.map((r, i) => (isEmptyRule(r) ? i : -1)).filter((i) => i >= 0);
      if (rules.length === 0 || empty.length === 0) continue;
      if (empty.length < rules.length) {
        for (const i of empty) {
          report({
            subject: policy.key, path: ['spec', 'rules', i], messageId: 'emptyRule',
            data: { rule: i, scope: scopeText(policy, root) },
            fixes: [{ title: 'Remove the empty rule', preferred: true, edits: [{ op: 'delete', path: ['spec', 'rules', i] }] }],
          });
        }
        continue;
      }
      // An allow-all policy: which other ALLOW policies (or allow-nothing policies) does it void?
      const voided: Resource[] = allows.filter((o) => o.key !== policy.key && !rulesOf(o).every(isEmptyRule) && scopeCovers(policy, o, root));
      const allowNothing = allows.filter((o) => o.key !== policy.key && rulesOf(o).length === 0 && scopeCovers(policy, o, root));
      const all = [...voided, ...allowNothing];
      if (all.length === 0) continue;
      report({
        subject: policy.key, path: ['spec', 'rules'], target: 'key', messageId: 'overridesAllow',
        data: { scope: scopeText(policy, root), policies: all.map((o) => `${o.namespace}/${o.name}`).join(', ') },
        related: all.map((o) => ({ subject: o.key, path: ['metadata', 'name'], note: 'this policy no longer restricts anything' })),
      });
    }
  },
});
