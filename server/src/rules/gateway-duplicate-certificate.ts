/**
 * Istio Gateways on overlapping gateway pods that serve the same TLS certificate.
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
}

function tlsServers(gateway: Resource): TlsServer[] {
  const out: TlsServer[] = [];
  asArray(specOf(gateway)['servers']).forEach((server, i) => {
    const tls = asObject(server)['tls'];
    if (isObject(tls)) out.push({ tls, path: ['spec', 'servers', i, 'tls'] });
  });
  return out;
}

/** Whether two servers present the same certificate: the same credential, or the same files. */
function sameCertificate(a: Json, b: Json): boolean {
  const ca = asString(a['credentialName']) ?? '';
  const cb = asString(b['credentialName']) ?? '';
  if (ca !== '' && cb !== '') return ca === cb;
  if (ca !== '' || cb !== '') return false;
  const certA = asString(a['serverCertificate']) ?? '';
  const certB = asString(b['serverCertificate']) ?? '';
  const keyA = asString(a['privateKey']) ?? '';
  const keyB = asString(b['privateKey']) ?? '';
  return certA !== '' && certA === certB && keyA !== '' && keyA === keyB;
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
    const gateways = index.ofKind(K.IstioGateway);
    for (const gw of gateways) {
      const selector = gatewaySelector(gw);
      const mine = tlsServers(gw);
      if (mine.length === 0) continue;
      for (const other of gateways) {
        // The other Gateway runs wherever this one does when this selector is part of its selector.
        if (other.key === gw.key || !mapSelects(selector, gatewaySelector(other))) continue;
        for (const a of mine) {
          for (const b of tlsServers(other)) {
            if (!sameCertificate(a.tls, b.tls)) continue;
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
