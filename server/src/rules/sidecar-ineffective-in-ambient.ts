/**
 * A Sidecar that applies only to ambient-mode workloads, which have no sidecar proxy.
 */
import { K } from '../model/kinds';
import { defineRule } from './rule';
import { namespaceInAmbient } from './util/namespace-ambient';
import { isNamespaceDefault, podsOfSidecar } from './util/sidecar-scope';
import { podInAmbient } from './util/sidecar-injection';
import { annotationsOf } from './util/values';

export default defineRule({
  code: 'IST0167',
  istioName: 'IneffectivePolicy',
  istioAnalyzer: 'sidecar.SelectorAnalyzer',
  name: 'sidecar-ineffective-in-ambient',
  severity: 'warning',
  reads: [K.Sidecar, K.Pod, K.Namespace],
  docs: {
    summary: 'A Sidecar does not target workloads in ambient mode, which run without a sidecar proxy.',
    rationale:
      'Ambient workloads are served by ztunnel and waypoints, which ignore Sidecar resources, so such a Sidecar has no effect.',
    seeAlso: ['https://istio.io/latest/docs/reference/config/analysis/ist0167/'],
  },
  messages: {
    ambientWorkload: 'The policy has no impact: it selects pod {pod}, which is in ambient mode and has no sidecar.',
    ambientNamespace: 'The policy has no impact: namespace "{namespace}" is in ambient mode and its pods have no sidecar.',
  },
  check({ index, report }) {
    for (const sidecar of index.ofKind(K.Sidecar)) {
      if (isNamespaceDefault(sidecar)) {
        if (!namespaceInAmbient(index.get(K.Namespace, '', sidecar.namespace))) continue;
        report({ subject: sidecar.key, path: ['metadata', 'name'], messageId: 'ambientNamespace', data: { namespace: sidecar.namespace } });
        continue;
      }
      const ambient = podsOfSidecar(index, sidecar).find((pod) => podInAmbient(annotationsOf(pod)));
      if (!ambient) continue;
      report({ subject: sidecar.key, path: ['spec', 'workloadSelector', 'labels'], messageId: 'ambientWorkload', data: { pod: ambient.name } });
    }
  },
});
