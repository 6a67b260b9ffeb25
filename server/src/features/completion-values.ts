/**
 * Values completion offers from what the index holds (workspace files and live cluster objects
 * alike): hosts, subsets, gateways, ports, Gateway API references, label keys and values of
 * workloads, ServiceAccount principals, namespaces.
 *
 *   (kind, path of the value, the document's other values) ─> which source ─> candidates
 *
 * Which source applies is decided by the value's path with list indices written `[]`
 * (`spec.http[].route[].destination.subset`), so one table (referenceValues) says where every
 * reference lives. The sources are: completion-mesh-values.ts (hosts, subsets, ports, gateways,
 * namespaces, secrets, principals), completion-gateway-api-values.ts (parentRefs, backendRefs)
 * and completion-label-values.ts (label selectors, which completion.ts asks for directly).
 * Sibling values of the document being typed (the destination's `host` for its `subset`) are read
 * from its lines, which works while the rest of the document does not parse.
 */
import { K, type Kind } from '../model/kinds';
import type { ResourceIndex } from '../model/resource-index';
import type { Path } from '../parse/types';
import { ROUTE_KINDS } from '../rules/util/gateway-api-refs';
import { backendRefCandidates, parentRefCandidates } from './completion-gateway-api-values';
import {
  exportToCandidates, gatewayCandidates, hostCandidates, namespaceCandidates, portCandidates, principalCandidates, secretCandidates,
  subsetCandidates,
} from './completion-mesh-values';

/** One value to offer. */
export interface ValueCandidate {
  readonly value: string | number;
  /** A short line shown beside the value: what it refers to. */
  readonly detail: string;
  readonly documentation?: string;
}

/** What a source needs to know about the value being written. */
export interface ValueQuery {
  readonly index: ResourceIndex;
  /** The kind of the document (`group/Kind`). */
  readonly kind: Kind;
  /** The namespace the document's object lives in. */
  readonly namespace: string;
  /** Path of the value being written. */
  readonly path: Path;
  /** A scalar the document writes at another path (read from its lines). */
  readonly read: (path: Path) => string | undefined;
}

/** The path with list indices as `[]`: `spec.http[].route[].destination.host`. */
export function pathPattern(path: Path): string {
  let out = '';
  for (const s of path) out += typeof s === 'number' ? '[]' : out === '' ? s : `.${s}`;
  return out;
}

const DESTINATION = /^spec\.(http|tcp|tls)\[\]\.route\[\]\.destination$|^spec\.http\[\]\.mirror$|^spec\.http\[\]\.mirrors\[\]\.destination$/;
const GATEWAYS = /^spec\.gateways\[\]$|^spec\.(http|tcp|tls)\[\]\.match\[\]\.gateways\[\]$/;
const PRINCIPALS = /^spec\.rules\[\]\.from\[\]\.source\.(principals|notPrincipals)\[\]$/;
const SOURCE_NAMESPACES = /^spec\.rules\[\]\.from\[\]\.source\.(namespaces|notNamespaces)\[\]$/;
const BACKEND_REF = /^spec\.rules\[\]\.(backendRefs\[\]|filters\[\]\.requestMirror\.backendRef|backendRefs\[\]\.filters\[\]\.requestMirror\.backendRef)$/;

/** Reference values for the value at `q.path`; empty when the path is not a reference. */
export function referenceValues(q: ValueQuery): ValueCandidate[] {
  const pattern = pathPattern(q.path);
  const parent = q.path.slice(0, -1);
  const parentPattern = pathPattern(parent);
  const last = q.path[q.path.length - 1];
  if (q.kind === K.VirtualService) {
    if (pattern === 'spec.hosts[]') return hostCandidates(q.index, q.namespace);
    if (DESTINATION.test(parentPattern)) {
      if (last === 'host') return hostCandidates(q.index, q.namespace);
      if (last === 'subset') return subsetCandidates(q.index, q.read([...parent, 'host']), q.namespace);
    }
    if (last === 'number' && DESTINATION.test(pathPattern(q.path.slice(0, -2))) && q.path[q.path.length - 2] === 'port') {
      return portCandidates(q.index, q.read([...q.path.slice(0, -2), 'host']), q.namespace);
    }
    if (GATEWAYS.test(pattern)) return gatewayCandidates(q.index, q.namespace);
    if (pattern === 'spec.exportTo[]') return exportToCandidates(q.index);
  }
  if (q.kind === K.DestinationRule) {
    if (pattern === 'spec.host') return hostCandidates(q.index, q.namespace);
    if (pattern === 'spec.exportTo[]') return exportToCandidates(q.index);
  }
  if (q.kind === K.ServiceEntry && pattern === 'spec.exportTo[]') return exportToCandidates(q.index);
  if (q.kind === K.IstioGateway && /^spec\.servers\[\]\.tls\.credentialName$/.test(pattern)) return secretCandidates(q.index, q.namespace);
  if (q.kind === K.IstioAuthorizationPolicy) {
    if (PRINCIPALS.test(pattern)) return principalCandidates(q.index);
    if (SOURCE_NAMESPACES.test(pattern)) return namespaceCandidates(q.index);
  }
  if (ROUTE_KINDS.includes(q.kind)) {
    if (/^spec\.parentRefs\[\]$/.test(parentPattern)) return parentRefCandidates(q, parent, String(last));
    if (BACKEND_REF.test(parentPattern)) return backendRefCandidates(q, parent, String(last));
  }
  if (q.kind === K.ReferenceGrant && /^spec\.from\[\]\.namespace$/.test(pattern)) return namespaceCandidates(q.index);
  return [];
}
