/**
 * What may be known about a Secret outside the cluster module: derived facts, never its data.
 *
 *   keys          the names of the keys that hold a non-empty value (key presence)
 *   certificates  for every key whose value is, or should be, a PEM certificate: the first
 *                 (leaf) certificate's subject, issuer and DNS/IP names, the validity window of
 *                 the whole chain (latest notBefore, earliest notAfter: every certificate of a
 *                 chain must be valid), or why it cannot be read ("not-pem", "unparseable")
 *
 * Private keys are never parsed, only counted as present. The decoded values live in local
 * variables of `secretFacts` for the time it takes to read the certificates, and go nowhere else.
 * Rules read these facts from the `facts` field of a cluster Secret (see project.ts).
 */
import { X509Certificate } from 'node:crypto';

export interface CertificateFacts {
  /** The key holding the certificate, e.g. "tls.crt". */
  readonly key: string;
  /** "not-pem": the key should hold a certificate but has no PEM block; "unparseable": the block is broken. */
  readonly problem?: 'not-pem' | 'unparseable';
  readonly subject?: string;
  readonly issuer?: string;
  /** Subject alternative names: DNS names and IP addresses. */
  readonly names?: readonly string[];
  /** ISO 8601 instants: the window in which every certificate of the chain is valid. */
  readonly notBefore?: string;
  readonly notAfter?: string;
  /** How many certificates the value holds. */
  readonly chainLength?: number;
}

export interface SecretFacts {
  readonly keys: readonly string[];
  readonly certificates: readonly CertificateFacts[];
}

/** Keys that hold certificates by convention (kubernetes.io/tls, Istio's generic credentials, CA bundles). */
const CERTIFICATE_KEYS = new Set(['tls.crt', 'ca.crt', 'cert', 'cacert', 'cert-chain.pem', 'root-cert.pem', 'ca-cert.pem']);
const PEM = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;

/** Derives the facts of a Secret object as the API returns it (`data` base64, `stringData` plain). */
export function secretFacts(secret: Readonly<Record<string, unknown>>): SecretFacts {
  const data = isRecord(secret['data']) ? secret['data'] : {};
  const stringData = isRecord(secret['stringData']) ? secret['stringData'] : {};
  const names = [...new Set([...Object.keys(data), ...Object.keys(stringData)])].sort();
  const keys: string[] = [];
  const certificates: CertificateFacts[] = [];
  for (const key of names) {
    const plain = stringData[key];
    const encoded = data[key];
    const value = typeof plain === 'string' ? plain : typeof encoded === 'string' ? decode(encoded) : '';
    if (value === '') continue;
    keys.push(key);
    const blocks = value.match(PEM);
    if (!blocks) {
      if (CERTIFICATE_KEYS.has(key)) certificates.push({ key, problem: 'not-pem' });
      continue;
    }
    certificates.push(certificateFacts(key, blocks));
  }
  return { keys, certificates };
}

function certificateFacts(key: string, blocks: readonly string[]): CertificateFacts {
  const chain: X509Certificate[] = [];
  for (const block of blocks) {
    try {
      chain.push(new X509Certificate(block));
    } catch {
      // The leaf must parse; a broken block further down only leaves the chain shorter.
      if (chain.length === 0) return { key, problem: 'unparseable' };
    }
  }
  const leaf = chain[0]!;
  const names = (leaf.subjectAltName ?? '').split(/,\s*/).map((n) => /^(?:DNS|IP Address):(.+)$/.exec(n)?.[1]).filter((n): n is string => !!n);
  const notBefore = Math.max(...chain.map((c) => new Date(c.validFrom).getTime()));
  const notAfter = Math.min(...chain.map((c) => new Date(c.validTo).getTime()));
  return {
    key,
    subject: leaf.subject.replace(/\n/g, ', '),
    issuer: leaf.issuer.replace(/\n/g, ', '),
    names,
    notBefore: new Date(notBefore).toISOString(),
    notAfter: new Date(notAfter).toISOString(),
    chainLength: chain.length,
  };
}

function decode(base64: string): string {
  try {
    return Buffer.from(base64, 'base64').toString('utf8');
  } catch {
    return '';
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
