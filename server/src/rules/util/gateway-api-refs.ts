/**
 * Gateway API references as routes and Gateways write them: parentRefs, backendRefs (including
 * request mirrors) and certificate references, with the API's defaults applied and the path of
 * each entry so findings land on it.
 *
 * Defaults differ by field, which is a common source of mistakes: a parentRef defaults to
 * group `gateway.networking.k8s.io` and kind `Gateway` (so `kind: Service` alone names no real
 * API — the core group must be written as `group: ""`), while a backendRef and a certificateRef
 * default to the core group and kind `Service` or `Secret`. Every namespace defaults to the
 * referrer's. These hold for every channel and apiVersion (v1, v1beta1, v1alpha2), since the
 * index names kinds by group only.
 */
import { K, type Kind } from '../../model/kinds';
import type { Resource } from '../../model/resource';
import type { Path } from '../../parse/types';
import { asArray, asNumber, asObject, asString, specOf } from './values';

export const GATEWAY_API_GROUP = 'gateway.networking.k8s.io';
/** The experimental group of the `X`-prefixed resources (XListenerSet before ListenerSet). */
export const GATEWAY_API_X_GROUP = 'gateway.networking.x-k8s.io';

/** ListenerSet: listeners attached to a Gateway from another resource (standard since v1.5). */
export const LISTENER_SET: Kind = `${GATEWAY_API_GROUP}/ListenerSet`;
/** The experimental-channel predecessor of ListenerSet. */
export const X_LISTENER_SET: Kind = `${GATEWAY_API_X_GROUP}/XListenerSet`;

/** Every Gateway API route kind. */
export const ROUTE_KINDS: readonly Kind[] = [K.HTTPRoute, K.GRPCRoute, K.TCPRoute, K.TLSRoute, K.UDPRoute];

/** Route kinds that have `spec.hostnames`. */
export const HOSTNAME_ROUTE_KINDS: readonly Kind[] = [K.HTTPRoute, K.GRPCRoute, K.TLSRoute];

/** The plain kind name of a kind key (`gateway.networking.k8s.io/HTTPRoute` -> `HTTPRoute`). */
export function kindName(kind: Kind): string {
  return kind.slice(kind.indexOf('/') + 1);
}

/** Whether a written group names the core API group (`""`; `core` is accepted as a synonym). */
export function isCoreGroup(group: string): boolean {
  return group === '' || group === 'core';
}

/** What a parentRef points at. */
export type ParentType = 'gateway' | 'listenerset' | 'service' | 'other';

/** One `spec.parentRefs[]` entry with the API's defaults applied. */
export interface ParentRef {
  readonly group: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace: string;
  readonly sectionName?: string;
  readonly port?: number;
  /** Whether the entry writes `group` (a written `""` counts). */
  readonly groupWritten: boolean;
  readonly type: ParentType;
  /** Path to the entry, e.g. ['spec', 'parentRefs', 0]. */
  readonly path: Path;
}

/** The type of a parent by its (defaulted) group and kind. */
export function parentTypeOf(group: string, kind: string): ParentType {
  if (group === GATEWAY_API_GROUP && kind === 'Gateway') return 'gateway';
  if ((group === GATEWAY_API_GROUP && kind === 'ListenerSet') || (group === GATEWAY_API_X_GROUP && kind === 'XListenerSet')) return 'listenerset';
  if (kind === 'Service' && isCoreGroup(group)) return 'service';
  return 'other';
}

/** Every parentRef of a route (entries without a name are skipped: the schema reports them). */
export function parentRefsOf(route: Resource): ParentRef[] {
  const out: ParentRef[] = [];
  asArray(specOf(route)['parentRefs']).forEach((raw, i) => {
    const ref = asObject(raw);
    const name = asString(ref['name']);
    if (name === undefined) return;
    const groupWritten = typeof ref['group'] === 'string';
    const group = groupWritten ? (ref['group'] as string) : GATEWAY_API_GROUP;
    const kind = asString(ref['kind']) ?? 'Gateway';
    const sectionName = asString(ref['sectionName']);
    const port = asNumber(ref['port']);
    out.push({
      group, kind, name, namespace: asString(ref['namespace']) ?? route.namespace, groupWritten,
      type: parentTypeOf(group, kind), path: ['spec', 'parentRefs', i],
      ...(sectionName !== undefined ? { sectionName } : {}), ...(port !== undefined ? { port } : {}),
    });
  });
  return out;
}

/** Where a backend reference sits: a rule's backendRefs, or a requestMirror filter. */
export type BackendRole = 'backend' | 'mirror';

/** One backend reference with the API's defaults applied (core group, kind Service). */
export interface BackendRef {
  readonly group: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace: string;
  readonly port?: number;
  readonly role: BackendRole;
  /** Path to the reference mapping. */
  readonly path: Path;
}

