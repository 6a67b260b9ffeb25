/**
 * Re-parsing a large document after an edit without parsing all of it again.
 *
 * The yaml library reads about 1 MB a second, so a keystroke in a 100,000-line document cost a
 * second or more even though it changed one mapping entry. YAML's block structure is written in
 * indentation, so the entry an edit falls in can be read on its own: this finds the smallest
 * block-mapping entry holding the edit, parses only that entry's lines (as they are after the
 * edit), and builds the new document from the old one with that entry replaced and everything
 * after it moved by the edit's length. The old document is never changed: nodes before the entry
 * are shared, the nodes on the way down to it and those after it are copied.
 *
 *   old chunk + new text ─> changed span (common prefix and suffix)
 *                        ─> entry: descend block mappings while one entry's lines hold the span
 *                        ─> fragment: that entry's lines in the new text, parsed alone
 *                        ─> checks (below) ─ any fails ─> null: the caller parses the whole text
 *                        ─> new AST (spine copied, fragment moved into place, the rest shifted)
 *                        ─> completeChunk: depth and alias checks, value, identity (as parseChunk)
 *
 * Why the result equals a full parse: an entry of a block mapping at indentation n spans from its
 * key's line to the next line indented n or less that is not blank or a comment; the parser reads
 * those lines with no knowledge of what is around them but n. Entries that end the text also end
 * every mapping around them, so they are read under copies of the key lines on their path (a
 * small document of the same nesting), which says where those mappings and the document end. The checks make sure that still
 * holds after the edit: the fragment starts with a key at exactly column n and no content line in
 * it is indented less than n, it ends at a line start, it parses without errors or warnings into
 * block-mapping entries at column n, and neither the old document nor the fragment uses anchors,
 * aliases or tags (an alias can reach across entries). Anything else falls back to a full parse:
 * the old document had problems, the edit crosses entries or touches document-level text, the
 * result has duplicate keys (whose errors a full parse reports), or the text has a character or
 * nesting problem. A property test compares patched and fully parsed documents node by node.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, Pair, parseAllDocuments, Scalar, YAMLMap, YAMLSeq, Document, type Node } from 'yaml';
import { characterProblem } from './characters';
import { completeChunk, fillLineCounter, YAML_OPTIONS, type ParsedChunk } from './document';
import { addDuplicateKeyErrors } from './duplicates';
import type { ParseLimits } from './limits';
import { deepestBlockNesting, deepestFlowNesting } from './nesting';

type Range3 = [number, number, number];

/**
 * Where the edit falls: entries `first`..`last` of a block mapping (one, or a few when the edit
 * joins or removes lines), reached from the root through the entries on `path`.
 */
interface Entry {
  /** Item indices of the enclosing entries, from the root's. */
  readonly path: readonly number[];
  readonly first: number;
  readonly last: number;
  /** The entries' lines in the old text: from the first key's line start to the next entry's line start. */
  readonly start: number;
  readonly end: number;
  /** The keys' column. */
  readonly indent: number;
  /**
   * The entries are the last of their mapping, and so are the entries on the path to them: they
   * run to the end of the text, and where they end is where every mapping around them ends.
   */
  readonly closing: boolean;
}

/** An edit spanning more entries than this is re-parsed whole: its fragment would be large anyway. */
const MAX_SPANNED_ENTRIES = 64;

/** Documents known to use no anchor, alias, tag or empty scalar (walked once per document). */
const plainDocuments = new WeakSet<Document.Parsed>();

/** The new text's chunk built from `previous`, or null when only a full parse can say. Never throws. */
export function patchChunk(previous: ParsedChunk, text: string, limits: ParseLimits): ParsedChunk | null {
  try {
    return patch(previous, text, limits);
  } catch {
    return null;
  }
}

