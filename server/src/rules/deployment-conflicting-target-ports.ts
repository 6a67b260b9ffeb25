/**
 * A meshed Deployment selected by Services that send different Service ports to the same target
 * port.
 */
import { K } from '../model/kinds';
import { defineRule } from './rule';
import { frontedDeployments } from './util/deployment-services';

export default defineRule({
  code: 'IST0137',
  istioName: 'DeploymentConflictingPorts',
  istioAnalyzer: 'deployment.MultiServiceAnalyzer',
  name: 'deployment-conflicting-target-ports',
  severity: 'warning',
  reads: [K.Deployment, K.Service, K.Namespace],
  docs: {
    summary: 'Services that select the same meshed workload map each target port from one Service port.',
    rationale:
      'The sidecar identifies inbound traffic by the Service port; two Services that map different ports onto one container port make the inbound configuration ambiguous, and one of the routes is dropped.',
    seeAlso: ['istioctl analyze IST0137', 'https://istio.io/latest/docs/ops/deployment/application-requirements/'],
  },
  messages: {
    conflicting: 'Deployment "{deployment}" is selected by Services {services} that send different ports ({ports}) to target port {targetPort}.',
  },
  check({ index, report }) {
    for (const { deployment, ports } of frontedDeployments(index)) {
      // targetPort -> Service port -> the (last) Service that maps it
      const byTarget = new Map<string, Map<number, string>>();
      for (const p of ports) {
        const mapped = byTarget.get(p.targetPort) ?? new Map<number, string>();
        mapped.set(p.port, p.serviceName);
        byTarget.set(p.targetPort, mapped);
      }
      for (const [targetPort, mapped] of byTarget) {
        if (mapped.size < 2) continue;
        const services = [...mapped.values()].sort();
        const list = [...mapped.keys()].sort((a, b) => a - b);
        report({
          subject: deployment.key,
          path: ['metadata', 'name'],
          messageId: 'conflicting',
          data: { deployment: deployment.name, services: services.join(', '), ports: list.join(', '), targetPort },
        });
      }
    }
  },
});
