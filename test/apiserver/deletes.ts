/**
 * DELETE of one object and of a collection.
 *
 * Options come from a DeleteOptions body or the query: `preconditions` (uid, resourceVersion →
 * 409 Conflict when they do not hold) and `dryRun`. An object with finalizers is not removed: it
 * gets deletionTimestamp (and a generation bump, for kinds with a generation) and stays until an update removes its last
 * finalizer (writes.ts). Otherwise it is removed at once; the answer is the object for the kinds
 * whose registries return it (Pods, ServiceAccounts, Namespaces, CRDs) and a Success Status for the
 * others, as on a real cluster. Deleting a Namespace deletes its content; deleting a CRD deletes
 * its custom resources and stops serving them. Propagation policies are accepted and ignored:
 * there is no garbage collector.
 */
import { isDryRun } from './objectmeta';
import { listObjects } from './reads';
import { groupVersion } from './resources';
import { badRequest, conflict, notFound } from './status';
import { objectKey } from './store';
import { grOf, type Ctx, type Reply } from './state';
import { isMap, nowTimestamp, type JsonMap, type KubeObject } from './types';
import { decodeBody, deleteCrd, deleteNamespace } from './writes';

function deleteOptions(ctx: Ctx): JsonMap {
  if (ctx.body.length === 0) return {};
  const body = decodeBody(ctx);
  if (body === null || body === undefined) return {};
  if (!isMap(body)) throw badRequest('the body of a DELETE must be a DeleteOptions object');
  return body;
}

/** Deletes one stored object (shared by delete and deletecollection). */
function remove(ctx: Ctx, key: string, old: KubeObject, options: JsonMap, dryRun: boolean): { gone: boolean; object: KubeObject } {
  const { api, rt } = ctx;
  const gr = grOf(rt);
  const pre = isMap(options.preconditions) ? options.preconditions : {};
  if (typeof pre.uid === 'string' && pre.uid !== old.metadata.uid) {
    throw conflict(gr, old.metadata.name ?? '', `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${old.metadata.uid ?? ''}`);
  }
  if (typeof pre.resourceVersion === 'string' && pre.resourceVersion !== old.metadata.resourceVersion) {
    throw conflict(gr, old.metadata.name ?? '', `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${old.metadata.resourceVersion ?? ''}`);
  }
  if ((old.metadata.finalizers ?? []).length > 0) {
    if (old.metadata.deletionTimestamp) return { gone: false, object: old };
    const marked: KubeObject = {
      ...old,
      metadata: {
        ...old.metadata,
        deletionTimestamp: nowTimestamp(),
        deletionGracePeriodSeconds: 0,
        ...(rt.generation ? { generation: (old.metadata.generation ?? 0) + 1 } : {}),
      },
    };
    return { gone: false, object: dryRun ? marked : api.store.update(rt.storageKey, key, marked) };
  }
  if (dryRun) return { gone: true, object: old };
  if (rt.builtin && rt.kind === 'CustomResourceDefinition') return { gone: true, object: deleteCrd(ctx, key) };
  if (rt.builtin && rt.kind === 'Namespace') return { gone: true, object: deleteNamespace(ctx, key) };
  return { gone: true, object: api.store.delete(rt.storageKey, key)! };
}

/** DELETE of a named object. */
export function deleteOne(ctx: Ctx): Reply {
  const { api, rt, req } = ctx;
  const options = deleteOptions(ctx);
  const dryRun = isDryRun(ctx.query, options);
  const key = objectKey(req.namespace, req.name ?? '');
  const old = api.store.get(rt.storageKey, key);
  if (!old) throw notFound(grOf(rt), req.name ?? '');
  const { gone, object } = remove(ctx, key, old, options, dryRun);
  if (!gone || rt.returnDeletedObject) return { code: 200, body: api.versioned(object, rt) };
  return {
    code: 200,
    body: {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Success',
      details: { name: object.metadata.name, group: rt.group, kind: rt.plural, uid: object.metadata.uid },
    },
  };
}

/** DELETE of a collection (with the list's selectors); answers with the deleted objects. */
export function deleteCollection(ctx: Ctx): Reply {
  const { api, rt } = ctx;
  const options = deleteOptions(ctx);
  const dryRun = isDryRun(ctx.query, options);
  const { items } = listObjects(ctx);
  const deleted: KubeObject[] = [];
  for (const obj of items) {
    const key = objectKey(obj.metadata.namespace, obj.metadata.name ?? '');
    const current = api.store.get(rt.storageKey, key);
    if (!current) continue;
    deleted.push(api.versioned(remove(ctx, key, current, options, dryRun).object, rt));
  }
  return {
    code: 200,
    body: { apiVersion: groupVersion(rt.group, rt.version), kind: rt.listKind, metadata: { resourceVersion: String(api.store.currentRv()) }, items: deleted },
  };
}
