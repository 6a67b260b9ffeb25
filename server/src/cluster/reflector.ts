/**
 * Keeps one kind in one scope (a namespace, or all of them) in step with the cluster: list, then
 * watch from the list's resourceVersion, for as long as it runs.
 *
 *   ┌─> list (pages of 500, one consistent snapshot) ── replace ──> store      state: listing
 *   │     │ ok: rv = list rv, attempt = 0                                      state: synced
 *   │     v
 *   │   watch ?resourceVersion=rv&allowWatchBookmarks=true&timeoutSeconds=300..600
 *   │     ADDED/MODIFIED/DELETED ── upsert/delete ──> store; rv = the object's rv
 *   │     BOOKMARK              ── rv = the bookmark's rv (nothing else changes)
 *   │     stream ends           ── watch again from rv (resumable: no relist)
 *   │     ERROR 410 / 410 Gone  ── rv = null ─────────────────────────────┐
 *   │     400 / rv too large    ── rv = null (a version the server never gave) ┤
 *   │     malformed event       ── ends the watch before rv moves; resume   │
 *   │     any other failure     ── wait backoff(attempt++), watch from rv │
 *   └──────────────────────────────────────────────────────────────────────┘
 *
 * While it retries, the store keeps the last state it saw: the editor goes on checking against
 * it, and the health summary says it is stale and why. Backoff is exponential with jitter and
 * honours Retry-After (backoff.ts); it resets once a list succeeds or a watch delivers events. A
 * watch that ends at once without any event counts as a failure too, so a server that closes
 * every watch immediately cannot spin us. A 410 relists at once the first time and backs off if it
 * repeats (a history too short for the list to catch up).
 *
 * Answers are checked before use (wire.ts): a list page or a watch event that is not what the API
 * promises is a 'protocol' failure, retried like any other, and nothing in it reaches the store.
 *
 * With `watch: false` (the CLI's one-shot lint) it lists once and stops.
 */
import { backoffDelay, DEFAULT_BACKOFF, type BackoffPolicy } from './backoff';
import { collectionPath, resourceName, type ResourceRef } from './discovery';
import { ClusterError, isExpired, refusesResourceVersion, type RequestInfo } from './problems';
import { resourceVersionOf, type KubeObject } from './project';
import type { CacheEvent } from './store';
import { isAbort, statusProblem, type Transport } from './transport';
import { listPage, watchEvent } from './wire';

export type ReflectorPhase = 'listing' | 'synced' | 'retrying' | 'stopped';

export interface ReflectorState {
  readonly phase: ReflectorPhase;
  /** Whether a list has completed at least once (the store holds a whole state, maybe stale). */
  readonly listed: boolean;
  /** The failure being retried (phase 'retrying'). */
  readonly problem?: ClusterError;
  /** When the next attempt starts (epoch ms), while retrying. */
  readonly retryAt?: number;
  /** Failures in a row so far, while retrying (the one-shot CLI gives up on repeated garbage). */
  readonly failures?: number;
}

export interface ReflectorOptions {
  readonly transport: Transport;
  readonly ref: ResourceRef;
  /** The namespace to list and watch; null: all namespaces (or the cluster scope). */
  readonly namespace: string | null;
  /** Only the cluster-scoped object of this name (a Namespace in scope), by field selector. */
  readonly name?: string;
  /** API object -> what the store keeps. */
  readonly project: (object: KubeObject) => KubeObject;
  readonly apply: (event: CacheEvent) => void;
  readonly report: (state: ReflectorState) => void;
  /** Keep watching after the first list (default true). */
  readonly watch?: boolean;
  readonly policy?: BackoffPolicy;
  readonly random?: () => number;
  readonly pageSize?: number;
  /** Server-side watch timeout, seconds (default: random in 300..600, as client-go spreads it). */
  readonly watchTimeoutSeconds?: () => number;
  /** Inactivity timeout of list requests (default 60 s). */
  readonly requestTimeoutMs?: number;
  readonly log?: (line: string) => void;
}

export class Reflector {
  private readonly abort = new AbortController();
  private running: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  private state: ReflectorState = { phase: 'listing', listed: false };
  private rv: string | null = null;

  constructor(private readonly options: ReflectorOptions) {}

  get current(): ReflectorState {
    return this.state;
  }

  /** Where the next watch resumes (advanced by events and bookmarks); null before the first list. */
  get resourceVersion(): string | null {
    return this.rv;
  }

  /** Where this reflector reads, for messages: "services in namespace shop". */
  get label(): string {
    const { ref, namespace, name } = this.options;
    return `${resourceName(ref)}${namespace === null ? '' : ` in namespace ${namespace}`}${name === undefined ? '' : ` named ${name}`}`;
  }

  start(): void {
    this.running ??= this.run().catch((error: unknown) => {
      // Only a bug gets here (every expected failure is retried); say so instead of dying silently.
      this.options.log?.(`cluster: ${this.label}: stopped by an internal error: ${error instanceof Error ? error.message : String(error)}`);
      this.set({ phase: 'stopped', listed: this.state.listed });
    });
  }

  async stop(): Promise<void> {
    this.abort.abort();
    this.wake?.();
    await this.running;
  }

  /** Cuts a pending backoff short (after a reconnect elsewhere proved the server is back). */
  retryNow(): void {
    this.wake?.();
  }

  private get stopped(): boolean {
    return this.abort.signal.aborted;
  }

  private set(state: ReflectorState): void {
    this.state = state;
    if (!this.stopped || state.phase === 'stopped') this.options.report(state);
  }

