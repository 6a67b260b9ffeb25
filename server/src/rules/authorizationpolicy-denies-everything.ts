/**
 * An AuthorizationPolicy that, by accident, denies every request.
 *
 * - An ALLOW policy without rules (`spec: {}`, or a selector and nothing else) matches nothing, so
 *   once it applies to a workload every request to it is denied unless another ALLOW policy
 *   matches. That is the documented default-deny pattern when ALLOW policies follow; with none
 *   that could apply to the same workloads, everything is denied.
 * - An empty rule (no from, to or when) in a DENY policy with other rules makes the policy deny
 *   everything and its other rules meaningless.
 * - A DENY policy that matches everything in the root namespace without a selector denies all
 *   traffic of the mesh, and DENY cannot be overridden by any ALLOW policy.
 *
 * Policies attached with targetRef(s) are left alone.
 */
import { K } from '../model/kinds';
import { defineRule } from './rule';
import { actionOf, attachedElsewhere, isEmptyRule, rulesOf, scopeText, selectorOf } from './util/authorization-policy';
import { specOf } from './util/values';

export default defineRule({
  code: 'MSH8002',
  name: 'authorizationpolicy-denies-everything',
  severity: 'warning',
  reads: [K.IstioAuthorizationPolicy, K.MeshConfig],
  docs: {
    summary: 'No AuthorizationPolicy denies every request by accident: an allow-nothing policy has ALLOW policies to open it, and DENY policies match specific requests.',
    rationale:
      'An ALLOW policy with no rules denies everything to its workloads until other ALLOW policies permit specific requests, and a DENY policy with an empty rule denies everything outright (no ALLOW policy can re-open it); applied without the policies meant to accompany them, they cause an outage that looks like a network failure.',
    seeAlso: ['https://istio.io/latest/docs/reference/config/security/authorization-policy/', 'https://istio.io/latest/docs/ops/best-practices/security/'],
  },
  messages: {
    allowNothing: 'This ALLOW policy has no rules, so it denies every request to {scope}, and no ALLOW policy with rules applies there to let anything through.',
    emptyDenyRule: 'Rule #{rule} has no from, to or when, so it matches every request: this DENY policy denies everything to {scope}, and its other rules add nothing.',
    denyAllMeshWide: 'This DENY policy matches every request of every workload in the mesh: all traffic is denied, and no ALLOW policy can permit any of it.',
  },
  check({ index, report }) {
    const root = index.meshConfig.rootNamespace;
    const policies = index.ofKind(K.IstioAuthorizationPolicy);
    const openers = policies.filter((p) => actionOf(p) === 'ALLOW' && rulesOf(p).length > 0);
    for (const policy of policies) {
      if (attachedElsewhere(policy)) continue;
      const rules = rulesOf(policy);
      const action = actionOf(policy);
      if (action === 'ALLOW' && rules.length === 0) {
        // Any ALLOW policy with rules that may reach the same workloads could be the intended opener.
        const opened = openers.some((o) => policy.namespace === root || o.namespace === root || o.namespace === policy.namespace);
        if (opened) continue;
        const hasRules = 'rules' in specOf(policy);
        report({
          subject: policy.key, path: hasRules ? ['spec', 'rules'] : ['spec'], target: 'key', messageId: 'allowNothing',
          data: { scope: scopeText(policy, root) },
        });
        continue;
      }
      if (action !== 'DENY' || rules.length === 0) continue;
      const empty = rules.map((r, i) => (isEmptyRule(r) ? i : -1)).filter((i) => i >= 0);
      if (empty.length === 0) continue;
      if (empty.length < rules.length) {
        for (const i of empty) {
          report({
            subject: policy.key, path: ['spec', 'rules', i], messageId: 'emptyDenyRule',
            data: { rule: i, scope: scopeText(policy, root) },
            fixes: [{ title: 'Remove the empty rule', preferred: true, edits: [{ op: 'delete', path: ['spec', 'rules', i] }] }],
          });
        }
        continue;
      }
      if (policy.namespace === root && Object.keys(selectorOf(policy)).length === 0) {
        report({ subject: policy.key, path: ['spec', 'rules'], target: 'key', messageId: 'denyAllMeshWide' });
      }
    }
  },
});
