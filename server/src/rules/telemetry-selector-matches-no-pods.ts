/**
 * A Telemetry whose workload selector matches no pod in its namespace.
 */
import { K } from '../model/kinds';
import { defineRule } from './rule';
import { mapSelects, formatLabels } from './util/selectors';
import { telemetrySelectorLabels } from './util/telemetry';
import { labelsOf } from './util/values';

export default defineRule({
  code: 'IST0101',
  istioName: 'ReferencedResourceNotFound',
  istioAnalyzer: 'telemetry.SelectorAnalyzer',
  name: 'telemetry-selector-matches-no-pods',
  severity: 'error',
  reads: [K.Telemetry, K.Pod],
  docs: {
    summary: 'A Telemetry\'s workload selector matches at least one pod in its namespace.',
    rationale: 'A selector that matches nothing usually holds a typo in a label, and the telemetry settings silently apply to no workload.',
    seeAlso: ['istioctl analyze IST0101'],
  },
  messages: {
    noPods: 'The selector {selector} matches no pod in namespace "{namespace}".',
  },
  check({ index, report }) {
    // Pods are cluster state: with none known, the honest answer is silence.
    if (!index.knows(K.Pod)) return;
    const podLabels = new Map<string, Readonly<Record<string, string>>[]>();
    for (const pod of index.ofKind(K.Pod)) {
      const list = podLabels.get(pod.namespace) ?? [];
      list.push(labelsOf(pod));
      podLabels.set(pod.namespace, list);
    }
    for (const telemetry of index.ofKind(K.Telemetry)) {
      const selector = telemetrySelectorLabels(telemetry);
      if (Object.keys(selector).length === 0) continue;
      if ((podLabels.get(telemetry.namespace) ?? []).some((labels) => mapSelects(selector, labels))) continue;
      report({
        subject: telemetry.key,
        path: ['spec', 'selector', 'matchLabels'],
        messageId: 'noPods',
        data: { selector: formatLabels(selector), namespace: telemetry.namespace },
      });
    }
  },
});
