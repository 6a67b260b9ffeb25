import assert from 'node:assert/strict';
import { test } from 'node:test';
import { projectObject } from '../../../server/src/cluster/project';
import { secretFacts } from '../../../server/src/cluster/secret-facts';
import { parsableCertificate as selfSignedCertificate } from '../../support/certificates';

const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');
const now = new Date('2030-06-01T00:00:00Z');
const { cert, key } = selfSignedCertificate(now);
const older = selfSignedCertificate(new Date('2030-01-01T00:00:00Z'));

test('secret facts: keys present and the certificate of a kubernetes.io/tls Secret', () => {
  const facts = secretFacts({ type: 'kubernetes.io/tls', data: { 'tls.crt': b64(cert), 'tls.key': b64(key), 'ca.crt': '' } });
  assert.deepEqual(facts.keys, ['tls.crt', 'tls.key']);
  assert.equal(facts.certificates.length, 1);
  const c = facts.certificates[0]!;
  assert.equal(c.key, 'tls.crt');
  assert.equal(c.subject, 'CN=apiserver-test');
  assert.deepEqual(c.names, ['localhost', '127.0.0.1']);
  assert.equal(c.notBefore, new Date(now.getTime() - 3600_000).toISOString());
  assert.equal(c.notAfter, new Date(now.getTime() + 365 * 24 * 3600_000).toISOString());
  assert.equal(c.chainLength, 1);
});

test('secret facts: a chain is valid in the intersection of its certificates', () => {
  const facts = secretFacts({ stringData: { cert: cert + older.cert, key: 'k' } });
  const c = facts.certificates[0]!;
  assert.equal(c.chainLength, 2);
  assert.equal(c.notBefore, new Date(now.getTime() - 3600_000).toISOString());
  assert.equal(c.notAfter, new Date(new Date('2030-01-01T00:00:00Z').getTime() + 365 * 24 * 3600_000).toISOString());
});

const problems: { name: string; secret: Record<string, unknown>; expect: unknown }[] = [
  { name: 'a certificate key without PEM', secret: { data: { 'tls.crt': b64('not a cert'), 'tls.key': b64('k') } }, expect: [{ key: 'tls.crt', problem: 'not-pem' }] },
  { name: 'a broken PEM block', secret: { data: { cert: b64('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----') } }, expect: [{ key: 'cert', problem: 'unparseable' }] },
  { name: 'other keys without PEM are not certificates', secret: { data: { password: b64('hunter2') } }, expect: [] },
  { name: 'no data at all', secret: {}, expect: [] },
];
for (const c of problems) {
  test(`secret facts: ${c.name}`, () => {
    assert.deepEqual(secretFacts(c.secret).certificates, c.expect);
  });
}

test('secret facts and projection never carry a value', () => {
  const planted = 'PLANTED-s3cr3t-value-9d1c';
  const raw = {
    metadata: {
      name: 'creds', namespace: 'shop', resourceVersion: '7', labels: { app: 'shop' },
      annotations: { 'kubectl.kubernetes.io/last-applied-configuration': JSON.stringify({ stringData: { password: planted } }), note: planted },
      managedFields: [{ manager: 'kubectl', fieldsV1: { 'f:data': { 'f:password': {} } } }],
    },
    type: 'Opaque',
    data: { password: b64(planted), 'tls.crt': b64(cert), 'tls.key': b64(key) },
  };
  const projected = projectObject('v1', 'Secret', raw);
  const text = JSON.stringify(projected);
  for (const needle of [planted, b64(planted), key.split('\n')[1]!, b64(key).slice(0, 40)]) assert.ok(!text.includes(needle), `leaked ${needle.slice(0, 10)}`);
  assert.deepEqual(projected['metadata'], { name: 'creds', namespace: 'shop', resourceVersion: '7', labels: { app: 'shop' } });
  assert.deepEqual((projected['facts'] as { keys: string[] }).keys, ['password', 'tls.crt', 'tls.key']);
  assert.equal(projected['type'], 'Opaque');
  assert.equal(projected['data'], undefined);
});
