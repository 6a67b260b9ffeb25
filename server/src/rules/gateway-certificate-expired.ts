/**
 * A gateway serving a TLS certificate that has expired or is not valid yet.
 *
 * Covers Istio Gateways (`credentialName`) and Gateway API Gateways (`certificateRefs`), with the
 * certificate read from the Secret when its data is in view and from the cert-manager Certificate
 * that writes the Secret otherwise (util/certificate-expiry.ts). Where IST0161
 * (gateway-invalid-credential) already reports the same Secret for the same Istio Gateway (it
 * judges validity too, when the gateway pods are known), this rule stays silent.
 *
 * The time comes from the rule context (`ctx.now()`), so the rule re-runs when the day changes
 * and tests can pin it.
 */
import { K } from '../model/kinds';
import { CLOCK } from './engine/inputs';
import { defineRule } from './rule';
import { certificateUses, formatDate, validityOf } from './util/certificate-expiry';
import { credentialProblem } from './util/gateway-credentials';

export default defineRule({
  code: 'MSH8006',
  name: 'gateway-certificate-expired',
  severity: 'error',
  reads: [K.IstioGateway, K.Gateway, K.Pod, K.Secret, K.Certificate, CLOCK],
  docs: {
    summary: 'Every TLS certificate a gateway serves is valid now: not expired and not valid only from a later date.',
    rationale:
      'Clients reject an expired or not-yet-valid certificate, so every HTTPS or TLS connection to the hosts it serves fails until the Secret is renewed; cert-manager renewals that silently stopped are the usual cause.',
    seeAlso: ['gateway-certificate-expires-soon (MSH8007)', 'gateway-invalid-credential (IST0161)'],
  },
  messages: {
    expired: 'The certificate in {source} that this gateway serves expired on {date}.',
    notYetValid: 'The certificate in {source} that this gateway serves is not valid before {date}.',
  },
  check({ index, now, report }) {
    const at = now();
    const seen = new Set<string>();
    for (const use of certificateUses(index)) {
      const validity = validityOf(index, use);
      if (!validity) continue;
      const expired = validity.notAfter <= at;
      const early = validity.notBefore !== undefined && validity.notBefore > at;
      if (!expired && !early) continue;
      // IST0161 judges the same Secret for an Istio Gateway whose pods are known: one finding.
      if (use.fromPods && use.gateway.kind === K.IstioGateway && validity.secret && index.knows(K.Secret) &&
        credentialProblem(validity.secret, at) !== undefined) continue;
      const key = JSON.stringify([use.gateway.key, use.path, validity.subject.key]);
      if (seen.has(key)) continue;
      seen.add(key);
      report({
        subject: use.gateway.key, path: use.path,
        messageId: expired ? 'expired' : 'notYetValid',
        data: { source: validity.source, date: formatDate(expired ? validity.notAfter : validity.notBefore!) },
        related: [{ subject: validity.subject.key, path: validity.subjectPath, note: 'the certificate' }],
      });
    }
  },
});
