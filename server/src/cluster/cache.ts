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
 *     └─ CRDs (when schema groups are given, crd-follower.ts): overlay() for the schema
 *          validator, written back to the disk cache; a CRD that appears or disappears for a
 *          watched kind re-runs discovery for that kind
 *
 *   snapshot()  every cached object + the kinds listed completely, for Workspace.setCluster
 *   status()    health.ts's summary
 *   whenSettled every kind read, or failing for good (permissions, refused, repeated garbage)
 *   onChange    called (debounced) when objects, schemas or status changed
 *
 * Objects are projected on arrival (project.ts): Secrets are reduced to derived facts before they
 * reach a store, so nothing downstream (snapshot, status, logs, the disk) can hold their data.
 */
import type { Kind } from '../model/kinds';
import type { ClusterObject } from '../model/workspace-index';
import type { LiveCatalogEntry } from '../schema/catalog';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffPolicy } from './backoff';
import { CRD_KIND, CrdFollower } from './crd-follower';
import { discover, type ResourceRef } from './discovery';
import { summarise, type ClusterStatus, type KindHealth } from './health';
import { ClusterError, isAccessProblem, type ClusterProblem } from './problems';
import { projectObject, type KubeObject } from './project';
import { Reflector, type ReflectorState } from './reflector';
import type { NamespaceScope } from './settings';
import { KindStore, type CacheEvent } from './store';
import type { Transport } from './transport';

