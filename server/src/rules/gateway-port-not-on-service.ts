/**
 * An Istio Gateway server on a port that no Service of its gateway pods exposes.
 */
import { K } from '../model/kinds';
import { defineRule } from './rule';
import { gatewayPods, gatewaySelector, servicesOfPod, tcpPortNumbers } from './util/istio-gateway-workloads';
import { formatLabels } from './util/selectors';
import { asObject, asArray, asNumber, specOf } from './util/values';

export default defineRule({
  code: 'IST0162',
  istioName: 'GatewayPortNotDefinedOnService',
  istioAnalyzer: 'gateway.IngressGatewayPortAnalyzer',
  name: 'gateway-port-not-on-service',
  severity: 'warning',
  reads: [K.IstioGateway, K.Pod, K.Service],
  docs: {
    summary: 'Every port an Istio Gateway listens on is exposed by a Service in front of its gateway pods.',
    rationale:
      'The gateway proxy opens the port, but clients reach the pods through their Service; a port the Service does not carry is unreachable from outside.',
    seeAlso: ['https://istio.io/latest/docs/reference/config/analysis/ist0162/'],
  },
  messages: {
    portNotOnService: 'Port {port} is not exposed by any Service of the gateway pods selected by {selector}.',
  },
  check({ index, report }) {
    if (!index.knows(K.Pod) || !index.knows(K.Service)) return;
    for (const gw of index.ofKind(K.IstioGateway)) {
      const pods = gatewayPods(index, gw);
      // No pods is gateway-selector-matches-no-workload's finding.
      if (pods.length === 0) continue;
      const exposed = new Set(pods.flatMap((pod) => servicesOfPod(index, pod)).flatMap(tcpPortNumbers));
      asArray(specOf(gw)['servers']).forEach((server, i) => {
        const port = asNumber(asObject(asObject(server)['port'])['number']);
        if (port === undefined || exposed.has(port)) return;
        report({
          subject: gw.key,
          path: ['spec', 'servers', i, 'port', 'number'],
          messageId: 'portNotOnService',
          data: { port, selector: formatLabels(gatewaySelector(gw)) },
        });
      });
    }
  },
});
