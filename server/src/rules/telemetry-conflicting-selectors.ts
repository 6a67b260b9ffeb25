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
    const telemetries = index.ofKind(K.Telemetry).map((t) => ({ t, selector: telemetrySelectorLabels(t) })).filter((x) => Object.keys(x.selector).length > 0);
    if (telemetries.length < 2) return;
    for (const pod of index.ofKind(K.Pod)) {
      const labels = labelsOf(pod);
      const list = telemetries.filter((x) => x.t.namespace === pod.namespace && mapSelects(x.selector, labels)).map((x) => x.t);
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
