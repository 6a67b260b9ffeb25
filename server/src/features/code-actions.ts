/**
 * Code actions, rebuilt from the request alone: every diagnostic carries its fixes as data
 * (features/diagnostics.ts puts `{name, path, fixes, documentIndex}` on it), so a quick fix is
 * `textEditsForFix` over the workspace's current parse — no server-side cache, and a fix still
 * lands right after the user typed elsewhere, because it names a path rather than an offset.
 *
 *   diagnostics in the request ─> their fixes (data) ─> fixes/apply.ts ─> WorkspaceEdit per fix
 *                                  quickfix kind, `preferred` -> isPreferred
 *   the document at the range   ─> refactors that need no finding: write the namespace the object
 *                                  lives in explicitly
 *
 * Which actions exist as rule fixes (and so are not duplicated here): weights scaled to 100
 * (virtualservice-route-weights), a missing subset added to the DestinationRule or a
 * DestinationRule created (virtualservice-subset-exists), near-miss fields renamed and deprecated
 * apiVersions migrated (schema findings), ReferenceGrants extended or created
 * (gatewayapi-reference-not-granted).
 */
import { CodeActionKind, type CodeAction, type Diagnostic, type Range, type TextEdit, type WorkspaceEdit } from 'vscode-languageserver';
import type { Fix } from '../findings/finding';
import { textEditInChunk, textEditsForFix, type TextEdit as OffsetEdit } from '../fixes/apply';
import { lineStarts as lineOffsets, positionAt as positionOf } from '../parse/lines';
import { DIAGNOSTIC_SOURCE } from './diagnostics';
import { documentAt, resourceAt, type FeatureContext, type FileView } from './documents';

export interface CodeActionRequest {
  /** The URI the client uses for the document (edits to it are keyed by it). */
  readonly uri: string;
  /** The document's current text. */
  readonly text: string;
  readonly range: Range;
  readonly diagnostics: readonly Diagnostic[];
  /** The kinds the client asked for (prefixes), or undefined for all. */
  readonly only?: readonly string[];
}

/** The refactor kind of actions that make implicit values explicit. */
export const REWRITE = CodeActionKind.RefactorRewrite;

export function codeActions(ctx: FeatureContext, view: FileView, request: CodeActionRequest): CodeAction[] {
  const out: CodeAction[] = [];
  if (wants(request.only, CodeActionKind.QuickFix)) {
    for (const diagnostic of request.diagnostics) {
      if (diagnostic.source !== DIAGNOSTIC_SOURCE) continue;
      const data = diagnostic.data as { fixes?: Fix[]; documentIndex?: number } | undefined;
      if (!data?.fixes || data.fixes.length === 0) continue;
      const index = data.documentIndex ?? documentAt(view.documents, diagnostic.range.start.line)?.document.index;
      if (index === undefined) continue;
      for (const fix of data.fixes) {
        const edit = workspaceEdit(ctx, view, request, textEditsForFix(fix, `${view.file}#${index}`, ctx.index));
        if (!edit) continue;
        out.push({ title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], ...(fix.preferred ? { isPreferred: true } : {}), edit });
      }
    }
  }
  if (wants(request.only, REWRITE)) out.push(...namespaceAction(ctx, view, request));
  return out;
}

/**
 * "Write the namespace": an object that names no namespace lands wherever `kubectl apply` points
 * (the context's namespace), while the checks assume the default namespace; writing it makes both
 * the same. Offered on namespaced objects without `metadata.namespace`.
 */
function namespaceAction(ctx: FeatureContext, view: FileView, request: CodeActionRequest): CodeAction[] {
  const at = documentAt(view.documents, request.range.start.line);
  if (!at) return [];
  const resource = resourceAt(ctx.index, view.file, at.document);
  if (!resource || resource.origin.type !== 'file' || resource.written.namespace !== null || resource.namespace === '') return [];
  const e = textEditInChunk(at.document.chunk, { op: 'set', path: ['metadata', 'namespace'], value: resource.namespace });
  if (!e) return [];
  const shifted = { startOffset: e.startOffset + at.document.startOffset, endOffset: e.endOffset + at.document.startOffset, newText: e.newText };
  const edit = workspaceEdit(ctx, view, request, new Map([[view.file, [shifted]]]));
  return edit ? [{ title: `Write the namespace explicitly (namespace: ${resource.namespace})`, kind: REWRITE, edit }] : [];
}

/** Offset edits per file -> an LSP WorkspaceEdit; null when nothing can be written. */
function workspaceEdit(ctx: FeatureContext, view: FileView, request: CodeActionRequest, edits: ReadonlyMap<string, readonly OffsetEdit[]>): WorkspaceEdit | null {
  const changes: Record<string, TextEdit[]> = {};
  for (const [file, list] of edits) {
    const text = file === view.file ? request.text : ctx.textOf(file);
    if (text === undefined || list.length === 0) continue;
    // Overlapping edits cannot be applied together; keep what applyTextEdits would keep.
    const kept = withoutOverlaps(list);
    const starts = lineOffsets(text);
    changes[file === view.file ? request.uri : file] = kept.map((e) => ({
      range: { start: positionOf(starts, text.length, e.startOffset), end: positionOf(starts, text.length, e.endOffset) },
      newText: e.newText,
    }));
  }
  return Object.keys(changes).length > 0 ? { changes } : null;
}

function withoutOverlaps(edits: readonly OffsetEdit[]): OffsetEdit[] {
  const sorted = [...edits].sort((a, b) => a.startOffset - b.startOffset || a.endOffset - b.endOffset);
  const kept: OffsetEdit[] = [];
  for (const e of sorted) {
    const last = kept[kept.length - 1];
    if (last && e.startOffset < last.endOffset) continue;
    kept.push(e);
  }
  return kept;
}

function wants(only: readonly string[] | undefined, kind: string): boolean {
  return !only || only.some((o) => kind === o || kind.startsWith(`${o}.`));
}
