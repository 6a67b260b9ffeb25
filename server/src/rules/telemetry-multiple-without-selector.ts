/**
 * Several namespace-wide Telemetry resources (no selector, no targetRef) in one namespace.
 */
import { K } from '../model/kinds';
import type { Resource } from '../model/resource';
import { defineRule } from './rule';
import { isNamespaceWideTelemetry } from './util/telemetry';

export default defineRule({
  code: 'IST0160',
  istioName: 'MultipleTelemetriesWithoutWorkloadSelectors',
  istioAnalyzer: 'telemetry.DefaultSelectorAnalyzer',
  name: 'telemetry-multiple-without-selector',
  severity: 'error',
  reads: [K.Telemetry],
  docs: {
    summary: 'A namespace has at most one Telemetry without a workload selector.',
    rationale:
      'Istio applies a single namespace-wide Telemetry per namespace; with several, which one takes effect is undefined and may change from one istiod restart to the next.',
    seeAlso: ['istioctl analyze IST0160', 'https://istio.io/latest/docs/reference/config/telemetry/'],
  },
  messages: {
    multiple: 'Telemetries {names} in namespace "{namespace}" have no workload selector; only one of them takes effect, and which one is undefined. Merge them.',
  },
  check({ index, report }) {
    const byNamespace = new Map<string, Resource[]>();
    for (const telemetry of index.ofKind(K.Telemetry)) {
      if (!isNamespaceWideTelemetry(telemetry)) continue;
      const list = byNamespace.get(telemetry.namespace) ?? [];
      list.push(telemetry);
      byNamespace.set(telemetry.namespace, list);
    }
    for (const [namespace, list] of byNamespace) {
      if (list.length < 2) continue;
      const names = list.map((t) => t.name).sort().join(', ');
      for (const telemetry of list) {
        report({
          subject: telemetry.key,
          path: ['metadata', 'name'],
          messageId: 'multiple',
          data: { names, namespace },
          related: list.filter((t) => t !== telemetry).map((t) => ({ subject: t.key, path: ['metadata', 'name'], note: 'another namespace-wide Telemetry' })),
        });
      }
    }
  },
});
