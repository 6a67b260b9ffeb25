/**
 * What a well-formed answer of the API server looks like, checked before anything in it is used.
 * Pure: a parsed JSON value in, either the parts we read or a detail that says, in plain words,
 * what is wrong with it (the caller turns that into a 'protocol' ClusterError and retries).
 *
 *   listPage(page)        { items, resourceVersion, continue }: items an array of objects
 *   watchEvent(event)     { type, object }: a known type, an object; an ERROR carries a Status
 *   objectProblem(o)      metadata.name a usable name, metadata.resourceVersion a string
 *   groupList(doc)        /apis: groups with names and versions
 *   resourceList(doc)     /api/v1, /apis/<group>/<version>: resources with names and kinds
 *
 * An answer is refused whole: a list with one unusable item is not stored at all, because a list
 * replaces the cache's state of its scope, and storing the rest would drop an object the server
 * has. A refused watch event ends the watch before its resourceVersion is taken, so the resumed
 * watch replays it. Either way the cache keeps the last state it could trust.
 */
import type { GroupList, ResourceList } from './discovery';
import { isRecord, type KubeObject } from './project';

/** Longest object name the API allows (a DNS subdomain). */
export const MAX_NAME_LENGTH = 253;

export type Checked<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly detail: string };

export interface ListPage {
  readonly items: readonly KubeObject[];
  readonly resourceVersion: string;
  /** The continue token of the next page, or ''. */
  readonly continue: string;
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';

export interface WatchEvent {
  readonly type: WatchEventType;
  readonly object: KubeObject;
}

const EVENT_TYPES: ReadonlySet<string> = new Set(['ADDED', 'MODIFIED', 'DELETED', 'BOOKMARK', 'ERROR']);

const fail = (detail: string): { ok: false; detail: string } => ({ ok: false, detail });

/** A value, shortened for a message. */
function shown(value: unknown): string {
  const text = typeof value === 'string' ? JSON.stringify(value) : Array.isArray(value) ? 'an array' : value === null ? 'null' : typeof value === 'object' ? 'an object' : String(value);
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

/** Why a name cannot identify an object, or null when it can. */
function nameProblem(name: unknown, field: string): string | null {
  if (name === undefined) return `has no ${field}`;
  if (typeof name !== 'string') return `has a ${field} that is not a string (${shown(name)})`;
  if (name === '') return `has an empty ${field}`;
  if (name.length > MAX_NAME_LENGTH) return `has a ${field} of ${name.length.toLocaleString('en-US')} characters`;
  if (name.includes('/') || name === '.' || name === '..') return `has a ${field} that cannot be a name (${shown(name)})`;
  return null;
}

/**
 * Why an object from a list or a watch cannot be cached, or null. The words complete a sentence
 * whose subject the caller gives ("item 3 has no metadata.name").
 */
export function objectProblem(object: KubeObject): string | null {
  const metadata = object['metadata'];
  if (!isRecord(metadata)) return metadata === undefined ? 'has no metadata' : `has metadata that is not an object (${shown(metadata)})`;
  const name = nameProblem(metadata['name'], 'metadata.name');
  if (name) return name;
  if (metadata['namespace'] !== undefined) {
    const namespace = nameProblem(metadata['namespace'], 'metadata.namespace');
    if (namespace) return namespace;
  }
  const rv = metadata['resourceVersion'];
  if (typeof rv !== 'string' || rv === '') return rv === undefined ? 'has no metadata.resourceVersion' : `has a metadata.resourceVersion that is not a version (${shown(rv)})`;
  return null;
}

/** One page of a list answer. */
export function listPage(page: unknown): Checked<ListPage> {
  if (!isRecord(page)) return fail(`a list that is ${shown(page)}, not an object`);
  const items = page['items'];
  if (!Array.isArray(items)) return fail(items === undefined ? 'a list without items' : `a list whose items are ${shown(items)}, not an array`);
  const meta = isRecord(page['metadata']) ? page['metadata'] : {};
  const rv = meta['resourceVersion'];
  if (typeof rv !== 'string' || rv === '') return fail(rv === undefined ? 'a list without metadata.resourceVersion' : `a list whose metadata.resourceVersion is ${shown(rv)}`);
  for (let i = 0; i < items.length; i++) {
    const item: unknown = items[i];
    if (!isRecord(item)) return fail(`item ${i} of the list is ${shown(item)}, not an object`);
    const problem = objectProblem(item);
    if (problem) return fail(`item ${i} of the list ${problem}`);
  }
  const token = meta['continue'];
  return { ok: true, value: { items: items as KubeObject[], resourceVersion: rv, continue: typeof token === 'string' ? token : '' } };
}

/** One line of a watch stream, parsed. */
export function watchEvent(event: unknown): Checked<WatchEvent> {
  if (!isRecord(event)) return fail(`a watch event that is ${shown(event)}, not an object`);
  const type = event['type'];
  if (typeof type !== 'string' || !EVENT_TYPES.has(type)) return fail(`a watch event of unknown type ${shown(type)}`);
  const object = event['object'];
  const an = /^[AEIOU]/.test(type) ? `an ${type} event` : `a ${type} event`;
  if (!isRecord(object)) return fail(`${an} whose object is ${shown(object)}, not an object`);
  if (type === 'ERROR') {
    if (typeof object['code'] !== 'number' && object['kind'] !== 'Status') return fail('an ERROR event whose object is not a Status');
    return { ok: true, value: { type, object } };
  }
  if (type === 'BOOKMARK') {
    const metadata = isRecord(object['metadata']) ? object['metadata'] : {};
    const rv = metadata['resourceVersion'];
    if (typeof rv !== 'string' || rv === '') return fail(`a BOOKMARK event without a resourceVersion (${shown(rv)})`);
    return { ok: true, value: { type, object } };
  }
  const problem = objectProblem(object);
  if (problem) return fail(`${an} whose object ${problem}`);
  return { ok: true, value: { type: type as WatchEventType, object } };
}

/** The /apis document. */
export function groupList(doc: unknown): Checked<GroupList> {
  if (!isRecord(doc)) return fail(`an API group list that is ${shown(doc)}, not an object`);
  const groups = doc['groups'];
  if (!Array.isArray(groups)) return fail(`an API group list whose groups are ${shown(groups)}, not an array`);
  for (let i = 0; i < groups.length; i++) {
    const g: unknown = groups[i];
    if (!isRecord(g) || typeof g['name'] !== 'string') return fail(`group ${i} of the API group list has no name`);
    const versions = g['versions'];
    if (!Array.isArray(versions) || !versions.every((v) => isRecord(v) && typeof v['version'] === 'string')) {
      return fail(`group "${g['name']}" of the API group list has no list of versions`);
    }
  }
  return { ok: true, value: doc as GroupList };
}

const RESOURCE_NAME = /^[a-z0-9]([a-z0-9.-]*[a-z0-9])?(\/[a-z0-9]([a-z0-9.-]*[a-z0-9])?)?$/;

/** An APIResourceList document. */
export function resourceList(doc: unknown): Checked<ResourceList> {
  if (!isRecord(doc)) return fail(`an API resource list that is ${shown(doc)}, not an object`);
  const resources = doc['resources'];
  if (!Array.isArray(resources)) return fail(`an API resource list whose resources are ${shown(resources)}, not an array`);
  for (let i = 0; i < resources.length; i++) {
    const r: unknown = resources[i];
    if (!isRecord(r)) return fail(`resource ${i} of the API resource list is ${shown(r)}, not an object`);
    const name = r['name'];
    if (typeof name !== 'string' || name.length > MAX_NAME_LENGTH || !RESOURCE_NAME.test(name)) return fail(`resource ${i} of the API resource list has no usable name (${shown(name)})`);
    if (typeof r['kind'] !== 'string' || r['kind'] === '') return fail(`resource "${name}" of the API resource list has no kind`);
    const verbs = r['verbs'];
    if (verbs !== undefined && !(Array.isArray(verbs) && verbs.every((v) => typeof v === 'string'))) return fail(`resource "${name}" of the API resource list has verbs that are not a list of strings`);
  }
  return { ok: true, value: doc as ResourceList };
}
