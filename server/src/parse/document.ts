/**
 * Parses one document chunk (see split.ts) into what the rest of the engine reads: the plain
 * value, the resource identity, the YAML AST for locating paths, and syntax problems.
 *
 * Data flow: chunk text -> yaml CST/AST (`parseAllDocuments` with a LineCounter) -> checks for
 * depth and alias bombs -> plain value (`toJS`) -> identity. Positions stay relative to the chunk so
 * that a parsed chunk can be reused wherever the same text appears (cache.ts).
 *
 * Invariant: never throws. Anything the yaml library throws becomes a problem on the chunk.
 */
import { Document, isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseAllDocuments, type Node } from 'yaml';
import type { ParseLimits } from './limits';
import type { Range, ResourceIdentity } from './types';

/** A YAML-level problem inside a chunk, with chunk-relative offsets. */
export interface ChunkProblem {
  readonly code: 'MSH0001' | 'MSH0002';
  readonly severity: 'error' | 'warning';
  readonly message: string;
  readonly startOffset: number;
  readonly endOffset: number;
}

/** One parsed document, independent of where in a file it sits. */
export interface ParsedChunk {
  readonly text: string;
  readonly lineCounter: LineCounter;
  /** The AST, or null when the chunk holds only comments or blank lines. */
  readonly ast: Document.Parsed | null;
  /** The document as plain data; undefined when it could not be built safely. */
  readonly value: unknown;
  /** Set when the document is a mapping with string apiVersion and kind. */
  readonly identity: ResourceIdentity | null;
  readonly problems: readonly ChunkProblem[];
}

/** Parses a chunk. Never throws. */
export function parseChunk(text: string, limits: ParseLimits): ParsedChunk {
  const lineCounter = new LineCounter();
  const problems: ChunkProblem[] = [];
  // The yaml parser recurses on flow collections; find absurd nesting before it does.
  const flowDepth = deepestFlowNesting(text, limits.maxDepth);
  if (flowDepth.depth > limits.maxDepth) {
    problems.push(problemAt(text, flowDepth.offset, 'MSH0002', tooDeep(limits.maxDepth)));
    return { text, lineCounter, ast: null, value: undefined, identity: null, problems };
  }
  let docs: Document.Parsed[];
  try {
    docs = parseAllDocuments(text, { lineCounter, prettyErrors: false, uniqueKeys: true, strict: true }) as Document.Parsed[];
    if (!Array.isArray(docs)) docs = [];
  } catch (error) {
    problems.push(problemAt(text, 0, 'MSH0002', `The YAML parser gave up on this document: ${describe(error)}.`));
    return { text, lineCounter, ast: null, value: undefined, identity: null, problems };
  }
  const ast = docs[0] ?? null;
  for (const doc of docs) {
    for (const e of doc.errors) problems.push(syntaxProblem(text, e.pos, e.message, 'error'));
    for (const w of doc.warnings) problems.push(syntaxProblem(text, w.pos, w.message, 'warning'));
  }
  // The parser reports its own stack exhaustion as syntax errors; one limit finding says it better.
  if (docs.some((d) => d.errors.some((e) => /call stack|stack overflow/i.test(e.message)))) {
    return { text, lineCounter, ast: null, value: undefined, identity: null,
      problems: [problemAt(text, 0, 'MSH0002', tooDeep(limits.maxDepth))] };
  }
  // split.ts guarantees one document per chunk; a second one means text the splitter could not
  // see as a marker (for example a flow-level `---`), which YAML itself reports as an error.
  if (ast === null || ast.errors.length > 0) return { text, lineCounter, ast, value: undefined, identity: null, problems };

  const depth = maxDepth(ast.contents, limits.maxDepth);
  if (depth > limits.maxDepth) {
    problems.push(problemAt(text, ast.contents?.range?.[0] ?? 0, 'MSH0002', tooDeep(limits.maxDepth)));
    return { text, lineCounter, ast, value: undefined, identity: null, problems };
  }
  let value: unknown;
  try {
    value = ast.toJS({ maxAliasCount: limits.maxAliasCount });
  } catch (error) {
    const aliasBomb = error instanceof ReferenceError && /alias/i.test(error.message);
    problems.push(problemAt(text, ast.contents?.range?.[0] ?? 0, 'MSH0002', aliasBomb
      ? `This document expands aliases more than ${limits.maxAliasCount} times (an "alias bomb"), so it is not analysed.`
      : `This document could not be read: ${describe(error)}.`));
    return { text, lineCounter, ast, value: undefined, identity: null, problems };
  }
  return { text, lineCounter, ast, value, identity: identityOf(value), problems };
}

