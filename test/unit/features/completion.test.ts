import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CompletionItem } from 'vscode-languageserver';
import { completion } from '../../../server/src/features/completion';
import { featureWorkspace, withCursor } from '../../support/cursor';
import { MESH } from '../../support/mesh';


function complete(marked: string, files: Record<string, string> = {}, cluster: Parameters<typeof featureWorkspace>[1] = []): CompletionItem[] {
  const { text, position } = withCursor(marked);
  const fx = featureWorkspace({ 'mesh.yaml': MESH, ...files, 'edit.yaml': text }, cluster);
  return completion(fx.ctx, fx.view('edit.yaml'), position);
}

function labels(items: readonly CompletionItem[]): string[] {
  return items.map((i) => i.label);
}

function newText(items: readonly CompletionItem[], label: string): string | undefined {
  const item = items.find((i) => i.label === label);
  return item?.textEdit && 'newText' in item.textEdit ? item.textEdit.newText : undefined;
}

const DR_HEAD = 'apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata:\n  name: x\n';
const VS_HEAD = 'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: x\n  namespace: default\n';

test('completion: missing fields of the schema node, with their documentation, required first', () => {
  const items = complete(`${DR_HEAD}spec:\n  host: reviews\n  $0\n`);
  assert.ok(labels(items).includes('subsets'));
  assert.ok(labels(items).includes('trafficPolicy'));
  assert.ok(!labels(items).includes('host'), 'fields already written are not offered');
  const subsets = items.find((i) => i.label === 'subsets')!;
  assert.match(JSON.stringify(subsets.documentation), /subset/i);
  assert.equal(subsets.detail, 'list of objects');
  assert.equal(newText(items, 'subsets'), 'subsets:\n  - ');
  assert.equal(newText(items, 'trafficPolicy'), 'trafficPolicy:\n    ');
});

test('completion: root fields, metadata fields and fields inside list items', () => {
  assert.deepEqual(labels(complete(`${DR_HEAD}$0\n`)).slice(0, 1), ['spec']);
  assert.ok(labels(complete(`${DR_HEAD}  $0\n`)).includes('namespace'));
  const route = labels(complete(`${VS_HEAD}spec:\n  http:\n  - $0\n`));
  assert.ok(route.includes('route') && route.includes('match') && route.includes('timeout'));
  const destination = labels(complete(`${VS_HEAD}spec:\n  http:\n  - route:\n    - destination:\n        host: reviews\n        $0\n`));
  assert.deepEqual(destination.sort(), ['port', 'subset']);
});

test('completion: works on a document that does not parse (a half-typed key)', () => {
  const text = `${VS_HEAD}spec:\n  hosts:\n  - reviews\n  ht$0\n  tcp: [\n`;
  const items = complete(text);
  assert.ok(labels(items).includes('http'));
  assert.ok(!labels(items).includes('hosts'));
  assert.equal(newText(items, 'http'), 'http:\n  - ');
});

test('completion: enum values and booleans', () => {
  const simple = complete(`${DR_HEAD}spec:\n  trafficPolicy:\n    loadBalancer:\n      simple: $0ROUND_ROBIN\n`);
  assert.deepEqual(labels(simple).sort(), ['LEAST_CONN', 'LEAST_REQUEST', 'PASSTHROUGH', 'RANDOM', 'ROUND_ROBIN', 'UNSPECIFIED']);
  const bool = complete(`${DR_HEAD}spec:\n  trafficPolicy:\n    loadBalancer:\n      consistentHash:\n        useSourceIp: $0\n`);
  assert.deepEqual(labels(bool), ['true', 'false']);
});

test('completion: apiVersion and kind pairs', () => {
  const kinds = complete('apiVersion: networking.istio.io/v1\nkind: $0\n');
  assert.ok(labels(kinds).includes('VirtualService') && labels(kinds).includes('DestinationRule'));
  assert.ok(!labels(kinds).includes('HTTPRoute'), 'only kinds that apiVersion serves');
  const anyKind = complete('kind: $0\n');
  const route = anyKind.find((i) => i.label === 'HTTPRoute' && i.detail === 'gateway.networking.k8s.io/v1')!;
  assert.deepEqual(route.additionalTextEdits?.map((e) => e.newText), ['apiVersion: gateway.networking.k8s.io/v1\n']);
  const versions = complete('apiVersion: $0\nkind: VirtualService\n');
  assert.equal(versions[0] && labels(versions).includes('networking.istio.io/v1'), true);
  assert.ok(labels(versions).includes('networking.istio.io/v1beta1'));
  assert.ok(labels(complete('apiVersion: $0\nkind: VirtualServce\n')).includes('gateway.networking.k8s.io/v1'), 'an unknown kind limits nothing');
  const pairs = complete('$0\n');
  assert.equal(newText(pairs, 'VirtualService'), 'apiVersion: networking.istio.io/v1\nkind: VirtualService\n');
});

