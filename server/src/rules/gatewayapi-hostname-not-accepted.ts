/**
 * Route hostnames that no listener the route attaches to accepts. A listener accepts a route
 * hostname when the two intersect (util/hostname-intersection.ts); a listener without a hostname
 * accepts all. Per parent: when none of the route's hostnames intersects any admitting listener,
 * that parent does not accept the route. Per hostname: a hostname that intersects no admitting
 * listener of any parent is ignored, so requests for it are not served.
 */
import { K } from '../model/kinds';
import type { Path } from '../parse/types';
import { defineRule } from './rule';
import { HOSTNAME_ROUTE_KINDS, kindName, LISTENER_SET, parentRefsOf, qualified, X_LISTENER_SET } from './util/gateway-api-refs';
import { listenerAdmitsKind, listenerAdmitsNamespace, listenersOf, resolveListenerOwner, selectListeners, type Listener } from './util/gateway-api-listeners';
import { listenerAcceptsHostname } from './util/hostname-intersection';
import { asArray, specOf } from './util/values';

export default defineRule({
  code: 'MSH3003',
  name: 'gatewayapi-hostname-not-accepted',
  severity: 'error',
  reads: [...HOSTNAME_ROUTE_KINDS, K.Gateway, LISTENER_SET, X_LISTENER_SET, K.Namespace],
  docs: {
    summary: 'Every hostname of an HTTPRoute, GRPCRoute or TLSRoute intersects the hostname of a listener the route attaches to.',
    rationale:
      'When both a listener and a route name hostnames, the route serves only the hostnames that intersect the listener\'s: others are ignored, and a route with no intersecting hostname is not accepted by that Gateway at all.',
    seeAlso: ['https://gateway-api.sigs.k8s.io/reference/spec/#gateway.networking.k8s.io/v1.HTTPRouteSpec'],
  },
  messages: {
    noHostnameAccepted: 'No listener of {parent} that admits this route accepts any of its hostnames ({hostnames}); listener hostnames: {listenerHostnames}.',
    hostnameIgnored: 'Hostname "{hostname}" matches no listener hostname of the Gateways this route attaches to ({listenerHostnames}), so it is ignored.',
  },
  check({ index, report }) {
    for (const routeKind of HOSTNAME_ROUTE_KINDS) {
      for (const route of index.ofKind(routeKind)) {
        const hostnames: { name: string; path: Path }[] = [];
        asArray(specOf(route)['hostnames']).forEach((h, i) => {
          if (typeof h === 'string' && h !== '') hostnames.push({ name: h, path: ['spec', 'hostnames', i] });
        });
        if (hostnames.length === 0) continue;
        // Listeners of parents that accept at least one hostname.
        const serving: Listener[] = [];
        for (const ref of parentRefsOf(route)) {
          const owner = resolveListenerOwner(index, ref);
          if (!owner) continue;
          // Listeners that admit the route by kind and namespace, or might.
          const admitting = selectListeners(listenersOf(owner), ref).filter((l) =>
            listenerAdmitsKind(l, routeKind) !== false && listenerAdmitsNamespace(index, l, route.namespace) !== false);
          if (admitting.length === 0) continue;
          if (hostnames.some((h) => admitting.some((l) => listenerAcceptsHostname(l.hostname, h.name)))) {
            serving.push(...admitting);
            continue;
          }
          report({
            subject: route.key, path: [...ref.path, 'name'], messageId: 'noHostnameAccepted',
            data: {
              parent: `${kindName(owner.kind)} "${qualified(owner.namespace, owner.name)}"`,
              hostnames: hostnames.map((h) => `"${h.name}"`).join(', '), listenerHostnames: describeHostnames(admitting),
            },
            related: admitting.map((l) => ({ subject: owner.key, path: [...l.path, 'hostname'], note: `listener "${l.name}"` })),
          });
        }
        // Without a serving parent the per-parent findings (or other rules) say it all.
        if (serving.length === 0) continue;
        for (const h of hostnames) {
          if (serving.some((l) => listenerAcceptsHostname(l.hostname, h.name))) continue;
          report({ subject: route.key, path: h.path, messageId: 'hostnameIgnored', data: { hostname: h.name, listenerHostnames: describeHostnames(serving) } });
        }
      }
    }
  },
});

function describeHostnames(listeners: readonly Listener[]): string {
  return [...new Set(listeners.map((l) => (l.hostname === undefined ? 'any' : `"${l.hostname}"`)))].join(', ');
}
