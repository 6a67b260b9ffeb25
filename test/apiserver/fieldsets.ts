/**
 * From values to field sets, and the structural operations server-side apply needs.
 *
 * - `fieldsOf(config)`: the set of fields an applied configuration specifies. Leaves (scalars,
 *   atomic lists, atomic maps, empty objects) are members; granular objects are walked; keyed list
 *   items are members themselves (`".": {}` under `k:{...}`) and are walked; set items are members.
 * - `diff(before, after)`: what an update changed. `changed` holds modified and added fields (a
 *   newly created object or list item is a member too, which is where `".": {}` entries come from);
 *   `removed` holds fields that disappeared.
 * - `merge(live, config)`: the object that results from applying a configuration: granular objects
 *   merge field by field, keyed lists merge item by item, sets merge by value, everything else is
 *   replaced.
 * - `removeFields(object, set)`: deletes the members of a set from an object (apply uses it to drop
 *   fields a manager stopped applying and nobody else owns).
 *
 * All four read the schema through schemainfo.ts, so they agree on what is a leaf. Server-owned
 * metadata (name, namespace, uid, resourceVersion, generation, timestamps, managedFields) and the
 * apiVersion/kind header are never part of a field set, as in the API server. `Scope` restricts a
 * walk to the main resource (everything but status) or to the status subresource.
 */
import { FieldSet, fieldElement, keyElement, valueElement, type FieldPath } from './fieldpath';
import { childSchema, isAtomicObject, itemKey, itemSchema, listInfo, type Schema } from './schemainfo';
import { deepEqual, isMap, type JsonMap } from './types';

/** Which part of an object a write may own: all of it, everything but status, or only status. */
export type Scope = 'all' | 'main' | 'status';

const IGNORED_ROOT = new Set(['apiVersion', 'kind']);
const IGNORED_META = new Set([
  'name',
  'namespace',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'managedFields',
  'selfLink',
]);

/** Whether a root-level key (or a metadata key, when `meta`) takes part in ownership. */
function tracked(key: string, scope: Scope, depth: 'root' | 'meta'): boolean {
  if (depth === 'meta') return !IGNORED_META.has(key);
  if (IGNORED_ROOT.has(key)) return false;
  if (scope === 'main') return key !== 'status';
  if (scope === 'status') return key === 'status';
  return true;
}

type Depth = 'root' | 'meta' | 'inner';

function childDepth(depth: Depth, key: string): Depth {
  return depth === 'root' && key === 'metadata' ? 'meta' : 'inner';
}

/** True when a value is owned as a whole at this node rather than walked into. */
function isLeaf(value: unknown, schema: Schema | undefined): boolean {
  if (Array.isArray(value)) return listInfo(schema).type === 'atomic' || value.length === 0;
  if (isMap(value)) return isAtomicObject(schema) || Object.keys(value).length === 0;
  return true;
}

/** The set of fields a configuration specifies (the ownership an apply claims). */
export function fieldsOf(config: JsonMap, schema: Schema | undefined, scope: Scope = 'all'): FieldSet {
  const set = new FieldSet();
  const walk = (value: unknown, s: Schema | undefined, path: FieldPath, depth: Depth): void => {
    if (depth === 'inner' && isLeaf(value, s)) {
      set.insert(path);
      return;
    }
    if (isMap(value)) {
      for (const [k, v] of Object.entries(value)) {
        if (depth !== 'inner' && !tracked(k, scope, depth)) continue;
        walk(v, childSchema(s, k, depth === 'root'), [...path, fieldElement(k)], childDepth(depth, k));
      }
      return;
    }
    if (Array.isArray(value)) {
      const info = listInfo(s);
      const items = itemSchema(s);
      for (const item of value) {
        if (info.type === 'set') set.insert([...path, valueElement(item)]);
        else if (info.type === 'map') {
          const key = itemKey(item, info.keys);
          if (!key) continue;
          const itemPath = [...path, keyElement(key)];
          set.insert(itemPath);
          walkItemFields(item as JsonMap, items, itemPath);
        }
      }
    }
  };
  const walkItemFields = (item: JsonMap, s: Schema | undefined, path: FieldPath): void => {
    for (const [k, v] of Object.entries(item)) walk(v, childSchema(s, k), [...path, fieldElement(k)], 'inner');
  };
  walk(config, schema, [], 'root');
  return set;
}

