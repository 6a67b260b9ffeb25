/**
 * Which kinds are cluster-scoped. Namespace defaulting needs it: a namespaced object without
 * `metadata.namespace` lands in the default namespace, a cluster-scoped one has namespace ''.
 *
 * The answer comes from the bundled catalog (schemas/index.json records each CRD's `scope`), plus
 * a small table for built-in Kubernetes kinds the catalog does not carry. Unknown kinds are
 * treated as namespaced, which is what almost every custom resource is.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Catalog, type CatalogEntry } from '../schema/catalog';
import { kindOf, type Kind } from './kinds';

/** Built-in cluster-scoped kinds, by group-qualified kind. */
const CORE_CLUSTER_SCOPED: readonly Kind[] = [
  'core/Namespace', 'core/Node', 'core/PersistentVolume', 'core/ComponentStatus',
  'rbac.authorization.k8s.io/ClusterRole', 'rbac.authorization.k8s.io/ClusterRoleBinding',
  'storage.k8s.io/StorageClass', 'storage.k8s.io/CSIDriver', 'storage.k8s.io/CSINode', 'storage.k8s.io/VolumeAttachment',
  'apiextensions.k8s.io/CustomResourceDefinition', 'apiregistration.k8s.io/APIService',
  'admissionregistration.k8s.io/MutatingWebhookConfiguration', 'admissionregistration.k8s.io/ValidatingWebhookConfiguration',
  'admissionregistration.k8s.io/ValidatingAdmissionPolicy', 'admissionregistration.k8s.io/ValidatingAdmissionPolicyBinding',
  'scheduling.k8s.io/PriorityClass', 'node.k8s.io/RuntimeClass', 'networking.k8s.io/IngressClass',
  'certificates.k8s.io/CertificateSigningRequest', 'flowcontrol.apiserver.k8s.io/FlowSchema',
  'flowcontrol.apiserver.k8s.io/PriorityLevelConfiguration',
];

/** Answers "is this kind cluster-scoped?". */
export interface ScopeLookup {
  isClusterScoped(kind: Kind): boolean;
}

/** A lookup from catalog entries plus the built-in table. */
export function scopeLookupFrom(entries: readonly Pick<CatalogEntry, 'apiVersion' | 'kind' | 'scope'>[]): ScopeLookup {
  const cluster = new Set<Kind>(CORE_CLUSTER_SCOPED);
  for (const e of entries) if (e.scope === 'Cluster') cluster.add(kindOf(e.apiVersion, e.kind));
  return { isClusterScoped: (kind) => cluster.has(kind) };
}

/** A lookup from the built-in table only (for callers with no schemas at hand). */
export const CORE_SCOPES: ScopeLookup = scopeLookupFrom([]);

const cached = new Map<string, ScopeLookup>();

/** The lookup for a schemas directory (read once per directory); built-ins only if it is absent. */
export function scopesFromSchemas(schemasDir: string): ScopeLookup {
  let lookup = cached.get(schemasDir);
  if (!lookup) {
    lookup = existsSync(path.join(schemasDir, 'index.json')) ? scopeLookupFrom(new Catalog(schemasDir).entries()) : CORE_SCOPES;
    cached.set(schemasDir, lookup);
  }
  return lookup;
}
