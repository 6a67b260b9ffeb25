/**
 * Istio injection webhooks whose selectors overlap, so one pod would be sent to two injectors.
 *
 * The check tries every combination of the labels that drive injection: a namespace without a
 * label, with `istio-injection=enabled` or `=disabled`, each optionally with `istio.io/rev` set to
 * each revision the webhooks serve; and a pod with no `sidecar.istio.io/inject` label, `"true"` or
 * `"false"`, likewise per revision. Each combination must reach at most one webhook.
 */
import { K } from '../model/kinds';
import { defineRule } from './rule';
import { injectionConfigurations, webhookSelects, type WebhookEntry } from './util/injection-webhooks';

type Labels = Record<string, string>;

function variants(key: string, values: readonly string[], revisions: readonly string[]): Labels[] {
  const base: Labels[] = [{}, ...values.map((v) => ({ [key]: v }))];
  return [...base, ...revisions.flatMap((rev) => base.map((b) => ({ ...b, 'istio.io/rev': rev })))];
}

export default defineRule({
  code: 'IST0139',
  istioName: 'InvalidWebhook',
  istioAnalyzer: 'webhook.Analyzer',
  name: 'injection-webhook-overlap',
  severity: 'error',
  reads: [K.MutatingWebhookConfiguration],
  docs: {
    summary: 'At most one Istio injection webhook selects any given pod.',
    rationale:
      'When two injection webhooks match the same pod (two revisions, or a revision and the default, both selecting a namespace), the pod is injected twice or by the wrong control plane.',
    seeAlso: ['istioctl analyze IST0139', 'https://istio.io/latest/docs/setup/upgrade/canary/'],
  },
  messages: {
    overlap: 'This injection webhook overlaps with {others}; a pod matching both may be injected twice.',
  },
  check({ index, report }) {
    const { entries, revisions } = injectionConfigurations(index);
    if (entries.length < 2) return;
    const id = (e: WebhookEntry) => `${e.configuration.name}/${e.name}`;
    const reported = new Set<string>();
    for (const nsLabels of variants('istio-injection', ['enabled', 'disabled'], revisions)) {
      for (const podLabels of variants('sidecar.istio.io/inject', ['true', 'false'], revisions)) {
        const matching = new Map<string, WebhookEntry>();
        for (const e of entries) if (webhookSelects(e.webhook, nsLabels, podLabels) && !matching.has(id(e))) matching.set(id(e), e);
        if (matching.size < 2) continue;
        for (const [name, entry] of matching) {
          const others = [...matching.keys()].filter((n) => n !== name).sort().join(', ');
          const key = `${name}|${others}`;
          if (reported.has(key)) continue;
          reported.add(key);
          report({
            subject: entry.configuration.key,
            path: entry.path,
            messageId: 'overlap',
            data: { others },
            related: [...matching.values()].filter((e) => e !== entry).map((e) => ({ subject: e.configuration.key, path: e.path, note: 'overlapping webhook' })),
          });
        }
      }
    }
  },
});
