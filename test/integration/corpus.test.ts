/**
 * The foundation's acceptance check: a generated ~1 MB manifest of 2,000 Istio resources with
 * planted schema mistakes gets exactly one finding per mistake, on the planted token, and nothing
 * else; the same corpus without mistakes gets none.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createAnalyzer } from '../../server/src/analysis/create';
import { DEFAULT_CONFIG } from '../../server/src/analysis/config';
import { generateCorpus } from '../support/corpus';

test('corpus: one finding per planted mistake, on the planted token, and nothing else', () => {
  const corpus = generateCorpus({ resources: 2000, mistakeRate: 0.05, seed: 7 });
  assert.ok(corpus.text.length > 800_000, `corpus is ${corpus.text.length} characters`);
  assert.ok(corpus.mistakes.length > 50);
  const findings = createAnalyzer(DEFAULT_CONFIG).analyzeText('corpus.yaml', corpus.text);
  const actual = findings.map((f) => `${f.code} ${f.range.start.line}:${f.range.start.character}-${f.range.end.line}:${f.range.end.character}`).sort();
  const expected = corpus.mistakes.map((m) => `${m.code} ${m.line}:${m.start}-${m.line}:${m.end}`).sort();
  assert.deepEqual(actual, expected);
});

test('corpus: the same resources without mistakes are clean', () => {
  const corpus = generateCorpus({ resources: 600, mistakeRate: 0, seed: 3 });
  assert.deepEqual(createAnalyzer(DEFAULT_CONFIG).analyzeText('clean.yaml', corpus.text), []);
});
