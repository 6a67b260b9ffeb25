/**
 * parse/patch.ts against the oracle it must equal: a full parse of the new text. A patched chunk
 * must have the same value, identity and problems, and the same AST node by node (kind, every
 * offset of its range, flow style, scalar value and style). Random documents (nested mappings,
 * sequences, block and quoted multi-line scalars, flow collections, comments, blank lines, CRLF)
 * get random edits; most edits are the kind typing makes, so the patch must also apply often.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { isMap, isPair, isScalar, isSeq, isAlias } from 'yaml';
import { parseChunk, type ParsedChunk } from '../../../server/src/parse/document';
import { DEFAULT_LIMITS } from '../../../server/src/parse/limits';
import { patchChunk } from '../../../server/src/parse/patch';
import { longDocument } from '../../fuzz/hostile';

/** Where two ASTs first differ ('' when they do not). */
function astDifference(a: unknown, b: unknown, at = '$'): string {
  const kind = (n: unknown) => (isPair(n) ? 'pair' : isMap(n) ? 'map' : isSeq(n) ? 'seq' : isScalar(n) ? 'scalar' : isAlias(n) ? 'alias' : n === null || n === undefined ? 'none' : 'other');
  if (kind(a) !== kind(b)) return `${at}: ${kind(a)} vs ${kind(b)}`;
  if (isPair(a) && isPair(b)) return astDifference(a.key, b.key, `${at}.key`) || astDifference(a.value, b.value, `${at}.value`);
  if (isScalar(a) && isScalar(b)) {
    if (JSON.stringify(a.range) !== JSON.stringify(b.range)) return `${at}: range ${JSON.stringify(a.range)} vs ${JSON.stringify(b.range)}`;
    if (!Object.is(a.value, b.value) || a.type !== b.type) return `${at}: value ${JSON.stringify(a.value)} (${a.type}) vs ${JSON.stringify(b.value)} (${b.type})`;
    return '';
  }
  if ((isMap(a) && isMap(b)) || (isSeq(a) && isSeq(b))) {
    if (JSON.stringify(a.range) !== JSON.stringify(b.range)) return `${at}: range ${JSON.stringify(a.range)} vs ${JSON.stringify(b.range)}`;
    if (Boolean(a.flow) !== Boolean(b.flow)) return `${at}: flow ${a.flow} vs ${b.flow}`;
    if (a.items.length !== b.items.length) return `${at}: ${a.items.length} vs ${b.items.length} items`;
    for (let i = 0; i < a.items.length; i++) {
      const d = astDifference(a.items[i], b.items[i], `${at}[${i}]`);
      if (d) return d;
    }
  }
  return '';
}

/** Why a patched chunk differs from the full parse of the same text ('' when it does not). */
function difference(patched: ParsedChunk, full: ParsedChunk): string {
  if (patched.text !== full.text) return 'text';
  try {
    assert.deepEqual(patched.value, full.value);
  } catch {
    return 'value';
  }
  if (JSON.stringify(patched.identity) !== JSON.stringify(full.identity)) return 'identity';
  if (JSON.stringify(patched.problems) !== JSON.stringify(full.problems)) return `problems ${JSON.stringify(patched.problems)} vs ${JSON.stringify(full.problems)}`;
  if (JSON.stringify(patched.ast?.range) !== JSON.stringify(full.ast?.range)) return `document range ${JSON.stringify(patched.ast?.range)} vs ${JSON.stringify(full.ast?.range)}`;
  return astDifference(patched.ast?.contents, full.ast?.contents);
}

// Random documents, written out by hand so that every construct appears in block context.
type Value = { t: 'word'; v: string } | { t: 'quoted'; v: string } | { t: 'map'; entries: [string, Value][] } | { t: 'seq'; items: Value[] }
  | { t: 'block'; lines: string[] } | { t: 'flow'; v: string } | { t: 'multi'; lines: string[] };

