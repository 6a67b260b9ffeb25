/**
 * The language server over real JSON-RPC: a spawned `dist/server.js --stdio`, driven the way an
 * editor drives it (open, incremental change, close, configuration pull).
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startServer, type TestServer } from '../support/lspClient';
import { MISSPELT_WEIGHT } from '../support/samples';

const BROKEN = MISSPELT_WEIGHT;

let server: TestServer;
before(async () => { server = await startServer(); });
after(async () => { await server.stop(); });

test('server: open publishes schema diagnostics on the exact key', async () => {
  server.open('file:///ws/vs.yaml', BROKEN);
  const diagnostics = await server.diagnostics('file:///ws/vs.yaml');
  assert.equal(diagnostics.length, 1);
  const [d] = diagnostics;
  assert.equal(d!.code, 'MSH1001');
  assert.equal(d!.source, 'mesh-lifecycle');
  assert.deepEqual(d!.range, { start: { line: 10, character: 6 }, end: { line: 10, character: 12 } });
  assert.match(String(d!.message), /weight/);
});

test('server: an incremental edit that fixes the typo clears the diagnostic', async () => {
  server.open('file:///ws/edit.yaml', BROKEN);
  assert.equal((await server.diagnostics('file:///ws/edit.yaml')).length, 1);
  // Replace "wieght" with "weight" (line 10, characters 6-12).
  server.change('file:///ws/edit.yaml', 2, [{ range: { start: { line: 10, character: 6 }, end: { line: 10, character: 12 } }, text: 'weight' }]);
  assert.deepEqual(await server.diagnostics('file:///ws/edit.yaml', 2), []);
  // And breaking it again in another document of the same file brings one back.
  server.change('file:///ws/edit.yaml', 3, [{ range: { start: { line: 11, character: 0 }, end: { line: 11, character: 0 } }, text: '---\napiVersion: v1\nkind: Service\nmetadata: {name: x}\nspec:\n  ports:\n  - port: http\n' }]);
  const after3 = await server.diagnostics('file:///ws/edit.yaml', 3);
  // Schema findings only: the new Service also draws cross-resource rule findings (IST codes).
  assert.deepEqual(after3.filter((d) => String(d.code).startsWith('MSH')).map((d) => [d.code, d.range.start.line]), [['MSH1002', 17]]);
});

test('server: YAML syntax errors are reported with a range', async () => {
  server.open('file:///ws/syntax.yaml', 'apiVersion: v1\nkind: Service\nspec: [\n');
  const diagnostics = await server.diagnostics('file:///ws/syntax.yaml');
  assert.ok(diagnostics.length >= 1);
  assert.ok(diagnostics.every((d) => d.code === 'MSH0001'));
});

test('server: close clears the document diagnostics', async () => {
  server.open('file:///ws/close.yaml', BROKEN);
  assert.equal((await server.diagnostics('file:///ws/close.yaml')).length, 1);
  server.close('file:///ws/close.yaml');
  assert.deepEqual(await server.diagnostics('file:///ws/close.yaml'), []);
});

test('server: a file that is not a mesh resource is left alone', async () => {
  server.open('file:///ws/other.yaml', 'name: my-app\nversion: 3\nsteps:\n- run: make\n');
  assert.deepEqual(await server.diagnostics('file:///ws/other.yaml'), []);
});

test('server: says it is ready', () => {
  assert.ok(server.statuses.some((s) => (s as { state: string }).state === 'ready'));
});

test('server: per-code settings turn a check off or change its severity', async () => {
  const configured = await startServer({ rules: { MSH1001: 'off' } });
  try {
    configured.open('file:///ws/off.yaml', BROKEN);
    assert.deepEqual(await configured.diagnostics('file:///ws/off.yaml'), []);
  } finally {
    await configured.stop();
  }
  const warning = await startServer({ rules: { 'unknown-field': 'warning' } });
  try {
    warning.open('file:///ws/warn.yaml', BROKEN);
    const [d] = await warning.diagnostics('file:///ws/warn.yaml');
    assert.equal(d!.severity, 2);
  } finally {
    await warning.stop();
  }
});
