/**
 * A gateway serving a TLS certificate that expires within the warning window, and that nothing is
 * going to renew in time.
 *
 * A certificate written by a cert-manager Certificate is renewed before it expires (at
 * `status.renewalTime`), so an upcoming expiry is news only once that time has passed without a
 * renewal; a short-lived certificate renewed every few days is not reported. A certificate nobody
 * manages is reported as soon as it enters the window. Expired and not-yet-valid certificates are
 * gateway-certificate-expired's concern.
 *
 * The window is the `certificateExpiryWarningDays` option (30 days unless the project file, the
 * editor settings or the CLI say otherwise). Both the option and the time come from the rule
 * context, so the rule re-runs when either changes and tests can pin the time.
 */
import { K } from '../model/kinds';
import { CLOCK, OPTION } from './engine/inputs';
import { defineRule } from './rule';
import { certificateUses, daysBetween, expiresWithin, formatDate, validityOf } from './util/certificate-expiry';

export default defineRule({
  code: 'MSH8007',
  name: 'gateway-certificate-expires-soon',
  severity: 'warning',
  reads: [K.IstioGateway, K.Gateway, K.Pod, K.Secret, K.Certificate, OPTION.certificateExpiryWarningDays, CLOCK],
  docs: {
    summary: 'No TLS certificate a gateway serves expires within the warning window (30 days unless configured) without a renewal on its way.',
    rationale:
      'An expiring gateway certificate takes down every HTTPS host it serves on a known date; a warning weeks ahead, or as soon as cert-manager misses its renewal time, leaves time to renew it.',
    seeAlso: ['gateway-certificate-expired (MSH8006)', 'https://cert-manager.io/docs/usage/certificate/#renewal'],
  },
  messages: {
    expiresSoon: 'The certificate in {source} that this gateway serves expires on {date}, in {days} days.',
    renewalOverdue: 'The certificate in {source} that this gateway serves expires on {date}, in {days} days, and cert-manager has not renewed it although renewal was due on {renewal}.',
  },
  check({ index, options, now, report }) {
    const at = now();
    const seen = new Set<string>();
    for (const use of certificateUses(index)) {
      const validity = validityOf(index, use);
      if (!validity) continue;
      if (validity.notAfter <= at || (validity.notBefore !== undefined && validity.notBefore > at)) continue;
      if (!expiresWithin(at, validity.notAfter, options.certificateExpiryWarningDays)) continue;
      // cert-manager renews at its renewal time; before then an upcoming expiry is expected.
      if (validity.renewal && validity.renewal > at) continue;
      const key = JSON.stringify([use.gateway.key, use.path, validity.subject.key]);
      if (seen.has(key)) continue;
      seen.add(key);
      const data = { source: validity.source, date: formatDate(validity.notAfter), days: daysBetween(at, validity.notAfter) };
      report({
        subject: use.gateway.key, path: use.path,
        ...(validity.renewal ? { messageId: 'renewalOverdue' as const, data: { ...data, renewal: formatDate(validity.renewal) } } : { messageId: 'expiresSoon' as const, data }),
        related: [{ subject: validity.subject.key, path: validity.subjectPath, note: 'the certificate' }],
      });
    }
  },
});
