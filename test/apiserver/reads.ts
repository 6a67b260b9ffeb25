/**
 * GET of one object, and LIST with selectors, pagination and resourceVersion semantics.
 *
 * LIST reads:
 *   - no resourceVersion, or "0": the current state;
 *   - resourceVersion=N (NotOlderThan, the default match): the current state, or 504 with a
 *     ResourceVersionTooLarge cause when N is in the future;
 *   - resourceVersion=N&resourceVersionMatch=Exact: the state as of N, from the event history
 *     (410 Expired when N was compacted away);
 *   - limit + continue: the first page fixes the revision; every later page is read as of that
 *     revision, so a paginated list is a consistent snapshot even while objects change, until the
 *     revision is compacted (410 Expired, as etcd compaction does on a real cluster).
 * The continue token is opaque to clients: base64 of {rv, start key}.
 *
 * Responses are plain JSON, a meta.k8s.io Table (kubectl's human-readable output) or
 * PartialObjectMetadata(List), as the Accept header asks. List items of built-in kinds carry no
 * apiVersion/kind (typed lists do not); custom resource items do.
 */
import { matchesFields, matchesLabels, parseFieldSelector, parseLabelSelector, SelectorError, type FieldRequirement, type LabelSelector } from './selectors';
import { groupVersion } from './resources';
import { badRequest, expired, failure, ApiError, notFound, resourceVersionTooLarge } from './status';
import { objectKey } from './store';
import { toTable } from './table';
import { grOf, header, type Ctx, type Reply } from './state';
import type { JsonMap, KubeObject } from './types';

/** Fields a field selector may name. */
export const SELECTABLE_FIELDS = ['metadata.name', 'metadata.namespace'];

/** What the client asked the response to look like. */
export type OutputFormat =
  | { as: 'json' }
  | { as: 'Table'; version: string; includeObject: 'None' | 'Metadata' | 'Object' }
  | { as: 'PartialObjectMetadata'; version: string };

/** Reads the Accept header (first acceptable entry wins). */
export function outputFormat(ctx: Ctx): OutputFormat {
  const accept = header(ctx, 'accept');
  if (!accept) return { as: 'json' };
  for (const part of accept.split(',')) {
    const [type, ...rest] = part.split(';').map((s) => s.trim());
    const params = new Map(rest.map((p) => p.split('=').map((s) => s.trim()) as [string, string]));
    if (type !== 'application/json' && type !== '*/*' && type !== 'application/*') continue;
    const as = params.get('as');
    if (!as) return { as: 'json' };
    const g = params.get('g');
    const v = params.get('v') ?? 'v1';
    if (g !== 'meta.k8s.io' || (v !== 'v1' && v !== 'v1beta1')) continue;
    if (as === 'Table') {
      const io = ctx.query.get('includeObject');
      const includeObject = io === 'None' || io === 'Object' ? io : 'Metadata';
      return { as: 'Table', version: v, includeObject };
    }
    if (as === 'PartialObjectMetadata' || as === 'PartialObjectMetadataList') return { as: 'PartialObjectMetadata', version: v };
  }
  if (/protobuf|cbor/.test(accept) && !/json|\*\//.test(accept)) {
    throw new ApiError(failure(406, 'NotAcceptable', 'only application/json is served by this test server'));
  }
  return { as: 'json' };
}

/** Parsed selectors of a list or watch. */
export interface Selection {
  namespace?: string;
  labels: LabelSelector;
  fields: FieldRequirement[];
}

export function selection(ctx: Ctx): Selection {
  try {
    const fields = parseFieldSelector(ctx.query.get('fieldSelector') ?? '', SELECTABLE_FIELDS);
    if (ctx.req.name !== undefined) fields.push({ field: 'metadata.name', op: '=', value: ctx.req.name });
    return { namespace: ctx.req.namespace, labels: parseLabelSelector(ctx.query.get('labelSelector') ?? ''), fields };
  } catch (err) {
    if (err instanceof SelectorError) throw badRequest(err.message);
    throw err;
  }
}

/** Whether an object is selected. */
export function selected(sel: Selection, obj: KubeObject): boolean {
  if (sel.namespace !== undefined && (obj.metadata.namespace ?? '') !== sel.namespace) return false;
  if (!matchesLabels(sel.labels, obj.metadata.labels)) return false;
  if (sel.fields.length === 0) return true;
  return matchesFields(sel.fields, { 'metadata.name': obj.metadata.name ?? '', 'metadata.namespace': obj.metadata.namespace ?? '' });
}

interface ContinueToken {
  rv: number;
  start: string;
}

function encodeContinue(t: ContinueToken): string {
  return Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv: t.rv, start: t.start })).toString('base64url');
}

function decodeContinue(token: string): ContinueToken {
  try {
    const t = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { rv?: unknown; start?: unknown };
    if (typeof t.rv === 'number' && typeof t.start === 'string') return { rv: t.rv, start: t.start };
  } catch {
    // Fall through to the error below.
  }
  throw badRequest('continue key is not valid: the token is malformed');
}

/** The result of a list before formatting. */
export interface Listed {
  items: KubeObject[];
  resourceVersion: number;
  continueToken?: string;
  remainingItemCount?: number;
}

function parseRv(value: string): number {
  if (!/^\d+$/.test(value)) throw badRequest(`resourceVersion must be an integer, not ${JSON.stringify(value)}`);
  return Number(value);
}

