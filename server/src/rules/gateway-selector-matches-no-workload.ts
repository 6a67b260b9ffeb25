/**
 * An Istio Gateway whose selector matches no pod, so no proxy serves it.
 */
import { K } from '../model/kinds';
import { defineRule } from './rule';
import { gatewayPods, gatewaySelector } from './util/istio-gateway-workloads';
import { formatLabels } from './util/selectors';

export default defineRule({
  code: 'IST0101',
  istioName: 'ReferencedResourceNotFound',
  istioAnalyzer: ['gateway.IngressGatewayPortAnalyzer', 'gateway.SecretAnalyzer'],
  name: 'gateway-selector-matches-no-workload',
  severity: 'error',
  reads: [K.IstioGateway, K.Pod],
  docs: {
    summary: 'An Istio Gateway\'s selector matches the labels of at least one gateway pod.',
    rationale:
      'A Gateway is configuration for the proxies its selector picks; when it picks none, its servers are never opened and nothing routes through it.',
    seeAlso: ['https://istio.io/latest/docs/reference/config/analysis/ist0101/'],
  },
  messages: {
    noWorkload: 'No pod carries the labels {selector}, so no gateway proxy serves this Gateway.',
  },
  check({ index, report }) {
    // Pods are cluster objects: without any known, say nothing rather than guess.
    if (!index.knows(K.Pod)) return;
    for (const gw of index.ofKind(K.IstioGateway)) {
      if (gatewayPods(index, gw).length > 0) continue;
      report({ subject: gw.key, path: ['spec', 'selector'], messageId: 'noWorkload', data: { selector: formatLabels(gatewaySelector(gw)) } });
    }
  },
});
