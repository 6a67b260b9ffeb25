/**
 * RequestAuthentication resources exist while istiod fetches their JWKS URIs without
 * BLOCKED_CIDRS_IN_JWKS_URIS, so a jwksUri may point istiod at internal addresses.
 */
import { K } from '../model/kinds';
import { defineRule } from './rule';
import { asArray, asObject, labelsOf } from './util/values';
import { containersOf, podTemplateOf } from './util/workload';

/** How many policy names the message lists before summarising the rest. */
const LISTED = 5;

export default defineRule({
  code: 'IST0175',
  istioName: 'JwksUriFetchUnrestricted',
  istioAnalyzer: 'authn.BlockedCIDRsAnalyzer',
  name: 'requestauthentication-jwks-fetch-unrestricted',
  severity: 'warning',
  reads: [K.RequestAuthentication, K.Deployment],
  docs: {
    summary: 'When RequestAuthentication resources exist, istiod restricts the addresses it fetches JWKS from.',
    rationale:
      'istiod fetches each jwksUri itself; without BLOCKED_CIDRS_IN_JWKS_URIS anyone who can create a RequestAuthentication can make istiod call internal endpoints such as cloud metadata services (server-side request forgery).',
    seeAlso: ['istioctl analyze IST0175'],
  },
  messages: {
    unrestricted:
      'istiod has no BLOCKED_CIDRS_IN_JWKS_URIS setting although {count} RequestAuthentication resource(s) exist ({names}); set it to keep JWKS fetches away from internal addresses.',
  },
  check({ index, report }) {
    const policies = index.ofKind(K.RequestAuthentication).map((ra) => `${ra.namespace}/${ra.name}`);
    if (policies.length === 0) return;
    const names = policies.length <= LISTED ? policies.join(', ') : `${policies.slice(0, LISTED).join(', ')}, and ${policies.length - LISTED} more`;
    for (const deployment of index.ofKind(K.Deployment)) {
      if (labelsOf(deployment)['app'] !== 'istiod') continue;
      const template = podTemplateOf(deployment);
      if (!template) continue;
      const containers = containersOf(template);
      const configured = containers.some((c) =>
        asArray(c.container['env']).some((e) => asObject(e)['name'] === 'BLOCKED_CIDRS_IN_JWKS_URIS' && (asObject(e)['value'] ?? '') !== ''),
      );
      if (configured) continue;
      const discovery = containers.find((c) => c.name === 'discovery') ?? containers[0];
      report({
        subject: deployment.key,
        path: discovery ? discovery.path : ['metadata', 'name'],
        messageId: 'unrestricted',
        data: { count: policies.length, names },
      });
    }
  },
});
