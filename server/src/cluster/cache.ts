/**
 * The watch-driven cache of one cluster context: discovery, one reflector per kind and scope, the
 * stores they fill, the CRD schemas, and the health of it all.
 *
 *   start()
 *     ├─ CRD schemas from the disk cache (crd-cache.ts), so validation is right before any request
 *     ├─ discovery (discovery.ts) of the watched kinds, retried with backoff until it answers
 *     │    served kind     -> Reflector per namespace in scope (one for all namespaces, or for
 *     │                       cluster-scoped kinds) -> KindStore
 *     │    not served      -> an empty kind the cluster lists completely (rules may rely on it)
 *     └─ CRDs (when schema groups are given): a reflector whose store keeps CRD summaries
 *          -> overlay() for the schema validator, written back to the disk cache; a CRD that
 *             appears or disappears for a watched kind re-runs discovery for that kind
 *
 *   snapshot()  every cached object + the kinds listed completely, for Workspace.setCluster
 *   status()    health.ts's summary
 *   onChange    called (debounced) when objects, schemas or status changed
 *
 * Objects are projected on arrival (project.ts): Secrets are reduced to derived facts before they
 * reach a store, so nothing downstream (snapshot, status, logs, the disk) can hold their data.
 */
import type { Kind } from '../model/kinds';
import type { ClusterObject } from '../model/workspace-index';
import type { LiveCatalogEntry } from '../schema/catalog';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffPolicy } from './backoff';
import { crdCacheFile, readCrdCache, writeCrdCache } from './crd-cache';
import { overlayFingerprint, overlayOf, summariseCrd, type CrdSummary } from './crd-schemas';
import { discover, type ResourceRef } from './discovery';
import { summarise, type ClusterStatus, type KindHealth } from './health';
import { ClusterError, isAccessProblem, type ClusterProblem } from './problems';
import { objectKey, projectObject, type KubeObject } from './project';
import { Reflector, type ReflectorState } from './reflector';
import type { NamespaceScope } from './settings';
import { KindStore, type CacheEvent } from './store';
import type { Transport } from './transport';

export const CRD_KIND: Kind = 'apiextensions.k8s.io/CustomResourceDefinition';

export interface ClusterCacheOptions {
  readonly context: string;
  readonly transport: Transport;
  readonly kinds: readonly Kind[];
  readonly namespaces: NamespaceScope;
  /** Follow CRDs of these API groups for schemas; null/absent: do not read CRDs. */
  readonly schemaGroups?: ReadonlySet<string> | null;
  /** Where the CRD schema cache lives; null/absent: no disk cache. */
  readonly cacheDir?: string | null;
  /** Keep watching (default true); false lists once (the CLI). */
  readonly watch?: boolean;
  readonly policy?: BackoffPolicy;
  readonly random?: () => number;
  /** Server-side watch timeout in seconds (tests shorten it). */
  readonly watchTimeoutSeconds?: () => number;
  readonly pageSize?: number;
  /** Coalesce change notifications over this many ms (default 25). */
  readonly debounceMs?: number;
  readonly log?: (line: string) => void;
  readonly onChange?: (change: CacheChange) => void;
}

export interface CacheChange {
  readonly objects: boolean;
  readonly schemas: boolean;
  readonly status: boolean;
}

export interface ClusterSnapshot {
  readonly context: string;
  readonly objects: readonly ClusterObject[];
  /** Kinds the snapshot holds completely (listed, or not served by the cluster). */
  readonly listedKinds: readonly Kind[];
}

interface KindEntry {
  /** undefined: not discovered yet; null: not served. */
  ref: ResourceRef | null | undefined;
  readonly store: KindStore;
  reflectors: Reflector[];
  discoveryProblem: ClusterError | null;
}

