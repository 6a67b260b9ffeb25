/**
 * The resource index over a whole workspace: every file's documents layered over a live-cluster
 * snapshot, plus Istio's mesh config and mesh networks.
 *
 *   setFile(file, documents) ─┐
 *   setCluster(objects) ──────┼─> entries by kind ─> ofKind / get / byKey / knows (ResourceIndex)
 *   setMeshConfig(config) ────┤                   └> placement(key): file + document, for ranges
 *   setMeshNetworks(file) ────┘
 *
 * Layering: a file's object overrides a cluster object with the same kind, namespace and name
 * ("what if I applied this"). Two files that define the same object both stay visible in
 * `ofKind` (a rule may want to say so); `get` answers with the first by file path.
 *
 * Every mutation returns the kinds it changed (added, removed, edited or moved objects), which is
 * what the rule runner schedules by. An edit that re-parses to the same chunks changes nothing.
 *
 * Namespace defaulting: a namespaced object without `metadata.namespace` gets the configured
 * default namespace ('default' unless told otherwise); cluster-scoped kinds get ''.
 */
import { identityOf, isRecord } from '../parse/document';
import type { PlacedDocument } from '../parse/file';
import type { ResourceIdentity } from '../parse/types';
import { K, kindOf, type Kind } from './kinds';
import { DEFAULT_MESH_CONFIG, type MeshConfig } from './mesh-config';
import type { Resource, ResourceKey } from './resource';
import type { ResourceIndex } from './resource-index';
import { CORE_SCOPES, type ScopeLookup } from './scope';

/** Where a resource's text is: what turns a rule's path into a range. */
export interface Placement {
  readonly file: string;
  readonly document: PlacedDocument;
}

/** A ResourceIndex that also knows where each resource is written. */
export interface PlacedIndex extends ResourceIndex {
  /** The file and document of a resource, or undefined for objects known only from a cluster. */
  placement(key: ResourceKey): Placement | undefined;
}

/** One object from a cluster, optionally with the YAML it was read from (snapshots, fixtures). */
export interface ClusterObject {
  readonly value: Readonly<Record<string, unknown>>;
  readonly source?: Placement;
}

export interface IndexOptions {
  readonly scopes?: ScopeLookup;
  /** The namespace of namespaced objects that do not name one. Default: 'default'. */
  readonly defaultNamespace?: string;
}

/** Where the synthetic mesh-networks resource lives, as `istioctl analyze` names it. */
export const MESH_NETWORKS_IDENTITY = { namespace: 'istio-system', name: 'meshnetworks' } as const;

interface Entry {
  readonly resource: Resource;
  readonly placement?: Placement;
}

export class WorkspaceIndex implements PlacedIndex {
  private readonly scopes: ScopeLookup;
  private readonly defaultNamespace: string;
  /** File layer: file -> its entries in document order. */
  private readonly files = new Map<string, Entry[]>();
  /** Cluster layer, by identity (kind, namespace, name). */
  private readonly cluster = new Map<string, Entry>();
  /** Kinds the cluster snapshot lists completely, even when it holds no object of them. */
  private readonly clusterKinds = new Set<Kind>();
  private meshNetworks: Entry | null = null;
  private mesh: MeshConfig = DEFAULT_MESH_CONFIG;
  private readonly keys = new Map<ResourceKey, Entry>();
  /** Merged per-kind views, rebuilt lazily after a change to that kind. */
  private readonly views = new Map<Kind, { all: Resource[]; byIdentity: Map<string, Resource> }>();
  private sortedFiles: string[] | null = null;

  constructor(options: IndexOptions = {}) {
    this.scopes = options.scopes ?? CORE_SCOPES;
    this.defaultNamespace = options.defaultNamespace ?? 'default';
  }

  // ---- ResourceIndex ----

  ofKind(kind: Kind): readonly Resource[] {
    return this.view(kind).all;
  }

  get(kind: Kind, namespace: string, name: string): Resource | undefined {
    return this.view(kind).byIdentity.get(identityKey(kind, namespace, name));
  }

  byKey(key: ResourceKey): Resource | undefined {
    return this.keys.get(key)?.resource;
  }

  knows(kind: Kind): boolean {
    return this.clusterKinds.has(kind) || this.view(kind).all.length > 0;
  }

  get meshConfig(): MeshConfig {
    return this.mesh;
  }

