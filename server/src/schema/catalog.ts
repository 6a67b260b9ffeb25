/**
 * The catalog of known resource kinds: `schemas/index.json`, and what an (apiVersion, kind) means.
 *
 *   <schemasDir>/index.json  --load-->  CatalogEntry[]  --index by group/kind-->  KindVersions
 *   resolve(apiVersion, kind) -> Resolution:
 *     unknown          the group/kind is not in the catalog: leave the document alone
 *     ok               a served version (its entry, schema file may be null)
 *     deprecated       served but deprecated (warning text, suggested apiVersion)
 *     removed          declared but not served any more (suggested apiVersion)
 *     unknown-version  known group/kind, but no such version (the served versions, suggestion)
 *
 * Gateway API ships the same kinds in two channels. Entries carry `channel`; resolution prefers
 * the configured channel (default "experimental": a superset, so valid experimental fields are not
 * reported as unknown) and falls back to the other channel only for kinds the configured channel
 * does not have. When several meshes ship CRDs for the same group (Linkerd bundles Gateway API
 * CRDs), entries whose `mesh` owns the group by name win (gateway-api for *.k8s.io groups).
 *
 * Schema files are read lazily (readSchema) so that start-up only parses the index. The catalog
 * never throws after construction; a missing or broken index leaves it empty with `loadError` set.
 *
 * Live schemas: `overlay` entries (CRDs discovered in a cluster, cluster/crd-schemas.ts) carry
 * their schema in memory and replace every bundled entry of their group/kind, so validation
 * follows the CRD versions the cluster really serves. Their `file` is a unique key (not a path)
 * that includes a hash of the schema, which keeps compiled-schema caches apart.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { K8sSchema } from './structural';

export type GatewayApiChannel = 'standard' | 'experimental';

/** One row of schemas/index.json: one version of one kind (in one Gateway API channel). */
export interface CatalogEntry {
  readonly group: string;
  readonly version: string;
  readonly apiVersion: string;
  readonly kind: string;
  readonly plural: string;
  readonly listKind: string;
  readonly scope: 'Namespaced' | 'Cluster';
  readonly served: boolean;
  readonly storage: boolean;
  readonly deprecated: boolean;
  readonly deprecationWarning: string | null;
  readonly removedIn: string | null;
  readonly replacement: string | null;
  readonly mesh: string;
  readonly channel: GatewayApiChannel | null;
  readonly subresources?: unknown;
  readonly printerColumns?: unknown;
  /** Path of the schema file relative to the schemas directory, or null (no schema). */
  readonly file: string | null;
}

/** A catalog entry that carries its schema (CRDs read from a cluster). */
export interface LiveCatalogEntry extends CatalogEntry {
  readonly schema: K8sSchema | null;
}

export interface CatalogIndex {
  readonly entries: readonly CatalogEntry[];
}

/** The versions of one group/kind as seen through one channel preference. */
export interface KindVersions {
  readonly group: string;
  readonly kind: string;
  readonly byVersion: ReadonlyMap<string, CatalogEntry>;
  /** Served versions, highest Kubernetes version priority first (v1, v1beta1, v1alpha3, ...). */
  readonly served: readonly string[];
  /** The version to move to: storage if served and not deprecated, else the best served one. */
  readonly preferred: string | null;
}

export type Resolution =
  | { readonly status: 'unknown' }
  | { readonly status: 'ok'; readonly entry: CatalogEntry; readonly kind: KindVersions }
  | { readonly status: 'deprecated'; readonly entry: CatalogEntry; readonly kind: KindVersions; readonly suggestedApiVersion: string | null }
  | { readonly status: 'removed'; readonly entry: CatalogEntry; readonly kind: KindVersions; readonly suggestedApiVersion: string | null }
  | { readonly status: 'unknown-version'; readonly group: string; readonly version: string; readonly kind: KindVersions; readonly suggestedApiVersion: string | null };

