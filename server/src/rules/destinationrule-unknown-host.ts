/**
 * A DestinationRule whose host names no Service or ServiceEntry it can see.
 */
import { K } from '../model/kinds';
import { defineRule } from './rule';
import { IstioServiceRegistry } from './util/istio-service-registry';
import { specOf, asString, asStrings } from './util/values';

export default defineRule({
  code: 'IST0174',
  istioName: 'UnknownDestinationRuleHost',
  istioAnalyzer: 'destinationrule.SubsetSelectPodAnalyzer',
  name: 'destinationrule-unknown-host',
  severity: 'warning',
  reads: [K.DestinationRule, K.Service, K.ServiceEntry, K.MeshConfig],
  docs: {
    summary: 'A DestinationRule\'s host is a Service or ServiceEntry host visible from its namespace.',
    rationale:
      'Traffic policy and subsets attach to a host in Istio\'s registry; a DestinationRule for any other host (often a typo or the wrong namespace) has no effect at all.',
    seeAlso: ['https://istio.io/latest/docs/reference/config/analysis/ist0174/'],
  },
  messages: {
    unknownHost: 'Host "{host}" matches no Service or ServiceEntry visible from namespace "{namespace}", so this DestinationRule applies to nothing.',
  },
  check({ index, report }) {
    // With no Service known at all, an unresolved host proves nothing.
    if (!index.knows(K.Service)) return;
    const registry = IstioServiceRegistry.of(index);
    for (const dr of index.ofKind(K.DestinationRule)) {
      const spec = specOf(dr);
      const host = asString(spec['host']);
      if (host === undefined) continue;
      if (registry.lookup(host, dr.namespace, asStrings(spec['exportTo']))) continue;
      report({ subject: dr.key, path: ['spec', 'host'], messageId: 'unknownHost', data: { host, namespace: dr.namespace } });
    }
  },
});
