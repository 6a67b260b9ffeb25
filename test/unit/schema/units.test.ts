/**
 * The small pieces of the schema validator: Go RE2 -> JavaScript regexes, string formats with
 * the API server's semantics, did-you-mean, and the code catalog.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ALL_SCHEMA_CODES, SCHEMA_CODES } from '../../../server/src/schema/codes';
import { API_SERVER_FORMATS, METADATA_FORMATS, ajvFormatName } from '../../../server/src/schema/formats';
import { compileRe2 } from '../../../server/src/schema/re2';
import { damerauLevenshtein, suggest } from '../../../server/src/schema/suggest';

describe('Go RE2 patterns in JavaScript', () => {
  // [pattern, input, matches]
  const cases: [string, string, boolean][] = [
    ['^[a-z0-9]([-a-z0-9]*[a-z0-9])?$', 'my-name', true],
    ['^[a-z0-9]([-a-z0-9]*[a-z0-9])?$', 'My-name', false],
    ['(?i)^abc$', 'AbC', true],
    ['^a(?i)bc$', 'aBC', true],
    ['^a(?i)bc$', 'ABC', false],
    ['^(a(?i)b)c$', 'aBc', true],
    ['^(a(?i)b)c$', 'aBC', false],
    ['(?i:ab)c', 'ABc', true],
    ['\\Aabc\\z', 'abc', true],
    ['\\Aabc\\z', 'abc\n', false],
    ['^\\Qa.b\\E$', 'a.b', true],
    ['^\\Qa.b\\E$', 'axb', false],
    ['^[[:alpha:]]+$', 'abc', true],
    ['^[[:digit:][:upper:]]+$', 'A1', true],
    ['^\\pL+$', 'héllo', true],
    ['^\\p{Greek}+$', 'αβγ', true],
    ['^\\p{Greek}+$', 'abc', false],
    ['^(?P<x>a)b$', 'ab', true],
    ['^\\x{41}$', 'A', true],
    ['^\\101$', 'A', true],
    ['^a{,2}$', 'a{,2}', true],
    ['^a{2}$', 'aa', true],
    ['^\\-\\#\\:$', '-#:', true],
    ['^[\\-a]+$', '-a', true],
    ['^\\s$', '\u00a0', false],
    ['^\\s$', '\t', true],
    ['^.$', '😀', true],
    ["^(?:[-A-Za-z0-9/._~!$&'()*+,;=:@]|[%][0-9a-fA-F]{2})+$", '/a%2Fb', true],
    ['^[]a]+$', ']a', true],
  ];
  for (const [pattern, input, expected] of cases) {
    test(`${pattern} ${expected ? 'matches' : 'does not match'} ${JSON.stringify(input)}`, () => {
      const rx = compileRe2(pattern);
      assert.ok(rx, 'translatable');
      assert.equal(rx.test(input), expected);
    });
  }
  for (const p of ['(?U)a+', 'a\\C', '(?=a)', '(?<=a)b', '\\1', '(a', 'a{2000}', '[[:nope:]]']) {
    test(`untranslatable: ${p} -> null, never throws`, () => assert.equal(compileRe2(p), null));
  }
  test('the same pattern is compiled once', () => assert.equal(compileRe2('^x+$'), compileRe2('^x+$')));
});

describe('formats the API server validates', () => {
  const cases: [string, string, boolean][] = [
    ['date-time', '2024-02-29T12:00:00Z', true],
    ['date-time', '2024-02-29T12:00:00.123+02:00', true],
    ['date-time', '2023-02-29T12:00:00Z', false],
    ['date-time', '2024-01-01', false],
    ['date', '2024-12-31', true],
    ['date', '2024-13-01', false],
    ['byte', 'aGVsbG8gd29ybGQ=', true],
    ['byte', 'aGVsbG8\ngd29ybGQ=', true],
    ['byte', 'hello world', false],
    ['byte', 'aGVsbG8', false],
    ['duration', '1h30m', true],
    ['duration', '300ms', true],
    ['duration', '3 days', true],
    ['duration', 'soon', false],
    ['ipv4', '192.168.0.1', true],
    ['ipv4', '192.168.0.256', false],
    ['ipv4', '01.2.3.4', false],
    ['ipv6', '::1', true],
    ['ipv6', '2001:db8::8a2e:370:7334', true],
    ['ipv6', '::ffff:10.0.0.1', true],
    ['ipv6', '1.2.3.4', false],
    ['ipv6', '2001:db8:::1', false],
    ['cidr', '10.0.0.0/8', true],
    ['cidr', '2001:db8::/129', false],
    ['cidr', '10.0.0.0', false],
    ['mac', '00:00:5e:00:53:01', true],
    ['mac', '0000.5e00.5301', true],
    ['mac', '00:00:5e:00:53', false],
    ['hostname', 'example.com', true],
    ['hostname', '-bad.example.com', false],
    ['uri', 'https://example.com/a', true],
    ['uri', '/absolute/path', true],
    ['uri', 'relative/path', false],
    ['email', 'a@example.com', true],
    ['email', 'Name <a@example.com>', true],
    ['email', 'not an email', false],
    ['uuid', '123e4567-e89b-12d3-a456-426614174000', true],
    ['uuid4', '123e4567-e89b-42d3-a456-426614174000', true],
    ['uuid4', '123e4567-e89b-12d3-a456-426614174000', false],
    ['isbn10', '0321751043', true],
    ['isbn13', '978-0321751041', true],
    ['isbn13', '978-0321751042', false],
    ['creditcard', '4111 1111 1111 1111', true],
    ['creditcard', '4111 1111 1111 1112', false],
    ['ssn', '123-45-6789', true],
    ['hexcolor', '#FFF', true],
    ['hexcolor', '#FFFF', false],
    ['rgbcolor', 'rgb(255, 0, 10)', true],
    ['rgbcolor', 'rgb(256, 0, 10)', false],
    ['bsonobjectid', '507f1f77bcf86cd799439011', true],
    ['password', '', true],
  ];
  for (const [format, value, expected] of cases) {
    test(`${format}: ${JSON.stringify(value)} -> ${expected}`, () => assert.equal(API_SERVER_FORMATS[format]!.validate(value), expected));
  }
  test('formats the API server ignores are not validated', () => {
    for (const f of ['int32', 'int64', 'float', 'double', 'url', 'string', 'quantity']) assert.equal(ajvFormatName(f), null, f);
    assert.equal(ajvFormatName('date-time'), 'k8s:date-time');
  });
});

describe('metadata formats', () => {
  const cases: [string, string, boolean][] = [
    ['k8s-dns1123-subdomain', 'reviews.v1', true],
    ['k8s-dns1123-subdomain', 'Reviews', false],
    ['k8s-dns1123-subdomain', 'a'.repeat(254), false],
    ['k8s-dns1123-label', 'team-a', true],
    ['k8s-dns1123-label', 'team.a', false],
    ['k8s-dns1123-label', 'a'.repeat(64), false],
    ['k8s-label-key', 'app.kubernetes.io/name', true],
    ['k8s-label-key', 'version', true],
    ['k8s-label-key', 'a/b/c', false],
    ['k8s-label-key', '/name', false],
    ['k8s-label-key', 'UPPER.example.com/name', false],
    ['k8s-annotation-key', 'Example.com/Note', true],
    ['k8s-label-value', '', true],
    ['k8s-label-value', 'v1.2_beta-3', true],
    ['k8s-label-value', 'has space', false],
    ['k8s-label-value', '-leading', false],
  ];
  for (const [format, value, expected] of cases) {
    test(`${format}: ${JSON.stringify(value.length > 20 ? value.slice(0, 20) + '...' : value)} -> ${expected}`, () =>
      assert.equal(METADATA_FORMATS[format]!.validate(value), expected));
  }
});

describe('did you mean', () => {
  const cases: [string, string[], string | null][] = [
    ['weigth', ['weight', 'route'], 'weight'],
    ['wieght', ['weight'], 'weight'],
    ['Weight', ['weight'], 'weight'],
    ['HOSTS', ['hosts', 'host'], 'hosts'],
    ['rout', ['route', 'redirect'], 'route'],
    ['destinaton', ['destination'], 'destination'],
    ['zzz', ['weight'], null],
    ['ab', ['xy'], null],
    ['mtls', ['mtls'], null],
    ['hots', ['host', 'hosts'], 'host'],
  ];
  for (const [input, candidates, expected] of cases) {
    test(`${input} in [${candidates.join(', ')}] -> ${expected}`, () => assert.equal(suggest(input, candidates), expected));
  }
  test('Damerau–Levenshtein counts a swap as one edit', () => {
    assert.equal(damerauLevenshtein('weigth', 'weight'), 1);
    assert.equal(damerauLevenshtein('kitten', 'sitting'), 3);
    assert.equal(damerauLevenshtein('', 'abc'), 3);
  });
});

describe('code catalog', () => {
  test('codes are MSH1001..MSH1009, unique, with kebab-case names and one-sentence summaries', () => {
    assert.deepEqual(ALL_SCHEMA_CODES.map((c) => c.code), ['MSH1001', 'MSH1002', 'MSH1003', 'MSH1004', 'MSH1005', 'MSH1006', 'MSH1007', 'MSH1008', 'MSH1009']);
    assert.equal(new Set(ALL_SCHEMA_CODES.map((c) => c.name)).size, ALL_SCHEMA_CODES.length);
    for (const c of ALL_SCHEMA_CODES) {
      assert.match(c.name, /^[a-z]+(-[a-z]+)*$/);
      assert.match(c.summary, /^[A-Z][^]*\.$/);
      assert.equal(c.summary.split('. ').length, 1, `${c.code}: one sentence`);
    }
  });
  test('only the deprecation is a warning', () => {
    for (const c of ALL_SCHEMA_CODES) assert.equal(c.severity, c === SCHEMA_CODES.deprecatedApiVersion ? 'warning' : 'error');
  });
});
