/**
 * Shared cluster caches: workspace folders (and settings reloads) that ask for the same context,
 * kubeconfig, namespaces and kinds share one ClusterCache, so two folders cost one set of watches
 * and a settings change that keeps the cluster settings does not reconnect.
 *
 * A cache is stopped when its last user releases it, after a short grace period in which a folder
 * being rebuilt can take it over.
 */
import type { CacheChange, ClusterCache } from './cache';

interface PoolEntry {
  readonly cache: ClusterCache;
  readonly listeners: Set<(change: CacheChange) => void>;
  users: number;
  stopTimer: NodeJS.Timeout | null;
}

export interface Lease {
  readonly cache: ClusterCache;
  release(): void;
}

export class ClusterPool {
  private readonly entries = new Map<string, PoolEntry>();

  constructor(private readonly graceMs = 2_000) {}

  /**
   * The cache for `key`, created (and started) by `create` when there is none. `create` receives
   * the function the cache must call on changes.
   */
  acquire(key: string, create: (onChange: (change: CacheChange) => void) => ClusterCache, listener: (change: CacheChange) => void): Lease {
    let entry = this.entries.get(key);
    if (!entry) {
      const listeners = new Set<(change: CacheChange) => void>();
      const cache = create((change) => {
        for (const l of [...listeners]) l(change);
      });
      entry = { cache, listeners, users: 0, stopTimer: null };
      this.entries.set(key, entry);
      cache.start();
    }
    if (entry.stopTimer) {
      clearTimeout(entry.stopTimer);
      entry.stopTimer = null;
    }
    entry.users++;
    entry.listeners.add(listener);
    const held = entry;
    let released = false;
    return {
      cache: held.cache,
      release: () => {
        if (released) return;
        released = true;
        held.listeners.delete(listener);
        if (--held.users > 0) return;
        held.stopTimer = setTimeout(() => {
          if (held.users > 0) return;
          this.entries.delete(key);
          void held.cache.stop();
        }, this.graceMs);
        held.stopTimer.unref?.();
      },
    };
  }

  /** Stops every cache now (server shutdown). */
  async dispose(): Promise<void> {
    const all = [...this.entries.values()];
    this.entries.clear();
    for (const e of all) if (e.stopTimer) clearTimeout(e.stopTimer);
    await Promise.all(all.map((e) => e.cache.stop()));
  }

  get size(): number {
    return this.entries.size;
  }
}
