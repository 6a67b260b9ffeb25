/**
 * Field sets: the ownership records behind metadata.managedFields.
 *
 * A field set is a tree whose edges are path elements, in the same spelling the API uses in
 * `fieldsV1`:
 *   - `f:<name>`            a field of an object (`f:spec`, `f:replicas`)
 *   - `k:{"name":"web"}`    an item of a list keyed by some fields (JSON of the key, keys sorted)
 *   - `v:"a"`               an item of a set-like list, by value (JSON)
 *   - `i:3`                 an item of an atomic list by index (only ever read, never produced)
 * A node may be a *member* (the path itself is owned: `".": {}` in fieldsV1, or a leaf `{}`), have
 * children, or both. `f:spec` with children but no `"."` means "owns things under spec", not spec.
 *
 * Sets are immutable values once built; union/difference/intersection return new trees. Field
 * sets are small (one per manager per object), so clarity wins over cleverness here.
 */
import { isMap, type JsonMap } from './types';

/** One path element in fieldsV1 spelling. */
export type PathElement = string;
/** A path from the object root. */
export type FieldPath = readonly PathElement[];

/** `f:name`. */
export function fieldElement(name: string): PathElement {
  return `f:${name}`;
}

/** `k:{...}` for a keyed list item; key fields are sorted as the API sorts them. */
export function keyElement(key: JsonMap): PathElement {
  const sorted: JsonMap = {};
  for (const k of Object.keys(key).sort()) sorted[k] = key[k];
  return `k:${JSON.stringify(sorted)}`;
}

/** `v:<json>` for a set item. */
export function valueElement(value: unknown): PathElement {
  return `v:${JSON.stringify(value)}`;
}

/** Renders a path the way conflict messages show it: `.spec.containers[name="web"].image`. */
export function formatPath(path: FieldPath): string {
  let out = '';
  for (const el of path) {
    const body = el.slice(2);
    if (el.startsWith('f:')) out += `.${body}`;
    else if (el.startsWith('k:')) {
      const key = JSON.parse(body) as JsonMap;
      out += `[${Object.entries(key).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(',')}]`;
    } else if (el.startsWith('v:')) out += `[=${body}]`;
    else if (el.startsWith('i:')) out += `[${body}]`;
    else out += `.${el}`;
  }
  return out;
}

/** A tree of owned paths. */
export class FieldSet {
  member = false;
  readonly children = new Map<PathElement, FieldSet>();

  /** Builds a set from explicit member paths. */
  static of(paths: readonly FieldPath[]): FieldSet {
    const set = new FieldSet();
    for (const p of paths) set.insert(p);
    return set;
  }

  /** Decodes a fieldsV1 object. Throws on a malformed one (the caller answers 400). */
  static fromFieldsV1(value: unknown): FieldSet {
    const set = new FieldSet();
    const walk = (node: FieldSet, json: unknown): void => {
      if (!isMap(json)) throw new Error('fieldsV1 must be an object of objects');
      for (const [key, child] of Object.entries(json)) {
        if (key === '.') {
          node.member = true;
          continue;
        }
        if (!/^[fkvi]:/.test(key)) throw new Error(`invalid fieldsV1 key "${key}"`);
        const sub = node.child(key);
        if (isMap(child) && Object.keys(child).length === 0) sub.member = true;
        else walk(sub, child);
      }
    };
    walk(set, value);
    return set.pruned();
  }

  /** Encodes as fieldsV1. */
  toFieldsV1(): JsonMap {
    const out: JsonMap = {};
    if (this.member && this.children.size > 0) out['.'] = {};
    for (const key of [...this.children.keys()].sort()) {
      const child = this.children.get(key)!;
      out[key] = child.children.size === 0 ? {} : child.toFieldsV1();
    }
    return out;
  }

  /** The child node for an element, created if absent. */
  child(el: PathElement): FieldSet {
    let c = this.children.get(el);
    if (!c) {
      c = new FieldSet();
      this.children.set(el, c);
    }
    return c;
  }

  /** Marks a path as owned. */
  insert(path: FieldPath): this {
    let node: FieldSet = this;
    for (const el of path) node = node.child(el);
    node.member = true;
    return this;
  }

  /** The node at a path, if the set has one. */
  at(path: FieldPath): FieldSet | undefined {
    let node: FieldSet | undefined = this;
    for (const el of path) {
      node = node.children.get(el);
      if (!node) return undefined;
    }
    return node;
  }

  /** Whether the path itself is owned. */
  has(path: FieldPath): boolean {
    return this.at(path)?.member === true;
  }

  /** Whether the path or anything under it is owned. */
  touches(path: FieldPath): boolean {
    const node = this.at(path);
    return node !== undefined && !node.isEmpty();
  }

  isEmpty(): boolean {
    if (this.member) return false;
    for (const c of this.children.values()) if (!c.isEmpty()) return false;
    return true;
  }

  /** Every owned path, depth-first, parents before children. */
  paths(): FieldPath[] {
    const out: FieldPath[] = [];
    const walk = (node: FieldSet, prefix: PathElement[]): void => {
      if (node.member) out.push([...prefix]);
      for (const [el, c] of node.children) walk(c, [...prefix, el]);
    };
    walk(this, []);
    return out;
  }

  size(): number {
    return this.paths().length;
  }

  copy(): FieldSet {
    const out = new FieldSet();
    out.member = this.member;
    for (const [el, c] of this.children) out.children.set(el, c.copy());
    return out;
  }

  union(other: FieldSet): FieldSet {
    const out = this.copy();
    const walk = (into: FieldSet, from: FieldSet): void => {
      if (from.member) into.member = true;
      for (const [el, c] of from.children) walk(into.child(el), c);
    };
    walk(out, other);
    return out;
  }

  /** Members of this set that are not members of `other`. */
  difference(other: FieldSet): FieldSet {
    const walk = (a: FieldSet, b: FieldSet | undefined): FieldSet => {
      const out = new FieldSet();
      out.member = a.member && !(b?.member ?? false);
      for (const [el, c] of a.children) {
        const sub = walk(c, b?.children.get(el));
        if (!sub.isEmpty()) out.children.set(el, sub);
      }
      return out;
    };
    return walk(this, other);
  }

  /** Members present in both sets. */
  intersection(other: FieldSet): FieldSet {
    const walk = (a: FieldSet, b: FieldSet): FieldSet => {
      const out = new FieldSet();
      out.member = a.member && b.member;
      for (const [el, c] of a.children) {
        const d = b.children.get(el);
        if (!d) continue;
        const sub = walk(c, d);
        if (!sub.isEmpty()) out.children.set(el, sub);
      }
      return out;
    };
    return walk(this, other);
  }

  /** This set without anything at or under a member of `other` (ownership of replaced values). */
  withoutSubtrees(other: FieldSet): FieldSet {
    const walk = (a: FieldSet, b: FieldSet | undefined): FieldSet | undefined => {
      if (b?.member) return undefined;
      const out = new FieldSet();
      out.member = a.member;
      for (const [el, c] of a.children) {
        const sub = walk(c, b?.children.get(el));
        if (sub && !sub.isEmpty()) out.children.set(el, sub);
      }
      return out;
    };
    return walk(this, other) ?? new FieldSet();
  }

  /** The same set without empty branches. */
  pruned(): FieldSet {
    return this.difference(new FieldSet());
  }

  equals(other: FieldSet): boolean {
    return JSON.stringify(this.toFieldsV1()) === JSON.stringify(other.toFieldsV1());
  }
}
