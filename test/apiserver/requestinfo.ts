/**
 * From method and URL to "who wants to do what to which resource".
 *
 * The API's URL grammar, as the API server reads it:
 *   /api/v1[/namespaces/NS]/RESOURCE[/NAME[/SUBRESOURCE]]
 *   /apis/GROUP/VERSION[/namespaces/NS]/RESOURCE[/NAME[/SUBRESOURCE]]
 *   /api/v1/watch/..., /apis/GROUP/VERSION/watch/...   (the old watch prefix)
 * `/api/v1/namespaces/NS` is the Namespace object itself, and `/namespaces/NS/status` and
 * `/namespaces/NS/finalize` are its subresources, not resources called "status" in namespace NS.
 *
 * The verb follows from the method, whether a name is present and `?watch`: get, list, watch,
 * create, update, patch, delete, deletecollection. RBAC checks and the fault filters use it.
 */

/** A parsed resource request. */
export interface ResourceRequest {
  group: string;
  version: string;
  namespace?: string;
  resource: string;
  name?: string;
  subresource?: string;
  verb: string;
}

/** Any other API path (discovery, openapi, version, health). */
export interface NonResourceRequest {
  path: string;
  verb: string;
}

/** Parses an API path. Returns undefined for paths that are not resource requests. */
export function parseResourcePath(method: string, pathname: string, query: URLSearchParams): ResourceRequest | undefined {
  const parts = pathname.split('/').filter((p) => p.length > 0).map(decodeURIComponent);
  let group: string;
  let version: string;
  let rest: string[];
  if (parts[0] === 'api' && parts.length >= 3) {
    group = '';
    version = parts[1];
    rest = parts.slice(2);
  } else if (parts[0] === 'apis' && parts.length >= 4) {
    group = parts[1];
    version = parts[2];
    rest = parts.slice(3);
  } else {
    return undefined;
  }
  let watchPrefix = false;
  if (rest[0] === 'watch') {
    watchPrefix = true;
    rest = rest.slice(1);
    if (rest.length === 0) return undefined;
  }
  let namespace: string | undefined;
  if (rest[0] === 'namespaces' && rest.length >= 2) {
    if (rest.length === 2 || (rest.length === 3 && (rest[2] === 'status' || rest[2] === 'finalize'))) {
      // The namespace object itself (or one of its subresources).
      const out: ResourceRequest = { group, version, resource: 'namespaces', name: rest[1], verb: '' };
      if (rest.length === 3) out.subresource = rest[2];
      out.verb = verbOf(method, true, watchPrefix || isWatch(query));
      return out;
    }
    namespace = rest[1];
    rest = rest.slice(2);
  }
  if (rest.length === 0 || rest.length > 3) return undefined;
  const out: ResourceRequest = { group, version, resource: rest[0], verb: '' };
  if (namespace !== undefined) out.namespace = namespace;
  if (rest.length >= 2) out.name = rest[1];
  if (rest.length === 3) out.subresource = rest[2];
  out.verb = verbOf(method, out.name !== undefined, watchPrefix || isWatch(query));
  return out;
}

/** `?watch=1`, `?watch=true` (any value but false/0 counts, as in the API server). */
export function isWatch(query: URLSearchParams): boolean {
  const w = query.get('watch');
  return w !== null && w !== 'false' && w !== '0';
}

function verbOf(method: string, named: boolean, watch: boolean): string {
  switch (method) {
    case 'GET':
    case 'HEAD':
      if (watch) return 'watch';
      return named ? 'get' : 'list';
    case 'POST':
      return 'create';
    case 'PUT':
      return 'update';
    case 'PATCH':
      return 'patch';
    case 'DELETE':
      return named ? 'delete' : 'deletecollection';
    default:
      return method.toLowerCase();
  }
}
