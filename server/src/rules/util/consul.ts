/**
 * Consul config entries (consul-k8s CRDs) as the discovery chain sees them: which protocol a
 * service speaks, which ServiceResolver defines its subsets, and which references leave what can
 * be checked offline.
 *
 * A config entry's Consul service is its `metadata.name` (ServiceIntentions name theirs in
 * `spec.destination.name`). Consul namespaces need not follow Kubernetes namespaces (open-source
 * Consul folds every Kubernetes namespace into one; Enterprise may mirror them), so an entry is
 * looked up in the referrer's Kubernetes namespace first and then by name anywhere, and an answer
 * that differs between namespaces counts as unknown.
 *
 * Protocol: the service's ServiceDefaults `protocol`, else the `protocol` in the global
 * ProxyDefaults `config`, else Consul's default `tcp`. The default applies only when Consul
 * defaults are in view at all (some ServiceDefaults or ProxyDefaults is known): a repository that
 * keeps none may set them elsewhere.
 */
import { K } from '../../model/kinds';
import type { Resource } from '../../model/resource';
import type { ResourceIndex } from '../../model/resource-index';
import { asObject, asString, specOf } from './values';

/** The protocols Consul's L7 features (routers, splitters, L7 intentions) require. */
export const L7_PROTOCOLS: ReadonlySet<string> = new Set(['http', 'http2', 'grpc']);

/** A service's protocol and where it comes from. */
export interface ConsulProtocol {
  readonly protocol: string;
  readonly source: 'ServiceDefaults' | 'ProxyDefaults' | 'default';
  /** The entry that sets it, when one does. */
  readonly entry?: Resource;
}

/** The entry of a kind for a Consul service: same Kubernetes namespace first, else the only one by name. */
function entryFor(index: ResourceIndex, kind: typeof K.ServiceDefaults | typeof K.ServiceResolver, service: string, namespace: string): Resource | undefined | 'ambiguous' {
  const local = index.get(kind, namespace, service);
  if (local) return local;
  const named = index.ofKind(kind).filter((r) => r.name === service);
  if (named.length === 0) return undefined;
  return named.length === 1 ? named[0] : 'ambiguous';
}

/** Whether any Consul defaults are in view (both kinds are asked, so both count as read). */
export function knowsConsulDefaults(index: ResourceIndex): boolean {
  return [index.knows(K.ServiceDefaults), index.knows(K.ProxyDefaults)].some(Boolean);
}

/** The protocol of a Consul service seen from a Kubernetes namespace, or undefined when unknown. */
export function consulProtocol(index: ResourceIndex, service: string, namespace: string): ConsulProtocol | undefined {
  const defaults = entryFor(index, K.ServiceDefaults, service, namespace);
  if (defaults === 'ambiguous') {
    // Several ServiceDefaults of this name elsewhere: known only if they agree.
    const protocols = new Set(index.ofKind(K.ServiceDefaults).filter((r) => r.name === service).map((r) => protocolField(r)));
    if (protocols.size !== 1) return undefined;
  } else if (defaults) {
    const protocol = protocolField(defaults);
    if (protocol !== undefined) return { protocol, source: 'ServiceDefaults', entry: defaults };
  }
  if (!knowsConsulDefaults(index)) return undefined;
  const proxies = index.ofKind(K.ProxyDefaults).filter((p) => p.name === 'global');
  const proxyProtocols = new Set(proxies.map((p) => asString(asObject(specOf(p)['config'])['protocol'])?.toLowerCase()));
  if (proxyProtocols.size > 1) return undefined;
  const proxyProtocol = [...proxyProtocols][0];
  if (proxyProtocol !== undefined) return { protocol: proxyProtocol, source: 'ProxyDefaults', entry: proxies[0]! };
  return { protocol: 'tcp', source: 'default' };
}

function protocolField(defaults: Resource): string | undefined {
  return asString(specOf(defaults)['protocol'])?.toLowerCase();
}

/** Where a protocol comes from, for messages. */
export function describeProtocolSource(p: ConsulProtocol): string {
  if (p.source === 'default') return 'Consul\'s default, as no ServiceDefaults or ProxyDefaults sets one';
  return `from ${p.source} "${p.entry!.name}"`;
}

/** The ServiceResolver of a Consul service (undefined when none, or when several disagree). */
export function consulResolver(index: ResourceIndex, service: string, namespace: string): Resource | undefined {
  const r = entryFor(index, K.ServiceResolver, service, namespace);
  return r === 'ambiguous' ? undefined : r;
}

/** The subset names a ServiceResolver defines. */
export function resolverSubsets(resolver: Resource): string[] {
  return Object.keys(asObject(specOf(resolver)['subsets']));
}

/**
 * Whether a reference leaves this Consul namespace, partition, datacenter or cluster (or names a
 * sameness group): then the entries it resolves against are not the ones in view.
 */
export function crossesBoundary(ref: Readonly<Record<string, unknown>>): boolean {
  return ['namespace', 'partition', 'datacenter', 'peer', 'samenessGroup'].some((k) => asString(ref[k]) !== undefined);
}
