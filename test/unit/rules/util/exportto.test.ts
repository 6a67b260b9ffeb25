import assert from 'node:assert/strict';
import { test } from 'node:test';
import { K } from '../../../../server/src/model/kinds';
import { meshConfigFrom } from '../../../../server/src/model/mesh-config';
import type { Resource } from '../../../../server/src/model/resource';
import { WorkspaceIndex } from '../../../../server/src/model/workspace-index';
import { exportToAllows, exportToOf, isVisibleFrom } from '../../../../server/src/rules/util/exportto';

function resource(kind: Resource['kind'], namespace: string, spec: object, annotations?: object): Resource {
  const value = { apiVersion: 'x/v1', kind: 'X', metadata: { name: 'r', namespace, ...(annotations ? { annotations } : {}) }, spec };
  return { key: 'k', kind, apiVersion: 'x/v1', name: 'r', namespace, written: { apiVersion: 'x/v1', kind: 'X', namespace, name: 'r' }, value, origin: { type: 'file', file: 'f', documentIndex: 0 } };
}

test('exportTo: the visibility table', () => {
  const rows: [string[], string, boolean][] = [
    [['*'], 'other', true],
    [['.'], 'own', true],
    [['.'], 'other', false],
    [['~'], 'own', false],
    [['other'], 'other', true],
    [['other'], 'third', false],
    [['.', 'other'], 'other', true],
  ];
  for (const [list, from, expected] of rows) assert.equal(exportToAllows(list, 'own', from), expected, `${list.join(',')} from ${from}`);
});

test('exportTo: own list, mesh defaults, Service annotation, DestinationRules always local', () => {
  const index = new WorkspaceIndex();
  assert.deepEqual(exportToOf(resource(K.VirtualService, 'a', {}), index), ['*']);
  assert.deepEqual(exportToOf(resource(K.VirtualService, 'a', { exportTo: ['.'] }), index), ['.']);
  assert.deepEqual(exportToOf(resource(K.Service, 'a', {}, { 'networking.istio.io/exportTo': '., b' }), index), ['.', 'b']);
  index.setMeshConfig(meshConfigFrom({ defaultVirtualServiceExportTo: ['.'] }));
  assert.equal(isVisibleFrom(resource(K.VirtualService, 'a', {}), 'b', index), false);
  assert.equal(isVisibleFrom(resource(K.DestinationRule, 'a', { exportTo: ['b'] }), 'a', index), true);
  assert.equal(isVisibleFrom(resource(K.VirtualService, 'a', { exportTo: ['b'] }), 'a', index), false);
});
