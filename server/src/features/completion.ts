/**
 * Completion: what may be written at the cursor, from the kind's schema and from the index.
 *
 *   position ─> the document holding it (the workspace's parse, never re-analysed)
 *            ─> cursorAt (yaml-lines.ts): key or value, its path, the token being typed
 *            ─> key:   the schema node's properties the mapping lacks (required first), label keys
 *                      of workloads for a selector, apiVersion/kind pairs at an empty root
 *               value: apiVersion and kind, references from the index (completion-values.ts),
 *                      enum values, booleans
 *            ─> CompletionItems replacing the token, with the field's documentation
 *
 * The cursor is read from the document's lines, so completion works in a document that does not
 * parse (a half-typed key, a dangling `- `). A key whose schema is a scalar and whose mapping is
 * still empty is a value written on the next line (`subset:` then `v1` below it), and a `- ` line
 * in a list of scalars is a value: the schema decides.
 */
import { CompletionItemKind, InsertTextFormat, InsertTextMode, type CompletionItem, type TextEdit } from 'vscode-languageserver';
import { stringify } from 'yaml';
import { kindOf } from '../model/kinds';
import type { Path, Position } from '../parse/types';
import type { K8sSchema } from '../schema/structural';
import { isLabelMap, labelKeyCandidates, labelValueCandidates } from './completion-label-values';
import { referenceValues, type ValueCandidate, type ValueQuery } from './completion-values';
import { documentAt, entriesOf, headerOf, type FeatureContext, type FileView, type Header } from './documents';
import { enumOf, fieldMarkdown, nodeAt, shapeOf, typePhrase } from './schema-docs';
import { cursorAt, entryAt, keysOf, scalarAt, type Cursor, type LineEntry } from './yaml-lines';

/** At most this many items are returned; the client filters them as the user types. */
const MAX_ITEMS = 2000;

/** Completion items at a file position. */
export function completion(ctx: FeatureContext, view: FileView, position: Position): CompletionItem[] {
  const at = documentAt(view.documents, position.line);
  if (!at) return [];
  const cursor = cursorAt(at.lines, at.line, position.character);
  if (!cursor) return [];
  const chunk = at.document.chunk;
  const entries = entriesOf(chunk);
  const header = headerOf(chunk);
  const root = header.apiVersion && header.kind && ctx.schemas ? ctx.schemas.rootOf(header.apiVersion, header.kind) : null;
  const place: Place = { ctx, cursor, entries, header, root, line: position.line, documentLine: at.line };
  const items = cursor.position === 'key' ? keyItems(place) : valueItems(place, cursor.path);
  return items.slice(0, MAX_ITEMS);
}

interface Place {
  readonly ctx: FeatureContext;
  readonly cursor: Cursor;
  readonly entries: readonly LineEntry[];
  readonly header: Header;
  readonly root: K8sSchema | null;
  /** The cursor's file line. */
  readonly line: number;
  /** The cursor's line within its document (what line entries count in). */
  readonly documentLine: number;
}

// ---- Keys ----

function keyItems(p: Place): CompletionItem[] {
  const { cursor, root } = p;
  const path = cursor.path;
  if (path.length === 0 && !root) return [...rootKindPairs(p), ...rootKeys(p)];
  const node = nodeAt(root, path);
  // A `- ` line in a list of scalars, or a scalar written below its key: a value.
  if (cursor.bareItem && shapeOf(node) === 'scalar') return valueItems(p, path);
  if (shapeOf(node) === 'scalar' && keysOf(p.entries, path, p.documentLine).size === 0) return valueItems(p, path);
  const kind = p.header.apiVersion && p.header.kind ? kindOf(p.header.apiVersion, p.header.kind) : null;
  if (kind && isLabelMap(kind, path)) {
    const present = keysOf(p.entries, path, p.documentLine);
    return labelKeyCandidates(query(p, kind, path))
      .filter((c) => !present.has(String(c.value)))
      .map((c) => keyItem(p, String(c.value), 'scalar', c.detail, c.documentation, CompletionItemKind.Value, '0'));
  }
  if (!node || !node.properties) return [];
  const present = keysOf(p.entries, path, p.documentLine);
  const required = new Set(node.required ?? []);
  const out: CompletionItem[] = [];
  Object.entries(node.properties).forEach(([name, child], order) => {
    if (present.has(name)) return;
    const isRequired = required.has(name);
    const detail = `${typePhrase(child)}${isRequired ? ' · required' : ''}`;
    out.push(keyItem(p, name, shapeOf(child), detail, fieldMarkdown(name, child, isRequired), CompletionItemKind.Property,
      `${isRequired ? '0' : '1'}${String(order).padStart(4, '0')}`));
  });
  return out;
}