const word = fc.constantFrom('a', 'web', '80', 'true', 'null', '1.5', 'x y', 'hello-world', 'ü', '"q"', '#not');
const key = fc.constantFrom('name', 'host', 'port', 'weight', 'spec', 'items', 'a', 'b', 'c', 'd', 'e', 'f');
const value: fc.Arbitrary<Value> = fc.letrec<{ value: Value }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.record({ t: fc.constant('word' as const), v: word.filter((w) => !w.startsWith('"') && !w.startsWith('#')) }),
    fc.record({ t: fc.constant('quoted' as const), v: word }),
    fc.record({ t: fc.constant('map' as const), entries: fc.uniqueArray(fc.tuple(key, tie('value')), { minLength: 1, maxLength: 5, selector: ([k]) => k }) }),
    fc.record({ t: fc.constant('seq' as const), items: fc.array(tie('value'), { minLength: 1, maxLength: 4 }) }),
    fc.record({ t: fc.constant('block' as const), lines: fc.array(fc.constantFrom('line', '# not a comment', '', '  indented'), { minLength: 1, maxLength: 3 }) }),
    fc.record({ t: fc.constant('flow' as const), v: fc.constantFrom('[a, b]', '{x: 1, y: [2, 3]}', '[]', '{}') }),
    fc.record({ t: fc.constant('multi' as const), lines: fc.array(fc.constantFrom('part', 'more words'), { minLength: 2, maxLength: 3 }) }),
  ) as fc.Arbitrary<Value>,
})).value;

function inline(v: Value, indent: number): string {
  const pad = ' '.repeat(indent);
  switch (v.t) {
    case 'word': return ` ${v.v}\n`;
    case 'quoted': return ` ${JSON.stringify(v.v)}\n`;
    case 'flow': return ` ${v.v}\n`;
    case 'block': return ` |\n${v.lines.map((l) => (l === '' ? '\n' : `${pad}  ${l}\n`)).join('')}`;
    case 'multi': return ` "${v.lines.join(`\n${pad}  `)}"\n`;
    case 'map': return `\n${mapping(v.entries, indent + 2)}`;
    case 'seq': return `\n${v.items.map((item) => `${pad}  -${inline(item, indent + 2)}`).join('')}`;
  }
}

function mapping(entries: readonly [string, Value][], indent: number): string {
  return entries.map(([k, v]) => `${' '.repeat(indent)}${k}:${inline(v, indent)}`).join('');
}

const documentText = fc.record({
  entries: fc.uniqueArray(fc.tuple(key, value), { minLength: 1, maxLength: 6, selector: ([k]) => k }),
  comments: fc.array(fc.nat(), { maxLength: 3 }),
  crlf: fc.boolean(),
}).map(({ entries, comments, crlf }) => {
  const lines = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: patched\ndata:\n${mapping(entries, 2)}`.split('\n');
  // Comments and blank lines between lines, at assorted indentation.
  for (const at of comments) lines.splice(4 + (at % Math.max(1, lines.length - 4)), 0, at % 2 === 0 ? '' : `${' '.repeat(at % 5)}# note`);
  const text = lines.join('\n');
  return crlf ? text.replace(/\n/g, '\r\n') : text;
});

const junk = fc.constantFrom('x', ' ', '\n', ':', '-', '#', '"', '|', '  extra: 1\n', '  - item\n', '\t', '{', '[', '', 'name: dup\n', '  ', 'ab');
const edit = fc.record({ at: fc.nat(), remove: fc.nat({ max: 12 }), insert: junk });

function applied(text: string, e: { at: number; remove: number; insert: string }): string {
  const at = e.at % (text.length + 1);
  return text.slice(0, at) + e.insert + text.slice(Math.min(text.length, at + e.remove));
}

/** PATCH_RUNS and PATCH_SEED override for long runs. */
const RUNS = Number(process.env['PATCH_RUNS'] ?? 2000);
const SEED = Number(process.env['PATCH_SEED'] ?? 20261126);

/** Runs edit sequences on random documents; returns how many edits were patched, of how many. */
function check(edits: fc.Arbitrary<{ at: number; remove: number; insert: string }>, runs: number): { applies: number; edits: number } {
  let applies = 0;
  // Edits from a clean document to a clean one: those a patch can take (the others need a full parse's errors).
  let count = 0;
  fc.assert(fc.property(documentText, fc.array(edits, { minLength: 1, maxLength: 4 }), (text, sequence) => {
    let chunk = parseChunk(text, DEFAULT_LIMITS);
    let current = text;
    for (const e of sequence) {
      current = applied(current, e);
      const full = parseChunk(current, DEFAULT_LIMITS);
      const patched = patchChunk(chunk, current, DEFAULT_LIMITS);
      if (chunk.problems.length === 0 && full.problems.length === 0) count++;
      if (patched) {
        applies++;
        const d = difference(patched, full);
        if (d) throw new Error(`patched differs from full parse at ${d}\nbefore: ${JSON.stringify(chunk.text)}\nafter:  ${JSON.stringify(current)}`);
      }
      chunk = patched ?? full;
    }
  }), { numRuns: runs, seed: SEED });
  return { applies, edits: count };
}

