/**
 * A Pod or Deployment whose application runs as user ID 1337, the UID Istio reserves for the
 * sidecar proxy.
 */
import { K } from '../model/kinds';
import type { Path } from '../parse/types';
import { defineRule } from './rule';
import { PROXY_CONTAINER, isIstioControlPlane } from './util/sidecar-injection';
import { asObject, labelsOf } from './util/values';
import { containersOf, podTemplateOf } from './util/workload';
import { ISTIO_PRESENCE_READS, istioInUse } from './util/istio-presence';

/** The UID the sidecar runs as; traffic from it bypasses interception. */
const PROXY_UID = 1337;

export default defineRule({
  code: 'IST0144',
  istioName: 'InvalidApplicationUID',
  istioAnalyzer: 'applicationUID.Analyzer',
  name: 'workload-reserved-uid',
  severity: 'warning',
  reads: [...new Set([K.Pod, K.Deployment, ...ISTIO_PRESENCE_READS])],
  docs: {
    summary: 'Application containers do not run as user ID 1337, which the Istio sidecar uses.',
    rationale:
      'The sidecar\'s iptables rules let traffic from UID 1337 bypass the proxy (to avoid loops); an application running as 1337 therefore escapes the mesh: no mTLS, policy or telemetry for its outbound calls.',
    seeAlso: ['istioctl analyze IST0144', 'https://istio.io/latest/docs/ops/deployment/application-requirements/'],
  },
  messages: {
    reserved: 'This workload runs as user ID 1337, which is reserved for the Istio sidecar; its traffic bypasses the proxy.',
  },
  check({ index, report }) {
    // Istio's conventions are noise where Istio is not in use at all.
    if (!istioInUse(index)) return;
    for (const kind of [K.Pod, K.Deployment]) {
      for (const workload of index.ofKind(kind)) {
        if (isIstioControlPlane(labelsOf(workload))) continue;
        const template = podTemplateOf(workload);
        if (!template) continue;
        const places: Path[] = [];
        if (asObject(template.spec['securityContext'])['runAsUser'] === PROXY_UID) places.push([...template.specPath, 'securityContext', 'runAsUser']);
        for (const c of containersOf(template)) {
          if (c.name === PROXY_CONTAINER || c.name === 'istio-operator') continue;
          if (asObject(c.container['securityContext'])['runAsUser'] === PROXY_UID) places.push([...c.path, 'securityContext', 'runAsUser']);
        }
        const [first, ...others] = places;
        if (!first) continue;
        // One finding per workload (the message is the same for each place), with the others related.
        report({
          subject: workload.key,
          path: first,
          messageId: 'reserved',
          ...(others.length > 0 ? { related: others.map((path) => ({ subject: workload.key, path, note: 'also runs as 1337' })) } : {}),
        });
      }
    }
  },
});
