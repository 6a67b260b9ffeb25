/**
 * Outline and folding for multi-document manifests.
 *
 *   documents ─> one DocumentSymbol per YAML document: `Kind namespace/name`, a SymbolKind by
 *                what the kind is (routes, policies, workloads, services, gateways...), the
 *                document's lines as its range and the name as its selection; the parts people
 *                look for as children (subsets, servers, listeners, routes, ports)
 *            ─> folding ranges: each document, and each key or list item whose block spans lines
 *
 * Identity comes from the parse when it succeeded and from the lines otherwise (documents.ts
 * headerOf), so a document being typed keeps its place in the outline.
 */
import { FoldingRangeKind, SymbolKind, type DocumentSymbol, type FoldingRange } from 'vscode-languageserver';
import { K, kindOf, type Kind } from '../model/kinds';
import { chunkRange } from '../parse/document';
import type { PlacedDocument } from '../parse/file';
import { locate } from '../parse/locate';
import type { Path, Range } from '../parse/types';
import { asArray, asNumber, asObject, asString, isObject } from '../rules/util/values';
import { entriesOf, headerOf, linesOf, type FeatureContext, type FileView } from './documents';
import { shift } from './navigation';

/** What kind of symbol a resource kind is shown as. */
const SYMBOL_KINDS: ReadonlyMap<string, SymbolKind> = new Map<string, SymbolKind>([
  // Where traffic goes: routes and splits.
  ...['VirtualService', 'HTTPRoute', 'GRPCRoute', 'TCPRoute', 'TLSRoute', 'UDPRoute', 'ServiceRouter', 'ServiceSplitter', 'TrafficSplit'].map((k) => [k, SymbolKind.Function] as const),
  // How traffic is treated at its destination.
  ...['DestinationRule', 'ServiceResolver', 'ServiceDefaults', 'ProxyDefaults', 'Sidecar', 'EnvoyFilter', 'WasmPlugin', 'Telemetry'].map((k) => [k, SymbolKind.Struct] as const),
  // Entry points.
  ...['Gateway', 'GatewayClass', 'ListenerSet', 'XListenerSet', 'Ingress'].map((k) => [k, SymbolKind.Module] as const),
  // Who may talk to whom.
  ...['PeerAuthentication', 'AuthorizationPolicy', 'RequestAuthentication', 'ReferenceGrant', 'ServiceIntentions', 'Server', 'ServerAuthorization', 'MeshTLSAuthentication', 'NetworkAuthentication', 'TrafficTarget'].map((k) => [k, SymbolKind.Key] as const),
  // Services and endpoints.
  ...['Service', 'ServiceEntry', 'WorkloadEntry', 'WorkloadGroup', 'Endpoints', 'EndpointSlice'].map((k) => [k, SymbolKind.Interface] as const),
  // Things that run.
  ...['Deployment', 'StatefulSet', 'DaemonSet', 'Pod', 'Rollout', 'Canary', 'Job', 'CronJob'].map((k) => [k, SymbolKind.Class] as const),
  ['Namespace', SymbolKind.Namespace],
  ['ServiceAccount', SymbolKind.Variable],
  ['ConfigMap', SymbolKind.File],
  ['Secret', SymbolKind.File],
  ['Certificate', SymbolKind.File],
]);

export function documentSymbols(ctx: FeatureContext, view: FileView): DocumentSymbol[] {
  const out: DocumentSymbol[] = [];
  for (const doc of view.documents) {
    const symbol = symbolOf(ctx, doc);
    if (symbol) out.push(symbol);
  }
  return out;
}

