/**
 * The write pipeline shared by create, update, patch and apply, and the create/update handlers.
 *
 * `persist` turns "the object the client wants" into a stored object, in the API server's order:
 *   1. decode checks: apiVersion/kind of the body, name and namespace against the URL;
 *   2. pruning of unknown fields (fieldValidation: Strict → 400, Warn → Warning header);
 *   3. system metadata: uid, creationTimestamp and (for kinds that have one) generation on create;
 *      on update the resourceVersion and uid preconditions (409 Conflict), carried-over system
 *      fields, and a generation bump when anything outside metadata and status changed;
 *   4. the status subresource rule: main-resource writes keep the stored status, /status writes
 *      change only status;
 *   5. field ownership (apply.ts): Update entries for ordinary writes, or the apply result;
 *   6. validation: schema, metadata and the rules of some built-in kinds (kindrules.ts) → 422
 *      Invalid with causes;
 *   7. storage: namespace must exist, AlreadyExists on a taken name, no write at all when nothing
 *      changed (the resourceVersion stays), dryRun=All stops just before this step.
 * Removing the last finalizer of an object that is being deleted completes its deletion.
 */
import { randomUUID } from 'node:crypto';
import { parse as parseYaml } from 'yaml';
import { decodeManagedFields, encodeManagedFields, recordUpdate, type Manager, type WriterInfo } from './apply';
import { crdStatus, defaultCrd, validateCrd } from './crds';
import type { Scope } from './fieldsets';
import { kindRules } from './kindrules';
import { fieldManager, fieldValidation, generatedName, isDryRun, metadataCauses, specPart } from './objectmeta';
import { groupVersion, splitApiVersion, type ResourceType } from './resources';
import { alreadyExists, badRequest, conflict, invalid, notFound, unsupportedMediaType, type StatusCause } from './status';
import { objectKey } from './store';
import { grOf, header, type Ctx, type Reply } from './state';
import { deepEqual, isMap, nowTimestamp, type JsonMap, type KubeObject, type ObjectMeta } from './types';
import { validateObject } from './validation';

const META_ORDER = [
  'name', 'generateName', 'namespace', 'selfLink', 'uid', 'resourceVersion', 'generation', 'creationTimestamp',
  'deletionTimestamp', 'deletionGracePeriodSeconds', 'labels', 'annotations', 'ownerReferences', 'finalizers', 'managedFields',
];

/** Metadata in the API's field order (unknown members last), without undefined members. */
export function orderedMeta(meta: ObjectMeta): ObjectMeta {
  const out: ObjectMeta = {};
  for (const k of META_ORDER) if (meta[k] !== undefined) out[k] = meta[k];
  for (const [k, v] of Object.entries(meta)) if (!META_ORDER.includes(k) && v !== undefined) out[k] = v;
  return out;
}

/** apiVersion, kind, metadata first; then everything else in the client's order. */
function ordered(obj: KubeObject): KubeObject {
  const out: KubeObject = { apiVersion: obj.apiVersion, kind: obj.kind, metadata: orderedMeta(obj.metadata) };
  for (const [k, v] of Object.entries(obj)) if (!(k in out) && v !== undefined) out[k] = v;
  return out;
}

/** Decodes a JSON or YAML request body; other media types are a 415. */
export function decodeBody(ctx: Ctx): unknown {
  const type = (header(ctx, 'content-type') ?? 'application/json').split(';')[0].trim().toLowerCase();
  const text = ctx.body.toString('utf8');
  if (type === 'application/json' || type === '' || type === 'application/merge-patch+json' || type === 'application/json-patch+json' || type === 'application/strategic-merge-patch+json') {
    try {
      return JSON.parse(text);
    } catch (err) {
      throw badRequest(`the request body is not valid JSON: ${(err as Error).message}`);
    }
  }
  if (type === 'application/yaml' || type === 'application/apply-patch+yaml' || type === 'application/apply-patch+cbor') {
    try {
      return parseYaml(text);
    } catch (err) {
      throw badRequest(`the request body is not valid YAML: ${(err as Error).message}`);
    }
  }
  throw unsupportedMediaType(`the body of the request was in an unknown format - accepted media types include: application/json, application/yaml`);
}

