/**
 * The language server (bundled dist/server.js over JSON-RPC) takes the certificate warning window
 * from the project file, lets the editor setting override it and go back to it, and answers
 * meshLifecycle/recheckDates. The server runs on the real clock, so dates are relative to now.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver';
import { RecheckDatesRequest } from '../../server/src/protocol';
import { daysFromNow, gatewayWithOverdueRenewal, warningWindowProject } from '../support/certificate-manifests';
import { startWorkspaceServer } from '../support/lspWorkspace';

/** A gateway serving a certificate that expires in 20 days and that cert-manager failed to renew. */
const GATEWAY = gatewayWithOverdueRenewal(daysFromNow(20));

const soon = (d: readonly Diagnostic[]) => d.filter((x) => x.code === 'MSH8007');

test('server: the warning window from the project file, the setting over it, and a re-check on request', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'mesh-ls-inputs-'));
  writeFileSync(path.join(dir, '.mesh-lifecycle.yaml'), warningWindowProject(14));
  writeFileSync(path.join(dir, 'gw.yaml'), GATEWAY);
  const client = await startWorkspaceServer({ folders: [dir] });
  try {
    const gw = client.uri(path.join(dir, 'gw.yaml'));
    client.open(gw, GATEWAY);
    // 20 days left, 14-day window: published, with nothing to say.
    await client.waitFor(gw, (d) => soon(d).length === 0);
    client.setSettings({ certificateExpiryWarningDays: 30 });
    const [warning] = soon(await client.waitFor(gw, (d) => soon(d).length === 1));
    assert.match(String(warning!.message), /expires on .*, in (19|20) days/);
    client.setSettings({ certificateExpiryWarningDays: null });
    await client.waitFor(gw, (d) => soon(d).length === 0);
    assert.equal(await client.connection.sendRequest(RecheckDatesRequest.method), null);
  } finally {
    await client.stop();
  }
});
