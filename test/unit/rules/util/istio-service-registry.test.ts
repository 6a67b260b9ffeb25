import assert from 'node:assert/strict';
import { test } from 'node:test';
import { meshConfigFrom } from '../../../../server/src/model/mesh-config';
import { WorkspaceIndex } from '../../../../server/src/model/workspace-index';
import { parseFile } from '../../../../server/src/parse/file';
import { DEFAULT_LIMITS } from '../../../../server/src/parse/limits';
import { IstioServiceRegistry } from '../../../../server/src/rules/util/istio-service-registry';

const WORLD = `
apiVersion: v1
kind: Service
metadata: {name: reviews, namespace: shop}
spec: {selector: {app: reviews}, ports: [{name: http, port: 9080}, {name: grpc, port: 9090}]}
---
apiVersion: v1
kind: Service
metadata: {name: private, namespace: shop, annotations: {networking.istio.io/exportTo: "."}}
spec: {ports: [{port: 80}]}
---
apiVersion: v1
kind: Service
metadata: {name: partners, namespace: shop, annotations: {networking.istio.io/exportTo: "web, ."}}
spec: {ports: [{port: 80}]}
---
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: {name: eu, namespace: shop}
spec: {hosts: ["*.eu.example.com"], workloadSelector: {labels: {app: eu}}, ports: [{number: 443, name: https}]}
---
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: {name: local-wildcard, namespace: web}
spec: {hosts: ["*.internal"], exportTo: ["."]}
---
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: {name: hidden, namespace: web}
spec: {hosts: [hidden.example.com], exportTo: ["~"]}
`;

function registry(): IstioServiceRegistry {
  const index = new WorkspaceIndex();
  index.setFile('world.yaml', parseFile(WORLD, DEFAULT_LIMITS));
  return IstioServiceRegistry.of(index);
}

test('istio service registry: which entry a host names from a namespace', () => {
  const r = registry();
  // [host, namespace, exportTo, expected source name or undefined]
  const rows: [string, string, string[], string | undefined][] = [
    ['reviews', 'shop', [], 'reviews'],
    ['reviews.shop.svc.cluster.local', 'web', [], 'reviews'],
    ['reviews', 'web', [], undefined], // a short name means the referrer's namespace
    ['private', 'shop', [], 'private'],
    ['private.shop.svc.cluster.local', 'web', [], undefined],
    ['partners.shop.svc.cluster.local', 'web', [], 'partners'],
    ['partners.shop.svc.cluster.local', 'api', [], undefined],
    ['partners.shop.svc.cluster.local', 'web', ['api'], undefined], // exported to api, where it is invisible
    ['partners.shop.svc.cluster.local', 'api', ['web'], 'partners'],
    ['img.eu.example.com', 'web', [], 'eu'],
    ['*.cdn.eu.example.com', 'web', [], 'eu'],
    ['eu.example.com', 'web', [], undefined],
    ['db.internal', 'web', [], 'local-wildcard'],
    ['db.internal', 'shop', [], undefined],
    ['hidden.example.com', 'web', [], undefined],
  ];
  for (const [host, ns, exportTo, want] of rows) {
    assert.equal(r.lookup(host, ns, exportTo)?.source.name, want, `${host} from ${ns} exported to [${exportTo.join(',')}]`);
  }
});

test('istio service registry: ports and workload selectors of entries', () => {
  const r = registry();
  assert.deepEqual(r.lookup('reviews', 'shop')?.ports.map((p) => p.number), [9080, 9090]);
  assert.deepEqual(r.lookup('reviews', 'shop')?.selector, { app: 'reviews' });
  assert.equal(r.lookup('private', 'shop')?.selector, undefined, 'a Service without a selector selects no pods');
  assert.deepEqual(r.lookup('a.eu.example.com', 'shop')?.selector, { app: 'eu' });
  assert.equal(r.lookup('db.internal', 'web')?.selector, undefined);
});

test('istio service registry: short names expand with the mesh cluster domain', () => {
  const index = new WorkspaceIndex();
  index.setFile('world.yaml', parseFile(WORLD, DEFAULT_LIMITS));
  index.setMeshConfig(meshConfigFrom({ clusterDomain: 'corp.example' }));
  const r = IstioServiceRegistry.of(index);
  assert.equal(r.lookup('reviews', 'shop')?.source.name, 'reviews');
  assert.equal(r.lookup('reviews.shop.svc.corp.example', 'web')?.source.name, 'reviews');
  assert.equal(r.lookup('reviews.shop.svc.cluster.local', 'web'), undefined);
});
