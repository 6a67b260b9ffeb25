import assert from 'node:assert/strict';
import { test } from 'node:test';
import { K } from '../../../server/src/model/kinds';
import { DEFAULT_MESH_CONFIG, meshConfigFrom } from '../../../server/src/model/mesh-config';
import { CORE_SCOPES, scopeLookupFrom } from '../../../server/src/model/scope';
import { WorkspaceIndex } from '../../../server/src/model/workspace-index';
import { ChunkCache, parseFile } from '../../../server/src/parse/file';
import { DEFAULT_LIMITS } from '../../../server/src/parse/limits';

const cache = new ChunkCache();
const docs = (text: string) => parseFile(text, DEFAULT_LIMITS, cache);
const vs = (name: string, ns?: string) => `apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: ${name}\n${ns ? `  namespace: ${ns}\n` : ''}spec:\n  hosts: [${name}]\n`;
const svc = (name: string, ns = 'default') => `apiVersion: v1\nkind: Service\nmetadata: {name: ${name}, namespace: ${ns}}\nspec: {ports: [{port: 80}]}\n`;

test('index: namespace defaulting, cluster-scoped kinds and keys', () => {
  const index = new WorkspaceIndex({ defaultNamespace: 'team' });
  index.setFile('a.yaml', docs([vs('a'), vs('b', 'x'), 'apiVersion: v1\nkind: Namespace\nmetadata: {name: x, namespace: bogus}\n', 'just: data\n'].join('---\n')));
  assert.deepEqual(index.ofKind(K.VirtualService).map((r) => `${r.key} ${r.namespace}/${r.name} written=${r.written.namespace}`),
    ['a.yaml#0 team/a written=null', 'a.yaml#1 x/b written=x']);
  assert.equal(index.get(K.Namespace, '', 'x')?.key, 'a.yaml#2');
  assert.equal(index.placement('a.yaml#1')?.document.startLine, 6);
  assert.equal(index.byKey('a.yaml#3'), undefined, 'a document that is not a resource is not indexed');
});

test('index: scopes come from catalog entries', () => {
  const scopes = scopeLookupFrom([{ apiVersion: 'gateway.networking.k8s.io/v1', kind: 'GatewayClass', scope: 'Cluster' }]);
  assert.equal(scopes.isClusterScoped(K.GatewayClass), true);
  assert.equal(scopes.isClusterScoped(K.Gateway), false);
  assert.equal(CORE_SCOPES.isClusterScoped(K.Namespace), true);
  assert.equal(CORE_SCOPES.isClusterScoped(K.MutatingWebhookConfiguration), true);
});

test('index: changed kinds — edits, moves, no-ops and removals', () => {
  const index = new WorkspaceIndex();
  const first = index.setFile('f.yaml', docs([vs('a'), svc('s')].join('---\n')));
  assert.deepEqual([...first].sort(), [K.Service, K.VirtualService]);
  assert.deepEqual([...index.setFile('f.yaml', docs([vs('a'), svc('s')].join('---\n')))], [], 'same text, nothing changed');
  assert.deepEqual([...index.setFile('f.yaml', docs([vs('a'), svc('s2')].join('---\n')))], [K.Service]);
  // Inserting a document in front moves the others: their keys change, so their kinds change.
  const moved = index.setFile('f.yaml', docs([svc('t'), vs('a'), svc('s2')].join('---\n')));
  assert.deepEqual([...moved].sort(), [K.Service, K.VirtualService]);
  assert.deepEqual([...index.removeFile('f.yaml')].sort(), [K.Service, K.VirtualService]);
  assert.equal(index.ofKind(K.Service).length, 0);
});

