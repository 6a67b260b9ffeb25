/**
 * The object store: collections, one global resourceVersion, a bounded event history, watchers.
 *
 * - Every write bumps a single global counter; the object's metadata.resourceVersion is that
 *   counter as a string, as etcd's revision is on a real cluster. Lists report the counter at the
 *   time they were taken.
 * - Collections are keyed by storage key (`<group>/<plural>`, shared by all versions of a resource)
 *   and hold objects by `<namespace>/<name>`. Stored objects are immutable: a write replaces the
 *   object, it never edits it, so events, snapshots and watchers share references safely.
 * - The history keeps the last `historyLimit` events, each with the object before the change. It
 *   serves three things: watches that resume from a resourceVersion, consistent paginated lists
 *   (a page is read "as of" the first page's revision, by undoing later events), and exact-version
 *   lists. Anything older than the oldest retained event is *compacted*: asking for it is a 410
 *   Expired, which tests can force with `compact()`.
 * - Subscribers (open watches) are called synchronously, in commit order, for the collection they
 *   watch; they filter and serialize on their own.
 */
import { expired } from './status';
import type { KubeObject } from './types';

/** A change to one object. */
export type EventType = 'ADDED' | 'MODIFIED' | 'DELETED';

/** One committed change, as kept in the history and passed to subscribers. */
export interface StoreEvent {
  rv: number;
  type: EventType;
  storageKey: string;
  key: string;
  /** The object after the change (for DELETED: the last state, stamped with the delete's revision). */
  object: KubeObject;
  /** The object before the change; absent for ADDED. */
  prev?: KubeObject;
  /** Serialized forms, filled lazily by the watch layer so several watchers share one encoding. */
  encoded?: Map<string, string>;
}

/** A watcher of one collection. */
export interface Subscriber {
  deliver(event: StoreEvent): void;
}

class Collection {
  readonly objects = new Map<string, KubeObject>();
  private sorted: string[] | undefined;

  keys(): string[] {
    if (!this.sorted) this.sorted = [...this.objects.keys()].sort();
    return this.sorted;
  }

  set(key: string, obj: KubeObject): void {
    if (!this.objects.has(key)) this.sorted = undefined;
    this.objects.set(key, obj);
  }

  delete(key: string): void {
    if (this.objects.delete(key)) this.sorted = undefined;
  }
}

/** `<namespace>/<name>`, with an empty namespace for cluster-scoped objects. */
export function objectKey(namespace: string | undefined, name: string): string {
  return `${namespace ?? ''}/${name}`;
}

function stamp(obj: KubeObject, rv: number): KubeObject {
  return { ...obj, metadata: { ...obj.metadata, resourceVersion: String(rv) } };
}

export class Store {
  private rv = 1;
  private readonly collections = new Map<string, Collection>();
  private history: StoreEvent[] = [];
  private readonly subscribers = new Map<string, Set<Subscriber>>();
  /** Revisions below this are compacted: no watch or consistent list can start there. */
  private compacted = 1;

  constructor(private historyLimit: number) {}

  /** The current global revision. */
  currentRv(): number {
    return this.rv;
  }

  /** The oldest revision a watch or consistent list may still start from. */
  compactedRv(): number {
    return this.compacted;
  }

  setHistoryLimit(limit: number): void {
    this.historyLimit = Math.max(1, limit);
    this.trim();
  }

  private collection(storageKey: string): Collection {
    let c = this.collections.get(storageKey);
    if (!c) {
      c = new Collection();
      this.collections.set(storageKey, c);
    }
    return c;
  }

  get(storageKey: string, key: string): KubeObject | undefined {
    return this.collections.get(storageKey)?.objects.get(key);
  }

  /** Current objects of a collection in key order, optionally within one namespace. */
  list(storageKey: string, namespace?: string): KubeObject[] {
    const c = this.collections.get(storageKey);
    if (!c) return [];
    const keys = c.keys();
    const out: KubeObject[] = [];
    for (const k of keys) {
      if (namespace !== undefined && !k.startsWith(`${namespace}/`)) continue;
      out.push(c.objects.get(k)!);
    }
    return out;
  }