/** Requires a decoded body to be an object with metadata. */
export function asObject(value: unknown): KubeObject {
  if (!isMap(value)) throw badRequest('the request body must be a JSON or YAML object');
  const metadata = value.metadata === undefined ? {} : value.metadata;
  if (!isMap(metadata)) throw badRequest('metadata must be an object');
  return { ...value, metadata: { ...metadata } } as KubeObject;
}

/**
 * Checks apiVersion and kind of a body against the endpoint; returns the object in its version.
 * Built-in kinds take both from the endpoint when the body leaves them out (the API server's typed
 * decoding defaults them, and typed clients rely on that); custom resources must carry them.
 */
export function checkHeader(obj: KubeObject, rt: ResourceType): KubeObject {
  const expected = groupVersion(rt.group, rt.version);
  if (rt.builtin && !obj.kind && !obj.apiVersion) return { apiVersion: expected, kind: rt.kind, ...obj };
  if (!obj.kind) throw badRequest(`Object 'Kind' is missing in the request body`);
  if (!obj.apiVersion) throw badRequest(`Object 'apiVersion' is missing in the request body`);
  const { group } = splitApiVersion(obj.apiVersion);
  if (group !== rt.group || obj.kind !== rt.kind) {
    throw badRequest(`the API version in the data (${obj.apiVersion}) and kind (${obj.kind}) do not match the expected ${expected} ${rt.kind}`);
  }
  return obj.apiVersion === expected ? obj : { ...obj, apiVersion: expected };
}

/** What `persist` is asked to store. */
export interface WriteInput {
  old?: KubeObject;
  candidate: KubeObject;
  subresource?: string;
  /** Ownership computed by apply; ordinary writes leave it undefined and get Update entries. */
  managers?: Manager[];
}

/** The ownership scope of a write to a resource type. */
export function scopeOf(rt: ResourceType, subresource?: string): Scope {
  if (!rt.status) return 'all';
  return subresource === 'status' ? 'status' : 'main';
}

/** Who is writing, for managedFields. */
export function writerOf(ctx: Ctx, subresource: string | undefined, time: string): WriterInfo {
  const w: WriterInfo = {
    manager: fieldManager(ctx.query, header(ctx, 'user-agent')),
    apiVersion: groupVersion(ctx.rt.group, ctx.rt.version),
    time,
    scope: scopeOf(ctx.rt, subresource),
    schema: ctx.rt.schema,
  };
  if (subresource) w.subresource = subresource;
  return w;
}

/** Reports pruned unknown fields according to `fieldValidation`. */
export function reportUnknown(ctx: Ctx, unknown: string[], strictMessage: (fields: string[]) => string): void {
  if (unknown.length === 0) return;
  const mode = fieldValidation(ctx.query);
  if (mode === 'Strict') throw badRequest(strictMessage(unknown));
  if (mode === 'Warn') for (const f of unknown) ctx.warnings.push(`unknown field "${f}"`);
}

function startingManagers(old: KubeObject | undefined, sent: unknown): Manager[] {
  try {
    // On update, an absent or empty list keeps the stored entries; `[{}]` clears them.
    if (old && (sent === undefined || (Array.isArray(sent) && sent.length === 0))) return decodeManagedFields(old.metadata.managedFields);
    if (Array.isArray(sent) && sent.length === 1 && isMap(sent[0]) && Object.keys(sent[0]).length === 0) return [];
    return decodeManagedFields(sent);
  } catch (err) {
    throw badRequest(`invalid managedFields: ${(err as Error).message}`);
  }
}

