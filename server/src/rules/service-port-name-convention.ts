/**
 * A Service port whose name (or appProtocol) does not say which protocol it carries, so Istio has
 * to guess by sniffing the first bytes of each connection.
 */
import { K } from '../model/kinds';
import { defineRule } from './rule';
import { portsWithoutProtocol } from './util/service-port-names';
import { ISTIO_PRESENCE_READS, istioInUse } from './util/istio-presence';

export default defineRule({
  code: 'IST0118',
  istioName: 'PortNameIsNotUnderNamingConvention',
  istioAnalyzer: 'service.PortNameAnalyzer',
  name: 'service-port-name-convention',
  severity: 'info',
  reads: [...new Set([K.Service, ...ISTIO_PRESENCE_READS])],
  docs: {
    summary: 'Service ports declare their protocol, by a `<protocol>[-<suffix>]` name or by appProtocol.',
    rationale:
      'Istio routes HTTP, gRPC and TCP differently. Without a declared protocol it sniffs traffic, which adds latency, fails for server-first protocols, and silently falls back to plain TCP without L7 routing or metrics.',
    seeAlso: ['istioctl analyze IST0118', 'https://istio.io/latest/docs/ops/configuration/traffic-management/protocol-selection/'],
  },
  messages: {
    unnamed: 'Port {port} (targetPort {targetPort}) has no name, so Istio cannot tell its protocol; name it like "http-web" or "tcp-db", or set appProtocol.',
    convention: 'Port name "{portName}" (port {port}, targetPort {targetPort}) does not start with a protocol Istio knows, such as "http-" or "tcp-"; rename it or set appProtocol.',
  },
  check({ index, report }) {
    // Istio's conventions are noise where Istio is not in use at all.
    if (!istioInUse(index)) return;
    for (const p of portsWithoutProtocol(index)) {
      if (p.externalName) continue;
      const targetPort = p.targetPort === '' ? p.port : p.targetPort;
      report({
        subject: p.service.key,
        path: p.path,
        messageId: p.name === '' ? 'unnamed' : 'convention',
        data: p.name === '' ? { port: p.port, targetPort } : { portName: p.name, port: p.port, targetPort },
      });
    }
  },
});