export { CRD_KIND } from './crd-follower';

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
  private readonly crds: CrdFollower | null;
  private snapshotCache: { key: string; snapshot: ClusterSnapshot } | null = null;
  private lastProblem: { text: string; at: number } | undefined;
  private readonly abort = new AbortController();
  private discovering: Promise<void> | null = null;
  private wakeDiscovery: (() => void) | null = null;
  private pendingChange: { objects: boolean; schemas: boolean; status: boolean } | null = null;
  private timer: NodeJS.Timeout | null = null;
  private readonly settledWaiters = new Set<() => void>();
  private started = false;
  /** Discovery rounds that failed in a row. */
  private discoveryFailures = 0;

  constructor(private readonly options: ClusterCacheOptions) {
    for (const kind of new Set(options.kinds)) {
      this.kinds.set(kind, { ref: undefined, store: new KindStore(), reflectors: [], discoveryProblem: null });
    }
    this.crds = options.schemaGroups ? new CrdFollower({
      context: options.context,
      server: options.transport.server,
      groups: options.schemaGroups,
      cacheDir: options.cacheDir ?? null,
      ...(options.log ? { log: options.log } : {}),
      reflector: (ref, project, apply) => this.reflector(ref, null, project, apply),
      onSchemas: () => this.changed({ schemas: true }),
      onKinds: (appeared, gone) => this.crdKindsChanged(appeared, gone),
    }) : null;
  }

  get context(): string {
    return this.options.context;
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    if (this.crds?.load()) this.changed({ schemas: true });
    this.discovering = this.discoverLoop().catch((error: unknown) => {
      // Only a bug gets here (every failure of the server is retried); a rejection nobody awaits
      // would take the whole process down, so say so in the log instead.
      this.options.log?.(`cluster: discovery stopped by an internal error: ${error instanceof Error ? error.message : String(error)}`);
    });
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
    return this.crds?.overlay() ?? [];
  }

  /** A fingerprint of overlay(): equal fingerprints, same schemas. */
  overlayFingerprint(): string {
    return this.crds?.fingerprint() ?? '';
  }

  status(): ClusterStatus {
    const kinds: KindHealth[] = [];
    for (const [kind, entry] of this.kinds) kinds.push(this.kindHealth(kind, entry));
    return summarise({
      context: this.options.context,
      server: this.options.transport.server,
      kinds,
      ...(this.lastProblem ? { lastProblem: this.lastProblem } : {}),
      ...(this.crds?.problemText() ? { schemaProblem: this.crds.problemText()! } : {}),
      schemasPending: this.crds?.pending === true,
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
      if (e.ref === undefined) return givenUp(e.discoveryProblem, this.discoveryFailures);
      return e.reflectors.every((r) => r.current.listed || givenUp(r.current.problem, r.current.failures ?? 0));
    });
    const crds = this.crds;
    const crdProblem = crds?.problem() ?? null;
    const crdFailures = crds?.ref === undefined ? this.discoveryFailures : (crds?.reflector?.current.failures ?? 0);
    const crdSettled = !crds || crds.ref === null || crds.listed || givenUp(crdProblem, crdFailures);
    return kindsSettled && crdSettled;
  }

  private kindHealth(kind: Kind, entry: KindEntry): KindHealth {
    const objects = entry.store.size;
    if (entry.ref === null) return { kind, state: 'not-served', objects };
    if (entry.ref === undefined) {
      const p = entry.discoveryProblem;
      if (!p) return { kind, state: 'pending', objects };
      return { kind, state: isAccessProblem(p.problem) ? 'denied' : 'retrying', objects, problem: p.message, access: isAccessProblem(p.problem), ...(p.problem.type === 'protocol' ? { malformed: true } : {}) };
    }
    const failing = entry.reflectors.find((r) => r.current.phase === 'retrying' && r.current.problem);
    const listed = entry.reflectors.every((r) => r.current.listed);
    if (failing) {
      const problem = failing.current.problem!;
      const access = isAccessProblem(problem.problem);
      return { kind, state: access ? 'denied' : listed ? 'stale' : 'retrying', objects, problem: problem.message, access, ...(problem.problem.type === 'protocol' ? { malformed: true } : {}) };
    }
    if (listed && entry.reflectors.every((r) => r.current.phase === 'synced' || r.current.phase === 'stopped')) return { kind, state: 'synced', objects };
    return { kind, state: 'syncing', objects };
  }

  private *allReflectors(): Iterable<Reflector> {
    for (const entry of this.kinds.values()) yield* entry.reflectors;
    if (this.crds?.reflector) yield this.crds.reflector;
  }

  /** Discovers kinds not yet resolved, retrying with backoff, until all are (or we stop). */
  private async discoverLoop(): Promise<void> {
    const { policy = DEFAULT_BACKOFF, random = Math.random } = this.options;
    let attempt = 0;
    while (!this.abort.signal.aborted) {
      const pending = [...this.kinds.entries()].filter(([, e]) => e.ref === undefined).map(([k]) => k);
      const wantCrds = this.crds !== null && this.crds.ref === undefined;
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
          this.crds!.discoveryProblem = problem;
          failure ??= problem;
        } else {
          this.crds!.discovered(result.resources.get(CRD_KIND) ?? null);
        }
      }
      this.changed({ objects: true, status: true });
      this.discoveryFailures = failure ? this.discoveryFailures + 1 : 0;
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

  private reflector(ref: ResourceRef, namespace: string | null, project: (o: KubeObject) => KubeObject, apply: (event: CacheEvent) => void, name?: string): Reflector {
    const o = this.options;
    const reflector: Reflector = new Reflector({
      transport: o.transport,
      ref,
      namespace,
      ...(name !== undefined ? { name } : {}),
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
    const restricted = this.options.namespaces !== 'all';
    const scopes: (string | null)[] = !ref.namespaced || !restricted ? [null] : [...this.options.namespaces];
    const project = (o: KubeObject): KubeObject => projectObject(ref.group === '' ? ref.version : `${ref.group}/${ref.version}`, ref.kindName, o);
    const apply = (event: CacheEvent): void => {
      if (entry.store.apply(event)) this.changed({ objects: true });
    };
    // With namespaces in scope, the Namespace objects in scope are those namespaces themselves.
    entry.reflectors = kind === 'core/Namespace' && restricted
      ? (this.options.namespaces as readonly string[]).map((name) => this.reflector(ref, null, project, apply, name))
      : scopes.map((ns) => this.reflector(ref, ns, project, apply));
    for (const r of entry.reflectors) r.start();
    this.options.log?.(`cluster: watching ${kind} as ${ref.plural} (${ref.group || 'core'}/${ref.version})${scopes[0] === null ? '' : ` in ${scopes.join(', ')}`}`);
  }

  /** A CRD came or went for a group/kind: rediscover kinds that appeared, drop kinds that went. */
  private crdKindsChanged(appeared: readonly Kind[], gone: readonly Kind[]): void {
    let rediscover = false;
    for (const kind of appeared) {
      const entry = this.kinds.get(kind);
      if (entry && entry.ref === null) {
        entry.ref = undefined;
        rediscover = true;
      }
    }
    for (const kind of gone) {
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
      // Not those retrying a garbage answer: a working connection says nothing about it, and two
      // watches whose events are garbage would otherwise wake each other without end.
      for (const r of this.allReflectors()) if (r !== reflector && r.current.phase === 'retrying' && r.current.problem && !isAccessProblem(r.current.problem.problem) && r.current.problem.problem.type !== 'protocol') r.retryNow();
      if (reflector === this.crds?.reflector) this.crds.persist();
    }
    this.changed({ status: true });
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
      if (change.schemas) this.crds?.persist();
      this.options.onChange?.(change);
    }, this.options.debounceMs ?? 25);
  }
}

/**
 * Malformed answers in a row after which the CLI stops waiting: one may be a cut connection, but
 * a server (or a proxy in front of it) that keeps answering garbage will not stop within seconds.
 */
const MALFORMED_ANSWERS_TO_SETTLE = 3;

/** Whether the CLI should stop waiting on a failure seen `failures` times in a row. */
function givenUp(error: ClusterError | null | undefined, failures: number): boolean {
  if (!error) return false;
  return isPermanent(error.problem) || (error.problem.type === 'protocol' && failures >= MALFORMED_ANSWERS_TO_SETTLE);
}

/** Failures that retrying soon will not fix: the CLI stops waiting on them. */
export function isPermanent(problem: ClusterProblem): boolean {
  if (isAccessProblem(problem)) return true;
  if (problem.type === 'status') return problem.code === 400 || problem.code === 404 || problem.code === 405;
  if (problem.type === 'network') return problem.code === 'ECONNREFUSED' || problem.code === 'ENOTFOUND' || /CERT|SELF_SIGNED|UNABLE_TO|ERR_TLS|ALTNAME/.test(problem.code);
  return false;
}
