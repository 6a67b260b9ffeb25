/**
 * Re-splitting a file after an edit without walking all of it again.
 *
 * parse/file.ts `parseFile` splits the whole text into documents on every call; the chunk cache
 * then makes unchanged documents cheap to parse, but on a 1 MB file the split itself, and a
 * cache lookup keyed by every document's text, still cost milliseconds per keystroke. An edit
 * changes a few neighbouring documents, so this keeps the documents before and after the edited
 * region as they were (moved by the edit's length) and splits only the region between them.
 *
 *   previous documents ──┬─ prefix: same text at the same offset ─────────── kept as they are
 *                        ├─ region: from the last prefix document to the ─── splitDocuments +
 *                        │  first suffix document, both included              chunk cache
 *                        └─ suffix: same text at the offset moved by the ─── kept, moved by the
 *                           edit's length                                     edit's lines
 *
 * Why the result equals a full split: a document boundary depends only on the text before it and
 * on the line it is on. The region starts where a prefix document starts, after identical text,
 * so splitting from there sees what a full split sees. It includes the last prefix document,
 * whose end may move (deleting the `---` after it joins it to what follows), and the first suffix
 * document: when that one comes out of the region split unchanged, it starts a document as it did
 * before, and every later document ends where it ended before, since nothing before its end and
 * after that start changed. When the check fails, the whole file is split again.
 */
import { ChunkCache, parseFile, type PlacedDocument } from '../parse/file';
import type { ParseLimits } from '../parse/limits';
import { splitDocuments } from '../parse/split';

/** A file as last parsed: its text and documents. */
export interface ParsedFile {
  readonly text: string;
  readonly documents: readonly PlacedDocument[];
}

/** The documents of `text`, reusing `previous` where the edit left them alone. */
export function reparseFile(text: string, limits: ParseLimits, cache: ChunkCache, previous?: ParsedFile): PlacedDocument[] {
  if (!previous || previous.documents.length < 3) return parseFile(text, limits, cache, previous?.documents);
  const old = previous.documents;
  const delta = text.length - previous.text.length;
  // Prefix: documents whose text is where it was, in whole lines (the last document of a file without
  // a final line break is not: text typed after it may turn its `---` line into something else).
  let prefix = 0;
  while (prefix < old.length && old[prefix]!.chunk.text.endsWith('\n') && holds(text, old[prefix]!.startOffset, old[prefix]!.chunk.text)) prefix++;
  if (prefix === old.length && delta === 0) return parseFile(text, limits, cache); // identical texts: nothing to gain
  // The region starts at the last prefix document (or the file's start).
  const last = prefix - 1;
  const first = Math.max(0, last);
  const regionStart = old[first]!.startOffset;
  const regionLine = old[first]!.startLine;
  const prefixEnd = last < 0 ? 0 : old[last]!.startOffset + old[last]!.chunk.text.length;
  // Suffix: documents whose text is where it was, moved by the edit's length, after the prefix.
  let suffix = old.length;
  while (suffix - 1 > Math.max(first, last)) {
    const doc = old[suffix - 1]!;
    const at = doc.startOffset + delta;
    if (at < prefixEnd || !holds(text, at, doc.chunk.text)) break;
    suffix--;
  }
  // `anchor` is the first suffix document, split again with the region to check it still starts one.
  const anchor = suffix < old.length ? old[suffix]! : null;
  const regionEnd = anchor ? anchor.startOffset + delta + anchor.chunk.text.length : text.length;
  const pieces = splitDocuments(text.slice(regionStart, regionEnd));
  const final = pieces[pieces.length - 1];
  if (anchor && (!final || final.text !== anchor.chunk.text || regionStart + final.startOffset !== anchor.startOffset + delta)) {
    return parseFile(text, limits, cache, old);
  }
  const out: PlacedDocument[] = old.slice(0, first);
  for (const piece of pieces) {
    const index = out.length;
    const startOffset = regionStart + piece.startOffset;
    const startLine = regionLine + piece.startLine;
    const was = old[index];
    out.push(was && was.startOffset === startOffset && was.startLine === startLine && was.chunk.text === piece.text
      ? was
      : { index, startOffset, startLine, chunk: cache.get(piece.text, limits, was?.chunk) });
  }
  if (anchor) {
    // The documents after the anchor move by the line breaks the edit added or removed.
    const lines = lineBreaks(text, regionStart, anchor.startOffset + delta) - lineBreaks(previous.text, regionStart, anchor.startOffset);
    const shift = out.length - 1 - anchor.index;
    for (let i = suffix + 1; i < old.length; i++) {
      const doc = old[i]!;
      out.push(delta === 0 && lines === 0 && shift === 0
        ? doc
        : { index: doc.index + shift, startOffset: doc.startOffset + delta, startLine: doc.startLine + lines, chunk: doc.chunk });
    }
  }
  return out;
}

/**
 * Whether `text` holds `piece` at `offset`. A slice compared with `===` is several times faster
 * than `startsWith` with a position in V8, and this runs once per document per keystroke.
 */
function holds(text: string, offset: number, piece: string): boolean {
  return text.slice(offset, offset + piece.length) === piece;
}

/** Line breaks as editors count them (LF, CRLF, and a lone CR) in `text` from `from` to `to`. */
function lineBreaks(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = text.indexOf('\n', from); i !== -1 && i < to; i = text.indexOf('\n', i + 1)) n++;
  for (let i = text.indexOf('\r', from); i !== -1 && i < to; i = text.indexOf('\r', i + 1)) if (text.charCodeAt(i + 1) !== 10) n++;
  return n;
}
