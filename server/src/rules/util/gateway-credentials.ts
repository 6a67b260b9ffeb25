/**
 * The TLS credentials an Istio Gateway names, and whether a Secret holds a usable one.
 *
 * A server's `tls.credentialName` (or each of `tls.credentialNames`) names a Secret in the
 * namespace of the gateway pods, not of the Gateway object. The gateway reads a certificate and
 * key from keys `tls.crt`/`tls.key` (a kubernetes.io/tls Secret) or `cert`/`key` (a generic one).
 */
import { X509Certificate } from 'node:crypto';
import type { Resource } from '../../model/resource';
import type { Path } from '../../parse/types';
import { secretFactsOf } from './secret-facts';
import { asArray, asObject, asString, isObject, specOf } from './values';

/** One credential reference of a Gateway. */
export interface CredentialRef {
  readonly name: string;
  readonly path: Path;
  readonly serverIndex: number;
}

/** Every credential a Gateway's servers name. */
export function credentialRefs(gateway: Resource): CredentialRef[] {
  const out: CredentialRef[] = [];
  asArray(specOf(gateway)['servers']).forEach((server, i) => {
    const tls = asObject(asObject(server)['tls']);
    const single = asString(tls['credentialName']);
    if (single) out.push({ name: single, path: ['spec', 'servers', i, 'tls', 'credentialName'], serverIndex: i });
    asArray(tls['credentialNames']).forEach((n, k) => {
      if (typeof n === 'string' && n !== '') out.push({ name: n, path: ['spec', 'servers', i, 'tls', 'credentialNames', k], serverIndex: i });
    });
  });
  return out;
}

/** Namespace and name of a credential named from the gateway pods' namespace. */
export function credentialSecretRef(name: string, namespace: string): { readonly namespace: string; readonly name: string } {
  const slash = name.indexOf('/');
  return slash === -1 ? { namespace, name } : { namespace: name.slice(0, slash), name: name.slice(slash + 1) };
}

/**
 * Why a Secret is not a usable gateway credential at `now` (the rule context's time, never the
 * real date: fixtures pin it), or undefined when it is (or cannot be told).
 */
export function credentialProblem(secret: Resource, now: Date): string | undefined {
  const data = isObject(secret.value['data']) ? secret.value['data'] : undefined;
  const stringData = isObject(secret.value['stringData']) ? secret.value['stringData'] : undefined;
  // A live Secret carries derived facts instead of its data (cluster/secret-facts.ts).
  if (!data && !stringData) {
    const facts = secretFactsOf(secret);
    return facts ? factsProblem(facts, now) : undefined;
  }
  const read = (key: string): string | undefined => {
    const plain = asString(stringData?.[key]);
    if (plain !== undefined) return plain;
    const encoded = asString(data?.[key]);
    return encoded === undefined ? undefined : Buffer.from(encoded, 'base64').toString('utf8');
  };
  const pair = (['cert', 'key'] as const).every((k) => read(k)) ? { cert: read('cert')!, key: read('key')! }
    : (['tls.crt', 'tls.key'] as const).every((k) => read(k)) ? { cert: read('tls.crt')!, key: read('tls.key')! }
      : undefined;
  if (!pair) return 'it holds no certificate and key (keys tls.crt and tls.key, or cert and key)';
  const pem = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/.exec(pair.cert);
  if (!pem) return 'its certificate is not PEM-encoded';
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(pem[0]);
  } catch {
    return 'its certificate cannot be parsed';
  }
  if (now < new Date(cert.validFrom)) return `its certificate is not valid before ${cert.validFrom}`;
  if (now > new Date(cert.validTo)) return `its certificate expired on ${cert.validTo}`;
  return undefined;
}

/** credentialProblem for a live Secret, judged from its derived facts alone. */
function factsProblem(facts: NonNullable<ReturnType<typeof secretFactsOf>>, now: Date): string | undefined {
  const has = (k: string): boolean => facts.keys.includes(k);
  const certKey = has('cert') && has('key') ? 'cert' : has('tls.crt') && has('tls.key') ? 'tls.crt' : undefined;
  if (!certKey) return 'it holds no certificate and key (keys tls.crt and tls.key, or cert and key)';
  const cert = facts.certificates.find((c) => c.key === certKey);
  if (!cert || cert.problem === 'not-pem') return 'its certificate is not PEM-encoded';
  if (cert.problem === 'unparseable' || !cert.notBefore || !cert.notAfter) return 'its certificate cannot be parsed';
  if (now < new Date(cert.notBefore)) return `its certificate is not valid before ${cert.notBefore}`;
  if (now > new Date(cert.notAfter)) return `its certificate expired on ${cert.notAfter}`;
  return undefined;
}
