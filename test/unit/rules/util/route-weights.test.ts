import assert from 'node:assert/strict';
import { test } from 'node:test';
import { normalizeWeights } from '../../../../server/src/rules/util/route-weights';

test('route weights: scaling to 100 keeps proportions, zeros and integer totals', () => {
  const rows: [number[], number[]][] = [
    [[60, 60], [50, 50]],
    [[1, 1, 1], [34, 33, 33]],
    [[1, 1, 1, 0], [34, 33, 33, 0]],
    [[30, 60], [33, 67]],
    [[0, 0], [50, 50]],
    [[0, 0, 0], [34, 33, 33]],
    [[5], [100]],
    [[90, 10], [90, 10]],
    [[2, 1, 1, 1, 1, 1, 1], [25, 13, 13, 13, 12, 12, 12]],
  ];
  for (const [input, expected] of rows) {
    const got = normalizeWeights(input);
    assert.deepEqual(got, expected, input.join('/'));
    assert.equal(got.reduce((a, b) => a + b, 0), 100, input.join('/'));
  }
});
