/**
 * Field managers: server-side apply and the ownership that ordinary writes record.
 *
 * Every write records who set which fields in metadata.managedFields. An entry is identified by
 * (manager, operation, subresource); its `fieldsV1` is a field set (fieldpath.ts).
 *
 * Ordinary writes (create, update, patch) are *Update* operations: the writer takes ownership of
 * every field it added or changed, other managers lose those fields, and fields that disappeared
 * are dropped from everyone. Updates never conflict.
 *
 * Apply (`PATCH` with `application/apply-patch+yaml`) is declarative:
 *   1. the configuration's field set becomes exactly what the manager owns (its Apply entry);
 *   2. the configuration is merged onto the live object;
 *   3. a field the merge changes that another manager owns is a conflict — unless `force`, which
 *      moves the field to the applier; an unchanged field becomes shared, not conflicting;
 *   4. fields the manager applied last time but not now are removed from the object, unless some
 *      other manager still owns them (or something under them).
 * Applying onto nothing creates the object. This is the behaviour of the API server's structured
 * merge, reduced to what a single-version test server needs (no version conversion of field sets,
 * no cap on the number of Update managers).
 */
import { FieldSet, formatPath, type FieldPath } from './fieldpath';
import { diff, fieldsOf, merge, removeFields, type Scope } from './fieldsets';
import type { Schema } from './schemainfo';
import { isMap, type JsonMap, type ManagedFieldsEntry } from './types';

/** A decoded managedFields entry. */
export interface Manager {
  entry: ManagedFieldsEntry;
  set: FieldSet;
}

/** One conflicting field: which manager owns it. */
export interface ApplyConflict {
  manager: ManagedFieldsEntry;
  path: FieldPath;
}

/** Thrown by `applyConfig` when another manager owns a field the apply would change. */
export class ApplyConflictError extends Error {
  readonly conflicts: ApplyConflict[];
  constructor(conflicts: ApplyConflict[]) {
    super(conflictMessage(conflicts));
    this.conflicts = conflicts;
  }
}

/** How a manager is named in conflict messages (the API's layout: name, subresource, version, time). */
export function describeManager(e: ManagedFieldsEntry): string {
  let out = JSON.stringify(e.manager);
  if (e.subresource) out += ` with subresource ${JSON.stringify(e.subresource)}`;
  if (e.operation === 'Update') out += e.time ? ` using ${e.apiVersion} at ${e.time}` : ` using ${e.apiVersion}`;
  return out;
}

/** `Apply failed with N conflict(s): ...`, grouped by manager. */
export function conflictMessage(conflicts: readonly ApplyConflict[]): string {
  const n = conflicts.length;
  const head = `Apply failed with ${n} conflict${n === 1 ? '' : 's'}: `;
  if (n === 1) return `${head}conflict with ${describeManager(conflicts[0].manager)}: ${formatPath(conflicts[0].path)}`;
  const groups = new Map<string, string[]>();
  for (const c of conflicts) {
    const who = describeManager(c.manager);
    if (!groups.has(who)) groups.set(who, []);
    groups.get(who)!.push(formatPath(c.path));
  }
  const parts = [...groups].map(([who, paths]) => `conflicts with ${who}:\n${paths.map((p) => `- ${p}`).join('\n')}`);
  return head + parts.join('\n');
}

/** Decodes metadata.managedFields. Throws Error with a reason for malformed input. */
export function decodeManagedFields(value: unknown): Manager[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new Error('metadata.managedFields must be a list');
  return value.map((raw, i) => {
    if (!isMap(raw)) throw new Error(`metadata.managedFields[${i}] must be an object`);
    const operation = raw.operation;
    if (operation !== 'Apply' && operation !== 'Update') {
      throw new Error(`metadata.managedFields[${i}].operation must be Apply or Update`);
    }
    if (raw.fieldsType !== undefined && raw.fieldsType !== 'FieldsV1') {
      throw new Error(`metadata.managedFields[${i}].fieldsType must be FieldsV1`);
    }
    const entry: ManagedFieldsEntry = {
      manager: typeof raw.manager === 'string' ? raw.manager : '',
      operation,
      apiVersion: typeof raw.apiVersion === 'string' ? raw.apiVersion : '',
      fieldsType: 'FieldsV1',
      fieldsV1: {},
    };
    if (typeof raw.time === 'string') entry.time = raw.time;
    if (typeof raw.subresource === 'string' && raw.subresource) entry.subresource = raw.subresource;
    return { entry, set: FieldSet.fromFieldsV1(raw.fieldsV1 ?? {}) };
  });
}

