/**
 * The HTTP front: faults, authentication, routing, authorization, and turning results into bytes.
 *
 * Order per request, as in the API server's filter chain: injected faults (reset, latency, 5xx/429,
 * and corruption, which lets the request through and mangles its answer: corrupt.ts) → authentication (401) → body read (413 past the size limit) → routing. Non-resource paths
 * (version, health, discovery, OpenAPI) are answered directly; resource paths are parsed
 * (requestinfo.ts), resolved against the registry (404 for unknown resources and subresources),
 * authorized against the deny list (403), checked against the resource's verbs (405), and handed
 * to the verb's handler. Every error is a Status (status.ts); deprecated versions add the API's
 * Warning header. A bounded request log records method, URL, status, user and verb.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { corruptResponse } from './corrupt';
import { deleteCollection, deleteOne } from './deletes';
import { aggregatedContentType, aggregatedDiscovery, apiGroup, apiGroupList, apiResourceList, apiVersions, negotiateDiscovery } from './discovery';
import { openApiGroupVersion, openApiRoot } from './openapi';
import { patch } from './patching';
import { get, list } from './reads';
import { scale } from './scale';
import { parseResourcePath, type ResourceRequest } from './requestinfo';
import { decodeAccessReview } from './protobuf';
import { ApiError, badRequest, internalError, methodNotAllowed, noSuchPath, tooLarge } from './status';
import { header, type ApiState, type Ctx, type Reply } from './state';
import { isMap, type JsonMap } from './types';
import { watch } from './watch';
import { asObject, create, decodeBody, update } from './writes';

/** Writes a JSON response. */
function sendJson(res: ServerResponse, code: number, body: unknown, headers: Record<string, string | string[]> = {}, contentType = 'application/json'): void {
  const text = JSON.stringify(body);
  res.writeHead(code, {
    'Content-Type': contentType,
    'Cache-Control': 'no-cache, private',
    'Audit-Id': randomUUID(),
    'Content-Length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

function sendError(res: ServerResponse, err: ApiError, warnings: string[] = []): void {
  const headers: Record<string, string | string[]> = { ...err.headers };
  if (warnings.length > 0) headers.Warning = warnings.map(warningHeader);
  sendJson(res, err.status.code, err.status, headers);
}

function warningHeader(text: string): string {
  return `299 - ${JSON.stringify(text)}`;
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(tooLarge(limit));
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** `/version` */
function versionInfo(gitVersion: string): JsonMap {
  const m = /^v(\d+)\.(\d+)/.exec(gitVersion);
  return {
    major: m?.[1] ?? '1',
    minor: m?.[2] ?? '32',
    gitVersion,
    gitCommit: '0000000000000000000000000000000000000000',
    gitTreeState: 'clean',
    buildDate: '2025-01-01T00:00:00Z',
    goVersion: 'go1.23.0',
    compiler: 'gc',
    platform: 'linux/amd64',
  };
}

/** Answers non-resource paths; returns false when the path is not one of them. */
function nonResource(api: ApiState, req: IncomingMessage, res: ServerResponse, path: string, serverAddress: string): boolean {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  const parts = path.split('/').filter(Boolean);
  if (path === '/version') return sendJson(res, 200, versionInfo(api.options.gitVersion)), true;
  if (path === '/healthz' || path === '/livez' || path === '/readyz') {
    res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end('ok');
    return true;
  }
  if (path === '/api' || path === '/apis') {
    const format = negotiateDiscovery(req.headers.accept, api.options.aggregatedDiscovery);
    if (format !== 'legacy') {
      sendJson(res, 200, aggregatedDiscovery(api.registry, path === '/api', format), { Vary: 'Accept' }, aggregatedContentType(format));
    } else {
      sendJson(res, 200, path === '/api' ? apiVersions(serverAddress) : apiGroupList(api.registry), { Vary: 'Accept' });
    }
    return true;
  }
  if (parts[0] === 'apis' && parts.length === 2) {
    const doc = apiGroup(api.registry, parts[1]);
    if (doc) sendJson(res, 200, doc);
    else sendError(res, noSuchPath());
    return true;
  }
  if ((parts[0] === 'api' && parts.length === 2) || (parts[0] === 'apis' && parts.length === 3)) {
    const [group, version] = parts[0] === 'api' ? ['', parts[1]] : [parts[1], parts[2]];
    const doc = apiResourceList(api.registry, group, version);
    if (doc) sendJson(res, 200, doc);
    else sendError(res, noSuchPath());
    return true;
  }
  if (parts[0] === 'openapi') {
    if (path === '/openapi/v3') {
      sendJson(res, 200, openApiRoot(api.registry, api.openapiGeneration));
      return true;
    }
    if (parts[1] === 'v3' && ((parts[2] === 'api' && parts.length === 4) || (parts[2] === 'apis' && parts.length === 5))) {
      const [group, version] = parts[2] === 'api' ? ['', parts[3]] : [parts[3], parts[4]];
      const doc = openApiGroupVersion(api.registry, group, version, api.options.gitVersion);
      if (doc) sendJson(res, 200, doc);
      else sendError(res, noSuchPath());
      return true;
    }
    // /openapi/v2 is not served: clients that find v3 never need it (see openapi.ts).
    sendError(res, noSuchPath());
    return true;
  }
  return false;
}

/** SelfSubjectAccessReview: answers from the deny list. */
function accessReview(ctx: Ctx): Reply {
  const type = (header(ctx, 'content-type') ?? '').split(';')[0].trim();
  let review;
  if (type === 'application/vnd.kubernetes.protobuf') {
    try {
      review = asObject(decodeAccessReview(ctx.body));
    } catch (err) {
      throw badRequest(`cannot read the protobuf body: ${(err as Error).message}`);
    }
  } else review = asObject(decodeBody(ctx));
  const spec = isMap(review.spec) ? review.spec : {};
  const attrs = isMap(spec.resourceAttributes) ? spec.resourceAttributes : {};
  const text = (v: unknown): string => (typeof v === 'string' ? v : '');
  const rule = isMap(spec.resourceAttributes)
    ? ctx.api.auth.denied({
        user: ctx.user,
        verb: text(attrs.verb),
        group: text(attrs.group),
        resource: text(attrs.resource),
        subresource: text(attrs.subresource) || undefined,
        namespace: text(attrs.namespace) || undefined,
        name: text(attrs.name) || undefined,
      })
    : undefined;
  // Like RBAC, a denial carries no reason (RBAC has no deny rules, only the absence of an allow).
  const status: JsonMap = rule ? { allowed: false } : { allowed: true, reason: 'allowed by the test server' };
  return { code: 201, body: { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', metadata: { creationTimestamp: null }, spec, status } };
}

function dispatch(ctx: Ctx, req: IncomingMessage, res: ServerResponse): Reply | undefined {
  const { rt, req: r } = ctx;
  if (rt.virtual) {
    if (r.verb !== 'create') throw methodNotAllowed(r.verb, rt.plural);
    return accessReview(ctx);
  }
  const known = (r.subresource === 'status' && rt.status) || (r.subresource === 'scale' && rt.scale !== undefined);
  if (r.subresource !== undefined && !known) throw noSuchPath();
  if (r.subresource !== undefined && !['get', 'update', 'patch'].includes(r.verb)) throw methodNotAllowed(r.verb, `${rt.plural}/${r.subresource}`);
  if (r.subresource === 'scale') return scale(ctx);
  if (rt.namespaced && r.namespace === undefined && r.verb !== 'list' && r.verb !== 'watch') {
    if (r.name !== undefined || r.verb === 'create' || r.verb === 'deletecollection') throw noSuchPath();
  }
  if (!rt.namespaced && r.namespace !== undefined) throw noSuchPath();
  switch (r.verb) {
    case 'get':
      return get(ctx);
    case 'list':
      return list(ctx);
    case 'watch':
      watch(ctx, req, res);
      return undefined;
    case 'create':
      if (r.name !== undefined) throw methodNotAllowed('POST', 'a named resource');
      return create(ctx);
    case 'update':
      if (r.name === undefined) throw methodNotAllowed('PUT', 'a collection');
      return update(ctx);
    case 'patch':
      if (r.name === undefined) throw methodNotAllowed('PATCH', 'a collection');
      return patch(ctx);
    case 'delete':
      return deleteOne(ctx);
    case 'deletecollection':
      return deleteCollection(ctx);
    default:
      throw methodNotAllowed(req.method ?? '', 'this resource');
  }
}

/** The request handler of the test server. */
export function createHandler(api: ApiState, serverAddress: () => string): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    void handle(api, req, res, serverAddress()).catch((err: unknown) => {
      if (!res.headersSent) sendError(res, err instanceof ApiError ? err : internalError(String((err as Error)?.message ?? err)));
      else res.destroy();
    });
  };
}

async function handle(api: ApiState, req: IncomingMessage, res: ServerResponse, serverAddress: string): Promise<void> {
  const method = req.method ?? 'GET';
  const rawUrl = req.url ?? '/';
  const record = { method, url: rawUrl, status: 0, user: '', verb: undefined as string | undefined, userAgent: req.headers['user-agent'] };
  // 'close' fires for every response, including watches the client abandons.
  let logged = false;
  res.on('close', () => {
    if (logged) return;
    logged = true;
    record.status = res.headersSent ? res.statusCode : 0;
    api.log(record);
  });

  const decision = api.faults.decide({ method, url: rawUrl });
  if (decision.action === 'reset') {
    req.socket.destroy();
    return;
  }
  if (decision.delayMs > 0) await sleep(decision.delayMs);
  if (decision.action === 'fail') return sendError(res, decision.error);
  const corruption = decision.corrupt;
  if (corruption !== undefined) corruptResponse(res, corruption, () => api.faults.noteApplied({ kind: corruption, url: rawUrl }));

  const user = api.auth.authenticate(req.headers.authorization, req.headers['impersonate-user'] as string | undefined);
  if (user instanceof ApiError) return sendError(res, user);
  record.user = user;

  const url = new URL(rawUrl, 'http://127.0.0.1');
  if (nonResource(api, req, res, url.pathname, serverAddress)) return;

  const parsed: ResourceRequest | undefined = parseResourcePath(method, url.pathname, url.searchParams);
  if (!parsed) return sendError(res, noSuchPath());
  record.verb = parsed.verb;
  const rt = api.registry.get(parsed.group, parsed.version, parsed.resource);
  if (!rt) return sendError(res, noSuchPath());

  const denied = api.auth.authorize({
    user,
    verb: parsed.verb,
    group: parsed.group,
    resource: parsed.resource,
    subresource: parsed.subresource,
    namespace: parsed.namespace,
    name: parsed.name,
  });
  if (denied) return sendError(res, denied);
  if (!rt.verbs.includes(parsed.verb) && !(parsed.subresource && ['get', 'update', 'patch'].includes(parsed.verb))) {
    return sendError(res, methodNotAllowed(parsed.verb, rt.plural));
  }

  const body = method === 'GET' || method === 'HEAD' ? Buffer.alloc(0) : await readBody(req, api.options.maxBodyBytes);
  const ctx: Ctx = { api, rt, req: parsed, query: url.searchParams, headers: req.headers, user, body, warnings: [] };
  if (rt.deprecated && rt.deprecationWarning) ctx.warnings.push(rt.deprecationWarning);
  try {
    const reply = dispatch(ctx, req, res);
    if (!reply) return;
    const headers: Record<string, string | string[]> = {};
    if (ctx.warnings.length > 0) headers.Warning = ctx.warnings.map(warningHeader);
    sendJson(res, reply.code, reply.body, headers);
  } catch (err) {
    if (err instanceof ApiError) return sendError(res, err, ctx.warnings);
    throw err;
  }
}
