/**
 * An Argo Rollout that names a Service which does not exist: canary and stable Services,
 * ping-pong Services, the SMI root Service, or the blue-green active and preview Services.
 */
import { K } from '../model/kinds';
import { defineRule } from './rule';
import { rolloutServices } from './util/argo-rollouts';

export default defineRule({
  code: 'MSH7003',
  name: 'rollout-service-not-found',
  severity: 'error',
  reads: [K.Rollout, K.Service],
  docs: {
    summary: 'Every Service an Argo Rollout names (canary, stable, ping/pong, active, preview, SMI root) exists in its namespace.',
    rationale:
      'Argo Rollouts points these Services at the stable and canary ReplicaSets by rewriting their selectors; when one is missing the Rollout reports InvalidSpec and does not progress.',
    seeAlso: ['https://argoproj.github.io/argo-rollouts/features/specification/'],
  },
  messages: {
    serviceNotFound: '{role} "{namespace}/{name}" does not exist, so the Rollout cannot progress.',
  },
  check({ index, report }) {
    // With no Service in view at all, a missing one proves nothing.
    if (!index.knows(K.Service)) return;
    for (const rollout of index.ofKind(K.Rollout)) {
      for (const s of rolloutServices(rollout)) {
        if (index.get(K.Service, rollout.namespace, s.name)) continue;
        report({ subject: rollout.key, path: s.path, messageId: 'serviceNotFound', data: { role: s.role, namespace: rollout.namespace, name: s.name } });
      }
    }
  },
});
