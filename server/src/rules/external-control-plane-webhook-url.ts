/**
 * A control-plane webhook that names neither a Service nor a usable URL: the cluster cannot reach
 * the (external) istiod it points at.
 */
import { K } from '../model/kinds';
import { defineRule } from './rule';
import { controlPlaneWebhooks, webhookUrlHost } from './util/control-plane-webhooks';

export default defineRule({
  code: 'IST0163',
  istioName: 'InvalidExternalControlPlaneConfig',
  istioAnalyzer: 'externalcontrolplane.ExternalControlPlaneAnalyzer',
  name: 'external-control-plane-webhook-url',
  severity: 'warning',
  reads: [K.ValidatingWebhookConfiguration, K.MutatingWebhookConfiguration],
  docs: {
    summary: 'Istio\'s validation and injection webhooks name a Service or a URL with a host to reach istiod.',
    rationale:
      'On a cluster managed by an external control plane these webhooks are the only way to reach istiod; a blank or host-less URL means configuration is not validated and pods are not injected.',
    seeAlso: ['istioctl analyze IST0163', 'https://istio.io/latest/docs/setup/install/external-controlplane/'],
  },
  messages: {
    blank: 'Webhook "{webhook}" names neither a Service nor a URL, so the cluster cannot reach the control plane.',
    malformed: 'Webhook "{webhook}" has a URL that cannot be parsed: "{url}".',
    noHost: 'Webhook "{webhook}" has a URL without a host ("{url}"), so the control plane cannot be reached.',
  },
  check({ index, report }) {
    for (const hook of controlPlaneWebhooks(index)) {
      const base = { subject: hook.configuration.key, path: hook.path };
      if (hook.url === undefined) {
        if (!hook.hasService) report({ ...base, target: 'key', messageId: 'blank', data: { webhook: hook.name } });
        continue;
      }
      const host = webhookUrlHost(hook.url);
      const path = [...hook.path, 'url'];
      // Whether a host name resolves is a question for DNS at run time, not for the manifest.
      if (host.kind === 'malformed') report({ ...base, path, messageId: 'malformed', data: { webhook: hook.name, url: hook.url } });
      else if (host.kind === 'none') report({ ...base, path, messageId: 'noHost', data: { webhook: hook.name, url: hook.url } });
    }
  },
});