  placement(key: ResourceKey): Placement | undefined {
    return this.keys.get(key)?.placement;
  }

  // ---- Mutations ----

  /** Replaces a file's documents; returns the kinds that changed. */
  setFile(file: string, documents: readonly PlacedDocument[]): ReadonlySet<Kind> {
    const before = this.files.get(file) ?? [];
    // Entries by key; what is left after the walk below was replaced or removed.
    const previous = new Map(before.map((e) => [e.resource.key, e]));
    const after: Entry[] = [];
    const added: Entry[] = [];
    for (const document of documents) {
      const key = `${file}#${document.index}`;
      const prev = previous.get(key);
      // Most of a file after an edit: the very same document object (nothing about it changed),
      // or the same parse moved by the edit (same Resource, new place). Neither changes a kind, so
      // neither goes through replaceEntries; a moved one only takes its new place in the key map.
      if (prev && prev.placement?.document === document) {
        after.push(prev);
        previous.delete(key);
        continue;
      }
      if (prev && prev.resource.value === document.chunk.value) {
        const moved: Entry = { resource: prev.resource, placement: { file, document } };
        this.keys.set(key, moved);
        after.push(moved);
        previous.delete(key);
        continue;
      }
      const resource = this.resourceOf(key, document.chunk.identity, document.chunk.value, { type: 'file', file, documentIndex: document.index });
      if (!resource) continue;
      const entry: Entry = { resource, placement: { file, document } };
      after.push(entry);
      added.push(entry);
    }
    if (after.length === 0) this.files.delete(file);
    else this.files.set(file, after);
    if (!before.length !== !after.length) this.sortedFiles = null;
    return this.replaceEntries([...previous.values()], added);
  }

  removeFile(file: string): ReadonlySet<Kind> {
    return this.setFile(file, []);
  }

  /** The files that hold at least one resource, sorted. */
  fileNames(): readonly string[] {
    this.sortedFiles ??= [...this.files.keys()].sort();
    return this.sortedFiles;
  }

  /** The resources a file defines, in document order. */
  resourcesOf(file: string): readonly Resource[] {
    return (this.files.get(file) ?? []).map((e) => e.resource);
  }

  /**
   * Replaces the cluster snapshot. `listedKinds` are the kinds the snapshot lists completely, so
   * `knows` answers true for them even when none exists.
   */
  setCluster(context: string, objects: readonly ClusterObject[], listedKinds: readonly Kind[] = []): ReadonlySet<Kind> {
    const before = [...this.cluster.values()];
    const after: Entry[] = [];
    this.cluster.clear();
    for (const object of objects) {
      const value = object.value;
      const identity = identityOf(value);
      if (!identity) continue;
      const kind = kindOf(identity.apiVersion!, identity.kind!);
      const namespace = this.namespaceFor(kind, identity.namespace);
      const key = `cluster:${kind}/${namespace}/${identity.name ?? ''}`;
      const resource = this.resourceOf(key, identity, value, { type: 'cluster', context });
      if (!resource) continue;
      const entry: Entry = object.source ? { resource, placement: object.source } : { resource };
      this.cluster.set(identityKey(resource.kind, resource.namespace, resource.name), entry);
      after.push(entry);
    }
    const changed = new Set(this.replaceEntries(before, after));
    const listed = new Set(listedKinds);
    for (const kind of new Set([...this.clusterKinds, ...listed])) {
      if (this.clusterKinds.has(kind) !== listed.has(kind)) changed.add(kind);
    }
    this.clusterKinds.clear();
    for (const kind of listed) this.clusterKinds.add(kind);
    for (const kind of changed) this.views.delete(kind);
    return changed;
  }

  /** Replaces the mesh config (Istio's defaults overlaid by a file). */
  setMeshConfig(config: MeshConfig): ReadonlySet<Kind> {
    if (JSON.stringify(config) === JSON.stringify(this.mesh)) return new Set();
    this.mesh = config;
    return new Set<Kind>([K.MeshConfig]);
  }

