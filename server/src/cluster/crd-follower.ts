/**
 * The cluster's CRD schemas, followed for the validator: the disk cache first, then a reflector
 * on CustomResourceDefinitions whose store keeps only summaries of the groups we check.
 *
 *   load()                 cached entries from the last run (crd-cache.ts), before any request
 *   discovered(ref|null)   start following (or: this cluster serves no CRDs)
 *   overlay()              live entries once listed, else the cached ones, else []
 *   persist()              write the live entries back when they differ from the disk
 *   onKinds(appeared, gone)  a CRD for a group/kind came or went (the cache rediscovers it)
 *
 * Schemas are API metadata; nothing here ever sees object data, let alone a Secret.
 */
import type { Kind } from '../model/kinds';
import type { LiveCatalogEntry } from '../schema/catalog';
import { crdCacheFile, readCrdCache, writeCrdCache } from './crd-cache';
import { overlayFingerprint, overlayOf, summariseCrd, type CrdSummary } from './crd-schemas';
import type { ResourceRef } from './discovery';
import type { ClusterError } from './problems';
import { objectKey, type KubeObject } from './project';
import type { Reflector } from './reflector';
import { KindStore, type CacheEvent } from './store';

export const CRD_KIND: Kind = 'apiextensions.k8s.io/CustomResourceDefinition';

export interface CrdFollowerOptions {
  readonly context: string;
  readonly server: string;
  /** API groups whose CRDs replace bundled schemas. */
  readonly groups: ReadonlySet<string>;
  readonly cacheDir: string | null;
  readonly log?: (line: string) => void;
  readonly reflector: (ref: ResourceRef, project: (o: KubeObject) => KubeObject, apply: (event: CacheEvent) => void) => Reflector;
  readonly onSchemas: () => void;
  readonly onKinds: (appeared: readonly Kind[], gone: readonly Kind[]) => void;
}

export class CrdFollower {
  /** undefined: not discovered yet; null: the cluster serves no CRDs. */
  ref: ResourceRef | null | undefined = undefined;
  /** Why discovery of CRDs failed, while it does. */
  discoveryProblem: ClusterError | null = null;
  reflector: Reflector | null = null;
  private readonly store = new KindStore();
  private cached: { entries: LiveCatalogEntry[]; savedAt: string } | null = null;
  private computed: { version: number; entries: LiveCatalogEntry[]; fingerprint: string } | null = null;
  private written: string | null = null;

  constructor(private readonly options: CrdFollowerOptions) {}

  /** Reads the disk cache; true when it held schemas. */
  load(): boolean {
    const file = this.file();
    const cached = file ? readCrdCache(file) : null;
    if (!cached) return false;
    this.cached = cached;
    this.written = cached.fingerprint;
    this.options.log?.(`cluster: using ${cached.entries.length} cached CRD schema versions from ${cached.savedAt}`);
    return true;
  }

  discovered(ref: ResourceRef | null): void {
    this.discoveryProblem = null;
    this.ref = ref;
    if (!ref) return;
    const keep = (group: string): boolean => this.options.groups.has(group);
    this.reflector = this.options.reflector(ref, (o) => summariseCrd(o, keep), (event) => {
      const gone = event.type === 'delete' ? (this.store.objects.get(objectKey(event.object)) as CrdSummary | undefined) : undefined;
      if (!this.store.apply(event)) return;
      this.options.onSchemas();
      const kinds = (objects: readonly KubeObject[]): Kind[] => objects.flatMap((o) => ((o as CrdSummary).entries ?? []).map((e): Kind => `${e.group}/${e.kind}`));
      this.options.onKinds(kinds(event.type === 'replace' ? event.objects : event.type === 'upsert' ? [event.object] : []), gone ? kinds([gone]) : []);
    });
    this.reflector.start();
  }

  get listed(): boolean {
    return this.reflector?.current.listed === true;
  }

  /** The schemas to validate with (see the module comment). */
  overlay(): readonly LiveCatalogEntry[] {
    if (!this.listed) return this.cached?.entries ?? [];
    if (this.computed?.version !== this.store.version) {
      const entries = overlayOf(this.store.objects.values());
      this.computed = { version: this.store.version, entries, fingerprint: overlayFingerprint(entries) };
    }
    return this.computed.entries;
  }

  fingerprint(): string {
    const entries = this.overlay();
    return this.computed?.entries === entries ? this.computed.fingerprint : overlayFingerprint(entries);
  }

  /** Whether the first list is still to come (and nothing stands in its way). */
  get pending(): boolean {
    return this.ref !== null && !this.listed && this.problem() === null;
  }

  /** The current failure to read CRDs, or null. */
  problem(): ClusterError | null {
    if (this.reflector?.current.phase === 'retrying') return this.reflector.current.problem ?? null;
    return this.ref === undefined ? this.discoveryProblem : null;
  }

  /** The schema problem for the status, with what is used instead. */
  problemText(): string | undefined {
    const problem = this.problem();
    if (!problem) return undefined;
    const fallback = this.cached ? `using the CRD schemas cached on ${this.cached.savedAt.slice(0, 10)}` : 'using the bundled schemas';
    return `${problem.message}; ${fallback}`;
  }

  /** Writes the live schemas to the disk cache when they differ from what it holds. */
  persist(): void {
    const file = this.file();
    if (!file || !this.listed) return;
    const fingerprint = this.fingerprint();
    if (fingerprint === this.written) return;
    if (writeCrdCache(file, this.options.context, this.options.server, this.overlay())) {
      this.written = fingerprint;
      this.options.log?.(`cluster: saved ${this.overlay().length} CRD schema versions for the next start`);
    }
  }

  private file(): string | null {
    return this.options.cacheDir ? crdCacheFile(this.options.cacheDir, this.options.context, this.options.server) : null;
  }
}
