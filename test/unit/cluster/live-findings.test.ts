import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeLiveObject, liveFindings, parseLiveKey } from '../../../server/src/cluster/live-findings';
import type { Finding } from '../../../server/src/findings/finding';

const at = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
const f = (file: string, code: string, kind: string, name: string, namespace: string | null): Finding =>
  ({ code, name: 'rule', severity: 'warning', message: `${code} on ${name}`, resource: { apiVersion: 'networking.istio.io/v1', kind, name, namespace }, file, range: at, path: ['spec'] });

test('live findings: only findings on cluster objects, sorted, with identity', () => {
  const findings = new Map<string, Finding[]>([
    ['file:///w/vs.yaml', [f('file:///w/vs.yaml', 'IST0101', 'VirtualService', 'file-vs', 'shop')]],
    ['cluster:networking.istio.io/VirtualService/shop/b', [f('cluster:networking.istio.io/VirtualService/shop/b', 'IST0101', 'VirtualService', 'b', null)]],
    ['cluster:networking.istio.io/Gateway/istio-system/a', [f('cluster:networking.istio.io/Gateway/istio-system/a', 'IST0161', 'Gateway', 'a', 'istio-system')]],
  ]);
  assert.deepEqual(liveFindings(findings, 'kind-dev', 'file:///w').map((l) => [l.resource.kind, l.resource.namespace, l.resource.name, l.code, l.context, l.folder]), [
    ['Gateway', 'istio-system', 'a', 'IST0161', 'kind-dev', 'file:///w'],
    ['VirtualService', 'shop', 'b', 'IST0101', 'kind-dev', 'file:///w'],
  ]);
});

test('live keys', () => {
  assert.deepEqual(parseLiveKey('cluster:core/Namespace//shop'), { group: 'core', kind: 'Namespace', namespace: '', name: 'shop' });
  assert.equal(parseLiveKey('file:///x.yaml'), null);
  assert.equal(describeLiveObject('cluster:networking.istio.io/VirtualService/shop/reviews', 'kind-dev'), 'VirtualService shop/reviews (cluster kind-dev)');
  assert.equal(describeLiveObject('cluster:core/Namespace//shop'), 'Namespace shop');
});
