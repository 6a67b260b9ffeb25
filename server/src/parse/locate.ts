/**
 * The one module that turns a path into text. Rules and the schema validator report paths; this
 * finds the key or value they name in the YAML AST, falling back to the nearest existing ancestor
 * when the path goes past what the document holds (a missing field is reported on its parent).
 *
 * Why ranges prefer a key over a multi-line value: a wrong-typed block mapping would otherwise
 * underline a whole screen; the key that introduces it is the token the user has to look at.
 */
import { isAlias, isCollection, isMap, isPair, isScalar, isSeq, type Node, type Pair } from 'yaml';
import type { ParsedChunk } from './document';
import type { Path, PathTarget } from './types';

/** Chunk-relative offsets of what a path names. */
export interface Located {
  readonly startOffset: number;
  readonly endOffset: number;
  /** How much of the path exists in the document; equals path.length on an exact hit. */
  readonly matchedDepth: number;
}

/** Finds the key or value a path names; never throws, and always returns a range in the chunk. */
export function locate(chunk: ParsedChunk, path: Path, target: PathTarget = 'value'): Located {
  const root = chunk.ast?.contents ?? null;
  if (!root) return { ...firstLineOf(chunk.text), matchedDepth: 0 };
  let node: unknown = root;
  let pair: Pair | null = null;
  let depth = 0;
  for (const segment of path) {
    const current = isAlias(node) ? resolveAlias(chunk, node) : node;
    let next: { node: unknown; pair: Pair | null } | null = null;
    if (typeof segment === 'string' && isMap(current)) {
      const found = current.items.find((item) => isPair(item) && keyText(item.key) === segment) as Pair | undefined;
      if (found) next = { node: found.value, pair: found };
    } else if (typeof segment === 'number' && isSeq(current)) {
      const item = current.items[segment];
      if (item !== undefined) next = { node: item, pair: null };
    }
    if (!next) break;
    node = next.node;
    pair = next.pair;
    depth++;
  }
  const exact = depth === path.length;
  // Past the end of the document (a missing field), or asked for the key: point at the key.
  const wantKey = !exact || target === 'key';
  const keyNode = pair && isNodeWithRange(pair.key) ? pair.key : null;
  if (wantKey && keyNode) return { ...rangeOf(keyNode), matchedDepth: depth };
  // A key with no value (`subset:`) has an empty null scalar: the key is the only token there is.
  if (isScalar(node) && node.range && node.range[0] === node.range[1] && keyNode) return { ...rangeOf(keyNode), matchedDepth: depth };
  if (isNodeWithRange(node)) {
    if (isCollection(node) && spansLines(chunk.text, node) && keyNode) return { ...rangeOf(keyNode), matchedDepth: depth };
    if (isCollection(node) && spansLines(chunk.text, node)) return { ...firstLineWithin(chunk.text, node), matchedDepth: depth };
    return { ...rangeOf(node), matchedDepth: depth };
  }
  // A key with no value (`subset:`): the key is the only token there is.
  if (keyNode) return { ...rangeOf(keyNode), matchedDepth: depth };
  return { ...firstLineOf(chunk.text), matchedDepth: depth };
}

function keyText(key: unknown): string | null {
  if (isScalar(key)) return key.value === null ? 'null' : String(key.value);
  return null;
}

function resolveAlias(chunk: ParsedChunk, alias: unknown): unknown {
  if (!isAlias(alias) || !chunk.ast) return alias;
  try {
    return alias.resolve(chunk.ast) ?? alias;
  } catch {
    return alias;
  }
}

function isNodeWithRange(node: unknown): node is Node & { range: [number, number, number] } {
  return (isScalar(node) || isCollection(node) || isAlias(node)) && Array.isArray((node as Node).range);
}

function rangeOf(node: Node & { range: [number, number, number] }): { startOffset: number; endOffset: number } {
  const [start, valueEnd] = node.range;
  return { startOffset: start, endOffset: Math.max(valueEnd, start) };
}

function spansLines(text: string, node: Node & { range: [number, number, number] }): boolean {
  const [start, valueEnd] = node.range;
  const newline = text.indexOf('\n', start);
  return newline !== -1 && newline < valueEnd;
}

function firstLineWithin(text: string, node: Node & { range: [number, number, number] }): { startOffset: number; endOffset: number } {
  const [start, valueEnd] = node.range;
  const newline = text.indexOf('\n', start);
  const end = newline === -1 ? valueEnd : Math.min(newline, valueEnd);
  return { startOffset: start, endOffset: trimEnd(text, start, end) };
}

function firstLineOf(text: string): { startOffset: number; endOffset: number } {
  let start = 0;
  // Skip the `---` marker and comment lines so the range lands on content.
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (trimmed !== '' && !trimmed.startsWith('#') && !/^---\s*$/.test(trimmed)) break;
    start += line.length + 1;
  }
  if (start >= text.length) start = 0;
  const newline = text.indexOf('\n', start);
  const end = newline === -1 ? text.length : newline;
  return { startOffset: start, endOffset: trimEnd(text, start, end) };
}

function trimEnd(text: string, start: number, end: number): number {
  let e = end;
  while (e > start && /\s/.test(text[e - 1]!)) e--;
  return e;
}
