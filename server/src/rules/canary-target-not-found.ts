/**
 * A Flagger Canary whose `targetRef` (Deployment, DaemonSet or Service) or `autoscalerRef`
 * (HorizontalPodAutoscaler) names an object that does not exist in its namespace.
 */
import { K, type Kind } from '../model/kinds';
import type { Path } from '../parse/types';
import { defineRule } from './rule';
import { HPA, targetKind } from './util/flagger';
import { asObject, asString, specOf } from './util/values';
import { DAEMON_SET } from './util/workload-templates';

export default defineRule({
  code: 'MSH7006',
  name: 'canary-target-not-found',
  severity: 'error',
  reads: [K.Canary, K.Deployment, DAEMON_SET, K.Service, HPA],
  docs: {
    summary: 'The workload and autoscaler a Flagger Canary targets exist in its namespace.',
    rationale:
      'Flagger clones the target into a primary workload and generates the Services and routing around it; with the target missing the Canary never initializes, so neither the routing nor the analysis exists.',
    seeAlso: ['https://docs.flagger.app/usage/how-it-works'],
  },
  messages: {
    targetNotFound: '{kind} "{namespace}/{name}" does not exist, so Flagger cannot initialize this Canary.',
  },
  check({ index, report }) {
    for (const canary of index.ofKind(K.Canary)) {
      const spec = specOf(canary);
      const refs: { kind: Kind | undefined; label: string; name: string | undefined; path: Path }[] = [
        { kind: targetKind(canary), label: asString(asObject(spec['targetRef'])['kind']) ?? '', name: asString(asObject(spec['targetRef'])['name']), path: ['spec', 'targetRef', 'name'] },
        {
          kind: asString(asObject(spec['autoscalerRef'])['kind']) === 'HorizontalPodAutoscaler' ? HPA : undefined, label: 'HorizontalPodAutoscaler',
          name: asString(asObject(spec['autoscalerRef'])['name']), path: ['spec', 'autoscalerRef', 'name'],
        },
      ];
      for (const ref of refs) {
        // A kind with no object in view at all proves nothing.
        if (ref.kind === undefined || ref.name === undefined || !index.knows(ref.kind)) continue;
        if (index.get(ref.kind, canary.namespace, ref.name)) continue;
        report({ subject: canary.key, path: ref.path, messageId: 'targetNotFound', data: { kind: ref.label, namespace: canary.namespace, name: ref.name } });
      }
    }
  },
});
