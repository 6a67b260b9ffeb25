/**
 * A VirtualService bound to a gateway that admits none of the VirtualService's hosts.
 */
import { K } from '../model/kinds';
import { defineRule } from './rule';
import { findGateway, gatewayHostsFor, gatewayRef, isInternalGatewayReference, MESH_GATEWAY } from './util/istio-gateway-refs';
import { hostsOverlap } from './util/hosts';
import { asArray, asStrings, specOf } from './util/values';

export default defineRule({
  code: 'IST0132',
  istioName: 'VirtualServiceHostNotFoundInGateway',
  istioAnalyzer: 'virtualservice.GatewayAnalyzer',
  name: 'virtualservice-host-not-in-gateway',
  severity: 'warning',
  reads: [K.VirtualService, K.IstioGateway, K.Gateway],
  docs: {
    summary: 'A VirtualService bound to a Gateway shares at least one host with the hosts that Gateway admits from its namespace.',
    rationale:
      'A gateway proxy only applies a VirtualService to the hosts both of them name; with no host in common the routes never reach the gateway and its clients get 404s.',
    seeAlso: ['https://istio.io/latest/docs/reference/config/analysis/ist0132/'],
  },
  messages: {
    hostNotInGateway: 'None of the hosts {hosts} is admitted by Gateway {gateway} for namespace "{namespace}".',
  },
  check({ index, report }) {
    for (const vs of index.ofKind(K.VirtualService)) {
      const hosts = asStrings(specOf(vs)['hosts']);
      asArray(specOf(vs)['gateways']).forEach((entry, i) => {
        if (typeof entry !== 'string' || entry === MESH_GATEWAY || isInternalGatewayReference(entry)) return;
        const gateway = findGateway(index, entry, vs.namespace);
        // A missing Gateway admits nothing; istioctl reports this alongside the missing reference.
        const admitted = gateway ? gatewayHostsFor(gateway, vs.namespace) : [];
        if (admitted.some((g) => hosts.some((h) => hostsOverlap(g, h)))) return;
        const ref = gatewayRef(entry, vs.namespace);
        report({
          subject: vs.key,
          path: ['spec', 'gateways', i],
          messageId: 'hostNotInGateway',
          data: { hosts: `[${hosts.join(', ')}]`, gateway: `${ref.namespace}/${ref.name}`, namespace: vs.namespace },
          related: gateway ? [{ subject: gateway.resource.key, path: ['spec', gateway.type === 'istio' ? 'servers' : 'listeners'], note: 'the hosts the gateway admits' }] : [],
        });
      });
    }
  },
});