/** Converts chunk-relative offsets into a chunk-relative range. */
export function chunkRange(chunk: ParsedChunk, startOffset: number, endOffset: number): Range {
  return { start: chunkPosition(chunk, startOffset), end: chunkPosition(chunk, endOffset) };
}

function chunkPosition(chunk: ParsedChunk, offset: number): { line: number; character: number } {
  const clamped = Math.max(0, Math.min(offset, chunk.text.length));
  const pos = chunk.lineCounter.linePos(clamped);
  return { line: pos.line - 1, character: pos.col - 1 };
}

function identityOf(value: unknown): ResourceIdentity | null {
  if (!isRecord(value)) return null;
  const apiVersion = value['apiVersion'];
  const kind = value['kind'];
  if (typeof apiVersion !== 'string' || typeof kind !== 'string') return null;
  const metadata = isRecord(value['metadata']) ? value['metadata'] : {};
  const name = metadata['name'];
  const namespace = metadata['namespace'];
  return {
    apiVersion,
    kind,
    name: typeof name === 'string' ? name : null,
    namespace: typeof namespace === 'string' ? namespace : null,
  };
}

function tooDeep(limit: number): string {
  return `This document nests deeper than ${limit} levels, so it is not analysed.`;
}

/**
 * Deepest `[`/`{` nesting outside quotes and comments, stopping early past the limit. It can
 * overcount inside block scalars, which only matters for text that is absurd anyway.
 */
function deepestFlowNesting(text: string, limit: number): { depth: number; offset: number } {
  let depth = 0;
  let quote = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === quote) quote = '';
      else if (c === '\\' && quote === '"') i++;
      continue;
    }
    if (c === '"' || c === "'") {
      // Only a quote that opens a scalar starts a quoted string (`[it's]` is a plain scalar).
      if (depth > 0 && /[\s[{,:]/.test(text[i - 1] ?? ' ')) quote = c;
    } else if (c === '#' && (i === 0 || /\s/.test(text[i - 1]!))) {
      const newline = text.indexOf('\n', i);
      if (newline === -1) break;
      i = newline;
    } else if (c === '[' || c === '{') {
      if (++depth > limit) return { depth, offset: i };
    } else if ((c === ']' || c === '}') && depth > 0) depth--;
  }
  return { depth, offset: 0 };
}

/** Depth of the deepest collection, walked iteratively so deep input cannot overflow the stack. */
function maxDepth(root: Node | null, limit: number): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[root, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (isMap(node) || isSeq(node)) {
      if (depth > deepest) deepest = depth;
      if (deepest > limit) return deepest;
      for (const item of node.items) {
        if (isPair(item)) {
          stack.push([item.key, depth + 1], [item.value, depth + 1]);
        } else stack.push([item, depth + 1]);
      }
    } else if (!isScalar(node) && !isAlias(node) && isPair(node)) {
      stack.push([node.value, depth]);
    }
  }
  return deepest;
}

function syntaxProblem(text: string, pos: readonly [number, number], message: string, severity: 'error' | 'warning'): ChunkProblem {
  const start = Math.min(pos[0], text.length);
  let end = Math.min(Math.max(pos[1], start), text.length);
  if (end === start) end = lineEndFrom(text, start);
  return { code: 'MSH0001', severity, message: firstLine(message), startOffset: start, endOffset: end };
}

function problemAt(text: string, offset: number, code: 'MSH0001' | 'MSH0002', message: string): ChunkProblem {
  const start = Math.min(offset, text.length);
  return { code, severity: 'error', message, startOffset: start, endOffset: lineEndFrom(text, start) };
}

function lineEndFrom(text: string, offset: number): number {
  const newline = text.indexOf('\n', offset);
  const end = newline === -1 ? text.length : newline;
  return end > offset ? end : Math.min(offset + 1, text.length);
}

function firstLine(message: string): string {
  const line = message.split('\n')[0]!.trim();
  return line.replace(/ at line \d+, column \d+:?$/, '');
}

function describe(error: unknown): string {
  if (error instanceof RangeError) return 'it is nested too deeply to read';
  return error instanceof Error ? firstLine(error.message) : String(error);
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
