/**
 * ReferenceGrants: whether an object in one namespace may reference an object in another, and
 * the smallest edit that would allow it.
 *
 * A ReferenceGrant lives in the *target* namespace and allows references from every object of a
 * (group, kind) in a listed namespace (`spec.from[]`) to objects of a (group, kind) in its own
 * namespace (`spec.to[]`), optionally only to one name. One grant entry on each side suffices;
 * `from` and `to` are independent lists. Groups compare with `""` and `core` as the same core
 * group.
 *
 * When a grant in the target namespace matches one side, appending the missing side to it is the
 * fix; otherwise the fix creates a grant for exactly this reference, as a new document after the
 * referrer's (`add-document`), where the author of the reference sees it.
 */
import { K } from '../../model/kinds';
import type { Resource } from '../../model/resource';
import type { ResourceIndex } from '../../model/resource-index';
import type { Fix } from '../../findings/finding';
import { isCoreGroup } from './gateway-api-refs';
import { asArray, asObject, asString, specOf } from './values';

/** The referring side: every object of this group and kind in this namespace. */
export interface GrantFrom {
  readonly group: string;
  readonly kind: string;
  readonly namespace: string;
}

/** The referenced object. */
export interface GrantTo {
  readonly group: string;
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
}

function sameGroup(a: string, b: string): boolean {
  return a === b || (isCoreGroup(a) && isCoreGroup(b));
}

function fromMatches(entry: unknown, from: GrantFrom): boolean {
  const e = asObject(entry);
  return sameGroup(typeof e['group'] === 'string' ? e['group'] : '', from.group) && e['kind'] === from.kind && e['namespace'] === from.namespace;
}

function toMatches(entry: unknown, to: GrantTo): boolean {
  const e = asObject(entry);
  const name = asString(e['name']);
  return sameGroup(typeof e['group'] === 'string' ? e['group'] : '', to.group) && e['kind'] === to.kind && (name === undefined || name === to.name);
}

/** The ReferenceGrants of a namespace. */
export function grantsIn(index: ResourceIndex, namespace: string): Resource[] {
  return index.ofKind(K.ReferenceGrant).filter((g) => g.namespace === namespace);
}

/** The grant that allows a reference, if any. Same-namespace references need none (callers skip them). */
export function grantFor(index: ResourceIndex, from: GrantFrom, to: GrantTo): Resource | undefined {
  return grantsIn(index, to.namespace).find((g) =>
    asArray(specOf(g)['from']).some((f) => fromMatches(f, from)) && asArray(specOf(g)['to']).some((t) => toMatches(t, to)));
}

/** The grant entries that would allow a reference, as YAML-ready values. */
export function grantEntries(from: GrantFrom, to: GrantTo): { from: Record<string, string>; to: Record<string, string> } {
  return {
    from: { group: from.group, kind: from.kind, namespace: from.namespace },
    to: { group: isCoreGroup(to.group) ? '' : to.group, kind: to.kind, name: to.name },
  };
}

/**
 * The grant that would allow a reference, as the flow YAML of its spec, for messages:
 * `from: [{group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: shop}], to: [{group: "", kind: Service, name: api}]`.
 */
export function describeGrant(from: GrantFrom, to: GrantTo): string {
  const e = grantEntries(from, to);
  const group = (g: string): string => (g === '' ? '""' : g);
  return `from: [{group: ${group(e.from['group']!)}, kind: ${e.from['kind']}, namespace: ${e.from['namespace']}}], `
    + `to: [{group: ${group(e.to['group']!)}, kind: ${e.to['kind']}, name: ${e.to['name']}}]`;
}

/**
 * Fixes that extend a grant already in the target namespace (written in a file): append the
 * missing `from` entry to a grant whose `to` matches, or the missing `to` entry to a grant whose
 * `from` matches. Preferred when there is exactly one.
 */
export function grantFixes(index: ResourceIndex, from: GrantFrom, to: GrantTo): Fix[] {
  const entries = grantEntries(from, to);
  const fixes: Fix[] = [];
  for (const grant of grantsIn(index, to.namespace)) {
    if (grant.origin.type !== 'file') continue;
    const spec = specOf(grant);
    const fromOk = asArray(spec['from']).some((f) => fromMatches(f, from));
    const toOk = asArray(spec['to']).some((t) => toMatches(t, to));
    if (!fromOk && toOk) {
      fixes.push({
        title: `Allow ${from.kind}s from namespace "${from.namespace}" in ReferenceGrant ${grant.namespace}/${grant.name}`,
        edits: [{ op: 'append', subject: grant.key, path: ['spec', 'from'], value: entries.from }],
      });
    } else if (fromOk && !toOk) {
      fixes.push({
        title: `Allow ${to.kind} "${to.name}" in ReferenceGrant ${grant.namespace}/${grant.name}`,
        edits: [{ op: 'append', subject: grant.key, path: ['spec', 'to'], value: entries.to }],
      });
    }
  }
  return fixes.length === 1 ? [{ ...fixes[0]!, preferred: true }] : fixes;
}

/**
 * A new ReferenceGrant in the target namespace allowing exactly this reference (every object of
 * the referrer's kind in its namespace, to the one named target), written after the referrer.
 */
export function createGrantFix(from: GrantFrom, to: GrantTo): Fix {
  const e = grantEntries(from, to);
  const name = `${from.namespace}-${from.kind}-to-${to.name}`.toLowerCase().replace(/[^a-z0-9.-]/g, '-').slice(0, 253);
  return {
    title: `Create ReferenceGrant ${to.namespace}/${name} allowing ${from.kind}s from namespace "${from.namespace}" to use ${to.kind} "${to.name}"`,
    preferred: true,
    edits: [{
      op: 'add-document',
      value: { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'ReferenceGrant', metadata: { name, namespace: to.namespace }, spec: { from: [e.from], to: [e.to] } },
    }],
  };
}
