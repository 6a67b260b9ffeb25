import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cursorAt, keysOf, MAX_SCAN_DEPTH, scalarAt, scanLines, splitLines } from '../../../server/src/features/yaml-lines';
import { withCursor } from '../../support/cursor';

/** The cursor of a `$0` fixture, with the token a completion would replace spelled out. */
function at(marked: string) {
  const { text, position } = withCursor(marked);
  const lines = splitLines(text);
  const c = cursorAt(lines, position.line, position.character);
  return c && { ...c, token: lines[position.line]!.slice(c.start, c.end) };
}

const VS = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews   # comment
spec:
  hosts:
  - reviews
  http:
  - match:
    - uri: {prefix: /a}
    route:
    - destination:
        host: reviews
        subset: v1
      weight: 90
    - destination:
        host: "reviews.default.svc.cluster.local"
      weight: 10
  description: |
    text: not a key
    - not an item
`;

test('yaml-lines: entries carry full paths, through sequences at their key\'s indentation', () => {
  const entries = scanLines(splitLines(VS));
  assert.equal(scalarAt(entries, ['metadata', 'name']), 'reviews');
  assert.equal(scalarAt(entries, ['spec', 'hosts', 0]), 'reviews');
  assert.equal(scalarAt(entries, ['spec', 'http', 0, 'route', 1, 'destination', 'host']), 'reviews.default.svc.cluster.local');
  assert.equal(scalarAt(entries, ['spec', 'http', 0, 'route', 0, 'weight']), '90');
  assert.equal(scalarAt(entries, ['spec', 'http', 0, 'match', 0, 'uri']), '{prefix: /a}');
  assert.deepEqual([...keysOf(entries, ['spec'])], ['hosts', 'http', 'description']);
  assert.deepEqual([...keysOf(entries, ['spec', 'http', 0, 'route', 0])], ['destination', 'weight']);
  assert.equal(entries.some((e) => e.key?.text === 'text'), false, 'block scalars hold no keys');
});

test('yaml-lines: a key being typed belongs to the mapping left of its column', () => {
  assert.deepEqual(pick(at('spec:\n  hosts:\n  - a\n  ht$0\n')), { position: 'key', path: ['spec'], prefix: 'ht', token: 'ht' });
  assert.deepEqual(pick(at('spec:\n  http:\n  - route:\n    - destination:\n        host: a\n      $0\n')), { position: 'key', path: ['spec', 'http', 0, 'route', 0], prefix: '', token: '' });
  assert.deepEqual(pick(at('a: 1\n$0')), { position: 'key', path: [], prefix: '', token: '' });
  const item = at('spec:\n  hosts:\n  - a\n  - $0\n');
  assert.deepEqual(pick(item), { position: 'key', path: ['spec', 'hosts', 1], prefix: '', token: '' });
  assert.equal(item?.bareItem, true);
  assert.equal(at('spec:\n  ho$0sts: [a]\n')?.hasColon, true);
});

test('yaml-lines: values, quoted values and flow items', () => {
  assert.deepEqual(pick(at('spec:\n  trafficPolicy:\n    loadBalancer:\n      simple: $0ROUND_ROBIN\n')),
    { position: 'value', path: ['spec', 'trafficPolicy', 'loadBalancer', 'simple'], prefix: '', token: 'ROUND_ROBIN' });
  assert.deepEqual(pick(at('spec:\n  - route:\n    - destination: {}\n      subset: "v$0"\n')), { position: 'value', path: ['spec', 0, 'route', 0, 'subset'], prefix: 'v', token: 'v' });
  assert.deepEqual(pick(at('spec:\n  hosts: [a, b$0]\n')), { position: 'value', path: ['spec', 'hosts', 1], prefix: 'b', token: 'b' });
  assert.deepEqual(pick(at('metadata:\n  labels: {app: x, version: v$0}\n')), { position: 'value', path: ['metadata', 'labels', 'version'], prefix: 'v', token: 'v' });
});

test('yaml-lines: no cursor in comments, block scalars or markers', () => {
  assert.equal(at('a: 1 # co$0mment\n'), null);
  assert.equal(at('a: |\n  te$0xt\n'), null);
  assert.equal(at('--$0-\n'), null);
});

function pick(c: ReturnType<typeof at>) {
  return c && { position: c.position, path: c.path, prefix: c.prefix, token: c.token };
}

test('scanLines: absurd nesting is read only to MAX_SCAN_DEPTH, so each entry\'s path stays bounded (a 20,000-deep line cost seconds)', () => {
  const compact = `apiVersion: v1\nkind: ConfigMap\ndata:\n  deep:\n    ${'- '.repeat(20_000)}x\n`;
  const indented = Array.from({ length: 3_000 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n') + ' v\n';
  for (const text of [compact, indented]) {
    const entries = scanLines(splitLines(text));
    assert.ok(entries.length <= MAX_SCAN_DEPTH + 4, `${entries.length} entries`);
    assert.ok(entries.every((e) => e.path.length <= MAX_SCAN_DEPTH), 'a path past the bound');
    const lines = splitLines(text);
    assert.doesNotThrow(() => cursorAt(lines, lines.length - 1, 0));
  }
});
