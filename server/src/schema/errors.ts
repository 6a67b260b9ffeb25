/**
 * ajv errors -> PathFindings: one finding per real mistake.
 *
 *   ajv errors (allErrors, verbose) --collapse()--> PathFinding[]
 *
 * ajv reports what failed inside the schema; people need what is wrong in their YAML. So:
 *   - oneOf/anyOf failures are collapsed to one finding. Presence-only alternatives (Istio's
 *     "oneOf: [not anyOf required..., required: [exact], required: [prefix], ...]") become "only one
 *     of `exact`, `prefix`, `regex` may be set" on the second field set, or "one of ... must be
 *     set" on the object. Other alternatives pick the branch the value was evidently aiming for
 *     (branches whose enum/const/not/type checks fail are discriminated out) and report only its
 *     errors; simple alternatives ("ipv4 or ipv6") are phrased as one sentence;
 *   - a wrong type at a path swallows every other error at that path (enum, format, ...);
 *   - nulls follow the API server: a non-nullable null object field is pruned (no finding, unless
 *     the field is required: then it is "missing"); null with a default is defaulted; a null list
 *     item is a wrong type;
 *   - a missing required field that has a default is not an error (the API server defaults first);
 *   - duplicates (same code, path, target and message) are dropped.
 * Targets: unknown fields and bad map keys point at the key; a missing field points at the parent
 * object's key (the value when the parent is the document root); everything else at the value.
 * The caller also gets the paths of all findings, to suppress CEL rules at and above them.
 */
import type { ErrorObject } from 'ajv';
import type { Fix, PathFinding } from '../findings/finding';
import type { Path, PathTarget } from '../parse/types';
import { finding, type SchemaCodeKey } from './codes';
import { describeFormat } from './formats';
import { OBJECT_META_FIELDS } from './objectmeta';
import { displayPath, displayValue, isContainer, pointerToPath, typeName, valueAt } from './paths';
import { suggest } from './suggest';

type AjvError = ErrorObject<string, Record<string, any>, unknown>;
type SchemaNode = Record<string, any>;

export interface CollapseResult {
  readonly findings: PathFinding[];
  /**
   * Paths of all findings: a CEL rule at or above one of them is not run, because it would judge
   * a value that is already wrong (an unknown field is pruned, so rules above it see a different
   * object than the author wrote: `matchLabel:` fails "portLevelMtls requires selector").
   */
  readonly blocking: Path[];
}

interface Ctx {
  readonly doc: unknown;
  readonly rootSchema: SchemaNode;
  readonly out: PathFinding[];
  /** `${instancePath}\u0000${field}` for every unknown field whose did-you-mean names `field`. */
  readonly renames: Set<string>;
}

function add(ctx: Ctx, key: SchemaCodeKey, message: string, path: Path, target: PathTarget, fixes?: readonly Fix[]): void {
  ctx.out.push(finding(key, message, path, target, fixes));
}

/** The key target for a container at `path`, or the value target at the root. */
function objectTarget(path: Path): PathTarget {
  return path.length === 0 ? 'value' : 'key';
}

function where(path: Path): string {
  return path.length === 0 ? 'at the top level' : `in ${displayPath(path)}`;
}

const TYPE_PHRASES: Readonly<Record<string, string>> = {
  integer: 'an integer',
  number: 'a number',
  string: 'a string',
  boolean: 'a boolean (true or false)',
  object: 'an object',
  array: 'a list',
  null: 'null',
};

function typePhrase(t: unknown): string {
  const list = (Array.isArray(t) ? t : String(t).split(',')).filter((x) => x !== 'null');
  return list.map((x) => TYPE_PHRASES[x] ?? x).join(' or ');
}

