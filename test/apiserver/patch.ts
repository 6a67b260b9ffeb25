/**
 * The three classic PATCH formats, as pure functions from (object, patch) to object.
 *
 * - JSON merge patch (RFC 7386, `application/merge-patch+json`): objects merge recursively, `null`
 *   deletes, anything else (lists included) replaces.
 * - JSON patch (RFC 6902, `application/json-patch+json`): add, remove, replace, move, copy and test
 *   on JSON pointers. A failing operation fails the whole patch.
 * - Strategic merge patch (`application/strategic-merge-patch+json`): a merge patch that merges
 *   keyed lists item by item (the first list-map key is the merge key) and set-like lists by value,
 *   and understands the `$patch: replace|delete`, `$retainKeys`, `$deleteFromPrimitiveList/<field>`
 *   and `$setElementOrder/<field>` directives (the last is accepted and ignored). It is only offered
 *   for built-in kinds: the API server rejects it for custom resources with 415, and so does this
 *   server (see http.ts).
 *
 * Errors are `PatchError`: a malformed patch document is a 400, a patch that cannot be applied to
 * this object (a failed `test`, a missing path) is a 422, as on a real cluster.
 */
import { childSchema, itemKey, itemSchema, listInfo, type Schema } from './schemainfo';
import { deepEqual, isMap, type JsonMap } from './types';

/** A patch failure; `malformed` separates a bad document (400) from a bad fit (422). */
export class PatchError extends Error {
  readonly malformed: boolean;
  constructor(message: string, malformed: boolean) {
    super(message);
    this.malformed = malformed;
  }
}

/** RFC 7386. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isMap(patch)) return patch;
  const out: JsonMap = isMap(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

/** One RFC 6902 operation. */
interface JsonPatchOp {
  op: string;
  path: string;
  from?: string;
  value?: unknown;
}

function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new PatchError(`invalid JSON pointer "${pointer}": must start with "/"`, true);
  return pointer
    .slice(1)
    .split('/')
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** The container holding the last token of a pointer, and that token. */
function locate(root: unknown, tokens: string[], pointer: string): { parent: unknown; last: string } {
  let node = root;
  for (const t of tokens.slice(0, -1)) {
    if (Array.isArray(node)) {
      const i = arrayIndex(t, node.length - 1, pointer);
      node = node[i];
    } else if (isMap(node) && Object.prototype.hasOwnProperty.call(node, t)) node = node[t];
    else throw new PatchError(`path "${pointer}" does not exist`, false);
  }
  return { parent: node, last: tokens[tokens.length - 1] };
}

function arrayIndex(token: string, max: number, pointer: string): number {
  if (!/^(0|[1-9]\d*)$/.test(token)) throw new PatchError(`invalid array index "${token}" in "${pointer}"`, false);
  const i = Number(token);
  if (i > max) throw new PatchError(`array index ${i} out of range in "${pointer}"`, false);
  return i;
}

function getAt(root: unknown, pointer: string): unknown {
  let node = root;
  for (const t of parsePointer(pointer)) {
    if (Array.isArray(node)) node = node[arrayIndex(t, node.length - 1, pointer)];
    else if (isMap(node) && Object.prototype.hasOwnProperty.call(node, t)) node = node[t];
    else throw new PatchError(`path "${pointer}" does not exist`, false);
  }
  return node;
}

function addAt(root: unknown, pointer: string, value: unknown): unknown {
  const tokens = parsePointer(pointer);
  if (tokens.length === 0) return value;
  const { parent, last } = locate(root, tokens, pointer);
  if (Array.isArray(parent)) {
    const i = last === '-' ? parent.length : arrayIndex(last, parent.length, pointer);
    parent.splice(i, 0, value);
  } else if (isMap(parent)) parent[last] = value;
  else throw new PatchError(`cannot add at "${pointer}": parent is not an object or list`, false);
  return root;
}

function removeAt(root: unknown, pointer: string): unknown {
  const tokens = parsePointer(pointer);
  if (tokens.length === 0) throw new PatchError('cannot remove the whole document', false);
  const { parent, last } = locate(root, tokens, pointer);
  if (Array.isArray(parent)) parent.splice(arrayIndex(last, parent.length - 1, pointer), 1);
  else if (isMap(parent) && Object.prototype.hasOwnProperty.call(parent, last)) delete parent[last];
  else throw new PatchError(`cannot remove "${pointer}": it does not exist`, false);
  return root;
}

