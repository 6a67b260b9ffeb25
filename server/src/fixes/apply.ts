/**
 * Turns structural edits (set / delete / rename-key / append at a path) into text edits that
 * touch only what they change, so a fix keeps the user's formatting, comments and quoting.
 *
 *   YamlEdit + placed document -> the node at the path (yaml AST with ranges)
 *     set        existing node: replace its text; missing: insert `key: value` under the deepest
 *                existing mapping (nested mappings created as needed)
 *     delete     remove the pair's or item's lines (block) or its text and comma (flow)
 *     rename-key replace the key token
 *     append     add `- value` after the last item (block), `, value` (flow), or create the list
 *     add-document  `---` and the value as a new document right after the subject's document
 *   -> TextEdit in file offsets (document start + chunk offset)
 *
 * Anything the text form cannot express (the target sits in an alias, a flow collection holds
 * a multi-line value, a path crosses a non-collection) yields no edit rather than a wrong one.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, stringify, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import type { Fix, YamlEdit } from '../findings/finding';
import type { PlacedIndex } from '../model/workspace-index';
import type { ParsedChunk } from '../parse/document';
import type { Path } from '../parse/types';

/** Replace [startOffset, endOffset) of a file with newText. */
export interface TextEdit {
  readonly startOffset: number;
  readonly endOffset: number;
  readonly newText: string;
}

/** The text edits of a fix, grouped by file. `subject` is the finding's resource key. */
export function textEditsForFix(fix: Fix, subject: string, index: PlacedIndex): Map<string, TextEdit[]> {
  const out = new Map<string, TextEdit[]>();
  for (const edit of fix.edits) {
    const where = index.placement(edit.subject ?? subject);
    if (!where) continue;
    const e = textEditInChunk(where.document.chunk, edit);
    if (!e) continue;
    const shifted = { startOffset: e.startOffset + where.document.startOffset, endOffset: e.endOffset + where.document.startOffset, newText: e.newText };
    out.set(where.file, [...(out.get(where.file) ?? []), shifted]);
  }
  return out;
}

/** Applies edits to a text; overlapping edits after the first are skipped. */
export function applyTextEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => a.startOffset - b.startOffset || a.endOffset - b.endOffset);
  const kept: TextEdit[] = [];
  for (const e of sorted) {
    const last = kept[kept.length - 1];
    if (last && e.startOffset < last.endOffset) continue;
    kept.push(e);
  }
  let out = text;
  for (const e of kept.reverse()) out = out.slice(0, e.startOffset) + e.newText + out.slice(e.endOffset);
  return out;
}

/** One structural edit as a chunk-relative text edit, or null when it cannot be expressed. */
export function textEditInChunk(chunk: ParsedChunk, edit: YamlEdit): TextEdit | null {
  if (edit.op === 'add-document') return addDocument(chunk.text, edit.value);
  const root = chunk.ast?.contents;
  if (!root) return null;
  const walk = walkPath(root, edit.path);
  if (!walk) return null;
  const text = chunk.text;
  switch (edit.op) {
    case 'set':
      if (walk.found) return replaceNode(text, walk, edit.value);
      return insertMissing(text, walk, edit.path, edit.value);
    case 'rename-key': {
      if (!walk.found || !walk.pair || !isScalar(walk.pair.key) || !walk.pair.key.range) return null;
      const [start, end] = walk.pair.key.range;
      return { startOffset: start, endOffset: end, newText: inline(edit.newKey) };
    }
    case 'delete':
      if (!walk.found) return null;
      return deleteEntry(text, walk);
    case 'append': {
      if (!walk.found) return insertMissing(text, walk, edit.path, [edit.value]);
      if (!isSeq(walk.node)) return null;
      return appendItem(text, walk.node, edit.value);
    }
  }
}

interface Walk {
  /** Whether the whole path exists. */
  readonly found: boolean;
  /** The node at the path (found) or the deepest existing collection on it (not found). */
  readonly node: unknown;
  /** How many path segments exist. */
  readonly depth: number;
  /** The pair holding the node, when its parent is a mapping. */
  readonly pair: Pair | null;
  /** The collection holding the node. */
  readonly parent: YAMLMap | YAMLSeq | null;
}

