/**
 * The client's side of text synchronisation: applies LSP content changes to a string exactly as
 * the protocol defines them, so the fuzzer knows the text the server should hold after any edit
 * sequence. Written from the LSP specification rather than borrowed from the server's own
 * TextDocument, so a disagreement between the two shows up as a failed comparison.
 *
 * - Lines end at `\r\n`, `\n` or a lone `\r`; characters are UTF-16 code units.
 * - A character past the end of its line means the end of that line (before its line break).
 * - A line past the last line means the end of the text; negative values mean the start.
 */

export interface LspPosition {
  line: number;
  character: number;
}

export interface LspRange {
  start: LspPosition;
  end: LspPosition;
}

/** One `contentChanges` entry of `textDocument/didChange`: a range edit, or the whole text. */
export interface ContentChange {
  range?: LspRange;
  text: string;
}

export function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) starts.push(i + 1);
    else if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    }
  }
  return starts;
}

/** The offset an LSP position names in `text`, with the protocol's clamping. */
export function offsetAt(text: string, starts: readonly number[], position: LspPosition): number {
  if (position.line < 0) return 0;
  if (position.line >= starts.length) return text.length;
  const lineStart = starts[position.line]!;
  const lineEnd = contentEnd(text, starts, position.line);
  if (position.character <= 0) return lineStart;
  return Math.min(lineStart + position.character, lineEnd);
}

/** The position of an offset (clamped to the text). */
export function positionAt(starts: readonly number[], textLength: number, offset: number): LspPosition {
  const at = Math.max(0, Math.min(offset, textLength));
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (starts[mid]! <= at) low = mid;
    else high = mid - 1;
  }
  return { line: low, character: at - starts[low]! };
}

/** Offset where line `line`'s content ends, before its line break. */
export function contentEnd(text: string, starts: readonly number[], line: number): number {
  let end = line + 1 < starts.length ? starts[line + 1]! : text.length;
  if (end > starts[line]! && text.charCodeAt(end - 1) === 10) end--;
  if (end > starts[line]! && text.charCodeAt(end - 1) === 13) end--;
  return end;
}

/** Applies changes in order, as a server must. */
export function applyChanges(text: string, changes: readonly ContentChange[]): string {
  let current = text;
  for (const change of changes) {
    if (!change.range) {
      current = change.text;
      continue;
    }
    const starts = lineStartsOf(current);
    let start = offsetAt(current, starts, change.range.start);
    let end = offsetAt(current, starts, change.range.end);
    if (end < start) [start, end] = [end, start];
    current = current.slice(0, start) + change.text + current.slice(end);
  }
  return current;
}

/** Whether a range lies inside the text as an editor sees it (no clamping needed). */
export function rangeWithin(starts: readonly number[], text: string, range: LspRange): boolean {
  const ok = (p: LspPosition) => Number.isInteger(p.line) && Number.isInteger(p.character) && p.line >= 0 && p.character >= 0 &&
    p.line < starts.length && starts[p.line]! + p.character <= contentEnd(text, starts, p.line);
  const ordered = range.start.line < range.end.line ||
    (range.start.line === range.end.line && range.start.character <= range.end.character);
  return ok(range.start) && ok(range.end) && ordered;
}
