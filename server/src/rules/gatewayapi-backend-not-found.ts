/**
 * A Gateway API route backendRef (or request mirror) that names a Service which does not exist,
 * or a port that Service does not expose. BackendRefs default to the core group and kind
 * Service; references to other kinds (ServiceImport, implementation-specific backends) are not
 * checked.
 */
import { K } from '../model/kinds';
import { defineRule } from './rule';
import { isServiceBackend, qualified, ROUTE_KINDS, backendRefsOf } from './util/gateway-api-refs';
import { servicePorts } from './util/services';

export default defineRule({
  code: 'MSH3004',
  name: 'gatewayapi-backend-not-found',
  severity: 'error',
  reads: [...ROUTE_KINDS, K.Service],
  docs: {
    summary: 'Every Service a Gateway API route sends or mirrors traffic to exists and exposes the port the route names.',
    rationale:
      'A backendRef to a missing Service or port is invalid: implementations answer the requests it would have received with an error (HTTP 500 for HTTPRoute), and a mirror to it is dropped.',
    seeAlso: ['https://gateway-api.sigs.k8s.io/reference/spec/#gateway.networking.k8s.io/v1.BackendRef'],
  },
  messages: {
    serviceNotFound: 'Service "{service}" does not exist, so requests routed here fail.',
    mirrorServiceNotFound: 'Mirror Service "{service}" does not exist, so mirrored requests are dropped.',
    portNotFound: 'Service "{service}" has no port {port}; it exposes {ports}.',
  },
  check({ index, report }) {
    // With no Service in view at all (a GitOps repository may keep them elsewhere), a missing
    // one proves nothing.
    if (!index.knows(K.Service)) return;
    for (const routeKind of ROUTE_KINDS) {
      for (const route of index.ofKind(routeKind)) {
        for (const ref of backendRefsOf(route)) {
          if (!isServiceBackend(ref)) continue;
          const service = index.get(K.Service, ref.namespace, ref.name);
          const name = qualified(ref.namespace, ref.name);
          if (!service) {
            report({ subject: route.key, path: [...ref.path, 'name'], messageId: ref.role === 'mirror' ? 'mirrorServiceNotFound' : 'serviceNotFound', data: { service: name } });
            continue;
          }
          if (ref.port === undefined) continue;
          const ports = servicePorts(service).map((p) => p.port);
          if (ports.includes(ref.port)) continue;
          report({
            subject: route.key, path: [...ref.path, 'port'], messageId: 'portNotFound',
            data: { service: name, port: ref.port, ports: ports.length === 0 ? 'no ports' : ports.join(', ') },
            related: [{ subject: service.key, path: ['spec', 'ports'], note: `the ports of Service ${name}` }],
            fixes: ports.map((p) => ({
              title: `Use port ${p}`,
              edits: [{ op: 'set' as const, path: [...ref.path, 'port'], value: p }],
              ...(ports.length === 1 ? { preferred: true } : {}),
            })),
          });
        }
      }
    }
  },
});
