import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fqdn, hostCovers, hostsOverlap, parseServiceFqdn } from '../../../../server/src/rules/util/hosts';

test('hosts: short names expand in the namespace; dotted and wildcard hosts stay as written', () => {
  const rows: [string, string, string][] = [
    ['reviews', 'default', 'reviews.default.svc.cluster.local'],
    ['reviews.default', 'other', 'reviews.default'],
    ['reviews.default.svc.cluster.local', 'other', 'reviews.default.svc.cluster.local'],
    ['*.example.com', 'default', '*.example.com'],
    ['*', 'default', '*'],
    ['reviews', '', 'reviews'],
  ];
  for (const [host, ns, expected] of rows) assert.equal(fqdn(host, ns), expected, `${host} in ${ns}`);
});

test('hosts: service FQDNs parse into name and namespace', () => {
  assert.deepEqual(parseServiceFqdn('reviews.bookinfo.svc.cluster.local'), { name: 'reviews', namespace: 'bookinfo' });
  assert.equal(parseServiceFqdn('reviews.bookinfo'), null);
  assert.equal(parseServiceFqdn('a.b.c.svc.cluster.local'), null);
  assert.equal(parseServiceFqdn('*.bookinfo.svc.cluster.local'), null);
});

test('hosts: wildcard coverage and overlap', () => {
  const rows: [string, string, boolean, boolean][] = [
    // pattern, host, covers, overlaps
    ['*', 'anything.example.com', true, true],
    ['*.example.com', 'a.example.com', true, true],
    ['*.example.com', 'a.b.example.com', true, true],
    ['*.example.com', '*.a.example.com', true, true],
    ['*.example.com', 'example.com', false, false],
    ['a.example.com', '*.example.com', false, true],
    ['A.Example.com', 'a.example.COM', true, true],
    ['a.example.com', 'b.example.com', false, false],
    ['*.a.com', '*.b.com', false, false],
  ];
  for (const [p, h, covers, overlaps] of rows) {
    assert.equal(hostCovers(p, h), covers, `${p} covers ${h}`);
    assert.equal(hostsOverlap(p, h), overlaps, `${p} overlaps ${h}`);
  }
});
