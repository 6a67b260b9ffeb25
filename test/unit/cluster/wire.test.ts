/**
 * wire.ts: which API answers the cluster layer takes, and the words it uses for those it refuses.
 * One row per shape; the words are what the status shows after "sent an answer that is not a
 * Kubernetes API response (...): ".
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { groupList, listPage, resourceList, watchEvent, type Checked } from '../../../server/src/cluster/wire';

const svc = (metadata: Record<string, unknown>) => ({ metadata: { name: 'a', namespace: 'shop', resourceVersion: '7', ...metadata } });
const list = (items: unknown, metadata: Record<string, unknown> = { resourceVersion: '9' }) => ({ kind: 'ServiceList', metadata, items });

/** The detail of a refusal, or 'ok'. */
const verdict = (checked: Checked<unknown>): string => (checked.ok ? 'ok' : checked.detail);

const lists: [string, unknown, string][] = [
  ['a well-formed page', list([svc({})]), 'ok'],
  ['an empty page', list([]), 'ok'],
  ['items missing kind and apiVersion (built-in lists omit them)', list([{ metadata: { name: 'a', resourceVersion: '1' } }]), 'ok'],
  ['not an object', [], 'a list that is an array, not an object'],
  ['no items', { metadata: { resourceVersion: '9' } }, 'a list without items'],
  ['items not an array', list({ first: 1 }), 'a list whose items are an object, not an array'],
  ['no resourceVersion', list([], {}), 'a list without metadata.resourceVersion'],
  ['a numeric resourceVersion', list([], { resourceVersion: 9 }), 'a list whose metadata.resourceVersion is 9'],
  ['a null item', list([svc({}), null]), 'item 1 of the list is null, not an object'],
  ['an item without metadata', list([{ kind: 'Service' }]), 'item 0 of the list has no metadata'],
  ['an item without a name', list([svc({ name: undefined })]), 'item 0 of the list has no metadata.name'],
  ['a numeric name', list([svc({ name: 42 })]), 'item 0 of the list has a metadata.name that is not a string (42)'],
  ['an empty name', list([svc({ name: '' })]), 'item 0 of the list has an empty metadata.name'],
  ['a huge name', list([svc({ name: 'x'.repeat(300_000) })]), 'item 0 of the list has a metadata.name of 300,000 characters'],
  ['a name with a slash', list([svc({ name: 'a/b' })]), 'item 0 of the list has a metadata.name that cannot be a name ("a/b")'],
  ['a numeric namespace', list([svc({ namespace: 3 })]), 'item 0 of the list has a metadata.namespace that is not a string (3)'],
  ['an item without resourceVersion', list([svc({ resourceVersion: undefined })]), 'item 0 of the list has no metadata.resourceVersion'],
  ['a numeric item resourceVersion', list([svc({ resourceVersion: 12345 })]), 'item 0 of the list has a metadata.resourceVersion that is not a version (12345)'],
];
for (const [name, page, expected] of lists) {
  test(`wire: list page, ${name}`, () => assert.equal(verdict(listPage(page)), expected));
}

test('wire: a list page yields its items, version and continue token', () => {
  const checked = listPage(list([svc({})], { resourceVersion: '9', continue: 'next' }));
  assert.ok(checked.ok);
  assert.deepEqual([checked.value.items.length, checked.value.resourceVersion, checked.value.continue], [1, '9', 'next']);
});

const events: [string, unknown, string][] = [
  ['ADDED', { type: 'ADDED', object: svc({}) }, 'ok'],
  ['DELETED', { type: 'DELETED', object: svc({}) }, 'ok'],
  ['a BOOKMARK (no name)', { type: 'BOOKMARK', object: { kind: 'Service', metadata: { resourceVersion: '12' } } }, 'ok'],
  ['an ERROR with a Status', { type: 'ERROR', object: { kind: 'Status', code: 410, reason: 'Expired' } }, 'ok'],
  ['not an object', ['ADDED', {}], 'a watch event that is an array, not an object'],
  ['a number', 42, 'a watch event that is 42, not an object'],
  ['an unknown type', { type: 'MUTATED', object: svc({}) }, 'a watch event of unknown type "MUTATED"'],
  ['no type', { object: svc({}) }, 'a watch event of unknown type undefined'],
  ['an object that is a string', { type: 'MODIFIED', object: 'text' }, 'a MODIFIED event whose object is "text", not an object'],
  ['an ERROR that is not a Status', { type: 'ERROR', object: { message: 'oops' } }, 'an ERROR event whose object is not a Status'],
  ['a BOOKMARK without a version', { type: 'BOOKMARK', object: { metadata: {} } }, 'a BOOKMARK event without a resourceVersion (undefined)'],
  ['a nameless object', { type: 'ADDED', object: svc({ name: undefined }) }, 'an ADDED event whose object has no metadata.name'],
  ['a numeric resourceVersion', { type: 'ADDED', object: svc({ resourceVersion: 5 }) }, 'an ADDED event whose object has a metadata.resourceVersion that is not a version (5)'],
];
for (const [name, event, expected] of events) {
  test(`wire: watch event, ${name}`, () => assert.equal(verdict(watchEvent(event)), expected));
}

const groups: [string, unknown, string][] = [
  ['well-formed', { groups: [{ name: 'apps', versions: [{ version: 'v1' }], preferredVersion: { version: 'v1' } }] }, 'ok'],
  ['groups not an array', { groups: {} }, 'an API group list whose groups are an object, not an array'],
  ['a null group', { groups: [null] }, 'group 0 of the API group list has no name'],
  ['a group without versions', { groups: [{ name: 'apps' }] }, 'group "apps" of the API group list has no list of versions'],
  ['not an object', 'x'.repeat(50), `an API group list that is "${'x'.repeat(39)}…, not an object`],
];
for (const [name, doc, expected] of groups) {
  test(`wire: API group list, ${name}`, () => assert.equal(verdict(groupList(doc)), expected));
}

const resources: [string, unknown, string][] = [
  ['well-formed, with a subresource', { resources: [{ name: 'services', kind: 'Service', namespaced: true, verbs: ['list'] }, { name: 'services/status', kind: 'Service' }] }, 'ok'],
  ['not an object', 42, 'an API resource list that is 42, not an object'],
  ['resources not an array', { resources: 'services' }, 'an API resource list whose resources are "services", not an array'],
  ['a null resource', { resources: [null] }, 'resource 0 of the API resource list is null, not an object'],
  ['a resource without a name', { resources: [{ kind: 'Service' }] }, 'resource 0 of the API resource list has no usable name (undefined)'],
  ['a huge name', { resources: [{ name: 'x'.repeat(300_000), kind: 'Service' }] }, `resource 0 of the API resource list has no usable name ("${'x'.repeat(39)}…)`],
  ['a resource without a kind', { resources: [{ name: 'services' }] }, 'resource "services" of the API resource list has no kind'],
  ['verbs not a list', { resources: [{ name: 'services', kind: 'Service', verbs: 'list' }] }, 'resource "services" of the API resource list has verbs that are not a list of strings'],
];
for (const [name, doc, expected] of resources) {
  test(`wire: API resource list, ${name}`, () => assert.equal(verdict(resourceList(doc)), expected));
}
