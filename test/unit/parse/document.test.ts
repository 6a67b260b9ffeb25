import assert from 'node:assert/strict';
import { test } from 'node:test';
import { chunkRange, parseChunk } from '../../../server/src/parse/document';
import { DEFAULT_LIMITS } from '../../../server/src/parse/limits';

test('parseChunk: identity is taken as written, namespace null when absent', () => {
  const chunk = parseChunk('apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n', DEFAULT_LIMITS);
  assert.deepEqual(chunk.identity, { apiVersion: 'v1', kind: 'Service', name: 'web', namespace: null });
  assert.deepEqual(chunk.problems, []);
});

test('parseChunk: a document that is not a resource has no identity and no problems', () => {
  for (const text of ['just: data\n', '- a\n- b\n', 'plain scalar\n', '', '# comment\n', 'kind: 3\napiVersion: v1\n']) {
    const chunk = parseChunk(text, DEFAULT_LIMITS);
    assert.equal(chunk.identity, null, text);
    assert.deepEqual(chunk.problems, [], text);
  }
});

test('parseChunk: syntax errors come with a range on the offending line', () => {
  const text = 'apiVersion: v1\nkind: Service\nspec:\n  ports: [80,\n';
  const chunk = parseChunk(text, DEFAULT_LIMITS);
  assert.ok(chunk.problems.length >= 1);
  const p = chunk.problems[0]!;
  assert.equal(p.code, 'MSH0001');
  assert.ok(!p.message.includes('\n'));
  const range = chunkRange(chunk, p.startOffset, p.endOffset);
  assert.ok(range.start.line >= 3, `expected the error on the unterminated flow sequence, got line ${range.start.line}`);
});

test('parseChunk: duplicate keys are a syntax error', () => {
  const chunk = parseChunk('a: 1\na: 2\n', DEFAULT_LIMITS);
  assert.equal(chunk.problems[0]?.code, 'MSH0001');
});

test('parseChunk: an alias bomb ends in one MSH0002 problem, quickly', () => {
  const lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
  for (let i = 1; i < 12; i++) lines.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
  const chunk = parseChunk(lines.join('\n') + '\n', DEFAULT_LIMITS);
  assert.equal(chunk.value, undefined);
  assert.deepEqual(chunk.problems.map((p) => p.code), ['MSH0002']);
  assert.match(chunk.problems[0]!.message, /alias/);
});

test('parseChunk: nesting past the limit ends in one MSH0002 problem', () => {
  const depth = 10_000;
  const text = '['.repeat(depth) + ']'.repeat(depth) + '\n';
  const chunk = parseChunk(text, DEFAULT_LIMITS);
  assert.equal(chunk.value, undefined);
  assert.equal(chunk.problems.length, 1);
  assert.equal(chunk.problems[0]!.code, 'MSH0002');
});

test('parseChunk: deep block nesting is caught the same way', () => {
  const lines: string[] = [];
  for (let i = 0; i < 400; i++) lines.push(`${' '.repeat(i)}k${i}:`);
  const chunk = parseChunk(lines.join('\n') + ' end\n', DEFAULT_LIMITS);
  assert.deepEqual(chunk.problems.map((p) => p.code), ['MSH0002']);
});
