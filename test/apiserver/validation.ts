/**
 * Structural schema validation with pruning: the admission check of every write.
 *
 * One walk over the object and its OpenAPI v3 schema does what the API server does for custom
 * resources (and, here, for the built-in kinds whose schemas the project generates):
 *   - drops fields the schema does not declare (unless `x-kubernetes-preserve-unknown-fields`,
 *     `additionalProperties`, or `x-kubernetes-embedded-resource` for apiVersion/kind/metadata),
 *     reporting each as an unknown field so the caller can honour `fieldValidation`
 *     (Strict fails, Warn answers with a Warning header, Ignore says nothing);
 *   - drops `null` where the schema is not `nullable` (inside objects; a null list item is wrong);
 *   - checks types (including `x-kubernetes-int-or-string`), `required`, `enum`, string lengths and
 *     patterns, numeric bounds, item and property counts, uniqueness of set items and map keys, and
 *     the value-validation combinators `allOf`, `anyOf`, `oneOf` and `not`.
 * Each failure becomes a StatusCause (reason, `field` as `spec.http[0].route`, message) for a 422.
 *
 * Deliberately absent: CEL rules (`x-kubernetes-validations`), `format` checks and defaulting.
 * The schema is trusted to be structural; this is a checker, not a schema compiler.
 */
import { isAtomicObject, itemKey, itemKeyString, listInfo, METADATA_SCHEMA, preservesUnknown, type Schema } from './schemainfo';
import type { StatusCause } from './status';
import { deepEqual, isMap, type JsonMap } from './types';

/** The outcome of validating one object. */
export interface ValidationResult {
  /** The object with unknown fields and non-nullable nulls removed. */
  value: JsonMap;
  /** Paths of fields the schema does not declare (already removed from `value`). */
  unknown: string[];
  /** Schema violations; non-empty means the write must fail with 422. */
  causes: StatusCause[];
}

interface Walk {
  unknown: string[];
  causes: StatusCause[];
  /** False inside allOf/anyOf/oneOf/not branches: they constrain values, they do not declare fields. */
  prune: boolean;
}

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v === 'object' ? 'object' : typeof v;
}

function shown(v: unknown): string {
  return typeof v === 'string' ? JSON.stringify(v) : JSON.stringify(v) ?? String(v);
}

function typeOk(v: unknown, type: unknown): boolean {
  switch (type) {
    case 'object':
      return isMap(v);
    case 'array':
      return Array.isArray(v);
    case 'string':
      return typeof v === 'string';
    case 'integer':
      return typeof v === 'number' && Number.isInteger(v);
    case 'number':
      return typeof v === 'number';
    case 'boolean':
      return typeof v === 'boolean';
    default:
      return true;
  }
}

