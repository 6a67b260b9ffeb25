/**
 * A VirtualService route or mirror whose destination host names no Service or ServiceEntry that
 * its namespace can see, or names a port that service does not expose.
 */
import { K } from '../model/kinds';
import type { Resource } from '../model/resource';
import type { Path } from '../parse/types';
import { defineRule } from './rule';
import { IstioServiceRegistry } from './util/istio-service-registry';
import { asArray, asNumber, asObject, asStrings, isObject, specOf } from './util/values';
import { routeDestinations } from './util/virtualservice';

/** Route entries written without a `destination` (or with an empty one): they send nowhere. */
function emptyRouteEntries(vs: Resource): Path[] {
  const out: Path[] = [];
  const spec = specOf(vs);
  for (const protocol of ['http', 'tcp', 'tls'] as const) {
    asArray(spec[protocol]).forEach((rule, i) => {
      asArray(asObject(rule)['route']).forEach((entry, j) => {
        const destination = asObject(entry)['destination'];
        if (!isObject(destination) || Object.keys(destination).length === 0) out.push(['spec', protocol, i, 'route', j]);
      });
    });
  }
  return out;
}

export default defineRule({
  code: 'IST0101',
  istioName: 'ReferencedResourceNotFound',
  istioAnalyzer: 'virtualservice.DestinationHostAnalyzer',
  name: 'virtualservice-destination-host-not-found',
  severity: 'error',
  reads: [K.VirtualService, K.Service, K.ServiceEntry, K.MeshConfig],
  docs: {
    summary: 'Every VirtualService route and mirror destination names a host, and a port, that a Service or ServiceEntry visible to it provides.',
    rationale:
      'Istio builds an upstream cluster only for hosts in its registry; a route to any other host gets no cluster and its requests fail with 503 (no route), and a mirror to it is silently dropped.',
    seeAlso: ['https://istio.io/latest/docs/reference/config/analysis/ist0101/'],
  },
  messages: {
    hostNotFound: 'Destination host "{host}" matches no Service or ServiceEntry visible from namespace "{namespace}".',
    mirrorHostNotFound: 'Mirror host "{host}" matches no Service or ServiceEntry visible from namespace "{namespace}".',
    noDestination: 'This route entry has no destination host.',
    portNotFound: 'Host "{host}" has no port {port}; it exposes {ports}.',
  },
  check({ index, report }) {
    // Without any Service known (no cluster, none in the workspace) an unresolved host proves
    // nothing: the Service may simply not be in view.
    if (!index.knows(K.Service)) return;
    const registry = IstioServiceRegistry.of(index);
    for (const vs of index.ofKind(K.VirtualService)) {
      const exportTo = asStrings(specOf(vs)['exportTo']);
      for (const path of emptyRouteEntries(vs)) report({ subject: vs.key, path, messageId: 'noDestination' });
      for (const d of routeDestinations(vs)) {
        const host = d.host ?? '';
        const entry = registry.lookup(host, vs.namespace, exportTo);
        if (!entry) {
          if (host === '') report({ subject: vs.key, path: d.path, messageId: 'noDestination' });
          else {
            report({
              subject: vs.key,
              path: [...d.path, 'host'],
              messageId: d.role === 'mirror' ? 'mirrorHostNotFound' : 'hostNotFound',
              data: { host, namespace: vs.namespace },
            });
          }
          continue;
        }
        const port = asNumber(asObject(d.destination['port'])['number']);
        if (port === undefined) continue;
        const numbers = entry.ports.map((p) => p.number);
        if (numbers.includes(port)) continue;
        report({
          subject: vs.key,
          path: [...d.path, 'port', 'number'],
          messageId: 'portNotFound',
          data: { host, port, ports: numbers.length === 0 ? 'no ports' : numbers.join(', ') },
          fixes: numbers.map((n) => ({
            title: `Use port ${n}`,
            edits: [{ op: 'set' as const, path: [...d.path, 'port', 'number'], value: n }],
            ...(numbers.length === 1 ? { preferred: true } : {}),
          })),
        });
      }
    }
  },
});
