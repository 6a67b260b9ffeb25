/**
 * The webhooks by which a cluster reaches its Istio control plane: the validating webhooks
 * (`istiod-default-validator`, `istio-validator*`) and the injection webhooks
 * (`istio-sidecar-injector*`). On a remote cluster of an external control plane they name the
 * istiod address by URL rather than by in-cluster Service; this module classifies those URLs.
 */
import { K } from '../../model/kinds';
import type { Resource } from '../../model/resource';
import type { ResourceIndex } from '../../model/resource-index';
import type { Path } from '../../parse/types';
import { isIPv4, isIPv6 } from './istio-annotation-values';
import { asArray, asObject, asString } from './values';

/** One control-plane webhook with its client configuration. */
export interface ControlPlaneWebhook {
  readonly configuration: Resource;
  readonly name: string;
  /** clientConfig.url when it is written (possibly empty); undefined when absent or null. */
  readonly url: string | undefined;
  readonly hasService: boolean;
  readonly path: Path;
}

function isControlPlaneConfiguration(configuration: Resource): boolean {
  const name = configuration.name;
  if (configuration.kind === K.ValidatingWebhookConfiguration) return name === 'istiod-default-validator' || name.startsWith('istio-validator');
  return name.startsWith('istio-sidecar-injector');
}

/** Every webhook of Istio's validating and injection webhook configurations. */
export function controlPlaneWebhooks(index: ResourceIndex): ControlPlaneWebhook[] {
  const out: ControlPlaneWebhook[] = [];
  for (const kind of [K.ValidatingWebhookConfiguration, K.MutatingWebhookConfiguration]) {
    for (const configuration of index.ofKind(kind)) {
      if (!isControlPlaneConfiguration(configuration)) continue;
      asArray(configuration.value['webhooks']).forEach((raw, i) => {
        const webhook = asObject(raw);
        const client = asObject(webhook['clientConfig']);
        const url = client['url'];
        out.push({
          configuration,
          name: asString(webhook['name']) ?? '',
          url: typeof url === 'string' ? url : url == null ? undefined : String(url),
          hasService: client['service'] != null,
          path: ['webhooks', i, 'clientConfig'],
        });
      });
    }
  }
  return out;
}

/** What a webhook URL's host is. */
export type UrlHost =
  | { readonly kind: 'ip'; readonly host: string }
  | { readonly kind: 'hostname'; readonly host: string }
  | { readonly kind: 'none' }
  | { readonly kind: 'malformed' };

/**
 * The host of a webhook URL. A URL with a scheme is parsed as a URL; text without a scheme has
 * no host at all (Go's URL parser reads it as a path), so nothing can be resolved from it.
 */
export function webhookUrlHost(url: string): UrlHost {
  if (!/^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(url)) return /[\s\x00-\x1f]/.test(url) ? { kind: 'malformed' } : { kind: 'none' };
  let host: string;
  try {
    host = new URL(url).hostname;
  } catch {
    return { kind: 'malformed' };
  }
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  if (bare === '') return { kind: 'none' };
  if (isIPv4(bare) || isIPv6(bare)) return { kind: 'ip', host: bare };
  return { kind: 'hostname', host: bare };
}
