/**
 * Several VirtualServices for the mesh's sidecars claiming the same host in the same namespace.
 */
import { K } from '../model/kinds';
import type { Resource } from '../model/resource';
import { defineRule } from './rule';
import { MESH_GATEWAY } from './util/istio-gateway-refs';
import { fqdn, hostsOverlap } from './util/hosts';
import { asStrings, specOf } from './util/values';

const ALL = '*';

/** Whether a VirtualService applies to sidecars: no `gateways`, or `mesh` among them. */
function boundToMesh(vs: Resource): boolean {
  const gateways = asStrings(specOf(vs)['gateways']);
  return gateways.length === 0 || gateways.includes(MESH_GATEWAY);
}

/** The namespaces a VirtualService is exported to, or ['*'] for all of them. */
function exportScopes(vs: Resource): string[] {
  const exportTo = asStrings(specOf(vs)['exportTo']);
  if (exportTo.length === 0 || exportTo.includes(ALL)) return [ALL];
  return [...new Set(exportTo.map((e) => (e === '.' ? vs.namespace : e)))];
}

interface Claim {
  readonly vs: Resource;
  /** Index of the host in `spec.hosts`. */
  readonly hostIndex: number;
}

export default defineRule({
  code: 'IST0109',
  istioName: 'ConflictingMeshGatewayVirtualServiceHosts',
  istioAnalyzer: 'virtualservice.ConflictingMeshGatewayHostsAnalyzer',
  name: 'virtualservice-conflicting-mesh-gateway-hosts',
  severity: 'error',
  reads: [K.VirtualService],
  docs: {
    summary: 'At most one VirtualService bound to the mesh defines a given host for a given namespace.',
    rationale:
      'Sidecars do not merge VirtualServices: when two of them claim the same host for the same clients, one is picked in no documented order and the other\'s routes silently disappear.',
    seeAlso: ['https://istio.io/latest/docs/reference/config/analysis/ist0109/'],
  },
  messages: {
    conflictingHosts: 'VirtualServices {virtualServices} bound to the mesh all define host "{host}"; merge them into one VirtualService.',
  },
  check({ index, report }) {
    // scope + FQDN -> the VirtualServices claiming it there.
    const claims = new Map<string, { scope: string; host: string; claims: Claim[] }>();
    for (const vs of index.ofKind(K.VirtualService)) {
      if (!boundToMesh(vs)) continue;
      asStrings(specOf(vs)['hosts']).forEach((h, hostIndex) => {
        const host = fqdn(h, vs.namespace);
        for (const scope of exportScopes(vs)) {
          const key = `${scope}/${host}`;
          let group = claims.get(key);
          if (!group) claims.set(key, (group = { scope, host, claims: [] }));
          if (!group.claims.some((c) => c.vs.key === vs.key)) group.claims.push({ vs, hostIndex });
        }
      });
    }
    const exportedToAll = [...claims.values()].filter((g) => g.scope === ALL);
    const reported = new Set<string>();
    for (const group of claims.values()) {
      let members = group.claims;
      // A host claimed for one namespace also competes with claims made for every namespace.
      if (group.scope !== ALL) {
        const wide = exportedToAll.filter((g) => hostsOverlap(group.host, g.host)).flatMap((g) => g.claims);
        members = [...members, ...wide.filter((c) => !members.some((m) => m.vs.key === c.vs.key))];
      }
      if (members.length < 2) continue;
      const names = members.map((m) => `${m.vs.namespace}/${m.vs.name}`).join(', ');
      for (const m of members) {
        if (reported.has(m.vs.key)) continue;
        reported.add(m.vs.key);
        report({
          subject: m.vs.key,
          path: ['spec', 'hosts', m.hostIndex],
          messageId: 'conflictingHosts',
          data: { virtualServices: names, host: group.host },
          related: members.filter((o) => o.vs.key !== m.vs.key).map((o) => ({ subject: o.vs.key, path: ['spec', 'hosts', o.hostIndex], note: `also defines ${group.host}` })),
        });
      }
    }
  },
});
