/**
 * Shared value types of the Kubernetes API test server.
 *
 * Objects travel through the server as plain JSON values. Stored objects are treated as immutable:
 * every write builds a new object and swaps it in, so the event history, watchers and list
 * snapshots can share references without copying. The helpers here are the small amount of
 * structural typing that the rest of the server needs to read JSON without `any`.
 */

/** A JSON object, as decoded from a request body. */
export type JsonMap = Record<string, unknown>;

/** A Kubernetes object: apiVersion, kind and metadata, plus whatever the kind carries. */
export interface KubeObject extends JsonMap {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
}

/** The parts of ObjectMeta the server reads or manages. Unknown members pass through. */
export interface ObjectMeta extends JsonMap {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  deletionGracePeriodSeconds?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  finalizers?: string[];
  managedFields?: ManagedFieldsEntry[];
}

/** One entry of metadata.managedFields, as the API serves it. */
export interface ManagedFieldsEntry {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  time?: string;
  fieldsType: 'FieldsV1';
  fieldsV1: JsonMap;
  subresource?: string;
}

/** True for a non-null, non-array object. */
export function isMap(value: unknown): value is JsonMap {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Deep structural equality of JSON values (key order is irrelevant, array order is not). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!deepEqual(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const am = a as JsonMap;
  const bm = b as JsonMap;
  const ak = Object.keys(am);
  if (ak.length !== Object.keys(bm).length) return false;
  for (const k of ak) {
    if (!Object.prototype.hasOwnProperty.call(bm, k) || !deepEqual(am[k], bm[k])) return false;
  }
  return true;
}

/** A deep copy of a JSON value; stored objects are never handed out for mutation. */
export function clone<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}

/** The current time as the API formats timestamps: RFC 3339, UTC, whole seconds. */
export function nowTimestamp(now: Date = new Date()): string {
  return now.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
