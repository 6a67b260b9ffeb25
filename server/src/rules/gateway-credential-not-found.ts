/**
 * An Istio Gateway server whose `credentialName` names a Secret missing from the gateway pods'
 * namespace.
 */
import { K } from '../model/kinds';
import { defineRule } from './rule';
import { credentialRefs, credentialSecretRef } from './util/gateway-credentials';
import { gatewayPods } from './util/istio-gateway-workloads';

export default defineRule({
  code: 'IST0101',
  istioName: 'ReferencedResourceNotFound',
  istioAnalyzer: 'gateway.SecretAnalyzer',
  name: 'gateway-credential-not-found',
  severity: 'error',
  reads: [K.IstioGateway, K.Pod, K.Secret],
  docs: {
    summary: 'Every credential an Istio Gateway names is a Secret in the namespace of its gateway pods.',
    rationale:
      'The gateway proxy loads TLS credentials from its own namespace, not the Gateway\'s; when the Secret is missing there the server has no certificate and TLS handshakes fail.',
    seeAlso: ['https://istio.io/latest/docs/reference/config/analysis/ist0101/'],
  },
  messages: {
    secretNotFound: 'Secret "{secret}" does not exist in namespace "{namespace}", where the gateway pods read their credentials.',
  },
  check({ index, report }) {
    // Pods and Secrets are cluster objects: without them known, say nothing rather than guess.
    if (!index.knows(K.Pod) || !index.knows(K.Secret)) return;
    for (const gw of index.ofKind(K.IstioGateway)) {
      const refs = credentialRefs(gw);
      if (refs.length === 0) continue;
      // Pods of one gateway deployment share a namespace; with none, there is no namespace to look in.
      const namespaces = [...new Set(gatewayPods(index, gw).map((p) => p.namespace))];
      for (const ref of refs) {
        for (const namespace of namespaces) {
          const secret = credentialSecretRef(ref.name, namespace);
          if (index.get(K.Secret, secret.namespace, secret.name)) continue;
          report({ subject: gw.key, path: ref.path, messageId: 'secretNotFound', data: { secret: secret.name, namespace: secret.namespace } });
        }
      }
    }
  },
});
