/**
 * Which REST resource serves each kind: the API server's discovery documents, read for the groups
 * of the kinds we watch only.
 *
 *   GET /api/v1                      core kinds
 *   GET /apis                        APIGroupList: groups, their versions, the preferred one
 *   GET /apis/<group>/<version>      APIResourceList: plural, kind, namespaced, verbs
 *
 * A group's versions are tried preferred first, so a kind is read in the version the cluster
 * recommends. A group the cluster does not have means its kinds are "not served": the cluster
 * holds none of them, which is itself a fact the rules may use. A discovery document that fails
 * leaves its kinds unresolved (an error the caller reports and retries), and so does one of the
 * wrong shape (wire.ts).
 */
import { ClusterError } from './problems';
import type { Transport } from './transport';
import { groupList, resourceList } from './wire';
import type { Kind } from '../model/kinds';

/** The REST resource of one kind. */
export interface ResourceRef {
  readonly kind: Kind;
  readonly group: string;
  readonly version: string;
  /** The kind name as the API spells it ("VirtualService"). */
  readonly kindName: string;
  readonly plural: string;
  readonly namespaced: boolean;
  readonly verbs: readonly string[];
}

export interface DiscoveryResult {
  /** Kinds and their resources; null: the cluster does not serve the kind. */
  readonly resources: ReadonlyMap<Kind, ResourceRef | null>;
  /** Kinds whose discovery failed, with the error. */
  readonly failed: ReadonlyMap<Kind, ClusterError>;
}

/** An APIResourceList document (the parts we read). */
export interface ResourceList {
  readonly groupVersion?: string;
  readonly resources?: readonly { readonly name?: string; readonly kind?: string; readonly namespaced?: boolean; readonly verbs?: readonly string[] }[];
}

/** An APIGroupList document (the parts we read). */
export interface GroupList {
  readonly groups?: readonly {
    readonly name?: string;
    readonly versions?: readonly { readonly version?: string }[];
    readonly preferredVersion?: { readonly version?: string };
  }[];
}

/** The API group of a kind key ('core' is the empty group). */
export function groupOf(kind: Kind): string {
  const group = kind.slice(0, kind.indexOf('/'));
  return group === 'core' ? '' : group;
}

export function kindNameOf(kind: Kind): string {
  return kind.slice(kind.indexOf('/') + 1);
}

/** A group's versions, preferred first, then the others in the order the server lists them. */
export function versionsOf(groups: GroupList, group: string): string[] {
  const g = (groups.groups ?? []).find((x) => x.name === group);
  if (!g) return [];
  const all = (g.versions ?? []).map((v) => v.version).filter((v): v is string => typeof v === 'string');
  const preferred = g.preferredVersion?.version;
  return preferred && all.includes(preferred) ? [preferred, ...all.filter((v) => v !== preferred)] : all;
}

/** The resource of a kind in one APIResourceList (subresources such as `x/status` skipped). */
export function pickResource(kind: Kind, version: string, list: ResourceList): ResourceRef | null {
  const name = kindNameOf(kind);
  for (const r of list.resources ?? []) {
    if (r.kind !== name || typeof r.name !== 'string' || r.name.includes('/')) continue;
    return { kind, group: groupOf(kind), version, kindName: name, plural: r.name, namespaced: r.namespaced === true, verbs: r.verbs ?? [] };
  }
  return null;
}

/** The path of a resource's collection, in one namespace or across all (or cluster-scoped). */
export function collectionPath(ref: ResourceRef, namespace: string | null): string {
  const root = ref.group === '' ? `/api/${ref.version}` : `/apis/${ref.group}/${ref.version}`;
  return ref.namespaced && namespace !== null ? `${root}/namespaces/${encodeURIComponent(namespace)}/${ref.plural}` : `${root}/${ref.plural}`;
}

/** The resource name for messages: "services", "virtualservices.networking.istio.io". */
export function resourceName(ref: Pick<ResourceRef, 'plural' | 'group'>): string {
  return ref.group === '' ? ref.plural : `${ref.plural}.${ref.group}`;
}

/** Resolves kinds to resources by reading the discovery documents their groups need. */
export async function discover(transport: Transport, kinds: readonly Kind[], signal?: AbortSignal): Promise<DiscoveryResult> {
  const resources = new Map<Kind, ResourceRef | null>();
  const failed = new Map<Kind, ClusterError>();
  const byGroup = new Map<string, Kind[]>();
  for (const kind of new Set(kinds)) {
    const group = groupOf(kind);
    byGroup.set(group, [...(byGroup.get(group) ?? []), kind]);
  }
  const fail = (list: readonly Kind[], error: unknown): void => {
    if (!(error instanceof ClusterError)) throw error;
    for (const k of list) failed.set(k, error);
  };
  const get = (path: string, resource: string): Promise<unknown> =>
    transport.getJson({ path, info: { verb: 'get', resource, namespace: null, clusterScoped: true }, timeoutMs: 15_000, ...(signal ? { signal } : {}) });

  // A document of the wrong shape fails its kinds like an error answer: taking it at its word
  // would call them "not served", which nothing would ever revisit.
  const malformed = (resource: string, detail: string): ClusterError =>
    new ClusterError({ type: 'protocol', detail }, { verb: 'get', resource, namespace: null, clusterScoped: true, server: transport.server });

  let groups: GroupList | null = null;
  if ([...byGroup.keys()].some((g) => g !== '')) {
    try {
      const checked = groupList(await get('/apis', 'API groups (/apis)'));
      if (!checked.ok) throw malformed('API groups (/apis)', checked.detail);
      groups = checked.value;
    } catch (error) {
      fail([...byGroup.entries()].filter(([g]) => g !== '').flatMap(([, k]) => k), error);
    }
  }
  await Promise.all([...byGroup.entries()].map(async ([group, list]) => {
    if (group !== '' && groups === null) return;
    const versions = group === '' ? ['v1'] : versionsOf(groups!, group);
    const pending = new Set(list);
    for (const version of versions) {
      if (pending.size === 0) break;
      const path = group === '' ? `/api/${version}` : `/apis/${group}/${version}`;
      let doc: ResourceList;
      try {
        const checked = resourceList(await get(path, `API resources (${path})`));
        if (!checked.ok) throw malformed(`API resources (${path})`, checked.detail);
        doc = checked.value;
      } catch (error) {
        fail([...pending], error);
        return;
      }
      for (const kind of [...pending]) {
        const ref = pickResource(kind, version, doc);
        if (ref) {
          resources.set(kind, ref);
          pending.delete(kind);
        }
      }
    }
    for (const kind of pending) resources.set(kind, null);
  }));
  return { resources, failed };
}
