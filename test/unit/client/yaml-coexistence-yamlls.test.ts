/**
 * The coexistence decision against the real yaml-language-server (the server inside Red Hat's YAML
 * extension, pinned as a devDependency), spoken to over LSP the way the extension's client does:
 * it registers for `custom/schema/request` and answers with what our contributor would answer.
 * The user's setup is played by a strict schema mapped to every `*.yaml` file through `yaml.schemas`
 * (as a Kubernetes or CRD-catalogue association would), so any schema check it makes on a mesh
 * resource shows up as a diagnostic.
 *
 * Offline: the schema store and the Kubernetes CRD store are switched off, and every schema is a
 * local file or ours.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-languageserver/node';
import { meshKindsFromCatalog, schemaContent, schemaFor } from '../../../client/src/yaml-coexistence';
import { REPO_ROOT } from '../../support/repo';

const kinds = meshKindsFromCatalog(JSON.parse(readFileSync(path.join(REPO_ROOT, 'schemas', 'index.json'), 'utf8')));

/** Stands in for whatever the user associates: top-level keys of a manifest only. */
const STRICT_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'strict manifest',
  type: 'object',
  properties: { apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { type: 'object' }, spec: { type: 'object' } },
  required: ['apiVersion', 'kind'],
  additionalProperties: false,
};

const VIRTUAL_SERVICE = [
  'apiVersion: networking.istio.io/v1',
  'kind: VirtualService',
  'metadata:',
  '  name: reviews',
  'bogus: 1',
  'spec:',
  '  hosts: [reviews]',
  '',
].join('\n');
const DEPLOYMENT = VIRTUAL_SERVICE.replace('networking.istio.io/v1', 'apps/v1').replace('VirtualService', 'Deployment');

let dir: string;
let child: ChildProcess;
let connection: MessageConnection;
let suppress = true;
const texts = new Map<string, string>();
const published: PublishDiagnosticsParams[] = [];
const waiters: (() => void)[] = [];
const schemaRequests: string[] = [];

before(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'mesh-yamlls-'));
  const strict = path.join(dir, 'strict.schema.json');
  writeFileSync(strict, JSON.stringify(STRICT_SCHEMA));
  const settings: Record<string, unknown> = {
    yaml: {
      validate: true,
      hover: true,
      completion: true,
      schemas: { [pathToFileURL(strict).href]: '*.yaml' },
      schemaStore: { enable: false },
      kubernetesCRDStore: { enable: false },
    },
    http: { proxy: '', proxyStrictSSL: true },
  };
  const bin = path.join(REPO_ROOT, 'node_modules', 'yaml-language-server', 'bin', 'yaml-language-server');
  child = spawn(process.execPath, [bin, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  child.stderr!.resume();
  connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  let configured!: () => void;
  const configuredOnce = new Promise<void>((resolve) => { configured = resolve; });
  connection.onRequest('workspace/configuration', (p: { items: { section?: string }[] }) => {
    setImmediate(configured);
    return p.items.map((item) => settings[item.section ?? ''] ?? null);
  });
  // What Red Hat's client does with these two requests: ask the contributors, fetch the content.
  connection.onRequest('custom/schema/request', (resource: string) => {
    schemaRequests.push(resource);
    const text = texts.get(resource);
    if (text === undefined) return [];
    const uri = schemaFor({ scheme: new URL(resource).protocol.slice(0, -1), languageId: 'yaml', text, enabled: suppress, maxFileSize: 5 * 1024 * 1024 }, kinds);
    return uri ? [uri] : [];
  });
  connection.onRequest('custom/schema/content', (uri: string) => schemaContent(uri) ?? null);
  connection.onRequest(() => null);
  connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
    published.push(p);
    for (const w of waiters.splice(0)) w();
  });
  connection.onNotification(() => undefined);
  connection.listen();
  const folder = pathToFileURL(dir).href;
  await connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: folder,
    workspaceFolders: [{ uri: folder, name: 'w' }],
    capabilities: { workspace: { configuration: true }, textDocument: { publishDiagnostics: {} } },
  });
  await connection.sendNotification('initialized', {});
  await configuredOnce;
  await connection.sendNotification('yaml/registerCustomSchemaRequest');
});

