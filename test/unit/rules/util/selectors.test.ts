import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatLabels, isEmptySelector, labelSelectorSelects, mapSelects } from '../../../../server/src/rules/util/selectors';

const labels = { app: 'reviews', version: 'v1' };

test('selectors: label maps', () => {
  assert.equal(mapSelects({}, labels), true);
  assert.equal(mapSelects({ app: 'reviews' }, labels), true);
  assert.equal(mapSelects({ app: 'reviews', version: 'v2' }, labels), false);
});

test('selectors: LabelSelector expressions', () => {
  const rows: [unknown, boolean][] = [
    [{}, true],
    [undefined, true],
    [{ matchLabels: { app: 'reviews' } }, true],
    [{ matchLabels: { app: 'ratings' } }, false],
    [{ matchExpressions: [{ key: 'version', operator: 'In', values: ['v1', 'v2'] }] }, true],
    [{ matchExpressions: [{ key: 'version', operator: 'In', values: ['v2'] }] }, false],
    [{ matchExpressions: [{ key: 'version', operator: 'NotIn', values: ['v2'] }] }, true],
    [{ matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['web'] }] }, true],
    [{ matchExpressions: [{ key: 'app', operator: 'Exists' }] }, true],
    [{ matchExpressions: [{ key: 'tier', operator: 'Exists' }] }, false],
    [{ matchExpressions: [{ key: 'tier', operator: 'DoesNotExist' }] }, true],
    [{ matchExpressions: [{ key: 'app', operator: 'Bogus' }] }, false],
    [{ matchExpressions: [{ operator: 'Exists' }] }, false],
  ];
  for (const [selector, expected] of rows) assert.equal(labelSelectorSelects(selector, labels), expected, JSON.stringify(selector));
});

test('selectors: emptiness and formatting', () => {
  assert.equal(isEmptySelector(undefined), true);
  assert.equal(isEmptySelector({ matchLabels: {} }), true);
  assert.equal(isEmptySelector({ matchLabels: { a: 'b' } }), false);
  assert.equal(formatLabels({ version: 'v1', app: 'reviews' }), 'app=reviews,version=v1');
});