/** Splits an apiVersion into group and version ("v1" is the core group ""). */
export function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.lastIndexOf('/');
  return slash < 0 ? { group: '', version: apiVersion } : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

export function joinApiVersion(group: string, version: string): string {
  return group === '' ? version : `${group}/${version}`;
}

const KUBE_VERSION = /^v(\d+)(?:(alpha|beta)(\d+))?$/;

/**
 * Kubernetes version priority (as discovery sorts): GA before beta before alpha, higher numbers
 * first; versions that do not look like Kubernetes versions come last, alphabetically.
 */
export function compareKubeVersions(a: string, b: string): number {
  const ma = KUBE_VERSION.exec(a);
  const mb = KUBE_VERSION.exec(b);
  if (!ma || !mb) return ma ? -1 : mb ? 1 : a.localeCompare(b);
  const rank = (m: RegExpExecArray): number => (m[2] === undefined ? 2 : m[2] === 'beta' ? 1 : 0);
  if (rank(ma) !== rank(mb)) return rank(mb) - rank(ma);
  if (Number(ma[1]) !== Number(mb[1])) return Number(mb[1]) - Number(ma[1]);
  return Number(mb[3] ?? 0) - Number(ma[3] ?? 0);
}

function ownsGroup(mesh: string, group: string): boolean {
  if (mesh === 'gateway-api') return group.endsWith('.k8s.io') || group.endsWith('.x-k8s.io');
  return group.includes(mesh);
}

export interface CatalogOptions {
  readonly gatewayApiChannel?: GatewayApiChannel;
  /** Entries that replace the bundled ones of their group/kind (see the module comment). */
  readonly overlay?: readonly LiveCatalogEntry[];
}

export class Catalog {
  readonly dir: string;
  readonly channel: GatewayApiChannel;
  /** Why the index could not be loaded, or null. */
  readonly loadError: string | null;
  private readonly byGroupKind = new Map<string, CatalogEntry[]>();
  private readonly views = new Map<string, KindVersions | null>();
  /** resolve() results by apiVersion, then kind: the hot path does two map lookups. */
  private readonly resolutions = new Map<string, Map<string, Resolution>>();
  /** Schemas of overlay entries, by their `file` key. */
  private readonly liveSchemas = new Map<string, K8sSchema>();

  constructor(schemasDir: string, options: CatalogOptions = {}) {
    this.dir = schemasDir;
    this.channel = options.gatewayApiChannel ?? 'experimental';
    let error: string | null = null;
    try {
      const index = JSON.parse(readFileSync(path.join(schemasDir, 'index.json'), 'utf8')) as CatalogIndex;
      if (!index || !Array.isArray(index.entries)) throw new Error('index.json has no "entries" array');
      for (const e of index.entries) {
        if (!e || typeof e.kind !== 'string' || typeof e.version !== 'string') continue;
        const group = typeof e.group === 'string' ? e.group : splitApiVersion(e.apiVersion).group;
        const key = `${group}\u0000${e.kind}`;
        const list = this.byGroupKind.get(key) ?? [];
        list.push({ ...e, group });
        this.byGroupKind.set(key, list);
      }
    } catch (e) {
      error = `cannot load ${path.join(schemasDir, 'index.json')}: ${e instanceof Error ? e.message : String(e)}`;
    }
    this.loadError = error;
    const replaced = new Set<string>();
    for (const e of options.overlay ?? []) {
      const key = `${e.group}\u0000${e.kind}`;
      if (!replaced.has(key)) {
        replaced.add(key);
        this.byGroupKind.set(key, []);
      }
      const { schema, ...entry } = e;
      this.byGroupKind.get(key)!.push(entry);
      if (schema && entry.file !== null) this.liveSchemas.set(entry.file, schema);
    }
  }

  /** Number of group/kind pairs known. */
  get kindCount(): number {
    return this.byGroupKind.size;
  }

