/**
 * A cross-namespace reference that Gateway API requires a ReferenceGrant for, without one: route
 * backendRefs (and request mirrors) of routes bound to a Gateway, and the certificate references
 * of Gateways and ListenerSets (listener certificates, client certificates, CA bundles).
 *
 * Routes bound only to Services (GAMMA mesh routes) are exempt: the mesh spec lets them send
 * traffic to any namespace without a grant, because they narrow existing reachability instead of
 * exposing a Service. The check speaks regardless of whether other ReferenceGrants are in view:
 * the grant is what the referrer's author must make sure of, and forgetting it is the mistake.
 */
import { K, type Kind } from '../model/kinds';
import type { Resource } from '../model/resource';
import type { Path } from '../parse/types';
import { defineRule } from './rule';
import {
  backendRefsOf, certificateRefsOf, kindName, LISTENER_SET, parentRefsOf, qualified, ROUTE_KINDS, X_LISTENER_SET,
} from './util/gateway-api-refs';
import { createGrantFix, describeGrant, grantFixes, grantFor, grantsIn, type GrantFrom, type GrantTo } from './util/reference-grants';

export default defineRule({
  code: 'MSH3005',
  name: 'gatewayapi-reference-not-granted',
  severity: 'error',
  reads: [...ROUTE_KINDS, K.Gateway, LISTENER_SET, X_LISTENER_SET, K.ReferenceGrant],
  docs: {
    summary: 'Every cross-namespace backendRef of a Gateway-bound route and every cross-namespace certificate reference is allowed by a ReferenceGrant in the target namespace.',
    rationale:
      'Gateway API ignores a reference into another namespace unless that namespace\'s owner allows it with a ReferenceGrant: the backend gets no traffic (ResolvedRefs: RefNotPermitted) and a listener without its certificate does not serve TLS.',
    seeAlso: ['https://gateway-api.sigs.k8s.io/api-types/referencegrant/'],
  },
  messages: {
    notGranted: '{from} "{referrer}" references {kind} "{target}" in another namespace, but no ReferenceGrant in namespace "{namespace}" allows it; create one there with spec {grant}.',
    notGrantedExisting: '{from} "{referrer}" references {kind} "{target}" in another namespace, but no ReferenceGrant in namespace "{namespace}" allows it (the ReferenceGrants there, {grants}, do not cover {grant}).',
  },
  check({ index, report }) {
    const check = (referrer: Resource, to: GrantTo, path: Path): void => {
      if (to.namespace === referrer.namespace) return;
      const fromKind = kindName(referrer.kind);
      const from: GrantFrom = { group: referrer.kind.slice(0, referrer.kind.indexOf('/')), kind: fromKind, namespace: referrer.namespace };
      if (grantFor(index, from, to)) return;
      const existing = grantsIn(index, to.namespace);
      report({
        subject: referrer.key,
        path: [...path, 'namespace'],
        messageId: existing.length === 0 ? 'notGranted' : 'notGrantedExisting',
        data: {
          from: fromKind, referrer: qualified(referrer.namespace, referrer.name), kind: to.kind, target: qualified(to.namespace, to.name),
          namespace: to.namespace, grant: describeGrant(from, to), grants: existing.map((g) => `"${g.name}"`).join(', '),
        },
        related: existing.map((g) => ({ subject: g.key, path: ['spec'], note: `ReferenceGrant ${qualified(g.namespace, g.name)}` })),
        fixes: ((extend) => (extend.length > 0 ? extend : [createGrantFix(from, to)]))(grantFixes(index, from, to)),
      });
    };
    for (const routeKind of ROUTE_KINDS) {
      for (const route of index.ofKind(routeKind)) {
        // Only routes bound to a Gateway (or ListenerSet) need grants for their backends.
        if (!parentRefsOf(route).some((p) => p.type === 'gateway' || p.type === 'listenerset')) continue;
        for (const ref of backendRefsOf(route)) {
          check(route, { group: ref.group, kind: ref.kind, namespace: ref.namespace, name: ref.name }, ref.path);
        }
      }
    }
    const owners: readonly Kind[] = [K.Gateway, LISTENER_SET, X_LISTENER_SET];
    for (const ownerKind of owners) {
      for (const owner of index.ofKind(ownerKind)) {
        for (const ref of certificateRefsOf(owner)) {
          check(owner, { group: ref.group, kind: ref.kind, namespace: ref.namespace, name: ref.name }, ref.path);
        }
      }
    }
  },
});
