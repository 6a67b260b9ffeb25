/**
 * Istio's sidecar-injection webhooks: the MutatingWebhookConfiguration entries whose webhook name
 * ends in `istio.io`, and whether a pod (by its namespace's and its own labels) would be sent to
 * one of them.
 */
import { K } from '../../model/kinds';
import type { Resource } from '../../model/resource';
import type { ResourceIndex } from '../../model/resource-index';
import type { Path } from '../../parse/types';
import { labelSelectorSelects, type Labels } from './selectors';
import { asArray, asObject, asString } from './values';

/** One webhook entry of a MutatingWebhookConfiguration, with where it is written. */
export interface WebhookEntry {
  readonly configuration: Resource;
  readonly name: string;
  readonly webhook: Readonly<Record<string, unknown>>;
  readonly path: Path;
}

/** The webhook entries of a configuration (`webhooks[]`). */
export function webhookEntries(configuration: Resource): WebhookEntry[] {
  return asArray(configuration.value['webhooks']).flatMap((raw, i) => {
    const webhook = asObject(raw);
    return [{ configuration, name: asString(webhook['name']) ?? '', webhook, path: ['webhooks', i] }];
  });
}

/** Whether a webhook entry belongs to Istio (its name ends in istio.io). */
export function isIstioWebhookName(name: string): boolean {
  return name.endsWith('istio.io');
}

/** Every Istio injection webhook entry across all MutatingWebhookConfigurations. */
export function istioInjectionWebhooks(index: ResourceIndex): WebhookEntry[] {
  return index.ofKind(K.MutatingWebhookConfiguration).flatMap((c) => webhookEntries(c).filter((e) => isIstioWebhookName(e.name)));
}

/**
 * Whether a webhook's selectors take a request; an absent selector takes everything, as the
 * admission API defines. A namespace that is not known has no labels.
 */
export function webhookSelects(webhook: Readonly<Record<string, unknown>>, namespaceLabels: Labels, objectLabels: Labels): boolean {
  const ns = webhook['namespaceSelector'];
  const obj = webhook['objectSelector'];
  return (ns == null || labelSelectorSelects(ns, namespaceLabels)) && (obj == null || labelSelectorSelects(obj, objectLabels));
}

const REVISION_LABEL = 'istio.io/rev';

/** The revisions a configuration serves: its own istio.io/rev label and the revisions its selectors name. */
export function webhookRevisions(configuration: Resource): string[] {
  const revisions = new Set<string>();
  const own = asObject(asObject(configuration.value['metadata'])['labels'])[REVISION_LABEL];
  if (typeof own === 'string') revisions.add(own);
  for (const { webhook } of webhookEntries(configuration)) {
    for (const field of ['namespaceSelector', 'objectSelector']) {
      const selector = asObject(webhook[field]);
      const fromLabels = asObject(selector['matchLabels'])[REVISION_LABEL];
      if (typeof fromLabels === 'string') revisions.add(fromLabels);
      for (const raw of asArray(selector['matchExpressions'])) {
        const e = asObject(raw);
        if (e['key'] !== REVISION_LABEL) continue;
        for (const v of asArray(e['values'])) if (typeof v === 'string') revisions.add(v);
      }
    }
  }
  return [...revisions].sort();
}

/**
 * The MutatingWebhookConfigurations that inject Istio sidecars (one of their webhooks is named
 * `...istio.io`, or they serve a revision), with all their webhook entries and the revisions
 * they serve.
 */
export function injectionConfigurations(index: ResourceIndex): { entries: WebhookEntry[]; revisions: string[] } {
  const entries: WebhookEntry[] = [];
  const revisions = new Set<string>();
  for (const configuration of index.ofKind(K.MutatingWebhookConfiguration)) {
    const own = webhookEntries(configuration);
    const revs = webhookRevisions(configuration);
    if (revs.length === 0 && !own.some((e) => isIstioWebhookName(e.name))) continue;
    entries.push(...own);
    for (const r of revs) revisions.add(r);
  }
  return { entries, revisions: [...revisions].sort() };
}
