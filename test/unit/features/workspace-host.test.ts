import assert from 'node:assert/strict';
import { test } from 'node:test';
import { WorkspaceHost } from '../../../server/src/features/workspace-host';

const VS = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: reviews}
spec:
  hosts: [reviews]
  http:
  - route:
    - destination: {host: reviews, subset: v2}
`;

test('host: a document opened while folders load keeps its analysis when the settings are the same', async () => {
  let settings: Record<string, unknown> = {};
  const host = new WorkspaceHost({ readFile: async () => null, settings: async () => settings, log: () => undefined });
  // An editor opens a document right after initialize, before the server has read its settings.
  const uri = 'untitled:Untitled-1';
  host.openDocument(uri, 1, VS);
  const before = host.workspaceOf(uri)!.workspace;
  assert.equal(host.analyze().find((p) => p.uri === uri)?.findings.length, 1);
  await host.setFolders([]);
  assert.equal(host.workspaceOf(uri)!.workspace, before, 'the same workspace: nothing parsed or checked again');
  const again = host.analyze().find((p) => p.uri === uri);
  assert.ok(!again || again.findings.length === 1);
  // Different settings check it afresh.
  settings = { rules: { IST0101: 'off' } };
  await host.setFolders([]);
  assert.notEqual(host.workspaceOf(uri)!.workspace, before);
  assert.deepEqual(host.analyze().find((p) => p.uri === uri)?.findings, []);
});
