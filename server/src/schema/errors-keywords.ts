/**
 * One ajv error that is not a oneOf/anyOf -> a finding, by its keyword: type, enum, const,
 * required, additionalProperties (unknown fields), format, pattern, uniqueItems, the list-type
 * keywords, not, and the range keywords (minimum, maxLength, minItems, ...).
 *
 *   (error, path of the value) --mapSimple--> PathFinding (or nothing)
 *
 * The messages say what is wrong in the YAML, not which schema keyword failed, and follow the
 * API server where it differs from a plain JSON Schema reading:
 *   - nulls: a non-nullable null object field is pruned (no finding, unless the field is required:
 *     then it is "missing"); null with a default is defaulted; a null list item is a wrong type;
 *   - a missing required field that has a default is not an error (the API server defaults first);
 *   - YAML 1.1 booleans (`yes`, `on`) in a boolean field are what kubectl sends: no finding.
 * Fixes are offered where the intent is clear: quote or unquote a value, the nearest enum value,
 * the nearest field name for an unknown field. Unknown fields and bad map keys point at the key.
 */
import type { Fix } from '../findings/finding';
import type { Path } from '../parse/types';
import { add, isPresent, objectTarget, TYPE_PHRASES, typePhrase, where, type AjvError, type Ctx, type SchemaNode } from './errors-shared';
import { describeFormat } from './formats';
import { OBJECT_META_FIELDS } from './objectmeta';
import { displayPath, displayValue, isContainer, pointerToPath, typeName, valueAt } from './paths';
import { suggest } from './suggest';

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
export function unknownFieldSuggestion(e: AjvError): string | null {
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

export function mapSimple(ctx: Ctx, e: AjvError): void {
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
