/**
 * oneOf/anyOf whose alternatives only say which fields are present -> one finding.
 *
 * Istio writes "exactly one of exact, prefix, regex" as `oneOf: [not anyOf required..., required:
 * [exact], required: [prefix], ...]`; ajv then reports every branch. When each alternative adds
 * one field of its own, the finding names those fields: "only one of `exact`, `prefix`, `regex` may
 * be set" on the second field set, or "one of ... must be set" on the object. Otherwise it lists
 * the groups of fields.
 */
import type { Path } from '../parse/types';
import { add, isPresent, objectTarget, where, type AjvError, type Ctx, type SchemaNode } from './errors-shared';
import { displayPath } from './paths';

/** The field names of a presence-only schema (only `required`, `not`, `anyOf`, `allOf`, `oneOf`). */
export function presenceFields(s: SchemaNode, into: Set<string>): boolean {
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

export function describePresenceJunctor(ctx: Ctx, j: AjvError, path: Path): void {
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