function schemaAt(root: SchemaNode, schemaPath: string): SchemaNode | undefined {
  let cur: any = root;
  for (const raw of schemaPath.replace(/^#\/?/, '').split('/')) {
    if (raw === '') continue;
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = cur[seg];
  }
  return cur ?? undefined;
}

function isPresent(obj: unknown, key: string): boolean {
  return obj !== null && typeof obj === 'object' && !Array.isArray(obj) && (obj as Record<string, unknown>)[key] !== undefined && (obj as Record<string, unknown>)[key] !== null;
}

// ---------------------------------------------------------------------------------------------
// Simple (non-junctor) errors.

function mapWrongType(ctx: Ctx, e: AjvError, path: Path): void {
  const data = e.data;
  const schema = (e.parentSchema ?? {}) as SchemaNode;
  if (data === null) {
    if (schema.default !== undefined) return; // defaulted by the API server
    const last = path[path.length - 1];
    if (typeof last === 'string') {
      // A null object field is pruned; it only matters if the field is required.
      const parentSchemaPath = e.schemaPath.replace(/\/properties\/[^/]+\/type$/, '');
      if (parentSchemaPath === e.schemaPath) return; // additionalProperties map entry: pruned
      const parent = schemaAt(ctx.rootSchema, parentSchemaPath);
      if (Array.isArray(parent?.required) && parent.required.includes(last)) {
        add(ctx, 'missingRequired', `${displayPath(path)} is required but set to null`, path, 'key');
      }
      return;
    }
    add(ctx, 'wrongType', `${displayPath(path)} must be ${typePhrase(e.schema)}, not null`, path, 'value');
    return;
  }
  const wants = (Array.isArray(e.schema) ? e.schema : String(e.schema).split(',')) as string[];
  // kubectl reads YAML 1.1, where a plain `yes`/`on`/`y` is a boolean; our parser reads YAML 1.2,
  // where it is a string. For a boolean field the API server therefore sees `true`: no finding.
  if (wants.includes('boolean') && typeof data === 'string' && YAML11_BOOLEAN.test(data)) return;
  const expected = typePhrase(e.schema);
  let message = `${displayPath(path)} must be ${expected}, not ${TYPE_PHRASES[typeName(data)] ?? typeName(data)}`;
  if (!isContainer(data)) message += ` (${displayValue(data)})`;
  const fixes: Fix[] = [];
  if (typeof data === 'string' && (wants.includes('integer') || wants.includes('number')) && /^-?\d+(\.\d+)?$/.test(data.trim())) {
    const n = Number(data.trim());
    if (wants.includes('number') || Number.isInteger(n)) {
      message += '; remove the quotes';
      fixes.push({ title: `Use the number ${n}`, edits: [{ op: 'set', path, value: n }], preferred: true });
    }
  } else if (wants.includes('string') && (typeof data === 'number' || typeof data === 'boolean')) {
    message += '; quote it';
    fixes.push({ title: `Quote the value ("${String(data)}")`, edits: [{ op: 'set', path, value: String(data) }], preferred: true });
  } else if (wants.includes('boolean') && typeof data === 'string' && /^(true|false)$/i.test(data)) {
    const b = data.toLowerCase() === 'true';
    message += '; remove the quotes';
    fixes.push({ title: `Use ${b}`, edits: [{ op: 'set', path, value: b }], preferred: true });
  }
  add(ctx, 'wrongType', message, path, 'value', fixes);
}

/** Plain scalars YAML 1.1 (go-yaml v2, used by kubectl) reads as booleans and YAML 1.2 does not. */
const YAML11_BOOLEAN = /^(y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$/;

function mapEnum(ctx: Ctx, e: AjvError, path: Path): void {
  const allowed = ((e.params.allowedValues ?? e.schema) as unknown[]).filter((v) => v !== null);
  const shown = allowed.slice(0, 12).map((v) => (typeof v === 'string' ? v : JSON.stringify(v)));
  const list = shown.join(', ') + (allowed.length > shown.length ? `, ... (${allowed.length} values)` : '');
  let message = `${displayPath(path)} must be one of ${list}; got ${displayValue(e.data)}`;
  const fixes: Fix[] = [];
  if (typeof e.data === 'string') {
    const near = suggest(e.data, allowed.filter((v): v is string => typeof v === 'string'));
    if (near !== null) {
      message += `. Did you mean ${near}?`;
      fixes.push({ title: `Change to ${near}`, edits: [{ op: 'set', path, value: near }], preferred: true });
    }
  }
  add(ctx, 'invalidEnum', message, path, 'value', fixes);
}

function mapRequired(ctx: Ctx, e: AjvError, path: Path): void {
  const missing = String(e.params.missingProperty);
  const props = (e.parentSchema as SchemaNode | undefined)?.properties as Record<string, SchemaNode> | undefined;
  if (props?.[missing]?.default !== undefined) return; // the API server fills it in
  const data = e.data as Record<string, unknown> | undefined;
  if (data && data[missing] === null) return; // reported as "required but set to null" by the type error
  // A misspelt required field: the unknown field's did-you-mean already says it all.
  if (ctx.renames.has(`${e.instancePath}\u0000${missing}`)) return;
  const message =
    path.length === 0 ? `Missing required field \`${missing}\`` : `${displayPath(path)} is missing required field \`${missing}\``;
  add(ctx, 'missingRequired', message, path, objectTarget(path));
}

/** Field names declared where an unknown field was found. */
function knownFields(e: AjvError): string[] {
  const schema = e.parentSchema as SchemaNode | undefined;
  if (schema?.properties?.generateName !== undefined && schema.properties.uid !== undefined) return [...OBJECT_META_FIELDS];
  return Object.keys(schema?.properties ?? {});
}

/** The did-you-mean for an unknown-field error: never a field the object already has. */
function unknownFieldSuggestion(e: AjvError): string | null {
  const key = String(e.params.additionalProperty);
  const present = e.data !== null && typeof e.data === 'object' ? (e.data as Record<string, unknown>) : {};
  return suggest(key, knownFields(e).filter((k) => present[k] === undefined));
}

function mapUnknownField(ctx: Ctx, e: AjvError, path: Path): void {
  const key = String(e.params.additionalProperty);
  const at = [...path, key];
  const known = knownFields(e);
  const near = unknownFieldSuggestion(e);
  if (near !== null) {
    add(ctx, 'unknownField', `Unknown field \`${key}\` ${where(path)}; did you mean \`${near}\`?`, at, 'key', [
      { title: `Rename to ${near}`, edits: [{ op: 'rename-key', path: at, newKey: near }], preferred: true },
    ]);
    return;
  }
  const hint = known.length === 0 ? ' (this object takes no fields)' : '';
  add(ctx, 'unknownField', `Unknown field \`${key}\` ${where(path)}: the API server rejects or drops it${hint}`, at, 'key');
}

function rangeMessage(e: AjvError, path: Path): string {
  const p = displayPath(path);
  const lim = e.params.limit;
  switch (e.keyword) {
    case 'minimum':
      return `${p} must be at least ${lim} (got ${displayValue(e.data)})`;
    case 'maximum':
      return `${p} must be at most ${lim} (got ${displayValue(e.data)})`;
    case 'exclusiveMinimum':
      return `${p} must be greater than ${lim} (got ${displayValue(e.data)})`;
    case 'exclusiveMaximum':
      return `${p} must be less than ${lim} (got ${displayValue(e.data)})`;
    case 'multipleOf':
      return `${p} must be a multiple of ${e.params.multipleOf} (got ${displayValue(e.data)})`;
    case 'minLength':
      return lim === 1 ? `${p} must not be empty` : `${p} must be at least ${lim} characters long (got ${[...String(e.data)].length})`;
    case 'maxLength':
      return `${p} must be at most ${lim} characters long (got ${[...String(e.data)].length})`;
    case 'minItems':
      return `${p} must have at least ${lim} item${lim === 1 ? '' : 's'} (has ${(e.data as unknown[]).length})`;
    case 'maxItems':
      return `${p} must have at most ${lim} item${lim === 1 ? '' : 's'} (has ${(e.data as unknown[]).length})`;
    case 'minProperties':
      return `${p} must have at least ${lim} entr${lim === 1 ? 'y' : 'ies'}`;
    case 'maxProperties':
      return `${p} must have at most ${lim} entr${lim === 1 ? 'y' : 'ies'}`;
    default:
      return `${p} is not valid`;
  }
}

/** A short description of what a `not` schema forbids. */
function describeNot(schema: SchemaNode | undefined, data: unknown): string {
  if (!schema) return 'is not allowed here';
  if (Array.isArray(schema.enum)) return `must not be ${schema.enum.map((v: unknown) => displayValue(v)).join(' or ')}`;
  if (Array.isArray(schema.required) && Object.keys(schema).length === 1) return `must not set ${schema.required.map((r: string) => `\`${r}\``).join(', ')}`;
  if (Array.isArray(schema.anyOf) && schema.anyOf.every((b: SchemaNode) => Array.isArray(b.required) && Object.keys(b).length === 1)) {
    const set = schema.anyOf.flatMap((b: SchemaNode) => b.required as string[]).filter((k: string) => isPresent(data, k));
    return `must not set ${set.map((k: string) => `\`${k}\``).join(', ') || 'these fields'}`;
  }
  if (typeof schema.type === 'string') return `must not be ${TYPE_PHRASES[schema.type] ?? schema.type}`;
  return 'is not allowed here';
}

function mapSimple(ctx: Ctx, e: AjvError): void {
  const path = pointerToPath(e.instancePath, ctx.doc);
  const p = displayPath(path);
  switch (e.keyword) {
    case 'type':
      return mapWrongType(ctx, e, path);
    case 'enum':
      return mapEnum(ctx, e, path);
    case 'const':
      return add(ctx, 'invalidEnum', `${p} must be ${displayValue(e.params.allowedValue)}; got ${displayValue(e.data)}`, path, 'value');
    case 'required':
      return mapRequired(ctx, e, path);
    case 'additionalProperties':
      return mapUnknownField(ctx, e, path);
    case 'format': {
      if (e.propertyName !== undefined) {
        // A map key (label or annotation key) with a bad format.
        const at = [...path, e.propertyName];
        return add(ctx, 'invalidValue', `${displayPath(at)}: the key must be ${describeFormat(String(e.params.format))}`, at, 'key');
      }
      return add(ctx, 'invalidValue', `${p} must be ${describeFormat(String(e.params.format))} (got ${displayValue(e.data)})`, path, 'value');
    }
    case 'pattern':
      return add(ctx, 'invalidValue', `${p} must match the pattern ${e.params.pattern} (got ${displayValue(e.data)})`, path, 'value');
    case 'uniqueItems': {
      // ajv's i/j order depends on its loop; the later index is the duplicate.
      const i = Number(e.params.i);
      const j = Number(e.params.j);
      const at = [...path, Math.max(i, j)];
      return add(ctx, 'invalidValue', `${displayPath(at)} duplicates ${displayPath([...path, Math.min(i, j)])}: items must be unique`, at, 'value');
    }
    case 'x-k8s-list-set':
      return add(ctx, 'invalidValue', `${p} duplicates ${displayPath([...path.slice(0, -1), Number(e.params.firstIndex)])}: items of this list must be unique`, path, 'value');
    case 'x-k8s-list-map': {
      const keys = e.params.keys as string[];
      const pairs = keys.map((k, i) => `${k}: ${displayValue((e.params.values as unknown[])[i])}`).join(', ');
      const first = displayPath([...path.slice(0, -1), Number(e.params.firstIndex)]);
      // Point at the duplicate's first key field when it is written out, else at the item.
      const at = valueAt(ctx.doc, [...path, keys[0]!]) !== undefined ? [...path, keys[0]!] : path;
      return add(ctx, 'invalidValue', `${p} has the same ${pairs} as ${first}: entries of this list must be unique by ${keys.join(', ')}`, at, 'value');
    }
    case 'not':
      return add(ctx, 'invalidValue', `${p} ${describeNot(e.schema as SchemaNode, e.data)}`, path, isContainer(e.data) ? objectTarget(path) : 'value');
    case 'propertyNames':
      return; // its inner error (with propertyName) carries the detail
    default:
      return add(ctx, 'invalidValue', rangeMessage(e, path), path, isContainer(e.data) ? objectTarget(path) : 'value');
  }
}

// ---------------------------------------------------------------------------------------------
// Junctors.

/** The field names of a presence-only schema (only `required`, `not`, `anyOf`, `allOf`, `oneOf`). */
function presenceFields(s: SchemaNode, into: Set<string>): boolean {
  for (const [k, v] of Object.entries(s)) {
    if (k === 'required' && Array.isArray(v)) v.forEach((x: string) => into.add(x));
    else if (k === 'not') {
      if (!presenceFields(v as SchemaNode, into)) return false;
    } else if ((k === 'anyOf' || k === 'allOf' || k === 'oneOf') && Array.isArray(v)) {
      if (!v.every((b: SchemaNode) => presenceFields(b, into))) return false;
    } else return false;
  }
  return true;
}

function quoteList(keys: readonly string[]): string {
  return keys.map((k) => `\`${k}\``).join(', ');
}