export class ClusterCache {
  private readonly kinds = new Map<Kind, KindEntry>();
  private readonly crdStore = new KindStore();
  private crdReflector: Reflector | null = null;
  private crdRef: ResourceRef | null | undefined = undefined;
  private crdProblem: ClusterError | null = null;
  private cachedOverlay: { entries: LiveCatalogEntry[]; savedAt: string } | null = null;
  private overlayCache: { version: number; entries: LiveCatalogEntry[]; fingerprint: string } | null = null;
  private writtenFingerprint: string | null = null;
  private snapshotCache: { key: string; snapshot: ClusterSnapshot } | null = null;
  private lastProblem: { text: string; at: number } | undefined;
  private readonly abort = new AbortController();
  private discovering: Promise<void> | null = null;
  private wakeDiscovery: (() => void) | null = null;
  private pendingChange: { objects: boolean; schemas: boolean; status: boolean } | null = null;
  private timer: NodeJS.Timeout | null = null;
  private readonly settledWaiters = new Set<() => void>();
  private started = false;

  constructor(private readonly options: ClusterCacheOptions) {
    for (const kind of new Set(options.kinds)) {
      this.kinds.set(kind, { ref: undefined, store: new KindStore(), reflectors: [], discoveryProblem: null });
    }
  }

  get context(): string {
    return this.options.context;
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    if (this.options.schemaGroups && this.options.cacheDir) {
      const cached = readCrdCache(this.cacheFile()!);
      if (cached) {
        this.cachedOverlay = cached;
        this.writtenFingerprint = cached.fingerprint;
        this.options.log?.(`cluster: using ${cached.entries.length} cached CRD schema versions from ${cached.savedAt}`);
        this.changed({ schemas: true });
      }
    }
    this.discovering = this.discoverLoop();
  }

  async stop(): Promise<void> {
    this.abort.abort();
    this.wakeDiscovery?.();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.discovering;
    await Promise.all([...this.allReflectors()].map((r) => r.stop()));
    for (const w of this.settledWaiters) w();
  }

  /** Every cached object and the kinds listed completely. Cached until something changes. */
  snapshot(): ClusterSnapshot {
    const listedKinds: Kind[] = [];
    let key = '';
    for (const [kind, entry] of this.kinds) {
      const listed = entry.ref === null || (entry.ref !== undefined && entry.reflectors.length > 0 && entry.reflectors.every((r) => r.current.listed));
      if (listed) listedKinds.push(kind);
      key += `${entry.store.version}${listed ? '+' : '-'},`;
    }
    if (this.snapshotCache?.key === key) return this.snapshotCache.snapshot;
    const objects: ClusterObject[] = [];
    for (const entry of this.kinds.values()) for (const value of entry.store.objects.values()) objects.push({ value });
    const snapshot: ClusterSnapshot = { context: this.options.context, objects, listedKinds };
    this.snapshotCache = { key, snapshot };
    return snapshot;
  }

  /** Where each of a kind's watches resumes (diagnostics and tests). */
  resumePoints(kind: Kind): (string | null)[] {
    return (this.kinds.get(kind)?.reflectors ?? []).map((r) => r.resourceVersion);
  }

  /** Number of cached objects. */
  get objectCount(): number {
    let n = 0;
    for (const entry of this.kinds.values()) n += entry.store.size;
    return n;
  }

  /**
   * The cluster's CRD schemas for the validator: live once CRDs are listed, else the disk cache,
   * else [] (the bundled schemas stand).
   */
  overlay(): readonly LiveCatalogEntry[] {
    if (this.crdReflector?.current.listed) {
      if (this.overlayCache?.version !== this.crdStore.version) {
        const entries = overlayOf(this.crdStore.objects.values());
        this.overlayCache = { version: this.crdStore.version, entries, fingerprint: overlayFingerprint(entries) };
      }
      return this.overlayCache.entries;
    }
    return this.cachedOverlay?.entries ?? [];
  }

  /** A fingerprint of overlay(): equal fingerprints, same schemas. */
  overlayFingerprint(): string {
    const entries = this.overlay();
    return this.overlayCache?.entries === entries ? this.overlayCache.fingerprint : overlayFingerprint(entries);
  }

