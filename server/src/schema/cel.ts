/**
 * `x-kubernetes-validations`: CEL rules evaluated the way the API server evaluates them on create.
 *
 *   build time (compile.ts, once per schema):
 *     K8sSchema --buildCelPlan--> CelPlan: a tree that mirrors the schema but keeps only the
 *     branches leading to rules; each rule compiled once (cached by source text, shared by all
 *     schemas) into a CompiledRule with status ok | transition | unsupported.
 *   validation time (validator.ts, per document):
 *     evaluateCel(plan, document, isSuppressed) walks the document along the plan; at every node
 *     with rules it converts the value to CEL form (toCel) and runs each `ok` rule with `self`.
 *
 * Semantics:
 *   - `self` is the value at the rule's location, converted by the schema like the API server
 *     does: integers become CEL ints (BigInt), property names that CEL cannot spell are escaped
 *     (`namespace` -> `__namespace__`, `a-b` -> `a__dash__b`), defaults are applied to absent
 *     fields, non-nullable nulls are pruned, unknown fields dropped;
 *   - transition rules (they mention `oldSelf`) are skipped: a file has no old object;
 *   - a rule that does not parse or type-check (unknown function, ...) is `unsupported` and never
 *     runs; a rule whose evaluation throws or yields a non-boolean produces nothing. We never
 *     report a rule we could not evaluate;
 *   - `message`, `messageExpression` (falling back to `message`, then "failed rule: <rule>"),
 *     `fieldPath` (appended to the rule's location) and `reason` (prefix of the message) are honoured;
 *   - the caller passes `isSuppressed(path)`: true when schema findings already exist at or under
 *     the location, so one mistake (a bad enum, a misspelt field) does not also fail the rules
 *     on the way up to the root; rules in other branches of the document still run.
 *   - Go regexes: `matches(...)` is rewritten to our RE2-aware `k8sMatches(...)` (cel-library.ts).
 */
import { Environment, type ParseResult } from '@marcbachmann/cel-js';
import type { PathFinding } from '../findings/finding';
import type { Path } from '../parse/types';
import { finding } from './codes';
import { registerKubernetesLibrary, type LibraryReport } from './cel-library';
import { displayPath, isContainer, valueAt } from './paths';
import type { K8sSchema, ValidationRule } from './structural';

export type RuleStatus = 'ok' | 'transition' | 'unsupported';

export interface CompiledRule {
  readonly source: ValidationRule;
  readonly status: RuleStatus;
  /** Why the rule is unsupported (parse or type error), for diagnostics and coverage reports. */
  readonly error?: string;
  readonly program: ParseResult | null;
  readonly messageProgram: ParseResult | null;
  readonly fieldPath: readonly (string | number)[];
}

export interface CelNode {
  readonly schema: K8sSchema;
  readonly rules: readonly CompiledRule[];
  readonly props: readonly (readonly [string, CelNode])[] | null;
  readonly additional: CelNode | null;
  readonly items: CelNode | null;
}

export interface CelPlan {
  readonly root: CelNode;
  /** Every rule in the schema, including transition and unsupported ones. */
  readonly rules: readonly CompiledRule[];
}

// ---------------------------------------------------------------------------------------------
// Environment and compilation.

let environment: { env: Environment; library: LibraryReport } | null = null;

function env(): Environment {
  if (!environment) {
    const e = new Environment({
      unlistedVariablesAreDyn: false,
      homogeneousAggregateLiterals: false,
      enableOptionalTypes: true,
      limits: { maxAstNodes: 100_000, maxDepth: 250, maxListElements: 10_000, maxMapEntries: 10_000, maxCallArguments: 32 },
    });
    e.registerVariable('self', 'dyn');
    const library = registerKubernetesLibrary(e);
    environment = { env: e, library };
  }
  return environment.env;
}

/** What the Kubernetes library registration did (signatures cel-js refused are listed). */
export function celLibraryReport(): LibraryReport {
  env();
  return environment!.library;
}

/** Applies `rewrite` to the parts of a CEL source that are not string literals. */
function rewriteCode(src: string, rewrite: (code: string) => string): string {
  let out = '';
  let code = '';
  let i = 0;
  const flush = (): void => {
    out += rewrite(code);
    code = '';
  };
  while (i < src.length) {
    const c = src[i]!;
    if (c === '"' || c === "'") {
      const start = i;
      const prev = src[i - 1];
      const raw = prev === 'r' || prev === 'R' || ((prev === 'b' || prev === 'B') && /[rR]/.test(src[i - 2] ?? ''));
      const triple = src.startsWith(c.repeat(3), i);
      const quote = triple ? c.repeat(3) : c;
      let j = i + quote.length;
      while (j < src.length && !src.startsWith(quote, j)) j += !raw && src[j] === '\\' ? 2 : 1;
      j = Math.min(src.length, j + quote.length);
      flush();
      out += src.slice(start, j);
      i = j;
      continue;
    }
    code += c;
    i += 1;
  }
  flush();
  return out;
}

