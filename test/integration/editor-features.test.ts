/**
 * Editor features over real LSP: the bundled server (`dist/server.js --stdio`) with a workspace
 * folder, driven by JSON-RPC requests at cursor fixtures (`$0` marks the cursor). Each capability
 * is announced in `initialize` and answers from the workspace's index: completion (schema fields,
 * enum values, references), hover, definition and references across files, code actions from the
 * diagnostics' data, document symbols and folding ranges.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { CodeAction, CompletionItem, CompletionList, Diagnostic, DocumentSymbol, FoldingRange, Hover, Location, TextEdit } from 'vscode-languageserver';
import { textAt, withCursor } from '../support/cursor';
import { startWorkspaceServer, type WorkspaceClient } from '../support/lspWorkspace';
import { MESH } from '../support/mesh';

let dir: string;
let client: WorkspaceClient;
let meshUri: string;

before(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'mesh-ls-editor-'));
  writeFileSync(path.join(dir, 'mesh.yaml'), MESH);
  client = await startWorkspaceServer({ folders: [dir] });
  await client.waitForStatus('ready');
  meshUri = client.uri(path.join(dir, 'mesh.yaml'));
});

after(async () => {
  await client.stop();
  rmSync(dir, { recursive: true, force: true });
});

let version = 0;

/** Opens `marked` (without its `$0`) as a new file of the folder; resolves once the server has checked it. */
async function openAt(name: string, marked: string): Promise<{ uri: string; text: string; position: { line: number; character: number }; diagnostics: Diagnostic[] }> {
  const { text, position } = withCursor(marked);
  const uri = client.uri(path.join(dir, name));
  client.open(uri, text, ++version);
  const diagnostics = await client.waitFor(uri, () => true);
  return { uri, text, position, diagnostics };
}

function request<T>(method: string, params: object): Promise<T> {
  return client.connection.sendRequest<T>(method, params);
}

const VS = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: reviews-route, namespace: default}
spec:
  hosts: [reviews]
  http:
  - route:
    - destination:
        host: reviews
        subset: v1
