/**
 * An Argo Rollout whose Istio subset-level traffic routing names a DestinationRule that does not
 * exist, or a canary, stable or additional subset that DestinationRule does not define.
 */
import { K } from '../model/kinds';
import type { Fix } from '../findings/finding';
import { defineRule } from './rule';
import { rolloutDestinationRule } from './util/argo-rollouts';
import { subsetsOf } from './util/destinationrule';

export default defineRule({
  code: 'MSH7002',
  name: 'rollout-destinationrule-subset-not-found',
  severity: 'error',
  reads: [K.Rollout, K.DestinationRule],
  docs: {
    summary: 'The DestinationRule an Argo Rollout routes subsets through exists and defines its canary, stable and additional subsets.',
    rationale:
      'For subset-level routing Argo Rollouts rewrites the subsets\' pod-template-hash labels in the DestinationRule; a missing DestinationRule or subset makes the Rollout fail to reconcile, so no traffic ever reaches the canary.',
    seeAlso: ['https://argoproj.github.io/argo-rollouts/features/traffic-management/istio/#subset-level-traffic-splitting'],
  },
  messages: {
    drNotFound: 'DestinationRule "{namespace}/{name}" does not exist, so the Rollout cannot route by subset.',
    subsetNotFound: 'DestinationRule "{dr}" defines no subset "{subset}"; it defines {subsets}.',
  },
  check({ index, report }) {
    if (!index.knows(K.DestinationRule)) return;
    for (const rollout of index.ofKind(K.Rollout)) {
      const ref = rolloutDestinationRule(rollout);
      if (!ref) continue;
      const dr = index.get(K.DestinationRule, ref.namespace, ref.name);
      if (!dr) {
        report({ subject: rollout.key, path: [...ref.path, 'name'], messageId: 'drNotFound', data: { namespace: ref.namespace, name: ref.name } });
        continue;
      }
      const names = subsetsOf(dr).map((s) => s.name);
      for (const subset of ref.subsets) {
        if (names.includes(subset.name)) continue;
        const unused = names.filter((n) => !ref.subsets.some((s) => s.name === n));
        report({
          subject: rollout.key, path: subset.path, messageId: 'subsetNotFound',
          data: { dr: `${dr.namespace}/${dr.name}`, subset: subset.name, subsets: names.length === 0 ? 'none' : names.map((n) => `"${n}"`).join(', ') },
          related: [{ subject: dr.key, path: ['spec', 'subsets'], note: `the subsets of DestinationRule ${dr.name}` }],
          fixes: unused.map((n): Fix => ({ title: `Use subset "${n}"`, edits: [{ op: 'set', path: subset.path, value: n }], ...(unused.length === 1 ? { preferred: true } : {}) })),
        });
      }
    }
  },
});