const regexCache = new Map<string, RegExp | null>();
function compile(pattern: string): RegExp | null {
  if (!regexCache.has(pattern)) {
    let re: RegExp | null = null;
    try {
      re = new RegExp(pattern, 'u');
    } catch {
      re = null; // A Go (RE2) pattern JavaScript cannot read is skipped rather than guessed at.
    }
    regexCache.set(pattern, re);
  }
  return regexCache.get(pattern)!;
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

/** Validates and prunes `value` at `path`; returns the pruned value. */
function walk(value: unknown, schema: Schema | undefined, path: string, w: Walk, root = false): unknown {
  if (!schema) return value;
  const fail = (reason: string, message: string, field = path): void => {
    w.causes.push({ reason, message, field });
  };
  if (value === null) {
    if (schema.nullable !== true) fail('FieldValueTypeInvalid', `Invalid value: "null": must be of type ${String(schema.type ?? 'non-null')}`);
    return value;
  }
  if (schema['x-kubernetes-int-or-string'] === true) {
    if (!(typeof value === 'string' || (typeof value === 'number' && Number.isInteger(value)))) {
      fail('FieldValueTypeInvalid', `Invalid value: ${shown(typeName(value))}: must be an integer or a string`);
      return value;
    }
  } else if (schema.type !== undefined && !typeOk(value, schema.type)) {
    fail('FieldValueTypeInvalid', `Invalid value: ${shown(typeName(value))}: ${path || 'value'} in body must be of type ${String(schema.type)}: ${shown(typeName(value))}`);
    return value;
  }
  checkValue(value, schema, path, fail);

  let out: unknown = value;
  if (isMap(value)) out = walkObject(value, schema, path, w, root);
  else if (Array.isArray(value)) out = walkArray(value, schema, path, w);
  checkCombinators(out, schema, path, fail);
  return out;
}

function walkObject(value: JsonMap, schema: Schema, path: string, w: Walk, root: boolean): JsonMap {
  const props = isMap(schema.properties) ? schema.properties : {};
  const extra = schema.additionalProperties;
  const keepUnknown = preservesUnknown(schema) || extra === true || (isAtomicObject(schema) && !isMap(schema.properties));
  const embedded = schema['x-kubernetes-embedded-resource'] === true;
  const out: JsonMap = {};
  for (const [k, v] of Object.entries(value)) {
    const p = join(path, k);
    const header = (root || embedded) && (k === 'apiVersion' || k === 'kind');
    if ((root || embedded) && k === 'metadata') {
      out[k] = isMap(v) ? walkObject(v, METADATA_SCHEMA, p, w, false) : walk(v, METADATA_SCHEMA, p, w);
      continue;
    }
    const known = Object.prototype.hasOwnProperty.call(props, k);
    const cs = known ? (props[k] as Schema) : isMap(extra) ? (extra as Schema) : undefined;
    if (!known && !isMap(extra) && !header) {
      if (!keepUnknown && w.prune) {
        w.unknown.push(p);
        continue;
      }
      out[k] = v;
      continue;
    }
    // A null where the schema does not allow one is dropped, as the API server prunes it.
    if (v === null && cs && cs.nullable !== true && w.prune) continue;
    out[k] = header && !cs ? v : walk(v, cs, p, w);
  }
  const required = Array.isArray(schema.required) ? schema.required : [];
  for (const r of required) {
    // A pruned null counts as missing, as it does on a real server.
    if (typeof r === 'string' && out[r] === undefined) {
      w.causes.push({ reason: 'FieldValueRequired', message: 'Required value', field: join(path, r) });
    }
  }
  const count = Object.keys(out).length;
  if (typeof schema.maxProperties === 'number' && count > schema.maxProperties) {
    w.causes.push({ reason: 'FieldValueTooMany', message: `Too many: ${count}: must have at most ${schema.maxProperties} items`, field: path });
  }
  if (typeof schema.minProperties === 'number' && count < schema.minProperties) {
    w.causes.push({ reason: 'FieldValueInvalid', message: `Invalid value: ${count}: must have at least ${schema.minProperties} properties`, field: path });
  }
  return out;
}

function walkArray(value: unknown[], schema: Schema, path: string, w: Walk): unknown[] {
  const items = isMap(schema.items) ? (schema.items as Schema) : undefined;
  const out = value.map((item, i) => walk(item, items, `${path}[${i}]`, w));
  if (typeof schema.maxItems === 'number' && out.length > schema.maxItems) {
    w.causes.push({ reason: 'FieldValueTooMany', message: `Too many: ${out.length}: must have at most ${schema.maxItems} items`, field: path });
  }
  if (typeof schema.minItems === 'number' && out.length < schema.minItems) {
    w.causes.push({ reason: 'FieldValueInvalid', message: `Invalid value: ${out.length}: must have at least ${schema.minItems} items`, field: path });
  }
  const info = listInfo(schema);
  if (info.type === 'set' || schema.uniqueItems === true) {
    out.forEach((item, i) => {
      if (out.findIndex((x) => deepEqual(x, item)) < i) {
        w.causes.push({ reason: 'FieldValueDuplicate', message: `Duplicate value: ${shown(item)}`, field: `${path}[${i}]` });
      }
    });
  } else if (info.type === 'map') {
    const seen = new Set<string>();
    out.forEach((item, i) => {
      const key = itemKey(item, info.keys);
      if (!key) return;
      const id = itemKeyString(key);
      if (seen.has(id)) w.causes.push({ reason: 'FieldValueDuplicate', message: `Duplicate value: ${JSON.stringify(key)}`, field: `${path}[${i}]` });
      seen.add(id);
    });
  }
  return out;
}

/** Scalar constraints: enum, lengths, pattern, numeric bounds. */
function checkValue(value: unknown, s: Schema, path: string, fail: (reason: string, message: string) => void): void {
  if (Array.isArray(s.enum) && !s.enum.some((e) => deepEqual(e, value))) {
    const allowed = s.enum.map((e) => shown(e)).join(', ');
    fail('FieldValueNotSupported', `Unsupported value: ${shown(value)}: supported values: ${allowed}`);
  }
  if (typeof value === 'string') {
    const length = [...value].length;
    if (typeof s.maxLength === 'number' && length > s.maxLength) fail('FieldValueTooLong', `Too long: may not be more than ${s.maxLength} bytes`);
    if (typeof s.minLength === 'number' && length < s.minLength) {
      fail('FieldValueInvalid', `Invalid value: ${shown(value)}: ${path} in body should be at least ${s.minLength} chars long`);
    }
    if (typeof s.pattern === 'string') {
      const re = compile(s.pattern);
      if (re && !re.test(value)) fail('FieldValueInvalid', `Invalid value: ${shown(value)}: ${path} in body should match '${s.pattern}'`);
    }
  }
  if (typeof value === 'number') {
    const exMin = s.exclusiveMinimum === true;
    const exMax = s.exclusiveMaximum === true;
    if (typeof s.minimum === 'number' && (exMin ? value <= s.minimum : value < s.minimum)) {
      fail('FieldValueInvalid', `Invalid value: ${value}: ${path} in body should be greater than ${exMin ? '' : 'or equal to '}${s.minimum}`);
    }
    if (typeof s.maximum === 'number' && (exMax ? value >= s.maximum : value > s.maximum)) {
      fail('FieldValueInvalid', `Invalid value: ${value}: ${path} in body should be less than ${exMax ? '' : 'or equal to '}${s.maximum}`);
    }
    if (typeof s.multipleOf === 'number' && s.multipleOf > 0 && !Number.isInteger(value / s.multipleOf)) {
      fail('FieldValueInvalid', `Invalid value: ${value}: ${path} in body should be a multiple of ${s.multipleOf}`);
    }
  }
}

/** Whether a value passes a (value-validation) schema, without pruning or reporting. */
function passes(value: unknown, s: Schema): boolean {
  const w: Walk = { unknown: [], causes: [], prune: false };
  walk(value, s, '', w);
  return w.causes.length === 0;
}

function checkCombinators(value: unknown, s: Schema, path: string, fail: (reason: string, message: string) => void): void {
  const branches = (key: string): Schema[] => (Array.isArray(s[key]) ? (s[key] as unknown[]).filter(isMap) : []) as Schema[];
  for (const b of branches('allOf')) {
    if (!passes(value, b)) fail('FieldValueInvalid', `Invalid value: ${shown(value)}: ${path || 'value'} must validate all the schemas (allOf)`);
  }
  const any = branches('anyOf');
  if (any.length > 0 && !any.some((b) => passes(value, b))) {
    fail('FieldValueInvalid', `Invalid value: ${shown(value)}: ${path || 'value'} must validate at least one schema (anyOf)`);
  }
  const one = branches('oneOf');
  if (one.length > 0 && one.filter((b) => passes(value, b)).length !== 1) {
    fail('FieldValueInvalid', `Invalid value: ${shown(value)}: ${path || 'value'} must validate one and only one schema (oneOf)`);
  }
  if (isMap(s.not) && passes(value, s.not as Schema)) {
    fail('FieldValueInvalid', `Invalid value: ${shown(value)}: ${path || 'value'} must not validate the schema (not)`);
  }
}

/** Validates a whole object against its kind's schema; metadata always uses METADATA_SCHEMA. */
export function validateObject(object: JsonMap, schema: Schema | undefined): ValidationResult {
  const w: Walk = { unknown: [], causes: [], prune: true };
  const root: Schema = schema ?? { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };
  const value = walk(object, root, '', w, true) as JsonMap;
  return { value, unknown: w.unknown, causes: w.causes };
}

