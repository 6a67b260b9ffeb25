/**
 * The language server indexes whole workspace folders: files that are not open are checked and
 * their findings published, open documents override the disk, disk changes are picked up (through
 * the client's file watching or the server's own), templated files and node_modules are skipped,
 * and the project file's severities apply under the editor settings.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver';
import { startWorkspaceServer } from '../support/lspWorkspace';

const VS = (subset: string) => `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: reviews, namespace: shop}
spec:
  hosts: [reviews]
  http:
  - route:
    - destination:
        host: reviews
        subset: ${subset}
`;
const DR = (subset: string) => `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: reviews, namespace: shop}
spec:
  host: reviews
  subsets:
  - name: ${subset}
    labels: {version: ${subset}}
`;

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'mesh-ls-ws-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

const subsetFindings = (d: readonly Diagnostic[]): Diagnostic[] => d.filter((x) => x.code === 'IST0101' && /Subset/.test(String(x.message)));

test('server workspace: unopened files are checked across files; edits and disk changes re-check', async () => {
  const dir = folder({
    'vs.yaml': VS('v2'),
    'dr.yaml': DR('v1'),
    'node_modules/pkg/broken.yaml': 'a: [\n',
    'chart/Chart.yaml': 'apiVersion: v2\nname: c\nversion: 0.1.0\n',
    'chart/templates/broken.yaml': 'a: [\n',
    'tpl.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\n',
  });
  const client = await startWorkspaceServer({ folders: [dir] });
  try {
    const vs = client.uri(path.join(dir, 'vs.yaml'));
    const dr = client.uri(path.join(dir, 'dr.yaml'));
    const first = await client.waitFor(vs, (d) => subsetFindings(d).length === 1);
    assert.equal(first[0]!.range.start.line, 9);
    assert.ok(client.registrations.includes('workspace/didChangeWatchedFiles'));
    // The open document overrides the disk: defining v2 in the editor clears the other file.
    client.open(dr, DR('v1'));
    client.change(dr, 2, DR('v2'));
    await client.waitFor(vs, (d) => subsetFindings(d).length === 0);
    // Closing without saving falls back to the disk text.
    client.close(dr);
    await client.waitFor(vs, (d) => subsetFindings(d).length === 1);
    // A change on disk, reported by the client's watcher.
    writeFileSync(path.join(dir, 'vs.yaml'), VS('v1'));
    client.fileChanged(vs, 2);
    await client.waitFor(vs, (d) => subsetFindings(d).length === 0);
    for (const skipped of ['node_modules/pkg/broken.yaml', 'chart/templates/broken.yaml', 'tpl.yaml', 'chart/Chart.yaml']) {
      assert.equal(client.latest.get(client.uri(path.join(dir, skipped))), undefined, `${skipped} is not analysed`);
    }
  } finally {
    await client.stop();
  }
});

test('server workspace: without client watching, the server watches the folder itself', async () => {
  const dir = folder({ 'dr.yaml': DR('v1') });
  const client = await startWorkspaceServer({ folders: [dir], watchesFiles: false });
  try {
    const vs = client.uri(path.join(dir, 'vs.yaml'));
    // Wait until the folder is indexed (its one file is clean, so nothing is published).
    await client.waitForStatus('ready');
    writeFileSync(path.join(dir, 'vs.yaml'), VS('v9'));
    await client.waitFor(vs, (d) => subsetFindings(d).length === 1);
  } finally {
    await client.stop();
  }
});

test('server workspace: project file severities, settings over them, and workspaceDiagnostics off', async () => {
  const dir = folder({ '.mesh-lifecycle.yaml': 'rules: {IST0101: warning}\n', 'vs.yaml': VS('v2'), 'dr.yaml': DR('v1') });
  const client = await startWorkspaceServer({ folders: [dir] });
  try {
    const vs = client.uri(path.join(dir, 'vs.yaml'));
    const [warning] = subsetFindings(await client.waitFor(vs, (d) => subsetFindings(d).length === 1));
    assert.equal(warning!.severity, 2);
    client.setSettings({ rules: { IST0101: 'info' } });
    await client.waitFor(vs, (d) => subsetFindings(d)[0]?.severity === 3);
    client.setSettings({ workspaceDiagnostics: false });
    await client.waitFor(vs, (d) => d.length === 0);
    client.open(vs, VS('v2'));
    await client.waitFor(vs, (d) => subsetFindings(d).length === 1);
  } finally {
    await client.stop();
  }
});

test('server workspace: removing a folder clears what it published; adding one indexes it', async () => {
  const a = folder({ 'vs.yaml': VS('v2'), 'dr.yaml': DR('v1') });
  const b = folder({ 'vs.yaml': VS('v3'), 'dr.yaml': DR('v1') });
  const client = await startWorkspaceServer({ folders: [a] });
  try {
    const vsA = client.uri(path.join(a, 'vs.yaml'));
    const vsB = client.uri(path.join(b, 'vs.yaml'));
    await client.waitFor(vsA, (d) => subsetFindings(d).length === 1);
    client.connection.sendNotification('workspace/didChangeWorkspaceFolders', {
      event: { added: [{ uri: client.uri(b), name: 'b' }], removed: [{ uri: client.uri(a), name: 'a' }] },
    });
    await client.waitFor(vsA, (d) => d.length === 0);
    await client.waitFor(vsB, (d) => subsetFindings(d).length === 1);
  } finally {
    await client.stop();
  }
});
