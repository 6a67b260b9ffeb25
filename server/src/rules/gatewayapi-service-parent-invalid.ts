/**
 * GAMMA (Gateway API for service mesh) misuse: a route bound to a Service as its parent.
 *
 * What is checked, from the mesh spec (GEP-1426 and the GAMMA docs):
 * - `kind: Service` without `group: ""`: parentRefs default to the Gateway API group, so this
 *   names a `gateway.networking.k8s.io` Service, which no API serves;
 * - the Service must exist (when any Service is in view), and must have a frontend: headless
 *   (`clusterIP: None`) and ExternalName Services are not supported as parents;
 * - `port` must be a port of the Service and `sectionName` the name of one (both: the same one).
 *
 * What is deliberately not flagged: a Service in another namespace (a consumer route, which is
 * valid and scoped to the route's namespace), and a route with both Gateway and Service parents
 * (allowed by the API; its hostnames apply to the Gateway side only, which
 * gatewayapi-mesh-route-hostnames covers for pure mesh routes).
 */
import { K } from '../model/kinds';
import { defineRule } from './rule';
import { GATEWAY_API_GROUP, parentRefsOf, qualified, ROUTE_KINDS } from './util/gateway-api-refs';
import { servicePorts } from './util/services';
import { asString, specOf } from './util/values';

export default defineRule({
  code: 'MSH3006',
  name: 'gatewayapi-service-parent-invalid',
  severity: 'error',
  reads: [...ROUTE_KINDS, K.Service],
  docs: {
    summary: 'A Gateway API route bound to a Service (GAMMA) names an existing ClusterIP Service in the core group, and one of its ports.',
    rationale:
      'A mesh route attaches to the Service frontend its parentRef names: without `group: ""` the reference names no API, a missing, headless or ExternalName Service has no frontend to attach to, and a port the Service lacks selects nothing, so the route never applies.',
    seeAlso: ['https://gateway-api.sigs.k8s.io/mesh/', 'https://gateway-api.sigs.k8s.io/geps/gep-1426/'],
  },
  messages: {
    gatewayGroup: '`kind: Service` in group "{group}" names no API; set `group: ""` to bind this route to the core Service "{service}".',
    serviceNotFound: 'Service "{service}" does not exist, so this mesh route attaches to nothing.',
    noFrontend: 'Service "{service}" is {type}, which has no cluster IP for a mesh route to attach to.',
    portNotFound: 'Service "{service}" has no port {port}; it exposes {ports}.',
    sectionNotFound: 'Service "{service}" has no port named "{sectionName}"; its port names are {names}.',
    sectionPortMismatch: 'Port "{sectionName}" of Service "{service}" is {actual}, not {port}.',
  },
  check({ index, report }) {
    for (const routeKind of ROUTE_KINDS) {
      for (const route of index.ofKind(routeKind)) {
        for (const ref of parentRefsOf(route)) {
          const service = qualified(ref.namespace, ref.name);
          if (ref.kind === 'Service' && ref.group === GATEWAY_API_GROUP) {
            report({
              subject: route.key, path: [...ref.path, ref.groupWritten ? 'group' : 'kind'], messageId: 'gatewayGroup',
              data: { group: ref.group, service },
              fixes: [{ title: 'Set group: "" (core Service)', preferred: true, edits: [{ op: 'set', path: [...ref.path, 'group'], value: '' }] }],
            });
            continue;
          }
          if (ref.type !== 'service' || !index.knows(K.Service)) continue;
          const svc = index.get(K.Service, ref.namespace, ref.name);
          if (!svc) {
            report({ subject: route.key, path: [...ref.path, 'name'], messageId: 'serviceNotFound', data: { service } });
            continue;
          }
          const spec = specOf(svc);
          const type = asString(spec['type']) === 'ExternalName' ? 'an ExternalName Service' : spec['clusterIP'] === 'None' ? 'headless (clusterIP: None)' : undefined;
          if (type !== undefined) {
            report({
              subject: route.key, path: [...ref.path, 'name'], messageId: 'noFrontend', data: { service, type },
              related: [{ subject: svc.key, path: ['spec'], note: `Service ${service}` }],
            });
            continue;
          }
          const ports = servicePorts(svc);
          const related = [{ subject: svc.key, path: ['spec', 'ports'], note: `the ports of Service ${service}` }];
          if (ref.sectionName !== undefined) {
            const named = ports.find((p) => p.name === ref.sectionName);
            if (!named) {
              const names = ports.map((p) => p.name).filter((n): n is string => n !== undefined);
              report({
                subject: route.key, path: [...ref.path, 'sectionName'], messageId: 'sectionNotFound',
                data: { service, sectionName: ref.sectionName, names: names.length === 0 ? 'none' : names.map((n) => `"${n}"`).join(', ') },
                related,
                fixes: names.map((n) => ({
                  title: `Use port "${n}"`, edits: [{ op: 'set' as const, path: [...ref.path, 'sectionName'], value: n }],
                  ...(names.length === 1 ? { preferred: true } : {}),
                })),
              });
            } else if (ref.port !== undefined && named.port !== ref.port) {
              report({
                subject: route.key, path: [...ref.path, 'port'], messageId: 'sectionPortMismatch',
                data: { service, sectionName: ref.sectionName, actual: named.port, port: ref.port }, related,
                fixes: [{ title: `Use port ${named.port}`, preferred: true, edits: [{ op: 'set', path: [...ref.path, 'port'], value: named.port }] }],
              });
            }
            continue;
          }
          if (ref.port !== undefined && !ports.some((p) => p.port === ref.port)) {
            const numbers = ports.map((p) => p.port);
            report({
              subject: route.key, path: [...ref.path, 'port'], messageId: 'portNotFound',
              data: { service, port: ref.port, ports: numbers.length === 0 ? 'no ports' : numbers.join(', ') }, related,
              fixes: numbers.map((n) => ({
                title: `Use port ${n}`, edits: [{ op: 'set' as const, path: [...ref.path, 'port'], value: n }],
                ...(numbers.length === 1 ? { preferred: true } : {}),
              })),
            });
          }
        }
      }
    }
  },
});
