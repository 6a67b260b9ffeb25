/**
 * What server.ts needs to serve the editor features: the capabilities to announce, and for a
 * request's document the workspace state the feature functions read. The features themselves
 * (completion.ts, hover.ts, navigation.ts, code-actions.ts, symbols.ts) are pure functions over
 * that state returning LSP-shaped data; server.ts only passes messages to them.
 *
 * Invariant: no feature re-analyses anything. They read the parse and the index the last edit
 * left (edits are applied to the workspace synchronously, before any later request is served).
 */
import { CodeActionKind, type ServerCapabilities } from 'vscode-languageserver';
import { LiveObjectRequest, type LiveObjectResult } from '../protocol';
import { contextOf, type FeatureContext, type FileView } from './documents';
import { parseLiveUri, renderLive } from './live-objects';
import type { WorkspaceHost } from './workspace-host';

/** The editor capabilities the server announces in `initialize`. */
export const EDITOR_CAPABILITIES = {
  completionProvider: { triggerCharacters: [' ', ':', '/'] },
  hoverProvider: true,
  definitionProvider: true,
  referencesProvider: true,
  codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.RefactorRewrite] },
  documentSymbolProvider: { label: 'Mesh resources' },
  foldingRangeProvider: true,
} as const satisfies ServerCapabilities;

/** The feature context and file view of a document, or null when no workspace holds it. */
export function editorView(host: WorkspaceHost, uri: string): { readonly ctx: FeatureContext; readonly view: FileView } | null {
  const held = host.workspaceOf(uri);
  const documents = held?.workspace.documentsOf(held.file);
  return held && documents ? { ctx: contextOf(held.workspace), view: { file: held.file, documents } } : null;
}

/** The read-only text of a live object a definition pointed into; null when none is known. */
export function liveObject(host: WorkspaceHost, uri: string): LiveObjectResult | null {
  if (!uri.startsWith(`${LiveObjectRequest.scheme}:`)) return null;
  const key = parseLiveUri(uri);
  for (const workspace of key ? host.workspaces() : []) {
    const resource = workspace.index.byKey(key!);
    if (resource) return { text: renderLive(resource) };
  }
  return null;
}
