/**
 * The TLS certificates gateways serve, and how long each stays valid.
 *
 * Uses: an Istio Gateway server's `tls.credentialName(s)` (a Secret in the namespace of the
 * gateway pods: those pods' namespaces when Pods are known, else the Gateway's own namespace,
 * where the gateway deployment normally runs) and a Gateway API listener's
 * `tls.certificateRefs` (Secrets, in the Gateway's namespace unless a namespace is given).
 *
 * Sources, per use: the Secret's own certificate when its data is in view (`tls.crt`, or `cert`
 * for Istio's generic form; every certificate of the chain counts, so the chain is valid from the
 * latest notBefore to the earliest notAfter) or, for a live Secret, the derived facts the cluster
 * module keeps instead of its data (cluster/secret-facts.ts); else the cert-manager Certificate
 * that writes that Secret (`spec.secretName`, or the Secret's `cert-manager.io/certificate-name`
 * annotation) with its `status.notBefore` / `status.notAfter`. A Certificate also says when
 * renewal is due (`status.renewalTime`, else notAfter minus `spec.renewBefore`, else a third of
 * the lifetime as cert-manager defaults), which decides whether an expiry in the next weeks is
 * news.
 *
 * Only derived facts leave this module: dates, names and paths, never certificate or key bytes.
 */
import { X509Certificate } from 'node:crypto';
import { K } from '../../model/kinds';
import type { Resource } from '../../model/resource';
import type { ResourceIndex } from '../../model/resource-index';
import type { Path } from '../../parse/types';
import { credentialRefs, credentialSecretRef } from './gateway-credentials';
import { gatewayPods } from './istio-gateway-workloads';
import { annotationsOf, asArray, asObject, asString, isObject, specOf } from './values';

const DAY_MS = 24 * 60 * 60 * 1000;
const CERT_MANAGER_ANNOTATION = 'cert-manager.io/certificate-name';
/** cert-manager's default certificate lifetime, when neither the spec nor the status says. */
const DEFAULT_DURATION_MS = 90 * DAY_MS;

/** One gateway reference to a certificate Secret. */
export interface CertificateUse {
  readonly gateway: Resource;
  /** Path of the reference (credentialName, or the certificateRef's name). */
  readonly path: Path;
  readonly secretNamespace: string;
  readonly secretName: string;
  /** Whether the namespace came from known gateway pods (as IST0161 resolves it). */
  readonly fromPods: boolean;
}

/** Every certificate Secret a gateway references. Reads Istio Gateways, Gateway API Gateways and Pods. */
export function certificateUses(index: ResourceIndex): CertificateUse[] {
  const out: CertificateUse[] = [];
  const podsKnown = index.knows(K.Pod);
  for (const gateway of index.ofKind(K.IstioGateway)) {
    const refs = credentialRefs(gateway);
    if (refs.length === 0) continue;
    const namespaces = podsKnown ? [...new Set(gatewayPods(index, gateway).map((p) => p.namespace))] : [gateway.namespace];
    for (const ref of refs) {
      for (const namespace of namespaces) {
        const secret = credentialSecretRef(ref.name, namespace);
        out.push({ gateway, path: ref.path, secretNamespace: secret.namespace, secretName: secret.name, fromPods: podsKnown });
      }
    }
  }
  for (const gateway of index.ofKind(K.Gateway)) {
    asArray(specOf(gateway)['listeners']).forEach((listener, i) => {
      asArray(asObject(asObject(listener)['tls'])['certificateRefs']).forEach((raw, j) => {
        const ref = asObject(raw);
        const group = asString(ref['group']) ?? '';
        const kind = asString(ref['kind']) ?? 'Secret';
        const name = asString(ref['name']);
        if (name === undefined || kind !== 'Secret' || (group !== '' && group !== 'core')) return;
        out.push({
          gateway, path: ['spec', 'listeners', i, 'tls', 'certificateRefs', j, 'name'],
          secretNamespace: asString(ref['namespace']) ?? gateway.namespace, secretName: name, fromPods: false,
        });
      });
    });
  }
  return out;
}

/** The validity of the certificate a use serves, with where it was read. */
export interface CertificateValidity {
  readonly notBefore?: Date;
  readonly notAfter: Date;
  /** When cert-manager renews it; undefined when no Certificate manages it. */
  readonly renewal?: Date;
  /** What holds it, for messages: `Secret ns/name` or `Certificate ns/name`. */
  readonly source: string;
  readonly subject: Resource;
  readonly subjectPath: Path;
  /** The Secret, when it is the source (IST0161 judges the same Secret). */
  readonly secret?: Resource;
}

/** Keys of a Secret that hold the certificate a gateway serves: kubernetes.io/tls, then Istio's generic form. */
const CERTIFICATE_KEYS = ['tls.crt', 'cert'] as const;

/** The PEM blocks of a Secret's certificate, when its data is in view (a Secret in a file). */
function certificatePem(secret: Resource): string | undefined {
  const data = isObject(secret.value['data']) ? secret.value['data'] : undefined;
  const stringData = isObject(secret.value['stringData']) ? secret.value['stringData'] : undefined;
  for (const key of CERTIFICATE_KEYS) {
    const plain = asString(stringData?.[key]);
    if (plain !== undefined) return plain;
    const encoded = asString(data?.[key]);
    if (encoded !== undefined) return Buffer.from(encoded, 'base64').toString('utf8');
  }
  return undefined;
}

/**
 * The validity a live Secret's derived facts record (the cluster module keeps `facts` instead of
 * data: per certificate key, the chain's notBefore and notAfter).
 */
