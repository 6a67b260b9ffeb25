/**
 * A whole YAML file as the engine sees it: its document chunks, each parsed once per distinct
 * text. The cache is what makes a keystroke cheap: only the document that changed is re-parsed.
 */
import { parseChunk, type ParsedChunk } from './document';
import type { ParseLimits } from './limits';
import { patchChunk } from './patch';
import { splitDocuments } from './split';

/** A parsed chunk placed in a file. */
export interface PlacedDocument {
  /** Index of the document in the file (0-based), as the CLI and fixtures count them. */
  readonly index: number;
  readonly startOffset: number;
  readonly startLine: number;
  readonly chunk: ParsedChunk;
}

/**
 * Remembers parsed chunks by their text. Bounded twice, the oldest entries going first: by entry
 * count, and by the characters held, since a parse costs about 35 bytes of heap per character of
 * text. Without the second bound, editing one 5 MB document kept every version's parse alive.
 */
export class ChunkCache {
  /**
   * Room for a file at the default size limit (5 MiB) and then some: at most a few hundred MB of
   * parses in the worst case, where entries alone allowed 20,000 documents of any size.
   */
  static readonly DEFAULT_MAX_CHARS = 8 * 1024 * 1024;

  /**
   * From this size on, a document edited from a previous version is patched (patch.ts) rather
   * than parsed again: below it a full parse takes a few milliseconds anyway.
   */
  static readonly DEFAULT_PATCH_FROM_CHARS = 64 * 1024;

  private readonly entries = new Map<string, ParsedChunk>();
  private heldChars = 0;

  constructor(
    private readonly capacity = 20_000,
    private readonly maxChars = ChunkCache.DEFAULT_MAX_CHARS,
    private readonly patchFromChars = ChunkCache.DEFAULT_PATCH_FROM_CHARS,
  ) {}

  /** The parse of `text`; `previous` is the same document before an edit, when there is one. */
  get(text: string, limits: ParseLimits, previous?: ParsedChunk): ParsedChunk {
    const hit = this.entries.get(text);
    if (hit) {
      // Refresh recency so documents of files in use stay cached.
      this.entries.delete(text);
      this.entries.set(text, hit);
      return hit;
    }
    const patched = previous && previous.text.length >= this.patchFromChars ? patchChunk(previous, text, limits) : null;
    const parsed = patched ?? parseChunk(text, limits);
    this.entries.set(text, parsed);
    this.heldChars += text.length;
    // The newest entry always stays, even when it alone is over the budget.
    while (this.entries.size > 1 && (this.entries.size > this.capacity || this.heldChars > this.maxChars)) {
      const oldest = this.entries.keys().next().value!;
      this.entries.delete(oldest);
      this.heldChars -= oldest.length;
    }
    return parsed;
  }

  get size(): number {
    return this.entries.size;
  }

  /** Characters of text held (UTF-16 code units). */
  get chars(): number {
    return this.heldChars;
  }
}

/**
 * Splits and parses a file. `cache` is optional so one-shot callers need not keep one; `previous`
 * is the file's documents before an edit, each the previous version of the one at its index.
 */
export function parseFile(text: string, limits: ParseLimits, cache?: ChunkCache, previous?: readonly PlacedDocument[]): PlacedDocument[] {
  return splitDocuments(text).map((piece, index) => ({
    index,
    startOffset: piece.startOffset,
    startLine: piece.startLine,
    chunk: cache ? cache.get(piece.text, limits, previous?.[index]?.chunk) : parseChunk(piece.text, limits),
  }));
}
