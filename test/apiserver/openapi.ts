/**
 * OpenAPI v3 documents, for the clients that need them.
 *
 * kubectl's `--validate=strict` (its default) decides whether the server validates fields by
 * itself by fetching `/openapi/v3`, following the group-version's `serverRelativeURL`, and looking
 * for a PATCH operation tagged with the kind's `x-kubernetes-group-version-kind` that takes the
 * `fieldValidation` query parameter. When it finds one it leaves validation to the server (this
 * server's admission), and no OpenAPI v2 document is ever needed; so `/openapi/v2` is a 404 here.
 *
 * Each group-version document lists the usual REST paths with their operations and parameters,
 * and carries the kinds' schemas under components.schemas (tagged with their GVK), which is also
 * what `kubectl explain` reads. The hash in each `serverRelativeURL` changes whenever the set of
 * served resources changes, so clients that cache by URL see new CRDs.
 */
import { createHash } from 'node:crypto';
import type { Registry, ResourceType } from './resources';
import type { JsonMap } from './types';

function gvPath(group: string, version: string): string {
  return group ? `apis/${group}/${version}` : `api/${version}`;
}

/** `/openapi/v3`: the index of group-version documents. */
export function openApiRoot(registry: Registry, generation: number): JsonMap {
  const paths: JsonMap = {};
  for (const g of registry.groups()) {
    for (const v of g.versions) {
      const p = gvPath(g.name, v);
      const hash = createHash('sha256').update(`${p}#${generation}`).digest('hex').slice(0, 32).toUpperCase();
      paths[p] = { serverRelativeURL: `/openapi/v3/${p}?hash=${hash}` };
    }
  }
  return { paths };
}

function param(name: string, description: string, type = 'string'): JsonMap {
  return { name, in: 'query', description, schema: { type, uniqueItems: true } };
}

const P = {
  dryRun: param('dryRun', 'When present, the change is validated but not persisted. The only value is All.'),
  fieldManager: param('fieldManager', 'The name of the actor making the change; required for apply.'),
  fieldValidation: param('fieldValidation', 'How to treat unknown fields: Ignore, Warn (default) or Strict.'),
  force: param('force', 'Apply only: take ownership of conflicting fields.', 'boolean'),
  labelSelector: param('labelSelector', 'Restricts the list by label.'),
  fieldSelector: param('fieldSelector', 'Restricts the list by metadata.name or metadata.namespace.'),
  limit: param('limit', 'Maximum number of items in one page.', 'integer'),
  continue: param('continue', 'The continue token of the previous page.'),
  resourceVersion: param('resourceVersion', 'Which resource version to read from or watch after.'),
  resourceVersionMatch: param('resourceVersionMatch', 'How resourceVersion is interpreted: Exact or NotOlderThan.'),
  watch: param('watch', 'Stream changes instead of listing.', 'boolean'),
  allowWatchBookmarks: param('allowWatchBookmarks', 'Ask for BOOKMARK events.', 'boolean'),
  timeoutSeconds: param('timeoutSeconds', 'Close a watch after this many seconds.', 'integer'),
};

function op(rt: ResourceType, action: string, parameters: JsonMap[], description: string): JsonMap {
  return {
    description,
    operationId: `${action}${rt.kind}`,
    parameters,
    responses: { '200': { description: 'OK' } },
    'x-kubernetes-action': action,
    'x-kubernetes-group-version-kind': { group: rt.group, version: rt.version, kind: rt.kind },
  };
}

function schemaName(rt: ResourceType): string {
  const reversed = rt.group ? rt.group.split('.').reverse().join('.') : 'io.k8s.api.core';
  return `${reversed}.${rt.version}.${rt.kind}`;
}

/** `/openapi/v3/api/v1` or `/openapi/v3/apis/<group>/<version>`, or undefined when not served. */
export function openApiGroupVersion(registry: Registry, group: string, version: string, serverVersion: string): JsonMap | undefined {
  const resources = registry.resources(group, version).filter((r) => !r.virtual);
  const virtual = registry.resources(group, version).filter((r) => r.virtual);
  if (resources.length === 0 && virtual.length === 0) return undefined;
  const base = `/${gvPath(group, version)}`;
  const paths: JsonMap = {};
  const schemas: JsonMap = {};
  const writeParams = [P.dryRun, P.fieldManager, P.fieldValidation];
  const listParams = [P.labelSelector, P.fieldSelector, P.limit, P.continue, P.resourceVersion, P.resourceVersionMatch, P.watch, P.allowWatchBookmarks, P.timeoutSeconds];
  for (const rt of resources) {
    const scope = rt.namespaced ? `${base}/namespaces/{namespace}/${rt.plural}` : `${base}/${rt.plural}`;
    paths[scope] = {
      get: op(rt, 'list', listParams, `list or watch objects of kind ${rt.kind}`),
      post: op(rt, 'post', writeParams, `create a ${rt.kind}`),
      delete: op(rt, 'deletecollection', [...listParams, P.dryRun], `delete a collection of ${rt.kind}`),
    };
    paths[`${scope}/{name}`] = {
      get: op(rt, 'get', [], `read the specified ${rt.kind}`),
      put: op(rt, 'put', writeParams, `replace the specified ${rt.kind}`),
      patch: op(rt, 'patch', [...writeParams, P.force], `partially update the specified ${rt.kind}`),
      delete: op(rt, 'delete', [P.dryRun], `delete a ${rt.kind}`),
    };
    if (rt.status) {
      paths[`${scope}/{name}/status`] = {
        get: op(rt, 'get', [], `read status of the specified ${rt.kind}`),
        put: op(rt, 'put', writeParams, `replace status of the specified ${rt.kind}`),
        patch: op(rt, 'patch', [...writeParams, P.force], `partially update status of the specified ${rt.kind}`),
      };
    }
    if (rt.namespaced) paths[`${base}/${rt.plural}`] = { get: op(rt, 'list', listParams, `list or watch ${rt.kind} across namespaces`) };
    if (rt.schema) {
      schemas[schemaName(rt)] = {
        ...rt.schema,
        'x-kubernetes-group-version-kind': [{ group: rt.group, version: rt.version, kind: rt.kind }],
      };
    }
  }
  for (const rt of virtual) paths[`${base}/${rt.plural}`] = { post: op(rt, 'post', writeParams, `create a ${rt.kind}`) };
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: serverVersion },
    paths,
    components: { schemas },
  };
}

