/**
 * Parses one document chunk (see split.ts) into what the rest of the engine reads: the plain
 * value, the resource identity, the YAML AST for locating paths, and syntax problems.
 *
 * Data flow: chunk text -> characters YAML forbids (characters.ts) -> nesting read from the text
 * (nesting.ts) -> yaml CST/AST (`parseAllDocuments`) -> duplicate keys (duplicates.ts) -> exact
 * depth, alias count -> plain value (`toJS`, with its alias-bomb guard) -> identity. Positions stay
 * relative to the chunk, and are counted as LSP clients count them (lines.ts), so that a parsed
 * chunk can be reused wherever the same text appears (file.ts).
 *
 * Invariant: never throws. Anything the yaml library throws becomes a problem on the chunk.
 */
import { Document, isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseAllDocuments, type Node } from 'yaml';
import { characterProblem } from './characters';
import { addDuplicateKeyErrors } from './duplicates';
import type { ParseLimits } from './limits';
import { lineStarts, positionAt } from './lines';
import { deepestBlockNesting, deepestFlowNesting } from './nesting';
import type { Position, Range, ResourceIdentity } from './types';

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

/**
 * How every chunk (and every fragment patch.ts re-parses) is read. uniqueKeys is off because the
 * library's check is quadratic; duplicates.ts does it linearly. logLevel 'error': the library
 * would otherwise print warnings (a collection used as a key) through process.emitWarning, i.e.
 * onto the server's stderr.
 */
export const YAML_OPTIONS = { prettyErrors: false, uniqueKeys: false, strict: true, logLevel: 'error' } as const;

/** Parses a chunk. Never throws. */
export function parseChunk(text: string, limits: ParseLimits): ParsedChunk {
  const lineCounter = new LineCounter();
  const problems: ChunkProblem[] = [];
  // Binary content or another encoding: one finding at the first bad character, not a cascade.
  const characters = characterProblem(text);
  if (characters?.severity === 'error') {
    problems.push({ code: 'MSH0001', severity: 'error', message: characters.message,
      startOffset: characters.offset, endOffset: characters.offset + characters.length });
    return unparsed(text, lineCounter, problems);
  }
  if (characters) {
    problems.push({ code: 'MSH0001', severity: 'warning', message: characters.message,
      startOffset: characters.offset, endOffset: characters.offset + characters.length });
  }
  // The yaml parser recurses on every level; find absurd nesting before it does (nesting.ts).
  let nesting = deepestFlowNesting(text, limits.maxDepth);
  if (nesting.depth <= limits.maxDepth) nesting = deepestBlockNesting(text, limits.maxDepth);
  if (nesting.depth > limits.maxDepth) {
    problems.push(problemAt(text, nesting.offset, 'MSH0002', tooDeep(limits.maxDepth)));
    return unparsed(text, lineCounter, problems);
  }
  let docs: Document.Parsed[];
  try {
    docs = parseAllDocuments(text, { lineCounter, ...YAML_OPTIONS }) as Document.Parsed[];
    if (!Array.isArray(docs)) docs = [];
    for (const doc of docs) addDuplicateKeyErrors(doc);
  } catch (error) {
    problems.push(problemAt(text, 0, 'MSH0002', `The YAML parser gave up on this document: ${describe(error)}.`));
    return unparsed(text, lineCounter, problems);
  }
  const ast = docs[0] ?? null;
  for (const doc of docs) {
    for (const e of doc.errors) problems.push(syntaxProblem(text, e.pos, e.message, 'error'));
    for (const w of doc.warnings) problems.push(syntaxProblem(text, w.pos, w.message, 'warning'));
  }
  // The parser reports its own stack exhaustion as syntax errors; one limit finding says it better.
  // Not placed where the parser ran out: that varies with the stack left, and the same text must
  // always give the same findings. (The scans above make this rare: flow and block nesting mixed.)
  if (docs.some((d) => d.errors.some((e) => /call stack|stack overflow/i.test(e.message)))) {
    return { text, lineCounter, ast: null, value: undefined, identity: null,
      problems: [problemAt(text, 0, 'MSH0002', tooDeep(limits.maxDepth))] };
  }
  // split.ts guarantees one document per chunk; a second one means text the splitter could not
  // see as a marker (for example a flow-level `---`), which YAML itself reports as an error.
  if (ast === null || ast.errors.length > 0) return { text, lineCounter, ast, value: undefined, identity: null, problems };
  return completeChunk(text, lineCounter, ast, problems, limits);
}

/**
 * What follows a successful parse: the exact depth and alias checks, the plain value and the
 * identity. Shared with patch.ts, so a document patched after an edit is finished exactly as a
 * parsed one.
 */
