/**
 * Several Sidecars without a workload selector in one namespace.
 */
import { K } from '../model/kinds';
import type { Resource } from '../model/resource';
import { defineRule } from './rule';
import { namespaceInAmbient } from './util/namespace-ambient';
import { isNamespaceDefault } from './util/sidecar-scope';

export default defineRule({
  code: 'IST0111',
  istioName: 'MultipleSidecarsWithoutWorkloadSelectors',
  istioAnalyzer: 'sidecar.SelectorAnalyzer',
  name: 'sidecar-multiple-without-selector',
  severity: 'error',
  reads: [K.Sidecar, K.Namespace],
  docs: {
    summary: 'A namespace has at most one Sidecar without a workload selector.',
    rationale:
      'A Sidecar without a selector is the default for every pod of its namespace; with two of them, which default applies is undefined.',
    seeAlso: ['https://istio.io/latest/docs/reference/config/analysis/ist0111/'],
  },
  messages: {
    multipleDefaults: 'Sidecars {sidecars} in namespace "{namespace}" all lack a workload selector; keep one namespace default.',
  },
  check({ index, report }) {
    const byNamespace = new Map<string, Resource[]>();
    for (const sidecar of index.ofKind(K.Sidecar)) {
      if (!isNamespaceDefault(sidecar)) continue;
      byNamespace.set(sidecar.namespace, [...(byNamespace.get(sidecar.namespace) ?? []), sidecar]);
    }
    for (const [namespace, sidecars] of byNamespace) {
      // In an ambient namespace no Sidecar applies at all: sidecar-ineffective-in-ambient says so.
      if (sidecars.length < 2 || namespaceInAmbient(index.get(K.Namespace, '', namespace))) continue;
      const names = sidecars.map((s) => s.name).join(', ');
      for (const sidecar of sidecars) {
        report({
          subject: sidecar.key,
          path: ['metadata', 'name'],
          messageId: 'multipleDefaults',
          data: { sidecars: names, namespace },
          related: sidecars.filter((s) => s.key !== sidecar.key).map((s) => ({ subject: s.key, path: ['metadata', 'name'], note: 'another namespace default' })),
        });
      }
    }
  },
});
