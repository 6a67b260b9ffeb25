/**
 * A DestinationRule subset whose labels select none of its service's pods.
 */
import { K } from '../model/kinds';
import { defineRule } from './rule';
import { IstioServiceRegistry } from './util/istio-service-registry';
import { mapSelects } from './util/selectors';
import { NODE_KIND, workloadLabels } from './util/pod-labels';
import { asObject, asArray, specOf, stringMap, asString, asStrings } from './util/values';

export default defineRule({
  code: 'IST0173',
  istioName: 'DestinationRuleSubsetNotSelectPods',
  istioAnalyzer: 'destinationrule.SubsetSelectPodAnalyzer',
  name: 'destinationrule-subset-selects-no-pods',
  severity: 'error',
  reads: [K.DestinationRule, K.Service, K.ServiceEntry, K.Pod, NODE_KIND, K.MeshConfig],
  docs: {
    summary: 'Every DestinationRule subset selects at least one pod of its service.',
    rationale:
      'A subset with no endpoints is an empty upstream cluster: requests routed to it fail with 503 UH (no healthy upstream).',
    seeAlso: ['https://istio.io/latest/docs/reference/config/analysis/ist0173/'],
  },
  messages: {
    noPods: 'Subset "{subset}" selects no pod of host "{host}" (labels {labels}).',
  },
  check({ index, report }) {
    // Pods are cluster objects: without any known, say nothing rather than guess.
    if (!index.knows(K.Pod)) return;
    const registry = IstioServiceRegistry.of(index);
    const pods = index.ofKind(K.Pod).map((pod) => ({ pod, labels: workloadLabels(pod, index) }));
    for (const dr of index.ofKind(K.DestinationRule)) {
      const spec = specOf(dr);
      const host = asString(spec['host']);
      if (host === undefined) continue;
      const entry = registry.lookup(host, dr.namespace, asStrings(spec['exportTo']));
      // An unknown host is destinationrule-unknown-host's finding; a service without a workload
      // selector (an external ServiceEntry, a Service with hand-made endpoints) has no pods to find.
      if (!entry || entry.selector === undefined) continue;
      const namespace = entry.source.namespace;
      asArray(spec['subsets']).forEach((s, i) => {
        const subset = asObject(s);
        const name = asString(subset['name']);
        if (name === undefined) return;
        const selector = { ...entry.selector, ...stringMap(subset['labels']) };
        if (pods.some((p) => p.pod.namespace === namespace && mapSelects(selector, p.labels))) return;
        report({
          subject: dr.key,
          path: subset['labels'] === undefined ? ['spec', 'subsets', i, 'name'] : ['spec', 'subsets', i, 'labels'],
          messageId: 'noPods',
          data: { subset: name, host, labels: Object.entries(selector).map(([k, v]) => `${k}=${v}`).join(',') || '(none)' },
        });
      });
    }
  },
});
