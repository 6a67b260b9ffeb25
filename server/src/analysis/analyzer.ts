/**
 * The engine's front door, shared by the CLI and the language server: text in, findings out.
 *
 * Data flow: file text -> chunks (parse/split) -> parsed documents (content-keyed cache) ->
 * per-document findings (syntax problems + schema validation, cached per parsed chunk, so an
 * unchanged document costs a map lookup) -> ranges shifted to the document's place in the file ->
 * severity overrides. Given the file's previous parse, only the edited region is split again
 * (reparse.ts). Cross-file rules run in workspace.ts, which builds on `analyzeFile`.
 *
 * Invariant: analysis never throws for any input text; limits turn into findings.
 */
import type { Finding, PathFinding } from '../findings/finding';
import { chunkRange, type ParsedChunk } from '../parse/document';
import { ChunkCache, type PlacedDocument } from '../parse/file';
import { locate } from '../parse/locate';
import { PARSE_CODES } from '../parse/codes';
import type { Range, ResourceIdentity } from '../parse/types';
import type { AnalysisConfig } from './config';
import { applyOverrides } from './overrides';
import { reparseFile, type ParsedFile } from './reparse';
import { lineStarts, positionAt } from '../parse/lines';

/** What the analyzer needs from schema validation (implemented by schema/validator.ts). */
export interface ResourceValidator {
  validate(identity: ResourceIdentity, value: unknown): PathFinding[];
}

const NO_FINDINGS: readonly Finding[] = [];

/** A finding before it is placed in a file: chunk-relative range. */
interface ChunkFinding extends Omit<Finding, 'file' | 'documentIndex'> {}

export class Analyzer {
  private readonly chunks = new ChunkCache();
  private readonly perChunk = new WeakMap<ParsedChunk, readonly ChunkFinding[]>();
  /** The last placement of each chunk's findings (one per chunk: a chunk is usually in one place). */
  private readonly placed = new WeakMap<ParsedChunk, { file: string; index: number; startLine: number; findings: readonly Finding[] }>();

  constructor(
    private readonly config: AnalysisConfig,
    private readonly validator: ResourceValidator,
  ) {}

  /** Analyses one file's text. `file` is how findings name it (a path or URI). */
  analyzeText(file: string, text: string): Finding[] {
    return applyOverrides(this.analyzeFile(file, text).findings, this.config.rules);
  }

  /**
   * One file's parsed documents (for the resource index) and its per-document findings (syntax
   * and schema), before severity overrides. Oversized or binary files have no documents.
   */
  analyzeFile(file: string, text: string, previous?: ParsedFile): { documents: PlacedDocument[]; findings: Finding[] } {
    const limit = this.config.limits.maxFileSize;
    // The limit is in bytes (UTF-8, as on disk); a code unit is at most 3 bytes, so counting
    // bytes is only needed when the text could be over the limit.
    const size = text.length * 3 > limit ? Buffer.byteLength(text, 'utf8') : text.length;
    if (size > limit) {
      return { documents: [], findings: [fileLevel(file, 'MSH0002', 'error',
        `This file is ${formatSize(size)}, larger than the ${formatSize(limit)} limit, so it is not analysed. ` +
        'Raise the limit with the setting meshLifecycle.maxFileSize (CLI: --max-file-size).')] };
    }
    const nul = text.indexOf('\u0000');
    if (nul !== -1) {
      return { documents: [], findings: [fileLevel(file, 'MSH0002', 'error',
        'This file contains NUL bytes and looks binary, so it is not analysed as YAML.',
        // Counted as editors count lines (a lone CR ends one too), from the text before the NUL only.
        positionAt(lineStarts(text.slice(0, nul + 1)), nul + 1, nul))] };
    }
    const documents = reparseFile(text, this.config.limits, this.chunks, previous);
    const findings: Finding[] = [];
    for (const doc of documents) findings.push(...this.placedFindingsOf(file, doc));
    return { documents, findings };
  }

  /**
   * A document's findings placed in its file. The placed objects are kept while the document
   * stays at the same line and index, so an edit elsewhere in the file leaves them the same
   * objects (which is how the workspace sees that they did not change).
   */
  private placedFindingsOf(file: string, doc: PlacedDocument): readonly Finding[] {
    const chunkFindings = this.findingsOf(doc.chunk);
    if (chunkFindings.length === 0) return NO_FINDINGS;
    const last = this.placed.get(doc.chunk);
    if (last && last.file === file && last.index === doc.index && last.startLine === doc.startLine) return last.findings;
    const findings = chunkFindings.map((f): Finding => ({ ...f, file, documentIndex: doc.index, range: shift(f.range, doc.startLine) }));
    this.placed.set(doc.chunk, { file, index: doc.index, startLine: doc.startLine, findings });
    return findings;
  }

  private findingsOf(chunk: ParsedChunk): readonly ChunkFinding[] {
    const cached = this.perChunk.get(chunk);
    if (cached) return cached;
    const out: ChunkFinding[] = chunk.problems.map((p) => ({
      code: p.code,
      name: PARSE_CODES[p.code].name,
      severity: p.severity,
      message: p.message,
      resource: chunk.identity,
      range: chunkRange(chunk, p.startOffset, p.endOffset),
    }));
    if (chunk.identity && chunk.value !== undefined) {
      for (const f of this.validateSafely(chunk.identity, chunk.value)) {
        const at = locate(chunk, f.path, f.target ?? 'value');
        out.push({
          code: f.code,
          name: f.name,
          severity: f.severity,
          message: f.message,
          resource: chunk.identity,
          range: chunkRange(chunk, at.startOffset, at.endOffset),
          path: f.path,
          ...(f.fixes ? { fixes: f.fixes } : {}),
        });
      }
    }
    this.perChunk.set(chunk, out);
    return out;
  }

  private validateSafely(identity: ResourceIdentity, value: unknown): PathFinding[] {
    try {
      return this.validator.validate(identity, value);
    } catch (error) {
      // A validator bug must cost one document its schema findings, not the whole server.
      return [{
        code: 'MSH0002', name: PARSE_CODES.MSH0002.name, severity: 'warning', path: ['kind'],
        message: `Schema validation of this ${identity.kind} failed internally and was skipped: ${error instanceof Error ? error.message : String(error)}.`,
      }];
    }
  }
}

function shift(range: Range, lines: number): Range {
  if (lines === 0) return range;
  return {
    start: { line: range.start.line + lines, character: range.start.character },
    end: { line: range.end.line + lines, character: range.end.character },
  };
}

function fileLevel(file: string, code: keyof typeof PARSE_CODES, severity: 'error', message: string,
  at: { line: number; character: number } = { line: 0, character: 0 }): Finding {
  return {
    code, name: PARSE_CODES[code].name, severity, message, resource: null, file,
    range: { start: at, end: at },
  };
}


function formatSize(units: number): string {
  if (units >= 1024 * 1024) return `${(units / (1024 * 1024)).toFixed(1)} MB`;
  if (units >= 1024) return `${(units / 1024).toFixed(1)} KB`;
  return `${units} bytes`;
}
