/**
 * A namespace that carries more than one kind of data-plane label in force at once
 * (`istio-injection=enabled` with `istio.io/rev`, or either with `istio.io/dataplane-mode`).
 */
import { K } from '../model/kinds';
import { defineRule } from './rule';
import { namespaceInjections } from './util/namespace-injection';

export default defineRule({
  code: 'IST0123',
  istioName: 'NamespaceMultipleInjectionLabels',
  istioAnalyzer: 'injection.Analyzer',
  name: 'namespace-multiple-injection-labels',
  severity: 'warning',
  reads: [K.Namespace, K.ConfigMap],
  docs: {
    summary: 'A namespace uses one injection label, not several that compete.',
    rationale:
      'The legacy istio-injection label, a revision label and the ambient data-plane label each select a different data plane; together, which one wins depends on webhook order and Istio version.',
    seeAlso: ['istioctl analyze IST0123', 'https://istio.io/latest/docs/setup/upgrade/canary/'],
  },
  messages: {
    multiple: 'Namespace "{namespace}" has several injection labels in force ({labels}); keep only one of them.',
  },
  check({ index, report }) {
    for (const ns of namespaceInjections(index)) {
      if (ns.activeLabels.length < 2) continue;
      report({
        subject: ns.namespace.key,
        path: ['metadata', 'labels'],
        target: 'key',
        messageId: 'multiple',
        data: { namespace: ns.name, labels: ns.activeLabels.join(', ') },
        // One fix per label in force: keep the others. None is preferred; which data plane the
        // namespace should use is the user's decision.
        fixes: ns.activeLabels.map((label) => {
          const key = label.slice(0, label.indexOf('='));
          return { title: `Remove the ${key} label`, edits: [{ op: 'delete' as const, path: ['metadata', 'labels', key] }] };
        }),
      });
    }
  },
});
