/**
 * A mesh route (bound only to Services, GAMMA) that sets `hostnames`. The mesh spec tells
 * implementations not to infer anything from a mesh route's hostnames: the Service parent already
 * says which traffic the route applies to. Hostnames there are ignored, and an author who meant
 * them as a filter gets a route that matches every host.
 */
import { defineRule } from './rule';
import { HOSTNAME_ROUTE_KINDS, parentRefsOf } from './util/gateway-api-refs';
import { asArray, specOf } from './util/values';

export default defineRule({
  code: 'MSH3007',
  name: 'gatewayapi-mesh-route-hostnames',
  severity: 'warning',
  reads: [...HOSTNAME_ROUTE_KINDS],
  docs: {
    summary: 'A Gateway API route bound only to Services (a GAMMA mesh route) does not set `hostnames`, which mesh implementations ignore.',
    rationale:
      'For mesh routes the Service parentRef selects the traffic and `hostnames` has no defined meaning, so implementations ignore it; a hostname meant to narrow the route filters nothing. Match the Host header in `rules[].matches` instead.',
    seeAlso: ['https://gateway-api.sigs.k8s.io/geps/gep-1426/#hostnames-field'],
  },
  messages: {
    hostnamesIgnored: 'This route is bound only to Services, so its hostnames are ignored by the mesh; match the Host header instead if you meant to filter by host.',
  },
  check({ index, report }) {
    for (const routeKind of HOSTNAME_ROUTE_KINDS) {
      for (const route of index.ofKind(routeKind)) {
        const parents = parentRefsOf(route);
        if (parents.length === 0 || !parents.every((p) => p.type === 'service')) continue;
        if (asArray(specOf(route)['hostnames']).length === 0) continue;
        report({
          subject: route.key, path: ['spec', 'hostnames'], target: 'key', messageId: 'hostnamesIgnored',
          fixes: [{ title: 'Remove the ignored hostnames', edits: [{ op: 'delete', path: ['spec', 'hostnames'] }] }],
        });
      }
    }
  },
});
