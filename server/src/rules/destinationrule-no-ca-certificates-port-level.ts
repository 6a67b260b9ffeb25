/**
 * A DestinationRule port setting that originates TLS without any CA to verify the server with.
 */
import { K } from '../model/kinds';
import { defineRule } from './rule';
import { hasWorkloadSelector, unverifiedTlsMode } from './util/destinationrule-tls';
import { asObject, asArray, asNumber, specOf, asString } from './util/values';

export default defineRule({
  code: 'IST0129',
  istioName: 'NoServerCertificateVerificationPortLevel',
  istioAnalyzer: 'destinationrule.CaCertificateAnalyzer',
  name: 'destinationrule-no-ca-certificates-port-level',
  severity: 'warning',
  reads: [K.DestinationRule],
  docs: {
    summary: 'A DestinationRule port-level setting that originates TLS (SIMPLE or MUTUAL) sets `caCertificates` to verify the server.',
    rationale:
      'Without a CA bundle the client accepts any certificate the server presents on that port, so the connection is encrypted but not authenticated.',
    seeAlso: ['https://istio.io/latest/docs/reference/config/analysis/ist0129/'],
  },
  messages: {
    noCaCertificates: 'TLS mode {mode} to host "{host}" on port {port} has no `caCertificates`, so the server\'s certificate is not verified.',
  },
  check({ index, report }) {
    for (const dr of index.ofKind(K.DestinationRule)) {
      const spec = specOf(dr);
      const selected = hasWorkloadSelector(spec);
      asArray(asObject(spec['trafficPolicy'])['portLevelSettings']).forEach((setting, i) => {
        const s = asObject(setting);
        const mode = unverifiedTlsMode(asObject(s['tls']), selected);
        if (mode === undefined) return;
        const port = asNumber(asObject(s['port'])['number']);
        report({
          subject: dr.key,
          path: ['spec', 'trafficPolicy', 'portLevelSettings', i, 'tls', 'mode'],
          messageId: 'noCaCertificates',
          data: { mode, host: asString(spec['host']) ?? '', port: port ?? '(unset)' },
        });
      });
    }
  },
});
