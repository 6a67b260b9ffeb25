/**
 * The key or value under the cursor, found in the parsed document (the counterpart of
 * parse/locate.ts, which goes from a path to text). Hover, definition and references use this:
 * they act on documents that exist, and the AST knows flow collections (`gateways: [a, b]`),
 * quoting and multi-line scalars that a line reading cannot. A document with no AST at all
 * falls back to its line entries (yaml-lines.ts).
 */
import { isMap, isPair, isScalar, isSeq, type Node } from 'yaml';
import type { ParsedChunk } from '../parse/document';
import { lineStarts as lineOffsets } from '../parse/lines';
import type { Path } from '../parse/types';
import { entriesOf } from './documents';

/** What the cursor is on, with chunk-relative offsets. */
export interface NodeAt {
  /** The path of the value; for a key, the path of the value the key names. */
  readonly path: Path;
  readonly target: 'key' | 'value';
  readonly startOffset: number;
  readonly endOffset: number;
  /** The scalar's value when the cursor is on one. */
  readonly value?: unknown;
}

const starts = new WeakMap<ParsedChunk, number[]>();

/** The chunk offset of a chunk-relative line and column. */
export function offsetIn(chunk: ParsedChunk, line: number, character: number): number {
  let s = starts.get(chunk);
  if (!s) {
    s = lineOffsets(chunk.text);
    starts.set(chunk, s);
  }
  const start = s[Math.min(line, s.length - 1)] ?? 0;
  return Math.min(start + character, chunk.text.length);
}

/** The key or scalar at a chunk offset, or null between tokens. */
export function nodeAtOffset(chunk: ParsedChunk, offset: number): NodeAt | null {
  const root = chunk.ast?.contents;
  if (!root) return fromLines(chunk, offset);
  const path: (string | number)[] = [];
  let node: unknown = root;
  for (;;) {
    if (isMap(node)) {
      let next: unknown = null;
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const key = pair.key as Node | null;
        if (isScalar(key) && key.range && contains(key.range, offset)) {
          return { path: [...path, String(key.value)], target: 'key', startOffset: key.range[0], endOffset: key.range[1] };
        }
        const value = pair.value as Node | null;
        if (value && (isScalar(value) || isMap(value) || isSeq(value)) && value.range && contains(value.range, offset)) {
          path.push(isScalar(key) ? String(key.value) : '');
          next = value;
          break;
        }
      }
      if (next === null) return null;
      node = next;
    } else if (isSeq(node)) {
      const i = node.items.findIndex((item) => (isScalar(item) || isMap(item) || isSeq(item)) && item.range !== undefined && item.range !== null && contains(item.range, offset));
      if (i < 0) return null;
      path.push(i);
      node = node.items[i];
    } else if (isScalar(node) && node.range) {
      return { path, target: 'value', startOffset: node.range[0], endOffset: node.range[1], value: node.value };
    } else return null;
  }
}

function contains(range: readonly number[], offset: number): boolean {
  return range[0]! <= offset && offset <= range[1]!;
}

/** For documents the parser could not read at all: the key or inline value on the line. */
function fromLines(chunk: ParsedChunk, offset: number): NodeAt | null {
  const s = starts.get(chunk) ?? lineOffsets(chunk.text);
  let line = 0;
  while (line + 1 < s.length && s[line + 1]! <= offset) line++;
  const column = offset - s[line]!;
  const lineStart = s[line]!;
  for (const e of entriesOf(chunk)) {
    if (e.line !== line) continue;
    if (e.key && e.key.start <= column && column <= e.key.end) {
      return { path: e.path, target: 'key', startOffset: lineStart + e.key.start, endOffset: lineStart + e.key.end };
    }
    if (e.value && e.value.start <= column && column <= e.value.end) {
      return { path: e.path, target: 'value', startOffset: lineStart + e.value.start, endOffset: lineStart + e.value.end, value: e.value.text };
    }
  }
  return null;
}
