/**
 * Discovery documents: how clients learn which resources exist.
 *
 * Two forms are served, as by a real API server:
 *   - the plain documents: `/api` (APIVersions), `/apis` (APIGroupList), `/apis/<group>` (APIGroup),
 *     `/api/v1` and `/apis/<group>/<version>` (APIResourceList, with subresources as `name/status`);
 *   - aggregated discovery (`apidiscovery.k8s.io` v2, or v2beta1) for `/api` and `/apis`, which
 *     kubectl 1.32 asks for first, so one request describes every group. It can be switched off
 *     (`aggregatedDiscovery: false`) to exercise the plain path that older clients use.
 * Preferred versions follow Kubernetes version priority (GA, then beta, then alpha).
 */
import { groupVersion, type Registry, type ResourceType } from './resources';
import type { JsonMap } from './types';

/** Which discovery representation a request's Accept header asks for. */
export type DiscoveryFormat = 'legacy' | 'v2' | 'v2beta1';

/** The media type of an aggregated discovery response. */
export function aggregatedContentType(format: 'v2' | 'v2beta1'): string {
  return `application/json;g=apidiscovery.k8s.io;v=${format};as=APIGroupDiscoveryList`;
}

/** Picks the first representation the Accept header lists that this server can produce. */
export function negotiateDiscovery(accept: string | undefined, aggregated: boolean): DiscoveryFormat {
  if (!accept || !aggregated) return 'legacy';
  for (const part of accept.split(',')) {
    const params = new Map<string, string>();
    const [type, ...rest] = part.split(';').map((s) => s.trim());
    for (const p of rest) {
      const eq = p.indexOf('=');
      if (eq > 0) params.set(p.slice(0, eq).trim(), p.slice(eq + 1).trim());
    }
    if (type === 'application/json' && params.get('g') === 'apidiscovery.k8s.io' && params.get('as') === 'APIGroupDiscoveryList') {
      const v = params.get('v');
      if (v === 'v2' || v === 'v2beta1') return v;
      continue;
    }
    if (type === 'application/json' || type === '*/*' || type === 'application/*') return 'legacy';
  }
  return 'legacy';
}

/** `/api` */
export function apiVersions(serverAddress: string): JsonMap {
  return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }] };
}

function groupDoc(name: string, versions: string[]): JsonMap {
  const vs = versions.map((v) => ({ groupVersion: groupVersion(name, v), version: v }));
  return { name, versions: vs, preferredVersion: vs[0] };
}

/** `/apis` */
export function apiGroupList(registry: Registry): JsonMap {
  const groups = registry.groups().filter((g) => g.name !== '').map((g) => groupDoc(g.name, g.versions));
  return { kind: 'APIGroupList', apiVersion: 'v1', groups };
}

/** `/apis/<group>`, or undefined when the group is not served. */
export function apiGroup(registry: Registry, group: string): JsonMap | undefined {
  const g = registry.groups().find((x) => x.name === group);
  return g ? { kind: 'APIGroup', apiVersion: 'v1', ...groupDoc(g.name, g.versions) } : undefined;
}

const SUBRESOURCE_VERBS = ['get', 'patch', 'update'];

function resourceEntries(rt: ResourceType): JsonMap[] {
  const main: JsonMap = { name: rt.plural, singularName: rt.singular, namespaced: rt.namespaced, kind: rt.kind, verbs: rt.verbs };
  if (rt.shortNames.length > 0) main.shortNames = rt.shortNames;
  if (rt.categories.length > 0) main.categories = rt.categories;
  const out = [main];
  if (rt.status) out.push({ name: `${rt.plural}/status`, singularName: '', namespaced: rt.namespaced, kind: rt.kind, verbs: SUBRESOURCE_VERBS });
  if (rt.scale) {
    out.push({ name: `${rt.plural}/scale`, singularName: '', namespaced: rt.namespaced, group: 'autoscaling', version: 'v1', kind: 'Scale', verbs: SUBRESOURCE_VERBS });
  }
  return out;
}

/** `/api/v1` or `/apis/<group>/<version>`, or undefined when not served. */
export function apiResourceList(registry: Registry, group: string, version: string): JsonMap | undefined {
  const resources = registry.resources(group, version);
  if (resources.length === 0) return undefined;
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: groupVersion(group, version), resources: resources.flatMap(resourceEntries) };
}

function aggregatedResource(rt: ResourceType): JsonMap {
  const r: JsonMap = {
    resource: rt.plural,
    responseKind: { group: rt.group, version: rt.version, kind: rt.kind },
    scope: rt.namespaced ? 'Namespaced' : 'Cluster',
    singularResource: rt.singular,
    verbs: rt.verbs,
  };
  if (rt.shortNames.length > 0) r.shortNames = rt.shortNames;
  if (rt.categories.length > 0) r.categories = rt.categories;
  const subs: JsonMap[] = [];
  if (rt.status) subs.push({ subresource: 'status', responseKind: { group: rt.group, version: rt.version, kind: rt.kind }, verbs: SUBRESOURCE_VERBS });
  if (rt.scale) subs.push({ subresource: 'scale', responseKind: { group: 'autoscaling', version: 'v1', kind: 'Scale' }, verbs: SUBRESOURCE_VERBS });
  if (subs.length > 0) r.subresources = subs;
  return r;
}

/** Aggregated discovery for `/api` (core only) or `/apis` (every other group). */
export function aggregatedDiscovery(registry: Registry, core: boolean, format: 'v2' | 'v2beta1'): JsonMap {
  const items = registry
    .groups()
    .filter((g) => (g.name === '') === core)
    .map((g) => ({
      metadata: { name: g.name, creationTimestamp: null },
      versions: g.versions.map((v) => {
        const version: JsonMap = { version: v, resources: registry.resources(g.name, v).map(aggregatedResource), freshness: 'Current' };
        return version;
      }),
    }));
  return { kind: 'APIGroupDiscoveryList', apiVersion: `apidiscovery.k8s.io/${format}`, metadata: {}, items };
}
