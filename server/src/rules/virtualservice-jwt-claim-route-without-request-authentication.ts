/**
 * A VirtualService that routes on JWT claims at a gateway whose pods no RequestAuthentication
 * covers, so the claims it matches on are never there.
 */
import { K } from '../model/kinds';
import type { Resource } from '../model/resource';
import type { Path } from '../parse/types';
import { defineRule } from './rule';
import { gatewayRef, MESH_GATEWAY } from './util/istio-gateway-refs';
import { mapSelects } from './util/selectors';
import { asArray, asObject, asStrings, labelsOf, specOf, stringMap } from './util/values';

/** Header keys of this form match on a claim of the request's validated JWT. */
const CLAIM_PREFIX = '@request.auth.claims';

/** The first claim-based header match of a VirtualService: its key and where it is written. */
function firstClaimMatch(vs: Resource): { key: string; path: Path } | undefined {
  const http = asArray(specOf(vs)['http']);
  for (let i = 0; i < http.length; i++) {
    const matches = asArray(asObject(http[i])['match']);
    for (let j = 0; j < matches.length; j++) {
      for (const field of ['headers', 'withoutHeaders'] as const) {
        for (const key of Object.keys(asObject(asObject(matches[j])[field]))) {
          if (key.startsWith(CLAIM_PREFIX)) return { key, path: ['spec', 'http', i, 'match', j, field, key] };
        }
      }
    }
  }
  return undefined;
}

export default defineRule({
  code: 'IST0149',
  istioName: 'JwtClaimBasedRoutingWithoutRequestAuthN',
  istioAnalyzer: 'virtualservice.JWTClaimRouteAnalyzer',
  name: 'virtualservice-jwt-claim-route-without-request-authentication',
  severity: 'error',
  reads: [K.VirtualService, K.IstioGateway, K.Pod, K.RequestAuthentication, K.MeshConfig],
  docs: {
    summary: 'Routing on JWT claims at a gateway needs a RequestAuthentication that covers the gateway\'s pods.',
    rationale:
      'Claims are only available for routing after a RequestAuthentication has validated the token on that proxy; without one the claim match never succeeds and the route is dead.',
    seeAlso: ['https://istio.io/latest/docs/reference/config/analysis/ist0149/'],
  },
  messages: {
    noRequestAuthentication:
      'Routing on "{key}" needs a RequestAuthentication for the pods of gateway {gateway}, but none covers pod {pod}.',
  },
  check({ index, report }) {
    const rootNamespace = index.meshConfig.rootNamespace;
    // Namespace -> selectors of its RequestAuthentications (an absent selector selects every pod).
    const authn = new Map<string, Readonly<Record<string, string>>[]>();
    for (const ra of index.ofKind(K.RequestAuthentication)) {
      const selector = stringMap(asObject(specOf(ra)['selector'])['matchLabels']);
      authn.set(ra.namespace, [...(authn.get(ra.namespace) ?? []), selector]);
    }
    for (const vs of index.ofKind(K.VirtualService)) {
      const claim = firstClaimMatch(vs);
      if (!claim) continue;
      for (const entry of asStrings(specOf(vs)['gateways'])) {
        if (entry === MESH_GATEWAY) continue;
        const ref = gatewayRef(entry, vs.namespace);
        const gateway = index.get(K.IstioGateway, ref.namespace, ref.name);
        // A missing Gateway is virtualservice-gateway-not-found's finding.
        if (!gateway) continue;
        const gwSelector = stringMap(specOf(gateway)['selector']);
        for (const pod of index.ofKind(K.Pod)) {
          const labels = labelsOf(pod);
          if (!mapSelects(gwSelector, labels)) continue;
          const selectors = [...(authn.get(rootNamespace) ?? []), ...(pod.namespace === rootNamespace ? [] : authn.get(pod.namespace) ?? [])];
          if (selectors.some((s) => mapSelects(s, labels))) continue;
          report({
            subject: vs.key,
            path: claim.path,
            target: 'key',
            messageId: 'noRequestAuthentication',
            data: { key: claim.key, gateway: `${ref.namespace}/${ref.name}`, pod: pod.name },
            related: [{ subject: gateway.key, path: ['spec', 'selector'], note: 'the gateway whose pods need a RequestAuthentication' }],
          });
        }
      }
    }
  },
});
