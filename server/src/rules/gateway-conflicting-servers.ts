/**
 * Istio Gateways on the same gateway pods that open the same port for the same host.
 *
 * Linear in the number of servers: every server's claims are indexed by (port, bind, host), so a
 * server is compared only with the servers that claim one of its own hosts.
 */
import { K } from '../model/kinds';
import type { Resource } from '../model/resource';
import { defineRule } from './rule';
import { gatewaySelector } from './util/istio-gateway-workloads';
import { mapSelects, formatLabels } from './util/selectors';
import { asArray, asNumber, asObject, asString, asStrings, labelsOf, specOf } from './util/values';

interface ServerClaim {
  readonly gateway: Resource;
  readonly selector: Readonly<Record<string, string>>;
  readonly formatLabels: string;
}

/** The key a server claims a host under: the same port, bind address ('' when unset) and host. */
function claimKey(port: number, bind: string, host: string): string {
  return JSON.stringify([port, bind, host]);
}

export default defineRule({
  code: 'IST0145',
  istioName: 'ConflictingGateways',
  istioAnalyzer: 'gateway.ConflictingGatewayAnalyzer',
  name: 'gateway-conflicting-servers',
  severity: 'error',
  reads: [K.IstioGateway, K.Pod],
  docs: {
    summary: 'No two Istio Gateways for the same gateway pods open the same port for the same host and bind address.',
    rationale:
      'A gateway proxy can have only one server per host and port; when two Gateways claim it, one is dropped in no documented order and its routes stop working.',
    seeAlso: ['https://istio.io/latest/docs/reference/config/analysis/ist0145/'],
  },
  messages: {
    conflict: 'Port {port} for hosts {hosts} conflicts with Gateway(s) {gateways} on the same workload ({selector}).',
  },
  check({ index, report }) {
    const pods = index.ofKind(K.Pod).map(labelsOf);
    // (port, bind, host) -> the servers claiming it, in index order.
    const claims = new Map<string, ServerClaim[]>();
    for (const gateway of index.ofKind(K.IstioGateway)) {
      const selector = gatewaySelector(gateway);
      for (const server of asArray(specOf(gateway)['servers'])) {
        const s = asObject(server);
        const bind = asString(s['bind']) ?? '';
        const port = asNumber(asObject(s['port'])['number']) ?? 0;
        const claim: ServerClaim = { gateway, selector, formatLabels: formatLabels(selector) };
        for (const host of new Set(asStrings(s['hosts']))) {
          const key = claimKey(port, bind, host);
          const list = claims.get(key);
          if (list) list.push(claim);
          else claims.set(key, [claim]);
        }
      }
    }
    // Two selectors configure the same proxies when they are equal, or when one reads as part of
    // the other and some pod carries both.
    const sameWorkload = (a: ServerClaim, b: ServerClaim): boolean => {
      if (a.formatLabels === b.formatLabels) return true;
      if (!a.formatLabels.includes(b.formatLabels) && !b.formatLabels.includes(a.formatLabels)) return false;
      return pods.some((labels) => mapSelects(a.selector, labels) && mapSelects(b.selector, labels));
    };
    for (const gateway of index.ofKind(K.IstioGateway)) {
      const selector = gatewaySelector(gateway);
      asArray(specOf(gateway)['servers']).forEach((server, i) => {
        const s = asObject(server);
        const port = asNumber(asObject(s['port'])['number']) ?? 0;
        const bind = asString(s['bind']) ?? '';
        const hosts = asStrings(s['hosts']);
        const mine: ServerClaim = { gateway, selector, formatLabels: formatLabels(selector) };
        const others = new Set<string>();
        let firstHost = -1;
        // Hosts in order, so the first conflicting host is the first one found.
        hosts.forEach((host, h) => {
          for (const other of claims.get(claimKey(port, bind, host)) ?? []) {
            if (other.gateway.key === gateway.key || !sameWorkload(mine, other)) continue;
            others.add(`${other.gateway.namespace}/${other.gateway.name}`);
            if (firstHost === -1) firstHost = h;
          }
        });
        if (others.size === 0) return;
        report({
          subject: gateway.key,
          path: ['spec', 'servers', i, 'hosts', firstHost],
          messageId: 'conflict',
          data: { port, hosts: hosts.join(','), gateways: [...others].sort().join(','), selector: mine.formatLabels },
        });
      });
    }
  },
});
