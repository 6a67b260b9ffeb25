import assert from 'node:assert/strict';
import { test } from 'node:test';
import { K } from '../../../../server/src/model/kinds';
import { WorkspaceIndex } from '../../../../server/src/model/workspace-index';
import { parseFile } from '../../../../server/src/parse/file';
import { DEFAULT_LIMITS } from '../../../../server/src/parse/limits';
import {
  admittedKinds, listenerAdmitsKind, listenerAdmitsNamespace, listenersOf, resolveListenerOwner, selectListeners,
} from '../../../../server/src/rules/util/gateway-api-listeners';
import { backendRefsOf, certificateRefsOf, parentRefsOf, parentTypeOf } from '../../../../server/src/rules/util/gateway-api-refs';

const WORLD = `
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: edge, namespace: infra}
spec:
  listeners:
  - {name: http, protocol: HTTP, port: 80}
  - {name: tcp, protocol: TCP, port: 5432, allowedRoutes: {namespaces: {from: All}}}
  - name: grpc
    protocol: HTTPS
    port: 443
    allowedRoutes:
      kinds: [{kind: GRPCRoute}, {group: example.com, kind: CustomRoute}]
      namespaces: {from: Selector, selector: {matchLabels: {team: shop}}}
    tls:
      certificateRefs: [{name: local}, {name: shared, namespace: certs}]
  - {name: proxy, protocol: example.com/PROXY, port: 9000}
  - name: by-name
    protocol: HTTP
    port: 8080
    allowedRoutes: {namespaces: {from: Selector, selector: {matchLabels: {kubernetes.io/metadata.name: billing}}}}
  tls:
    backend: {clientCertificateRef: {name: client, namespace: certs}}
---
apiVersion: v1
kind: Namespace
metadata: {name: shop, labels: {team: shop}}
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: web, namespace: shop}
spec:
  parentRefs:
  - {name: edge, namespace: infra, sectionName: http}
  - {kind: Service, name: web}
  - {group: "", kind: Service, name: web, port: 8080}
  - {kind: ListenerSet, name: team}
  - {group: gateway.networking.x-k8s.io, kind: XListenerSet, name: old}
  rules:
  - backendRefs:
    - name: web
      port: 8080
      filters: [{type: RequestMirror, requestMirror: {backendRef: {name: shadow, port: 8080}}}]
    - {group: multicluster.x-k8s.io, kind: ServiceImport, name: global, namespace: other}
    filters: [{type: RequestMirror, requestMirror: {backendRef: {name: audit, namespace: audit, port: 80}}}]
`;

function world(): WorkspaceIndex {
  const index = new WorkspaceIndex();
  index.setFile('world.yaml', parseFile(WORLD, DEFAULT_LIMITS));
  return index;
}

test('gateway api refs: parentRefs default to a Gateway in the route namespace; kind Service needs group ""', () => {
  const route = world().get(K.HTTPRoute, 'shop', 'web')!;
  const refs = parentRefsOf(route).map((r) => [r.type, r.group, r.kind, r.namespace, r.name, r.sectionName ?? null, r.port ?? null, r.groupWritten]);
  assert.deepEqual(refs, [
    ['gateway', 'gateway.networking.k8s.io', 'Gateway', 'infra', 'edge', 'http', null, false],
    // The default group makes `kind: Service` alone a non-core reference.
    ['other', 'gateway.networking.k8s.io', 'Service', 'shop', 'web', null, null, false],
    ['service', '', 'Service', 'shop', 'web', null, 8080, true],
    ['listenerset', 'gateway.networking.k8s.io', 'ListenerSet', 'shop', 'team', null, null, false],
    ['listenerset', 'gateway.networking.x-k8s.io', 'XListenerSet', 'shop', 'old', null, null, true],
  ]);
  assert.equal(parentTypeOf('core', 'Service'), 'service');
  assert.equal(parentTypeOf('networking.istio.io', 'ServiceEntry'), 'other');
});

