/**
 * A control-plane webhook whose URL names istiod by IP address rather than host name.
 */
import { K } from '../model/kinds';
import { defineRule } from './rule';
import { controlPlaneWebhooks, webhookUrlHost } from './util/control-plane-webhooks';

export default defineRule({
  code: 'IST0164',
  istioName: 'ExternalControlPlaneAddressIsNotAHostname',
  istioAnalyzer: 'externalcontrolplane.ExternalControlPlaneAnalyzer',
  name: 'external-control-plane-webhook-ip',
  severity: 'info',
  reads: [K.ValidatingWebhookConfiguration, K.MutatingWebhookConfiguration],
  docs: {
    summary: 'Webhooks that reach an external istiod by URL use a host name, not an IP address.',
    rationale:
      'istiod\'s serving certificate is issued for host names; an IP address works only while the address stays the same and the certificate happens to list it, which is fragile outside test setups.',
    seeAlso: ['istioctl analyze IST0164', 'https://istio.io/latest/docs/setup/install/external-controlplane/'],
  },
  messages: {
    ip: 'Webhook "{webhook}" reaches the control plane at the IP address {address}; use a host name covered by istiod\'s certificate.',
  },
  check({ index, report }) {
    for (const hook of controlPlaneWebhooks(index)) {
      if (hook.url === undefined) continue;
      const host = webhookUrlHost(hook.url);
      if (host.kind !== 'ip') continue;
      report({ subject: hook.configuration.key, path: [...hook.path, 'url'], messageId: 'ip', data: { webhook: hook.name, address: host.host } });
    }
  },
});
