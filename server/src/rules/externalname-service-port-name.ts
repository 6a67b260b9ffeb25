/**
 * A port of an ExternalName Service whose name does not declare a protocol, or declares plain
 * "tcp". Istio cannot sniff traffic to an ExternalName service, so such ports are treated as
 * opaque TCP and may be blocked or mis-forwarded.
 */
import { K } from '../model/kinds';
import { defineRule } from './rule';
import { portsWithoutProtocol } from './util/service-port-names';
import { ISTIO_PRESENCE_READS, istioInUse } from './util/istio-presence';

export default defineRule({
  code: 'IST0150',
  istioName: 'ExternalNameServiceTypeInvalidPortName',
  istioAnalyzer: 'service.PortNameAnalyzer',
  name: 'externalname-service-port-name',
  severity: 'warning',
  reads: [...new Set([K.Service, ...ISTIO_PRESENCE_READS])],
  docs: {
    summary: 'Ports of ExternalName Services name a specific protocol.',
    rationale:
      'Traffic to an ExternalName service is not sniffed, so a port without a protocol prefix (or named just "tcp") may be dropped by the proxy, or unmatched TCP traffic may be forwarded to the wrong place.',
    seeAlso: ['istioctl analyze IST0150', 'https://istio.io/latest/docs/ops/configuration/traffic-management/protocol-selection/'],
  },
  messages: {
    invalid: 'Port {port} of this ExternalName Service needs a name with a specific protocol prefix, such as "https" or "tls-db".',
  },
  check({ index, report }) {
    // Istio's conventions are noise where Istio is not in use at all.
    if (!istioInUse(index)) return;
    for (const p of portsWithoutProtocol(index)) {
      if (!p.externalName) continue;
      report({ subject: p.service.key, path: p.path, messageId: 'invalid', data: { port: p.port } });
    }
  },
});
