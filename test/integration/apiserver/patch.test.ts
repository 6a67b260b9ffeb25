/**
 * JSON merge patch, JSON patch and strategic merge patch as pure functions, table-driven.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { jsonPatch, mergePatch, PatchError, strategicMergePatch } from '../../apiserver/patch';
import type { Schema } from '../../apiserver/schemainfo';

describe('JSON merge patch (RFC 7386)', () => {
  const rows: { name: string; target: unknown; patch: unknown; result: unknown }[] = [
    { name: 'adds and replaces', target: { a: 1, b: { c: 2 } }, patch: { a: 3, b: { d: 4 } }, result: { a: 3, b: { c: 2, d: 4 } } },
    { name: 'null deletes', target: { a: 1, b: 2 }, patch: { a: null }, result: { b: 2 } },
    { name: 'lists replace', target: { l: [1, 2] }, patch: { l: [3] }, result: { l: [3] } },
    { name: 'a non-object patch replaces', target: { a: 1 }, patch: [1], result: [1] },
    { name: 'patching into a scalar makes an object', target: { a: 1 }, patch: { a: { b: 1 } }, result: { a: { b: 1 } } },
  ];
  for (const row of rows) test(row.name, () => assert.deepEqual(mergePatch(row.target, row.patch), row.result));
});

describe('JSON patch (RFC 6902)', () => {
  const doc = { a: { b: [1, 2] }, s: 'x' };
  const rows: { name: string; ops: unknown[]; result: unknown }[] = [
    { name: 'add member', ops: [{ op: 'add', path: '/c', value: 3 }], result: { a: { b: [1, 2] }, s: 'x', c: 3 } },
    { name: 'add at index', ops: [{ op: 'add', path: '/a/b/0', value: 0 }], result: { a: { b: [0, 1, 2] }, s: 'x' } },
    { name: 'append', ops: [{ op: 'add', path: '/a/b/-', value: 3 }], result: { a: { b: [1, 2, 3] }, s: 'x' } },
    { name: 'remove', ops: [{ op: 'remove', path: '/s' }], result: { a: { b: [1, 2] } } },
    { name: 'replace', ops: [{ op: 'replace', path: '/a/b/1', value: 9 }], result: { a: { b: [1, 9] }, s: 'x' } },
    { name: 'move', ops: [{ op: 'move', from: '/s', path: '/t' }], result: { a: { b: [1, 2] }, t: 'x' } },
    { name: 'copy', ops: [{ op: 'copy', from: '/s', path: '/t' }], result: { a: { b: [1, 2] }, s: 'x', t: 'x' } },
    { name: 'test then replace', ops: [{ op: 'test', path: '/s', value: 'x' }, { op: 'replace', path: '/s', value: 'y' }], result: { a: { b: [1, 2] }, s: 'y' } },
    { name: 'escaped pointer', ops: [{ op: 'add', path: '/k~1x~0y', value: 1 }], result: { a: { b: [1, 2] }, s: 'x', 'k/x~y': 1 } },
  ];
  for (const row of rows) test(row.name, () => assert.deepEqual(jsonPatch(doc, row.ops), row.result));

  test('the input is not modified', () => {
    jsonPatch(doc, [{ op: 'remove', path: '/a' }]);
    assert.deepEqual(doc, { a: { b: [1, 2] }, s: 'x' });
  });

  const failures: { name: string; ops: unknown; malformed: boolean }[] = [
    { name: 'failed test', ops: [{ op: 'test', path: '/s', value: 'nope' }], malformed: false },
    { name: 'missing path', ops: [{ op: 'replace', path: '/missing', value: 1 }], malformed: false },
    { name: 'index out of range', ops: [{ op: 'add', path: '/a/b/5', value: 1 }], malformed: false },
    { name: 'not a list', ops: { op: 'add' }, malformed: true },
    { name: 'unknown op', ops: [{ op: 'frob', path: '/s' }], malformed: true },
    { name: 'missing value', ops: [{ op: 'add', path: '/x' }], malformed: true },
  ];
  for (const row of failures) {
    test(`fails: ${row.name}`, () => {
      assert.throws(
        () => jsonPatch(doc, row.ops),
        (err: unknown) => err instanceof PatchError && err.malformed === row.malformed,
      );
    });
  }
});

describe('strategic merge patch', () => {
  const schema: Schema = {
    type: 'object',
    properties: {
      spec: {
        type: 'object',
        properties: {
          containers: {
            type: 'array',
            'x-kubernetes-list-type': 'map',
            'x-kubernetes-list-map-keys': ['name'],
            items: { type: 'object', properties: { name: { type: 'string' }, image: { type: 'string' } } },
          },
          args: { type: 'array', items: { type: 'string' } },
          finalizers: { type: 'array', items: { type: 'string' }, 'x-kubernetes-list-type': 'set' },
        },
      },
    },
  };
  const target = { spec: { containers: [{ name: 'a', image: '1' }, { name: 'b', image: '1' }], args: ['x'], finalizers: ['f1'] } };
  const rows: { name: string; patch: unknown; result: unknown }[] = [
    {
      name: 'keyed items merge by key',
      patch: { spec: { containers: [{ name: 'b', image: '2' }, { name: 'c', image: '1' }] } },
      result: { spec: { containers: [{ name: 'a', image: '1' }, { name: 'b', image: '2' }, { name: 'c', image: '1' }], args: ['x'], finalizers: ['f1'] } },
    },
    {
      name: '$patch: delete removes an item',
      patch: { spec: { containers: [{ name: 'a', $patch: 'delete' }] } },
      result: { spec: { containers: [{ name: 'b', image: '1' }], args: ['x'], finalizers: ['f1'] } },
    },
    { name: 'atomic lists replace', patch: { spec: { args: ['y'] } }, result: { spec: { containers: target.spec.containers, args: ['y'], finalizers: ['f1'] } } },
    { name: 'sets union', patch: { spec: { finalizers: ['f2'] } }, result: { spec: { containers: target.spec.containers, args: ['x'], finalizers: ['f1', 'f2'] } } },
    {
      name: '$deleteFromPrimitiveList',
      patch: { spec: { '$deleteFromPrimitiveList/finalizers': ['f1'] } },
      result: { spec: { containers: target.spec.containers, args: ['x'], finalizers: [] } },
    },
    { name: '$patch: replace on a map', patch: { spec: { $patch: 'replace', args: ['z'] } }, result: { spec: { args: ['z'] } } },
    {
      name: '$retainKeys drops other keys',
      patch: { spec: { $retainKeys: ['args'], args: ['q'] } },
      result: { spec: { args: ['q'] } },
    },
  ];
  for (const row of rows) test(row.name, () => assert.deepEqual(strategicMergePatch(target, row.patch, schema), row.result));

  test('a keyed item without its merge key is an error', () => {
    assert.throws(() => strategicMergePatch(target, { spec: { containers: [{ image: '3' }] } }, schema), PatchError);
  });
});
