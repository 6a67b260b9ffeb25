import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CodeAction, Diagnostic, TextEdit } from 'vscode-languageserver';
import { codeActions } from '../../../server/src/features/code-actions';
import { toDiagnostic } from '../../../server/src/features/diagnostics';
import { applyTextEdits } from '../../../server/src/fixes/apply';
import { lineStarts as lineOffsets } from '../../../server/src/parse/lines';
import { featureWorkspace, fileKey, withCursor } from '../../support/cursor';

/** The workspace's findings for a file as the client would hold them (diagnostics with data). */
function setup(files: Record<string, string>, file: string) {
  const fx = featureWorkspace(files);
  const result = fx.workspace.analyze();
  const diagnostics = (result.findings.get(fileKey(file)) ?? []).map(toDiagnostic);
  return { fx, diagnostics };
}

function actionsAt(files: Record<string, string>, file: string, marked: string, only?: string[]) {
  const { text, position } = withCursor(marked);
  const all = { ...files, [file]: text };
  const { fx, diagnostics } = setup(all, file);
  const here = diagnostics.filter((d) => d.range.start.line <= position.line && position.line <= d.range.end.line);
  const actions = codeActions(fx.ctx, fx.view(file), { uri: `untitled:${file}`, text, range: { start: position, end: position }, diagnostics: here, ...(only ? { only } : {}) });
  return { actions, text, all, diagnostics: here };
}

/** The texts after applying an action's edits (per URI, the client's for the open file). */
function applied(action: CodeAction, texts: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [uri, edits] of Object.entries(action.edit?.changes ?? {})) {
    const text = texts[uri]!;
    const starts = lineOffsets(text);
    out[uri] = applyTextEdits(text, (edits as TextEdit[]).map((e) => ({
      startOffset: starts[e.range.start.line]! + e.range.start.character, endOffset: starts[e.range.end.line]! + e.range.end.character, newText: e.newText,
    })));
  }
  return out;
}

const VS = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: reviews, namespace: default}
spec:
  hosts: [reviews]
  http:
  - route:
    - destination: {host: reviews, subset: v3}
      wieght: 90
`;
const DR = `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: reviews, namespace: default}
spec:
  host: reviews
  subsets:
  - name: v1
    labels: {version: v1}
`;

test('code actions: schema fixes, with the preferred flag', () => {
  const { actions, text } = actionsAt({ 'dr.yaml': DR }, 'vs.yaml', VS.replace('wieght', 'wie$0ght'));
  const rename = actions.find((a) => a.title === 'Rename to weight')!;
  assert.equal(rename.kind, 'quickfix');
  assert.equal(rename.isPreferred, true);
  assert.equal(rename.diagnostics?.[0]?.code, 'MSH1001');
  assert.equal(applied(rename, { 'untitled:vs.yaml': text })['untitled:vs.yaml'], VS.replace('wieght', 'weight'));
});

test('code actions: a rule fix that edits another file adds the missing subset to the DestinationRule', () => {
  const { actions, text, all } = actionsAt({ 'dr.yaml': DR }, 'vs.yaml', VS.replace('subset: v3', 'subset: v$03'));
  assert.deepEqual(actions.map((a) => a.title), [
    'Use subset "v1"',
    'Add subset "v3" (version: v3) to DestinationRule default/reviews',
    'Remove subset "v3" (send to every endpoint of the host)',
  ]);
  assert.equal(actions[0]!.isPreferred, true);
  const result = applied(actions[1]!, { 'untitled:vs.yaml': text, [fileKey('dr.yaml')]: all['dr.yaml']! });
  assert.equal(result[fileKey('dr.yaml')], `${DR}  - name: v3\n    labels:\n      version: v3\n`);
});

test('code actions: the ReferenceGrant a cross-namespace backendRef needs is created as a new document', () => {
  const route = 'apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: web, namespace: shop}\nspec:\n  parentRefs: [{name: edge}]\n  rules:\n  - backendRefs:\n    - name: api\n      namespace: back$0end\n      port: 80\n';
  const { actions, text } = actionsAt({}, 'route.yaml', route);
  const create = actions.find((a) => a.title.startsWith('Create ReferenceGrant'))!;
  assert.equal(create.isPreferred, true);
  const after = applied(create, { 'untitled:route.yaml': text })['untitled:route.yaml']!;
  assert.match(after, /\n---\napiVersion: gateway.networking.k8s.io\/v1\nkind: ReferenceGrant\nmetadata:\n  name: shop-httproute-to-api\n  namespace: backend\n/);
});

test('code actions: write the namespace explicitly, only where it is missing', () => {
  const doc = 'apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata:\n  name: r$0eviews\nspec:\n  host: reviews\n';
  const { actions, text } = actionsAt({}, 'dr.yaml', doc);
  const action = actions.find((a) => a.kind === 'refactor.rewrite')!;
  assert.equal(action.title, 'Write the namespace explicitly (namespace: default)');
  assert.equal(applied(action, { 'untitled:dr.yaml': text })['untitled:dr.yaml'], text.replace('  name: reviews\n', '  name: reviews\n  namespace: default\n'));
  assert.equal(actionsAt({}, 'dr.yaml', doc.replace('  name: r$0eviews\n', '  name: r$0eviews\n  namespace: x\n')).actions.length, 0);
  assert.deepEqual(actionsAt({}, 'dr.yaml', doc, ['quickfix']).actions, [], 'the client asked for quick fixes only');
});

test('code actions: diagnostics from other tools are left alone', () => {
  const { fx } = setup({ 'vs.yaml': VS }, 'vs.yaml');
  const foreign: Diagnostic = { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, message: 'x', source: 'yaml', data: { fixes: [{ title: 't', edits: [] }] } };
  assert.deepEqual(codeActions(fx.ctx, fx.view('vs.yaml'), { uri: 'u', text: VS, range: foreign.range, diagnostics: [foreign], only: ['quickfix'] }), []);
});
