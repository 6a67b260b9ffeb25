/**
 * Reading untrusted YAML values. Rules run on documents that may be half-typed or wrong-typed
 * (the schema check reports that separately), so every access checks its type and falls back to
 * "absent" instead of throwing.
 */
import type { Resource } from '../../model/resource';

export type Json = Readonly<Record<string, unknown>>;

const EMPTY: Json = Object.freeze({});

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value as a mapping, or an empty one. */
export function asObject(value: unknown): Json {
  return isObject(value) ? value : EMPTY;
}

/** The value as an array, or an empty one. */
export function asArray(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

/** The value if it is a non-empty string. */
export function asString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The strings of an array, skipping anything else. */
export function asStrings(value: unknown): string[] {
  return asArray(value).filter((v): v is string => typeof v === 'string');
}

/** The value if it is a finite number. */
export function asNumber(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** A resource's `spec` mapping (empty when absent). */
export function specOf(resource: Resource): Json {
  return asObject(resource.value['spec']);
}

/** A resource's labels, keeping only string values. */
export function labelsOf(resource: Resource): Readonly<Record<string, string>> {
  return stringMap(asObject(resource.value['metadata'])['labels']);
}

/** A resource's annotations, keeping only string values. */
export function annotationsOf(resource: Resource): Readonly<Record<string, string>> {
  return stringMap(asObject(resource.value['metadata'])['annotations']);
}

/** A mapping of strings to strings (labels, selectors), dropping other entries. */
export function stringMap(value: unknown): Readonly<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(asObject(value))) if (typeof v === 'string') out[k] = v;
  return out;
}