/** Rewrites `x.matches(re)`/`matches(x, re)` to the RE2-aware `k8sMatches`. */
export function rewriteMatches(src: string): string {
  return rewriteCode(src, (code) =>
    code.replace(/\.(\s*)matches(\s*)\(/g, '.$1k8sMatches$2(').replace(/(^|[^.\w])matches(\s*)\(/g, '$1k8sMatches$2('),
  );
}

/** Rewrites `has(` to `k8sHas(`, which accepts any receiver expression. */
export function rewriteHas(src: string): string {
  return rewriteCode(src, (code) => code.replace(/(^|[^.\w])has(\s*)\(/g, '$1k8sHas$2('));
}

const programCache = new Map<string, { program: ParseResult | null; error?: string }>();

/** Parses and type-checks a CEL expression once; null program when it cannot be supported. */
function compileExpression(src: string): { program: ParseResult | null; error?: string } {
  const hit = programCache.get(src);
  if (hit) return hit;
  let result = tryCompile(rewriteMatches(src));
  if (!result.program && result.error?.includes('has() invalid argument')) result = tryCompile(rewriteHas(rewriteMatches(src)));
  programCache.set(src, result);
  return result;
}

function tryCompile(src: string): { program: ParseResult | null; error?: string } {
  try {
    const program = env().parse(src);
    const check = program.check();
    return check.valid ? { program } : { program: null, error: firstLine(check.error?.message ?? 'type error') };
  } catch (e) {
    return { program: null, error: firstLine(e instanceof Error ? e.message : String(e)) };
  }
}

function firstLine(s: string): string {
  return s.split('\n', 1)[0]!;
}

function mentionsOldSelf(src: string): boolean {
  // Cheap and conservative: any identifier `oldSelf` outside a string literal.
  return /\boldSelf\b/.test(src.replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, '""'));
}

/** Parses a rule's fieldPath (`.spec.foo`, `.foo['bar.baz']`, `.list[0]`); [] when malformed. */
export function parseFieldPath(fp: string | undefined): (string | number)[] {
  if (!fp) return [];
  const out: (string | number)[] = [];
  const re = /\.([A-Za-z_][A-Za-z0-9_-]*)|\[\s*'((?:[^'\\]|\\.)*)'\s*\]|\[\s*"((?:[^"\\]|\\.)*)"\s*\]|\[\s*(\d+)\s*\]/y;
  let i = 0;
  while (i < fp.length) {
    re.lastIndex = i;
    const m = re.exec(fp);
    if (!m) return [];
    if (m[1] !== undefined) out.push(m[1]);
    else if (m[2] !== undefined) out.push(m[2].replace(/\\(.)/g, '$1'));
    else if (m[3] !== undefined) out.push(m[3].replace(/\\(.)/g, '$1'));
    else out.push(Number(m[4]));
    i = re.lastIndex;
  }
  return out;
}

const compiledRuleCache = new Map<string, CompiledRule>();

/** Compiles one validation entry (cached by its full content). */
export function compileRule(rule: ValidationRule): CompiledRule {
  const key = JSON.stringify([rule.rule, rule.message, rule.messageExpression, rule.reason, rule.fieldPath]);
  const hit = compiledRuleCache.get(key);
  if (hit) return hit;
  let compiled: CompiledRule;
  const fieldPath = parseFieldPath(rule.fieldPath);
  if (typeof rule.rule !== 'string' || rule.rule.trim() === '') {
    compiled = { source: rule, status: 'unsupported', error: 'empty rule', program: null, messageProgram: null, fieldPath };
  } else if (mentionsOldSelf(rule.rule)) {
    compiled = { source: rule, status: 'transition', program: null, messageProgram: null, fieldPath };
  } else {
    const { program, error } = compileExpression(rule.rule);
    const messageProgram = rule.messageExpression ? compileExpression(rule.messageExpression).program : null;
    compiled = program
      ? { source: rule, status: 'ok', program, messageProgram, fieldPath }
      : { source: rule, status: 'unsupported', error, program: null, messageProgram: null, fieldPath };
  }
  compiledRuleCache.set(key, compiled);
  return compiled;
}

// ---------------------------------------------------------------------------------------------
// The plan.

function buildNode(s: K8sSchema, all: CompiledRule[]): CelNode | null {
  const rules = (s['x-kubernetes-validations'] ?? []).map(compileRule);
  all.push(...rules);
  let props: [string, CelNode][] | null = null;
  for (const [k, v] of Object.entries(s.properties ?? {})) {
    const child = buildNode(v, all);
    if (child) (props ??= []).push([k, child]);
  }
  const additional = s.additionalProperties && typeof s.additionalProperties === 'object' ? buildNode(s.additionalProperties, all) : null;
  const items = s.items ? buildNode(s.items, all) : null;
  if (rules.length === 0 && !props && !additional && !items) return null;
  return { schema: s, rules: rules.filter((r) => r.status === 'ok'), props, additional, items };
}