test('index: files override cluster objects with the same identity; knows() needs a source', () => {
  const index = new WorkspaceIndex();
  assert.equal(index.knows(K.Pod), false);
  const changed = index.setCluster('ctx', [
    { value: { apiVersion: 'v1', kind: 'Service', metadata: { name: 's', namespace: 'default' }, spec: { ports: [{ port: 1 }] } } },
    { value: { apiVersion: 'v1', kind: 'Service', metadata: { name: 'only-live', namespace: 'default' } } },
  ], [K.Service, K.Pod]);
  assert.deepEqual([...changed].sort(), [K.Pod, K.Service]);
  assert.equal(index.knows(K.Pod), true, 'a listed kind is known even with no objects');
  assert.equal(index.get(K.Service, 'default', 's')?.origin.type, 'cluster');
  index.setFile('s.yaml', docs(svc('s')));
  assert.equal(index.get(K.Service, 'default', 's')?.origin.type, 'file');
  assert.deepEqual(index.ofKind(K.Service).map((r) => `${r.origin.type}:${r.name}`), ['file:s', 'cluster:only-live']);
  assert.equal(index.placement('cluster:core/Service/default/only-live'), undefined);
  index.removeFile('s.yaml');
  assert.equal(index.get(K.Service, 'default', 's')?.origin.type, 'cluster');
  // Re-syncing equal content changes nothing.
  const again = index.setCluster('ctx', [
    { value: { apiVersion: 'v1', kind: 'Service', metadata: { name: 's', namespace: 'default' }, spec: { ports: [{ port: 1 }] } } },
    { value: { apiVersion: 'v1', kind: 'Service', metadata: { name: 'only-live', namespace: 'default' } } },
  ], [K.Service, K.Pod]);
  assert.deepEqual([...again], []);
});

test('index: two files defining the same object both stay listed; get answers the first by path', () => {
  const index = new WorkspaceIndex();
  index.setFile('b.yaml', docs(vs('same')));
  index.setFile('a.yaml', docs(vs('same')));
  assert.deepEqual(index.ofKind(K.VirtualService).map((r) => r.key), ['a.yaml#0', 'b.yaml#0']);
  assert.equal(index.get(K.VirtualService, 'default', 'same')?.key, 'a.yaml#0');
});

test('index: mesh config and mesh networks', () => {
  const index = new WorkspaceIndex();
  assert.equal(index.meshConfig, DEFAULT_MESH_CONFIG);
  assert.deepEqual([...index.setMeshConfig(meshConfigFrom({ rootNamespace: 'mesh-root' }))], [K.MeshConfig]);
  assert.equal(index.meshConfig.rootNamespace, 'mesh-root');
  assert.deepEqual([...index.setMeshConfig(meshConfigFrom({ rootNamespace: 'mesh-root' }))], []);
  const [doc] = docs('networks:\n  net1:\n    endpoints: [{fromRegistry: Kubernetes}]\n');
  assert.deepEqual([...index.setMeshNetworks('networks.yaml', doc!)], [K.MeshNetworks]);
  const [networks] = index.ofKind(K.MeshNetworks);
  assert.deepEqual(networks!.written, { apiVersion: null, kind: 'MeshNetworks', namespace: 'istio-system', name: 'meshnetworks' });
  assert.equal(index.placement(networks!.key)?.file, 'networks.yaml');
});

test('mesh config: overlays Istio defaults, reads the istio ConfigMap, ignores wrong types', () => {
  const cases: [unknown, Partial<Record<string, unknown>>][] = [
    [undefined, { rootNamespace: 'istio-system', ingressControllerMode: 'STRICT', enableAutoMtls: true }],
    [{ rootNamespace: 'r', enableAutoMtls: false }, { rootNamespace: 'r', enableAutoMtls: false, ingressService: 'istio-ingressgateway' }],
    [{ rootNamespace: 3, enableAutoMtls: 'no' }, { rootNamespace: 'istio-system', enableAutoMtls: true }],
    [{ kind: 'ConfigMap', data: { mesh: 'ingressControllerMode: OFF\n' } }, { ingressControllerMode: 'OFF' }],
  ];
  for (const [input, expected] of cases) {
    const config = meshConfigFrom(input) as unknown as Record<string, unknown>;
    for (const [k, v] of Object.entries(expected)) assert.equal(config[k], v, `${JSON.stringify(input)} ${k}`);
  }
});