  /** All entries (for tooling such as completion of apiVersion/kind). */
  entries(): CatalogEntry[] {
    return [...this.byGroupKind.values()].flat();
  }

  /** The versions of a group/kind through the configured channel, or null if unknown. */
  kindVersions(group: string, kind: string): KindVersions | null {
    const key = `${group}\u0000${kind}`;
    const cached = this.views.get(key);
    if (cached !== undefined) return cached;
    const all = this.byGroupKind.get(key);
    let view: KindVersions | null = null;
    if (all && all.length > 0) {
      const score = (e: CatalogEntry): number =>
        (e.channel === this.channel ? 4 : e.channel === null ? 2 : 0) + (ownsGroup(e.mesh, group) ? 1 : 0);
      // For each version keep the best-scoring entry; a channel that lacks the kind entirely
      // therefore falls back to the other channel.
      const byVersion = new Map<string, CatalogEntry>();
      const hasPreferredChannel = all.some((e) => e.channel === this.channel);
      for (const e of all) {
        if (hasPreferredChannel && e.channel !== null && e.channel !== this.channel) continue;
        const prev = byVersion.get(e.version);
        if (!prev || score(e) > score(prev)) byVersion.set(e.version, e);
      }
      const served = [...byVersion.values()].filter((e) => e.served).map((e) => e.version).sort(compareKubeVersions);
      const storage = [...byVersion.values()].find((e) => e.storage && e.served && !e.deprecated);
      const preferred = storage?.version ?? served.find((v) => !byVersion.get(v)!.deprecated) ?? served[0] ?? null;
      view = { group, kind, byVersion, served, preferred };
    }
    this.views.set(key, view);
    return view;
  }

  /** What an apiVersion/kind pair means (see the module comment). Cached. */
  resolve(apiVersion: string, kind: string): Resolution {
    let byKind = this.resolutions.get(apiVersion);
    if (!byKind) {
      byKind = new Map();
      this.resolutions.set(apiVersion, byKind);
    }
    let r = byKind.get(kind);
    if (!r) {
      r = this.computeResolution(apiVersion, kind);
      byKind.set(kind, r);
    }
    return r;
  }

  private computeResolution(apiVersion: string, kind: string): Resolution {
    const { group, version } = splitApiVersion(apiVersion);
    const view = this.kindVersions(group, kind);
    if (!view) return { status: 'unknown' };
    const preferred = view.preferred === null ? null : joinApiVersion(group, view.preferred);
    const entry = view.byVersion.get(version);
    if (!entry) return { status: 'unknown-version', group, version, kind: view, suggestedApiVersion: preferred };
    const replacement = entry.replacement
      ? entry.replacement.includes('/')
        ? entry.replacement
        : joinApiVersion(group, entry.replacement)
      : preferred;
    const suggested = replacement === apiVersion ? null : replacement;
    if (!entry.served) return { status: 'removed', entry, kind: view, suggestedApiVersion: suggested };
    if (entry.deprecated) return { status: 'deprecated', entry, kind: view, suggestedApiVersion: suggested };
    return { status: 'ok', entry, kind: view };
  }

  /** Reads an entry's schema file (the verbatim openAPIV3Schema); throws on I/O or JSON errors. */
  readSchema(entry: CatalogEntry): K8sSchema {
    if (entry.file === null) throw new Error(`${entry.apiVersion} ${entry.kind} has no schema file`);
    const live = this.liveSchemas.get(entry.file);
    if (live) return live;
    const json = JSON.parse(readFileSync(path.join(this.dir, entry.file), 'utf8')) as Record<string, unknown>;
    // Tolerate a wrapped `{ openAPIV3Schema: ... }` as well as the bare schema.
    const inner = json && typeof json === 'object' ? json.openAPIV3Schema : undefined;
    return (inner && typeof inner === 'object' ? inner : json) as K8sSchema;
  }
}