  private async run(): Promise<void> {
    const { policy = DEFAULT_BACKOFF, random = Math.random, watch = true } = this.options;
    let attempt = 0;
    let expiredInARow = 0;
    while (!this.stopped) {
      try {
        if (this.rv === null) {
          this.set({ phase: 'listing', listed: this.state.listed });
          this.rv = await this.list();
          attempt = 0;
          this.set({ phase: 'synced', listed: true });
          if (!watch) break;
        }
        const opened = Date.now();
        let events = 0;
        await this.watchFrom(this.rv, (next) => {
          this.rv = next;
          events++;
        }, () => {
          // The server took the watch: whatever failed before is over.
          if (this.state.phase !== 'synced') this.set({ phase: 'synced', listed: true });
        });
        expiredInARow = 0;
        if (events > 0 || Date.now() - opened > 5_000) {
          attempt = 0;
          continue;
        }
        // Ended at once with nothing said: wait a little, as for a failure, before trying again.
        await this.sleep(backoffDelay(attempt++, policy, random()));
      } catch (error) {
        if (this.stopped || isAbort(error)) break;
        if (!(error instanceof ClusterError)) throw error;
        const refused = error.request.verb === 'watch' && refusesResourceVersion(error.problem);
        if (isExpired(error.problem) || refused) {
          // A version the server will not resume from (one a broken answer gave us) is as good as
          // expired: listing again is the only way back to a version it knows.
          this.options.log?.(refused
            ? `cluster: ${this.label}: the server will not resume from resourceVersion ${this.rv ?? ''} (${error.message}), listing again`
            : `cluster: ${this.label}: resourceVersion ${this.rv ?? ''} expired, listing again`);
          this.rv = null;
          if (expiredInARow++ === 0) continue;
        }
        const retryAfterMs = error.problem.type === 'status' ? error.problem.retryAfterMs : undefined;
        const delay = backoffDelay(attempt++, policy, random(), retryAfterMs);
        this.set({ phase: 'retrying', listed: this.state.listed, problem: error, retryAt: Date.now() + delay, failures: attempt });
        this.options.log?.(`cluster: ${this.label}: ${error.message}; retrying in ${delay} ms`);
        await this.sleep(delay);
      }
    }
    this.set({ phase: 'stopped', listed: this.state.listed });
  }

  private selector(): Record<string, string> {
    return this.options.name === undefined ? {} : { fieldSelector: `metadata.name=${this.options.name}` };
  }

  private info(verb: string): Omit<RequestInfo, 'server'> {
    return { verb, resource: resourceName(this.options.ref), namespace: this.options.namespace, clusterScoped: !this.options.ref.namespaced };
  }

  /** Lists every page; replaces the store's scope; returns the list's resourceVersion. */
  private async list(): Promise<string> {
    const { transport, ref, namespace, project, pageSize = 500, requestTimeoutMs = 60_000 } = this.options;
    const path = collectionPath(ref, namespace);
    const objects: KubeObject[] = [];
    let token = '';
    let listRv = '';
    do {
      const page = await transport.getJson({
        path,
        query: { limit: String(pageSize), ...this.selector(), ...(token ? { continue: token } : {}) },
        info: this.info('list'),
        timeoutMs: requestTimeoutMs,
        signal: this.abort.signal,
      });
      // A page with anything unusable is refused whole (wire.ts says why): the store keeps its last state.
      const checked = listPage(page);
      if (!checked.ok) throw this.malformed('list', checked.detail);
      if (listRv === '') listRv = checked.value.resourceVersion;
      token = checked.value.continue;
      for (const item of checked.value.items) objects.push(project(item));
    } while (token !== '' && !this.stopped);
    this.options.apply({ type: 'replace', namespace: ref.namespaced ? namespace : null, ...(this.options.name !== undefined ? { name: this.options.name } : {}), objects });
    return listRv;
  }

  /** One watch stream from `rv`; `advance` gets each new resourceVersion. */
  private async watchFrom(rv: string, advance: (rv: string) => void, opened: () => void): Promise<void> {
    const { transport, ref, namespace, project, watchTimeoutSeconds } = this.options;
    const timeoutSeconds = watchTimeoutSeconds?.() ?? 300 + Math.floor(Math.random() * 300);
    await transport.stream({
      path: collectionPath(ref, namespace),
      query: { watch: '1', resourceVersion: rv, allowWatchBookmarks: 'true', timeoutSeconds: String(timeoutSeconds), ...this.selector() },
      info: this.info('watch'),
      // The server ends the stream after timeoutSeconds; silence well beyond that is a dead connection.
      timeoutMs: (timeoutSeconds + 30) * 1000,
      signal: this.abort.signal,
    }, (raw) => {
      // A malformed event ends the watch before its resourceVersion is taken, so the resumed watch
      // replays it; skipping it would lose the change for good once a later event moves rv on.
      const checked = watchEvent(raw);
      if (!checked.ok) throw this.malformed('watch', checked.detail);
      const { type, object } = checked.value;
      switch (type) {
        case 'ADDED':
        case 'MODIFIED':
          this.options.apply({ type: 'upsert', object: project(object) });
          break;
        case 'DELETED':
          this.options.apply({ type: 'delete', object: project(object) });
          break;
        case 'BOOKMARK':
          break;
        case 'ERROR': {
          const code = typeof object['code'] === 'number' ? object['code'] : 500;
          throw new ClusterError(statusProblem(code, JSON.stringify(object)), { ...this.info('watch'), server: transport.server });
        }
      }
      const next = resourceVersionOf(object);
      if (next !== '') advance(next);
    }, opened);
  }

  /** The error for an answer that is not what the API promises (wire.ts's detail says how). */
  private malformed(verb: string, detail: string): ClusterError {
    return new ClusterError({ type: 'protocol', detail }, { ...this.info(verb), server: this.options.transport.server });
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.wake = () => {
        this.wake = null;
        done();
      };
    });
  }
}