/** A key item: `name: ` for scalars, `name:` and an indented line for objects, `- ` for lists. */
function keyItem(p: Place, name: string, shape: string, detail: string, documentation: string | undefined, kind: CompletionItemKind, sortText: string): CompletionItem {
  const { cursor } = p;
  const key = /^[A-Za-z0-9_./-]+$/.test(name) && !/^[-.]/.test(name) ? name : JSON.stringify(name);
  let newText: string;
  if (cursor.hasColon) newText = key;
  else if (shape === 'object' || shape === 'map') newText = `${key}:\n${' '.repeat(cursor.column + 2)}`;
  else if (shape === 'array') newText = `${key}:\n${' '.repeat(cursor.column)}- `;
  else newText = `${key}: `;
  return {
    label: name, kind, detail, sortText: `${sortText}${name}`, filterText: name,
    ...(documentation ? { documentation: { kind: 'markdown', value: documentation } } : {}),
    textEdit: edit(p, newText), insertTextFormat: InsertTextFormat.PlainText, insertTextMode: InsertTextMode.asIs,
  };
}

/** An empty document's root: one item per kind, writing `apiVersion` and `kind` together. */
function rootKindPairs(p: Place): CompletionItem[] {
  const schemas = p.ctx.schemas;
  if (!schemas || p.header.apiVersion || p.header.kind || p.cursor.hasColon) return [];
  return schemas.knownKinds().map((k) => ({
    label: k.kind, kind: CompletionItemKind.Class, detail: `${k.preferred} (${k.mesh})`,
    filterText: k.kind, sortText: `0${k.kind}`,
    textEdit: edit(p, `apiVersion: ${k.preferred}\nkind: ${k.kind}\n`),
    insertTextFormat: InsertTextFormat.PlainText, insertTextMode: InsertTextMode.asIs,
  }));
}

/** Root keys of a document whose kind is not known yet. */
function rootKeys(p: Place): CompletionItem[] {
  const present = keysOf(p.entries, [], p.documentLine);
  return (['apiVersion', 'kind', 'metadata', 'spec'] as const)
    .filter((k) => !present.has(k))
    .map((k, i) => keyItem(p, k, k === 'metadata' || k === 'spec' ? 'object' : 'scalar', 'field of every object', undefined, CompletionItemKind.Property, `1${i}`));
}

// ---- Values ----

function valueItems(p: Place, path: Path): CompletionItem[] {
  if (path.length === 1 && path[0] === 'apiVersion') return apiVersionItems(p);
  if (path.length === 1 && path[0] === 'kind') return kindItems(p);
  const node = nodeAt(p.root, path);
  const out: CompletionItem[] = [];
  const kind = p.header.apiVersion && p.header.kind ? kindOf(p.header.apiVersion, p.header.kind) : null;
  if (kind) {
    const q = query(p, kind, path);
    const references = isLabelMap(kind, path.slice(0, -1)) && typeof path[path.length - 1] === 'string'
      ? labelValueCandidates(q) : referenceValues(q);
    references.forEach((c, i) => out.push(valueItem(p, c, CompletionItemKind.Reference, `0${String(i).padStart(5, '0')}`)));
  }
  const seen = new Set(out.map((i) => i.label));
  enumOf(node).forEach((v, i) => {
    if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') return;
    if (seen.has(String(v))) return;
    out.push(valueItem(p, { value: typeof v === 'boolean' ? String(v) : v, detail: typePhrase(node) }, CompletionItemKind.EnumMember, `1${String(i).padStart(5, '0')}`,
      fieldDoc(path, node)));
  });
  if (node?.type === 'boolean' && enumOf(node).length === 0) {
    for (const b of ['true', 'false']) out.push(valueItem(p, { value: b, detail: 'boolean' }, CompletionItemKind.Value, `1${b}`, fieldDoc(path, node), true));
  }
  return out;
}

function fieldDoc(path: Path, node: K8sSchema | undefined): string | undefined {
  const name = [...path].reverse().find((s): s is string => typeof s === 'string');
  return node && name ? fieldMarkdown(name, node, false) : undefined;
}

