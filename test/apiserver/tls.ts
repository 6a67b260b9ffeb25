/**
 * A throwaway self-signed certificate for serving HTTPS on 127.0.0.1.
 *
 * Why: kubectl (client-go) only sends a bearer token over TLS — against an `http://` server it
 * silently drops the credentials. So when a test asks for token authentication the server speaks
 * HTTPS, with a certificate made here at startup: a fresh P-256 key, a self-signed X.509 v3
 * certificate for `127.0.0.1` and `localhost` (CA:true, so the kubeconfig can name it as its own
 * certificate authority), valid from an hour ago for a year. Nothing is written to disk except
 * the certificate inside the kubeconfig; the key lives in memory only.
 *
 * Node can make keys and signatures but not certificates, hence the small DER writer below.
 */
import { generateKeyPairSync, randomBytes, sign } from 'node:crypto';

function length(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

function tlv(tag: number, value: Buffer): Buffer {
  return Buffer.concat([Buffer.from([tag]), length(value.length), value]);
}

const seq = (...items: Buffer[]): Buffer => tlv(0x30, Buffer.concat(items));
const set = (...items: Buffer[]): Buffer => tlv(0x31, Buffer.concat(items));

function oid(dotted: string): Buffer {
  const [a, b, ...rest] = dotted.split('.').map(Number);
  const out = [40 * a + b];
  for (const n of rest) {
    const chunk: number[] = [];
    let v = n;
    do {
      chunk.unshift(v & 0x7f);
      v = Math.floor(v / 128);
    } while (v > 0);
    for (let i = 0; i < chunk.length - 1; i++) chunk[i] |= 0x80;
    out.push(...chunk);
  }
  return tlv(0x06, Buffer.from(out));
}

function utcTime(d: Date): Buffer {
  const p = (n: number): string => String(n).padStart(2, '0');
  const text = `${p(d.getUTCFullYear() % 100)}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}Z`;
  return tlv(0x17, Buffer.from(text, 'ascii'));
}

function extension(id: string, critical: boolean, value: Buffer): Buffer {
  return seq(oid(id), ...(critical ? [tlv(0x01, Buffer.from([0xff]))] : []), tlv(0x04, value));
}

/** A PEM certificate and key for 127.0.0.1 / localhost. */
export interface SelfSigned {
  cert: string;
  key: string;
}

/** Makes a self-signed certificate (see the header comment). */
export function selfSignedCertificate(now: Date = new Date()): SelfSigned {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const serial = randomBytes(16);
  // Positive and minimal in DER: the first byte is 0x40-0x7f, never a zero that would be padding.
  serial[0] = (serial[0]! & 0x7f) | 0x40;
  const ecdsaSha256 = seq(oid('1.2.840.10045.4.3.2'));
  const name = seq(set(seq(oid('2.5.4.3'), tlv(0x0c, Buffer.from('apiserver-test', 'utf8')))));
  const validity = seq(utcTime(new Date(now.getTime() - 3600_000)), utcTime(new Date(now.getTime() + 365 * 24 * 3600_000)));
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  const extensions = tlv(
    0xa3,
    seq(
      extension('2.5.29.19', true, seq(tlv(0x01, Buffer.from([0xff])))),
      // digitalSignature and keyCertSign.
      extension('2.5.29.15', true, tlv(0x03, Buffer.from([0x02, 0x84]))),
      extension('2.5.29.37', false, seq(oid('1.3.6.1.5.5.7.3.1'))),
      extension('2.5.29.17', false, seq(tlv(0x82, Buffer.from('localhost', 'ascii')), tlv(0x87, Buffer.from([127, 0, 0, 1])))),
    ),
  );
  const tbs = seq(tlv(0xa0, tlv(0x02, Buffer.from([2]))), tlv(0x02, serial), ecdsaSha256, name, validity, name, spki, extensions);
  const signature = sign('sha256', tbs, privateKey);
  const der = seq(tbs, ecdsaSha256, tlv(0x03, Buffer.concat([Buffer.from([0]), signature])));
  const body = der.toString('base64').replace(/(.{64})/g, '$1\n').trim();
  return {
    cert: `-----BEGIN CERTIFICATE-----\n${body}\n-----END CERTIFICATE-----\n`,
    key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}
