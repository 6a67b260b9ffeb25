/**
 * Re-splitting after an edit (analysis/reparse.ts) gives exactly the documents a full split gives:
 * the same boundaries, offsets, lines and indexes, for edits anywhere, including edits that make
 * or break document markers, directives, `...` ends and line breaks of every kind.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { reparseFile } from '../../../server/src/analysis/reparse';
import { ChunkCache, parseFile, type PlacedDocument } from '../../../server/src/parse/file';
import { DEFAULT_LIMITS } from '../../../server/src/parse/limits';
import { LINE_END_CASES, lineAt } from '../../support/line-ends';
import { seededRandom as random } from '../../support/random';

const LINES = [
  '---', '--- # marker with a comment', '...', '%YAML 1.2', '# a comment', '', 'a: 1', 'kind: Service', 'b:', '  - x',
  '  c: |', '    block', '    ---', "d: '---'", 'e: [1, 2]', '  ', '---x', '.... not an end', 'f: "x\ty"',
];
const BREAKS = ['\n', '\n', '\n', '\r\n', '\r'];

function randomText(rnd: () => number): string {
  let text = '';
  const n = 3 + Math.floor(rnd() * 25);
  for (let i = 0; i < n; i++) text += LINES[Math.floor(rnd() * LINES.length)]! + BREAKS[Math.floor(rnd() * BREAKS.length)]!;
  return rnd() < 0.2 ? text.slice(0, -1) : text;
}

function randomEdit(text: string, rnd: () => number): string {
  const at = Math.floor(rnd() * (text.length + 1));
  switch (Math.floor(rnd() * 5)) {
    case 0: return text.slice(0, at) + 'x' + text.slice(at);
    case 1: return text.slice(0, at) + text.slice(at + 1 + Math.floor(rnd() * 8));
    case 2: return text.slice(0, at) + LINES[Math.floor(rnd() * LINES.length)]! + '\n' + text.slice(at);
    case 3: return text.slice(0, at) + BREAKS[Math.floor(rnd() * BREAKS.length)]! + text.slice(at);
    default: {
      // Touch a marker: delete the next `---` or `...`, the edits that move boundaries most.
      const next = text.slice(at).search(/---|\.\.\./);
      return next < 0 ? text + '---\n' : text.slice(0, at + next) + text.slice(at + next + 3);
    }
  }
}

const shape = (docs: readonly PlacedDocument[]) => docs.map((d) => ({ index: d.index, startOffset: d.startOffset, startLine: d.startLine, text: d.chunk.text }));

test('reparse: the same documents as a full split, after any edit', () => {
  const rnd = random(6);
  const cache = new ChunkCache();
  for (let round = 0; round < 300; round++) {
    let text = randomText(rnd);
    let documents = parseFile(text, DEFAULT_LIMITS, cache);
    for (let step = 0; step < 8; step++) {
      const edited = randomEdit(text, rnd);
      const incremental = reparseFile(edited, DEFAULT_LIMITS, cache, { text, documents });
      assert.deepEqual(shape(incremental), shape(parseFile(edited, DEFAULT_LIMITS)), `round ${round}, step ${step}: ${JSON.stringify(text)} -> ${JSON.stringify(edited)}`);
      text = edited;
      documents = incremental;
    }
  }
});

test('reparse: an edit inside one document keeps every other document object', () => {
  const docs = Array.from({ length: 6 }, (_, i) => `kind: Service\nmetadata:\n  name: s${i}\n`);
  const text = docs.join('---\n');
  const cache = new ChunkCache();
  const before = parseFile(text, DEFAULT_LIMITS, cache);
  // A value edit that keeps the line count: documents before it are the same objects, documents
  // after it keep their parse (the same chunk) at a moved offset.
  const edited = text.replace('name: s3', 'name: s3x');
  const after = reparseFile(edited, DEFAULT_LIMITS, cache, { text, documents: before });
  assert.deepEqual(after.map((d, i) => d === before[i]), [true, true, true, false, false, false]);
  assert.deepEqual(after.map((d, i) => d.chunk === before[i]!.chunk), [true, true, true, false, true, true]);
  assert.deepEqual(shape(after), shape(parseFile(edited, DEFAULT_LIMITS)));
});

test('reparse: mixed line ends around markers, after every small edit, as a full split', () => {
  const cache = new ChunkCache();
  const edits = ['x', '\n', '\r', '\r\n', '...', null];
  for (const c of LINE_END_CASES) {
    // Documents on both sides, so that the re-split keeps some and moves others.
    const text = `p: 0\n---\nq: 0\n---\n${c.text}\n---\nr: 0\n---\ns: 0\n`;
    const documents = parseFile(text, DEFAULT_LIMITS, cache);
    for (let at = 0; at <= text.length; at++) {
      for (const insert of edits) {
        const edited = text.slice(0, at) + (insert ?? '') + text.slice(insert === null ? at + 1 : at);
        const incremental = shape(reparseFile(edited, DEFAULT_LIMITS, cache, { text, documents }));
        const message = `${c.name}: ${JSON.stringify(edited)}`;
        assert.deepEqual(incremental, shape(parseFile(edited, DEFAULT_LIMITS)), message);
        assert.deepEqual(incremental.map((d) => d.startLine), incremental.map((d) => lineAt(edited, d.startOffset)), message);
      }
    }
  }
});
