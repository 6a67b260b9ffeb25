/**
 * An unlabelled namespace that the sidecar injector injects anyway, because Istio was installed
 * with `sidecarInjectorWebhook.enableNamespacesByDefault=true`.
 */
import { K } from '../model/kinds';
import { defineRule } from './rule';
import { namespaceInjections } from './util/namespace-injection';

export default defineRule({
  code: 'IST0148',
  istioName: 'NamespaceInjectionEnabledByDefault',
  istioAnalyzer: 'injection.Analyzer',
  name: 'namespace-injection-enabled-by-default',
  severity: 'info',
  reads: [K.Namespace, K.ConfigMap],
  docs: {
    summary: 'Namespaces injected only because the injector enables all namespaces by default are pointed out.',
    rationale:
      'With enableNamespacesByDefault the absence of a label means "inject", the opposite of a default install; saying so avoids surprises when a workload gains a sidecar nobody asked for.',
    seeAlso: ['istioctl analyze IST0148'],
  },
  messages: {
    byDefault: 'Namespace "{namespace}" has no injection label but is injected, because Istio is installed with enableNamespacesByDefault set to true.',
  },
  check({ index, report }) {
    for (const ns of namespaceInjections(index)) {
      if (ns.ambient || !ns.unlabelled || !ns.injectedByDefault) continue;
      report({ subject: ns.namespace.key, path: ['metadata', 'name'], messageId: 'byDefault', data: { namespace: ns.name } });
    }
  },
});