/** "`a` and `b`", "`a`, `b` and `c`". */
function andList(keys: readonly string[]): string {
  const q = keys.map((k) => `\`${k}\``);
  return q.length <= 1 ? q.join('') : `${q.slice(0, -1).join(', ')} and ${q[q.length - 1]}`;
}

function describePresenceJunctor(ctx: Ctx, j: AjvError, path: Path): void {
  const data = j.data;
  const branches = j.schema as SchemaNode[];
  const groups = branches.filter((b) => Array.isArray(b.required) && Object.keys(b).length === 1).map((b) => b.required as string[]);
  // Fields every group requires, and what tells the groups apart. When each group adds exactly
  // one field of its own (Istio: {exact} | {prefix} | {regex}; Flagger: {interval, threshold} +
  // {iterations} | {stepWeight} | {stepWeights}), the choice is between those fields.
  const common = groups.length > 1 ? groups[0]!.filter((f) => groups.every((g) => g.includes(f))) : [];
  const distinct = groups.map((g) => g.filter((f) => !common.includes(f)));
  const simple = groups.length > 1 && distinct.every((d) => d.length === 1) && new Set(distinct.flat()).size === distinct.length;
  const choice = simple ? distinct.flat() : null;
  const groupList = groups.map((g) => `{${g.join(', ')}}`).join(' or ');
  if (j.keyword === 'oneOf' && Array.isArray(j.params.passingSchemas)) {
    // More than one alternative matched.
    if (choice) {
      const present = choice.filter((f) => isPresent(data, f));
      if (present.length <= 1) return; // the "conflict" was a null the API server prunes
      const both = present.length === 2 ? 'both' : 'all';
      add(ctx, 'invalidValue', `Only one of ${quoteList(choice)} may be set ${where(path)}, but ${andList(present)} are ${both} set`, [...path, present[1]!], 'key');
    } else {
      add(ctx, 'invalidValue', `${displayPath(path)} must set exactly one of these groups of fields: ${groupList}`, path, objectTarget(path));
    }
    return;
  }
  // Nothing matched.
  if (choice) {
    const missingCommon = common.filter((f) => !isPresent(data, f));
    if (missingCommon.length > 0) {
      const fields = missingCommon.length === 1 ? 'field' : 'fields';
      const msg = path.length === 0 ? `Missing required ${fields} ${andList(missingCommon)}` : `${displayPath(path)} is missing required ${fields} ${andList(missingCommon)}`;
      add(ctx, 'missingRequired', msg, path, objectTarget(path));
      return;
    }
    const one = j.keyword === 'oneOf' ? 'Exactly one' : 'At least one';
    add(ctx, 'missingRequired', `${one} of ${quoteList(choice)} must be set ${where(path)}`, path, objectTarget(path));
  } else {
    add(ctx, 'missingRequired', `${displayPath(path)} must set ${j.keyword === 'oneOf' ? 'exactly' : 'at least'} one of these groups of fields: ${groupList}`, path, objectTarget(path));
  }
}

