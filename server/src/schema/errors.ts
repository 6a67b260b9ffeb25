/**
 * ajv errors -> PathFindings: one finding per real mistake.
 *
 *   ajv errors (allErrors, verbose) --collapseErrors()--> PathFinding[]
 *
 * ajv reports what failed inside the schema; people need what is wrong in their YAML. So:
 *   - oneOf/anyOf failures are collapsed to one finding. Presence-only alternatives (Istio's
 *     "exact | prefix | regex") are phrased by errors-presence.ts. Other alternatives pick the
 *     branch the value was evidently aiming for (branches whose enum/const/not/type checks fail
 *     are discriminated out) and report only its errors; simple alternatives ("ipv4 or ipv6") are
 *     phrased as one sentence;
 *   - a wrong type at a path swallows every other error at that path (enum, format, ...); of
 *     several broken constraints on one value, only the most telling is reported;
 *   - every other error is phrased by its keyword (errors-keywords.ts), which also follows the API
 *     server on nulls and defaults;
 *   - duplicates (same code, path, target and message) are dropped.
 * Targets: unknown fields and bad map keys point at the key; a missing field points at the parent
 * object's key (the value when the parent is the document root); everything else at the value.
 * The caller also gets the paths of all findings, to suppress CEL rules at and above them.
 */
import type { ErrorObject } from 'ajv';
import type { PathFinding } from '../findings/finding';
import type { Path } from '../parse/types';
import { mapSimple, unknownFieldSuggestion } from './errors-keywords';
import { describePresenceJunctor, presenceFields } from './errors-presence';
import { add, objectTarget, typePhrase, type AjvError, type Ctx, type SchemaNode } from './errors-shared';
import { describeFormat } from './formats';
import { displayPath, displayValue, isContainer, pointerToPath } from './paths';

export interface CollapseResult {
  readonly findings: PathFinding[];
  /**
   * Paths of all findings: a CEL rule at or above one of them is not run, because it would judge
   * a value that is already wrong (an unknown field is pruned, so rules above it see a different
   * object than the author wrote: `matchLabel:` fails "portLevelMtls requires selector").
   */
  readonly blocking: Path[];
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