function factsValidity(secret: Resource): { notBefore: Date; notAfter: Date } | undefined {
  const certificates = asArray(asObject(secret.value['facts'])['certificates']).filter(isObject);
  for (const key of CERTIFICATE_KEYS) {
    const facts = certificates.find((c) => c['key'] === key);
    if (!facts) continue;
    const notBefore = date(facts['notBefore']);
    const notAfter = date(facts['notAfter']);
    return notBefore && notAfter ? { notBefore, notAfter } : undefined;
  }
  return undefined;
}

/** The window in which every certificate of a PEM chain is valid; undefined if none parses. */
export function chainValidity(pem: string): { notBefore: Date; notAfter: Date } | undefined {
  let notBefore: Date | undefined;
  let notAfter: Date | undefined;
  for (const block of pem.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g) ?? []) {
    let cert: X509Certificate;
    try {
      cert = new X509Certificate(block);
    } catch {
      continue;
    }
    const from = new Date(cert.validFrom);
    const to = new Date(cert.validTo);
    if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime())) continue;
    if (!notBefore || from > notBefore) notBefore = from;
    if (!notAfter || to < notAfter) notAfter = to;
  }
  return notBefore && notAfter ? { notBefore, notAfter } : undefined;
}

/** A Go duration (`2160h`, `1h30m`, `90m`, `45s`) in milliseconds. */
export function parseGoDuration(text: string): number | undefined {
  const re = /(\d+(?:\.\d+)?)(h|ms|m|s)/g;
  let total = 0;
  let consumed = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const unit = m[2] === 'h' ? 3_600_000 : m[2] === 'm' ? 60_000 : m[2] === 's' ? 1000 : 1;
    total += Number(m[1]) * unit;
    consumed += m[0].length;
  }
  return consumed === text.length && text.length > 0 ? total : undefined;
}

function date(value: unknown): Date | undefined {
  const s = asString(value);
  if (s === undefined) return undefined;
  const d = new Date(s);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/** The cert-manager Certificate that writes a Secret. */
function managingCertificate(index: ResourceIndex, namespace: string, secretName: string, secret: Resource | undefined): Resource | undefined {
  const byAnnotation = secret ? annotationsOf(secret)[CERT_MANAGER_ANNOTATION] : undefined;
  if (byAnnotation) {
    const c = index.get(K.Certificate, namespace, byAnnotation);
    if (c) return c;
  }
  return index.ofKind(K.Certificate).find((c) => c.namespace === namespace && asString(specOf(c)['secretName']) === secretName);
}

/** When cert-manager renews a certificate valid in [notBefore, notAfter]. */
function renewalTime(certificate: Resource, notBefore: Date | undefined, notAfter: Date): Date {
  const status = asObject(certificate.value['status']);
  const given = date(status['renewalTime']);
  if (given) return given;
  const spec = specOf(certificate);
  const lifetime = notBefore ? notAfter.getTime() - notBefore.getTime() : parseGoDuration(asString(spec['duration']) ?? '') ?? DEFAULT_DURATION_MS;
  const percentage = typeof spec['renewBeforePercentage'] === 'number' ? spec['renewBeforePercentage'] : undefined;
  const renewBefore = parseGoDuration(asString(spec['renewBefore']) ?? '') ??
    (percentage !== undefined ? (lifetime * percentage) / 100 : lifetime / 3);
  return new Date(notAfter.getTime() - renewBefore);
}

/**
 * The validity of what a use serves: the Secret's certificate when readable, else the
 * Certificate's status; undefined when neither is known.
 */
export function validityOf(index: ResourceIndex, use: CertificateUse): CertificateValidity | undefined {
  const secret = index.get(K.Secret, use.secretNamespace, use.secretName);
  const certificate = managingCertificate(index, use.secretNamespace, use.secretName, secret);
  const pem = secret ? certificatePem(secret) : undefined;
  const chain = pem !== undefined ? chainValidity(pem) : secret ? factsValidity(secret) : undefined;
  if (secret && chain) {
    return {
      notBefore: chain.notBefore, notAfter: chain.notAfter,
      ...(certificate ? { renewal: renewalTime(certificate, chain.notBefore, chain.notAfter) } : {}),
      source: `Secret ${secret.namespace}/${secret.name}`, subject: secret, subjectPath: pem !== undefined ? ['data'] : ['facts'], secret,
    };
  }
  if (!certificate) return undefined;
  const status = asObject(certificate.value['status']);
  const notAfter = date(status['notAfter']);
  if (!notAfter) return undefined;
  const notBefore = date(status['notBefore']);
  return {
    ...(notBefore ? { notBefore } : {}), notAfter,
    renewal: renewalTime(certificate, notBefore, notAfter),
    source: `Certificate ${certificate.namespace}/${certificate.name}`, subject: certificate, subjectPath: ['status', 'notAfter'],
  };
}

/** A date as `2030-06-15 00:00 UTC`. */
export function formatDate(d: Date): string {
  return `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** Whole days from `now` to `then` (0 on the last day). */
export function daysBetween(now: Date, then: Date): number {
  return Math.floor((then.getTime() - now.getTime()) / DAY_MS);
}

/**
 * Whether a certificate valid until `notAfter` expires within `days` days of `now` (the
 * `certificateExpiryWarningDays` option); a certificate exactly that many days away is within.
 */
export function expiresWithin(now: Date, notAfter: Date, days: number): boolean {
  return notAfter.getTime() - now.getTime() <= days * DAY_MS;
}
