/**
 * A live Secret (reduced to derived facts by the cluster module) and the same Secret in a file get
 * the same verdict from the rules' Secret helpers.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { projectObject } from '../../../server/src/cluster/project';
import type { Resource } from '../../../server/src/model/resource';
import { credentialProblem } from '../../../server/src/rules/util/gateway-credentials';
import { secretKeys } from '../../../server/src/rules/util/secret-facts';
import { parsableCertificate as selfSignedCertificate } from '../../support/certificates';

const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');
const issued = new Date('2030-01-01T00:00:00Z');
const { cert, key } = selfSignedCertificate(issued);

function asFile(value: Record<string, unknown>): Resource {
  return { key: 'f#0', kind: 'core/Secret', apiVersion: 'v1', name: 's', namespace: 'n', written: { apiVersion: 'v1', kind: 'Secret', name: 's', namespace: 'n' }, value, origin: { type: 'file', file: 'f', documentIndex: 0 } };
}
function asLive(value: Record<string, unknown>): Resource {
  return { ...asFile(projectObject('v1', 'Secret', { metadata: { name: 's', namespace: 'n' }, ...value })), origin: { type: 'cluster', context: 'c' } };
}

const cases: { name: string; secret: Record<string, unknown>; now: Date; expect: RegExp | undefined }[] = [
  { name: 'usable tls pair', secret: { data: { 'tls.crt': b64(cert), 'tls.key': b64(key) } }, now: new Date('2030-02-01T00:00:00Z'), expect: undefined },
  { name: 'usable generic pair', secret: { data: { cert: b64(cert), key: b64(key) } }, now: new Date('2030-02-01T00:00:00Z'), expect: undefined },
  { name: 'expired', secret: { data: { 'tls.crt': b64(cert), 'tls.key': b64(key) } }, now: new Date('2032-01-01T00:00:00Z'), expect: /expired on/ },
  { name: 'not yet valid', secret: { data: { 'tls.crt': b64(cert), 'tls.key': b64(key) } }, now: new Date('2029-01-01T00:00:00Z'), expect: /not valid before/ },
  { name: 'no key', secret: { data: { 'tls.crt': b64(cert) } }, now: issued, expect: /holds no certificate and key/ },
  { name: 'not PEM', secret: { data: { 'tls.crt': b64('x'), 'tls.key': b64('k') } }, now: issued, expect: /not PEM-encoded/ },
  { name: 'broken PEM', secret: { data: { 'tls.crt': b64('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----'), 'tls.key': b64('k') } }, now: issued, expect: /cannot be parsed/ },
];
for (const c of cases) {
  test(`gateway credential from facts: ${c.name}`, () => {
    const fromFile = credentialProblem(asFile(c.secret), c.now);
    const fromCluster = credentialProblem(asLive(c.secret), c.now);
    if (c.expect === undefined) {
      assert.equal(fromFile, undefined);
      assert.equal(fromCluster, undefined);
    } else {
      assert.match(fromFile ?? '', c.expect);
      assert.match(fromCluster ?? '', c.expect);
    }
  });
}

test('secret keys: the same names from data and from facts', () => {
  const secret = { data: { 'cluster-east': b64('kubeconfig'), 'cluster-west': b64('kubeconfig') } };
  assert.deepEqual(secretKeys(asFile(secret)).sort(), ['cluster-east', 'cluster-west']);
  assert.deepEqual(secretKeys(asLive(secret)).sort(), ['cluster-east', 'cluster-west']);
});
