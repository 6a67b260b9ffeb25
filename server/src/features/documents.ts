/**
 * What every editor feature starts from: the workspace's state for one file (its parsed
 * documents, shared with the analysis so nothing is parsed twice), and, for a position, the
 * document holding it with that document's lines, line entries and identity.
 *
 * Positions inside a document are chunk-relative: a chunk starts at a line start, so a file
 * position maps to a chunk position by subtracting the chunk's first line; columns are unchanged.
 */
import type { Workspace } from '../analysis/workspace';
import type { Resource } from '../model/resource';
import type { WorkspaceIndex } from '../model/workspace-index';
import type { ParsedChunk } from '../parse/document';
import type { PlacedDocument } from '../parse/file';
import { bundledSchemasDir } from '../analysis/create';
import { SchemaDocs } from './schema-docs';
import { scalarAt, scanLines, splitLines, type LineEntry } from './yaml-lines';

/** What features read besides the file itself. */
export interface FeatureContext {
  readonly index: WorkspaceIndex;
  /** The bundled schemas with their descriptions; null when they cannot be found. */
  readonly schemas: SchemaDocs | null;
  /** The namespace of namespaced objects that name none. */
  readonly defaultNamespace: string;
  /** The text the workspace holds for a file (to turn fix offsets into positions). */
  readonly textOf: (file: string) => string | undefined;
}

/** One file as the workspace holds it. */
export interface FileView {
  /** The file's key in the workspace (its canonical URI). */
  readonly file: string;
  readonly documents: readonly PlacedDocument[];
}

/** The feature context of a workspace. */
export function contextOf(workspace: Workspace): FeatureContext {
  return {
    index: workspace.index,
    schemas: schemaDocs(workspace.config.gatewayApiChannel),
    defaultNamespace: workspace.config.defaultNamespace || 'default',
    textOf: (file) => workspace.textOf(file),
  };
}

/** Where the bundled schemas are (found once: it does not move while the server runs). */
let schemasDir: string | null | undefined;

function schemaDocs(channel: 'standard' | 'experimental'): SchemaDocs | null {
  if (schemasDir === undefined) {
    try {
      schemasDir = bundledSchemasDir();
    } catch {
      schemasDir = null;
    }
  }
  return schemasDir === null ? null : SchemaDocs.for(schemasDir, channel);
}

/** A document with the cursor's line inside it. */
export interface DocumentAt {
  readonly document: PlacedDocument;
  readonly lines: readonly string[];
  /** The line within the document. */
  readonly line: number;
}

/** The document holding a file line (the last one starting at or before it). */
export function documentAt(documents: readonly PlacedDocument[], line: number): DocumentAt | null {
  let low = 0;
  let high = documents.length - 1;
  let found = -1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if (documents[mid]!.startLine <= line) {
      found = mid;
      low = mid + 1;
    } else high = mid - 1;
  }
  if (found < 0) return null;
  const document = documents[found]!;
  return { document, lines: linesOf(document.chunk), line: line - document.startLine };
}

const lineCache = new WeakMap<ParsedChunk, string[]>();
const entryCache = new WeakMap<ParsedChunk, LineEntry[]>();

/** A chunk's lines (cached per parsed chunk, which the analysis shares across edits). */
export function linesOf(chunk: ParsedChunk): string[] {
  let lines = lineCache.get(chunk);
  if (!lines) {
    lines = splitLines(chunk.text);
    lineCache.set(chunk, lines);
  }
  return lines;
}

/** A chunk's keys and items, read line by line (see yaml-lines.ts); cached per chunk. */
export function entriesOf(chunk: ParsedChunk): LineEntry[] {
  let entries = entryCache.get(chunk);
  if (!entries) {
    entries = scanLines(linesOf(chunk));
    entryCache.set(chunk, entries);
  }
  return entries;
}

/** Who a document says it is, read from the parse when it succeeded and from its lines otherwise. */
export interface Header {
  readonly apiVersion?: string;
  readonly kind?: string;
  readonly name?: string;
  readonly namespace?: string;
}

export function headerOf(chunk: ParsedChunk): Header {
  const id = chunk.identity;
  if (id) {
    return {
      ...(id.apiVersion !== null ? { apiVersion: id.apiVersion } : {}),
      ...(id.kind !== null ? { kind: id.kind } : {}),
      ...(id.name !== null ? { name: id.name } : {}),
      ...(id.namespace !== null ? { namespace: id.namespace } : {}),
    };
  }
  const entries = entriesOf(chunk);
  const read = (path: readonly string[]): string | undefined => scalarAt(entries, path) || undefined;
  const apiVersion = read(['apiVersion']);
  const kind = read(['kind']);
  const name = read(['metadata', 'name']);
  const namespace = read(['metadata', 'namespace']);
  return {
    ...(apiVersion !== undefined ? { apiVersion } : {}), ...(kind !== undefined ? { kind } : {}),
    ...(name !== undefined ? { name } : {}), ...(namespace !== undefined ? { namespace } : {}),
  };
}

/** The resource a file's document defines in the index, if it is one. */
export function resourceAt(index: WorkspaceIndex, file: string, document: PlacedDocument): Resource | undefined {
  return index.byKey(`${file}#${document.index}`);
}
