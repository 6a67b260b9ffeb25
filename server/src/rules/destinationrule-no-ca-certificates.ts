/**
 * A DestinationRule that originates TLS to its host without any CA to verify the server with.
 */
import { K } from '../model/kinds';
import { defineRule } from './rule';
import { hasWorkloadSelector, unverifiedTlsMode } from './util/destinationrule-tls';
import { asObject, specOf, asString } from './util/values';

export default defineRule({
  code: 'IST0128',
  istioName: 'NoServerCertificateVerificationDestinationLevel',
  istioAnalyzer: 'destinationrule.CaCertificateAnalyzer',
  name: 'destinationrule-no-ca-certificates',
  severity: 'warning',
  reads: [K.DestinationRule],
  docs: {
    summary: 'A DestinationRule whose traffic policy originates TLS (SIMPLE or MUTUAL) sets `caCertificates` to verify the server.',
    rationale:
      'Without a CA bundle the client accepts any certificate the server presents, so the connection is encrypted but not authenticated and a man in the middle goes unnoticed.',
    seeAlso: ['https://istio.io/latest/docs/reference/config/analysis/ist0128/'],
  },
  messages: {
    noCaCertificates: 'TLS mode {mode} to host "{host}" has no `caCertificates`, so the server\'s certificate is not verified.',
  },
  check({ index, report }) {
    for (const dr of index.ofKind(K.DestinationRule)) {
      const spec = specOf(dr);
      const tls = asObject(asObject(spec['trafficPolicy'])['tls']);
      const mode = unverifiedTlsMode(tls, hasWorkloadSelector(spec));
      if (mode === undefined) continue;
      report({
        subject: dr.key,
        path: ['spec', 'trafficPolicy', 'tls', 'mode'],
        messageId: 'noCaCertificates',
        data: { mode, host: asString(spec['host']) ?? '' },
      });
    }
  },
});
