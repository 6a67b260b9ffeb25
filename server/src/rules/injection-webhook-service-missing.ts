/**
 * An Istio injection webhook that calls a Service which does not exist, so every pod creation it
 * intercepts fails (or skips injection, with failurePolicy Ignore).
 */
import { K } from '../model/kinds';
import { defineRule } from './rule';
import { injectionConfigurations } from './util/injection-webhooks';
import { asObject, asString } from './util/values';

export default defineRule({
  code: 'IST0139',
  istioName: 'InvalidWebhook',
  istioAnalyzer: 'webhook.Analyzer',
  name: 'injection-webhook-service-missing',
  severity: 'error',
  reads: [K.MutatingWebhookConfiguration, K.Service],
  docs: {
    summary: 'Istio injection webhooks call a control-plane Service that exists.',
    rationale:
      'A webhook left behind by an uninstalled revision points at a Service that is gone; with failurePolicy Fail pod creation breaks cluster-wide, with Ignore pods silently start without sidecars.',
    seeAlso: ['istioctl analyze IST0139', 'https://istio.io/latest/docs/setup/upgrade/canary/'],
  },
  messages: {
    missing: 'This injection webhook calls the Service "{service}", which does not exist.',
  },
  check({ index, report }) {
    // Which Services exist is cluster state; with none known, say nothing.
    if (!index.knows(K.Service)) return;
    for (const entry of injectionConfigurations(index).entries) {
      const service = asObject(asObject(entry.webhook['clientConfig'])['service']);
      if (entry.webhook['clientConfig'] == null || asObject(entry.webhook['clientConfig'])['service'] == null) continue;
      const namespace = asString(service['namespace']) ?? '';
      const name = asString(service['name']) ?? '';
      if (index.get(K.Service, namespace, name)) continue;
      report({
        subject: entry.configuration.key,
        path: [...entry.path, 'clientConfig', 'service'],
        messageId: 'missing',
        data: { service: `${namespace}/${name}` },
      });
    }
  },
});
