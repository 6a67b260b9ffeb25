import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { parseAllDocuments } from 'yaml';
import type { Resource } from '../../../../server/src/model/resource';
import { credentialProblem, credentialRefs, credentialSecretRef } from '../../../../server/src/rules/util/gateway-credentials';
import { FIXTURES } from '../../../support/repo';

function resource(value: Record<string, unknown>): Resource {
  return {
    key: 'k', kind: 'core/Secret', apiVersion: 'v1', name: 'n', namespace: 'ns',
    written: { apiVersion: null, kind: null, namespace: null, name: null }, value, origin: { type: 'file', file: 'f', documentIndex: 0 },
  };
}

/** The Secrets of the gateway-invalid-credential fixtures, by name (they carry test certificates). */
function fixtureSecrets(): Map<string, Record<string, unknown>> {
  const out = new Map<string, Record<string, unknown>>();
  for (const file of ['usable.yaml', 'unusable.yaml']) {
    const text = readFileSync(path.join(FIXTURES, 'rules', 'gateway-invalid-credential', file), 'utf8');
    for (const doc of parseAllDocuments(text)) {
      const value = doc.toJS() as Record<string, unknown> | null;
      if (value?.['kind'] === 'Secret') out.set((value['metadata'] as { name: string }).name, value);
    }
  }
  return out;
}

test('gateway credentials: what makes a Secret unusable', () => {
  const secrets = fixtureSecrets();
  const valid = secrets.get('shop-cert')!;
  const expired = secrets.get('old-cert')!;
  const data = valid['data'] as Record<string, string>;
  const now = new Date('2026-01-01T00:00:00Z');
  const rows: [string, Record<string, unknown>, RegExp | undefined][] = [
    ['kubernetes.io/tls keys', valid, undefined],
    ['generic keys', { data: { cert: data['tls.crt'], key: data['tls.key'] } }, undefined],
    ['stringData', { stringData: { 'tls.crt': Buffer.from(data['tls.crt']!, 'base64').toString(), 'tls.key': 'k' } }, undefined],
    ['contents not in view', {}, undefined],
    ['expired', expired, /expired/],
    ['keys under other names', { data: { certificate: data['tls.crt'], key: data['tls.key'] } }, /no certificate and key/],
    ['empty key', { data: { 'tls.crt': data['tls.crt'], 'tls.key': '' } }, /no certificate and key/],
    ['not PEM', { stringData: { cert: 'hello', key: 'world' } }, /not PEM-encoded/],
    ['PEM but not a certificate', { stringData: { cert: '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----', key: 'k' } }, /cannot be parsed/],
  ];
  for (const [name, value, want] of rows) {
    const problem = credentialProblem(resource(value), now);
    if (want === undefined) assert.equal(problem, undefined, name);
    else assert.match(problem ?? '', want, name);
  }
  assert.match(credentialProblem(resource(valid), new Date('2023-06-01T00:00:00Z')) ?? '', /not valid before/);
});

test('gateway credentials: references and where they are looked up', () => {
  const gw = resource({ spec: { servers: [
    { tls: { credentialName: 'a' } },
    { tls: { credentialNames: ['b', '', 'c'] } },
    { port: { number: 80 } },
  ] } });
  assert.deepEqual(credentialRefs(gw).map((r) => `${r.name}@${r.path.join('.')}`), [
    'a@spec.servers.0.tls.credentialName', 'b@spec.servers.1.tls.credentialNames.0', 'c@spec.servers.1.tls.credentialNames.2',
  ]);
  assert.deepEqual(credentialSecretRef('cert', 'istio-system'), { namespace: 'istio-system', name: 'cert' });
  assert.deepEqual(credentialSecretRef('other/cert', 'istio-system'), { namespace: 'other', name: 'cert' });
});
