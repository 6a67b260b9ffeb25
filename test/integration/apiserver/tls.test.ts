/**
 * The test server's self-signed certificates must always parse: a serial whose DER encoding is
 * not minimal (a leading zero byte before a byte below 0x80) is rejected as "illegal padding",
 * which made about one HTTPS test start in 400 fail.
 */
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { test } from 'node:test';
import { selfSignedCertificate } from '../../apiserver/tls';

test('tls: 3,000 generated certificates all parse', () => {
  let unparseable = 0;
  for (let i = 0; i < 3000; i++) {
    try {
      new X509Certificate(selfSignedCertificate().cert);
    } catch {
      unparseable++;
    }
  }
  assert.equal(unparseable, 0);
});
