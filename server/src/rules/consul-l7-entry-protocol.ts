/**
 * A Consul L7 config entry for a service whose protocol is not HTTP-based: a ServiceRouter, a
 * ServiceSplitter, or a ServiceIntentions with L7 `permissions`. Consul accepts these only for
 * services whose protocol (ServiceDefaults, else the global ProxyDefaults, else `tcp`) is http,
 * http2 or grpc. ServiceResolvers work at L4 too (subsets, redirects, failover), so they are not
 * flagged.
 */
import { K } from '../model/kinds';
import type { Fix } from '../findings/finding';
import type { Resource } from '../model/resource';
import type { Path } from '../parse/types';
import { defineRule } from './rule';
import { consulProtocol, describeProtocolSource, L7_PROTOCOLS, type ConsulProtocol } from './util/consul';
import { asArray, asObject, asString, specOf } from './util/values';

export default defineRule({
  code: 'MSH5003',
  name: 'consul-l7-entry-protocol',
  severity: 'error',
  reads: [K.ServiceRouter, K.ServiceSplitter, K.ServiceIntentions, K.ServiceDefaults, K.ProxyDefaults],
  docs: {
    summary: 'Consul ServiceRouters, ServiceSplitters and L7 intention permissions apply only to services whose protocol is http, http2 or grpc.',
    rationale:
      'Routing, splitting and L7 intentions act on HTTP requests; Consul rejects them for a service that speaks tcp (the default when neither ServiceDefaults nor ProxyDefaults sets a protocol), so the config entry never takes effect.',
    seeAlso: ['https://developer.hashicorp.com/consul/docs/reference/config-entry/service-router', 'https://developer.hashicorp.com/consul/docs/reference/config-entry/service-intentions'],
  },
  messages: {
    notL7: 'Service "{service}" uses protocol "{protocol}" ({source}), but a {entry} requires http, http2 or grpc.',
    permissionsNotL7: 'L7 permissions need destination "{service}" to use http, http2 or grpc, but it uses "{protocol}" ({source}).',
  },
  check({ index, report }) {
    const fixesFor = (p: ConsulProtocol): Fix[] => (p.source === 'ServiceDefaults' && p.entry?.origin.type === 'file'
      ? [{ title: `Set protocol: http in ServiceDefaults ${p.entry.name}`, edits: [{ op: 'set', subject: p.entry.key, path: ['spec', 'protocol'], value: 'http' }] }]
      : []);
    const relatedFor = (p: ConsulProtocol) => (p.entry ? [{ subject: p.entry.key, path: p.source === 'ServiceDefaults' ? ['spec', 'protocol'] : ['spec', 'config'], note: `${p.source} ${p.entry.name}` }] : []);
    const check = (entry: Resource, service: string, path: Path, messageId: 'notL7' | 'permissionsNotL7', label: string): void => {
      const p = consulProtocol(index, service, entry.namespace);
      if (!p || L7_PROTOCOLS.has(p.protocol)) return;
      report({
        subject: entry.key, path, target: 'key', messageId,
        data: { service, protocol: p.protocol, source: describeProtocolSource(p), entry: label },
        related: relatedFor(p), fixes: fixesFor(p),
      });
    };
    for (const router of index.ofKind(K.ServiceRouter)) check(router, router.name, ['spec', 'routes'], 'notL7', 'ServiceRouter');
    for (const splitter of index.ofKind(K.ServiceSplitter)) check(splitter, splitter.name, ['spec', 'splits'], 'notL7', 'ServiceSplitter');
    for (const intentions of index.ofKind(K.ServiceIntentions)) {
      const destination = asString(asObject(specOf(intentions)['destination'])['name']);
      // A wildcard destination cannot carry permissions at all: consul-intentions-invalid-source.
      if (destination === undefined || destination === '*') continue;
      asArray(specOf(intentions)['sources']).forEach((raw, i) => {
        if (asArray(asObject(raw)['permissions']).length === 0) return;
        check(intentions, destination, ['spec', 'sources', i, 'permissions'], 'permissionsNotL7', 'ServiceIntentions');
      });
    }
  },
});
