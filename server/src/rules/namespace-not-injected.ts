/**
 * A namespace with no injection label at all: neither `istio-injection` nor `istio.io/rev`, nor
 * enrolment in ambient mode. Its workloads stay outside the mesh, usually by oversight.
 */
import { K } from '../model/kinds';
import { defineRule } from './rule';
import { namespaceInjections } from './util/namespace-injection';
import { INJECTION_LABEL, SYSTEM_NAMESPACES } from './util/sidecar-injection';
import { ISTIO_PRESENCE_READS, istioInUse } from './util/istio-presence';

export default defineRule({
  code: 'IST0102',
  istioName: 'NamespaceNotInjected',
  istioAnalyzer: 'injection.Analyzer',
  name: 'namespace-not-injected',
  severity: 'info',
  reads: [...new Set([K.Namespace, K.ConfigMap, ...ISTIO_PRESENCE_READS])],
  docs: {
    summary: 'Every namespace says whether Istio should inject sidecars into its pods.',
    rationale:
      'Without an injection label, pods in the namespace start without a sidecar and bypass mTLS, policy and telemetry; labelling it `istio-injection=disabled` records that this is intended.',
    seeAlso: ['istioctl analyze IST0102', 'https://istio.io/latest/docs/setup/additional-setup/sidecar-injection/'],
  },
  messages: {
    notInjected:
      'Namespace "{namespace}" is not enabled for Istio injection. Label it istio-injection=enabled to inject sidecars, or istio-injection=disabled to record that it needs none.',
  },
  check({ index, report }) {
    // Istio's conventions are noise where Istio is not in use at all.
    if (!istioInUse(index)) return;
    for (const ns of namespaceInjections(index)) {
      if (ns.ambient || !ns.unlabelled || ns.injectedByDefault) continue;
      // Kubernetes' own namespaces are never injected; asking about them is noise.
      if (SYSTEM_NAMESPACES.has(ns.name)) continue;
      const path = ['metadata', 'labels', INJECTION_LABEL];
      report({
        subject: ns.namespace.key,
        path: ['metadata', 'name'],
        messageId: 'notInjected',
        data: { namespace: ns.name },
        fixes: [
          { title: 'Enable sidecar injection', edits: [{ op: 'set', path, value: 'enabled' }] },
          { title: 'Mark the namespace as not needing injection', edits: [{ op: 'set', path, value: 'disabled' }] },
        ],
      });
    }
  },
});
