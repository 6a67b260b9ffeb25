/**
 * Go to definition and find all references.
 *
 *   definition: cursor ─> the reference at the cursor (references.ts) ─> its targets ─> locations
 *   references: cursor ─> what is pointed at: a reference's targets, or the part of the object
 *               the cursor is in (a subset, a listener, a port, the object) ─> every reference in
 *               the index that resolves there ("who routes to this subset?") ─> locations
 *
 * A location in a file is the exact token (parse/locate.ts over the workspace's parse); an
 * object known only from the cluster is shown as a read-only virtual document (live-objects.ts).
 */
import type { Location } from 'vscode-languageserver';
import type { Resource } from '../model/resource';
import type { ResourceIndex } from '../model/resource-index';
import type { PlacedIndex } from '../model/workspace-index';
import { chunkRange } from '../parse/document';
import type { PlacedDocument } from '../parse/file';
import { locate } from '../parse/locate';
import type { Path, Position, Range } from '../parse/types';
import { documentAt, resourceAt, type FeatureContext, type FileView } from './documents';
import { liveRange, liveUri } from './live-objects';
import { nodeAtOffset, offsetIn, type NodeAt } from './node-at';
import { anchorAt, referenceAt, referencesOf, REFERRING_KINDS, resolve, targetMatches, type Reference, type Target } from './references';

/** What the cursor points at in a file. */
export interface Pointed {
  readonly document: PlacedDocument;
  readonly node: NodeAt;
  /** The resource the document defines, when it is one. */
  readonly resource: Resource | undefined;
  /** The node's range in the file. */
  readonly range: Range;
}

/** The key or value at a file position, with the document and resource it belongs to. */
export function pointAt(ctx: FeatureContext, view: FileView, position: Position): Pointed | null {
  const at = documentAt(view.documents, position.line);
  if (!at) return null;
  const chunk = at.document.chunk;
  const node = nodeAtOffset(chunk, offsetIn(chunk, at.line, position.character));
  if (!node) return null;
  const range = shift(chunkRange(chunk, node.startOffset, node.endOffset), at.document.startLine);
  return { document: at.document, node, resource: resourceAt(ctx.index, view.file, at.document), range };
}

/** Where the reference at the cursor leads (several places when several objects define it). */
export function definition(ctx: FeatureContext, view: FileView, position: Position): Location[] {
  const p = pointAt(ctx, view, position);
  if (!p?.resource || p.node.target !== 'value') return [];
  const ref = referenceAt(p.resource, p.node.path);
  if (!ref) return [];
  return resolve(ctx.index, p.resource, ref).flatMap((t) => locationOf(ctx.index, t.resource, t.path) ?? []);
}

/**
 * Every reference to what the cursor is on, across the workspace and the live objects. With
 * `includeDeclaration`, the definitions themselves come first.
 */
export function references(ctx: FeatureContext, view: FileView, position: Position, includeDeclaration: boolean): Location[] {
  const p = pointAt(ctx, view, position);
  if (!p?.resource) return [];
  const resource = p.resource;
  const ref = p.node.target === 'value' ? referenceAt(resource, p.node.path) : undefined;
  const wanted: { key: string; anchor: Path; target: Target }[] = ref
    ? resolve(ctx.index, resource, ref).map((t) => ({ key: t.resource.key, anchor: t.anchor, target: t }))
    : [{ key: resource.key, anchor: anchorAt(resource, p.node.path), target: { resource, path: declarationPath(resource, p.node.path), anchor: anchorAt(resource, p.node.path) } }];
  if (wanted.length === 0) return [];
  const out: Location[] = [];
  if (includeDeclaration) for (const w of wanted) pushUnique(out, locationOf(ctx.index, w.target.resource, w.target.path));
  for (const { referrer, reference } of referrersOf(ctx.index, wanted)) pushUnique(out, locationOf(ctx.index, referrer, reference.path));
  return out;
}

/** Every reference in the index that resolves to one of the wanted objects (or parts of them). */
export function referrersOf(index: ResourceIndex, wanted: readonly { readonly key: string; readonly anchor: Path }[]): { referrer: Resource; reference: Reference }[] {
  const out: { referrer: Resource; reference: Reference }[] = [];
  for (const kind of REFERRING_KINDS) {
    for (const referrer of index.ofKind(kind)) {
      for (const reference of referencesOf(referrer)) {
        const targets = resolve(index, referrer, reference);
        if (targets.some((t) => wanted.some((w) => targetMatches(t, w.key, w.anchor)))) out.push({ referrer, reference });
      }
    }
  }
  return out;
}

/** Where a definition started from inside an object is: its anchor's name, else the object's name. */
function declarationPath(resource: Resource, path: Path): Path {
  const anchor = anchorAt(resource, path);
  if (anchor.length === 0) return ['metadata', 'name'];
  return resource.kind.endsWith('/ServiceEntry') ? anchor : [...anchor, 'name'];
}

/** The location of a path in a resource: its file and exact token, or its live document. */
export function locationOf(index: PlacedIndex, resource: Resource, path: Path): Location | undefined {
  const placed = index.placement(resource.key);
  if (placed) {
    const chunk = placed.document.chunk;
    const at = locate(chunk, path, 'value');
    return { uri: placed.file, range: shift(chunkRange(chunk, at.startOffset, at.endOffset), placed.document.startLine) };
  }
  if (resource.origin.type === 'cluster') return { uri: liveUri(resource), range: liveRange(resource, path) };
  return undefined;
}

function pushUnique(out: Location[], location: Location | undefined): void {
  if (!location) return;
  const same = (a: Location): boolean => a.uri === location.uri && a.range.start.line === location.range.start.line && a.range.start.character === location.range.start.character;
  if (!out.some(same)) out.push(location);
}

export function shift(range: Range, lines: number): Range {
  return {
    start: { line: range.start.line + lines, character: range.start.character },
    end: { line: range.end.line + lines, character: range.end.character },
  };
}