/** Runs the write pipeline; see the header comment. */
export function persist(ctx: Ctx, input: WriteInput): Reply {
  const { api, rt, req } = ctx;
  const gr = grOf(rt);
  const dryRun = isDryRun(ctx.query);
  const { old } = input;
  let candidate = checkHeader(input.candidate, rt);
  const sentName = candidate.metadata.name;
  if (req.name !== undefined && sentName !== undefined && sentName !== req.name) {
    throw badRequest(`the name of the object (${sentName}) does not match the name on the URL (${req.name})`);
  }
  if (rt.namespaced) {
    const sentNs = candidate.metadata.namespace;
    if (sentNs && req.namespace && sentNs !== req.namespace) {
      throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
    }
  }

  const decoded = validateObject(candidate, rt.schema);
  reportUnknown(ctx, decoded.unknown, (fields) => `${rt.kind} in version "${rt.version}" cannot be handled as a ${rt.kind}: strict decoding error: ${fields.map((f) => `unknown field "${f}"`).join(', ')}`);
  candidate = decoded.value as KubeObject;
  const time = nowTimestamp();
  let next: KubeObject;

  if (!old) {
    const meta: ObjectMeta = { ...candidate.metadata };
    for (const k of ['resourceVersion', 'uid', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'selfLink', 'generation', 'managedFields']) delete meta[k];
    if (!meta.name && meta.generateName) meta.name = generatedName(meta.generateName);
    if (rt.namespaced) meta.namespace = req.namespace ?? meta.namespace;
    else delete meta.namespace;
    meta.uid = randomUUID();
    meta.creationTimestamp = time;
    if (rt.generation) meta.generation = 1;
    next = { ...candidate, metadata: meta };
    if (rt.status) delete next.status;
  } else {
    const sentRv = candidate.metadata.resourceVersion;
    if (sentRv && sentRv !== old.metadata.resourceVersion) {
      throw conflict(gr, old.metadata.name ?? '', 'the object has been modified; please apply your changes to the latest version and try again');
    }
    const sentUid = candidate.metadata.uid;
    if (sentUid && sentUid !== old.metadata.uid) {
      throw conflict(gr, old.metadata.name ?? '', `Precondition failed: UID in precondition: ${sentUid}, UID in object meta: ${old.metadata.uid ?? ''}`);
    }
    if (input.subresource === 'status') {
      next = { ...old };
      if (candidate.status === undefined) delete next.status;
      else next.status = candidate.status;
    } else {
      const keep = ['uid', 'creationTimestamp', 'generation', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'resourceVersion'] as const;
      const meta: ObjectMeta = { ...candidate.metadata, name: old.metadata.name };
      if (rt.namespaced) meta.namespace = old.metadata.namespace;
      else delete meta.namespace;
      for (const k of keep) (meta as JsonMap)[k] = old.metadata[k];
      next = { ...candidate, metadata: meta };
      if (rt.status) {
        if (old.status === undefined) delete next.status;
        else next.status = old.status;
      }
      if (rt.generation && !deepEqual(specPart(old), specPart(next))) next.metadata.generation = (old.metadata.generation ?? 0) + 1;
    }
  }

  // Kind rules that fill in server-owned state.
  if (rt.kind === 'CustomResourceDefinition' && rt.builtin) {
    next = defaultCrd(next);
    next.status = crdStatus(next, old?.status);
  }
  if (rt.kind === 'Namespace' && rt.builtin && input.subresource !== 'status') {
    next.status = isMap(old?.status) ? old!.status : { phase: 'Active' };
  }
  const rules = kindRules(rt, old, next, input.subresource);
  next = rules.object;

  const managers = input.managers ?? recordUpdate(old ?? {}, next, startingManagers(old, input.candidate.metadata.managedFields), writerOf(ctx, input.subresource, time));
  const encoded = encodeManagedFields(managers);
  next.metadata = { ...next.metadata };
  if (encoded.length > 0) next.metadata.managedFields = encoded;
  else delete next.metadata.managedFields;
  next = ordered(next);

  const name = next.metadata.name ?? '';
  const causes: StatusCause[] = [...validateObject(next, rt.schema).causes, ...metadataCauses(next, rt), ...rules.causes];
  if (rt.kind === 'CustomResourceDefinition' && rt.builtin) causes.push(...validateCrd(next, api.builtinStorageKeys()));
  if (old?.metadata.deletionTimestamp) {
    const before = new Set(old.metadata.finalizers ?? []);
    for (const f of next.metadata.finalizers ?? []) {
      if (!before.has(f)) causes.push({ reason: 'FieldValueForbidden', field: 'metadata.finalizers', message: `Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers ${JSON.stringify([f])}` });
    }
  }
  if (causes.length > 0) throw invalid(rt.kind, rt.group, name, causes);

  const key = objectKey(next.metadata.namespace, name);
  if (!old) {
    if (rt.namespaced && !api.store.get('/namespaces', objectKey(undefined, next.metadata.namespace ?? ''))) {
      throw notFound({ group: '', resource: 'namespaces' }, next.metadata.namespace ?? '');
    }
    if (api.store.get(rt.storageKey, key)) throw alreadyExists(gr, name);
    if (dryRun) {
      const shown = { ...next, metadata: { ...next.metadata } };
      delete shown.metadata.resourceVersion;
      return { code: 201, body: api.versioned(shown, rt) };
    }
    const stored = api.store.create(rt.storageKey, key, next);
    if (rt.kind === 'CustomResourceDefinition' && rt.builtin) api.registerCrd(stored);
    return { code: 201, body: api.versioned(stored, rt) };
  }

  if (deepEqual(next, old)) return { code: 200, body: api.versioned(old, rt) };
  if (next.metadata.deletionTimestamp && (next.metadata.finalizers ?? []).length === 0) {
    if (dryRun) return { code: 200, body: api.versioned(next, rt) };
    return { code: 200, body: api.versioned(finishDeletion(ctx, key, next), rt) };
  }
  if (dryRun) return { code: 200, body: api.versioned(next, rt) };
  const stored = api.store.update(rt.storageKey, key, next);
  if (rt.kind === 'CustomResourceDefinition' && rt.builtin) api.registerCrd(stored);
  return { code: 200, body: api.versioned(stored, rt) };
}

