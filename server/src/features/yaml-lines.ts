/**
 * A tolerant, line-based reading of one YAML document, for editor features that must work while
 * the user is typing: a half-written key (`  hos`) or a dangling `- ` makes the whole document
 * invalid YAML, so the parser's AST cannot say where the cursor is. Indentation can.
 *
 *   lines of one chunk ─> scanLines ─> entries: each key or sequence item with its full path,
 *                                      its key token and its inline value token
 *                     ─> cursorAt   ─> where a new key or value at the cursor would go
 *
 * Block mappings and sequences (including sequences written at their key's indentation, as
 * kubectl does) are followed; block scalars and multi-line plain scalars are skipped; flow
 * collections stay one inline value. Only the chunk holding the cursor is scanned, so the cost is
 * one document's lines, whatever the file's size.
 */
import type { Path } from '../parse/types';

/** A token on one line: its text and its columns. */
export interface LineToken {
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

/** One mapping key or sequence item introduced on a line. */
export interface LineEntry {
  readonly line: number;
  /** Column of the key, or of the item's dash. */
  readonly column: number;
  /** Path of the value the key or item introduces. */
  readonly path: Path;
  /** The key token (absent for a sequence item). */
  readonly key?: LineToken;
  /** The value written on the same line, without a trailing comment (absent when none). */
  readonly value?: LineToken;
}

interface Frame {
  readonly column: number;
  readonly segment: string | number;
  readonly item: boolean;
}

/**
 * Deeper than this the scanner opens no more keys or items. Every entry carries its whole path,
 * so without a bound a line of 10,000 nested `- ` cost 50 million path elements (a second for one
 * hover); the parser refuses documents nested past 256 levels anyway (parse/limits.ts).
 */
export const MAX_SCAN_DEPTH = 1000;

/** Splits text into lines the way LSP clients count them. */
export function splitLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

/** A key at the start of `text`: quoted or plain, followed by `:` and a space or the line end. */
const KEY = /^(?:"((?:[^"\\]|\\.)*)"|'((?:[^']|'')*)'|([^\s#'"[\]{},&*!|>%@`][^#]*?))[ \t]*:(?=[ \t]|$)/;

/** The reader's state between lines; `feed` advances it by one line. */
class Scanner {
  readonly stack: Frame[] = [];
  /** Lines indented deeper than this column belong to a block or multi-line scalar. */
  private scalarOwner: number | null = null;

  path(): (string | number)[] {
    return this.stack.map((f) => f.segment);
  }

  /** Whether a line at this indentation is inside a scalar that started above. */
  insideScalar(indent: number, blank: boolean): boolean {
    if (this.scalarOwner === null) return false;
    if (blank || indent > this.scalarOwner) return true;
    this.scalarOwner = null;
    return false;
  }

  /** Opens sequence items for the dashes at the start of `text` from `pos`; returns where the rest starts. */
  dashes(text: string, pos: number, line: number, out: LineEntry[] | null): { pos: number; items: number } {
    let items = 0;
    while (text[pos] === '-' && (pos + 1 === text.length || text[pos + 1] === ' ' || text[pos + 1] === '\t') && this.stack.length < MAX_SCAN_DEPTH) {
      let index = 0;
      while (this.stack.length > 0) {
        const top = this.stack[this.stack.length - 1]!;
        if (top.column > pos) this.stack.pop();
        else if (top.column === pos && top.item) {
          index = (top.segment as number) + 1;
          this.stack.pop();
        } else break;
      }
      this.stack.push({ column: pos, segment: index, item: true });
      out?.push({ line, column: pos, path: this.path() });
      items++;
      pos++;
      while (text[pos] === ' ' || text[pos] === '\t') pos++;
    }
    return { pos, items };
  }

  /** Opens a key at `column`, closing everything at or right of it; false past MAX_SCAN_DEPTH. */
  key(name: string, column: number): boolean {
    while (this.stack.length > 0 && this.stack[this.stack.length - 1]!.column >= column) this.stack.pop();
    if (this.stack.length >= MAX_SCAN_DEPTH) return false;
    this.stack.push({ column, segment: name, item: false });
    return true;
  }

  /** Closes everything at or right of `column` (a new key would start there). */
  closeFrom(column: number): void {
    while (this.stack.length > 0 && this.stack[this.stack.length - 1]!.column >= column) this.stack.pop();
  }

  /** A scalar written on a line at `column`: deeper lines below it continue it. */
  scalarAt(column: number): void {
    this.scalarOwner = column;
  }

  /** Reads one whole line, appending the entries it introduces. */
  feed(text: string, line: number, out: LineEntry[]): void {
    const indent = indentOf(text);
    const blank = indent === text.length || text[indent] === '#';
    if (this.insideScalar(indent, blank) || blank || isMarker(text)) return;
    const { pos, items } = this.dashes(text, indent, line, out);
    const rest = text.slice(pos);
    if (rest === '' || rest.startsWith('#')) return;
    const key = matchKey(rest, pos);
    if (!key) {
      if (items > 0) {
        const value = valueToken(text, pos);
        const last = out[out.length - 1]!;
        if (value) out[out.length - 1] = { ...last, value };
        this.scalarAt(last.column);
      }
      return;
    }
    if (!this.key(key.token.text, key.token.start)) return;
    const value = valueToken(text, key.valueStart);
    out.push({ line, column: key.token.start, path: this.path(), key: key.token, ...(value ? { value } : {}) });
    // A value on the key's line (a plain, quoted or block scalar) owns the deeper lines below it;
    // an anchor or tag alone is followed by the real value on the next lines.
    if (value && !/^[&!]\S*$/.test(value.text)) this.scalarAt(key.token.start);
  }
}

/** Every key and item of a document, in line order. */
export function scanLines(lines: readonly string[]): LineEntry[] {
  const scanner = new Scanner();
  const out: LineEntry[] = [];
  lines.forEach((text, line) => scanner.feed(text, line, out));
  return out;
}

/** The entry whose path equals `path`, if the document writes it. */
export function entryAt(entries: readonly LineEntry[], path: Path): LineEntry | undefined {
  return entries.find((e) => samePath(e.path, path));
}

/** The scalar written at `path` (quotes removed), if any. */
export function scalarAt(entries: readonly LineEntry[], path: Path): string | undefined {
  const value = entryAt(entries, path)?.value;
  return value ? unquote(value.text) : undefined;
}

/** The keys a mapping at `path` holds, except those written on `exceptLine`. */
export function keysOf(entries: readonly LineEntry[], path: Path, exceptLine = -1): Set<string> {
  const out = new Set<string>();
  for (const e of entries) {
    if (e.key && e.line !== exceptLine && e.path.length === path.length + 1 && startsWith(e.path, path)) out.add(e.key.text);
  }
  return out;
}

/** Where a new key or value at the cursor would go. */
export interface Cursor {
  /** `key`: a key of the mapping at `path` is being written; `value`: the value at `path`. */
  readonly position: 'key' | 'value';
  readonly path: Path;
  /** The token's text before the cursor, without an opening quote: what filters candidates. */
  readonly prefix: string;
  /** The columns a chosen candidate replaces on the cursor line. */
  readonly start: number;
  readonly end: number;
  /** For keys: the column the key starts at (its indentation). */
  readonly column: number;
  /** A key position on a `- ` line without a key yet: it may be a scalar item instead. */
  readonly bareItem: boolean;
  /** For keys: the line already has the colon after the token, so only the name is inserted. */
  readonly hasColon: boolean;
  /** For values: the value is quoted, so candidates are inserted without quotes of their own. */
  readonly quoted: boolean;
  /** For values: the cursor is right after the colon (`host:|`), so a value needs a space first. */
  readonly spaceBefore: boolean;
}

/**
 * The cursor's place in a document: the lines above are read as the scanner reads them, the
 * cursor line only up to the cursor. Null inside comments, block scalars and document markers.
 */
export function cursorAt(lines: readonly string[], line: number, character: number): Cursor | null {
  const scanner = new Scanner();
  for (let i = 0; i < line; i++) scanner.feed(lines[i] ?? '', i, []);
  const full = lines[line] ?? '';
  const text = full.slice(0, character);
  const indent = indentOf(text);
  if (scanner.insideScalar(indent, false) && indent < text.length) return null;
  if (isMarker(full) || commentStart(text) >= 0) return null;
  const { pos, items } = scanner.dashes(text, indent, line, null);
  const rest = text.slice(pos);
  const key = matchKey(rest, pos);
  if (key) {
    scanner.key(key.token.text, key.token.start);
    let start = key.valueStart;
    while (full[start] === ' ' || full[start] === '\t') start++;
    if (start > character) start = character;
    const quote = full[start] === '"' || full[start] === "'" ? full[start]! : '';
    const flow = flowItem(full, start, character);
    if (flow) {
      return { position: 'value', path: [...scanner.path(), ...flow.segments], prefix: full.slice(flow.start, character), start: flow.start, end: flow.end, column: key.token.start, bareItem: false, hasColon: false, quoted: false, spaceBefore: false };
    }
    const tokenStart = start + quote.length;
    const end = quote ? closingQuote(full, tokenStart, quote) : valueEnd(full, tokenStart);
    return {
      position: 'value', path: scanner.path(), prefix: full.slice(tokenStart, Math.max(character, tokenStart)),
      start: tokenStart, end: Math.max(end, character), column: key.token.start, bareItem: false, hasColon: false, quoted: quote !== '',
      spaceBefore: tokenStart === key.valueStart && full[tokenStart - 1] === ':',
    };
  }
  // A key being typed (or an empty line): it belongs to the mapping left of its column.
  scanner.closeFrom(pos);
  let end = pos;
  while (end < full.length && !/[\s:#]/.test(full[end]!)) end++;
  let after = end;
  while (full[after] === ' ') after++;
  const quote = full[pos] === '"' || full[pos] === "'" ? 1 : 0;
  return {
    position: 'key', path: scanner.path(), prefix: rest.slice(quote), start: pos, end: Math.max(end, character), column: pos,
    bareItem: items > 0, hasColon: full[after] === ':', quoted: false, spaceBefore: false,
  };
}

// ---- Helpers ----

function indentOf(text: string): number {
  let i = 0;
  while (text[i] === ' ') i++;
  return i;
}

function isMarker(text: string): boolean {
  return /^(---|\.\.\.)(\s|$)/.test(text) || text.startsWith('%');
}

function matchKey(rest: string, offset: number): { token: LineToken; valueStart: number } | null {
  const m = KEY.exec(rest);
  if (!m) return null;
  const raw = m[1] ?? m[2] ?? m[3] ?? '';
  const name = m[1] !== undefined ? raw.replace(/\\(.)/g, '$1') : m[2] !== undefined ? raw.replace(/''/g, "'") : raw.trimEnd();
  const quoted = m[3] === undefined ? 1 : 0;
  const start = offset + quoted;
  return { token: { text: name, start, end: start + (m[3] !== undefined ? name.length : raw.length) }, valueStart: offset + m[0].length };
}

/** The inline value from `from` to a comment or the line end, trimmed; null when there is none. */
function valueToken(text: string, from: number): LineToken | null {
  let start = from;
  while (text[start] === ' ' || text[start] === '\t') start++;
  const comment = commentStart(text, start);
  let end = comment < 0 ? text.length : comment;
  while (end > start && /\s/.test(text[end - 1]!)) end--;
  if (end <= start) return null;
  return { text: text.slice(start, end), start, end };
}

/** Where a comment starts (` #` outside quotes), or -1. */
function commentStart(text: string, from = 0): number {
  let quote = '';
  for (let i = from; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === quote) quote = '';
      else if (c === '\\' && quote === '"') i++;
    } else if ((c === '"' || c === "'") && (i === from || /[\s:[{,]/.test(text[i - 1]!))) quote = c;
    else if (c === '#' && (i === 0 || /\s/.test(text[i - 1]!))) return i;
  }
  return -1;
}