export function completeChunk(text: string, lineCounter: LineCounter, ast: Document.Parsed, problems: ChunkProblem[], limits: ParseLimits): ParsedChunk {
  const shape = shapeOf(ast.contents, limits);
  if (shape.depth > limits.maxDepth) {
    problems.push(problemAt(text, shape.depthOffset, 'MSH0002', tooDeep(limits.maxDepth)));
    return { text, lineCounter, ast, value: undefined, identity: null, problems };
  }
  // yaml resolves each alias by scanning every anchor and alias before it, so many aliases cost
  // quadratic time even when none of them expands much: refuse them before toJS runs.
  if (shape.aliases > limits.maxAliasCount || shape.aliases * (shape.aliases + shape.anchors) > MAX_ALIAS_SCAN) {
    const many = shape.aliases > limits.maxAliasCount
      ? `more than ${limits.maxAliasCount} aliases` : `${shape.aliases} aliases among ${shape.anchors} anchors`;
    problems.push(problemAt(text, shape.overflowAliasOffset ?? shape.firstAliasOffset, 'MSH0002',
      `This document uses ${many}, too many to expand safely, so it is not analysed.`));
    return { text, lineCounter, ast, value: undefined, identity: null, problems };
  }
  let value: unknown;
  try {
    value = ast.toJS({ maxAliasCount: limits.maxAliasCount });
  } catch (error) {
    const aliasBomb = error instanceof ReferenceError && /alias/i.test(error.message);
    problems.push(problemAt(text, aliasBomb ? shape.firstAliasOffset : ast.contents?.range?.[0] ?? 0, 'MSH0002', aliasBomb
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

/** Line starts per chunk, computed on first use: most chunks never need a range. */
const chunkLines = new WeakMap<ParsedChunk, number[]>();

function chunkPosition(chunk: ParsedChunk, offset: number): Position {
  // Not chunk.lineCounter: it misses lone CRs and is empty when parsing stopped early.
  let starts = chunkLines.get(chunk);
  if (!starts) {
    starts = lineStarts(chunk.text);
    chunkLines.set(chunk, starts);
  }
  // An offset between CR and LF (the parser's error ranges can end there) is the end of the line.
  const at = chunk.text.charCodeAt(offset) === 10 && chunk.text.charCodeAt(offset - 1) === 13 ? offset - 1 : offset;
  return positionAt(starts, chunk.text.length, at);
}

/** A chunk that was not handed to the parser; its line counter is filled so it is still usable. */
function unparsed(text: string, lineCounter: LineCounter, problems: ChunkProblem[]): ParsedChunk {
  fillLineCounter(text, lineCounter);
  return { text, lineCounter, ast: null, value: undefined, identity: null, problems };
}

/** Fills a line counter as the parser would (a line after every LF). */
export function fillLineCounter(text: string, lineCounter: LineCounter): LineCounter {
  lineCounter.addNewLine(0);
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lineCounter.addNewLine(i + 1);
  return lineCounter;
}

/** Who a plain value is: apiVersion, kind, name and namespace as written (null when not strings). */
export function identityOf(value: unknown): ResourceIdentity | null {
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

/** Alias resolutions times nodes scanned that toJS may cost (a few tens of milliseconds). */
const MAX_ALIAS_SCAN = 20_000_000;

interface Shape {
  readonly depth: number;
  /** Where the first collection past the depth limit starts (when depth is past it). */
  readonly depthOffset: number;
  readonly aliases: number;
  readonly anchors: number;
  readonly firstAliasOffset: number;
  /** Where the first alias past the alias limit is. */
  readonly overflowAliasOffset: number | null;
}

/**
 * Depth of the deepest collection, and the aliases and anchors the document holds, in one walk
 * with an explicit stack so deep input cannot overflow it. Past the depth limit it stops early.
 */
function shapeOf(root: Node | null, limits: ParseLimits): Shape {
  let deepest = 0;
  let aliases = 0;
  let anchors = 0;
  let firstAlias: number | null = null;
  let overflowAlias: number | null = null;
  // Children are pushed last-first, so nodes come off the stack in text order.
  const stack: [unknown, number][] = [[root, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (isAlias(node)) {
      aliases++;
      const at = node.range?.[0] ?? 0;
      firstAlias ??= at;
      if (aliases === limits.maxAliasCount + 1) overflowAlias = at;
      continue;
    }
    if ((isScalar(node) || isMap(node) || isSeq(node)) && node.anchor) anchors++;
    if (isMap(node) || isSeq(node)) {
      if (depth > deepest) deepest = depth;
      if (deepest > limits.maxDepth) {
        return { depth: deepest, depthOffset: node.range?.[0] ?? 0, aliases, anchors, firstAliasOffset: 0, overflowAliasOffset: null };
      }
      for (let i = node.items.length - 1; i >= 0; i--) {
        const item: unknown = node.items[i];
        if (isPair(item)) {
          stack.push([item.value, depth + 1], [item.key, depth + 1]);
        } else stack.push([item, depth + 1]);
      }
    } else if (!isScalar(node) && isPair(node)) {
      stack.push([node.value, depth]);
    }
  }
  return { depth: deepest, depthOffset: 0, aliases, anchors, firstAliasOffset: firstAlias ?? 0, overflowAliasOffset: overflowAlias };
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