function valueItem(p: Place, c: ValueCandidate, kind: CompletionItemKind, sortText: string, fallbackDoc?: string, raw = false): CompletionItem {
  const text = String(c.value);
  const newText = p.cursor.quoted || raw || typeof c.value === 'number' ? text : scalarText(text);
  const documentation = c.documentation ?? fallbackDoc;
  return {
    label: text, kind, detail: c.detail, sortText, filterText: text,
    ...(documentation ? { documentation: { kind: 'markdown', value: documentation } } : {}),
    textEdit: edit(p, newText), insertTextFormat: InsertTextFormat.PlainText,
  };
}

/** A string as a YAML scalar: plain when YAML reads it back as the same string, quoted otherwise. */
function scalarText(value: string): string {
  return stringify(value, { lineWidth: 0 }).trimEnd();
}

function apiVersionItems(p: Place): CompletionItem[] {
  const schemas = p.ctx.schemas;
  if (!schemas) return [];
  const named = schemas.knownKinds().filter((k) => k.kind === p.header.kind);
  // A kind the catalog does not know (a typo, a CRD of its own) limits nothing.
  const kinds = named.length > 0 ? named : schemas.knownKinds();
  const byKind = named.length > 0;
  const seen = new Map<string, CompletionItem>();
  for (const k of kinds) {
    k.apiVersions.forEach((apiVersion, i) => {
      if (seen.has(apiVersion)) return;
      const deprecated = k.deprecated.has(apiVersion);
      seen.set(apiVersion, {
        label: apiVersion, kind: CompletionItemKind.Module,
        detail: byKind ? `${k.kind}${i === 0 ? ' · preferred' : ''}${deprecated ? ' · deprecated' : ''}` : k.mesh,
        sortText: `${i === 0 ? 0 : deprecated ? 2 : 1}${apiVersion}`, filterText: apiVersion,
        ...(deprecated ? { tags: [1] } : {}),
        textEdit: edit(p, apiVersion), insertTextFormat: InsertTextFormat.PlainText,
      });
    });
  }
  return [...seen.values()];
}

/**
 * Kinds; when the document's apiVersion does not serve the chosen kind, the item also rewrites
 * (or writes) the apiVersion line, so a pair that exists is always what results.
 */
function kindItems(p: Place): CompletionItem[] {
  const schemas = p.ctx.schemas;
  if (!schemas) return [];
  const apiVersion = p.header.apiVersion;
  const matching = apiVersion ? schemas.knownKinds().filter((k) => k.apiVersions.includes(apiVersion)) : [];
  const kinds = matching.length > 0 ? matching : schemas.knownKinds();
  const versionEntry = entryAt(p.entries, ['apiVersion']);
  return kinds.map((k) => {
    const fits = apiVersion !== undefined && k.apiVersions.includes(apiVersion);
    const extra: TextEdit[] = [];
    const lineOffset = p.line - p.documentLine;
    if (!fits && versionEntry?.value) {
      extra.push({ range: { start: { line: versionEntry.line + lineOffset, character: versionEntry.value.start }, end: { line: versionEntry.line + lineOffset, character: versionEntry.value.end } }, newText: k.preferred });
    } else if (!fits && !versionEntry) {
      extra.push({ range: { start: { line: p.line, character: 0 }, end: { line: p.line, character: 0 } }, newText: `apiVersion: ${k.preferred}\n` });
    }
    return {
      label: k.kind, kind: CompletionItemKind.Class, detail: fits ? apiVersion : k.preferred, sortText: `${fits ? 0 : 1}${k.kind}`, filterText: k.kind,
      textEdit: edit(p, k.kind), insertTextFormat: InsertTextFormat.PlainText,
      ...(extra.length > 0 ? { additionalTextEdits: extra } : {}),
    };
  });
}

// ---- Shared ----

function query(p: Place, kind: ReturnType<typeof kindOf>, path: Path): ValueQuery {
  return {
    index: p.ctx.index, kind, path,
    namespace: p.header.namespace ?? p.ctx.defaultNamespace,
    read: (at) => scalarAt(p.entries, at),
  };
}

function edit(p: Place, newText: string): TextEdit {
  const text = p.cursor.position === 'value' && p.cursor.spaceBefore && !newText.startsWith(' ') ? ` ${newText}` : newText;
  return { range: { start: { line: p.line, character: p.cursor.start }, end: { line: p.line, character: p.cursor.end } }, newText: text };
}
