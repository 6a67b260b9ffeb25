/**
 * The editor suite: runs inside VS Code's real extension host, against the extension as the
 * .vsix installed it. Diagnostics are compared with the `# expect: CODE` markers written in the
 * fixture files, so the expectations live next to the YAML they describe.
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Api } from '../../../client/src/ctx';
import type { ServerState } from '../../../server/src/protocol';
import { runAll, until, type TestCase } from './harness';

const EXTENSION_ID = 'mesh-lifecycle.mesh-lifecycle';
const SOURCE = 'mesh-lifecycle';

function workspaceFile(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the test workspace folder is open');
  return vscode.Uri.joinPath(folder.uri, name);
}

/** "line:code" for every code in a trailing `# expect: CODE [CODE…]` comment, 1-based lines. */
function expectedMarkers(doc: vscode.TextDocument): string[] {
  const found: string[] = [];
  for (let line = 0; line < doc.lineCount; line++) {
    const marker = /#\s*expect:\s*((?:[A-Z]{3}\d{4}\s*)+)$/.exec(doc.lineAt(line).text);
    for (const code of marker?.[1]?.trim().split(/\s+/) ?? []) found.push(`${line + 1}:${code}`);
  }
  return found.sort();
}

/** The same "line:code" form for what the extension published on `uri`. */
function actualMarkers(uri: vscode.Uri): string[] {
  return vscode.languages.getDiagnostics(uri)
    .filter((d) => d.source === SOURCE)
    .map((d) => `${d.range.start.line + 1}:${typeof d.code === 'object' ? d.code.value : d.code}`)
    .sort();
}

/** Waits until the published diagnostics equal `expected` exactly, and reports both if never. */
async function diagnosticsBecome(uri: vscode.Uri, expected: readonly string[]): Promise<void> {
  const want = JSON.stringify(expected);
  await until(
    () => (JSON.stringify(actualMarkers(uri)) === want ? true : undefined),
    () => `${path.basename(uri.path)}: expected ${want}, got ${JSON.stringify(actualMarkers(uri))}`,
  );
}

async function api(): Promise<Api> {
  const extension = vscode.extensions.getExtension<Api>(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is installed`);
  return extension.activate();
}

async function serverState(state: ServerState): Promise<void> {
  const ext = await api();
  await until(() => (ext.status().state === state ? true : undefined), () => `server state is ${JSON.stringify(ext.status())}, not ${state}`);
}

const tests: TestCase[] = [
  { name: 'the packaged extension activates and its server says it is ready', fn: async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is installed`);
    // Running from the installed .vsix, not the repository: sources are not part of the package.
    assert.ok(!(await exists(vscode.Uri.joinPath(extension.extensionUri, 'client', 'src'))), 'client/src is not shipped');
    await api();
    assert.equal(extension.isActive, true);
    await serverState('ready');
  } },

  { name: 'the contributed commands are exactly the registered ones', fn: async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    const contributed = (extension?.packageJSON.contributes.commands as { command: string }[]).map((c) => c.command).sort();
    const registered = (await vscode.commands.getCommands(true)).filter((c) => c.startsWith('meshLifecycle.')).sort();
    assert.deepEqual(registered, contributed);
    await vscode.commands.executeCommand('meshLifecycle.showOutput');
  } },

  { name: 'broken.yaml gets exactly the diagnostics its markers name', fn: async () => {
    const doc = await vscode.workspace.openTextDocument(workspaceFile('broken.yaml'));
    await vscode.window.showTextDocument(doc);
    const expected = expectedMarkers(doc);
    assert.ok(expected.some((m) => m.endsWith(':MSH1001')), 'the fixture plants an unknown field');
    await diagnosticsBecome(doc.uri, expected);
  } },

  { name: 'clean.yaml gets none, and an edit that breaks it is reported and cleared', fn: async () => {
    const doc = await vscode.workspace.openTextDocument(workspaceFile('clean.yaml'));
    const editor = await vscode.window.showTextDocument(doc);
    // An empty list is also what an unprocessed file shows, so prove the server looks at this
    // file: plant a typo, see it reported, take it back, see the report cleared.
    // The typo is in `timeout`, which no cross-resource rule reads, so it is the only finding.
    const line = doc.getText().split('\n').findIndex((l) => l.trim() === 'timeout: 5s');
    assert.ok(line >= 0, 'clean.yaml has a timeout line to misspell');
    const key = new vscode.Range(line, doc.lineAt(line).firstNonWhitespaceCharacterIndex, line, doc.lineAt(line).firstNonWhitespaceCharacterIndex + 'timeout'.length);
    assert.ok(await editor.edit((e) => e.replace(key, 'timout')));
    await diagnosticsBecome(doc.uri, [`${line + 1}:MSH1001`]);
    const typo = new vscode.Range(key.start, key.start.translate(0, 'timout'.length));
    assert.ok(await editor.edit((e) => e.replace(typo, 'timeout')));
    await diagnosticsBecome(doc.uri, []);
    // Leave the file as it is on disk, so later tests and a rerun see the fixture unchanged.
    await vscode.commands.executeCommand('workbench.action.files.revert');
  } },

  { name: 'an untitled YAML buffer is checked too', fn: async () => {
    const broken = await vscode.workspace.openTextDocument(workspaceFile('broken.yaml'));
    const doc = await vscode.workspace.openTextDocument({ language: 'yaml', content: broken.getText() });
    await diagnosticsBecome(doc.uri, expectedMarkers(doc));
  } },

  { name: 'Restart Server brings up a new server that reports again', fn: async () => {
    const ext = await api();
    const seen: ServerState[] = [];
    const listener = ext.onDidChangeStatus((s) => seen.push(s.state));
    try {
      await vscode.commands.executeCommand('meshLifecycle.restartServer');
      await until(() => (seen.includes('starting') && ext.status().state === 'ready' ? true : undefined), () => `states seen: ${seen.join(' → ')}`);
    } finally {
      listener.dispose();
    }
    // The old server's diagnostics were cleared with it; the new one must publish them again.
    const doc = await vscode.workspace.openTextDocument(workspaceFile('broken.yaml'));
    await diagnosticsBecome(doc.uri, expectedMarkers(doc));
  } },
];

async function exists(uri: vscode.Uri): Promise<boolean> {
  return vscode.workspace.fs.stat(uri).then(() => true, () => false);
}

export function run(): Promise<void> {
  return runAll(tests);
}
