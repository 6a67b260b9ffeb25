/**
 * Istio Gateways on overlapping gateway pods that serve the same TLS certificate.
 *
 * Linear in the number of Gateways: servers are grouped by the certificate they present, so only
 * Gateways that share one are compared (the selector check is then per pair of such Gateways).
 */
import { K } from '../model/kinds';
import type { Resource } from '../model/resource';
import type { Path } from '../parse/types';
import { defineRule } from './rule';
import { gatewaySelector } from './util/istio-gateway-workloads';
import { mapSelects } from './util/selectors';
import { asArray, asObject, asString, isObject, specOf, type Json } from './util/values';

interface TlsServer {
  readonly tls: Json;
  readonly path: Path;
  /** What identifies the certificate it presents (certificateOf), or null when it names none. */
  readonly certificate: string | null;
}

/** One Gateway with TLS servers, as the check compares them. */
interface Candidate {
  readonly gateway: Resource;
  /** Its position in the index's order, which is the order findings are reported in. */
  readonly position: number;
  readonly selector: Readonly<Record<string, string>>;
  readonly servers: readonly TlsServer[];
}

function tlsServers(gateway: Resource): TlsServer[] {
  const out: TlsServer[] = [];
  asArray(specOf(gateway)['servers']).forEach((server, i) => {
    const tls = asObject(server)['tls'];
    if (isObject(tls)) out.push({ tls, path: ['spec', 'servers', i, 'tls'], certificate: certificateOf(tls) });
  });
  return out;
}

/**
 * The certificate a server presents, as a key two servers share exactly when they present the
 * same one: the same credential when both name one, else the same certificate and key files
 * (both set). A server naming a credential never shares with one naming files.
 */
function certificateOf(tls: Json): string | null {
  const credential = asString(tls['credentialName']);
  if (credential !== undefined) return JSON.stringify(['credential', credential]);
  const certificate = asString(tls['serverCertificate']);
  const key = asString(tls['privateKey']);
  return certificate !== undefined && key !== undefined ? JSON.stringify(['files', certificate, key]) : null;
}

export default defineRule({
  code: 'IST0138',
  istioName: 'GatewayDuplicateCertificate',
  istioAnalyzer: 'gateway.CertificateAnalyzer',
  name: 'gateway-duplicate-certificate',
  severity: 'warning',
  reads: [K.IstioGateway],
  docs: {
    summary: 'Istio Gateways that can run on the same gateway pods do not serve the same TLS certificate.',
    rationale:
      'HTTP/2 clients reuse a connection for every host its certificate covers; when two Gateways share a certificate, requests for the second one arrive on the first one\'s connection and get 404s.',
    seeAlso: ['https://istio.io/latest/docs/reference/config/analysis/ist0138/'],
  },
  messages: {
    duplicateCertificate: 'This server\'s certificate is also served by Gateway {other} on the same gateway pods.',
  },
  check({ index, report }) {
    const candidates: Candidate[] = [];
    const byCertificate = new Map<string, Candidate[]>();
    index.ofKind(K.IstioGateway).forEach((gateway, position) => {
      const servers = tlsServers(gateway);
      if (servers.length === 0) return;
      const candidate: Candidate = { gateway, position, selector: gatewaySelector(gateway), servers };
      candidates.push(candidate);
      for (const certificate of new Set(servers.map((s) => s.certificate))) {
        if (certificate === null) continue;
        const list = byCertificate.get(certificate);
        if (list) list.push(candidate);
        else byCertificate.set(certificate, [candidate]);
      }
    });
    for (const { gateway: gw, selector, servers: mine } of candidates) {
      // Only Gateways presenting one of this Gateway's certificates can report anything, in the
      // index's order.
      const sharing = new Set<Candidate>();
      for (const a of mine) if (a.certificate !== null) for (const c of byCertificate.get(a.certificate)!) sharing.add(c);
      for (const { gateway: other, selector: otherSelector, servers: theirs } of [...sharing].sort((x, y) => x.position - y.position)) {
        // The other Gateway runs wherever this one does when this selector is part of its selector.
        if (other.key === gw.key || !mapSelects(selector, otherSelector)) continue;
        for (const a of mine) {
          for (const b of theirs) {
            if (a.certificate === null || a.certificate !== b.certificate) continue;
            const field = asString(a.tls['credentialName']) ? 'credentialName' : 'serverCertificate';
            report({
              subject: gw.key,
              path: [...a.path, field],
              messageId: 'duplicateCertificate',
              data: { other: `${other.namespace}/${other.name}` },
              related: [{ subject: other.key, path: [...b.path, field], note: 'the same certificate' }],
            });
          }
        }
      }
    }
  },
});