/** Encodes managers back into metadata.managedFields: empty sets are dropped, order is stable. */
export function encodeManagedFields(managers: readonly Manager[]): ManagedFieldsEntry[] {
  return managers
    .filter((m) => !m.set.isEmpty())
    .map((m) => ({ ...m.entry, fieldsV1: m.set.toFieldsV1() }))
    .sort(
      (a, b) =>
        a.operation.localeCompare(b.operation) ||
        (a.time ?? '').localeCompare(b.time ?? '') ||
        a.manager.localeCompare(b.manager) ||
        (a.subresource ?? '').localeCompare(b.subresource ?? ''),
    )
    .map(({ manager, operation, apiVersion, time, fieldsType, fieldsV1, subresource }) => ({
      manager,
      operation,
      apiVersion,
      ...(time ? { time } : {}),
      fieldsType,
      fieldsV1,
      ...(subresource ? { subresource } : {}),
    }));
}

/** What a write needs to know about who is writing, and where. */
export interface WriterInfo {
  manager: string;
  apiVersion: string;
  subresource?: string;
  time: string;
  scope: Scope;
  schema: Schema | undefined;
}

function same(e: ManagedFieldsEntry, manager: string, operation: string, subresource?: string): boolean {
  return e.manager === manager && e.operation === operation && (e.subresource ?? '') === (subresource ?? '');
}

function upsert(managers: Manager[], w: WriterInfo, operation: 'Apply' | 'Update', set: FieldSet): Manager[] {
  const previous = managers.find((m) => same(m.entry, w.manager, operation, w.subresource));
  const out = managers.filter((m) => m !== previous);
  // An entry whose fields did not change keeps its time, so a no-op write stays a no-op.
  const unchanged = previous !== undefined && previous.entry.apiVersion === w.apiVersion && previous.set.equals(set);
  const time = unchanged && previous.entry.time ? previous.entry.time : w.time;
  const entry: ManagedFieldsEntry = { manager: w.manager, operation, apiVersion: w.apiVersion, time, fieldsType: 'FieldsV1', fieldsV1: {} };
  if (w.subresource) entry.subresource = w.subresource;
  out.push({ entry, set });
  return out;
}

/** Records an Update operation (create, update, merge/JSON/strategic patch) from `before` to `after`. */
export function recordUpdate(before: JsonMap, after: JsonMap, managers: readonly Manager[], w: WriterInfo): Manager[] {
  const d = diff(before, after, w.schema, w.scope);
  if (d.changed.isEmpty() && d.removed.isEmpty()) return [...managers];
  const others = managers.map((m) => ({ entry: m.entry, set: m.set.withoutSubtrees(d.changed).withoutSubtrees(d.removed) }));
  const mine = others.find((m) => same(m.entry, w.manager, 'Update', w.subresource))?.set ?? new FieldSet();
  return upsert(others, w, 'Update', mine.union(d.changed));
}

/** The result of an apply: the new object and the new managers. */
export interface ApplyResult {
  object: JsonMap;
  managers: Manager[];
}

/** Restricts a configuration to the part a scope may write (the header and metadata always stay). */
function restrict(config: JsonMap, scope: Scope): JsonMap {
  if (scope === 'all') return config;
  const out: JsonMap = {};
  for (const [k, v] of Object.entries(config)) {
    const keep = k === 'apiVersion' || k === 'kind' || k === 'metadata' || (scope === 'status' ? k === 'status' : k !== 'status');
    if (keep) out[k] = v;
  }
  return out;
}

/** Server-side apply of `config` by `w.manager` onto `live` (an empty object when creating). */
export function applyConfig(live: JsonMap, config: JsonMap, managers: readonly Manager[], w: WriterInfo, force: boolean): ApplyResult {
  const scoped = restrict(config, w.scope);
  const applied = fieldsOf(scoped, w.schema, w.scope);
  const merged = merge(live, scoped, w.schema) as JsonMap;
  const d = diff(live, merged, w.schema, w.scope);
  const claimed = d.changed.union(d.removed).intersection(applied);

  let current = managers.map((m) => ({ entry: m.entry, set: m.set }));
  const conflicts: ApplyConflict[] = [];
  for (const m of current) {
    if (m.entry.manager === w.manager) continue;
    for (const path of m.set.intersection(claimed).paths()) conflicts.push({ manager: m.entry, path });
  }
  if (conflicts.length > 0 && !force) throw new ApplyConflictError(conflicts);
  if (force) {
    current = current.map((m) => (m.entry.manager === w.manager ? m : { entry: m.entry, set: m.set.difference(claimed) }));
  }

  // Fields this manager stops applying are removed unless someone else still owns them.
  const previous = current.find((m) => same(m.entry, w.manager, 'Apply', w.subresource))?.set ?? new FieldSet();
  let others = new FieldSet();
  for (const m of current) if (!same(m.entry, w.manager, 'Apply', w.subresource)) others = others.union(m.set);
  const dropped = previous.difference(applied);
  const orphaned = FieldSet.of(dropped.paths().filter((p) => !others.touches(p)));
  const object = orphaned.isEmpty() ? merged : removeFields(merged, orphaned, w.schema);

  current = current.map((m) => ({ entry: m.entry, set: m.set.withoutSubtrees(d.removed.difference(applied)) }));
  return { object, managers: upsert(current, w, 'Apply', applied) };
}