test('gateway api refs: backendRefs default to core Services, with mirrors at both filter levels', () => {
  const route = world().get(K.HTTPRoute, 'shop', 'web')!;
  const refs = backendRefsOf(route).map((r) => [r.role, r.group, r.kind, r.namespace, r.name, r.port ?? null, r.path.join('.')]);
  assert.deepEqual(refs, [
    ['backend', '', 'Service', 'shop', 'web', 8080, 'spec.rules.0.backendRefs.0'],
    ['mirror', '', 'Service', 'shop', 'shadow', 8080, 'spec.rules.0.backendRefs.0.filters.0.requestMirror.backendRef'],
    ['backend', 'multicluster.x-k8s.io', 'ServiceImport', 'other', 'global', null, 'spec.rules.0.backendRefs.1'],
    ['mirror', '', 'Service', 'audit', 'audit', 80, 'spec.rules.0.filters.0.requestMirror.backendRef'],
  ]);
});

test('gateway api refs: certificate references of a Gateway default to Secrets in its namespace', () => {
  const gateway = world().get(K.Gateway, 'infra', 'edge')!;
  assert.deepEqual(certificateRefsOf(gateway).map((r) => `${r.kind} ${r.namespace}/${r.name} @${r.path.join('.')}`), [
    'Secret infra/local @spec.listeners.2.tls.certificateRefs.0',
    'Secret certs/shared @spec.listeners.2.tls.certificateRefs.1',
    'Secret certs/client @spec.tls.backend.clientCertificateRef',
  ]);
});

test('gateway api listeners: selection by sectionName and port, kinds by protocol or list', () => {
  const index = world();
  const route = index.get(K.HTTPRoute, 'shop', 'web')!;
  const owner = resolveListenerOwner(index, parentRefsOf(route)[0]!)!;
  const listeners = listenersOf(owner);
  assert.deepEqual(selectListeners(listeners, { sectionName: 'http' }).map((l) => l.name), ['http']);
  assert.deepEqual(selectListeners(listeners, { port: 80 }).map((l) => l.name), ['http']);
  assert.deepEqual(selectListeners(listeners, { sectionName: 'http', port: 443 }).map((l) => l.name), []);
  assert.equal(selectListeners(listeners, {}).length, listeners.length);
  const byName = new Map(listeners.map((l) => [l.name, l]));
  const rows: [string, string, boolean | undefined][] = [
    ['http', K.HTTPRoute, true], ['http', K.GRPCRoute, true], ['http', K.TCPRoute, false],
    ['tcp', K.TCPRoute, true], ['tcp', K.HTTPRoute, false],
    ['grpc', K.GRPCRoute, true], ['grpc', K.HTTPRoute, false], ['grpc', 'example.com/CustomRoute', true],
    ['proxy', K.HTTPRoute, undefined],
  ];
  for (const [name, kind, expected] of rows) assert.equal(listenerAdmitsKind(byName.get(name)!, kind as never), expected, `${name} admits ${kind}`);
  assert.equal(admittedKinds(byName.get('proxy')!), undefined);
});

test('gateway api listeners: namespaces Same, All and Selector (the name label decides without the object)', () => {
  const index = world();
  const owner = index.get(K.Gateway, 'infra', 'edge')!;
  const byName = new Map(listenersOf(owner).map((l) => [l.name, l]));
  const rows: [string, string, boolean | undefined][] = [
    ['http', 'infra', true], ['http', 'shop', false],
    ['tcp', 'anywhere', true],
    ['grpc', 'shop', true], ['grpc', 'infra', undefined],
    ['by-name', 'billing', true], ['by-name', 'shop', false],
  ];
  for (const [name, ns, expected] of rows) assert.equal(listenerAdmitsNamespace(index, byName.get(name)!, ns), expected, `${name} admits ${ns}`);
});
