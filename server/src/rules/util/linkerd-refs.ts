/**
 * Linkerd policy references: which kind a `targetRef`, `requiredAuthenticationRefs[]`,
 * `identityRefs[]` or route parentRef names, and which objects exist without being written
 * anywhere (every namespace has a `default` ServiceAccount; Kubernetes creates its own
 * namespaces).
 *
 * Linkerd writes the core group as `""` (or leaves it out); `core` is accepted as a synonym.
 * Policy references are local: a `targetRef` names an object in the policy's own namespace.
 */
import { K, type Kind } from '../../model/kinds';
import { formatLabels } from './selectors';
import { asArray, asObject, asString, stringMap, type Json } from './values';

export const LINKERD_POLICY_GROUP = 'policy.linkerd.io';

/** Linkerd's ExternalWorkload: a workload outside the cluster that a Server may select. */
export const EXTERNAL_WORKLOAD: Kind = 'workload.linkerd.io/ExternalWorkload';

/** Namespaces Kubernetes creates itself. */
export const BUILTIN_NAMESPACES: ReadonlySet<string> = new Set(['default', 'kube-system', 'kube-public', 'kube-node-lease']);

/** The ServiceAccount every namespace has. */
export const DEFAULT_SERVICE_ACCOUNT = 'default';

function isCore(group: string): boolean {
  return group === '' || group === 'core';
}

/** A reference as Linkerd writes it: group (default core), kind, name, namespace (optional). */
export interface LinkerdRef {
  readonly group: string;
  readonly kind: string;
  readonly name?: string;
  readonly namespace?: string;
}

export function linkerdRef(value: unknown): LinkerdRef | undefined {
  const v = asObject(value);
  const kind = asString(v['kind']);
  if (kind === undefined) return undefined;
  const name = asString(v['name']);
  const namespace = asString(v['namespace']);
  return { group: asString(v['group']) ?? '', kind, ...(name !== undefined ? { name } : {}), ...(namespace !== undefined ? { namespace } : {}) };
}

/**
 * The index kind an AuthorizationPolicy `targetRef` names: a Linkerd Server or HTTPRoute, a
 * Gateway API HTTPRoute or GRPCRoute, or a Namespace. Other kinds are not checked (undefined).
 */
export function policyTargetKind(ref: LinkerdRef): Kind | undefined {
  if (ref.group === LINKERD_POLICY_GROUP && ref.kind === 'Server') return K.LinkerdServer;
  if (ref.group === LINKERD_POLICY_GROUP && ref.kind === 'HTTPRoute') return K.LinkerdHTTPRoute;
  if (ref.group === 'gateway.networking.k8s.io' && ref.kind === 'HTTPRoute') return K.HTTPRoute;
  if (ref.group === 'gateway.networking.k8s.io' && ref.kind === 'GRPCRoute') return K.GRPCRoute;
  if (isCore(ref.group) && ref.kind === 'Namespace') return K.Namespace;
  return undefined;
}

/** The index kind an authentication reference names (MeshTLS/Network authentications, ServiceAccounts, Namespaces). */
export function authenticationKind(ref: LinkerdRef): Kind | undefined {
  if (ref.group === LINKERD_POLICY_GROUP && ref.kind === 'MeshTLSAuthentication') return K.MeshTLSAuthentication;
  if (ref.group === LINKERD_POLICY_GROUP && ref.kind === 'NetworkAuthentication') return K.NetworkAuthentication;
  if (isCore(ref.group) && ref.kind === 'ServiceAccount') return K.ServiceAccount;
  if (isCore(ref.group) && ref.kind === 'Namespace') return K.Namespace;
  return undefined;
}

/** Whether an object exists without being written: a builtin namespace or a `default` ServiceAccount. */
export function existsImplicitly(kind: Kind, name: string): boolean {
  if (kind === K.Namespace) return BUILTIN_NAMESPACES.has(name);
  if (kind === K.ServiceAccount) return name === DEFAULT_SERVICE_ACCOUNT;
  return false;
}

/** A LabelSelector rendered for messages: `app=web,tier in (a, b)`; `{}` when empty. */
export function describeLabelSelector(selector: Json): string {
  const parts: string[] = [];
  const labels = formatLabels(stringMap(selector['matchLabels']));
  if (labels !== '') parts.push(labels);
  for (const raw of asArray(selector['matchExpressions'])) {
    const e = asObject(raw);
    const key = asString(e['key']) ?? '?';
    const op = asString(e['operator']) ?? '?';
    const values = asArray(e['values']).filter((v): v is string => typeof v === 'string');
    parts.push(op === 'Exists' ? key : op === 'DoesNotExist' ? `!${key}` : `${key} ${op === 'In' ? 'in' : op === 'NotIn' ? 'notin' : op} (${values.join(', ')})`);
  }
  return parts.length === 0 ? '{}' : parts.join(',');
}