function patch(previous: ParsedChunk, text: string, limits: ParseLimits): ParsedChunk | null {
  const old = previous.ast;
  if (!old || previous.problems.length > 0 || previous.value === undefined || old.errors.length > 0 || old.warnings.length > 0) return null;
  if (!isMap(old.contents) || old.contents.flow || !isPlain(old)) return null;
  const before = previous.text;
  if (before === text) return null;
  // The changed span: [from, oldTo) in the old text became [from, newTo) in the new one.
  let from = 0;
  const shortest = Math.min(before.length, text.length);
  while (from < shortest && before.charCodeAt(from) === text.charCodeAt(from)) from++;
  let tail = 0;
  while (tail < shortest - from && before.charCodeAt(before.length - 1 - tail) === text.charCodeAt(text.length - 1 - tail)) tail++;
  let oldTo = before.length - tail;
  let newTo = text.length - tail;
  const delta = text.length - before.length;
  // An insertion (or deletion) of whole lines is found starting mid-line when its last characters
  // equal those before it ("  a: 1\n" typed above "  b:" is found after the "  "): slide it back
  // to the line start, where it touches one entry instead of two.
  while (from > 0 && (oldTo === from || newTo === from) && before.charCodeAt(from - 1) !== 10
    && (oldTo === from ? text.charCodeAt(newTo - 1) : before.charCodeAt(oldTo - 1)) === before.charCodeAt(from - 1)) {
    from--;
    oldTo--;
    newTo--;
  }

  const entry = entryHolding(old.contents, before, from, oldTo);
  // The document's first entry: where the document itself starts may move with it.
  if (!entry || (entry.path.length === 0 ? entry.first : entry.path[0]) === 0) return null;
  const fragmentEnd = entry.end + delta;
  if (fragmentEnd < entry.start || !atLineStart(text, fragmentEnd)) return null;
  const fragment = text.slice(entry.start, fragmentEnd);
  if (!indentedAtLeast(fragment, entry.indent)) return null;
  const read = entry.closing ? readClosing(old.contents, entry, before, fragment) : readFollowed(fragment, entry.indent, entry.start);
  if (!read) return null;
  const { items, ends } = read;
  // Checks the full parse makes before its AST: characters and nesting, over the whole new text.
  if (characterProblem(text)) return null;
  if (deepestFlowNesting(text, limits.maxDepth).depth > limits.maxDepth || deepestBlockNesting(text, limits.maxDepth).depth > limits.maxDepth) return null;

  const contents = rebuild(old.contents, entry, items, delta, ends);
  const doc = new Document(null, YAML_OPTIONS) as Document.Parsed;
  doc.contents = contents as Document.Parsed['contents'];
  doc.schema = old.schema;
  doc.directives = old.directives;
  doc.commentBefore = old.commentBefore;
  doc.comment = old.comment;
  if (old.range) doc.range = ends ? [old.range[0], ends.document[0], ends.document[1]] : shiftedRange(old.range as Range3, entry.end, delta);
  addDuplicateKeyErrors(doc);
  if (doc.errors.length > 0) return null;
  plainDocuments.add(doc);
  return completeChunk(text, fillLineCounter(text, new LineCounter()), doc, [], limits);
}

/** Where the mappings around closing entries end, and the document: [valueEnd, nodeEnd] each, by depth. */
interface Ends {
  readonly mappings: readonly (readonly [number, number])[];
  readonly document: readonly [number, number];
}

/** The new entries, already placed in the text. */
interface Read {
  readonly items: Pair[];
  /** Set for closing entries: the ends of the mappings on their path (others move with the text). */
  readonly ends: Ends | null;
}

/** Entries followed by another entry of their mapping: the fragment is read alone. */
function readFollowed(fragment: string, indent: number, start: number): Read | null {
  // Followed, as in the text, by the next entry's indentation: the parser counts it into the end
  // of the node it closes.
  const read = parseFragment(fragment + ' '.repeat(indent));
  if (!read || !entriesAt(read.root, fragment, indent, 0)) return null;
  return { items: placed(read.root.items, start), ends: null };
}

/**
 * Entries that end the text: the fragment is read under the key lines of the entries on its path
 * (copied from the text, which the edit left alone before the fragment), so that the mappings
 * around it end where they would in the whole document.
 */
function readClosing(root: YAMLMap, entry: Entry, text: string, fragment: string): Read | null {
  let head = '';
  let map: YAMLMap = root;
  for (const k of entry.path) {
    const key = keyOffset(map.items[k]!)!;
    const lineEnd = text.indexOf('\n', key);
    if (lineEnd < 0 || lineEnd >= entry.start) return null;
    head += text.slice(lineStart(text, key), lineEnd + 1);
    map = map.items[k]!.value as YAMLMap;
  }
  const mini = parseFragment(head + fragment);
  if (!mini) return null;
  // The same nesting: one entry per level on the path, then the fragment's entries.
  const mappings: [number, number][] = [];
  let node: unknown = mini.root;
  for (let depth = 0; depth <= entry.path.length; depth++) {
    if (!isMap(node) || node.flow || !node.range) return null;
    mappings.push([node.range[1], node.range[2]]);
    if (depth === entry.path.length) break;
    if (node.items.length !== 1) return null;
    node = node.items[0]!.value;
  }
  const inner = node as YAMLMap;
  if (!entriesAt(inner, head + fragment, entry.indent, head.length)) return null;
  const shift = entry.start - head.length;
  return {
    items: placed(inner.items, shift),
    ends: { mappings: mappings.map(([a, b]) => [a + shift, b + shift] as const), document: [mini.documentRange[1] + shift, mini.documentRange[2] + shift] },
  };
}

