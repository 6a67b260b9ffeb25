/**
 * Whether a DestinationRule's client TLS settings let the sidecar verify the server it talks to.
 *
 * In SIMPLE and MUTUAL mode the client presents or accepts a certificate chain; with no
 * `caCertificates` it has nothing to check the server's certificate against. A `credentialName`
 * supplies the CA too, but a sidecar only reads it when the DestinationRule has a
 * `workloadSelector` (otherwise only gateways do), so it counts only then.
 */
import { asString, isObject, type Json } from './values';

/** TLS modes in which the client originates TLS itself. */
const ORIGINATING = new Set(['SIMPLE', 'MUTUAL']);

/** The TLS mode when it originates TLS without any way to verify the server, else undefined. */
export function unverifiedTlsMode(tls: Json, hasWorkloadSelector: boolean): string | undefined {
  const mode = asString(tls['mode']);
  if (mode === undefined || !ORIGINATING.has(mode)) return undefined;
  if (asString(tls['caCertificates'])) return undefined;
  if (asString(tls['credentialName']) && hasWorkloadSelector) return undefined;
  return mode;
}

/** Whether a DestinationRule spec has a workload selector. */
export function hasWorkloadSelector(spec: Json): boolean {
  return isObject(spec['workloadSelector']);
}
