/**
 * A Sidecar whose workload selector matches no pod of its namespace.
 */
import { K } from '../model/kinds';
import { defineRule } from './rule';
import { isNamespaceDefault, podsOfSidecar, sidecarSelector } from './util/sidecar-scope';
import { formatLabels } from './util/selectors';

export default defineRule({
  code: 'IST0101',
  istioName: 'ReferencedResourceNotFound',
  istioAnalyzer: 'sidecar.SelectorAnalyzer',
  name: 'sidecar-selector-matches-no-workload',
  severity: 'error',
  reads: [K.Sidecar, K.Pod],
  docs: {
    summary: 'A Sidecar\'s workload selector matches at least one pod in its namespace.',
    rationale:
      'A Sidecar only configures the proxies of the pods it selects in its own namespace; when it selects none, its egress and ingress settings apply nowhere.',
    seeAlso: ['https://istio.io/latest/docs/reference/config/analysis/ist0101/'],
  },
  messages: {
    noWorkload: 'No pod in namespace "{namespace}" carries the labels {selector}, so this Sidecar configures nothing.',
  },
  check({ index, report }) {
    // Pods are cluster objects: without any known, say nothing rather than guess.
    if (!index.knows(K.Pod)) return;
    for (const sidecar of index.ofKind(K.Sidecar)) {
      if (isNamespaceDefault(sidecar) || podsOfSidecar(index, sidecar).length > 0) continue;
      report({
        subject: sidecar.key,
        path: ['spec', 'workloadSelector', 'labels'],
        messageId: 'noWorkload',
        data: { namespace: sidecar.namespace, selector: formatLabels(sidecarSelector(sidecar)) },
      });
    }
  },
});