  status(): ClusterStatus {
    const kinds: KindHealth[] = [];
    for (const [kind, entry] of this.kinds) kinds.push(this.kindHealth(kind, entry));
    return summarise({
      context: this.options.context,
      server: this.options.transport.server,
      kinds,
      ...(this.lastProblem ? { lastProblem: this.lastProblem } : {}),
      ...(this.schemaProblem() ? { schemaProblem: this.schemaProblem()! } : {}),
      schemasPending: !!this.options.schemaGroups && this.crdRef !== null && !this.schemaProblem() && !this.crdReflector?.current.listed,
    });
  }

  /**
   * Resolves once every kind has settled: synced, not served, or failing in a way retrying will
   * not fix soon (permissions, refused connections, unknown hosts, untrusted certificates) — or
   * when `timeoutMs` passes. The CLI waits on this; the editor does not need to.
   */
  whenSettled(timeoutMs: number): Promise<void> {
    return new Promise((resolve) => {
      const finish = (): void => {
        clearTimeout(timer);
        this.settledWaiters.delete(check);
        resolve();
      };
      const check = (): void => {
        if (this.abort.signal.aborted || this.settled()) finish();
      };
      const timer = setTimeout(finish, timeoutMs);
      this.settledWaiters.add(check);
      check();
    });
  }

  // ---- internals ----

  private settled(): boolean {
    const kindsSettled = [...this.kinds.values()].every((e) => {
      if (e.ref === null) return true;
      if (e.ref === undefined) return e.discoveryProblem !== null && isPermanent(e.discoveryProblem.problem);
      return e.reflectors.every((r) => r.current.listed || (r.current.problem !== undefined && isPermanent(r.current.problem.problem)));
    });
    const crdSettled = !this.options.schemaGroups || this.crdRef === null
      || (this.crdRef === undefined && this.crdProblem !== null && isPermanent(this.crdProblem.problem))
      || (this.crdReflector !== null && (this.crdReflector.current.listed || (this.crdReflector.current.problem !== undefined && isPermanent(this.crdReflector.current.problem.problem))));
    return kindsSettled && crdSettled;
  }

  private kindHealth(kind: Kind, entry: KindEntry): KindHealth {
    const objects = entry.store.size;
    if (entry.ref === null) return { kind, state: 'not-served', objects };
    if (entry.ref === undefined) {
      const p = entry.discoveryProblem;
      if (!p) return { kind, state: 'pending', objects };
      return { kind, state: isAccessProblem(p.problem) ? 'denied' : 'retrying', objects, problem: p.message, access: isAccessProblem(p.problem) };
    }
    const failing = entry.reflectors.find((r) => r.current.phase === 'retrying' && r.current.problem);
    const listed = entry.reflectors.every((r) => r.current.listed);
    if (failing) {
      const problem = failing.current.problem!;
      const access = isAccessProblem(problem.problem);
      return { kind, state: access ? 'denied' : listed ? 'stale' : 'retrying', objects, problem: problem.message, access };
    }
    if (listed && entry.reflectors.every((r) => r.current.phase === 'synced' || r.current.phase === 'stopped')) return { kind, state: 'synced', objects };
    return { kind, state: 'syncing', objects };
  }

  private schemaProblem(): string | undefined {
    if (!this.options.schemaGroups) return undefined;
    const problem = this.crdReflector?.current.phase === 'retrying' ? this.crdReflector.current.problem : this.crdRef === undefined ? this.crdProblem : null;
    if (!problem) return undefined;
    const fallback = this.cachedOverlay ? `using the CRD schemas cached on ${this.cachedOverlay.savedAt.slice(0, 10)}` : 'using the bundled schemas';
    return `${problem.message}; ${fallback}`;
  }

  private *allReflectors(): Iterable<Reflector> {
    for (const entry of this.kinds.values()) yield* entry.reflectors;
    if (this.crdReflector) yield this.crdReflector;
  }

  private cacheFile(): string | null {
    return this.options.cacheDir ? crdCacheFile(this.options.cacheDir, this.options.context, this.options.transport.server) : null;
  }

