/**
 * Gateway API listeners and the routes they admit: resolving a parentRef to its Gateway or
 * ListenerSet, picking the listeners it selects (sectionName, port), and deciding whether a
 * listener admits a route by kind and by namespace.
 *
 * Admission answers are three-valued: `true`, `false`, or `undefined` when the answer depends on
 * something not in view (namespace labels of a namespace that is not known, a protocol the spec
 * leaves to implementations). Rules report only a definite `false`.
 */
import { K, type Kind } from '../../model/kinds';
import type { Resource } from '../../model/resource';
import type { ResourceIndex } from '../../model/resource-index';
import type { Path } from '../../parse/types';
import { GATEWAY_API_GROUP, LISTENER_SET, X_LISTENER_SET, kindName, type ParentRef } from './gateway-api-refs';
import { labelSelectorSelects } from './selectors';
import { asArray, asNumber, asObject, asString, labelsOf, specOf, type Json } from './values';

/** The label Kubernetes puts on every Namespace, naming it; selectors may use it without the object in view. */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

/** One listener of a Gateway or ListenerSet. */
export interface Listener {
  readonly name: string;
  readonly port?: number;
  readonly protocol?: string;
  readonly hostname?: string;
  readonly allowedRoutes: Json;
  /** The Gateway or ListenerSet that declares it. */
  readonly owner: Resource;
  readonly path: Path;
}

/** The listeners a Gateway or ListenerSet declares (entries without a name are skipped). */
export function listenersOf(owner: Resource): Listener[] {
  const out: Listener[] = [];
  asArray(specOf(owner)['listeners']).forEach((raw, i) => {
    const l = asObject(raw);
    const name = asString(l['name']);
    if (name === undefined) return;
    const port = asNumber(l['port']);
    const protocol = asString(l['protocol']);
    const hostname = asString(l['hostname']);
    out.push({
      name, owner, allowedRoutes: asObject(l['allowedRoutes']), path: ['spec', 'listeners', i],
      ...(port !== undefined ? { port } : {}), ...(protocol !== undefined ? { protocol } : {}), ...(hostname !== undefined ? { hostname } : {}),
    });
  });
  return out;
}

/** The kind key of a listener-owning parent, or undefined for parents that own no listeners. */
export function listenerOwnerKind(ref: Pick<ParentRef, 'type' | 'group'>): Kind | undefined {
  if (ref.type === 'gateway') return K.Gateway;
  if (ref.type === 'listenerset') return ref.group === GATEWAY_API_GROUP ? LISTENER_SET : X_LISTENER_SET;
  return undefined;
}

/** The Gateway or ListenerSet a parentRef names, if it is in the index. */
export function resolveListenerOwner(index: ResourceIndex, ref: ParentRef): Resource | undefined {
  const kind = listenerOwnerKind(ref);
  return kind === undefined ? undefined : index.get(kind, ref.namespace, ref.name);
}

/**
 * The listeners a parentRef selects: the one named by `sectionName`, those on `port`, both when
 * both are set, every listener when neither is.
 */
export function selectListeners(listeners: readonly Listener[], ref: Pick<ParentRef, 'sectionName' | 'port'>): Listener[] {
  return listeners.filter((l) => (ref.sectionName === undefined || l.name === ref.sectionName) && (ref.port === undefined || l.port === ref.port));
}

/**
 * The route kinds each core listener protocol admits when `allowedRoutes.kinds` is empty. GRPC
 * rides on HTTP/2 and so attaches to HTTP and HTTPS listeners; a TLS listener carries TLSRoutes
 * (passthrough) or TCPRoutes (terminated). Other protocols are implementation-specific.
 */
const KINDS_BY_PROTOCOL: Readonly<Record<string, readonly string[]>> = {
  HTTP: ['HTTPRoute', 'GRPCRoute'],
  HTTPS: ['HTTPRoute', 'GRPCRoute'],
  TLS: ['TLSRoute', 'TCPRoute'],
  TCP: ['TCPRoute'],
  UDP: ['UDPRoute'],
};

