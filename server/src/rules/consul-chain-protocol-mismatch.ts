/**
 * A Consul discovery chain that mixes protocols: a ServiceSplitter split, a ServiceRouter route
 * destination, or a ServiceResolver redirect or failover that sends a service's traffic to
 * another service with a different protocol. Consul compiles each chain for one protocol and
 * rejects entries that would make a chain inconsistent.
 */
import { K } from '../model/kinds';
import type { Resource } from '../model/resource';
import type { Path } from '../parse/types';
import { defineRule } from './rule';
import { consulProtocol, crossesBoundary, describeProtocolSource } from './util/consul';
import { asArray, asObject, asString, specOf } from './util/values';

/** One edge of a chain: the entry's service sends traffic to `target`. */
interface Edge {
  readonly target: string;
  readonly path: Path;
}

function edgesOf(entry: Resource): Edge[] {
  const out: Edge[] = [];
  const add = (ref: Readonly<Record<string, unknown>>, path: Path): void => {
    const target = asString(ref['service']);
    if (target !== undefined && target !== entry.name && !crossesBoundary(ref)) out.push({ target, path: [...path, 'service'] });
  };
  const spec = specOf(entry);
  if (entry.kind === K.ServiceSplitter) asArray(spec['splits']).forEach((s, i) => add(asObject(s), ['spec', 'splits', i]));
  if (entry.kind === K.ServiceRouter) asArray(spec['routes']).forEach((r, i) => add(asObject(asObject(r)['destination']), ['spec', 'routes', i, 'destination']));
  if (entry.kind === K.ServiceResolver) {
    add(asObject(spec['redirect']), ['spec', 'redirect']);
    for (const [key, raw] of Object.entries(asObject(spec['failover']))) {
      add(asObject(raw), ['spec', 'failover', key]);
      asArray(asObject(raw)['targets']).forEach((t, j) => add(asObject(t), ['spec', 'failover', key, 'targets', j]));
    }
  }
  return out;
}

export default defineRule({
  code: 'MSH5004',
  name: 'consul-chain-protocol-mismatch',
  severity: 'error',
  reads: [K.ServiceSplitter, K.ServiceRouter, K.ServiceResolver, K.ServiceDefaults, K.ProxyDefaults],
  docs: {
    summary: 'Every service a Consul splitter, router or resolver sends traffic to uses the same protocol as the service it serves.',
    rationale:
      'Consul compiles a service\'s discovery chain for one protocol; a split, route, redirect or failover to a service with another protocol makes the chain inconsistent, and Consul rejects the config entry.',
    seeAlso: ['https://developer.hashicorp.com/consul/docs/manage-traffic'],
  },
  messages: {
    mismatch: 'Service "{target}" uses protocol "{targetProtocol}" ({targetSource}), but "{service}" uses "{protocol}" ({source}); one discovery chain cannot mix protocols.',
  },
  check({ index, report }) {
    for (const kind of [K.ServiceSplitter, K.ServiceRouter, K.ServiceResolver]) {
      for (const entry of index.ofKind(kind)) {
        const edges = edgesOf(entry);
        if (edges.length === 0) continue;
        const own = consulProtocol(index, entry.name, entry.namespace);
        if (!own) continue;
        for (const edge of edges) {
          const theirs = consulProtocol(index, edge.target, entry.namespace);
          if (!theirs || theirs.protocol === own.protocol) continue;
          report({
            subject: entry.key, path: edge.path, messageId: 'mismatch',
            data: {
              target: edge.target, targetProtocol: theirs.protocol, targetSource: describeProtocolSource(theirs),
              service: entry.name, protocol: own.protocol, source: describeProtocolSource(own),
            },
            ...(theirs.entry ? { related: [{ subject: theirs.entry.key, path: ['spec'], note: `${theirs.source} ${theirs.entry.name}` }] } : {}),
          });
        }
      }
    }
  },
});