function symbolOf(ctx: FeatureContext, doc: PlacedDocument): DocumentSymbol | null {
  const content = contentLines(doc);
  if (!content) return null;
  const header = headerOf(doc.chunk);
  const range: Range = { start: { line: doc.startLine + content.first, character: 0 }, end: { line: doc.startLine + content.last, character: content.lastLength } };
  const kind = header.kind ?? 'YAML document';
  const clusterScoped = header.apiVersion && header.kind ? ctx.schemas?.entryOf(header.apiVersion, header.kind)?.scope === 'Cluster' : false;
  // Namespaced objects that name no namespace are shown in the one the checks assume.
  const namespace = clusterScoped ? undefined : header.namespace ?? ctx.defaultNamespace;
  const name = header.name ? `${namespace ? `${namespace}/` : ''}${header.name}` : namespace ? `${namespace}/(unnamed)` : '(unnamed)';
  const selectionPath = header.name ? ['metadata', 'name'] : header.kind ? ['kind'] : [];
  return {
    name: `${kind} ${name}`,
    kind: header.kind ? (SYMBOL_KINDS.get(header.kind) ?? SymbolKind.Object) : SymbolKind.Object,
    ...(header.apiVersion ? { detail: header.apiVersion } : {}),
    range,
    selectionRange: selectionPath.length > 0 ? clamp(rangeOf(doc, selectionPath), range) : { start: range.start, end: range.start },
    children: header.apiVersion && header.kind ? childrenOf(doc, kindOf(header.apiVersion, header.kind), range) : [],
  };
}

/** The first and last lines of a document that hold more than markers, comments or blanks. */
function contentLines(doc: PlacedDocument): { first: number; last: number; lastLength: number } | null {
  const lines = linesOf(doc.chunk);
  let first = -1;
  let last = -1;
  lines.forEach((line, i) => {
    const t = line.trim();
    if (t === '' || t.startsWith('#') || /^(---|\.\.\.)(\s|$)/.test(line)) return;
    if (first < 0) first = i;
    last = i;
  });
  return first < 0 ? null : { first, last, lastLength: lines[last]!.length };
}

function rangeOf(doc: PlacedDocument, path: Path): Range {
  const at = locate(doc.chunk, path, 'value');
  return shift(chunkRange(doc.chunk, at.startOffset, at.endOffset), doc.startLine);
}

/** The selection range must lie inside the symbol's range (LSP requires it). */
function clamp(inner: Range, outer: Range): Range {
  const before = (a: Range['start'], b: Range['start']): boolean => a.line < b.line || (a.line === b.line && a.character < b.character);
  if (before(inner.start, outer.start) || before(outer.end, inner.end)) return { start: outer.start, end: outer.start };
  return inner;
}

/** The named parts of an object worth jumping to. */
function childrenOf(doc: PlacedDocument, kind: Kind, parent: Range): DocumentSymbol[] {
  const value = doc.chunk.value;
  if (!isObject(value)) return [];
  const spec = asObject(value['spec']);
  const out: DocumentSymbol[] = [];
  const child = (name: string, symbolKind: SymbolKind, path: Path, detail?: string): void => {
    const range = clamp(rangeOf(doc, path), parent);
    const nameRange = clamp(rangeOf(doc, [...path, 'name']), range);
    out.push({ name, kind: symbolKind, range, selectionRange: nameRange, ...(detail ? { detail } : {}) });
  };
  const list = (field: string, f: (item: Readonly<Record<string, unknown>>, i: number) => void): void => asArray(spec[field]).forEach((raw, i) => f(asObject(raw), i));
  switch (kind) {
    case K.DestinationRule:
      list('subsets', (s, i) => child(`subset ${asString(s['name']) ?? i}`, SymbolKind.EnumMember, ['spec', 'subsets', i]));
      break;
    case K.IstioGateway:
      list('servers', (s, i) => {
        const port = asObject(s['port']);
        child(`server ${asString(port['name']) ?? asNumber(port['number']) ?? i}`, SymbolKind.Field, ['spec', 'servers', i], `${asString(port['protocol']) ?? ''} ${asNumber(port['number']) ?? ''}`.trim());
      });
      break;
    case K.Gateway:
      list('listeners', (l, i) => child(`listener ${asString(l['name']) ?? i}`, SymbolKind.Field, ['spec', 'listeners', i], `${asString(l['protocol']) ?? ''} ${asNumber(l['port']) ?? ''}`.trim()));
      break;
    case K.VirtualService:
      for (const protocol of ['http', 'tcp', 'tls']) {
        list(protocol, (r, i) => child(`${protocol} ${asString(r['name']) ?? `route ${i + 1}`}`, SymbolKind.Method, ['spec', protocol, i]));
      }
      break;
    case K.Service:
      list('ports', (p, i) => child(`port ${asString(p['name']) ?? asNumber(p['port']) ?? i}`, SymbolKind.Field, ['spec', 'ports', i], String(asNumber(p['port']) ?? '')));
      break;
    default:
      if (kind.startsWith('gateway.networking.k8s.io/') && kind.endsWith('Route')) {
        list('rules', (r, i) => child(`rule ${asString(r['name']) ?? i + 1}`, SymbolKind.Method, ['spec', 'rules', i]));
      }
  }
  return out;
}