/**
 * Every backend reference of a route, in document order: `rules[].backendRefs[]`, the
 * `requestMirror.backendRef` of rule filters and of backendRef filters (HTTPRoute, GRPCRoute).
 */
export function backendRefsOf(route: Resource): BackendRef[] {
  const out: BackendRef[] = [];
  const add = (raw: unknown, role: BackendRole, path: Path): void => {
    const ref = asObject(raw);
    const name = asString(ref['name']);
    if (name === undefined) return;
    const port = asNumber(ref['port']);
    out.push({
      group: typeof ref['group'] === 'string' ? ref['group'] : '', kind: asString(ref['kind']) ?? 'Service', name,
      namespace: asString(ref['namespace']) ?? route.namespace, role, path, ...(port !== undefined ? { port } : {}),
    });
  };
  const mirrors = (filters: unknown, base: Path): void => {
    asArray(filters).forEach((rawFilter, k) => {
      const mirror = asObject(asObject(rawFilter)['requestMirror']);
      if (Object.keys(mirror).length > 0) add(mirror['backendRef'], 'mirror', [...base, k, 'requestMirror', 'backendRef']);
    });
  };
  asArray(specOf(route)['rules']).forEach((rawRule, i) => {
    const rule = asObject(rawRule);
    asArray(rule['backendRefs']).forEach((rawRef, j) => {
      add(rawRef, 'backend', ['spec', 'rules', i, 'backendRefs', j]);
      mirrors(asObject(rawRef)['filters'], ['spec', 'rules', i, 'backendRefs', j, 'filters']);
    });
    mirrors(rule['filters'], ['spec', 'rules', i, 'filters']);
  });
  return out;
}

/** Whether a backend reference names a Kubernetes Service. */
export function isServiceBackend(ref: Pick<BackendRef, 'group' | 'kind'>): boolean {
  return ref.kind === 'Service' && isCoreGroup(ref.group);
}

/** A reference from a Gateway or ListenerSet to an object holding certificates. */
export interface CertificateRef {
  readonly group: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace: string;
  readonly path: Path;
}

/**
 * The certificate references of a Gateway or ListenerSet: listener `tls.certificateRefs` (and
 * the older `tls.frontendValidation.caCertificateRefs`), and on Gateways `spec.tls.backend
 * .clientCertificateRef` and the frontend validation `caCertificateRefs` (default and per port).
 * SecretObjectReferences default to a core Secret; ObjectReferences (CA bundles) name their kind.
 */
export function certificateRefsOf(owner: Resource): CertificateRef[] {
  const out: CertificateRef[] = [];
  const add = (raw: unknown, path: Path, defaultKind: string | undefined): void => {
    const ref = asObject(raw);
    const name = asString(ref['name']);
    const kind = asString(ref['kind']) ?? defaultKind;
    if (name === undefined || kind === undefined) return;
    out.push({ group: typeof ref['group'] === 'string' ? ref['group'] : '', kind, name, namespace: asString(ref['namespace']) ?? owner.namespace, path });
  };
  const spec = specOf(owner);
  asArray(spec['listeners']).forEach((rawListener, i) => {
    const tls = asObject(asObject(rawListener)['tls']);
    asArray(tls['certificateRefs']).forEach((r, j) => add(r, ['spec', 'listeners', i, 'tls', 'certificateRefs', j], 'Secret'));
    asArray(asObject(tls['frontendValidation'])['caCertificateRefs']).forEach((r, j) =>
      add(r, ['spec', 'listeners', i, 'tls', 'frontendValidation', 'caCertificateRefs', j], undefined));
  });
  const tls = asObject(spec['tls']);
  const client = asObject(tls['backend'])['clientCertificateRef'];
  if (client !== undefined) add(client, ['spec', 'tls', 'backend', 'clientCertificateRef'], 'Secret');
  const frontend = asObject(tls['frontend']);
  asArray(asObject(asObject(frontend['default'])['validation'])['caCertificateRefs']).forEach((r, j) =>
    add(r, ['spec', 'tls', 'frontend', 'default', 'validation', 'caCertificateRefs', j], undefined));
  asArray(frontend['perPort']).forEach((rawPort, p) => {
    asArray(asObject(asObject(asObject(rawPort)['tls'])['validation'])['caCertificateRefs']).forEach((r, j) =>
      add(r, ['spec', 'tls', 'frontend', 'perPort', p, 'tls', 'validation', 'caCertificateRefs', j], undefined));
  });
  return out;
}

/** `namespace/name`, the way messages name namespaced objects. */
export function qualified(namespace: string, name: string): string {
  return `${namespace}/${name}`;
}
