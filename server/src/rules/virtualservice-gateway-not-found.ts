/**
 * A VirtualService bound to a gateway that does not exist.
 */
import { K } from '../model/kinds';
import { defineRule } from './rule';
import { findGateway, gatewayRef, isInternalGatewayReference, MESH_GATEWAY } from './util/istio-gateway-refs';
import { asArray, specOf } from './util/values';

export default defineRule({
  code: 'IST0101',
  istioName: 'ReferencedResourceNotFound',
  istioAnalyzer: 'virtualservice.GatewayAnalyzer',
  name: 'virtualservice-gateway-not-found',
  severity: 'error',
  reads: [K.VirtualService, K.IstioGateway, K.Gateway],
  docs: {
    summary: 'Every gateway a VirtualService binds to is an existing Istio Gateway or Gateway API Gateway, or `mesh`.',
    rationale:
      'Routes bound to a missing gateway are never programmed into any gateway proxy, so traffic meant for them gets a 404 or goes nowhere.',
    seeAlso: ['https://istio.io/latest/docs/reference/config/analysis/ist0101/'],
  },
  messages: {
    gatewayNotFound: 'Gateway "{gateway}" does not exist (looked for {namespace}/{name}).',
  },
  check({ index, report }) {
    for (const vs of index.ofKind(K.VirtualService)) {
      asArray(specOf(vs)['gateways']).forEach((entry, i) => {
        // Internal gateway names are virtualservice-internal-gateway-reference's finding.
        if (typeof entry !== 'string' || entry === MESH_GATEWAY || isInternalGatewayReference(entry)) return;
        if (findGateway(index, entry, vs.namespace)) return;
        const ref = gatewayRef(entry, vs.namespace);
        report({ subject: vs.key, path: ['spec', 'gateways', i], messageId: 'gatewayNotFound', data: { gateway: entry, namespace: ref.namespace, name: ref.name } });
      });
    }
  },
});
