/**
 * The read-only view of every known resource that rules query. Files and the live cluster feed
 * it; a file's object overrides a live object with the same identity ("what if applied").
 *
 * `knows(kind)` lets checks that need cluster-only objects (Pods, Namespaces, Secrets) stay
 * silent when no such object is known at all, rather than guess: an editor without a cluster
 * must not report "selector matches no pods".
 */
import type { Kind } from './kinds';
import type { MeshConfig } from './mesh-config';
import type { Resource, ResourceKey } from './resource';

export interface ResourceIndex {
  /** Every resource of a kind, in a stable order. */
  ofKind(kind: Kind): readonly Resource[];
  /** One resource by kind, namespace ('' for cluster-scoped) and name. */
  get(kind: Kind, namespace: string, name: string): Resource | undefined;
  byKey(key: ResourceKey): Resource | undefined;
  /** Whether objects of this kind are known from any source (files or the cluster). */
  knows(kind: Kind): boolean;
  readonly meshConfig: MeshConfig;
}
