/**
 * Field sets (managedFields' fieldsV1) and the value walks built on them, table-driven:
 * what an applied configuration owns, what an update changes, merging, and removal.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { FieldSet, formatPath } from '../../apiserver/fieldpath';
import { diff, fieldsOf, merge, removeFields } from '../../apiserver/fieldsets';
import type { Schema } from '../../apiserver/schemainfo';

const schema: Schema = {
  type: 'object',
  properties: {
    spec: {
      type: 'object',
      properties: {
        replicas: { type: 'integer' },
        hosts: { type: 'array', items: { type: 'string' } },
        tags: { type: 'array', items: { type: 'string' }, 'x-kubernetes-list-type': 'set' },
        selector: { type: 'object', 'x-kubernetes-map-type': 'atomic', properties: { app: { type: 'string' } } },
        containers: {
          type: 'array',
          'x-kubernetes-list-type': 'map',
          'x-kubernetes-list-map-keys': ['name'],
          items: { type: 'object', properties: { name: { type: 'string' }, image: { type: 'string' }, args: { type: 'array', items: { type: 'string' } } } },
        },
        nested: { type: 'object', properties: { a: { type: 'string' }, b: { type: 'string' } } },
      },
    },
    status: { type: 'object', properties: { ready: { type: 'boolean' } } },
  },
};

describe('fieldsOf (what an apply owns)', () => {
  const rows: { name: string; config: Record<string, unknown>; fields: Record<string, unknown> }[] = [
    { name: 'scalars are leaves', config: { spec: { replicas: 2 } }, fields: { 'f:spec': { 'f:replicas': {} } } },
    { name: 'atomic lists are leaves', config: { spec: { hosts: ['a', 'b'] } }, fields: { 'f:spec': { 'f:hosts': {} } } },
    { name: 'set items are owned by value', config: { spec: { tags: ['x', 'y'] } }, fields: { 'f:spec': { 'f:tags': { 'v:"x"': {}, 'v:"y"': {} } } } },
    { name: 'atomic maps are leaves', config: { spec: { selector: { app: 'r' } } }, fields: { 'f:spec': { 'f:selector': {} } } },
    {
      name: 'keyed items are members and are walked',
      config: { spec: { containers: [{ name: 'web', image: 'nginx' }] } },
      fields: { 'f:spec': { 'f:containers': { 'k:{"name":"web"}': { '.': {}, 'f:name': {}, 'f:image': {} } } } },
    },
    {
      name: 'metadata: labels are granular, the name is not owned',
      config: { apiVersion: 'v1', kind: 'X', metadata: { name: 'n', namespace: 'ns', labels: { a: '1' } } },
      fields: { 'f:metadata': { 'f:labels': { 'f:a': {} } } },
    },
    { name: 'empty objects are leaves', config: { spec: { nested: {} } }, fields: { 'f:spec': { 'f:nested': {} } } },
  ];
  for (const row of rows) {
    test(row.name, () => {
      assert.deepEqual(fieldsOf(row.config, schema).toFieldsV1(), row.fields);
    });
  }

  test('scope main leaves status out; scope status keeps only status', () => {
    const config = { spec: { replicas: 1 }, status: { ready: true } };
    assert.deepEqual(fieldsOf(config, schema, 'main').toFieldsV1(), { 'f:spec': { 'f:replicas': {} } });
    assert.deepEqual(fieldsOf(config, schema, 'status').toFieldsV1(), { 'f:status': { 'f:ready': {} } });
  });
});

describe('diff (what an update changes)', () => {
  const rows: { name: string; before: Record<string, unknown>; after: Record<string, unknown>; changed: Record<string, unknown>; removed: Record<string, unknown> }[] = [
    { name: 'no change', before: { spec: { replicas: 1 } }, after: { spec: { replicas: 1 } }, changed: {}, removed: {} },
    { name: 'modified leaf', before: { spec: { replicas: 1 } }, after: { spec: { replicas: 2 } }, changed: { 'f:spec': { 'f:replicas': {} } }, removed: {} },
    {
      name: 'a new object is a member with its fields',
      before: {},
      after: { spec: { nested: { a: 'x' } } },
      changed: { 'f:spec': { '.': {}, 'f:nested': { '.': {}, 'f:a': {} } } },
      removed: {},
    },
    { name: 'removed leaf', before: { spec: { replicas: 1, hosts: ['a'] } }, after: { spec: { replicas: 1 } }, changed: {}, removed: { 'f:spec': { 'f:hosts': {} } } },
    {
      name: 'keyed item added and one changed',
      before: { spec: { containers: [{ name: 'a', image: '1' }] } },
      after: { spec: { containers: [{ name: 'a', image: '2' }, { name: 'b', image: '1' }] } },
      changed: { 'f:spec': { 'f:containers': { 'k:{"name":"a"}': { 'f:image': {} }, 'k:{"name":"b"}': { '.': {}, 'f:name': {}, 'f:image': {} } } } },
      removed: {},
    },
    {
      name: 'keyed item removed',
      before: { spec: { containers: [{ name: 'a' }, { name: 'b' }] } },
      after: { spec: { containers: [{ name: 'a' }] } },
      changed: {},
      removed: { 'f:spec': { 'f:containers': { 'k:{"name":"b"}': {} } } },
    },
    {
      name: 'set items by value',
      before: { spec: { tags: ['x'] } },
      after: { spec: { tags: ['x', 'y'] } },
      changed: { 'f:spec': { 'f:tags': { 'v:"y"': {} } } },
      removed: {},
    },
    {
      name: 'server-owned metadata is ignored',
      before: { metadata: { name: 'a', resourceVersion: '1', uid: 'u' } },
      after: { metadata: { name: 'a', resourceVersion: '2', uid: 'u', generation: 3, labels: { x: 'y' } } },
      changed: { 'f:metadata': { 'f:labels': { '.': {}, 'f:x': {} } } },
      removed: {},
    },
  ];
  for (const row of rows) {
    test(row.name, () => {
      const d = diff(row.before, row.after, schema);
      assert.deepEqual(d.changed.toFieldsV1(), row.changed, 'changed');
      assert.deepEqual(d.removed.toFieldsV1(), row.removed, 'removed');
    });
  }
});

describe('merge and removeFields', () => {
  test('granular objects merge, atomic lists replace, keyed lists merge by key, sets union', () => {
    const live = { spec: { replicas: 1, hosts: ['a'], tags: ['x'], containers: [{ name: 'a', image: '1', args: ['p'] }], nested: { a: '1' } } };
    const config = { spec: { hosts: ['b'], tags: ['y'], containers: [{ name: 'a', image: '2' }, { name: 'b', image: '1' }], nested: { b: '2' } } };
    assert.deepEqual(merge(live, config, schema), {
      spec: {
        replicas: 1,
        hosts: ['b'],
        tags: ['x', 'y'],
        containers: [
          { name: 'a', image: '2', args: ['p'] },
          { name: 'b', image: '1' },
        ],
        nested: { a: '1', b: '2' },
      },
    });
  });

  test('removeFields deletes leaves, keyed items and set items, leaving the input alone', () => {
    const obj = { spec: { replicas: 1, tags: ['x', 'y'], containers: [{ name: 'a' }, { name: 'b' }] } };
    const set = FieldSet.fromFieldsV1({ 'f:spec': { 'f:replicas': {}, 'f:tags': { 'v:"x"': {} }, 'f:containers': { 'k:{"name":"a"}': {} } } });
    assert.deepEqual(removeFields(obj, set, schema), { spec: { tags: ['y'], containers: [{ name: 'b' }] } });
    assert.equal(obj.spec.replicas, 1);
  });
});

describe('FieldSet', () => {
  const a = FieldSet.fromFieldsV1({ 'f:spec': { 'f:x': {}, 'f:y': {} }, 'f:metadata': { 'f:labels': { '.': {}, 'f:a': {} } } });
  const b = FieldSet.fromFieldsV1({ 'f:spec': { 'f:y': {}, 'f:z': {} } });

  test('fieldsV1 round trip keeps "." members', () => {
    assert.deepEqual(a.toFieldsV1(), { 'f:metadata': { 'f:labels': { '.': {}, 'f:a': {} } }, 'f:spec': { 'f:x': {}, 'f:y': {} } });
  });

  const rows: { name: string; got: () => FieldSet; want: Record<string, unknown> }[] = [
    { name: 'union', got: () => a.union(b), want: { 'f:metadata': { 'f:labels': { '.': {}, 'f:a': {} } }, 'f:spec': { 'f:x': {}, 'f:y': {}, 'f:z': {} } } },
    { name: 'intersection', got: () => a.intersection(b), want: { 'f:spec': { 'f:y': {} } } },
    { name: 'difference', got: () => a.difference(b), want: { 'f:metadata': { 'f:labels': { '.': {}, 'f:a': {} } }, 'f:spec': { 'f:x': {} } } },
    {
      name: 'withoutSubtrees drops everything under a member',
      got: () => a.withoutSubtrees(FieldSet.fromFieldsV1({ 'f:metadata': { 'f:labels': {} } })),
      want: { 'f:spec': { 'f:x': {}, 'f:y': {} } },
    },
  ];
  for (const row of rows) test(row.name, () => assert.deepEqual(row.got().toFieldsV1(), row.want));

  test('touches sees descendants, has only members', () => {
    assert.equal(a.touches(['f:metadata']), true);
    assert.equal(a.has(['f:metadata']), false);
    assert.equal(a.has(['f:metadata', 'f:labels']), true);
  });

  test('paths render as conflict messages show them', () => {
    assert.equal(formatPath(['f:spec', 'f:containers', 'k:{"name":"web"}', 'f:image']), '.spec.containers[name="web"].image');
    assert.equal(formatPath(['f:metadata', 'f:finalizers', 'v:"x"']), '.metadata.finalizers[="x"]');
  });

  test('malformed fieldsV1 is rejected', () => {
    assert.throws(() => FieldSet.fromFieldsV1({ spec: {} }), /invalid fieldsV1 key/);
    assert.throws(() => FieldSet.fromFieldsV1([]), /must be an object/);
  });
});
