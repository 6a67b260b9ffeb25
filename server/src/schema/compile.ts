/**
 * Compiles structural schemas into validators, once, and caches them.
 *
 *   raw openAPIV3Schema (K8sSchema) + TranslateOptions (status ignored? cluster-scoped?)
 *     -> structural.ts toAjvSchema()  -> ajv.compile()  -> ValidateFunction  (schema checks)
 *     -> cel-plan.ts buildCelPlan()   -> CelPlan          (x-kubernetes-validations, compiled rules)
 *   = CompiledSchema, cached by a key the caller derives from the schema file and the options
 *     (validator.ts), so at most one compilation per apiVersion/kind/channel, and fewer when
 *     versions or channels share a schema file.
 *
 * One ajv instance per SchemaCompiler holds our formats (formats.ts), the list-type keywords and a
 * RegExp engine that speaks Go RE2 (re2.ts). Options: `allErrors` (every mistake in one pass),
 * `verbose` (errors carry their schema node, which errors.ts reads for did-you-mean and
 * defaults), `messages: false` (errors.ts writes its own), `strict: false` (CRDs carry keywords
 * ajv does not know), no meta-schema validation (the API server already accepted the CRD) and no
 * code optimisation (see createAjv).
 *
 * Compilation is the expensive part (tens to hundreds of milliseconds for the big Gateway API
 * kinds); validation with a compiled function is microseconds. Nothing here runs per document.
 */
import Ajv, { type ErrorObject, type SchemaObject, type ValidateFunction } from 'ajv';
import { API_SERVER_FORMATS, METADATA_FORMATS } from './formats';
import { compileRe2 } from './re2';
import { buildCelPlan, type CelPlan } from './cel-plan';
import { toAjvSchema, type K8sSchema, type ListMapKeyword, type TranslateOptions } from './structural';

export interface CompiledSchema {
  readonly key: string;
  readonly validate: ValidateFunction;
  /** Null when the schema has no x-kubernetes-validations. */
  readonly cel: CelPlan | null;
  /** Milliseconds spent compiling (ajv + CEL rules). */
  readonly compileMs: number;
}

export interface CompileStats {
  /** How many schemas were compiled (a cache hit does not count). */
  compiled: number;
  /** Total milliseconds spent compiling. */
  compileMs: number;
}

const NEVER = { test: (): boolean => true };

/** ajv RegExp engine: Go RE2 semantics; untranslatable patterns never reach it (structural.ts). */
function re2Engine(pattern: string): { test: (s: string) => boolean } {
  return compileRe2(pattern) ?? NEVER;
}
re2Engine.code = 'new RegExp';

function stableKey(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'undefined';
  if (Array.isArray(v)) return '[' + v.map(stableKey).join(',') + ']';
  const o = v as Record<string, unknown>;
  return '{' + Object.keys(o).sort().map((k) => JSON.stringify(k) + ':' + stableKey(o[k])).join(',') + '}';
}

type KeywordValidate = ((schema: unknown, data: unknown, parentSchema?: unknown, cxt?: { instancePath: string }) => boolean) & {
  errors?: Partial<ErrorObject>[];
};

/** `x-kubernetes-list-type: set`: items must be unique. */
const listSet: KeywordValidate = (_schema, data, _parent, cxt) => {
  if (!Array.isArray(data) || data.length < 2) return true;
  const seen = new Map<string, number>();
  const errors: Partial<ErrorObject>[] = [];
  data.forEach((item, i) => {
    const k = stableKey(item);
    const first = seen.get(k);
    if (first === undefined) seen.set(k, i);
    else errors.push({ keyword: 'x-k8s-list-set', instancePath: `${cxt?.instancePath ?? ''}/${i}`, params: { firstIndex: first, value: item } });
  });
  listSet.errors = errors;
  return errors.length === 0;
};

/** `x-kubernetes-list-type: map`: the map keys identify an item; no two items may share them. */
const listMap: KeywordValidate = (schema, data, _parent, cxt) => {
  if (!Array.isArray(data) || data.length < 2) return true;
  const { keys, defaults } = schema as ListMapKeyword;
  const seen = new Map<string, number>();
  const errors: Partial<ErrorObject>[] = [];
  data.forEach((item, i) => {
    if (item === null || typeof item !== 'object' || Array.isArray(item)) return;
    const rec = item as Record<string, unknown>;
    const values = keys.map((k) => rec[k] ?? defaults[k] ?? null);
    const k = stableKey(values);
    const first = seen.get(k);
    if (first === undefined) seen.set(k, i);
    else errors.push({ keyword: 'x-k8s-list-map', instancePath: `${cxt?.instancePath ?? ''}/${i}`, params: { firstIndex: first, keys, values } });
  });
  listMap.errors = errors;
  return errors.length === 0;
};

/** Creates the ajv instance with everything API-server specific registered. */
function createAjv(): Ajv {
  const ajv = new Ajv({
    allErrors: true,
    verbose: true,
    messages: false,
    strict: false,
    validateSchema: false,
    addUsedSchema: false,
    validateFormats: true,
    // ajv's code optimiser (dead-variable removal) doubles compile time on the big inlined
    // schemas (Rollout, Deployment: ~1.7 MB of generated code) and gains nothing measurable at
    // validation time, so it is off.
    code: { regExp: re2Engine, optimize: false },
  });
  for (const [name, info] of Object.entries(API_SERVER_FORMATS)) ajv.addFormat('k8s:' + name, { type: 'string', validate: info.validate });
  for (const [name, info] of Object.entries(METADATA_FORMATS)) ajv.addFormat(name, { type: 'string', validate: info.validate });
  ajv.addKeyword({ keyword: 'x-k8s-list-set', type: 'array', schemaType: 'boolean', errors: true, validate: listSet });
  ajv.addKeyword({ keyword: 'x-k8s-list-map', type: 'array', schemaType: 'object', errors: true, validate: listMap });
  return ajv;
}

/** Compiles and caches validators; one per SchemaValidator (no global state). */
export class SchemaCompiler {
  private readonly ajv = createAjv();
  private readonly cache = new Map<string, CompiledSchema>();
  readonly stats: CompileStats = { compiled: 0, compileMs: 0 };

  /**
   * The cached validator for `key`, compiling `load()`'s schema on first use. The key must
   * identify the schema and the options together.
   */
  get(key: string, load: () => K8sSchema, options: TranslateOptions = {}): CompiledSchema {
    const hit = this.cache.get(key);
    if (hit) return hit;
    const compiled = this.compile(key, load(), options);
    this.cache.set(key, compiled);
    return compiled;
  }

  has(key: string): boolean {
    return this.cache.has(key);
  }

  private compile(key: string, raw: K8sSchema, options: TranslateOptions): CompiledSchema {
    const start = performance.now();
    const ajvSchema: SchemaObject = toAjvSchema(raw, options);
    const validate = this.ajv.compile(ajvSchema);
    const cel = buildCelPlan(raw, options);
    const compileMs = performance.now() - start;
    this.stats.compiled += 1;
    this.stats.compileMs += compileMs;
    return { key, validate, cel, compileMs };
  }
}
