/**
 * A whole YAML file as the engine sees it: its document chunks, each parsed once per distinct
 * text. The cache is what makes a keystroke cheap: only the document that changed is re-parsed.
 */
import { parseChunk, type ParsedChunk } from './document';
import type { ParseLimits } from './limits';
import { splitDocuments } from './split';

/** A parsed chunk placed in a file. */
export interface PlacedDocument {
  /** Index of the document in the file (0-based), as the CLI and fixtures count them. */
  readonly index: number;
  readonly startOffset: number;
  readonly startLine: number;
  readonly chunk: ParsedChunk;
}

/** Remembers parsed chunks by their text. Bounded: the oldest entries go first. */
export class ChunkCache {
  private readonly entries = new Map<string, ParsedChunk>();

  constructor(private readonly capacity = 20_000) {}

  get(text: string, limits: ParseLimits): ParsedChunk {
    const hit = this.entries.get(text);
    if (hit) {
      // Refresh recency so documents of files in use stay cached.
      this.entries.delete(text);
      this.entries.set(text, hit);
      return hit;
    }
    const parsed = parseChunk(text, limits);
    this.entries.set(text, parsed);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
    return parsed;
  }

  get size(): number {
    return this.entries.size;
  }
}

/** Splits and parses a file. `cache` is optional so one-shot callers need not keep one. */
export function parseFile(text: string, limits: ParseLimits, cache?: ChunkCache): PlacedDocument[] {
  return splitDocuments(text).map((piece, index) => ({
    index,
    startOffset: piece.startOffset,
    startLine: piece.startLine,
    chunk: cache ? cache.get(piece.text, limits) : parseChunk(piece.text, limits),
  }));
}
