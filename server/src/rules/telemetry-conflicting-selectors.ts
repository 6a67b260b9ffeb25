/**
 * Two or more Telemetry resources whose workload selectors pick the same pod.
 */
import { K } from '../model/kinds';
import type { Resource } from '../model/resource';
import { defineRule } from './rule';
import { mapSelects } from './util/selectors';
import { telemetrySelectorLabels } from './util/telemetry';
import { labelsOf } from './util/values';

export default defineRule({
  code: 'IST0159',
  istioName: 'ConflictingTelemetryWorkloadSelectors',
  istioAnalyzer: 'telemetry.SelectorAnalyzer',
  name: 'telemetry-conflicting-selectors',
  severity: 'error',
  reads: [K.Telemetry, K.Pod],
  docs: {
    summary: 'No pod is selected by more than one Telemetry\'s workload selector.',
    rationale: 'Istio applies one workload-level Telemetry per pod; when several select it, which one wins is undefined.',
    seeAlso: ['istioctl analyze IST0159', 'https://istio.io/latest/docs/reference/config/telemetry/'],
  },
  messages: {
    conflict: 'Telemetries {names} in namespace "{namespace}" all select pod "{pod}"; only one of them takes effect, and which one is undefined.',
  },
  check({ index, report }) {
    const selecting = new Map<Resource, Resource[]>();
    // Telemetries with selector labels, by namespace: a selector picks pods of its own namespace.
    const byNamespace = new Map<string, { t: Resource; selector: Readonly<Record<string, string>> }[]>();
    for (const t of index.ofKind(K.Telemetry)) {
      const selector = telemetrySelectorLabels(t);
      if (Object.keys(selector).length === 0) continue;
      const list = byNamespace.get(t.namespace) ?? [];
      list.push({ t, selector });
      byNamespace.set(t.namespace, list);
    }
    for (const pod of index.ofKind(K.Pod)) {
      const candidates = byNamespace.get(pod.namespace);
      if (!candidates || candidates.length < 2) continue;
      const labels = labelsOf(pod);
      const list = candidates.filter((x) => mapSelects(x.selector, labels)).map((x) => x.t);
      if (list.length > 1) selecting.set(pod, list);
    }
    for (const [pod, list] of selecting) {
      const names = list.map((t) => t.name).sort().join(', ');
      for (const telemetry of list) {
        report({
          subject: telemetry.key,
          path: ['spec', 'selector'],
          messageId: 'conflict',
          data: { names, namespace: pod.namespace, pod: pod.name },
        });
      }
    }
  },
});
