/**
 * Test certificates for Secrets: the API test server's self-signed generator, retried until the
 * certificate parses. About one in four hundred of its certificates has a serial number whose DER
 * encoding OpenSSL rejects ("illegal padding": a leading zero byte before a byte below 0x80), and
 * a test about Secrets must not fail for that.
 */
import { X509Certificate } from 'node:crypto';
import { selfSignedCertificate, type SelfSigned } from '../apiserver/tls';

export function parsableCertificate(now: Date = new Date()): SelfSigned {
  for (;;) {
    const generated = selfSignedCertificate(now);
    try {
      new X509Certificate(generated.cert);
      return generated;
    } catch {
      // Generate another.
    }
  }
}