/** Removes an object whose deletion was waiting for finalizers, with the side effects of its kind. */
export function finishDeletion(ctx: Ctx, key: string, last: KubeObject): KubeObject {
  const { api, rt } = ctx;
  api.store.update(rt.storageKey, key, last);
  if (rt.builtin && rt.kind === 'CustomResourceDefinition') return deleteCrd(ctx, key);
  if (rt.builtin && rt.kind === 'Namespace') return deleteNamespace(ctx, key);
  return api.store.delete(rt.storageKey, key)!;
}

/** Deletes a CRD together with its custom resources, and stops serving them. */
export function deleteCrd(ctx: Ctx, key: string): KubeObject {
  const { api, rt } = ctx;
  const crd = api.store.get(rt.storageKey, key)!;
  const spec = crd.spec as JsonMap;
  const storageKey = `${String(spec.group)}/${String((spec.names as JsonMap).plural)}`;
  for (const obj of api.store.list(storageKey)) api.store.delete(storageKey, objectKey(obj.metadata.namespace, obj.metadata.name ?? ''));
  const gone = api.store.delete(rt.storageKey, key)!;
  api.unregisterCrd(crd.metadata.name ?? '', storageKey);
  return gone;
}

/** Deletes a namespace and everything in it (the namespace controller's work, done at once). */
export function deleteNamespace(ctx: Ctx, key: string): KubeObject {
  const { api, rt } = ctx;
  const name = key.slice(1);
  const keys = new Set(api.registry.all().filter((r) => r.namespaced && !r.virtual).map((r) => r.storageKey));
  for (const storageKey of keys) {
    for (const obj of api.store.list(storageKey, name)) api.store.delete(storageKey, objectKey(name, obj.metadata.name ?? ''));
  }
  return api.store.delete(rt.storageKey, key)!;
}

/** POST to a collection. */
export function create(ctx: Ctx): Reply {
  const candidate = asObject(decodeBody(ctx));
  return persist(ctx, { candidate });
}

/** PUT to an object or its status. */
export function update(ctx: Ctx): Reply {
  const candidate = asObject(decodeBody(ctx));
  const key = objectKey(ctx.req.namespace, ctx.req.name ?? '');
  const old = ctx.api.store.get(ctx.rt.storageKey, key);
  if (!old) throw notFound(grOf(ctx.rt), ctx.req.name ?? '');
  return persist(ctx, { old, candidate, subresource: ctx.req.subresource });
}
