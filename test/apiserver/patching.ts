/**
 * PATCH: merge patch, JSON patch, strategic merge patch, and server-side apply.
 *
 * The three classic formats are applied to the stored object as the client sees it (in the
 * request's version) and the result goes through the same write pipeline as a PUT, so
 * resourceVersion preconditions, status rules, ownership and validation all apply. Strategic merge
 * patch is refused with 415 for custom resources, exactly as the API server refuses it.
 *
 * Apply (`application/apply-patch+yaml`) needs `fieldManager` (422 without it), takes `force`,
 * and creates the object when it does not exist. Unknown fields in an applied configuration are
 * reported in the API server's apply wording (`.spec.foo: field not declared in schema`) when
 * fieldValidation is Strict, and pruned otherwise. A conflict with another manager is a 409 whose
 * details.causes name each field (`.spec.replicas`) and its owner (`conflict with "manager"`).
 */
import { applyConfig, ApplyConflictError, decodeManagedFields, describeManager } from './apply';
import { formatPath } from './fieldpath';
import { fieldValidation } from './objectmeta';
import { jsonPatch, mergePatch, PatchError, strategicMergePatch } from './patch';
import { ApiError, badRequest, failure, invalid, notFound, unsupportedMediaType } from './status';
import { objectKey } from './store';
import { grOf, header, type Ctx, type Reply } from './state';
import { isMap, nowTimestamp, type KubeObject } from './types';
import { validateObject } from './validation';
import { asObject, checkHeader, decodeBody, persist, writerOf } from './writes';

const APPLY = 'application/apply-patch+yaml';

/** PATCH of an object or its status. */
export function patch(ctx: Ctx): Reply {
  const { api, rt, req } = ctx;
  const type = (header(ctx, 'content-type') ?? '').split(';')[0].trim().toLowerCase();
  const key = objectKey(req.namespace, req.name ?? '');
  const old = api.store.get(rt.storageKey, key);
  const force = ctx.query.get('force');
  if (type === APPLY) return apply(ctx, old);
  if (force !== null) {
    throw invalid('PatchOptions', 'meta.k8s.io', '', [{ reason: 'FieldValueForbidden', field: 'force', message: 'Forbidden: may not be specified for non-apply patch' }]);
  }
  if (type === 'application/apply-patch+cbor') throw unsupportedMediaType('apply patches in CBOR are not supported by this test server');
  const doc = decodeBody(ctx);
  if (!old) throw notFound(grOf(rt), req.name ?? '');
  const base = api.versioned(old, rt);
  let result: unknown;
  try {
    if (type === 'application/merge-patch+json') result = mergePatch(base, doc);
    else if (type === 'application/json-patch+json') result = jsonPatch(base, doc);
    else if (type === 'application/strategic-merge-patch+json') {
      if (!rt.builtin) {
        throw unsupportedMediaType(`strategic merge patch is not supported for custom resources (${rt.plural}.${rt.group}); use application/merge-patch+json, application/json-patch+json or apply`);
      }
      result = strategicMergePatch(base, doc, rt.schema);
    } else {
      throw unsupportedMediaType(`the patch content type ${JSON.stringify(type)} is not supported; use application/merge-patch+json, application/json-patch+json, application/strategic-merge-patch+json or application/apply-patch+yaml`);
    }
  } catch (err) {
    if (err instanceof PatchError) {
      if (err.malformed) throw badRequest(err.message);
      throw new ApiError(failure(422, 'Invalid', err.message, { name: req.name, group: rt.group, kind: rt.kind }));
    }
    throw err;
  }
  if (!isMap(result)) throw new ApiError(failure(422, 'Invalid', 'the patched document is not an object', { name: req.name, group: rt.group, kind: rt.kind }));
  return persist(ctx, { old, candidate: asObject(result), subresource: req.subresource });
}

/** Server-side apply. */
function apply(ctx: Ctx, old: KubeObject | undefined): Reply {
  const { api, rt, req } = ctx;
  const manager = ctx.query.get('fieldManager');
  if (!manager) {
    throw invalid('PatchOptions', 'meta.k8s.io', '', [{ reason: 'FieldValueRequired', field: 'fieldManager', message: 'Required value: is required for apply patch' }]);
  }
  const forceText = ctx.query.get('force');
  if (forceText !== null && forceText !== 'true' && forceText !== 'false') throw badRequest(`force must be true or false, not ${JSON.stringify(forceText)}`);
  const force = forceText === 'true';
  let config = checkHeader(asObject(decodeBody(ctx)), rt);
  if (config.metadata.name !== req.name) {
    throw badRequest(`the name of the object (${config.metadata.name ?? ''}) does not match the name on the URL (${req.name ?? ''})`);
  }
  if (rt.namespaced && config.metadata.namespace && config.metadata.namespace !== req.namespace) {
    throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
  }
  if (Array.isArray(config.metadata.managedFields) && config.metadata.managedFields.length > 0) {
    throw badRequest('metadata.managedFields must be nil in an applied configuration');
  }

  const checked = validateObject(config, rt.schema);
  if (checked.unknown.length > 0) {
    const mode = fieldValidation(ctx.query);
    if (mode === 'Strict') throw badRequest(checked.unknown.map((f) => `.${f}: field not declared in schema`).join(', '));
    if (mode === 'Warn') for (const f of checked.unknown) ctx.warnings.push(`unknown field "${f}"`);
  }
  config = checked.value as KubeObject;
  if (rt.namespaced) config.metadata = { ...config.metadata, namespace: req.namespace };
  else {
    config.metadata = { ...config.metadata };
    delete config.metadata.namespace;
  }

  if (!old && req.subresource) throw notFound(grOf(rt), req.name ?? '');
  const live = old ? api.versioned(old, rt) : {};
  let managers;
  try {
    managers = old ? decodeManagedFields(old.metadata.managedFields) : [];
  } catch (err) {
    throw badRequest(`the stored managedFields are invalid: ${(err as Error).message}`);
  }
  const writer = writerOf(ctx, req.subresource, nowTimestamp());
  let result;
  try {
    result = applyConfig(live, config, managers, writer, force);
  } catch (err) {
    if (err instanceof ApplyConflictError) {
      throw new ApiError(
        failure(409, 'Conflict', err.message, {
          causes: err.conflicts.map((c) => ({ reason: 'FieldManagerConflict', message: `conflict with ${describeManager(c.manager)}`, field: formatPath(c.path) })),
        }),
      );
    }
    throw err;
  }
  // The merged object keeps the stored resourceVersion unless the configuration names one, in
  // which case the pipeline checks it as a precondition, as the API server does for apply.
  const candidate = { ...result.object, apiVersion: config.apiVersion, kind: config.kind } as KubeObject;
  return persist(ctx, { old, candidate, managers: result.managers, subresource: req.subresource });
}