/** RFC 6902. The input is not modified. */
export function jsonPatch(target: unknown, patch: unknown): unknown {
  if (!Array.isArray(patch)) throw new PatchError('a JSON patch must be a list of operations', true);
  let doc = structuredClone(target);
  for (const raw of patch) {
    if (!isMap(raw) || typeof raw.op !== 'string' || typeof raw.path !== 'string') {
      throw new PatchError('every JSON patch operation needs "op" and "path"', true);
    }
    const op = raw as unknown as JsonPatchOp;
    const needsValue = op.op === 'add' || op.op === 'replace' || op.op === 'test';
    if (needsValue && !('value' in raw)) throw new PatchError(`"${op.op}" operation on "${op.path}" needs a value`, true);
    if ((op.op === 'move' || op.op === 'copy') && typeof op.from !== 'string') {
      throw new PatchError(`"${op.op}" operation on "${op.path}" needs "from"`, true);
    }
    switch (op.op) {
      case 'add':
        doc = addAt(doc, op.path, structuredClone(op.value));
        break;
      case 'remove':
        doc = removeAt(doc, op.path);
        break;
      case 'replace':
        getAt(doc, op.path);
        if (op.path === '') doc = structuredClone(op.value);
        else doc = addAt(removeAt(doc, op.path), op.path, structuredClone(op.value));
        break;
      case 'move': {
        const value = getAt(doc, op.from!);
        doc = addAt(removeAt(doc, op.from!), op.path, value);
        break;
      }
      case 'copy':
        doc = addAt(doc, op.path, structuredClone(getAt(doc, op.from!)));
        break;
      case 'test':
        if (!deepEqual(getAt(doc, op.path), op.value)) throw new PatchError(`test operation on "${op.path}" failed`, false);
        break;
      default:
        throw new PatchError(`unknown JSON patch operation "${op.op}"`, true);
    }
  }
  return doc;
}

const DELETE = Symbol('delete');

/** Strategic merge patch, driven by the list markers of the kind's schema. */
export function strategicMergePatch(target: unknown, patch: unknown, schema: Schema | undefined): unknown {
  const out = smpValue(target, patch, schema, true);
  return out === DELETE ? {} : out;
}

function smpValue(target: unknown, patch: unknown, schema: Schema | undefined, atRoot = false): unknown {
  if (!isMap(patch)) return patch;
  const directive = patch.$patch;
  if (directive === 'delete') return DELETE;
  if (directive === 'replace') return stripDirectives(patch);
  if (directive !== undefined) throw new PatchError(`unknown $patch directive "${String(directive)}"`, true);
  const out: JsonMap = isMap(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (k === '$retainKeys' || k.startsWith('$setElementOrder/')) continue;
    if (k.startsWith('$deleteFromPrimitiveList/')) {
      const field = k.slice('$deleteFromPrimitiveList/'.length);
      if (Array.isArray(out[field]) && Array.isArray(v)) {
        out[field] = (out[field] as unknown[]).filter((x) => !v.some((y) => deepEqual(x, y)));
      }
      continue;
    }
    if (v === null) {
      delete out[k];
      continue;
    }
    const cs = childSchema(schema, k, atRoot);
    if (Array.isArray(v)) out[k] = smpList(out[k], v, cs);
    else if (isMap(v)) {
      const merged = smpValue(out[k], v, cs);
      if (merged === DELETE) delete out[k];
      else out[k] = merged;
    } else out[k] = v;
  }
  const retain = patch.$retainKeys;
  if (Array.isArray(retain)) for (const k of Object.keys(out)) if (!retain.includes(k)) delete out[k];
  return out;
}

function smpList(target: unknown, patch: unknown[], schema: Schema | undefined): unknown[] {
  const info = listInfo(schema);
  if (patch.some((item) => isMap(item) && item.$patch === 'replace' && Object.keys(item).length === 1)) {
    return patch.filter((item) => !(isMap(item) && item.$patch === 'replace'));
  }
  const current = Array.isArray(target) ? [...target] : [];
  if (info.type === 'set') {
    for (const v of patch) if (!current.some((x) => deepEqual(x, v))) current.push(v);
    return current;
  }
  if (info.type !== 'map') return patch.map((item) => (isMap(item) ? stripDirectives(item) : item));
  const mergeKey = info.keys[0];
  const items = itemSchema(schema);
  for (const item of patch) {
    const key = itemKey(item, [mergeKey]);
    if (!key) throw new PatchError(`list item is missing its merge key "${mergeKey}"`, false);
    const at = current.findIndex((x) => deepEqual(itemKey(x, [mergeKey]), key));
    if (isMap(item) && item.$patch === 'delete') {
      if (at >= 0) current.splice(at, 1);
      continue;
    }
    if (at < 0) current.push(stripDirectives(item as JsonMap));
    else current[at] = smpValue(current[at], item, items);
  }
  return current;
}

function stripDirectives(value: JsonMap): JsonMap {
  const out: JsonMap = {};
  for (const [k, v] of Object.entries(value)) if (!k.startsWith('$')) out[k] = v;
  return out;
}
