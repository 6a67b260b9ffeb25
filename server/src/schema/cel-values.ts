/**
 * Document JSON -> CEL values, directed by the schema, the way the API server builds `self`.
 *
 *   (value, schema node) --toCel--> CEL value
 *
 * Integers become CEL ints (BigInt); property names that CEL cannot spell are escaped
 * (`namespace` -> `__namespace__`, `a-b` -> `a__dash__b`); defaults are applied to absent fields;
 * non-nullable nulls are pruned; unknown fields are dropped unless the schema preserves them. A rule
 * therefore sees the object the API server would have stored, not the text of the file.
 */
import type { K8sSchema } from './structural';

const CEL_RESERVED = new Set([
  'true', 'false', 'null', 'in', 'as', 'break', 'const', 'continue', 'else', 'for', 'function', 'if', 'import', 'let',
  'loop', 'package', 'namespace', 'return', 'var', 'void', 'while',
]);

const escapeCache = new Map<string, string | null>();

/** The name CEL sees for a property (Kubernetes escaping rules); null when not accessible. */
export function escapePropertyName(name: string): string | null {
  const hit = escapeCache.get(name);
  if (hit !== undefined) return hit;
  let out: string | null;
  if (CEL_RESERVED.has(name)) out = `__${name}__`;
  else if (!/^[A-Za-z_.\-/][A-Za-z0-9_.\-/]*$/.test(name)) out = null;
  else out = name.replace(/__/g, '__underscores__').replace(/\./g, '__dot__').replace(/-/g, '__dash__').replace(/\//g, '__slash__');
  escapeCache.set(name, out);
  return out;
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function generic(v: unknown): unknown {
  if (typeof v === 'number') return Number.isInteger(v) ? BigInt(v) : v;
  if (Array.isArray(v)) return v.map(generic);
  if (isPlainObject(v)) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v)) out[k] = generic(v[k]);
    return out;
  }
  return v;
}

/** How to convert an object node: precomputed once per schema node (schemas are immutable). */
interface ObjectPlan {
  /** Declared properties by name: the name CEL sees (null: not accessible) and the schema. */
  readonly props: ReadonlyMap<string, { readonly name: string | null; readonly schema: K8sSchema }> | null;
  /** Properties with a default, applied when absent (or a non-nullable null). */
  readonly defaults: readonly { readonly key: string; readonly name: string; readonly schema: K8sSchema }[];
  readonly preserve: boolean;
  readonly additional: K8sSchema | null;
}

const objectPlans = new WeakMap<K8sSchema, ObjectPlan>();

function objectPlan(s: K8sSchema): ObjectPlan {
  let plan = objectPlans.get(s);
  if (plan) return plan;
  let props: Map<string, { name: string | null; schema: K8sSchema }> | null = null;
  const defaults: { key: string; name: string; schema: K8sSchema }[] = [];
  if (s.properties) {
    props = new Map();
    for (const [k, ps] of Object.entries(s.properties)) {
      const name = escapePropertyName(k);
      props.set(k, { name, schema: ps });
      if (name !== null && ps.default !== undefined) defaults.push({ key: k, name, schema: ps });
    }
  }
  const additional = !s.properties && s.additionalProperties && typeof s.additionalProperties === 'object' ? s.additionalProperties : null;
  plan = { props, defaults, preserve: s['x-kubernetes-preserve-unknown-fields'] === true, additional };
  objectPlans.set(s, plan);
  return plan;
}

function toCelObject(v: Record<string, unknown>, s: K8sSchema, memo: Map<object, unknown>): unknown {
  const plan = objectPlan(s);
  if (plan.props) {
    // Walk the value's keys (usually far fewer than the schema's properties), then defaults.
    const out: Record<string, unknown> = {};
    for (const k in v) {
      const x = v[k];
      const p = plan.props.get(k);
      if (p) {
        if (p.name === null || x === undefined || (x === null && !p.schema.nullable)) continue; // pruned (or defaulted below)
        out[p.name] = toCel(x, p.schema, memo);
      } else if (plan.preserve) out[k] = generic(x);
    }
    for (const d of plan.defaults) {
      const x = v[d.key];
      if (x === undefined || (x === null && !d.schema.nullable)) out[d.name] = toCel(d.schema.default, d.schema, memo);
    }
    return out;
  }
  if (plan.additional) {
    const as = plan.additional;
    const out: Record<string, unknown> = {};
    for (const k in v) {
      const x = v[k];
      if (x === null && !as.nullable) continue;
      out[k] = toCel(x, as, memo);
    }
    return out;
  }
  return generic(v);
}

export function toCel(v: unknown, s: K8sSchema | undefined, memo: Map<object, unknown>): unknown {
  if (v === null || v === undefined) return null;
  if (!s) return generic(v);
  if (typeof v !== 'object') {
    if (typeof v === 'number' && Number.isInteger(v) && (s.type === 'integer' || s['x-kubernetes-int-or-string'])) return BigInt(v);
    return v;
  }
  const hit = memo.get(v);
  if (hit !== undefined) return hit;
  let out: unknown;
  if (Array.isArray(v)) {
    if (s.type !== 'array') return generic(v);
    const items = s.items;
    const list = new Array<unknown>(v.length);
    for (let i = 0; i < v.length; i++) list[i] = toCel(v[i], items, memo);
    out = list;
  } else if (s.type === 'object' || s.properties) {
    out = toCelObject(v as Record<string, unknown>, s, memo);
  } else {
    out = generic(v);
  }
  memo.set(v, out);
  return out;
}