/** The route kinds a listener admits, as `group/Kind` keys, or undefined when the spec leaves it open. */
export function admittedKinds(listener: Listener): Kind[] | undefined {
  const listed = asArray(listener.allowedRoutes['kinds']).map(asObject).filter((k) => asString(k['kind']) !== undefined);
  if (listed.length > 0) {
    return listed.map((k) => `${typeof k['group'] === 'string' ? k['group'] : GATEWAY_API_GROUP}/${k['kind'] as string}` as Kind);
  }
  const byProtocol = listener.protocol === undefined ? undefined : KINDS_BY_PROTOCOL[listener.protocol];
  return byProtocol?.map((k) => `${GATEWAY_API_GROUP}/${k}` as Kind);
}

/** Whether a listener admits routes of a kind (undefined: implementation-specific protocol). */
export function listenerAdmitsKind(listener: Listener, routeKind: Kind): boolean | undefined {
  return admittedKinds(listener)?.includes(routeKind);
}

/** How a listener's `allowedRoutes.namespaces` reads. */
export interface NamespacePolicy {
  readonly from: string;
  readonly selector?: Json;
}

export function namespacePolicyOf(listener: Listener): NamespacePolicy {
  const namespaces = asObject(listener.allowedRoutes['namespaces']);
  const from = asString(namespaces['from']) ?? 'Same';
  return from === 'Selector' ? { from, selector: asObject(namespaces['selector']) } : { from };
}

/**
 * Whether a listener admits routes from `routeNamespace`. `Same` means the listener owner's
 * namespace and `All` any. `Selector` matches the route namespace's labels: the Namespace object's
 * when it is known, and in any case the `kubernetes.io/metadata.name` label Kubernetes sets on
 * every Namespace — so a selector on that label alone is decided even without the object, and any
 * other selector is undecided (undefined) when the Namespace is not in view.
 */
export function listenerAdmitsNamespace(index: ResourceIndex, listener: Listener, routeNamespace: string): boolean | undefined {
  const policy = namespacePolicyOf(listener);
  switch (policy.from) {
    case 'Same': return routeNamespace === listener.owner.namespace;
    case 'All': return true;
    case 'Selector': {
      const namespace = index.get(K.Namespace, '', routeNamespace);
      const labels = { ...(namespace ? labelsOf(namespace) : {}), [NAMESPACE_NAME_LABEL]: routeNamespace };
      if (!namespace && !onlyUsesNameLabel(policy.selector ?? {})) return undefined;
      return labelSelectorSelects(policy.selector ?? {}, labels);
    }
    default: return undefined;
  }
}

/** Whether a LabelSelector constrains nothing but the namespace-name label. */
function onlyUsesNameLabel(selector: Json): boolean {
  const keys = [
    ...Object.keys(asObject(selector['matchLabels'])),
    ...asArray(selector['matchExpressions']).map((e) => asString(asObject(e)['key']) ?? ''),
  ];
  return keys.length > 0 && keys.every((k) => k === NAMESPACE_NAME_LABEL);
}

/** A listener described for messages: `"http" (HTTP 80)`. */
export function describeListener(listener: Listener): string {
  const detail = [listener.protocol, listener.port].filter((x) => x !== undefined).join(' ');
  return detail === '' ? `"${listener.name}"` : `"${listener.name}" (${detail})`;
}

/** A namespace policy described for messages. */
export function describeNamespacePolicy(listener: Listener): string {
  const policy = namespacePolicyOf(listener);
  if (policy.from === 'Same') return `only namespace "${listener.owner.namespace}"`;
  if (policy.from === 'Selector') return 'only namespaces matching its selector';
  return `namespaces "from: ${policy.from}"`;
}

/** The admitted kinds described for messages (`HTTPRoute, GRPCRoute`). */
export function describeKinds(listener: Listener): string {
  const kinds = admittedKinds(listener);
  return kinds === undefined ? 'implementation-defined kinds' : kinds.map((k) => (k.startsWith(`${GATEWAY_API_GROUP}/`) ? kindName(k) : k)).join(', ');
}
