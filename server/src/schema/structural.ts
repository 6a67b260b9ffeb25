/**
 * Kubernetes structural schemas (a CRD version's `openAPIV3Schema`) and their translation into a
 * JSON Schema that ajv evaluates with the API server's semantics.
 *
 *   K8sSchema (verbatim from schemas/<mesh>/<file>.json)
 *     -> toAjvSchema() -> ajv SchemaObject (compile.ts compiles it once per kind)
 *
 * What the translation encodes, node by node:
 *   - pruning as unknown fields: an object with `properties` (or a bare `type: object`) and
 *     neither `additionalProperties` nor `x-kubernetes-preserve-unknown-fields` gets
 *     `additionalProperties: false`, so every field the API server would drop is reported;
 *   - `x-kubernetes-int-or-string` becomes `type: [integer, string]` (its usual
 *     `anyOf: [{type: integer}, {type: string}]` is redundant and dropped);
 *   - `nullable: true` adds `null` to the type (and to `enum`); non-nullable nulls stay errors for
 *     ajv and errors-keywords.ts decides what the API server makes of them (it prunes nulls of
 *     object fields, so those are not reported unless the field is required);
 *   - `exclusiveMinimum: true` (OpenAPI 3.0 boolean form) becomes the draft-07 number form;
 *   - `pattern` stays only if re2.ts can translate it; `format` stays only for the formats the
 *     API server validates (formats.ts) and is renamed to our `k8s:` formats;
 *   - `x-kubernetes-list-type: set|map` become our `x-k8s-list-set`/`x-k8s-list-map` keywords;
 *   - `x-kubernetes-embedded-resource` objects require a non-empty apiVersion and kind, and accept
 *     metadata (ObjectMeta);
 *   - the root `metadata` is replaced by the ObjectMeta schema (objectmeta.ts);
 *   - with `statusIgnored` (the CRD has the status subresource, or a built-in kind), the root
 *     `status` keeps only its shape: the API server deletes status on create and ignores it on
 *     update, so only strict decoding's unknown-field check ever applies to it;
 *   - allOf/anyOf/oneOf/not subtrees are value validations only (structural schemas forbid types
 *     and new fields there), so no `additionalProperties: false` is injected inside them.
 * Descriptions, examples and other annotations are dropped to keep compiled code small; `default`
 * is kept because errors-keywords.ts needs it (a missing required field with a default is not an
 * error).
 */
import type { SchemaObject } from 'ajv';
import { ajvFormatName } from './formats';
import { embeddedObjectMetaSchema, rootObjectMetaSchema } from './objectmeta';
import { compileRe2 } from './re2';

/** One `x-kubernetes-validations` entry. */
export interface ValidationRule {
  readonly rule: string;
  readonly message?: string;
  readonly messageExpression?: string;
  readonly reason?: string;
  readonly fieldPath?: string;
  readonly optionalOldSelf?: boolean;
}

/** The subset of a CRD's OpenAPI v3 schema that validation reads. */
export interface K8sSchema {
  readonly type?: string;
  readonly format?: string;
  readonly nullable?: boolean;
  readonly default?: unknown;
  readonly enum?: readonly unknown[];
  readonly pattern?: string;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: boolean | number;
  readonly exclusiveMaximum?: boolean | number;
  readonly multipleOf?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly uniqueItems?: boolean;
  readonly minProperties?: number;
  readonly maxProperties?: number;
  readonly required?: readonly string[];
  readonly properties?: Readonly<Record<string, K8sSchema>>;
  readonly additionalProperties?: boolean | K8sSchema;
  readonly items?: K8sSchema;
  readonly allOf?: readonly K8sSchema[];
  readonly anyOf?: readonly K8sSchema[];
  readonly oneOf?: readonly K8sSchema[];
  readonly not?: K8sSchema;
  readonly 'x-kubernetes-int-or-string'?: boolean;
  readonly 'x-kubernetes-preserve-unknown-fields'?: boolean;
  readonly 'x-kubernetes-embedded-resource'?: boolean;
  readonly 'x-kubernetes-list-type'?: string;
  readonly 'x-kubernetes-list-map-keys'?: readonly string[];
  readonly 'x-kubernetes-validations'?: readonly ValidationRule[];
}