/** Whether a mapping's entries all start at column `indent`, none before `from`. */
function entriesAt(map: YAMLMap, text: string, indent: number, from: number): boolean {
  if (map.items.length === 0) return false;
  for (const pair of map.items) {
    const at = keyOffset(pair);
    if (at === null || at < from || at - lineStart(text, at) !== indent) return false;
  }
  return true;
}

/** The entries moved by `shift` into the text's offsets. */
function placed(items: Pair[], shift: number): Pair[] {
  for (const item of items) shiftInPlace(item, shift);
  return items;
}

/**
 * The innermost block-mapping entries whose lines hold [from, to) of `text`, or null. They are
 * followed by another entry of their mapping, or else they end the text along with every entry on
 * the path to them (`closing`). Where the last entries of a mapping end is where the mappings
 * around them end, which a fragment alone cannot tell: an edit in a mapping's last entry inside an
 * entry that has a successor is read with that whole entry.
 */
function entryHolding(root: YAMLMap, text: string, from: number, to: number): Entry | null {
  let found: Entry | null = null;
  let allClosing = true;
  let map: unknown = root;
  let end = text.length;
  const path: number[] = [];
  while (isMap(map) && !map.flow && map.items.length > 0) {
    const items = map.items;
    const first = lastKeyAtOrBefore(items, from);
    if (first < 0) break;
    const keyStart = keyOffset(items[first]!)!;
    const start = lineStart(text, keyStart);
    if (!onlySpaces(text, start, keyStart)) break;
    // The entries up to the one whose lines reach past the edit's end (or the mapping's last).
    let last = first;
    let entryEnd = end;
    let closing = false;
    for (;;) {
      const next = last + 1 < items.length ? keyOffset(items[last + 1]!) : null;
      if (next === null) {
        closing = true;
        break;
      }
      entryEnd = lineStart(text, next);
      if (to <= entryEnd) break;
      if (last - first >= MAX_SPANNED_ENTRIES) return found;
      last++;
    }
    if (to > entryEnd) break;
    allClosing &&= closing;
    if (!closing || allClosing) found = { path: [...path], first, last, start, end: entryEnd, indent: keyStart - start, closing };
    if (first !== last) break;
    path.push(first);
    map = items[first]!.value;
    end = entryEnd;
  }
  return found;
}

/** Index of the last item whose key starts at or before `offset` (keys are in text order). */
function lastKeyAtOrBefore(items: readonly Pair[], offset: number): number {
  let low = 0;
  let high = items.length - 1;
  let found = -1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const at = keyOffset(items[mid]!);
    if (at === null) return -1;
    if (at <= offset) {
      found = mid;
      low = mid + 1;
    } else high = mid - 1;
  }
  return found;
}

/** Where a block-mapping entry's key starts; null for keys this does not patch (complex or missing). */
function keyOffset(pair: Pair): number | null {
  return isScalar(pair.key) && pair.key.range ? pair.key.range[0] : null;
}

// Lines as the yaml library reads them: only LF ends one (CRLF ends with it; a lone CR does not,
// though editors count it, so a fragment holding one is left to the full parse).
function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

function atLineStart(text: string, offset: number): boolean {
  return offset === 0 || offset === text.length || text.charCodeAt(offset - 1) === 10;
}

function onlySpaces(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (text.charCodeAt(i) !== 32) return false;
  return true;
}

/**
 * Whether the fragment starts with a content line indented exactly `indent` spaces, and every
 * later line that is not blank is indented more (or, for content, as much: the next entry), with
 * no tab before its content.
 */
function indentedAtLeast(fragment: string, indent: number): boolean {
  if (/\r(?!\n)/.test(fragment)) return false;
  let first = true;
  for (const line of fragment.split(/\r?\n/)) {
    let column = 0;
    while (column < line.length && line.charCodeAt(column) === 32) column++;
    if (column === line.length) continue;
    const c = line[column];
    if (c === '\t' || column < indent) return false;
    if (c === '#') {
      // A comment as indented as the entries (or less) ends what came before it; the parser does
      // not read that the same way at the top of a fragment as inside a document.
      if (first || column <= indent) return false;
      continue;
    }
    if (first && column !== indent) return false;
    first = false;
  }
  return !first;
}

