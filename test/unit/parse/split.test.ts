import assert from 'node:assert/strict';
import { test } from 'node:test';
import { splitDocuments } from '../../../server/src/parse/split';
import { LINE_END_CASES, lineAt } from '../../support/line-ends';

const cases: { name: string; text: string; chunks: { text: string; startLine: number }[] }[] = [
  { name: 'single document', text: 'a: 1\n', chunks: [{ text: 'a: 1\n', startLine: 0 }] },
  { name: 'empty file', text: '', chunks: [{ text: '', startLine: 0 }] },
  { name: 'two documents', text: 'a: 1\n---\nb: 2\n', chunks: [{ text: 'a: 1\n', startLine: 0 }, { text: '---\nb: 2\n', startLine: 1 }] },
  { name: 'leading marker and comment stay together', text: '# hi\n---\na: 1\n', chunks: [{ text: '# hi\n---\na: 1\n', startLine: 0 }] },
  { name: 'directive stays with its document', text: '%YAML 1.2\n---\na: 1\n', chunks: [{ text: '%YAML 1.2\n---\na: 1\n', startLine: 0 }] },
  { name: 'marker with content on its line', text: 'a: 1\n--- {b: 2}\n', chunks: [{ text: 'a: 1\n', startLine: 0 }, { text: '--- {b: 2}\n', startLine: 1 }] },
  { name: 'document end marker', text: 'a: 1\n...\nb: 2\n', chunks: [{ text: 'a: 1\n...\n', startLine: 0 }, { text: 'b: 2\n', startLine: 2 }] },
  { name: 'dashes inside a value are not a marker', text: 'a: |\n  ---\n  x\n', chunks: [{ text: 'a: |\n  ---\n  x\n', startLine: 0 }] },
  { name: 'four dashes are not a marker', text: 'a: 1\n----\n', chunks: [{ text: 'a: 1\n----\n', startLine: 0 }] },
  { name: 'CRLF line ends', text: 'a: 1\r\n---\r\nb: 2\r\n', chunks: [{ text: 'a: 1\r\n', startLine: 0 }, { text: '---\r\nb: 2\r\n', startLine: 1 }] },
  { name: 'consecutive markers give an empty document', text: '---\n---\na: 1\n', chunks: [{ text: '---\n', startLine: 0 }, { text: '---\na: 1\n', startLine: 1 }] },
  // An editor also ends a line at a lone CR, so the `...` line below is two lines to it.
  { name: 'document end marker with a lone CR', text: 'a: 1\n...\r# end\nb: 2\n', chunks: [{ text: 'a: 1\n...\r# end\n', startLine: 0 }, { text: 'b: 2\n', startLine: 3 }] },
];

for (const c of cases) {
  test(`splitDocuments: ${c.name}`, () => {
    const chunks = splitDocuments(c.text);
    assert.deepEqual(chunks.map(({ text, startLine }) => ({ text, startLine })), c.chunks);
    // The chunks always tile the file exactly.
    assert.equal(chunks.map((x) => x.text).join(''), c.text);
    for (const x of chunks) assert.equal(c.text.slice(x.startOffset, x.startOffset + x.text.length), x.text);
  });
}

for (const c of LINE_END_CASES) {
  test(`splitDocuments: mixed line ends: ${c.name}`, () => {
    const chunks = splitDocuments(c.text);
    assert.deepEqual(chunks.map((x) => x.text), c.chunks);
    assert.deepEqual(chunks.map((x) => x.startLine), chunks.map((x) => lineAt(c.text, x.startOffset)));
    for (const x of chunks) assert.equal(c.text.slice(x.startOffset, x.startOffset + x.text.length), x.text);
  });
}
