/**
 * A gateway-bound VirtualService routing to a host without a subset, while another
 * VirtualService splits that host's traffic by subset: requests from the gateway skip the split.
 */
import { K } from '../model/kinds';
import type { Resource } from '../model/resource';
import { defineRule } from './rule';
import { fqdn } from './util/hosts';
import { asArray, asObject, asString, asStrings, specOf } from './util/values';

/** A subset route a VirtualService defines for one of its own hosts. */
interface SubsetRoute {
  readonly vs: Resource;
  readonly host: string;
  readonly subset: string;
}

interface HttpDestination {
  readonly host: string;
  readonly subset: string | undefined;
  readonly path: (string | number)[];
}

/**
 * The http route destinations of `vs`, with host (expanded) and subset. Kept per VirtualService
 * object: the rule walks every VirtualService after each edit of one.
 */
function httpDestinations(vs: Resource): readonly HttpDestination[] {
  let found = destinations.get(vs);
  if (!found) destinations.set(vs, (found = readHttpDestinations(vs)));
  return found;
}

const destinations = new WeakMap<Resource, readonly HttpDestination[]>();

function readHttpDestinations(vs: Resource): HttpDestination[] {
  const out: HttpDestination[] = [];
  asArray(specOf(vs)['http']).forEach((rule, i) => {
    asArray(asObject(rule)['route']).forEach((entry, j) => {
      const destination = asObject(asObject(entry)['destination']);
      const host = asString(destination['host']);
      if (host !== undefined) out.push({ host: fqdn(host, vs.namespace), subset: asString(destination['subset']), path: ['spec', 'http', i, 'route', j, 'destination', 'host'] });
    });
  });
  return out;
}

export default defineRule({
  code: 'IST0140',
  istioName: 'IngressRouteRulesNotAffected',
  istioAnalyzer: 'virtualservice.DestinationHostAnalyzer',
  name: 'virtualservice-ingress-ignores-subset-routing',
  severity: 'warning',
  reads: [K.VirtualService],
  docs: {
    summary: 'A VirtualService bound to a gateway routes to a subset when another VirtualService splits that host\'s traffic by subset.',
    rationale:
      'A gateway applies only the VirtualServices bound to it: its requests go straight to every endpoint of the destination host, so the subset split that the host\'s own VirtualService defines (a canary, a version pin) does not apply to them.',
    seeAlso: ['https://istio.io/latest/docs/reference/config/analysis/ist0140/'],
  },
  messages: {
    subsetRoutingIgnored:
      'Requests from the gateway go to every endpoint of "{host}": the routing to subset "{subset}" in VirtualService {other} does not apply to them.',
  },
  check({ index, report }) {
    const vss = index.ofKind(K.VirtualService);
    // Subset routes each VirtualService defines for a host it owns (one of its `hosts`), by host.
    const subsetRoutes = new Map<string, SubsetRoute[]>();
    for (const vs of vss) {
      const own = new Set(asStrings(specOf(vs)['hosts']).map((h) => fqdn(h, vs.namespace)));
      for (const d of httpDestinations(vs)) {
        if (d.subset === undefined || !own.has(d.host)) continue;
        const route: SubsetRoute = { vs, host: d.host, subset: d.subset };
        const list = subsetRoutes.get(d.host);
        if (list) list.push(route);
        else subsetRoutes.set(d.host, [route]);
      }
    }
    for (const vs of vss) {
      // Only gateway proxies skip other VirtualServices; the mesh's sidecars apply them all.
      if (!asStrings(specOf(vs)['gateways']).some((g) => g !== 'mesh')) continue;
      for (const d of httpDestinations(vs)) {
        if (d.subset !== undefined) continue;
        const seen = new Set<string>();
        for (const s of subsetRoutes.get(d.host) ?? []) {
          const key = `${s.vs.key}|${s.subset}`;
          // A VirtualService's own subset routes apply wherever it is bound, gateways included.
          if (s.vs.key === vs.key || seen.has(key)) continue;
          seen.add(key);
          report({
            subject: vs.key,
            path: d.path,
            messageId: 'subsetRoutingIgnored',
            data: { host: d.host, subset: s.subset, other: `${s.vs.namespace}/${s.vs.name}` },
            related: [{ subject: s.vs.key, path: ['spec', 'hosts'], note: `routes ${d.host} by subset` }],
          });
        }
      }
    }
  },
});