/** A fragment's root mapping (and its document's range), when it reads cleanly as a block mapping. */
function parseFragment(fragment: string): { root: YAMLMap; documentRange: Range3 } | null {
  // A document marker or directive in the fragment would end or start a document.
  if (/^(---|\.\.\.|%)/m.test(fragment)) return null;
  const docs = parseAllDocuments(fragment, YAML_OPTIONS);
  if (!Array.isArray(docs) || docs.length !== 1) return null;
  const [doc] = docs as Document.Parsed[];
  if (doc!.errors.length > 0 || doc!.warnings.length > 0 || doc!.directives?.docStart || !isPlain(doc!) || !doc!.range) return null;
  const root = doc!.contents;
  if (!isMap(root) || root.flow || root.items.length === 0) return null;
  return { root, documentRange: doc!.range as Range3 };
}

/** Whether a document uses no anchor, alias, tag or empty scalar anywhere (remembered per document). */
function isPlain(doc: Document.Parsed): boolean {
  if (plainDocuments.has(doc)) return true;
  const stack: unknown[] = [doc.contents];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isAlias(node)) return false;
    if (isScalar(node) || isMap(node) || isSeq(node)) {
      if (node.anchor || node.tag) return false;
      // An empty scalar (a missing key or value) is placed by the text around it, which may change.
      if (isScalar(node) && (!node.range || node.range[0] === node.range[1])) return false;
      if (!isScalar(node)) for (const item of node.items) stack.push(item);
    } else if (isPair(node)) stack.push(node.key, node.value);
  }
  plainDocuments.add(doc);
  return true;
}

/**
 * The new root: copies of the mappings on the path to the entries, the entries replaced by the
 * fragment's, items before them shared, items after them copied and shifted by `delta`. The
 * mappings' ends move with the text, or are taken from `ends` for closing entries.
 */
function rebuild(map: YAMLMap, entry: Entry, replacement: Pair[], delta: number, ends: Ends | null, depth = 0): YAMLMap {
  const inner = depth === entry.path.length;
  const k = inner ? entry.first : entry.path[depth]!;
  const resume = inner ? entry.last + 1 : k + 1;
  const copy = new YAMLMap(map.schema);
  Object.assign(copy, map);
  if (map.range) {
    const end = ends?.mappings[depth];
    copy.range = end ? [map.range[0], end[0], end[1]] : shiftedRange(map.range as Range3, entry.end, delta);
  }
  const items: Pair[] = map.items.slice(0, k);
  if (inner) items.push(...replacement);
  else items.push(new Pair(map.items[k]!.key, rebuild(map.items[k]!.value as YAMLMap, entry, replacement, delta, ends, depth + 1)));
  for (let i = resume; i < map.items.length; i++) items.push(shifted(map.items[i]!, delta) as Pair);
  copy.items = items;
  // A block mapping starts at its first key: when that one was replaced, so may its start.
  if (k === 0 && copy.range) copy.range = [keyOffset(items[0]!)!, copy.range[1], copy.range[2]];
  return copy;
}

/** Each offset at or past `after` (the end of the replaced entries) moved by `delta`. */
function shiftedRange(range: Range3, after: number, delta: number): Range3 {
  return [range[0] >= after ? range[0] + delta : range[0], range[1] >= after ? range[1] + delta : range[1], range[2] >= after ? range[2] + delta : range[2]];
}

/** A deep copy of a node that lies wholly after the edit, every offset moved by `delta`. */
function shifted(node: unknown, delta: number): unknown {
  if (isPair(node)) return new Pair(shifted(node.key, delta), shifted(node.value, delta));
  if (isScalar(node)) {
    const copy = new Scalar(node.value);
    Object.assign(copy, node);
    if (node.range) copy.range = [node.range[0] + delta, node.range[1] + delta, node.range[2] + delta];
    return copy;
  }
  if (isMap(node) || isSeq(node)) {
    const copy = isMap(node) ? new YAMLMap(node.schema) : new YAMLSeq(node.schema);
    Object.assign(copy, node);
    if (node.range) copy.range = [node.range[0] + delta, node.range[1] + delta, node.range[2] + delta];
    copy.items = (node.items as unknown[]).map((item) => shifted(item, delta)) as never;
    return copy;
  }
  return node;
}

/** Moves every offset of a freshly parsed node (nobody else holds it) by `delta`. */
function shiftInPlace(node: unknown, delta: number): void {
  const stack: unknown[] = [node];
  while (stack.length > 0) {
    const n = stack.pop();
    if (isPair(n)) stack.push(n.key, n.value);
    else if (isScalar(n) || isMap(n) || isSeq(n)) {
      const r = (n as Node).range;
      if (r) (n as Node).range = [r[0] + delta, r[1] + delta, r[2] + delta];
      if (!isScalar(n)) for (const item of n.items) stack.push(item);
    }
  }
}