/** What an update changed: modified and added fields, and removed fields. */
export interface Diff {
  changed: FieldSet;
  removed: FieldSet;
}

/** Compares two versions of an object under a scope. `before` may be empty for a create. */
export function diff(before: JsonMap, after: JsonMap, schema: Schema | undefined, scope: Scope = 'all'): Diff {
  const changed = new FieldSet();
  const removed = new FieldSet();

  // A value that appears where nothing was: the node itself (if it is not the root or metadata)
  // and everything in it count as changed.
  const added = (value: unknown, s: Schema | undefined, path: FieldPath): void => {
    if (isLeaf(value, s)) {
      changed.insert(path);
    } else if (isMap(value)) {
      changed.insert(path);
      for (const [k, v] of Object.entries(value)) added(v, childSchema(s, k), [...path, fieldElement(k)]);
    } else if (Array.isArray(value)) {
      // A granular list is never a member itself; its items are.
      listItems(value, s, (el, item) => added(item, itemSchema(s), [...path, el]));
    }
  };

  // Both sides can be compared member by member (rather than as one leaf value).
  const walkable = (a: unknown, b: unknown, s: Schema | undefined): boolean =>
    (isMap(a) && isMap(b) && !isAtomicObject(s)) || (Array.isArray(a) && Array.isArray(b) && listInfo(s).type !== 'atomic');

  const compare = (a: unknown, b: unknown, s: Schema | undefined, path: FieldPath, depth: Depth): void => {
    if (depth === 'inner' && !walkable(a, b, s)) {
      if (!deepEqual(a, b)) {
        if (b === undefined) removed.insert(path);
        else if (a === undefined) added(b, s, path);
        else changed.insert(path);
      }
      return;
    }
    if (isMap(a) || isMap(b)) {
      const am = isMap(a) ? a : {};
      const bm = isMap(b) ? b : {};
      for (const k of new Set([...Object.keys(am), ...Object.keys(bm)])) {
        if (depth !== 'inner' && !tracked(k, scope, depth)) continue;
        const cs = childSchema(s, k, depth === 'root');
        const p = [...path, fieldElement(k)];
        const nd = childDepth(depth, k);
        if (!(k in bm)) removed.insert(p);
        else if (!(k in am)) {
          if (nd === 'inner') added(bm[k], cs, p);
          else compare(undefined, bm[k], cs, p, nd);
        } else compare(am[k], bm[k], cs, p, nd);
      }
      return;
    }
    if (Array.isArray(a) && Array.isArray(b)) {
      const before = new Map<string, unknown>();
      listItems(a, s, (el, item) => before.set(el, item));
      const seen = new Set<string>();
      listItems(b, s, (el, item) => {
        seen.add(el);
        if (!before.has(el)) added(item, itemSchema(s), [...path, el]);
        else if (listInfo(s).type === 'map') compareItem(before.get(el), item, itemSchema(s), [...path, el]);
      });
      for (const el of before.keys()) if (!seen.has(el)) removed.insert([...path, el]);
    }
  };

  const compareItem = (a: unknown, b: unknown, s: Schema | undefined, path: FieldPath): void => {
    const am = isMap(a) ? a : {};
    const bm = isMap(b) ? b : {};
    for (const k of new Set([...Object.keys(am), ...Object.keys(bm)])) {
      compare(am[k], bm[k], childSchema(s, k), [...path, fieldElement(k)], 'inner');
    }
  };

  compare(before, after, schema, [], 'root');
  return { changed: changed.pruned(), removed: removed.pruned() };
}

/** Calls `visit` with the path element of each item of a set or keyed list. */
function listItems(list: unknown[], s: Schema | undefined, visit: (el: string, item: unknown) => void): void {
  const info = listInfo(s);
  for (const item of list) {
    if (info.type === 'set') visit(valueElement(item), item);
    else if (info.type === 'map') {
      const key = itemKey(item, info.keys);
      if (key) visit(keyElement(key), item);
    }
  }
}

