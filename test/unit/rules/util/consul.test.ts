import assert from 'node:assert/strict';
import { test } from 'node:test';
import { WorkspaceIndex } from '../../../../server/src/model/workspace-index';
import { parseFile } from '../../../../server/src/parse/file';
import { DEFAULT_LIMITS } from '../../../../server/src/parse/limits';
import { consulProtocol, consulResolver, crossesBoundary, resolverSubsets } from '../../../../server/src/rules/util/consul';

function index(text: string): WorkspaceIndex {
  const i = new WorkspaceIndex();
  i.setFile('consul.yaml', parseFile(text, DEFAULT_LIMITS));
  return i;
}

const ENTRIES = `
apiVersion: consul.hashicorp.com/v1alpha1
kind: ServiceDefaults
metadata: {name: web, namespace: shop}
spec: {protocol: HTTP}
---
apiVersion: consul.hashicorp.com/v1alpha1
kind: ServiceDefaults
metadata: {name: inherits, namespace: shop}
spec: {}
---
apiVersion: consul.hashicorp.com/v1alpha1
kind: ServiceDefaults
metadata: {name: split, namespace: a}
spec: {protocol: http}
---
apiVersion: consul.hashicorp.com/v1alpha1
kind: ServiceDefaults
metadata: {name: split, namespace: b}
spec: {protocol: grpc}
---
apiVersion: consul.hashicorp.com/v1alpha1
kind: ProxyDefaults
metadata: {name: global, namespace: consul}
spec: {config: {protocol: http2}}
---
apiVersion: consul.hashicorp.com/v1alpha1
kind: ServiceResolver
metadata: {name: web, namespace: shop}
spec: {subsets: {v1: {filter: "Service.Meta.version == v1"}, v2: {}}}
`;

test('consul protocol: ServiceDefaults, else the global ProxyDefaults, else tcp; disagreement is unknown', () => {
  const i = index(ENTRIES);
  const rows: [string, string, string | undefined, string | undefined][] = [
    // service, referrer namespace, protocol, source
    ['web', 'shop', 'http', 'ServiceDefaults'],
    ['web', 'elsewhere', 'http', 'ServiceDefaults'],
    ['inherits', 'shop', 'http2', 'ProxyDefaults'],
    ['unknown-service', 'shop', 'http2', 'ProxyDefaults'],
    ['split', 'a', 'http', 'ServiceDefaults'],
    ['split', 'c', undefined, undefined],
  ];
  for (const [service, ns, protocol, source] of rows) {
    const p = consulProtocol(i, service, ns);
    assert.equal(p?.protocol, protocol, `${service} from ${ns}`);
    assert.equal(p?.source, source, `${service} from ${ns}`);
  }
  const noProxy = index(ENTRIES.replace(/kind: ProxyDefaults[\s\S]*?---/, 'kind: ConfigMap\nmetadata: {name: x}\n---'));
  assert.deepEqual(consulProtocol(noProxy, 'unknown-service', 'shop'), { protocol: 'tcp', source: 'default' });
  // With no Consul defaults in view at all, the protocol is unknown.
  assert.equal(consulProtocol(index('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n'), 'web', 'shop'), undefined);
});

test('consul resolvers and boundaries', () => {
  const i = index(ENTRIES);
  assert.deepEqual(resolverSubsets(consulResolver(i, 'web', 'other')!), ['v1', 'v2']);
  assert.equal(consulResolver(i, 'api', 'shop'), undefined);
  assert.equal(crossesBoundary({ service: 'web' }), false);
  for (const k of ['namespace', 'partition', 'datacenter', 'peer', 'samenessGroup']) assert.equal(crossesBoundary({ service: 'web', [k]: 'x' }), true, k);
});
