/**
 * Certificate expiry: the helpers, the warning window, and one end-to-end run on the real clock
 * with a certificate openssl issues at test time (skipped where openssl is missing). The fixtures
 * under test/fixtures/rules/gateway-certificate-* run at the pinned FIXTURE_NOW instead.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { runRules } from '../../../server/src/rules/engine/runner';
import { ruleByName } from '../../../server/src/rules/registry';
import { chainValidity, daysBetween, expiresWithin, formatDate, parseGoDuration } from '../../../server/src/rules/util/certificate-expiry';
import { FIXTURES } from '../../support/repo';
import { caseIndex } from '../../support/ruleHarness';

test('certificate expiry: Go durations as cert-manager writes them', () => {
  const rows: [string, number | undefined][] = [
    ['2160h', 2160 * 3_600_000],
    ['1h30m', 5_400_000],
    ['90m', 5_400_000],
    ['45s', 45_000],
    ['1.5h', 5_400_000],
    ['', undefined],
    ['3d', undefined],
    ['10h junk', undefined],
  ];
  for (const [text, ms] of rows) assert.equal(parseGoDuration(text), ms, text);
});

test('certificate expiry: dates and days', () => {
  assert.equal(formatDate(new Date('2030-06-15T08:30:00Z')), '2030-06-15 08:30 UTC');
  assert.equal(daysBetween(new Date('2030-06-01T00:00:00Z'), new Date('2030-06-15T00:00:00Z')), 14);
  assert.equal(daysBetween(new Date('2030-06-01T00:00:00Z'), new Date('2030-06-01T23:00:00Z')), 0);
});

test('certificate expiry: a chain is valid where all of its certificates are', () => {
  const fixture = readFileSync(path.join(FIXTURES, 'rules', 'gateway-certificate-expired', 'istio-secrets.yaml'), 'utf8');
  const pems = [...fixture.matchAll(/tls\.crt: (\S+)/g)].map((m) => Buffer.from(m[1]!, 'base64').toString('utf8'));
  assert.equal(pems.length, 3);
  // expired (2029-01-01 .. 2030-01-01) + valid (2030-01-01 .. 2032-01-01): notBefore of the later, notAfter of the earlier.
  const chain = chainValidity(pems[0]! + pems[2]!);
  assert.deepEqual(chain, { notBefore: new Date('2030-01-01T00:00:00Z'), notAfter: new Date('2030-01-01T00:00:00Z') });
  assert.equal(chainValidity('not a certificate'), undefined);
});

test('certificate expiry: the warning window counts whole days and includes its last one', () => {
  const now = new Date('2030-06-01T00:00:00Z');
  const rows: [string, number, boolean][] = [
    ['2030-06-21T00:00:00Z', 30, true],
    ['2030-06-21T00:00:00Z', 20, true],
    ['2030-06-21T00:00:01Z', 20, false],
    ['2030-06-21T00:00:00Z', 14, false],
    ['2030-06-15T00:00:00Z', 14, true],
    ['2030-07-01T00:00:00Z', 30, true],
    ['2030-07-01T00:00:01Z', 30, false],
  ];
  for (const [notAfter, days, within] of rows) assert.equal(expiresWithin(now, new Date(notAfter), days), within, `${notAfter} within ${days} days`);
});

function openssl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

test('certificate expiry: a certificate issued now for ten days warns on the real clock', { skip: !openssl() && 'openssl is not installed' }, () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'mesh-cert-'));
  try {
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes',
      '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem'), '-subj', '/CN=soon.example.com', '-days', '10',
    ], { stdio: 'ignore' });
    const crt = readFileSync(path.join(dir, 'cert.pem')).toString('base64');
    const text = [
      'apiVersion: networking.istio.io/v1', 'kind: Gateway', 'metadata: { name: gw, namespace: ingress }', 'spec:',
      '  selector: { istio: ingressgateway }', '  servers:', '  - port: { number: 443, name: https, protocol: HTTPS }',
      '    hosts: [soon.example.com]', '    tls: { mode: SIMPLE, credentialName: soon }', '---',
      'apiVersion: v1', 'kind: Secret', 'metadata: { name: soon, namespace: ingress }', 'type: kubernetes.io/tls', 'data:',
      `  tls.crt: ${crt}`, '  tls.key: cGxhY2Vob2xkZXI=', '',
    ].join('\n');
    const index = caseIndex({ rule: 'gateway-certificate-expires-soon', name: 'real-clock', main: { file: path.join(dir, 'case.yaml'), text } });
    const soon = runRules([ruleByName('gateway-certificate-expires-soon')!], index).findings;
    assert.deepEqual(soon.map((f) => [f.code, f.messageId]), [['MSH8007', 'expiresSoon']]);
    // Key material never reaches a message.
    assert.ok(!soon[0]!.message.includes('BEGIN'));
    const expired = runRules([ruleByName('gateway-certificate-expired')!], index).findings;
    assert.deepEqual(expired, []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