`;

test('editor features: every capability is announced in initialize', () => {
  const c = client.capabilities;
  assert.deepEqual(c['completionProvider'], { triggerCharacters: [' ', ':', '/'] });
  for (const name of ['hoverProvider', 'definitionProvider', 'referencesProvider', 'foldingRangeProvider']) assert.equal(c[name], true, name);
  assert.deepEqual(c['codeActionProvider'], { codeActionKinds: ['quickfix', 'refactor.rewrite'] });
  assert.ok(c['documentSymbolProvider']);
});

test('editor features: completion of fields, enum values and subsets of the destination host', async () => {
  const fields = await openAt('c1.yaml', VS.replace('        subset: v1\n', '        $0\n'));
  const items = await request<CompletionItem[] | CompletionList>('textDocument/completion', { textDocument: { uri: fields.uri }, position: fields.position });
  const labels = (Array.isArray(items) ? items : items.items).map((i) => i.label);
  assert.deepEqual(labels.sort(), ['port', 'subset']);

  const subsets = await openAt('c2.yaml', VS.replace('subset: v1', 'subset: $0'));
  const subsetItems = await request<CompletionItem[]>('textDocument/completion', { textDocument: { uri: subsets.uri }, position: subsets.position });
  assert.deepEqual(subsetItems.map((i) => i.label), ['v1', 'v2'], 'subsets come from the DestinationRule in another file');

  const lb = await openAt('c3.yaml', 'apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata: {name: d}\nspec:\n  host: ratings.shop.svc.cluster.local\n  trafficPolicy:\n    loadBalancer:\n      simple: $0\n');
  const lbItems = await request<CompletionItem[]>('textDocument/completion', { textDocument: { uri: lb.uri }, position: lb.position });
  assert.ok(lbItems.some((i) => i.label === 'LEAST_REQUEST' && i.kind === 20), 'enum values are EnumMembers');
});

test('editor features: hover shows field docs and the subset a route names', async () => {
  const doc = await openAt('h1.yaml', VS.replace('subset: v1', 'subset: v$01'));
  const h = await request<Hover>('textDocument/hover', { textDocument: { uri: doc.uri }, position: doc.position });
  const markdown = (h.contents as { value: string }).value;
  assert.match(markdown, /Subset \*\*v1\*\* of DestinationRule `default\/reviews`/);
  assert.match(markdown, /Workloads: Deployment `reviews-v1`/);
  assert.deepEqual(textAt(doc.text, h.range!).token, 'v1');
});

test('editor features: definition and references across files', async () => {
  const doc = await openAt('d1.yaml', VS.replace('subset: v1', 'subset: $0v1'));
  const [target] = await request<Location[]>('textDocument/definition', { textDocument: { uri: doc.uri }, position: doc.position });
  assert.equal(target?.uri, meshUri);
  assert.deepEqual(textAt(MESH, target!.range), { token: 'v1', line: '  - name: v1' });

  const refs = await request<Location[]>('textDocument/references', { textDocument: { uri: doc.uri }, position: doc.position, context: { includeDeclaration: true } });
  const spots = refs.map((l) => `${path.basename(l.uri)}:${l.range.start.line}`);
  assert.ok(spots.includes(`mesh.yaml:${target!.range.start.line}`), 'the declaration');
  assert.ok(spots.includes(`d1.yaml:${doc.position.line}`), 'this route');
});

test('editor features: code actions rebuilt from the diagnostics\' data', async () => {
  const doc = await openAt('a1.yaml', VS.replace('subset: v1', 'subset: v$03'));
  const here = doc.diagnostics.filter((d) => d.code === 'IST0101' && d.range.start.line === doc.position.line);
  assert.equal(here.length, 1);
  const actions = await request<CodeAction[]>('textDocument/codeAction', {
    textDocument: { uri: doc.uri }, range: { start: doc.position, end: doc.position }, context: { diagnostics: here, only: ['quickfix'] },
  });
  const add = actions.find((a) => a.title === 'Add subset "v3" (version: v3) to DestinationRule default/reviews')!;
  assert.equal(add.kind, 'quickfix');
  const edits = add.edit!.changes![meshUri] as TextEdit[];
  assert.deepEqual(edits.map((e) => e.newText), ['\n  - name: v3\n    labels:\n      version: v3']);
  const preferred = actions.filter((a) => a.isPreferred).map((a) => a.title);
  assert.deepEqual(preferred, []);
  const rewrite = await request<CodeAction[]>('textDocument/codeAction', {
    textDocument: { uri: doc.uri }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [], only: ['refactor'] },
  });
  assert.deepEqual(rewrite.map((a) => a.title), [], 'the route already names its namespace');
});

test('editor features: document symbols and folding ranges per document', async () => {
  const symbols = await request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: meshUri } });
  assert.deepEqual(symbols.map((s) => s.name), [
    'Service default/reviews', 'Service shop/ratings', 'Deployment default/reviews-v1', 'Deployment default/reviews-v2',
    'DestinationRule default/reviews', 'ServiceEntry default/payments', 'Gateway istio-system/ingress', 'Gateway default/web', 'ServiceAccount default/productpage',
  ]);
  const folds = await request<FoldingRange[]>('textDocument/foldingRange', { textDocument: { uri: meshUri } });
  assert.equal(folds.filter((f) => f.kind === 'region').length, symbols.length, 'one region per document');
});

test('editor features: a live-object URI the server holds no object for answers null', async () => {
  assert.equal(await request('meshLifecycle/liveObject', { uri: 'mesh-lifecycle-live:/ctx/core/Service/default/nothing.yaml' }), null);
  assert.equal(await request('meshLifecycle/liveObject', { uri: 'file:///not-live.yaml' }), null);
});