after(async () => {
  // The server may still be answering or asking when it is told to go; writes after that are
  // expected to fail and must not surface as unhandled rejections.
  child.stdin?.on('error', () => undefined);
  connection.onError(() => undefined);
  try {
    await Promise.race([connection.sendRequest('shutdown'), new Promise((resolve) => setTimeout(resolve, 2000))]);
    await connection.sendNotification('exit');
  } catch {
    // already gone
  }
  await new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const timer = setTimeout(() => { child.kill(); resolve(); }, 3000);
    child.once('exit', () => { clearTimeout(timer); resolve(); });
  });
  connection.dispose();
  rmSync(dir, { recursive: true, force: true });
});

/** Opens a document and resolves with the first diagnostics yaml-language-server publishes for it. */
async function open(name: string, text: string): Promise<Diagnostic[]> {
  const uri = pathToFileURL(path.join(dir, name)).href;
  texts.set(uri, text);
  const seen = published.length;
  await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
  const deadline = Date.now() + 20_000;
  for (;;) {
    const found = published.slice(seen).find((p) => p.uri === uri);
    if (found) return found.diagnostics;
    assert.ok(Date.now() < deadline, `no diagnostics for ${name}`);
    await new Promise<void>((resolve) => {
      waiters.push(resolve);
      setTimeout(resolve, 250);
    });
  }
}

const messages = (diagnostics: readonly Diagnostic[]): string[] => diagnostics.map((d) => (typeof d.message === 'string' ? d.message : (d.message as { value: string }).value));

test('yaml-language-server checks a mesh resource against its own association when nobody answers (the duplicate we prevent)', async () => {
  suppress = false;
  try {
    const diagnostics = await open('unclaimed-virtualservice.yaml', VIRTUAL_SERVICE);
    assert.ok(messages(diagnostics).some((m) => m.includes('bogus')), JSON.stringify(messages(diagnostics)));
  } finally {
    suppress = true;
  }
});

test('with our answer, yaml-language-server reports nothing for a mesh resource', async () => {
  const diagnostics = await open('virtualservice.yaml', VIRTUAL_SERVICE);
  assert.deepEqual(messages(diagnostics), []);
  assert.ok(schemaRequests.some((r) => r.endsWith('/virtualservice.yaml')), 'it asked us');
});

test('other YAML keeps the checks the user configured', async () => {
  const diagnostics = await open('deployment.yaml', DEPLOYMENT);
  assert.ok(messages(diagnostics).some((m) => m.includes('bogus')), JSON.stringify(messages(diagnostics)));
});

test('limit: a mixed file is answered for as a whole, so its other manifests lose the user\'s schema checks', async () => {
  const diagnostics = await open('mixed.yaml', `${DEPLOYMENT}---\n${VIRTUAL_SERVICE}`);
  assert.deepEqual(messages(diagnostics), []);
});

test('limit: an explicit $schema modeline in a file still wins over our answer', async () => {
  const strict = pathToFileURL(path.join(dir, 'strict.schema.json')).href;
  const diagnostics = await open('modeline.yaml', `# yaml-language-server: $schema=${strict}\n${VIRTUAL_SERVICE}`);
  assert.ok(messages(diagnostics).some((m) => m.includes('bogus')), JSON.stringify(messages(diagnostics)));
});

test('limit: YAML syntax errors are still reported by yaml-language-server, which parses the file too', async () => {
  const diagnostics = await open('broken-virtualservice.yaml', `${VIRTUAL_SERVICE.replace('bogus: 1\n', '')}  http: [unclosed\n`);
  assert.ok(diagnostics.length > 0);
  assert.ok(!messages(diagnostics).some((m) => m.includes('bogus') || m.includes('not allowed')), JSON.stringify(messages(diagnostics)));
});

test('and it offers no hover or completion of its own there, leaving both to our server', async () => {
  assert.deepEqual(messages(await open('hover-virtualservice.yaml', VIRTUAL_SERVICE)), []);
  const uri = pathToFileURL(path.join(dir, 'hover-virtualservice.yaml')).href;
  for (const position of [{ line: 0, character: 2 }, { line: 1, character: 8 }, { line: 3, character: 4 }, { line: 6, character: 4 }]) {
    const hover = await connection.sendRequest<{ contents?: { value?: string } } | null>('textDocument/hover', { textDocument: { uri }, position });
    assert.equal(hover?.contents?.value ?? '', '', `hover at ${JSON.stringify(position)}: ${JSON.stringify(hover)}`);
  }
  const completion = await connection.sendRequest<{ items: unknown[] } | null>('textDocument/completion', { textDocument: { uri }, position: { line: 4, character: 0 } });
  assert.deepEqual(completion?.items ?? [], []);
});