function valueEnd(text: string, from: number): number {
  const comment = commentStart(text, from);
  let end = comment < 0 ? text.length : comment;
  while (end > from && /\s/.test(text[end - 1]!)) end--;
  return end;
}

function closingQuote(text: string, from: number, quote: string): number {
  const at = text.indexOf(quote, from);
  return at < 0 ? valueEnd(text, from) : at;
}

/**
 * The item of a one-line flow collection the cursor is in: `[a, b|` is item 1 of a sequence,
 * `{version: v|` the value of key `version`. Null when the value is not a flow collection.
 */
function flowItem(text: string, start: number, cursor: number): { segments: (string | number)[]; start: number; end: number } | null {
  const open = text[start];
  if (open !== '[' && open !== '{') return null;
  const inside = text.slice(start + 1, cursor);
  if (/[[{]/.test(inside)) return null;
  const parts = inside.split(',');
  const current = parts[parts.length - 1]!;
  let tokenStart = cursor - current.length;
  while (text[tokenStart] === ' ') tokenStart++;
  let end = cursor;
  while (end < text.length && !/[,\]}\s]/.test(text[end]!)) end++;
  if (open === '[') return { segments: [parts.length - 1], start: tokenStart, end };
  const colon = current.indexOf(':');
  if (colon < 0) return null;
  const key = unquote(current.slice(0, colon).trim());
  let valueStart = cursor - current.length + colon + 1;
  while (text[valueStart] === ' ') valueStart++;
  return { segments: [key], start: Math.min(valueStart, cursor), end };
}

/** A scalar's text without its quotes. */
export function unquote(text: string): string {
  if (text.length >= 2 && text.startsWith('"') && text.endsWith('"')) return text.slice(1, -1).replace(/\\(.)/g, '$1');
  if (text.length >= 2 && text.startsWith("'") && text.endsWith("'")) return text.slice(1, -1).replace(/''/g, "'");
  return text;
}

export function samePath(a: Path, b: Path): boolean {
  return a.length === b.length && a.every((s, i) => s === b[i]);
}

export function startsWith(path: Path, prefix: Path): boolean {
  return prefix.length <= path.length && prefix.every((s, i) => s === path[i]);
}
