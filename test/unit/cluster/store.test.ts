import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubeObject } from '../../../server/src/cluster/project';
import { KindStore, reduce, type CacheEvent } from '../../../server/src/cluster/store';

const obj = (namespace: string, name: string, rv: string, extra: Record<string, unknown> = {}): KubeObject =>
  ({ apiVersion: 'v1', kind: 'Service', metadata: { name, ...(namespace ? { namespace } : {}), resourceVersion: rv }, ...extra });

const keys = (m: Map<string, KubeObject>): string[] => [...m.entries()].map(([k, v]) => `${k}@${(v['metadata'] as { resourceVersion: string }).resourceVersion}`).sort();

const cases: { name: string; start: KubeObject[]; events: CacheEvent[]; expect: string[]; changes: number[] }[] = [
  {
    name: 'upsert adds, then modifies',
    start: [],
    events: [{ type: 'upsert', object: obj('a', 'x', '1') }, { type: 'upsert', object: obj('a', 'x', '2') }],
    expect: ['a/x@2'], changes: [1, 1],
  },
  {
    name: 'upsert with the stored resourceVersion is no change',
    start: [obj('a', 'x', '5')],
    events: [{ type: 'upsert', object: obj('a', 'x', '5') }],
    expect: ['a/x@5'], changes: [0],
  },
  {
    name: 'delete removes; deleting the absent is no change',
    start: [obj('a', 'x', '1')],
    events: [{ type: 'delete', object: obj('a', 'x', '2') }, { type: 'delete', object: obj('a', 'x', '3') }],
    expect: [], changes: [1, 0],
  },
  {
    name: 'replace of all namespaces drops what the list lacks',
    start: [obj('a', 'x', '1'), obj('b', 'y', '1'), obj('b', 'z', '1')],
    events: [{ type: 'replace', namespace: null, objects: [obj('a', 'x', '1'), obj('b', 'y', '4')] }],
    expect: ['a/x@1', 'b/y@4'], changes: [2],
  },
  {
    name: 'replace of one namespace leaves the others alone',
    start: [obj('a', 'x', '1'), obj('b', 'y', '1')],
    events: [{ type: 'replace', namespace: 'a', objects: [] }],
    expect: ['b/y@1'], changes: [1],
  },
  {
    name: 'replace of cluster-scoped objects',
    start: [obj('', 'istio-system', '1'), obj('', 'gone', '1')],
    events: [{ type: 'replace', namespace: null, objects: [obj('', 'istio-system', '1'), obj('', 'shop', '3')] }],
    expect: ['istio-system@1', 'shop@3'], changes: [2],
  },
  {
    name: 'replace of one named cluster-scoped object (a Namespace in scope) leaves the others alone',
    start: [obj('', 'shop', '1'), obj('', 'other', '1')],
    events: [{ type: 'replace', namespace: null, name: 'shop', objects: [] }, { type: 'replace', namespace: null, name: 'other', objects: [obj('', 'other', '2')] }],
    expect: ['other@2'], changes: [1, 1],
  },
  {
    name: 'an identical relist changes nothing',
    start: [obj('a', 'x', '1'), obj('a', 'y', '2')],
    events: [{ type: 'replace', namespace: null, objects: [obj('a', 'x', '1'), obj('a', 'y', '2')] }],
    expect: ['a/x@1', 'a/y@2'], changes: [0],
  },
  {
    name: 'watch events after a relist apply on top of it',
    start: [obj('a', 'x', '1')],
    events: [
      { type: 'replace', namespace: null, objects: [obj('a', 'y', '3')] },
      { type: 'upsert', object: obj('a', 'z', '4') },
      { type: 'delete', object: obj('a', 'y', '5') },
    ],
    expect: ['a/z@4'], changes: [2, 1, 1],
  },
  {
    name: 'objects without resourceVersion always count as changed',
    start: [obj('a', 'x', '')],
    events: [{ type: 'upsert', object: obj('a', 'x', '') }],
    expect: ['a/x@'], changes: [1],
  },
];
for (const c of cases) {
  test(`cache reducer: ${c.name}`, () => {
    const m = new Map<string, KubeObject>();
    reduce(m, { type: 'replace', namespace: null, objects: c.start });
    const changes = c.events.map((e) => reduce(m, e));
    assert.deepEqual(keys(m), c.expect);
    assert.deepEqual(changes, c.changes);
  });
}

test('cache reducer: an unchanged object keeps its reference across a relist', () => {
  const m = new Map<string, KubeObject>();
  const first = obj('a', 'x', '1');
  reduce(m, { type: 'upsert', object: first });
  reduce(m, { type: 'replace', namespace: null, objects: [obj('a', 'x', '1')] });
  assert.equal(m.get('a/x'), first);
});

test('KindStore counts versions only on change', () => {
  const s = new KindStore();
  assert.equal(s.apply({ type: 'upsert', object: obj('a', 'x', '1') }), true);
  assert.equal(s.apply({ type: 'upsert', object: obj('a', 'x', '1') }), false);
  assert.equal(s.version, 1);
  assert.equal(s.size, 1);
});
