import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Location } from 'vscode-languageserver';
import { parseLiveUri, renderLive } from '../../../server/src/features/live-objects';
import { definition, references } from '../../../server/src/features/navigation';
import { featureWorkspace, fileKey, textAt, withCursor } from '../../support/cursor';
import { MESH } from '../../support/mesh';

const ROUTES = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: reviews, namespace: default}
spec:
  hosts: [reviews]
  gateways: [istio-system/ingress]
  http:
  - route:
    - destination: {host: reviews, subset: v1}
      weight: 90
    - destination: {host: reviews, subset: v2}
      weight: 10
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: reviews-canary, namespace: default}
spec:
  hosts: [reviews.default.svc.cluster.local]
  http:
  - route:
    - destination:
        host: reviews
        subset: v1
        port: {number: 9080}
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: shop, namespace: default}
spec:
  parentRefs:
  - name: web
    sectionName: https
  rules:
  - backendRefs:
    - name: reviews
      port: 9080
---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: allow, namespace: default}
spec:
  rules:
  - from:
    - source:
        principals: [cluster.local/ns/default/sa/productpage]
`;

const LIVE = { value: { apiVersion: 'v1', kind: 'Service', metadata: { name: 'details', namespace: 'default', managedFields: [{ manager: 'kubectl' }] }, spec: { ports: [{ port: 9080 }] } } };

/** Runs a navigation request with the cursor `$0` placed in routes.yaml; returns what each location covers. */
function run(marked: string, request: 'definition' | 'references', includeDeclaration = false) {
  const { text, position } = withCursor(marked);
  const fx = featureWorkspace({ 'mesh.yaml': MESH, 'routes.yaml': text }, [LIVE]);
  const view = fx.view('routes.yaml');
  const locations: Location[] = request === 'definition' ? definition(fx.ctx, view, position) : references(fx.ctx, view, position, includeDeclaration);
  const files: Record<string, string> = { [fileKey('mesh.yaml')]: MESH, [fileKey('routes.yaml')]: text };
  return locations.map((l) => {
    const source = files[l.uri] ?? liveText(fx, l.uri);
    return { file: l.uri.slice(l.uri.lastIndexOf('/') + 1), ...textAt(source, l.range) };
  });
}

function liveText(fx: ReturnType<typeof featureWorkspace>, uri: string): string {
  const key = parseLiveUri(uri);
  const resource = key ? fx.workspace.index.byKey(key) : undefined;
  assert.ok(resource, `no live object for ${uri}`);
  return renderLive(resource);
}

const mark = (at: string, replacement: string): string => {
  assert.ok(ROUTES.includes(at), `fixture lacks ${at}`);
  return ROUTES.replace(at, replacement);
};

test('definition: a subset leads to its entry in the DestinationRule', () => {
  const found = run(mark('subset: v2}', 'subset: v$02}'), 'definition');
  assert.deepEqual(found, [{ file: 'mesh.yaml', token: 'v2', line: '  - name: v2' }]);
});

test('definition: hosts, gateways, ports, parentRefs, listeners, backendRefs and principals', () => {
  assert.deepEqual(run(mark('hosts: [reviews]', 'hosts: [rev$0iews]'), 'definition'), [{ file: 'mesh.yaml', token: 'reviews', line: 'metadata: {name: reviews, namespace: default}' }]);
  assert.deepEqual(run(mark('gateways: [istio-system/ingress]', 'gateways: [istio-system/in$0gress]'), 'definition').map((l) => l.line), ['metadata: {name: ingress, namespace: istio-system}']);
  assert.deepEqual(run(mark('port: {number: 9080}', 'port: {number: 90$080}'), 'definition').map((l) => l.line), ['  - {name: http, port: 9080, targetPort: 9080}']);
  assert.deepEqual(run(mark('  - name: web', '  - name: w$0eb'), 'definition').map((l) => l.line), ['metadata: {name: web, namespace: default}']);
  assert.deepEqual(run(mark('sectionName: https', 'sectionName: ht$0tps'), 'definition'), [{ file: 'mesh.yaml', token: 'https', line: '  - {name: https, port: 443, protocol: HTTPS, hostname: shop.example.com}' }]);
  assert.deepEqual(run(mark('    - name: reviews\n', '    - name: revi$0ews\n'), 'definition').map((l) => l.token), ['reviews']);
  assert.deepEqual(run(mark('sa/productpage', 'sa/product$0page'), 'definition').map((l) => l.line), ['metadata: {name: productpage, namespace: default}']);
  assert.deepEqual(run(mark('  hosts: [reviews]', '  ho$0sts: [reviews]'), 'definition'), [], 'a key is not a reference');
});

test('definition: an object known only from the cluster opens as a read-only live document', () => {
  const { text, position } = withCursor(mark('host: reviews, subset: v1}', 'host: deta$0ils}'));
  const fx = featureWorkspace({ 'mesh.yaml': MESH, 'routes.yaml': text }, [LIVE]);
  const [location] = definition(fx.ctx, fx.view('routes.yaml'), position);
  assert.equal(location?.uri, 'mesh-lifecycle-live:/test-cluster/core/Service/default/details.yaml');
  const live = liveText(fx, location!.uri);
  assert.match(live, /^# Service default\/details as the cluster \(context "test-cluster"\) reports it\. Read-only\.\n/);
  assert.doesNotMatch(live, /managedFields/);
  assert.deepEqual(textAt(live, location!.range), { token: 'details', line: '  name: details' });
});

test('references: from a subset definition, every route to that subset', () => {
  const { text, position } = withCursor(MESH.replace('  - name: v1', '  - name: v$01'));
  const fx = featureWorkspace({ 'mesh.yaml': text, 'routes.yaml': ROUTES });
  const found = references(fx.ctx, fx.view('mesh.yaml'), position, false)
    .map((l) => ({ file: l.uri.slice(l.uri.lastIndexOf('/') + 1), ...textAt(l.uri.endsWith('routes.yaml') ? ROUTES : text, l.range) }));
  assert.deepEqual(found, [
    { file: 'routes.yaml', token: 'v1', line: '    - destination: {host: reviews, subset: v1}' },
    { file: 'routes.yaml', token: 'v1', line: '        subset: v1' },
  ]);
});

test('references: from a reference, the same set, with the declaration when asked', () => {
  const found = run(mark('subset: v1}', 'subset: v$01}'), 'references', true);
  assert.deepEqual(found.map((f) => `${f.file}: ${f.line.trim()}`), [
    'mesh.yaml: - name: v1',
    'routes.yaml: - destination: {host: reviews, subset: v1}',
    'routes.yaml: subset: v1',
  ]);
});

test('references: from a Service name, every host, backendRef and port that names it', () => {
  const { text, position } = withCursor(MESH.replace('metadata: {name: reviews, namespace: default}\nspec:\n  selector', 'metadata: {name: rev$0iews, namespace: default}\nspec:\n  selector'));
  const fx = featureWorkspace({ 'mesh.yaml': text, 'routes.yaml': ROUTES });
  const found = references(fx.ctx, fx.view('mesh.yaml'), position, false)
    .filter((l) => l.uri.endsWith('routes.yaml')).map((l) => textAt(ROUTES, l.range).token);
  assert.deepEqual(found, ['reviews', 'reviews', 'reviews', 'reviews.default.svc.cluster.local', 'reviews', '9080', 'reviews', '9080']);
});