function branchIndex(j: AjvError, e: AjvError): number {
  const rest = e.schemaPath.slice(j.schemaPath.length + 1);
  return Number(rest.split('/', 1)[0]);
}

function isInside(e: AjvError, j: AjvError): boolean {
  if (e === j || !e.schemaPath.startsWith(j.schemaPath + '/')) return false;
  return j.instancePath === '' || e.instancePath === j.instancePath || e.instancePath.startsWith(j.instancePath + '/');
}

/** A one-phrase description of a branch error that is a plain constraint on the junctor's value. */
function alternativePhrase(e: AjvError): string | null {
  switch (e.keyword) {
    case 'format':
      return describeFormat(String(e.params.format));
    case 'type':
      return typePhrase(e.schema);
    case 'pattern':
      return `a string matching ${e.params.pattern}`;
    case 'enum':
      return `one of ${(e.params.allowedValues as unknown[]).map((v) => displayValue(v)).join(', ')}`;
    default:
      return null;
  }
}

function describeJunctor(ctx: Ctx, j: AjvError, inner: AjvError[]): void {
  const path = pointerToPath(j.instancePath, ctx.doc);
  const branches = j.schema as SchemaNode[];
  const fields = new Set<string>();
  if (branches.every((b) => presenceFields(b, fields)) && fields.size > 0) {
    describePresenceJunctor(ctx, j, path);
    return;
  }
  if (j.keyword === 'oneOf' && Array.isArray(j.params.passingSchemas)) {
    add(ctx, 'invalidValue', `${displayPath(path)} matches more than one of the allowed forms; it must match exactly one`, path, isContainer(j.data) ? objectTarget(path) : 'value');
    return;
  }
  const byBranch = new Map<number, AjvError[]>();
  for (const e of inner) {
    const i = branchIndex(j, e);
    if (!byBranch.has(i)) byBranch.set(i, []);
    byBranch.get(i)!.push(e);
  }
  // Simple alternatives on the same value: "must be an IPv4 address or an IPv6 address".
  const direct = [...byBranch.values()];
  if (direct.length === branches.length && direct.every((errs) => errs.length === 1 && errs[0]!.instancePath === j.instancePath && alternativePhrase(errs[0]!) !== null)) {
    const phrases = [...new Set(direct.map((errs) => alternativePhrase(errs[0]!)!))];
    add(ctx, 'invalidValue', `${displayPath(path)} must be ${phrases.join(' or ')} (got ${displayValue(j.data)})`, path, isContainer(j.data) ? objectTarget(path) : 'value');
    return;
  }
  // Otherwise report the branch the value was aiming at.
  const discriminated = (errs: AjvError[]): boolean =>
    errs.some((e) => (e.keyword === 'enum' || e.keyword === 'const' || e.keyword === 'not' || e.keyword === 'type') && e.instancePath !== j.instancePath);
  let candidates = [...byBranch.entries()].filter(([, errs]) => !discriminated(errs));
  if (candidates.length === 0) {
    add(ctx, 'invalidValue', `${displayPath(path)} does not match any of the allowed forms`, path, isContainer(j.data) ? objectTarget(path) : 'value');
    return;
  }
  candidates = candidates.sort((a, b) => a[1].length - b[1].length);
  collapseInto(ctx, candidates[0]![1]);
}

