import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hostnamesIntersect, listenerAcceptsHostname } from '../../../../server/src/rules/util/hostname-intersection';

test('hostname intersection: precise, wildcard suffix and nested wildcards, both ways', () => {
  const rows: [string, string, boolean][] = [
    // The examples of the Gateway API hostnames documentation.
    ['test.example.com', 'test.example.com', true],
    ['test.example.com', '*.example.com', true],
    ['*.example.com', '*.example.com', true],
    ['*.example.com', 'test.example.com', true],
    ['*.example.com', 'foo.test.example.com', true],
    ['*.example.com', 'example.com', false],
    ['*.example.com', 'test.example.net', false],
    // A wildcard label stands for one or more labels, so wildcards nest.
    ['*.example.com', '*.test.example.com', true],
    ['*.com', '*.example.com', true],
    ['*.example.com', '*.example.net', false],
    ['*.a.example.com', '*.b.example.com', false],
    // Precise names meet only when equal; case does not matter.
    ['a.example.com', 'b.example.com', false],
    ['Shop.Example.com', 'shop.example.COM', true],
    // A suffix must start at a label boundary.
    ['*.example.com', 'badexample.com', false],
    ['*', 'anything.example.org', true],
  ];
  for (const [a, b, expected] of rows) {
    assert.equal(hostnamesIntersect(a, b), expected, `${a} ∩ ${b}`);
    assert.equal(hostnamesIntersect(b, a), expected, `${b} ∩ ${a} (symmetric)`);
  }
});

test('hostname intersection: a listener without a hostname accepts every route hostname', () => {
  assert.equal(listenerAcceptsHostname(undefined, 'shop.example.com'), true);
  assert.equal(listenerAcceptsHostname('*.example.com', 'shop.example.com'), true);
  assert.equal(listenerAcceptsHostname('api.example.com', 'shop.example.com'), false);
});
