/**
 * An Argo Rollout whose Istio traffic routing points at a VirtualService that does not exist,
 * at routes that VirtualService does not have (HTTP route names, TLS routes by port and SNI
 * hosts, TCP routes by port), omits `routes` while the VirtualService has several HTTP routes,
 * or manages a route that lacks a destination for the stable or canary Service (or subset).
 */
import { K } from '../model/kinds';
import type { Fix } from '../findings/finding';
import { defineRule } from './rule';
import {
  hostServiceName, httpRouteIndex, managedRoutes, rolloutDestinationRule, rolloutVirtualServices, stableAndCanary, tcpRouteIndexes, tlsRouteIndexes,
} from './util/argo-rollouts';
import { asArray, asObject, asString, specOf } from './util/values';

export default defineRule({
  code: 'MSH7001',
  name: 'rollout-virtualservice-ref',
  severity: 'error',
  reads: [K.Rollout, K.VirtualService],
  docs: {
    summary: 'Every VirtualService an Argo Rollout routes through exists, has the routes the Rollout names, and those routes send to both the stable and the canary destination.',
    rationale:
      'Argo Rollouts shifts traffic by rewriting the weights of named VirtualService routes; a missing VirtualService or route, an ambiguous default route, or a route without both destinations makes the Rollout fail to set weights, so it stalls or aborts with the canary taking no (or all) traffic.',
    seeAlso: ['https://argoproj.github.io/argo-rollouts/features/traffic-management/istio/'],
  },
  messages: {
    vsNotFound: 'VirtualService "{namespace}/{name}" does not exist, so the Rollout cannot set traffic weights.',
    routeNotFound: 'VirtualService "{vs}" has no HTTP route named "{route}"; its named routes are {routes}.',
    routesRequired: 'VirtualService "{vs}" has {count} HTTP routes; name the ones to manage in `routes` (Argo manages the only route only when there is exactly one).',
    tlsRouteNotFound: 'VirtualService "{vs}" has no TLS route on port {port} with exactly the SNI hosts {hosts}.',
    tcpRouteNotFound: 'VirtualService "{vs}" has no TCP route on port {port}.',
    destinationMissing: 'Route {route} of VirtualService "{vs}" has no destination for the {role} {what} "{expected}"; Argo Rollouts needs both the stable and the canary destination in each managed route.',
  },
  check({ index, report }) {
    if (!index.knows(K.VirtualService)) return;
    for (const rollout of index.ofKind(K.Rollout)) {
      const services = stableAndCanary(rollout);
      const dr = rolloutDestinationRule(rollout);
      for (const ref of rolloutVirtualServices(rollout)) {
        const vs = index.get(K.VirtualService, ref.namespace, ref.name);
        const vsName = `${ref.namespace}/${ref.name}`;
        if (!vs) {
          report({ subject: rollout.key, path: [...ref.path, 'name'], messageId: 'vsNotFound', data: { namespace: ref.namespace, name: ref.name } });
          continue;
        }
        const related = [{ subject: vs.key, path: ['spec'], note: `VirtualService ${vsName}` }];
        const http = asArray(specOf(vs)['http']);
        const names = http.map((r) => asString(asObject(r)['name'])).filter((n): n is string => n !== undefined);
        (ref.routes ?? []).forEach((route, i) => {
          if (httpRouteIndex(vs, route) >= 0) return;
          report({
            subject: rollout.key, path: [...ref.path, 'routes', i], messageId: 'routeNotFound', related,
            data: { vs: vsName, route, routes: names.length === 0 ? 'none' : names.map((n) => `"${n}"`).join(', ') },
            fixes: names.map((n): Fix => ({
              title: `Manage route "${n}"`, edits: [{ op: 'set', path: [...ref.path, 'routes', i], value: n }], ...(names.length === 1 ? { preferred: true } : {}),
            })),
          });
        });
        if (ref.routes === undefined && ref.tlsRoutes.length === 0 && ref.tcpRoutes.length === 0 && http.length > 1) {
          report({
            subject: rollout.key, path: [...ref.path, 'name'], messageId: 'routesRequired', related, data: { vs: vsName, count: http.length },
            fixes: names.map((n): Fix => ({ title: `Manage route "${n}"`, edits: [{ op: 'set', path: [...ref.path, 'routes'], value: [n] }] })),
          });
        }
        ref.tlsRoutes.forEach((t, i) => {
          if (tlsRouteIndexes(vs, t).length > 0) return;
          report({
            subject: rollout.key, path: [...ref.path, 'tlsRoutes', i], messageId: 'tlsRouteNotFound', related,
            data: { vs: vsName, port: t.port ?? 'any', hosts: t.sniHosts.length === 0 ? '(any)' : t.sniHosts.join(', ') },
          });
        });
        ref.tcpRoutes.forEach((t, i) => {
          if (tcpRouteIndexes(vs, t.port).length > 0) return;
          report({ subject: rollout.key, path: [...ref.path, 'tcpRoutes', i], messageId: 'tcpRouteNotFound', related, data: { vs: vsName, port: t.port ?? 'any' } });
        });
        // Each managed route must carry both destinations: by subset with a DestinationRule,
        // by host (the Service's name) without.
        const byRole = dr
          ? dr.subsets.filter((s) => s.key !== 'additionalSubsetNames').map((s) => ({ role: s.key === 'canarySubsetName' ? 'canary' : 'stable', what: 'subset', expected: s.name }))
          : services ? [{ role: 'stable', what: 'Service', expected: services.stable }, { role: 'canary', what: 'Service', expected: services.canary }] : [];
        for (const managed of managedRoutes(ref, vs)) {
          const route = asObject(asArray(specOf(vs)[managed.protocol])[managed.index]);
          const destinations = asArray(route['route']).map((d) => asObject(asObject(d)['destination']));
          const label = asString(route['name']) !== undefined ? `"${asString(route['name'])}"` : `${managed.protocol}[${managed.index}]`;
          for (const want of byRole) {
            const found = destinations.some((d) => (want.what === 'subset'
              ? asString(d['subset']) === want.expected
              : hostServiceName(asString(d['host']) ?? '') === want.expected));
            if (found) continue;
            // On the route when the VirtualService is written in a file; on the Rollout's
            // reference when it is known only from the cluster.
            const inFile = vs.origin.type === 'file';
            report({
              subject: inFile ? vs.key : rollout.key,
              path: inFile ? ['spec', managed.protocol, managed.index, 'route'] : [...ref.path, 'name'],
              ...(inFile ? { target: 'key' as const } : {}),
              messageId: 'destinationMissing',
              data: { route: label, vs: vsName, role: want.role, what: want.what, expected: want.expected },
              related: inFile ? [{ subject: rollout.key, path: ref.path, note: `managed by Rollout ${rollout.namespace}/${rollout.name}` }] : related,
            });
          }
        }
      }
    }
  },
});
