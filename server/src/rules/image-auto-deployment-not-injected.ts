/**
 * A Deployment whose istio-proxy container has `image: auto` (the gateway-injection pattern), but
 * whose pods no Istio injection webhook would take, so the placeholder is never replaced.
 */
import { K } from '../model/kinds';
import { defineRule } from './rule';
import { istioInjectionWebhooks, webhookSelects } from './util/injection-webhooks';
import { PROXY_CONTAINER, SIDECAR_INJECT } from './util/sidecar-injection';
import { labelsOf } from './util/values';
import { containersOf, podTemplateOf } from './util/workload';

export default defineRule({
  code: 'IST0146',
  istioName: 'ImageAutoWithoutInjectionWarning',
  istioAnalyzer: 'injection.ImageAutoAnalyzer',
  name: 'image-auto-deployment-not-injected',
  severity: 'warning',
  reads: [K.Deployment, K.Namespace, K.MutatingWebhookConfiguration],
  docs: {
    summary: 'Deployments that ask for `image: auto` are selected by an Istio injection webhook.',
    rationale:
      'The placeholder image is filled in only by the injector; if neither the namespace labels nor the pod labels match an Istio webhook, every pod of the Deployment fails to pull "auto".',
    seeAlso: ['istioctl analyze IST0146', 'https://istio.io/latest/docs/setup/additional-setup/gateway/'],
  },
  messages: {
    notSelected:
      'Deployment "{name}" has an istio-proxy container with `image: auto`, but no Istio injection webhook selects its pods, so the image is never filled in.',
  },
  check({ index, report }) {
    // Which webhooks exist is cluster state; without any known, say nothing rather than guess.
    if (!index.knows(K.MutatingWebhookConfiguration)) return;
    const webhooks = istioInjectionWebhooks(index);
    for (const deployment of index.ofKind(K.Deployment)) {
      const template = podTemplateOf(deployment);
      if (!template) continue;
      const auto = containersOf(template).find((c) => c.name === PROXY_CONTAINER && c.image === 'auto');
      if (!auto) continue;
      const ns = index.get(K.Namespace, '', deployment.namespace);
      const nsLabels = ns ? labelsOf(ns) : {};
      if (webhooks.some((w) => webhookSelects(w.webhook, nsLabels, template.labels))) continue;
      // Opting the pods in by label works when some Istio webhook selects pods by it.
      const optedIn = { ...template.labels, [SIDECAR_INJECT]: 'true' };
      const labelFix = webhooks.some((w) => webhookSelects(w.webhook, nsLabels, optedIn));
      report({
        subject: deployment.key,
        path: [...auto.path, 'image'],
        messageId: 'notSelected',
        data: { name: deployment.name },
        ...(labelFix
          ? {
              fixes: [
                {
                  title: 'Opt the pods in with the sidecar.istio.io/inject: "true" label',
                  preferred: true,
                  edits: [{ op: 'set' as const, path: ['spec', 'template', 'metadata', 'labels', SIDECAR_INJECT], value: 'true' }],
                },
              ],
            }
          : {}),
      });
    }
  },
});
