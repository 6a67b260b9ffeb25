/**
 * A VirtualService destination without a port, on a service that exposes several ports.
 */
import { K } from '../model/kinds';
import type { Resource } from '../model/resource';
import type { ResourceIndex } from '../model/resource-index';
import { SubjectMemo } from './engine/memo';
import { defineRule, type RuleFinding } from './rule';
import { IstioServiceRegistry } from './util/istio-service-registry';
import { asNumber, asObject, asStrings, specOf } from './util/values';
import { routeDestinations } from './util/virtualservice';

export default defineRule({
  code: 'IST0112',
  istioName: 'VirtualServiceDestinationPortSelectorRequired',
  istioAnalyzer: 'virtualservice.DestinationHostAnalyzer',
  name: 'virtualservice-destination-port-required',
  severity: 'error',
  reads: [K.VirtualService, K.Service, K.ServiceEntry, K.MeshConfig],
  docs: {
    summary: 'A destination on a service with several ports names the port to use.',
    rationale:
      'When the destination service exposes more than one port, Istio cannot tell which one a route without `port` means, and the route does not apply as intended.',
    seeAlso: ['https://istio.io/latest/docs/reference/config/analysis/ist0112/'],
  },
  messages: {
    portRequired: 'Host "{host}" exposes ports {ports}; name the one this destination uses in `port.number`.',
  },
  check({ index, report }) {
    const memo = perVirtualService.over(index);
    for (const vs of index.ofKind(K.VirtualService)) for (const f of memo.get(vs, findingsOf)) report(f);
  },
});

/**
 * What the rule finds about one VirtualService depends on it and the service registry (Services,
 * ServiceEntries, mesh config), so it is kept while none of them changes (engine/memo.ts).
 */
const perVirtualService = new SubjectMemo<RuleFinding<'portRequired'>[]>();

function findingsOf(index: ResourceIndex, vs: Resource): RuleFinding<'portRequired'>[] {
  const out: RuleFinding<'portRequired'>[] = [];
  const registry = IstioServiceRegistry.of(index);
  const exportTo = asStrings(specOf(vs)['exportTo']);
  for (const d of routeDestinations(vs)) {
    if (d.host === undefined || asNumber(asObject(d.destination['port'])['number']) !== undefined) continue;
    const entry = registry.lookup(d.host, vs.namespace, exportTo);
    if (!entry || entry.ports.length < 2) continue;
    const numbers = entry.ports.map((p) => p.number);
    out.push({
      subject: vs.key,
      path: [...d.path, 'host'],
      messageId: 'portRequired',
      data: { host: d.host, ports: numbers.join(', ') },
      fixes: numbers.map((n) => ({
        title: `Route to port ${n}`,
        edits: [{ op: 'set' as const, path: [...d.path, 'port'], value: { number: n } }],
      })),
    });
  }
  return out;
}
