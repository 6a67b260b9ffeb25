/**
 * Rule options and the clock through the layers that feed them: a Workspace re-runs exactly the
 * rules that read a changed option or the clock, and the language server's host takes options
 * from the project file under the editor settings (without rebuilding the folder when only an
 * option changed) and re-runs date-dependent rules when a new day begins or a client asks.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { configFrom } from '../../../server/src/analysis/config';
import { Workspace } from '../../../server/src/analysis/workspace';
import { WorkspaceHost, type Publication } from '../../../server/src/features/workspace-host';
import { pathToFileURL } from 'node:url';
import expired from '../../../server/src/rules/gateway-certificate-expired';
import expiresSoon from '../../../server/src/rules/gateway-certificate-expires-soon';
import invalidCredential from '../../../server/src/rules/gateway-invalid-credential';
import subsetExists from '../../../server/src/rules/virtualservice-subset-exists';
import { gatewayWithOverdueRenewal, warningWindowProject } from '../../support/certificate-manifests';

/**
 * A gateway serving a certificate cert-manager should have renewed: it expires at
 * 2030-06-15T12:00Z, so it is in a 14-day window from 2030-06-01T12:00Z on.
 */
const GATEWAY = gatewayWithOverdueRenewal(new Date('2030-06-15T12:00:00Z'));

const DATE_RULES = ['gateway-certificate-expired', 'gateway-certificate-expires-soon', 'gateway-invalid-credential'];

test('workspace: an option change re-runs the rules reading it; a clock change the rules reading the time', () => {
  let now = Date.parse('2030-06-01T00:00:00Z');
  const ws = new Workspace({ config: configFrom({}), rules: [expired, expiresSoon, invalidCredential, subsetExists], validator: null, now: () => new Date(now) });
  ws.setFile('gw.yaml', GATEWAY);
  const codes = () => {
    const r = ws.analyze();
    return { ran: r.ran, codes: (r.findings.get('gw.yaml') ?? []).map((f) => `${f.code}/${f.messageId}`) };
  };
  assert.deepEqual(codes(), { ran: [...DATE_RULES, 'virtualservice-subset-exists'], codes: ['MSH8007/renewalOverdue'] });
  ws.setRuleOptions({ certificateExpiryWarningDays: 14 });
  assert.equal(ws.ruleOptions.certificateExpiryWarningDays, 14);
  assert.equal(ws.config.ruleOptions.certificateExpiryWarningDays, 14);
  assert.deepEqual(codes(), { ran: ['gateway-certificate-expires-soon'], codes: [] });
  ws.setRuleOptions({ certificateExpiryWarningDays: 14 });
  assert.deepEqual(codes().ran, []);
  // Time passes, but only what the caller says changed is re-checked.
  now = Date.parse('2030-06-02T00:00:00Z');
  assert.deepEqual(codes().ran, []);
  ws.clockChanged();
  assert.deepEqual(codes(), { ran: DATE_RULES, codes: ['MSH8007/renewalOverdue'] });
  now = Date.parse('2030-06-16T00:00:00Z');
  ws.clockChanged();
  assert.deepEqual(codes(), { ran: DATE_RULES, codes: ['MSH8006/expired'] });
  // Back to the default window (no option set): only the option's reader runs.
  ws.setRuleOptions({});
  assert.deepEqual(codes().ran, ['gateway-certificate-expires-soon']);
});

/** A host over a real folder, with settings, the clock and file reads under the test's control. */
async function hostOver(files: Record<string, string>, start: string) {
  const dir = mkdtempSync(path.join(tmpdir(), 'mesh-inputs-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  const state = { settings: {} as Record<string, unknown>, now: Date.parse(start), reads: 0 };
  const host = new WorkspaceHost({
    readFile: async (file) => { state.reads++; try { return readFileSync(file, 'utf8'); } catch { return null; } },
    settings: async () => state.settings,
    log: () => undefined,
    now: () => new Date(state.now),
  });
  await host.setFolders([{ uri: pathToFileURL(dir).href }]);
  const gw = pathToFileURL(path.join(dir, 'gw.yaml')).href;
  /** What analyze() published for gw.yaml, as codes; null when it published nothing for it. */
  const published = (): string[] | null => {
    const p: Publication | undefined = host.analyze().find((x) => x.uri === gw);
    return p ? p.findings.filter((f) => f.code.startsWith('MSH800')).map((f) => `${f.code}/${f.messageId}`) : null;
  };
  return { host, state, published };
}

test('host: the project file sets the option, editor settings override it, and only options changing keeps the folder', async () => {
  const { host, state, published } = await hostOver({ '.mesh-lifecycle.yaml': warningWindowProject(14), 'gw.yaml': GATEWAY }, '2030-06-01T06:00:00Z');
  // 14.25 days left: outside the project's 14-day window.
  assert.equal(published(), null);
  const reads = state.reads;
  state.settings = { certificateExpiryWarningDays: 30 };
  await host.reload();
  assert.deepEqual(published(), ['MSH8007/renewalOverdue'], 'the setting overrides the project file');
  // VS Code reports an untouched setting as null: the project file's 14 applies again.
  state.settings = { certificateExpiryWarningDays: null };
  await host.reload();
  assert.deepEqual(published(), []);
  assert.equal(state.reads, reads, 'an option change re-reads no file: the folder kept its workspace');
  state.settings = { certificateExpiryWarningDays: 30, rules: { MSH8007: 'info' } };
  await host.reload();
  assert.deepEqual(published(), ['MSH8007/renewalOverdue']);
  assert.ok(state.reads > reads, 'any other change rebuilds the folder');
});

test('host: a new UTC day re-runs date-dependent rules at the next analysis; a client can ask sooner', async () => {
  const { host, state, published } = await hostOver({ '.mesh-lifecycle.yaml': warningWindowProject(14), 'gw.yaml': GATEWAY }, '2030-06-01T06:00:00Z');
  assert.equal(published(), null);
  // 13.96 days left at 13:00, but the day is the same: nothing is re-checked on its own...
  state.now = Date.parse('2030-06-01T13:00:00Z');
  assert.equal(published(), null);
  // ...until a client asks (meshLifecycle/recheckDates).
  host.clockChanged();
  assert.deepEqual(published(), ['MSH8007/renewalOverdue']);
  state.now = Date.parse('2030-06-02T00:00:01Z');
  assert.equal(published(), null, 'a new day with the same findings publishes nothing');
  state.now = Date.parse('2030-06-16T00:00:01Z');
  assert.deepEqual(published(), ['MSH8006/expired']);
});
