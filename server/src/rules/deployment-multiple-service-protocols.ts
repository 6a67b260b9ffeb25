/**
 * A meshed Deployment selected by several Services that expose the same port with different
 * protocols (TCP on one, UDP on another, say).
 */
import { K } from '../model/kinds';
import { defineRule } from './rule';
import { frontedDeployments } from './util/deployment-services';

export default defineRule({
  code: 'IST0116',
  istioName: 'DeploymentAssociatedToMultipleServices',
  istioAnalyzer: 'deployment.MultiServiceAnalyzer',
  name: 'deployment-multiple-service-protocols',
  severity: 'warning',
  reads: [K.Deployment, K.Service, K.Namespace],
  docs: {
    summary: 'Services that select the same meshed workload agree on each port\'s protocol.',
    rationale:
      'The sidecar builds one inbound listener per port; when two Services declare different protocols for the same port of the same pods, only one can win and traffic of the other is handled wrongly.',
    seeAlso: ['istioctl analyze IST0116', 'https://istio.io/latest/docs/ops/deployment/application-requirements/'],
  },
  messages: {
    protocols: 'Deployment "{deployment}" is selected by Services that use port {port} with different protocols: {services}.',
  },
  check({ index, report }) {
    for (const { deployment, ports } of frontedDeployments(index)) {
      // port -> protocol -> Services
      const byPort = new Map<number, Map<string, string[]>>();
      for (const p of ports) {
        const protocols = byPort.get(p.port) ?? new Map<string, string[]>();
        const services = protocols.get(p.protocol) ?? [];
        services.push(p.serviceName);
        protocols.set(p.protocol, services);
        byPort.set(p.port, protocols);
      }
      for (const [port, protocols] of [...byPort].sort((a, b) => a[0] - b[0])) {
        if (protocols.size < 2) continue;
        const services = [...protocols.values()].flat().sort();
        report({
          subject: deployment.key,
          path: ['metadata', 'name'],
          messageId: 'protocols',
          data: { deployment: deployment.name, port, services: services.join(', ') },
        });
      }
    }
  },
});