function walkPath(root: unknown, path: Path): Walk | null {
  let node: unknown = root;
  let pair: Pair | null = null;
  let parent: YAMLMap | YAMLSeq | null = null;
  for (let depth = 0; depth < path.length; depth++) {
    const segment = path[depth]!;
    if (isAlias(node)) return null;
    if (typeof segment === 'string' && isMap(node)) {
      const found = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === segment);
      if (!found) return { found: false, node, depth, pair, parent };
      parent = node;
      pair = found;
      node = found.value;
    } else if (typeof segment === 'number' && isSeq(node)) {
      if (segment >= node.items.length) return { found: false, node, depth, pair, parent };
      parent = node;
      pair = null;
      node = node.items[segment];
    } else if (node === null || (isScalar(node) && node.value === null)) {
      // An empty value (`subsets:`) is where the rest of the path would be created.
      return { found: false, node, depth, pair, parent };
    } else return null;
  }
  return { found: true, node, depth: path.length, pair, parent };
}

function replaceNode(text: string, walk: Walk, value: unknown): TextEdit | null {
  const node = walk.node;
  if (!isNodeWithRange(node)) return null;
  const [start, end] = node.range;
  const simple = value === null || typeof value !== 'object';
  const key = walk.pair?.key;
  if (simple || walk.parent?.flow || !key || !isNodeWithRange(key)) return { startOffset: start, endOffset: end, newText: inline(value) };
  // A mapping or list value under a block key: written as a nested block after the colon.
  const colon = text.indexOf(':', key.range[1]);
  if (colon < 0 || colon > start) return null;
  return { startOffset: colon + 1, endOffset: end, newText: '\n' + block(value, columnOf(text, key.range[0]) + 2).replace(/\n$/, '') };
}

function insertMissing(text: string, walk: Walk, path: Path, value: unknown): TextEdit | null {
  // Build the value for the deepest existing node: the remaining path as nested mappings.
  const rest = path.slice(walk.depth);
  const first = rest[0];
  if (typeof first !== 'string') return null;
  let nested: unknown = value;
  for (let i = rest.length - 1; i >= 1; i--) {
    const seg = rest[i]!;
    if (typeof seg !== 'string') return null;
    nested = { [seg]: nested };
  }
  const container = walk.node;
  if (isMap(container)) {
    if (container.flow) {
      const entry = `${inline(first)}: ${inline(nested)}`;
      const last = container.items[container.items.length - 1];
      const lastEnd = last && isNodeWithRange(last.value) ? last.value.range[1] : last && isNodeWithRange(last.key) ? last.key.range[1] : -1;
      if (lastEnd >= 0) return { startOffset: lastEnd, endOffset: lastEnd, newText: `, ${entry}` };
      const close = text.lastIndexOf('}', container.range?.[1] ?? 0);
      return close < 0 ? null : { startOffset: close, endOffset: close, newText: `${entry}` };
    }
    const firstKey = container.items[0]?.key as Node | undefined;
    if (!firstKey || !isNodeWithRange(firstKey)) return null;
    const indent = columnOf(text, firstKey.range[0]);
    const at = lineEndAt(text, (container.range?.[1] ?? firstKey.range[1]));
    return { startOffset: at, endOffset: at, newText: '\n' + block({ [first]: nested }, indent).replace(/\n$/, '') };
  }
  // An empty value under a key: `key:` or `key: null` gets the nested block.
  if ((container === null || (isScalar(container) && container.value === null)) && walk.pair && isNodeWithRange(walk.pair.key)) {
    const keyStart = walk.pair.key.range[0];
    const indent = columnOf(text, keyStart) + 2;
    const keyEnd = walk.pair.key.range[1];
    const colon = text.indexOf(':', keyEnd);
    if (colon < 0) return null;
    const end = isScalar(container) && container.range ? Math.max(container.range[1], colon + 1) : colon + 1;
    return { startOffset: colon + 1, endOffset: end, newText: '\n' + block({ [first]: nested }, indent).replace(/\n$/, '') };
  }
  return null;
}