test('patch: after any edit, a patched chunk equals the full parse of the new text, node by node (property)', () => {
  check(edit, RUNS);
});

// What typing does: a character into a word, one deleted, a new entry or item on a new line.
const typing = fc.record({
  at: fc.nat(),
  remove: fc.constantFrom(0, 0, 1),
  insert: fc.constantFrom('x', '7', '', '\n  more: 1', '\n    - z', ' w'),
});

test('patch: while typing, a patched chunk equals the full parse, and the patch takes most edits between valid texts (property)', () => {
  const { applies, edits } = check(typing, RUNS);
  // The property means little if the patch never applies.
  assert.ok(applies / edits > 0.4, `the patch applied to ${applies} of ${edits} edits between valid texts`);
});

const LONG = longDocument(2_000);
const at = (needle: string) => LONG.indexOf(needle);
const cases: { name: string; text: string; applies: boolean }[] = [
  { name: 'a character typed in a value', text: LONG.slice(0, at('value-1000') + 5) + 'x' + LONG.slice(at('value-1000') + 5), applies: true },
  { name: 'a character typed in a key', text: LONG.slice(0, at('key-1000') + 3) + 'x' + LONG.slice(at('key-1000') + 3), applies: true },
  { name: 'a line deleted', text: LONG.replace('  key-1000: value-1000\n', ''), applies: true },
  { name: 'two lines joined', text: LONG.replace('value-1000\n  key-1001: ', 'value-1000 key-1001 '), applies: true },
  { name: 'two lines joined into a compact mapping error', text: LONG.replace('value-1000\n  key-1001', 'value-1000  key-1001'), applies: false },
  { name: 'the first entry of the document edited', text: LONG.replace('apiVersion: v1', 'apiVersion: v2'), applies: false },
  { name: 'a line added', text: LONG.replace('  key-1000: value-1000\n', '  key-1000: value-1000\n  added: 1\n'), applies: true },
  { name: 'an entry appended at the end', text: `${LONG}  last: 1\n`, applies: true },
  { name: 'a character typed in the last value', text: LONG.replace('value-1999\n', 'value-1999x\n'), applies: true },
  { name: 'a comment typed at the end, less indented than the entries', text: `${LONG}# done\n`, applies: false },
  { name: 'a top-level key appended at the end', text: `${LONG}status: {}\n`, applies: false },
  { name: 'an entry added before the last one', text: LONG.replace('  key-1999: value-1999\n', '  added: 1\n  key-1999: value-1999\n'), applies: true },
  { name: 'a nested mapping typed under a key', text: LONG.replace('  key-1000: value-1000\n', '  key-1000:\n    inner: 1\n'), applies: true },
  { name: 'a duplicate key (the full parse reports it)', text: LONG.replace('  key-1000: value-1000\n', '  key-1000: value-1000\n  key-1001: again\n'), applies: false },
  { name: 'a line dedented to the top level', text: LONG.replace('  key-1000: value-1000\n', 'key-1000: value-1000\n'), applies: false },
  { name: 'a line indented under its neighbour', text: LONG.replace('  key-1000: value-1000\n', '   key-1000: value-1000\n'), applies: false },
  { name: 'an anchor typed', text: LONG.replace('value-1000', '&a value-1000'), applies: false },
  { name: 'an unterminated quote', text: LONG.replace('value-1000', '"value-1000'), applies: false },
  { name: 'the kind changed', text: LONG.replace('kind: ConfigMap', 'kind: Secret'), applies: true },
];
for (const c of cases) {
  test(`patch: ${c.name} ${c.applies ? 'is patched' : 'falls back to a full parse'}, equal to it either way`, () => {
    const before = parseChunk(LONG, DEFAULT_LIMITS);
    const patched = patchChunk(before, c.text, DEFAULT_LIMITS);
    assert.equal(patched !== null, c.applies);
    if (patched) assert.equal(difference(patched, parseChunk(c.text, DEFAULT_LIMITS)), '');
  });
}

test('patch: the old chunk is left as it was', () => {
  const before = parseChunk(LONG, DEFAULT_LIMITS);
  const snapshot = JSON.stringify(before.ast?.contents?.range) + JSON.stringify(before.value);
  const after = patchChunk(before, LONG.replace('value-10\n', 'value-10-longer\n'), DEFAULT_LIMITS);
  assert.ok(after);
  assert.equal(JSON.stringify(before.ast?.contents?.range) + JSON.stringify(before.value), snapshot);
  assert.equal(difference(before, parseChunk(LONG, DEFAULT_LIMITS)), '');
});