  /** Sets (or clears, with null) the mesh networks file: one synthetic MeshNetworks resource. */
  setMeshNetworks(file: string | null, document: PlacedDocument | null): ReadonlySet<Kind> {
    const before = this.meshNetworks ? [this.meshNetworks] : [];
    let after: Entry[] = [];
    if (file !== null && document !== null) {
      const value = isRecord(document.chunk.value) ? document.chunk.value : {};
      const { namespace, name } = MESH_NETWORKS_IDENTITY;
      const resource: Resource = {
        key: `${file}#meshnetworks`, kind: K.MeshNetworks, apiVersion: 'v1alpha1', name, namespace,
        written: { apiVersion: null, kind: 'MeshNetworks', namespace, name },
        value, origin: { type: 'file', file, documentIndex: document.index },
      };
      after = [{ resource, placement: { file, document } }];
    }
    this.meshNetworks = after[0] ?? null;
    return this.replaceEntries(before, after);
  }

  // ---- Internals ----

  private resourceOf(key: ResourceKey, identity: ResourceIdentity | null, value: unknown, origin: Resource['origin']): Resource | null {
    if (!identity || !isRecord(value) || identity.apiVersion === null || identity.kind === null) return null;
    const kind = kindOf(identity.apiVersion, identity.kind);
    return {
      key, kind, apiVersion: identity.apiVersion, name: identity.name ?? '',
      namespace: this.namespaceFor(kind, identity.namespace), written: identity, value, origin,
    };
  }

  private namespaceFor(kind: Kind, written: string | null): string {
    if (this.scopes.isClusterScoped(kind)) return '';
    return written ?? this.defaultNamespace;
  }

  /**
   * Swaps entries in the key map and reports the kinds whose objects differ. Views are rebuilt for
   * every kind with a replaced entry (even an equal one), so `ofKind` and `byKey` always return
   * the same objects.
   */
  private replaceEntries(before: readonly Entry[], after: readonly Entry[]): ReadonlySet<Kind> {
    const changed = new Set<Kind>();
    const touched = new Set<Kind>();
    const old = new Map(before.map((e) => [e.resource.key, e]));
    for (const e of before) this.keys.delete(e.resource.key);
    for (const e of after) {
      this.keys.set(e.resource.key, e);
      const prev = old.get(e.resource.key);
      old.delete(e.resource.key);
      if (prev && prev.resource === e.resource) continue;
      touched.add(e.resource.kind);
      if (prev) touched.add(prev.resource.kind);
      if (!prev || !sameObject(prev.resource, e.resource)) {
        changed.add(e.resource.kind);
        if (prev) changed.add(prev.resource.kind);
      }
    }
    for (const e of old.values()) {
      changed.add(e.resource.kind);
      touched.add(e.resource.kind);
    }
    for (const kind of touched) this.views.delete(kind);
    return changed;
  }

  private view(kind: Kind): { all: Resource[]; byIdentity: Map<string, Resource> } {
    const cached = this.views.get(kind);
    if (cached) return cached;
    const all: Resource[] = [];
    const byIdentity = new Map<string, Resource>();
    for (const file of this.fileNames()) {
      for (const e of this.files.get(file)!) {
        if (e.resource.kind !== kind) continue;
        all.push(e.resource);
        const id = identityKey(kind, e.resource.namespace, e.resource.name);
        if (!byIdentity.has(id)) byIdentity.set(id, e.resource);
      }
    }
    if (this.meshNetworks?.resource.kind === kind) {
      all.push(this.meshNetworks.resource);
      byIdentity.set(identityKey(kind, this.meshNetworks.resource.namespace, this.meshNetworks.resource.name), this.meshNetworks.resource);
    }
    const fromCluster = [...this.cluster.values()].map((e) => e.resource).filter((r) => r.kind === kind)
      .sort((a, b) => a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name));
    for (const r of fromCluster) {
      const id = identityKey(kind, r.namespace, r.name);
      // A file's object shadows the cluster's object with the same identity.
      if (byIdentity.has(id)) continue;
      all.push(r);
      byIdentity.set(id, r);
    }
    const view = { all, byIdentity };
    this.views.set(kind, view);
    return view;
  }
}

function identityKey(kind: Kind, namespace: string, name: string): string {
  return `${kind}\u0000${namespace}\u0000${name}`;
}

/**
 * Same object for scheduling purposes: same identity and equal content. File values are usually
 * the very same object (chunks are cached by text); an edit that only touches comments or
 * formatting re-parses the document into an equal value, which must not re-run any rule, so
 * different objects are compared by content.
 */
function sameObject(a: Resource, b: Resource): boolean {
  if (a.kind !== b.kind || a.namespace !== b.namespace || a.name !== b.name) return false;
  return a.value === b.value || JSON.stringify(a.value) === JSON.stringify(b.value);
}
