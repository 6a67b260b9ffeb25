import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseChunk } from '../../../server/src/parse/document';
import { DEFAULT_LIMITS } from '../../../server/src/parse/limits';
import { locate } from '../../../server/src/parse/locate';
import type { Path, PathTarget } from '../../../server/src/parse/types';

const TEXT = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews
spec:
  hosts: [reviews]
  http:
  - route:
    - destination:
        host: reviews
        subset: v1
      weight: 80
    - destination: {host: reviews, subset: v2}
      wieght: 20
  empty:
`;

const cases: { name: string; path: Path; target?: PathTarget; token: string }[] = [
  { name: 'scalar value', path: ['spec', 'http', 0, 'route', 0, 'weight'], token: '80' },
  { name: 'key of a scalar', path: ['spec', 'http', 0, 'route', 1, 'wieght'], target: 'key', token: 'wieght' },
  { name: 'value inside a flow mapping', path: ['spec', 'http', 0, 'route', 1, 'destination', 'subset'], token: 'v2' },
  { name: 'sequence item in flow', path: ['spec', 'hosts', 0], token: 'reviews' },
  { name: 'multi-line block value falls back to its key', path: ['spec', 'http', 0, 'route', 0, 'destination'], token: 'destination' },
  { name: 'missing field lands on the nearest existing key', path: ['spec', 'http', 0, 'route', 0, 'destination', 'port'], token: 'destination' },
  { name: 'key without a value', path: ['spec', 'empty'], token: 'empty' },
  { name: 'flow collection value on one line', path: ['spec', 'hosts'], token: '[reviews]' },
  { name: 'root-level field', path: ['kind'], token: 'VirtualService' },
];

for (const c of cases) {
  test(`locate: ${c.name}`, () => {
    const chunk = parseChunk(TEXT, DEFAULT_LIMITS);
    const at = locate(chunk, c.path, c.target);
    assert.equal(TEXT.slice(at.startOffset, at.endOffset), c.token);
  });
}

test('locate: a document without content points at its first line', () => {
  const chunk = parseChunk('# only a comment\n', DEFAULT_LIMITS);
  const at = locate(chunk, ['spec']);
  assert.equal(at.matchedDepth, 0);
  assert.ok(at.endOffset >= at.startOffset);
});
