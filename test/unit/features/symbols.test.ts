import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SymbolKind } from 'vscode-languageserver';
import { documentSymbols, foldingRanges } from '../../../server/src/features/symbols';
import { featureWorkspace, textAt } from '../../support/cursor';
import { MESH } from '../../support/mesh';

const FILE = `# Routing for reviews.
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews
spec:
  hosts: [reviews]
  http:
  - name: primary
    route:
    - destination: {host: reviews}
---
apiVersion: v1
kind: Namespace
metadata: {name: shop}
---
# only a comment
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: broken, namespace: shop
spec:
  host: [
`;

test('outline: one symbol per document, named Kind namespace/name (the assumed namespace when none is written), with a kind-appropriate symbol kind', () => {
  const fx = featureWorkspace({ 'f.yaml': FILE });
  const symbols = documentSymbols(fx.ctx, fx.view('f.yaml'));
  assert.deepEqual(symbols.map((s) => [s.name, s.kind, s.detail]), [
    ['VirtualService default/reviews', SymbolKind.Function, 'networking.istio.io/v1'],
    ['Namespace shop', SymbolKind.Namespace, 'v1'],
    ['DestinationRule default/(unnamed)', SymbolKind.Struct, 'networking.istio.io/v1'],
  ]);
  assert.deepEqual(textAt(FILE, symbols[0]!.selectionRange), { token: 'reviews', line: '  name: reviews' });
  assert.equal(symbols[0]!.range.start.line, 1, 'the range starts at the first content line');
  assert.deepEqual(symbols[0]!.children?.map((c) => c.name), ['http primary']);
});

test('outline: children for subsets, servers, listeners and ports', () => {
  const fx = featureWorkspace({ 'mesh.yaml': MESH });
  const symbols = documentSymbols(fx.ctx, fx.view('mesh.yaml'));
  const byName = new Map(symbols.map((s) => [s.name, s.children?.map((c) => c.name)]));
  assert.deepEqual(byName.get('DestinationRule default/reviews'), ['subset v1', 'subset v2']);
  assert.deepEqual(byName.get('Gateway istio-system/ingress'), ['server http']);
  assert.deepEqual(byName.get('Gateway default/web'), ['listener http', 'listener https']);
  assert.deepEqual(byName.get('Service default/reviews'), ['port http']);
});

test('folding: each document, and each block spanning lines', () => {
  const fx = featureWorkspace({ 'f.yaml': FILE });
  const ranges = foldingRanges(fx.view('f.yaml')).map((r) => `${r.startLine}-${r.endLine}${r.kind ? ` ${r.kind}` : ''}`);
  const lines = FILE.split('\n');
  const at = (text: string): number => lines.indexOf(text);
  assert.ok(ranges.includes(`${at('apiVersion: networking.istio.io/v1')}-${at('    - destination: {host: reviews}')} region`), 'the first document');
  assert.ok(ranges.includes(`${at('metadata:')}-${at('  name: reviews')}`));
  assert.ok(ranges.includes(`${at('  http:')}-${at('    - destination: {host: reviews}')}`), 'a list at its key\'s indentation folds with the key');
  assert.ok(ranges.includes(`${at('  - name: primary')}-${at('    - destination: {host: reviews}')}`));
  assert.ok(ranges.includes(`${at('apiVersion: v1') - 1}-${at('metadata: {name: shop}')} region`), 'a document folds from its marker');
});

test('folding: past the limit, the deepest blocks are left out first', () => {
  const fx = featureWorkspace({ 'f.yaml': FILE });
  const all = foldingRanges(fx.view('f.yaml'));
  const few = foldingRanges(fx.view('f.yaml'), 4);
  assert.equal(few.length, 4);
  assert.ok(few.every((r) => all.some((a) => a.startLine === r.startLine && a.endLine === r.endLine)));
  assert.equal(few.filter((r) => r.kind === 'region').length, 3, 'every document is kept');
  assert.ok(!few.some((r) => FILE.split('\n')[r.startLine] === '  - name: primary'), 'a block three levels deep goes first');
});

test('folding: absurdly deep nesting folds only its first 128 levels (each fold reads the lines below it)', () => {
  const deep = `apiVersion: v1\nkind: ConfigMap\ndata:\n${Array.from({ length: 1_000 }, (_, i) => `${' '.repeat(i + 2)}k${i}:`).join('\n')} v\n`;
  const fx = featureWorkspace({ 'deep.yaml': deep });
  const ranges = foldingRanges(fx.view('deep.yaml'));
  // The document, `data`, and the keys down to 128 levels (the deepest key has no block below it).
  assert.equal(ranges.length, 1 + 128);
  assert.ok(ranges.every((r) => r.endLine === 1002), 'every block runs to the last line');
});
