import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { YamlEdit } from '../../../server/src/findings/finding';
import { applyTextEdits, textEditInChunk } from '../../../server/src/fixes/apply';
import { parseChunk } from '../../../server/src/parse/document';
import { DEFAULT_LIMITS } from '../../../server/src/parse/limits';

function apply(text: string, edit: YamlEdit): string | null {
  const e = textEditInChunk(parseChunk(text, DEFAULT_LIMITS), edit);
  return e ? applyTextEdits(text, [e]) : null;
}

const DOC = `spec:
  host: reviews   # the host
  subsets:
  - name: v1
    labels: {version: v1}
  - name: v2
  flow: [a, b]
  map: {x: 1}
`;

test('fixes: set replaces a value and keeps comments', () => {
  assert.equal(apply(DOC, { op: 'set', path: ['spec', 'host'], value: 'ratings' }), DOC.replace('host: reviews', 'host: ratings'));
  assert.equal(apply(DOC, { op: 'set', path: ['spec', 'subsets', 1, 'name'], value: 'v 3' }), DOC.replace('name: v2', 'name: v 3'));
  assert.equal(apply(DOC, { op: 'set', path: ['spec', 'map', 'x'], value: true }), DOC.replace('{x: 1}', '{x: true}'));
});

test('fixes: set inserts missing keys, nested, in block and flow mappings', () => {
  assert.equal(apply(DOC, { op: 'set', path: ['spec', 'trafficPolicy', 'tls', 'mode'], value: 'ISTIO_MUTUAL' }),
    DOC + '  trafficPolicy:\n    tls:\n      mode: ISTIO_MUTUAL\n');
  assert.equal(apply(DOC, { op: 'set', path: ['spec', 'map', 'y'], value: 2 }), DOC.replace('{x: 1}', '{x: 1, y: 2}'));
  assert.equal(apply('a:\nb: 1\n', { op: 'set', path: ['a', 'c'], value: 'd' }), 'a:\n  c: d\nb: 1\n');
});

test('fixes: delete removes whole lines in block style and items in flow style', () => {
  assert.equal(apply(DOC, { op: 'delete', path: ['spec', 'host'] }), DOC.replace('  host: reviews   # the host\n', ''));
  assert.equal(apply(DOC, { op: 'delete', path: ['spec', 'subsets', 0] }), DOC.replace('  - name: v1\n    labels: {version: v1}\n', ''));
  assert.equal(apply(DOC, { op: 'delete', path: ['spec', 'flow', 0] }), DOC.replace('[a, b]', '[b]'));
  assert.equal(apply(DOC, { op: 'delete', path: ['spec', 'flow', 1] }), DOC.replace('[a, b]', '[a]'));
  assert.equal(apply(DOC, { op: 'delete', path: ['spec', 'subsets', 0, 'name'] }), null, 'a key on a dash line cannot go alone');
  assert.equal(apply(DOC, { op: 'delete', path: ['spec', 'nothing'] }), null);
});

test('fixes: rename-key and append', () => {
  assert.equal(apply(DOC, { op: 'rename-key', path: ['spec', 'host'], newKey: 'hosts' }), DOC.replace('host:', 'hosts:'));
  assert.equal(apply(DOC, { op: 'append', path: ['spec', 'flow'], value: 'c' }), DOC.replace('[a, b]', '[a, b, c]'));
  assert.equal(apply(DOC, { op: 'append', path: ['spec', 'subsets'], value: { name: 'v3' } }), DOC.replace('  - name: v2\n', '  - name: v2\n  - name: v3\n'));
  assert.equal(apply(DOC, { op: 'append', path: ['spec', 'gateways'], value: 'mesh' }), DOC + '  gateways:\n    - mesh\n');
});

test('fixes: overlapping edits keep the first', () => {
  assert.equal(applyTextEdits('abcdef', [{ startOffset: 1, endOffset: 3, newText: 'X' }, { startOffset: 2, endOffset: 4, newText: 'Y' }, { startOffset: 5, endOffset: 5, newText: '!' }]), 'aXde!f');
});

test('fixes: add-document writes a new document right after the subject\'s document', () => {
  const grant = { apiVersion: 'gateway.networking.k8s.io/v1beta1', kind: 'ReferenceGrant', metadata: { name: 'g', namespace: 'b' }, spec: { from: [{ group: '', kind: 'Service', namespace: 'a' }] } };
  const written = '---\napiVersion: gateway.networking.k8s.io/v1beta1\nkind: ReferenceGrant\nmetadata:\n  name: g\n  namespace: b\nspec:\n  from:\n  - group: ""\n    kind: Service\n    namespace: a\n';
  assert.equal(apply('a: 1\n', { op: 'add-document', value: grant }), `a: 1\n${written}`);
  assert.equal(apply('a: 1', { op: 'add-document', value: grant }), `a: 1\n${written}`, 'a document without a final line break gets one');
});
