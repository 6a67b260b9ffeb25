/**
 * Reading structural schemas: what a node is, and how its lists and maps merge.
 *
 * Three parts of the server walk objects alongside their schema: admission (validation and
 * pruning), server-side apply (field sets, merging, pruning of disowned fields) and strategic merge
 * patch. They all need the same answers — the schema of a child, whether a list is atomic, a set or
 * a map keyed by some fields, whether a map is atomic — so those answers live here, once.
 *
 * A missing schema (`undefined`) means "no schema is known here", as under
 * `x-kubernetes-preserve-unknown-fields`: objects are then treated as granular maps and lists as
 * atomic, which is how the API server treats values it has no type information for.
 *
 * Every kind's `metadata` is described by METADATA_SCHEMA rather than by the kind's own schema,
 * because the API server handles ObjectMeta itself (CRD schemas say little or nothing about it):
 * labels and annotations are granular maps, finalizers a set, ownerReferences a map keyed by uid.
 */
import { isMap, type JsonMap } from './types';

/** A structural (OpenAPI v3 subset) schema node. */
export type Schema = JsonMap;

/** How a list merges: replaced whole, merged as a set of scalars, or merged by key fields. */
export type ListInfo = { type: 'atomic' } | { type: 'set' } | { type: 'map'; keys: string[] };

const str = { type: 'string' };
const strMap = { type: 'object', additionalProperties: { type: 'string' } };

/** The schema of ObjectMeta as the server manages it (validation, pruning, field ownership). */
export const METADATA_SCHEMA: Schema = {
  type: 'object',
  properties: {
    name: str,
    generateName: str,
    namespace: str,
    selfLink: str,
    uid: str,
    resourceVersion: str,
    generation: { type: 'integer' },
    creationTimestamp: { type: 'string', nullable: true },
    deletionTimestamp: { type: 'string', nullable: true },
    deletionGracePeriodSeconds: { type: 'integer' },
    labels: strMap,
    annotations: strMap,
    finalizers: { type: 'array', items: str, 'x-kubernetes-list-type': 'set' },
    ownerReferences: {
      type: 'array',
      'x-kubernetes-list-type': 'map',
      'x-kubernetes-list-map-keys': ['uid'],
      items: {
        type: 'object',
        required: ['apiVersion', 'kind', 'name', 'uid'],
        properties: {
          apiVersion: str,
          kind: str,
          name: str,
          uid: str,
          controller: { type: 'boolean' },
          blockOwnerDeletion: { type: 'boolean' },
        },
      },
    },
    managedFields: { type: 'array', items: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
  },
};

/** The schema of a named child of an object node, or undefined when nothing is known about it. */
export function childSchema(schema: Schema | undefined, key: string, atRoot = false): Schema | undefined {
  if (atRoot && key === 'metadata') return METADATA_SCHEMA;
  if (!schema) return undefined;
  const props = schema.properties;
  if (isMap(props) && isMap(props[key])) return props[key] as Schema;
  const extra = schema.additionalProperties;
  if (isMap(extra)) return extra as Schema;
  return undefined;
}

/** The schema of the items of an array node. */
export function itemSchema(schema: Schema | undefined): Schema | undefined {
  if (!schema) return undefined;
  return isMap(schema.items) ? (schema.items as Schema) : undefined;
}

/** How the list at this node merges. Lists without markers are atomic, as in the API server. */
export function listInfo(schema: Schema | undefined): ListInfo {
  const type = schema?.['x-kubernetes-list-type'];
  if (type === 'set') return { type: 'set' };
  if (type === 'map') {
    const keys = schema?.['x-kubernetes-list-map-keys'];
    if (Array.isArray(keys) && keys.length > 0) return { type: 'map', keys: keys.map(String) };
  }
  return { type: 'atomic' };
}

/** True when the object at this node is replaced whole rather than merged field by field. */
export function isAtomicObject(schema: Schema | undefined): boolean {
  if (!schema) return false;
  if (schema['x-kubernetes-map-type'] === 'atomic') return true;
  // An int-or-string or an embedded scalar is a leaf, whatever its value looks like.
  return schema['x-kubernetes-int-or-string'] === true;
}

/** True when unknown fields under this node are kept (no pruning, no unknown-field reports). */
export function preservesUnknown(schema: Schema | undefined): boolean {
  return schema?.['x-kubernetes-preserve-unknown-fields'] === true;
}

/**
 * The identity of a keyed list item: the values of its key fields, in key order. A key field the
 * item leaves out is left out of the identity too (the API server would have defaulted it; this
 * server does no defaulting). Returns undefined for an item that is not an object or has none of
 * the key fields.
 */
export function itemKey(item: unknown, keys: readonly string[]): JsonMap | undefined {
  if (!isMap(item)) return undefined;
  const key: JsonMap = {};
  let found = false;
  for (const k of keys) {
    if (item[k] === undefined) continue;
    key[k] = item[k];
    found = true;
  }
  return found ? key : undefined;
}

/** A stable string for a keyed list item's identity, usable as a Map key. */
export function itemKeyString(key: JsonMap): string {
  return JSON.stringify(Object.keys(key).sort().map((k) => [k, key[k]]));
}

/** One way a list property may merge; `when` names an item property that must exist for it to apply. */
export interface ListRule {
  readonly keys: readonly string[] | 'set';
  readonly when?: string;
}

/**
 * Adds list-map markers to a schema in place, for schemas that lack them (the Kubernetes kinds are
 * generated without `x-kubernetes-list-*`). `table` maps a property name to the ways a list of that
 * name merges; the first rule whose `when` property exists in the item schema applies. A list
 * property with no applicable rule stays atomic.
 */
export function annotateLists(schema: Schema, table: Readonly<Record<string, readonly ListRule[]>>): void {
  const seen = new Set<Schema>();
  const walk = (node: Schema): void => {
    if (seen.has(node)) return;
    seen.add(node);
    const props = node.properties;
    if (isMap(props)) {
      for (const [name, child] of Object.entries(props)) {
        if (!isMap(child)) continue;
        const rules = Object.prototype.hasOwnProperty.call(table, name) ? table[name] : undefined;
        if (rules && child.type === 'array' && child['x-kubernetes-list-type'] === undefined) {
          const itemProps = isMap(child.items) && isMap(child.items.properties) ? child.items.properties : {};
          const rule = rules.find((r) => r.when === undefined || r.when in itemProps);
          if (rule?.keys === 'set') child['x-kubernetes-list-type'] = 'set';
          else if (rule) {
            child['x-kubernetes-list-type'] = 'map';
            child['x-kubernetes-list-map-keys'] = [...rule.keys];
          }
        }
        walk(child as Schema);
      }
    }
    if (isMap(node.items)) walk(node.items as Schema);
    if (isMap(node.additionalProperties)) walk(node.additionalProperties as Schema);
  };
  walk(schema);
}
