/**
 * Cursor fixtures: `$0` in a test string marks where the cursor is (rust-analyzer's convention).
 * `withCursor` removes the marker and says where it was, as an LSP position and an offset;
 * `featureWorkspace` loads files into a Workspace (every rule, the bundled schemas) and returns
 * what feature functions take.
 */
import { configFrom } from '../../server/src/analysis/config';
import { Workspace } from '../../server/src/analysis/workspace';
import { contextOf, type FeatureContext, type FileView } from '../../server/src/features/documents';
import type { ClusterObject } from '../../server/src/model/workspace-index';
import type { Position } from '../../server/src/parse/types';

export interface CursorText {
  readonly text: string;
  readonly position: Position;
  readonly offset: number;
}

export function withCursor(marked: string): CursorText {
  const offset = marked.indexOf('$0');
  if (offset < 0 || marked.indexOf('$0', offset + 1) >= 0) throw new Error('a cursor fixture needs exactly one $0');
  const before = marked.slice(0, offset);
  const line = before.split('\n').length - 1;
  const character = offset - (before.lastIndexOf('\n') + 1);
  return { text: marked.slice(0, offset) + marked.slice(offset + 2), position: { line, character }, offset };
}

export interface FeatureFixture {
  readonly workspace: Workspace;
  readonly ctx: FeatureContext;
  view(file: string): FileView;
}

/** A workspace holding `files` (name -> text; names become `file:///ws/<name>` keys) and optional live objects. */
export function featureWorkspace(files: Readonly<Record<string, string>>, cluster: readonly ClusterObject[] = [], settings: Record<string, unknown> = {}): FeatureFixture {
  const workspace = new Workspace({ config: configFrom(settings) });
  for (const [name, text] of Object.entries(files)) workspace.setFile(fileKey(name), text);
  if (cluster.length > 0) workspace.setCluster('test-cluster', cluster);
  return {
    workspace,
    ctx: contextOf(workspace),
    view: (name) => ({ file: fileKey(name), documents: workspace.documentsOf(fileKey(name)) ?? [] }),
  };
}

export function fileKey(name: string): string {
  return `file:///ws/${name}`;
}

/** The text a range covers, and the whole first line it is on (to check where a location lands). */
export function textAt(text: string, range: { start: Position; end: Position }): { token: string; line: string } {
  const lines = text.split('\n');
  const line = lines[range.start.line] ?? '';
  const token = range.start.line === range.end.line ? line.slice(range.start.character, range.end.character) : line.slice(range.start.character);
  return { token, line };
}
