/**
 * The cache reducer: one kind's objects, and how list results and watch events change them.
 *
 *   replace(namespace, objects)  a complete list of one scope (a namespace, or null: all of
 *                                them / cluster scope; with `name`, that one cluster-scoped
 *                                object): objects of that scope not in the list go
 *   upsert(object)               ADDED or MODIFIED
 *   delete(object)               DELETED
 *
 * `reduce` is deterministic and does no I/O; it updates the map in place (copying ten thousand
 * entries per event would cost more than the event) and returns how many entries changed. An
 * object whose resourceVersion equals the stored one keeps the stored reference, so a relist
 * after a reconnect changes nothing downstream unless something really changed (the resource
 * index compares cluster objects by reference first).
 */
import { objectKey, resourceVersionOf, type KubeObject } from './project';

export type CacheEvent =
  | { readonly type: 'replace'; readonly namespace: string | null; readonly name?: string; readonly objects: readonly KubeObject[] }
  | { readonly type: 'upsert'; readonly object: KubeObject }
  | { readonly type: 'delete'; readonly object: KubeObject };

/** Applies one event; returns the number of objects added, changed or removed. */
export function reduce(objects: Map<string, KubeObject>, event: CacheEvent): number {
  switch (event.type) {
    case 'upsert': {
      const key = objectKey(event.object);
      const old = objects.get(key);
      if (old && sameVersion(old, event.object)) return 0;
      objects.set(key, event.object);
      return 1;
    }
    case 'delete':
      return objects.delete(objectKey(event.object)) ? 1 : 0;
    case 'replace': {
      let changed = 0;
      const seen = new Set<string>();
      for (const object of event.objects) {
        const key = objectKey(object);
        seen.add(key);
        const old = objects.get(key);
        if (old && sameVersion(old, object)) continue;
        objects.set(key, object);
        changed++;
      }
      for (const key of [...objects.keys()]) {
        if (seen.has(key) || !inScope(key, event.namespace, event.name)) continue;
        objects.delete(key);
        changed++;
      }
      return changed;
    }
  }
}

/** Whether a cache key ("ns/name" or "name") lies in a list's scope. */
function inScope(key: string, namespace: string | null, name: string | undefined): boolean {
  if (name !== undefined) return key === name;
  if (namespace === null) return true;
  const slash = key.indexOf('/');
  return slash !== -1 && key.slice(0, slash) === namespace;
}

function sameVersion(a: KubeObject, b: KubeObject): boolean {
  const rv = resourceVersionOf(a);
  return rv !== '' && rv === resourceVersionOf(b);
}

/** One kind's objects with a change counter: the unit the cluster cache keeps per kind. */
export class KindStore {
  readonly objects = new Map<string, KubeObject>();
  /** Increases whenever an event changes something. */
  version = 0;

  apply(event: CacheEvent): boolean {
    const changed = reduce(this.objects, event);
    if (changed > 0) this.version++;
    return changed > 0;
  }

  get size(): number {
    return this.objects.size;
  }
}
