/**
 * Rule options on the command line (bundled dist/cli.js): `--certificate-expiry-warning-days`
 * moves the certificate warning window, over the project file's `certificateExpiryWarningDays`,
 * and a malformed value is a usage error. The CLI runs on the real clock, so the certificate's
 * dates are written relative to now.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { daysFromNow, gatewayWithOverdueRenewal, warningWindowProject } from '../support/certificate-manifests';
import { CLI } from '../support/repo';

/** A gateway serving a certificate that expires in 20 days and that cert-manager failed to renew. */
const GATEWAY = gatewayWithOverdueRenewal(daysFromNow(20));

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'mesh-cli-options-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

function lint(cwd: string, args: string[]) {
  const r = spawnSync(process.execPath, [CLI, 'lint', '--format', 'json', ...args, '.'], { cwd, encoding: 'utf8', timeout: 60_000 });
  const codes = r.status === 2 ? null : (JSON.parse(r.stdout) as { findings: { code: string }[] }).findings.map((f) => f.code).filter((c) => c === 'MSH8007');
  return { status: r.status, codes, stderr: r.stderr };
}

test('cli options: the warning window comes from the flag, over the project file, over the default', () => {
  const plain = project({ 'gw.yaml': GATEWAY });
  const withProject = project({ 'gw.yaml': GATEWAY, '.mesh-lifecycle.yaml': warningWindowProject(14) });
  const rows: { dir: string; args: string[]; codes: string[] }[] = [
    { dir: plain, args: [], codes: ['MSH8007'] },
    { dir: plain, args: ['--certificate-expiry-warning-days', '14'], codes: [] },
    { dir: withProject, args: [], codes: [] },
    { dir: withProject, args: ['--certificate-expiry-warning-days=30'], codes: ['MSH8007'] },
  ];
  for (const row of rows) {
    const r = lint(row.dir, row.args);
    assert.deepEqual(r.codes, row.codes, `${row.dir === plain ? 'no project file' : 'project file 14'} ${row.args.join(' ')}\n${r.stderr}`);
  }
});

test('cli options: a malformed value is a usage error; a malformed project value a warning', () => {
  const dir = project({ 'gw.yaml': GATEWAY });
  const bad = lint(dir, ['--certificate-expiry-warning-days', 'soon']);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /--certificate-expiry-warning-days must be a whole number of days, at least 1; got "soon"/);
  const badProject = lint(project({ 'gw.yaml': GATEWAY, '.mesh-lifecycle.yaml': warningWindowProject(0) }), []);
  assert.match(badProject.stderr, /"certificateExpiryWarningDays" must be a whole number of days, at least 1; got 0/);
  assert.deepEqual(badProject.codes, ['MSH8007'], 'the default applies instead');
});
