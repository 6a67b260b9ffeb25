/**
 * The scale subresource (`/scale`): an autoscaling/v1 Scale view of a resource's replica count.
 *
 * Deployments and the custom resources whose CRD declares `subresources.scale` (Argo Rollouts,
 * for instance) answer GET, PUT and PATCH (merge or JSON patch) on `/scale`. Reads build a Scale
 * from the paths the CRD names (specReplicasPath, statusReplicasPath, labelSelectorPath; for a
 * Deployment, `.spec.selector` rendered as a selector string). Writes change only the replica count
 * at specReplicasPath, through the ordinary write pipeline, so resourceVersion preconditions, the
 * generation bump and field ownership (an Update entry with `subresource: scale`) all apply.
 */
import { jsonPatch, mergePatch, PatchError } from './patch';
import { ApiError, badRequest, failure, notFound, unsupportedMediaType } from './status';
import { objectKey } from './store';
import { grOf, header, type Ctx, type Reply } from './state';
import { isMap, type JsonMap, type KubeObject } from './types';
import { asObject, decodeBody, persist } from './writes';

function pathOf(jsonPath: string): string[] {
  return jsonPath.replace(/^\./, '').split('.').filter(Boolean);
}

function read(obj: unknown, jsonPath: string): unknown {
  let node = obj;
  for (const p of pathOf(jsonPath)) node = isMap(node) ? node[p] : undefined;
  return node;
}

function write(obj: KubeObject, jsonPath: string, value: unknown): KubeObject {
  const parts = pathOf(jsonPath);
  const out = structuredClone(obj);
  let node: JsonMap = out;
  for (const p of parts.slice(0, -1)) {
    if (!isMap(node[p])) node[p] = {};
    node = node[p] as JsonMap;
  }
  node[parts[parts.length - 1]] = value;
  return out;
}

/** `app=web,tier in (a,b)` from a LabelSelector object. */
function selectorString(sel: unknown): string {
  if (!isMap(sel)) return '';
  const parts: string[] = [];
  for (const [k, v] of Object.entries(isMap(sel.matchLabels) ? sel.matchLabels : {})) parts.push(`${k}=${String(v)}`);
  for (const e of Array.isArray(sel.matchExpressions) ? sel.matchExpressions.filter(isMap) : []) {
    const values = Array.isArray(e.values) ? e.values.map(String).join(',') : '';
    if (e.operator === 'In') parts.push(`${String(e.key)} in (${values})`);
    else if (e.operator === 'NotIn') parts.push(`${String(e.key)} notin (${values})`);
    else if (e.operator === 'Exists') parts.push(String(e.key));
    else if (e.operator === 'DoesNotExist') parts.push(`!${String(e.key)}`);
  }
  return parts.join(',');
}

function toScale(ctx: Ctx, obj: KubeObject): JsonMap {
  const scale = ctx.rt.scale!;
  const selector = ctx.rt.builtin ? selectorString(read(obj, '.spec.selector')) : scale.labelSelectorPath ? read(obj, scale.labelSelectorPath) : undefined;
  const status: JsonMap = { replicas: Number(read(obj, scale.statusReplicasPath) ?? 0) };
  if (typeof selector === 'string' && selector) status.selector = selector;
  const m = obj.metadata;
  const metadata: JsonMap = { name: m.name, namespace: m.namespace, uid: m.uid, resourceVersion: m.resourceVersion, creationTimestamp: m.creationTimestamp };
  return { kind: 'Scale', apiVersion: 'autoscaling/v1', metadata, spec: { replicas: Number(read(obj, scale.specReplicasPath) ?? 0) }, status };
}

/** GET, PUT or PATCH on /scale. */
export function scale(ctx: Ctx): Reply {
  const { api, rt, req } = ctx;
  const old = api.store.get(rt.storageKey, objectKey(req.namespace, req.name ?? ''));
  if (!old) throw notFound(grOf(rt), req.name ?? '');
  const current = toScale(ctx, old);
  if (req.verb === 'get') return { code: 200, body: current };

  let wanted: KubeObject;
  if (req.verb === 'update') wanted = asObject(decodeBody(ctx));
  else {
    const type = (header(ctx, 'content-type') ?? '').split(';')[0].trim();
    const doc = decodeBody(ctx);
    try {
      if (type === 'application/merge-patch+json' || type === 'application/strategic-merge-patch+json') wanted = asObject(mergePatch(current, doc));
      else if (type === 'application/json-patch+json') wanted = asObject(jsonPatch(current, doc));
      else throw unsupportedMediaType(`the scale subresource takes merge or JSON patches, not ${JSON.stringify(type)}`);
    } catch (err) {
      if (err instanceof PatchError) {
        if (err.malformed) throw badRequest(err.message);
        throw new ApiError(failure(422, 'Invalid', err.message));
      }
      throw err;
    }
  }
  const replicas = isMap(wanted.spec) ? wanted.spec.replicas : undefined;
  if (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 0) {
    throw new ApiError(
      failure(422, 'Invalid', `Scale.autoscaling "${req.name ?? ''}" is invalid: spec.replicas: Invalid value: ${JSON.stringify(replicas)}: must be a non-negative integer`, {
        name: req.name,
        group: 'autoscaling',
        kind: 'Scale',
        causes: [{ reason: 'FieldValueInvalid', field: 'spec.replicas', message: 'must be a non-negative integer' }],
      }),
    );
  }
  const candidate = write(api.versioned(old, rt), rt.scale!.specReplicasPath, replicas);
  if (typeof wanted.metadata.resourceVersion === 'string') candidate.metadata = { ...candidate.metadata, resourceVersion: wanted.metadata.resourceVersion };
  const reply = persist(ctx, { old, candidate, subresource: 'scale' });
  return { code: 200, body: toScale(ctx, reply.body as KubeObject) };
}
