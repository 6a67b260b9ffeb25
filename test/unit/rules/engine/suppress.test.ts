import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Finding } from '../../../../server/src/findings/finding';
import { annotationSuppressions, isSuppressed, parseDirectives } from '../../../../server/src/rules/engine/suppress';

const at = (line: number, code = 'IST0101', name = 'virtualservice-subset-exists'): Finding => ({
  code, name, severity: 'error', message: 'm', resource: null, file: 'f',
  range: { start: { line, character: 0 }, end: { line, character: 1 } },
});

test('suppress: next-line comments with codes, names, all, and a reason', () => {
  const text = [
    '# mesh-lifecycle-disable-next-line IST0101',
    'a: 1',
    '# mesh-lifecycle-disable-next-line MSH1001, virtualservice-subset-exists -- migrating',
    '',
    '# another comment',
    'b: 2',
    '# mesh-lifecycle-disable-next-line',
    'c: 3',
    'd: 4',
  ].join('\n');
  const d = parseDirectives(text);
  assert.equal(isSuppressed(at(1), d, null), true);
  assert.equal(isSuppressed(at(1, 'MSH1001', 'unknown-field'), d, null), false);
  assert.equal(isSuppressed(at(5), d, null), true, 'by name, skipping blank and comment lines');
  assert.equal(isSuppressed(at(5, 'MSH1001', 'x'), d, null), true);
  assert.equal(isSuppressed(at(5, 'MSH1002', 'x'), d, null), false);
  assert.equal(isSuppressed(at(7, 'ANY1', 'any'), d, null), true);
  assert.equal(isSuppressed(at(8), d, null), false);
});

test('suppress: file-level comments', () => {
  assert.equal(isSuppressed(at(40), parseDirectives('a: 1\n# mesh-lifecycle-disable-file\n'), null), true);
  const some = parseDirectives('# mesh-lifecycle-disable-file MSH2001 MSH2002\n');
  assert.equal(isSuppressed(at(3, 'MSH2002', 'x'), some, null), true);
  assert.equal(isSuppressed(at(3), some, null), false);
  assert.equal(parseDirectives('# mesh-lifecycle-disable-filex\n').file, null, 'the directive is a whole word');
});

test('suppress: Istio analyze-suppress annotation', () => {
  const value = (v: unknown) => ({ metadata: { annotations: { 'galley.istio.io/analyze-suppress': v } } });
  assert.equal(annotationSuppressions(value('*')), 'all');
  assert.deepEqual(annotationSuppressions(value('IST0108,IST0103')), new Set(['IST0108', 'IST0103']));
  assert.deepEqual(annotationSuppressions(value(' IST0108 , IST0103 ')), new Set(['IST0108', 'IST0103']));
  assert.equal(annotationSuppressions(value('')), null);
  assert.equal(annotationSuppressions(value(3)), null);
  assert.equal(annotationSuppressions({}), null);
  assert.equal(isSuppressed(at(1), null, annotationSuppressions(value('IST0102,IST0101'))), true);
  assert.equal(isSuppressed(at(1), null, annotationSuppressions(value('IST0102'))), false);
});