/** Parameters of the `x-k8s-list-map` keyword. */
export interface ListMapKeyword {
  readonly keys: readonly string[];
  /** Defaults of the key fields: the API server defaults before it checks uniqueness. */
  readonly defaults: Readonly<Record<string, unknown>>;
}

function isIntOrStringAnyOf(list: readonly K8sSchema[]): boolean {
  return list.every((b) => Object.keys(b).length === 1 && (b.type === 'integer' || b.type === 'string'));
}

/** Copies the value validations shared by structural and junctor nodes. */
function copyValueValidations(s: K8sSchema, out: SchemaObject, nullable: boolean): void {
  if (s.enum) out.enum = nullable && !s.enum.includes(null) ? [...s.enum, null] : [...s.enum];
  if (typeof s.format === 'string' && (s.type === 'string' || s.type === undefined || s['x-kubernetes-int-or-string'])) {
    const f = ajvFormatName(s.format);
    if (f) out.format = f;
  }
  if (typeof s.pattern === 'string' && compileRe2(s.pattern) !== null) out.pattern = s.pattern;
  if (typeof s.minimum === 'number') {
    if (s.exclusiveMinimum === true) out.exclusiveMinimum = s.minimum;
    else out.minimum = s.minimum;
  } else if (typeof s.exclusiveMinimum === 'number') out.exclusiveMinimum = s.exclusiveMinimum;
  if (typeof s.maximum === 'number') {
    if (s.exclusiveMaximum === true) out.exclusiveMaximum = s.maximum;
    else out.maximum = s.maximum;
  } else if (typeof s.exclusiveMaximum === 'number') out.exclusiveMaximum = s.exclusiveMaximum;
  if (typeof s.multipleOf === 'number' && s.multipleOf > 0) out.multipleOf = s.multipleOf;
  for (const k of ['minLength', 'maxLength', 'minItems', 'maxItems', 'minProperties', 'maxProperties'] as const) {
    if (typeof s[k] === 'number') out[k] = s[k];
  }
  if (s.uniqueItems === true) out.uniqueItems = true;
  if (s.required && s.required.length > 0) out.required = [...s.required];
}

/** Converts the children of a junctor (allOf/anyOf/oneOf/not): value validations only. */
function junctorNode(s: K8sSchema): SchemaObject {
  const out: SchemaObject = {};
  if (typeof s.type === 'string') out.type = s.type;
  copyValueValidations(s, out, false);
  if (s.properties) {
    const props: Record<string, SchemaObject> = {};
    for (const [k, v] of Object.entries(s.properties)) props[k] = junctorNode(v);
    out.properties = props;
  }
  if (s.additionalProperties && typeof s.additionalProperties === 'object') {
    out.additionalProperties = junctorNode(s.additionalProperties);
  }
  if (s.items) out.items = junctorNode(s.items);
  copyJunctors(s, out, junctorNode);
  return out;
}

function copyJunctors(s: K8sSchema, out: SchemaObject, convert: (x: K8sSchema) => SchemaObject): void {
  if (s.allOf && s.allOf.length > 0) out.allOf = s.allOf.map(convert);
  if (s.anyOf && s.anyOf.length > 0 && !(s['x-kubernetes-int-or-string'] && isIntOrStringAnyOf(s.anyOf))) {
    out.anyOf = s.anyOf.map(convert);
  }
  if (s.oneOf && s.oneOf.length > 0) out.oneOf = s.oneOf.map(convert);
  if (s.not) out.not = convert(s.not);
}