/** The object that results from applying `config` onto `live`. Neither input is modified. */
export function merge(live: unknown, config: unknown, schema: Schema | undefined, atRoot = true): unknown {
  if (config === undefined) return live;
  if (isMap(config) && isMap(live) && !isAtomicObject(schema)) {
    const out: JsonMap = { ...live };
    for (const [k, v] of Object.entries(config)) {
      // An explicit null in an applied configuration clears the field.
      if (v === null) delete out[k];
      else out[k] = merge(live[k], v, childSchema(schema, k, atRoot), false);
    }
    return out;
  }
  if (Array.isArray(config) && Array.isArray(live)) {
    const info = listInfo(schema);
    if (info.type === 'set') {
      const out = [...live];
      for (const v of config) if (!out.some((x) => deepEqual(x, v))) out.push(v);
      return out;
    }
    if (info.type === 'map') {
      const items = itemSchema(schema);
      const out = [...live];
      const index = new Map<string, number>();
      out.forEach((item, i) => {
        const key = itemKey(item, info.keys);
        if (key) index.set(keyElement(key), i);
      });
      for (const item of config) {
        const key = itemKey(item, info.keys);
        const at = key ? index.get(keyElement(key)) : undefined;
        if (at === undefined) out.push(item);
        else out[at] = merge(out[at], item, items, false);
      }
      return out;
    }
  }
  return config;
}

/** Deletes every member path of `set` from `object` (a copy is returned; the input is untouched). */
export function removeFields(object: JsonMap, set: FieldSet, schema: Schema | undefined): JsonMap {
  const paths = set.paths().sort((a, b) => b.length - a.length);
  let out = structuredClone(object);
  for (const path of paths) out = removePath(out, path, schema);
  return out;
}

function removePath(root: JsonMap, path: FieldPath, schema: Schema | undefined): JsonMap {
  let node: unknown = root;
  let s: Schema | undefined = schema;
  for (let i = 0; i < path.length; i++) {
    const el = path[i];
    const last = i === path.length - 1;
    if (el.startsWith('f:')) {
      if (!isMap(node)) return root;
      const name = el.slice(2);
      if (last) {
        delete node[name];
        return root;
      }
      const next: unknown = node[name];
      s = childSchema(s, name, i === 0);
      node = next;
    } else if (el.startsWith('k:') || el.startsWith('v:')) {
      if (!Array.isArray(node)) return root;
      const list: unknown[] = node;
      const info = listInfo(s);
      const at = list.findIndex((item) => {
        if (el.startsWith('v:')) return valueElement(item) === el;
        if (info.type !== 'map') return false;
        const key = itemKey(item, info.keys);
        return key !== undefined && keyElement(key) === el;
      });
      if (at < 0) return root;
      if (last) {
        list.splice(at, 1);
        return root;
      }
      s = itemSchema(s);
      node = list[at];
    } else return root;
  }
  return root;
}

/** Whether a path exists in an object (used to drop ownership of fields that are gone). */
export function hasPath(object: JsonMap, path: FieldPath, schema: Schema | undefined): boolean {
  let node: unknown = object;
  let s: Schema | undefined = schema;
  for (let i = 0; i < path.length; i++) {
    const el = path[i];
    if (el.startsWith('f:')) {
      if (!isMap(node) || !(el.slice(2) in node)) return false;
      s = childSchema(s, el.slice(2), i === 0);
      node = node[el.slice(2)];
    } else if (Array.isArray(node)) {
      const info = listInfo(s);
      const found = node.find((item) => {
        if (el.startsWith('v:')) return valueElement(item) === el;
        if (el.startsWith('k:') && info.type === 'map') {
          const key = itemKey(item, info.keys);
          return key !== undefined && keyElement(key) === el;
        }
        return false;
      });
      if (found === undefined) return false;
      s = itemSchema(s);
      node = found;
    } else return false;
  }
  return true;
}
