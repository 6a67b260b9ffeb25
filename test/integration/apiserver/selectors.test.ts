/**
 * Label and field selectors: parsing and matching, table-driven.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { matchesFields, matchesLabels, parseFieldSelector, parseLabelSelector, SelectorError } from '../../apiserver/selectors';

const labels = { app: 'reviews', version: 'v2', tier: 'backend', 'app.kubernetes.io/name': 'reviews', replicas: '3', empty: '' };

describe('label selectors', () => {
  const rows: { name: string; selector: string; matches: boolean }[] = [
    { name: 'empty selects everything', selector: '', matches: true },
    { name: 'equality', selector: 'app=reviews', matches: true },
    { name: 'double equals', selector: 'app==reviews', matches: true },
    { name: 'equality, other value', selector: 'app=ratings', matches: false },
    { name: 'inequality', selector: 'app!=ratings', matches: true },
    { name: 'inequality holds for a missing label', selector: 'missing!=x', matches: true },
    { name: 'inequality fails on equal value', selector: 'app!=reviews', matches: false },
    { name: 'set membership', selector: 'version in (v1, v2)', matches: true },
    { name: 'set membership without spaces', selector: 'version in (v1,v3)', matches: false },
    { name: 'set exclusion', selector: 'version notin (v1,v3)', matches: true },
    { name: 'set exclusion holds for a missing label', selector: 'missing notin (a)', matches: true },
    { name: 'set exclusion fails on member', selector: 'version notin (v2)', matches: false },
    { name: 'existence', selector: 'tier', matches: true },
    { name: 'existence of a missing label', selector: 'missing', matches: false },
    { name: 'non-existence', selector: '!missing', matches: true },
    { name: 'non-existence of a present label', selector: '!tier', matches: false },
    { name: 'prefixed key', selector: 'app.kubernetes.io/name=reviews', matches: true },
    { name: 'conjunction, all hold', selector: 'app=reviews,version in (v2),!missing,tier', matches: true },
    { name: 'conjunction, one fails', selector: 'app=reviews,version notin (v2)', matches: false },
    { name: 'greater than', selector: 'replicas>2', matches: true },
    { name: 'less than', selector: 'replicas<3', matches: false },
    { name: 'empty value', selector: 'empty=', matches: true },
    { name: 'whitespace around operators', selector: ' app = reviews , tier ', matches: true },
  ];
  for (const row of rows) {
    test(row.name, () => {
      assert.equal(matchesLabels(parseLabelSelector(row.selector), labels), row.matches);
    });
  }

  const invalid: { name: string; selector: string }[] = [
    { name: 'bad key', selector: '-app=x' },
    { name: 'bad value', selector: 'app=-x' },
    { name: 'value too long', selector: `app=${'a'.repeat(64)}` },
    { name: 'unterminated set', selector: 'app in (a,b' },
    { name: 'set without parenthesis', selector: 'app in a' },
    { name: 'empty in-set', selector: 'app in ()' },
    { name: 'trailing comma', selector: 'app=x,' },
    { name: 'two operators', selector: 'app==!x' },
    { name: 'non-numeric comparison', selector: 'replicas>two' },
    { name: 'bad prefix', selector: 'Example.COM/app=x' },
  ];
  for (const row of invalid) {
    test(`rejects: ${row.name}`, () => {
      assert.throws(() => parseLabelSelector(row.selector), SelectorError);
    });
  }

  test('a missing label map matches only negative requirements', () => {
    assert.equal(matchesLabels(parseLabelSelector('!a,b notin (x)'), undefined), true);
    assert.equal(matchesLabels(parseLabelSelector('a'), undefined), false);
  });
});

describe('field selectors', () => {
  const allowed = ['metadata.name', 'metadata.namespace'];
  const fields = { 'metadata.name': 'reviews', 'metadata.namespace': 'default' };
  const rows: { selector: string; matches: boolean }[] = [
    { selector: '', matches: true },
    { selector: 'metadata.name=reviews', matches: true },
    { selector: 'metadata.name==reviews', matches: true },
    { selector: 'metadata.name!=reviews', matches: false },
    { selector: 'metadata.name=reviews,metadata.namespace=default', matches: true },
    { selector: 'metadata.name=reviews,metadata.namespace!=default', matches: false },
    { selector: 'metadata.namespace=other', matches: false },
  ];
  for (const row of rows) {
    test(JSON.stringify(row.selector), () => {
      assert.equal(matchesFields(parseFieldSelector(row.selector, allowed), fields), row.matches);
    });
  }

  test('escaped separators belong to the value', () => {
    const sel = parseFieldSelector('metadata.name=a\\,b', allowed);
    assert.deepEqual(sel, [{ field: 'metadata.name', op: '=', value: 'a,b' }]);
  });

  test('unsupported fields are rejected with the field named', () => {
    assert.throws(() => parseFieldSelector('spec.nodeName=n1', allowed), /field label not supported: spec\.nodeName/);
  });

  test('terms without an operator are rejected', () => {
    assert.throws(() => parseFieldSelector('metadata.name', allowed), SelectorError);
  });
});