  /** Discovers kinds not yet resolved, retrying with backoff, until all are (or we stop). */
  private async discoverLoop(): Promise<void> {
    const { policy = DEFAULT_BACKOFF, random = Math.random } = this.options;
    let attempt = 0;
    while (!this.abort.signal.aborted) {
      const pending = [...this.kinds.entries()].filter(([, e]) => e.ref === undefined).map(([k]) => k);
      const wantCrds = !!this.options.schemaGroups && this.crdRef === undefined;
      if (pending.length === 0 && !wantCrds) {
        await this.idle();
        continue;
      }
      let result;
      try {
        result = await discover(this.options.transport, wantCrds ? [...pending, CRD_KIND] : pending, this.abort.signal);
      } catch (error) {
        if (this.abort.signal.aborted) return;
        throw error;
      }
      if (this.abort.signal.aborted) return;
      let failure: ClusterError | null = null;
      for (const kind of pending) {
        const entry = this.kinds.get(kind)!;
        const problem = result.failed.get(kind);
        if (problem) {
          entry.discoveryProblem = problem;
          failure ??= problem;
          continue;
        }
        entry.discoveryProblem = null;
        entry.ref = result.resources.get(kind) ?? null;
        if (entry.ref) this.startReflectors(kind, entry);
        else this.options.log?.(`cluster: ${kind} is not served by this cluster`);
      }
      if (wantCrds) {
        const problem = result.failed.get(CRD_KIND);
        if (problem) {
          this.crdProblem = problem;
          failure ??= problem;
        } else {
          this.crdProblem = null;
          this.crdRef = result.resources.get(CRD_KIND) ?? null;
          if (this.crdRef) this.startCrdReflector(this.crdRef);
        }
      }
      this.changed({ objects: true, status: true });
      if (failure) {
        this.noteProblem(failure);
        const delay = backoffDelay(attempt++, policy, random(), failure.problem.type === 'status' ? failure.problem.retryAfterMs : undefined);
        this.options.log?.(`cluster: discovery: ${failure.message}; retrying in ${delay} ms`);
        await this.sleep(delay);
      } else {
        attempt = 0;
      }
    }
  }