/** Folding: every document, and every block (a key or item whose content continues below it). */
/**
 * More ranges than an editor shows (VS Code keeps 5,000) only cost time and bytes: past this many
 * the deepest blocks are left out, documents and outer blocks first.
 */
export const MAX_FOLDING_RANGES = 5000;

/** One fold, chunk-relative, with how deep its block is (documents are depth 0). */
interface Fold {
  readonly start: number;
  readonly end: number;
  readonly depth: number;
  readonly region: boolean;
}

const folds = new WeakMap<PlacedDocument['chunk'], readonly Fold[]>();

/**
 * Blocks nested deeper than this are not folded. Finding a block's end reads the lines below it,
 * so folding every level of a 1,000-deep document read a million lines (half a second); real
 * manifests, CRD schemas included, nest far less, and clients keep the shallowest folds anyway.
 */
const MAX_FOLD_DEPTH = 128;

/** Folding: every document, and every block (a key or item whose content continues below it). */
export function foldingRanges(view: FileView, limit = MAX_FOLDING_RANGES): FoldingRange[] {
  const all: { fold: Fold; offset: number }[] = [];
  for (const doc of view.documents) {
    for (const fold of foldsOf(doc)) all.push({ fold, offset: doc.startLine });
  }
  let kept = all;
  if (all.length > limit) {
    const depths = all.map((f) => f.fold.depth).sort((a, b) => a - b);
    const maxDepth = depths[limit - 1]!;
    kept = all.filter((f) => f.fold.depth < maxDepth);
    let room = limit - kept.length;
    kept = all.filter((f) => f.fold.depth < maxDepth || (f.fold.depth === maxDepth && room-- > 0));
  }
  return kept.map(({ fold, offset }) => ({
    startLine: offset + fold.start, endLine: offset + fold.end, ...(fold.region ? { kind: FoldingRangeKind.Region } : {}),
  }));
}

/** A document's folds, computed once per parsed chunk. */
function foldsOf(doc: PlacedDocument): readonly Fold[] {
  const cached = folds.get(doc.chunk);
  if (cached) return cached;
  const out: Fold[] = [];
  const content = contentLines(doc);
  if (content) {
    const lines = linesOf(doc.chunk);
    // A document starting with `---` folds from the marker, so the folded line still shows it.
    const start = /^---/.test(lines[0] ?? '') ? 0 : content.first;
    if (content.last > start) out.push({ start, end: content.last, depth: 0, region: true });
    const seen = new Set<number>();
    for (const e of entriesOf(doc.chunk)) {
      if (seen.has(e.line) || e.path.length > MAX_FOLD_DEPTH) continue;
      const end = blockEnd(lines, e.line, e.column);
      if (end > e.line) {
        seen.add(e.line);
        out.push({ start: e.line, end, depth: e.path.length, region: false });
      }
    }
  }
  folds.set(doc.chunk, out);
  return out;
}

/** The last line of the block opened at `line`: content below it indented past `column`. */
function blockEnd(lines: readonly string[], line: number, column: number): number {
  let end = line;
  for (let i = line + 1; i < lines.length; i++) {
    const text = lines[i]!;
    const indent = text.length - text.trimStart().length;
    const t = text.trim();
    if (t === '' || t.startsWith('#')) continue;
    if (indent < column || /^(---|\.\.\.)(\s|$)/.test(text)) break;
    // At the same column only a list written at its key's indentation continues the block.
    if (indent === column && !((t.startsWith('- ') || t === '-') && isKeyLine(lines[line]!, column))) break;
    end = i;
  }
  return end;
}

/** Whether the line's token at `column` is a key (not a list item). */
function isKeyLine(text: string, column: number): boolean {
  return !text.slice(column).startsWith('-');
}