/** Lists the selected objects of the request's resource, with paging. */
export function listObjects(ctx: Ctx): Listed {
  const { api, rt, query } = ctx;
  const store = api.store;
  const sel = selection(ctx);
  const limitText = query.get('limit');
  const limit = limitText === null || limitText === '' ? 0 : Number(limitText);
  if (!Number.isInteger(limit) || limit < 0) throw badRequest(`limit must be a non-negative integer, not ${JSON.stringify(limitText)}`);
  const cont = query.get('continue');
  const rvText = query.get('resourceVersion') ?? '';
  const match = query.get('resourceVersionMatch') ?? '';
  if (match && match !== 'Exact' && match !== 'NotOlderThan') throw badRequest(`resourceVersionMatch must be Exact or NotOlderThan, not ${JSON.stringify(match)}`);
  if (match && !rvText) throw badRequest('resourceVersionMatch is forbidden unless resourceVersion is provided');
  const current = store.currentRv();
  let at = current;
  let start = '';
  if (cont) {
    if (rvText && rvText !== '0') throw badRequest('specifying resource version is not allowed when using continue');
    const token = decodeContinue(cont);
    if (token.rv < store.compactedRv()) {
      throw expired('The provided continue parameter is too old: the revision it was taken at has been compacted. Start a new list without a continue token.');
    }
    at = token.rv;
    start = token.start;
  } else if (rvText && rvText !== '0') {
    const rv = parseRv(rvText);
    if (rv > current) throw resourceVersionTooLarge(rv, current);
    if (match === 'Exact') at = rv;
  } else if (match === 'Exact') {
    throw badRequest('resourceVersionMatch=Exact needs a resourceVersion other than "0"');
  }

  const all = at === current ? store.list(rt.storageKey, sel.namespace) : store.snapshot(rt.storageKey, at, sel.namespace);
  const items: KubeObject[] = [];
  let lastKey = '';
  let more = false;
  let remaining = 0;
  for (const obj of all) {
    const key = objectKey(obj.metadata.namespace, obj.metadata.name ?? '');
    if (start && key <= start) continue;
    if (!selected(sel, obj)) continue;
    if (limit > 0 && items.length >= limit) {
      more = true;
      remaining++;
      continue;
    }
    items.push(obj);
    lastKey = key;
  }
  const out: Listed = { items, resourceVersion: at };
  if (more) {
    out.continueToken = encodeContinue({ rv: at, start: lastKey });
    if (sel.labels.length === 0 && (ctx.query.get('fieldSelector') ?? '') === '') out.remainingItemCount = remaining;
  }
  return out;
}

function listItem(ctx: Ctx, obj: KubeObject): KubeObject | JsonMap {
  const v = ctx.api.versioned(obj, ctx.rt);
  if (!ctx.rt.builtin) return v;
  const { apiVersion: _a, kind: _k, ...rest } = v;
  return rest;
}

/** LIST */
export function list(ctx: Ctx): Reply {
  const { api, rt } = ctx;
  const format = outputFormat(ctx);
  const listed = listObjects(ctx);
  const metadata: JsonMap = { resourceVersion: String(listed.resourceVersion) };
  if (listed.continueToken) metadata.continue = listed.continueToken;
  if (listed.remainingItemCount !== undefined) metadata.remainingItemCount = listed.remainingItemCount;
  if (format.as === 'Table') {
    const table = toTable(rt, listed.items.map((o) => api.versioned(o, rt)), {
      includeObject: format.includeObject,
      resourceVersion: String(listed.resourceVersion),
      continueToken: listed.continueToken,
      remainingItemCount: listed.remainingItemCount,
    });
    return { code: 200, body: { ...table, apiVersion: `meta.k8s.io/${format.version}` } };
  }
  if (format.as === 'PartialObjectMetadata') {
    const items = listed.items.map((o) => ({ kind: 'PartialObjectMetadata', apiVersion: `meta.k8s.io/${format.version}`, metadata: o.metadata }));
    return { code: 200, body: { kind: 'PartialObjectMetadataList', apiVersion: `meta.k8s.io/${format.version}`, metadata, items } };
  }
  return {
    code: 200,
    body: { apiVersion: groupVersion(rt.group, rt.version), kind: rt.listKind, metadata, items: listed.items.map((o) => listItem(ctx, o)) },
  };
}

/** GET of one object (or its status). */
export function get(ctx: Ctx): Reply {
  const { api, rt, req } = ctx;
  const obj = api.store.get(rt.storageKey, objectKey(req.namespace, req.name ?? ''));
  if (!obj) throw notFound(grOf(rt), req.name ?? '');
  const v = api.versioned(obj, rt);
  const format = outputFormat(ctx);
  if (format.as === 'Table') {
    const table = toTable(rt, [v], { includeObject: format.includeObject, resourceVersion: v.metadata.resourceVersion ?? '' });
    return { code: 200, body: { ...table, apiVersion: `meta.k8s.io/${format.version}` } };
  }
  if (format.as === 'PartialObjectMetadata') {
    return { code: 200, body: { kind: 'PartialObjectMetadata', apiVersion: `meta.k8s.io/${format.version}`, metadata: v.metadata } };
  }
  return { code: 200, body: v };
}