function deleteEntry(text: string, walk: Walk): TextEdit | null {
  const parent = walk.parent;
  if (!parent) return null;
  const start = walk.pair && isNodeWithRange(walk.pair.key) ? walk.pair.key.range[0] : isNodeWithRange(walk.node) ? walk.node.range[0] : -1;
  if (start < 0) return null;
  const valueEnd = isNodeWithRange(walk.node) ? walk.node.range[1] : start;
  if (parent.flow) {
    const items = parent.items as unknown[];
    const i = items.indexOf(walk.pair ?? walk.node);
    const after = text.indexOf(',', valueEnd);
    const close = text.indexOf(isMap(parent) ? '}' : ']', valueEnd);
    if (i < items.length - 1 && after >= 0 && after < close) {
      let end = after + 1;
      while (text[end] === ' ') end++;
      return { startOffset: start, endOffset: end, newText: '' };
    }
    const before = text.lastIndexOf(',', start);
    const open = text.lastIndexOf(isMap(parent) ? '{' : '[', start);
    return { startOffset: before > open ? before : start, endOffset: valueEnd, newText: '' };
  }
  // Block: remove whole lines, from the item's line start (including a `- ` indicator) to the
  // end of its value's last line.
  const from = lineStartOf(text, start);
  const prefix = text.slice(from, start).trim();
  // A pair that shares its line with a `- ` indicator (the first key of a list item) cannot lose
  // its line without taking the item's other keys along: no edit rather than a wrong one.
  if (walk.pair && prefix !== '') return null;
  if (!walk.pair && prefix !== '-' && prefix !== '') return null;
  const lastChar = Math.max(valueEnd - 1, start);
  let to = text.indexOf('\n', lastChar);
  to = to < 0 ? text.length : to + 1;
  return { startOffset: from, endOffset: to, newText: '' };
}

function appendItem(text: string, seq: YAMLSeq, value: unknown): TextEdit | null {
  if (!seq.range) return null;
  if (seq.flow) {
    const close = text.lastIndexOf(']', seq.range[1]);
    if (close < 0) return null;
    return { startOffset: close, endOffset: close, newText: `${seq.items.length > 0 ? ', ' : ''}${inline(value)}` };
  }
  const dash = seq.range[0];
  const indent = columnOf(text, dash);
  const at = lineEndAt(text, seq.range[1]);
  const item = block([value], indent).replace(/\n$/, '');
  return { startOffset: at, endOffset: at, newText: '\n' + item };
}

/**
 * A new document after the chunk: the chunk ends where the next one starts, so the new text goes
 * at its very end (after a line break of its own if the chunk lacks one). Lists are written at
 * their key's indentation, as kubectl writes them.
 */
function addDocument(text: string, value: Readonly<Record<string, unknown>>): TextEdit {
  const at = text.length;
  const newline = text === '' || text.endsWith('\n') || text.endsWith('\r') ? '' : '\n';
  return { startOffset: at, endOffset: at, newText: `${newline}---\n${stringify(value, { indentSeq: false, lineWidth: 0 })}` };
}

/** A value as a single-line YAML token (flow style for collections). */
function inline(value: unknown): string {
  if (value !== null && typeof value === 'object') return stringify(value, { collectionStyle: 'flow' }).trim();
  return stringify(value).trim();
}

/** A value as block YAML, every line indented by `indent` spaces. */
function block(value: unknown, indent: number): string {
  const pad = ' '.repeat(indent);
  return stringify(value, { indentSeq: true }).split('\n').map((l) => (l === '' ? l : pad + l)).join('\n');
}

function isNodeWithRange(node: unknown): node is Node & { range: [number, number, number] } {
  return (isScalar(node) || isMap(node) || isSeq(node) || isAlias(node)) && Array.isArray((node as Node).range);
}

function lineStartOf(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

function columnOf(text: string, offset: number): number {
  return offset - lineStartOf(text, offset);
}

/** The end of the line holding the character before `end` (where a new line can start). */
function lineEndAt(text: string, end: number): number {
  const nl = text.indexOf('\n', Math.max(end - 1, 0));
  return nl < 0 ? text.length : nl;
}
