import assert from 'node:assert/strict';
import { test } from 'node:test';
import { objectKey, projectObject, resourceVersionOf } from '../../../server/src/cluster/project';

test('projection fills apiVersion and kind of typed list items', () => {
  const p = projectObject('v1', 'Service', { metadata: { name: 'a', namespace: 'b' }, spec: { ports: [] } });
  assert.equal(p['apiVersion'], 'v1');
  assert.equal(p['kind'], 'Service');
  assert.deepEqual(p['spec'], { ports: [] });
});

test('projection drops managedFields and the last-applied annotation, keeps the rest', () => {
  const raw = {
    apiVersion: 'networking.istio.io/v1', kind: 'VirtualService',
    metadata: { name: 'r', namespace: 'n', labels: { a: 'b' }, managedFields: [{}], annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{}', keep: 'me' } },
    spec: { hosts: ['r'] }, status: { conditions: [] },
  };
  const p = projectObject('networking.istio.io/v1', 'VirtualService', raw);
  assert.deepEqual(p['metadata'], { name: 'r', namespace: 'n', labels: { a: 'b' }, annotations: { keep: 'me' } });
  assert.deepEqual(p['status'], { conditions: [] });
  assert.equal(p['spec'], raw.spec, 'unchanged subtrees are shared, not copied');
  assert.ok(Array.isArray(raw.metadata.managedFields), 'the input is not modified');
});

test('projection removes an annotations map left empty', () => {
  const p = projectObject('v1', 'Service', { metadata: { name: 'a', annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{}' } } });
  assert.deepEqual(p['metadata'], { name: 'a' });
});

test('object keys and resource versions', () => {
  assert.equal(objectKey({ metadata: { name: 'a', namespace: 'b' } }), 'b/a');
  assert.equal(objectKey({ metadata: { name: 'ns1' } }), 'ns1');
  assert.equal(resourceVersionOf({ metadata: { resourceVersion: '12' } }), '12');
  assert.equal(resourceVersionOf({}), '');
});