function collapseInto(ctx: Ctx, errors: AjvError[]): void {
  const junctors = errors.filter((e) => e.keyword === 'oneOf' || e.keyword === 'anyOf');
  const consumed = new Set<AjvError>(junctors);
  if (junctors.length > 0) {
    const outer = junctors.filter((j) => !junctors.some((k) => isInside(j, k)));
    for (const j of outer) {
      const inner = errors.filter((e) => isInside(e, j));
      inner.forEach((e) => consumed.add(e));
      describeJunctor(ctx, j, inner);
    }
  }
  for (const e of errors) {
    if (e.keyword !== 'additionalProperties' || consumed.has(e)) continue;
    const near = unknownFieldSuggestion(e);
    if (near !== null) ctx.renames.add(`${e.instancePath}\u0000${near}`);
  }
  // A wrong type at a path swallows every other error at that path; of several broken
  // constraints on one value (say minLength and pattern on ""), the first by priority stands.
  const typed = new Set<string>();
  const constrained = new Map<string, AjvError>();
  for (const e of errors) {
    if (consumed.has(e) || e.propertyName !== undefined) continue;
    if (e.keyword === 'type') typed.add(e.instancePath);
    const rank = VALUE_CONSTRAINTS.indexOf(e.keyword);
    if (rank >= 0) {
      const prev = constrained.get(e.instancePath);
      if (!prev || rank < VALUE_CONSTRAINTS.indexOf(prev.keyword)) constrained.set(e.instancePath, e);
    }
  }
  for (const e of errors) {
    if (consumed.has(e)) continue;
    if (e.propertyName === undefined) {
      if (e.keyword !== 'type' && typed.has(e.instancePath)) continue;
      if (VALUE_CONSTRAINTS.includes(e.keyword) && constrained.get(e.instancePath) !== e) continue;
    }
    mapSimple(ctx, e);
  }
}

/** Constraints on a single value, most telling first; only one is reported per value. */
const VALUE_CONSTRAINTS: readonly string[] = [
  'enum', 'const', 'minLength', 'maxLength', 'format', 'pattern', 'minimum', 'maximum', 'exclusiveMinimum',
  'exclusiveMaximum', 'multipleOf', 'minItems', 'maxItems', 'minProperties', 'maxProperties', 'not',
];

/** Maps ajv errors of one document to findings, collapsed and deduplicated. */
export function collapseErrors(errors: readonly ErrorObject[], doc: unknown, rootSchema: object): CollapseResult {
  const ctx: Ctx = { doc, rootSchema: rootSchema as SchemaNode, out: [], renames: new Set() };
  collapseInto(ctx, errors as AjvError[]);
  const seen = new Set<string>();
  const findings: PathFinding[] = [];
  const blocking: Path[] = [];
  for (const f of ctx.out) {
    const key = `${f.code}\u0000${f.target}\u0000${f.path.join('\u0001')}\u0000${f.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    findings.push(f);
    blocking.push(f.path);
  }
  return { findings, blocking };
}