/** Only the shape of a subtree: unknown fields are still found, values are not checked. */
function pruneOnlyNode(s: K8sSchema): SchemaObject {
  const out: SchemaObject = {};
  const preserve = s['x-kubernetes-preserve-unknown-fields'] === true;
  if (s.properties) {
    const props: Record<string, SchemaObject> = {};
    for (const [k, v] of Object.entries(s.properties)) props[k] = pruneOnlyNode(v);
    out.properties = props;
  }
  if (s.additionalProperties && typeof s.additionalProperties === 'object') out.additionalProperties = pruneOnlyNode(s.additionalProperties);
  else if ((s.type === 'object' || s.properties) && s.additionalProperties === undefined && !preserve) out.additionalProperties = false;
  if (s.items) out.items = pruneOnlyNode(s.items);
  return out;
}

function structuralNode(s: K8sSchema, isRoot: boolean, options: TranslateOptions = {}): SchemaObject {
  const out: SchemaObject = {};
  const nullable = s.nullable === true;
  const ios = s['x-kubernetes-int-or-string'] === true;
  const preserve = s['x-kubernetes-preserve-unknown-fields'] === true;
  const types: string[] = ios ? ['integer', 'string'] : typeof s.type === 'string' ? [s.type] : [];
  if (types.length > 0 && nullable) types.push('null');
  if (types.length === 1) out.type = types[0];
  else if (types.length > 1) out.type = types;
  if (s.default !== undefined) out.default = s.default;
  copyValueValidations(s, out, nullable);

  const isObject = s.type === 'object';
  const props: Record<string, SchemaObject> = {};
  if (s.properties) {
    for (const [k, v] of Object.entries(s.properties)) props[k] = structuralNode(v, false);
  }
  if (isRoot) {
    props.metadata = rootObjectMetaSchema(options.clusterScoped === true);
    props.apiVersion ??= { type: 'string' };
    props.kind ??= { type: 'string' };
  } else if (s['x-kubernetes-embedded-resource'] === true) {
    // The API server requires a non-empty apiVersion and kind in an embedded object, not metadata.
    props.apiVersion = { type: 'string', minLength: 1 };
    props.kind = { type: 'string', minLength: 1 };
    props.metadata = embeddedObjectMetaSchema();
    out.required = [...new Set([...((out.required as string[] | undefined) ?? []), 'apiVersion', 'kind'])];
  }
  if (Object.keys(props).length > 0) out.properties = props;

  if (s.additionalProperties !== undefined) {
    if (typeof s.additionalProperties === 'object') out.additionalProperties = structuralNode(s.additionalProperties, false);
    else if (s.additionalProperties === false && !preserve) out.additionalProperties = false;
  } else if ((isObject || s.properties) && !preserve) {
    // Everything not declared would be pruned.
    out.additionalProperties = false;
  }
  if (s.items) out.items = structuralNode(s.items, false);

  const listType = s['x-kubernetes-list-type'];
  if (listType === 'set') out['x-k8s-list-set'] = true;
  else if (listType === 'map' && s['x-kubernetes-list-map-keys'] && s['x-kubernetes-list-map-keys'].length > 0) {
    const defaults: Record<string, unknown> = {};
    for (const k of s['x-kubernetes-list-map-keys']) {
      const d = s.items?.properties?.[k]?.default;
      if (d !== undefined) defaults[k] = d;
    }
    const kw: ListMapKeyword = { keys: [...s['x-kubernetes-list-map-keys']], defaults };
    out['x-k8s-list-map'] = kw;
  }
  copyJunctors(s, out, junctorNode);
  return out;
}

export interface TranslateOptions {
  /** The API server never validates `status` on the main endpoint (see the module comment). */
  readonly statusIgnored?: boolean;
  /** A cluster-scoped kind: `metadata.namespace` is cleared by the API server, not checked. */
  readonly clusterScoped?: boolean;
}

/** Translates a CRD version's `openAPIV3Schema` into the ajv schema compile.ts compiles. */
export function toAjvSchema(root: K8sSchema, options: TranslateOptions = {}): SchemaObject {
  const out = structuralNode(root, true, options);
  const status = root.properties?.status;
  if (options.statusIgnored && status) (out.properties as Record<string, SchemaObject>).status = pruneOnlyNode(status);
  return out;
}