  /** Waits until something asks for discovery again (a CRD came or went) or we stop. */
  private idle(): Promise<void> {
    return new Promise((resolve) => {
      this.wakeDiscovery = () => {
        this.wakeDiscovery = null;
        resolve();
      };
    });
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.wakeDiscovery = null;
        resolve();
      }, ms);
      this.wakeDiscovery = () => {
        clearTimeout(timer);
        this.wakeDiscovery = null;
        resolve();
      };
    });
  }

  private reflector(ref: ResourceRef, namespace: string | null, project: (o: KubeObject) => KubeObject, apply: (event: CacheEvent) => void): Reflector {
    const o = this.options;
    const reflector: Reflector = new Reflector({
      transport: o.transport,
      ref,
      namespace,
      project,
      apply,
      report: (state) => this.reflectorReport(reflector, state),
      watch: o.watch ?? true,
      ...(o.policy ? { policy: o.policy } : {}),
      ...(o.random ? { random: o.random } : {}),
      ...(o.watchTimeoutSeconds ? { watchTimeoutSeconds: o.watchTimeoutSeconds } : {}),
      ...(o.pageSize ? { pageSize: o.pageSize } : {}),
      ...(o.log ? { log: o.log } : {}),
    });
    return reflector;
  }

  private startReflectors(kind: Kind, entry: KindEntry): void {
    const ref = entry.ref!;
    const scopes: (string | null)[] = !ref.namespaced || this.options.namespaces === 'all' ? [null] : [...this.options.namespaces];
    const project = (o: KubeObject): KubeObject => projectObject(ref.group === '' ? ref.version : `${ref.group}/${ref.version}`, ref.kindName, o);
    const apply = (event: CacheEvent): void => {
      if (entry.store.apply(event)) this.changed({ objects: true });
    };
    entry.reflectors = scopes.map((ns) => this.reflector(ref, ns, project, apply));
    for (const r of entry.reflectors) r.start();
    this.options.log?.(`cluster: watching ${kind} as ${ref.plural} (${ref.group || 'core'}/${ref.version})${scopes[0] === null ? '' : ` in ${scopes.join(', ')}`}`);
  }

  private startCrdReflector(ref: ResourceRef): void {
    const groups = this.options.schemaGroups!;
    const keep = (group: string): boolean => groups.has(group);
    const store = this.crdStore;
    this.crdReflector = this.reflector(ref, null, (o) => summariseCrd(o, keep), (event) => {
      // The CRD store also tells discovery about kinds that appear or disappear.
      const gone = event.type === 'delete' ? (store.objects.get(objectKey(event.object)) as CrdSummary | undefined) : undefined;
      if (!store.apply(event)) return;
      this.changed({ schemas: true });
      this.crdTouchesWatchedKinds(event.type === 'replace' ? event.objects : [event.object], gone);
    });
    this.crdReflector.start();
  }

  /** A CRD event for a watched kind: rediscover kinds that appeared; drop kinds that went. */
  private crdTouchesWatchedKinds(objects: readonly KubeObject[], deleted: CrdSummary | undefined): void {
    let rediscover = false;
    for (const o of objects) {
      for (const e of (o as CrdSummary).entries ?? []) {
        const entry = this.kinds.get(`${e.group}/${e.kind}`);
        if (entry && entry.ref === null) {
          entry.ref = undefined;
          rediscover = true;
        }
      }
    }
    for (const e of deleted?.entries ?? []) {
      const kind: Kind = `${e.group}/${e.kind}`;
      const entry = this.kinds.get(kind);
      if (!entry || !entry.ref) continue;
      for (const r of entry.reflectors) void r.stop();
      entry.reflectors = [];
      entry.ref = undefined;
      entry.store.apply({ type: 'replace', namespace: null, objects: [] });
      rediscover = true;
    }
    if (rediscover) this.wakeDiscovery?.();
  }

  private reflectorReport(reflector: Reflector, state: ReflectorState): void {
    if (state.problem) this.noteProblem(state.problem);
    if (state.phase === 'synced') {
      // One stream works again: cut the others' backoff short so the whole cache reconnects together.
      for (const r of this.allReflectors()) if (r !== reflector && r.current.phase === 'retrying' && r.current.problem && !isAccessProblem(r.current.problem.problem)) r.retryNow();
      if (reflector === this.crdReflector) this.persistOverlay();
    }
    this.changed({ status: true });
  }

  private persistOverlay(): void {
    const file = this.cacheFile();
    if (!file) return;
    const fingerprint = this.overlayFingerprint();
    if (fingerprint === this.writtenFingerprint) return;
    if (writeCrdCache(file, this.options.context, this.options.transport.server, this.overlay())) {
      this.writtenFingerprint = fingerprint;
      this.options.log?.(`cluster: saved ${this.overlay().length} CRD schema versions for the next start`);
    }
  }

  private noteProblem(error: ClusterError): void {
    this.lastProblem = { text: error.message, at: Date.now() };
  }

  private changed(what: Partial<CacheChange>): void {
    const pending = (this.pendingChange ??= { objects: false, schemas: false, status: false });
    if (what.objects) pending.objects = true;
    if (what.schemas) pending.schemas = true;
    if (what.status) pending.status = true;
    for (const w of [...this.settledWaiters]) w();
    if (this.timer || this.abort.signal.aborted) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      const change = this.pendingChange;
      this.pendingChange = null;
      if (!change || this.abort.signal.aborted) return;
      if (change.schemas && this.crdReflector?.current.listed) this.persistOverlay();
      this.options.onChange?.(change);
    }, this.options.debounceMs ?? 25);
  }
}

/** Failures that retrying soon will not fix: the CLI stops waiting on them. */
export function isPermanent(problem: ClusterProblem): boolean {
  if (isAccessProblem(problem)) return true;
  if (problem.type === 'status') return problem.code === 400 || problem.code === 404 || problem.code === 405;
  if (problem.type === 'network') return problem.code === 'ECONNREFUSED' || problem.code === 'ENOTFOUND' || /CERT|SELF_SIGNED|UNABLE_TO|ERR_TLS|ALTNAME/.test(problem.code);
  return false;
}