  /** Number of objects in a collection (or in all of them). */
  count(storageKey?: string): number {
    if (storageKey !== undefined) return this.collections.get(storageKey)?.objects.size ?? 0;
    let n = 0;
    for (const c of this.collections.values()) n += c.objects.size;
    return n;
  }

  /**
   * The collection as it was at revision `rv`, in key order. Throws 410 Expired if `rv` is older
   * than the retained history.
   */
  snapshot(storageKey: string, rv: number, namespace?: string): KubeObject[] {
    if (rv >= this.rv) return this.list(storageKey, namespace);
    if (rv < this.compacted) throw expired(`The resourceVersion ${rv} is older than the retained history (oldest is ${this.compacted}); list again from the current state.`);
    const state = new Map<string, KubeObject | undefined>();
    for (let i = this.history.length - 1; i >= 0 && this.history[i].rv > rv; i--) {
      const e = this.history[i];
      if (e.storageKey === storageKey) state.set(e.key, e.prev);
    }
    const c = this.collections.get(storageKey);
    const keys = new Set<string>([...(c?.objects.keys() ?? []), ...state.keys()]);
    const out: KubeObject[] = [];
    for (const k of [...keys].sort()) {
      if (namespace !== undefined && !k.startsWith(`${namespace}/`)) continue;
      const obj = state.has(k) ? state.get(k) : c?.objects.get(k);
      if (obj) out.push(obj);
    }
    return out;
  }

  /** Events of a collection after revision `rv`, oldest first. Throws 410 Expired when compacted. */
  eventsSince(storageKey: string, rv: number): StoreEvent[] {
    if (rv < this.compacted) {
      throw expired(`too old resource version: ${rv} (${this.compacted})`);
    }
    let lo = 0;
    let hi = this.history.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.history[mid].rv <= rv) lo = mid + 1;
      else hi = mid;
    }
    return this.history.slice(lo).filter((e) => e.storageKey === storageKey);
  }

  /** Stores a new object; returns it with its resourceVersion. */
  create(storageKey: string, key: string, obj: KubeObject): KubeObject {
    const stored = stamp(obj, ++this.rv);
    this.collection(storageKey).set(key, stored);
    this.commit({ rv: this.rv, type: 'ADDED', storageKey, key, object: stored });
    return stored;
  }

  /** Replaces an existing object; returns it with its new resourceVersion. */
  update(storageKey: string, key: string, obj: KubeObject): KubeObject {
    const prev = this.get(storageKey, key);
    const stored = stamp(obj, ++this.rv);
    this.collection(storageKey).set(key, stored);
    this.commit({ rv: this.rv, type: 'MODIFIED', storageKey, key, object: stored, prev });
    return stored;
  }

  /** Removes an object; returns its final state, stamped with the delete's revision. */
  delete(storageKey: string, key: string): KubeObject | undefined {
    const prev = this.get(storageKey, key);
    if (!prev) return undefined;
    this.collection(storageKey).delete(key);
    const last = stamp(prev, ++this.rv);
    this.commit({ rv: this.rv, type: 'DELETED', storageKey, key, object: last, prev });
    return last;
  }

  /** Forgets all history: every revision before now becomes too old to watch or page from. */
  compact(): void {
    this.history = [];
    this.compacted = this.rv;
  }

  subscribe(storageKey: string, s: Subscriber): () => void {
    let set = this.subscribers.get(storageKey);
    if (!set) {
      set = new Set();
      this.subscribers.set(storageKey, set);
    }
    set.add(s);
    return () => set.delete(s);
  }

  private commit(e: StoreEvent): void {
    this.history.push(e);
    this.trim();
    const subs = this.subscribers.get(e.storageKey);
    if (subs) for (const s of [...subs]) s.deliver(e);
  }

  private trim(): void {
    const excess = this.history.length - this.historyLimit;
    if (excess <= 0) return;
    // Trimming in batches keeps the amortized cost of a write constant.
    const drop = Math.max(excess, Math.ceil(this.historyLimit / 10));
    const removed = this.history.splice(0, Math.min(drop, this.history.length));
    this.compacted = removed[removed.length - 1].rv;
  }
}