/**
 * The CEL plan of a schema, or null when it has no rules at all. With `statusIgnored`, rules
 * under the root `status` are left out: the API server drops status before validating.
 */
export function buildCelPlan(root: K8sSchema, options: { readonly statusIgnored?: boolean } = {}): CelPlan | null {
  const rules: CompiledRule[] = [];
  let schema = root;
  if (options.statusIgnored && root.properties?.status) {
    const { status: _status, ...rest } = root.properties;
    schema = { ...root, properties: rest };
  }
  const node = buildNode(schema, rules);
  return node ? { root: node, rules } : null;
}

// ---------------------------------------------------------------------------------------------
// Values: document JSON -> CEL values, directed by the schema.

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

function isPlainObject(v: unknown): v is Record<string, unknown> {
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

function toCel(v: unknown, s: K8sSchema | undefined, memo: Map<object, unknown>): unknown {
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

// ---------------------------------------------------------------------------------------------
// Evaluation.

const REASON_PREFIX: Readonly<Record<string, string>> = {
  FieldValueRequired: 'Required value: ',
  FieldValueForbidden: 'Forbidden: ',
  FieldValueDuplicate: 'Duplicate value: ',
};

export interface CelRunStats {
  /** Rule evaluations that produced true or false. */
  evaluated: number;
  /** Rule evaluations that threw or produced a non-boolean (reported as nothing). */
  failed: number;
  /** When present, every unevaluable evaluation is logged here (diagnostics and coverage). */
  readonly failures?: { rule: string; path: string; error: string }[];
  /** When present, the source of every rule that evaluated to a boolean is added (coverage). */
  readonly evaluatedRules?: Set<string>;
}

function noteFailure(stats: CelRunStats, rule: CompiledRule, path: Path, error: string): void {
  stats.failed += 1;
  stats.failures?.push({ rule: rule.source.rule, path: displayPath(path), error });
}

function messageFor(rule: CompiledRule, self: unknown): string {
  if (rule.messageProgram) {
    try {
      const m: unknown = rule.messageProgram({ self });
      if (typeof m === 'string' && m.trim() !== '') return m;
    } catch {
      // Fall back to the static message, as the API server does.
    }
  }
  if (rule.source.message && rule.source.message.trim() !== '') return rule.source.message;
  return `failed rule: ${rule.source.rule}`;
}

/**
 * Evaluates every supported rule in `plan` against `doc`. `isSuppressed(path)` skips a location
 * whose subtree already has schema findings. Returns one finding per failing rule.
 */
export function evaluateCel(
  plan: CelPlan,
  doc: unknown,
  isSuppressed: (path: Path) => boolean,
  stats?: CelRunStats,
): PathFinding[] {
  const out: PathFinding[] = [];
  const memo = new Map<object, unknown>();
  const path: (string | number)[] = [];

  const visit = (node: CelNode, value: unknown): void => {
    if (value === null || value === undefined) return;
    if (node.rules.length > 0 && !isSuppressed(path)) {
      const self = toCel(value, node.schema, memo);
      const context = { self };
      for (let r = 0; r < node.rules.length; r++) {
        const rule = node.rules[r]!;
        let result: unknown;
        try {
          result = rule.program!(context);
        } catch (e) {
          if (stats) noteFailure(stats, rule, path, e instanceof Error ? firstLine(e.message) : String(e));
          continue;
        }
        if (typeof result !== 'boolean') {
          if (stats) noteFailure(stats, rule, path, `result is ${typeof result}, not a boolean`);
          continue;
        }
        if (stats) {
          stats.evaluated += 1;
          stats.evaluatedRules?.add(rule.source.rule);
        }
        if (result) continue;
        const at = rule.fieldPath.length > 0 ? [...path, ...rule.fieldPath] : [...path];
        const target = at.length > 0 && isContainer(valueAt(doc, at)) ? 'key' : 'value';
        const prefix = REASON_PREFIX[rule.source.reason ?? ''] ?? '';
        out.push(finding('celRule', `${displayPath(at)}: ${prefix}${messageFor(rule, self)}`, at, target));
      }
    }
    if (node.props && isPlainObject(value)) {
      for (let p = 0; p < node.props.length; p++) {
        const [k, child] = node.props[p]!;
        const x = value[k];
        if (x === undefined || x === null) continue;
        path.push(k);
        visit(child, x);
        path.pop();
      }
    }
    if (node.additional && isPlainObject(value)) {
      for (const k in value) {
        path.push(k);
        visit(node.additional, value[k]);
        path.pop();
      }
    }
    if (node.items && Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        path.push(i);
        visit(node.items, value[i]);
        path.pop();
      }
    }
  };
  visit(plan.root, doc);
  return out;
}