test('completion: hosts in short and namespace-qualified forms, with ServiceEntry hosts', () => {
  const items = complete(`${VS_HEAD}spec:\n  hosts:\n  - $0\n`);
  assert.ok(labels(items).includes('reviews'));
  assert.ok(labels(items).includes('reviews.default.svc.cluster.local'));
  assert.ok(labels(items).includes('ratings.shop.svc.cluster.local'));
  assert.ok(!labels(items).includes('ratings'), 'short names only in the same namespace');
  assert.ok(labels(items).includes('api.payments.example.com'));
  const dest = complete(`${VS_HEAD}spec:\n  http:\n  - route:\n    - destination:\n        host: rev$0\n`);
  assert.equal(dest.find((i) => i.label === 'reviews')?.detail, 'Service default/reviews');
});

test('completion: subsets of the destination host, and its ports', () => {
  const subsets = complete(`${VS_HEAD}spec:\n  http:\n  - route:\n    - destination:\n        host: reviews\n        subset: $0\n`);
  assert.deepEqual(labels(subsets), ['v1', 'v2']);
  assert.match(JSON.stringify(subsets[0]!.documentation), /version=v1/);
  const ports = complete(`${VS_HEAD}spec:\n  http:\n  - route:\n    - destination:\n        host: reviews\n        port:\n          number: $0\n`);
  assert.deepEqual(labels(ports), ['9080']);
  const none = complete(`${VS_HEAD}spec:\n  http:\n  - route:\n    - destination:\n        subset: $0\n`);
  assert.deepEqual(labels(none), [], 'no host, no subsets');
});

test('completion: gateways, including the mesh and other namespaces', () => {
  const items = complete(`${VS_HEAD}spec:\n  gateways:\n  - $0\n`);
  assert.deepEqual(labels(items), ['mesh', 'istio-system/ingress', 'web', 'default/web']);
  assert.equal(newText(items, 'istio-system/ingress'), 'istio-system/ingress');
});

test('completion: Gateway API parentRefs, sectionName, backendRefs and ports', () => {
  const head = 'apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: r, namespace: default}\nspec:\n';
  assert.deepEqual(labels(complete(`${head}  parentRefs:\n  - name: $0\n`)), ['web']);
  assert.deepEqual(labels(complete(`${head}  parentRefs:\n  - name: web\n    sectionName: $0\n`)), ['http', 'https']);
  assert.deepEqual(labels(complete(`${head}  rules:\n  - backendRefs:\n    - name: $0\n`)), ['reviews']);
  assert.deepEqual(labels(complete(`${head}  rules:\n  - backendRefs:\n    - name: ratings\n      namespace: shop\n      port: $0\n`)), ['7070']);
});

test('completion: label keys and values of existing workloads for selectors', () => {
  const keys = complete(`${DR_HEAD}  namespace: default\nspec:\n  host: reviews\n  subsets:\n  - name: v3\n    labels:\n      $0\n`);
  assert.deepEqual(labels(keys).sort(), ['app', 'version']);
  assert.equal(newText(keys, 'version'), 'version: ');
  const values = complete(`${DR_HEAD}  namespace: default\nspec:\n  host: reviews\n  subsets:\n  - name: v3\n    labels:\n      version: $0\n`);
  assert.deepEqual(labels(values), ['v1', 'v2']);
  const gateway = complete('apiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata: {name: g, namespace: other}\nspec:\n  selector:\n    app: $0\n');
  assert.deepEqual(labels(gateway), ['reviews'], 'gateway selectors look in every namespace');
});

test('completion: ServiceAccount principals', () => {
  const items = complete('apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata: {name: p, namespace: default}\nspec:\n  rules:\n  - from:\n    - source:\n        principals:\n        - $0\n');
  assert.deepEqual(labels(items).sort(), ['cluster.local/ns/default/sa/bookinfo-reviews', 'cluster.local/ns/default/sa/productpage']);
});

test('completion: live cluster objects are offered too, marked live', () => {
  const live = { value: { apiVersion: 'v1', kind: 'Service', metadata: { name: 'details', namespace: 'default' }, spec: { ports: [{ port: 9080 }] } } };
  const items = complete(`${VS_HEAD}spec:\n  hosts:\n  - $0\n`, {}, [live]);
  assert.equal(items.find((i) => i.label === 'details')?.detail, 'Service default/details (live)');
});

test('completion: a value that needs quotes is inserted quoted', () => {
  const items = complete('apiVersion: networking.istio.io/v1\nkind: Sidecar\nmetadata: {name: s}\nspec:\n  outboundTrafficPolicy:\n    mode: $0\n');
  assert.ok(labels(items).includes('REGISTRY_ONLY'));
  const vs = complete(`${VS_HEAD}spec:\n  exportTo:\n  - $0\n`);
  assert.equal(newText(vs, '*'), '"*"');
  assert.equal(newText(vs, '.'), '.');
});

test('completion: right after a colon, the value is written after a space', () => {
  const items = complete(`${DR_HEAD}spec:\n  trafficPolicy:\n    loadBalancer:\n      simple:$0\n`);
  assert.equal(newText(items, 'RANDOM'), ' RANDOM');
});
