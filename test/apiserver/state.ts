/**
 * The server's state and the context of one request.
 *
 * ApiState owns everything that outlives a request: the store, the resource registry, the fault
 * and auth settings, the open watches. It also keeps the registry in step with the stored
 * CustomResourceDefinitions (registerCrd / unregisterCrd), and creates the objects a fresh cluster
 * has (the four initial namespaces, the CRDs from the project index) directly in the store.
 *
 * Ctx is what a resource handler gets: the state, the resolved resource type, the parsed request,
 * the user, the request body and a list to which handlers add Warning headers.
 */
import { randomUUID } from 'node:crypto';
import { Auth } from './auth';
import { builtinResources, INITIAL_NAMESPACES } from './builtins';
import type { Catalog } from './catalog';
import { crdStatus, defaultCrd, resourcesFromCrd } from './crds';
import { Faults } from './faults';
import type { ResourceRequest } from './requestinfo';
import { groupVersion, Registry, type ResourceType } from './resources';
import type { GroupResource } from './status';
import { objectKey, Store } from './store';
import { nowTimestamp, type KubeObject } from './types';

/** Settings fixed when the server starts. */
export interface ResolvedOptions {
  historyLimit: number;
  bookmarkIntervalMs: number;
  maxBodyBytes: number;
  /** A watch whose unsent output exceeds this many bytes is closed (a slow consumer). */
  watchBufferBytes: number;
  aggregatedDiscovery: boolean;
  gitVersion: string;
}

/** An open watch stream, as the drop control sees it. */
export interface OpenWatch {
  storageKey: string;
  url: string;
  user: string;
  close(): void;
}

/** One entry of the request log. */
export interface RequestRecord {
  method: string;
  url: string;
  status: number;
  user: string;
  verb?: string;
  userAgent?: string;
}

export class ApiState {
  readonly store: Store;
  readonly registry = new Registry();
  readonly faults = new Faults();
  readonly auth: Auth;
  readonly watches = new Set<OpenWatch>();
  readonly requestLog: RequestRecord[] = [];
  /** Changes whenever the served resources change; part of the OpenAPI URLs. */
  openapiGeneration = 0;
  bookmarkIntervalMs: number;
  private readonly builtinKeys = new Set<string>();

  constructor(readonly options: ResolvedOptions, catalog: Catalog, tokens: Record<string, string>, defaultUser: string) {
    this.store = new Store(options.historyLimit);
    this.auth = new Auth(tokens, defaultUser);
    this.bookmarkIntervalMs = options.bookmarkIntervalMs;
    for (const rt of builtinResources(catalog.builtinSchemas)) {
      this.registry.add(rt);
      this.builtinKeys.add(rt.storageKey);
    }
    const nsType = this.registry.get('', 'v1', 'namespaces')!;
    for (const name of INITIAL_NAMESPACES) {
      this.systemCreate(nsType, { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: { 'kubernetes.io/metadata.name': name } }, spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } });
    }
    const crdType = this.registry.get('apiextensions.k8s.io', 'v1', 'customresourcedefinitions')!;
    for (const crd of catalog.crds) {
      const stored = this.systemCreate(crdType, { ...defaultCrd(crd), status: crdStatus(crd, undefined) });
      this.registerCrd(stored);
    }
  }

  /** Storage keys of the built-in kinds (a CRD may not take one of them over). */
  builtinStorageKeys(): ReadonlySet<string> {
    return this.builtinKeys;
  }

  /** Creates an object as the cluster itself would, bypassing admission (startup objects). */
  systemCreate(rt: ResourceType, obj: KubeObject): KubeObject {
    const metadata = { ...obj.metadata, uid: randomUUID(), creationTimestamp: nowTimestamp(), ...(rt.generation ? { generation: 1 } : {}) };
    const full: KubeObject = { ...obj, metadata };
    return this.store.create(rt.storageKey, objectKey(metadata.namespace, metadata.name ?? ''), full);
  }

  /** Registers (or re-registers) the resources a stored CRD defines. */
  registerCrd(crd: KubeObject): void {
    const name = crd.metadata.name ?? '';
    this.registry.removeCrd(name);
    for (const rt of resourcesFromCrd(crd)) this.registry.add(rt);
    this.openapiGeneration++;
  }

  /** Unregisters a CRD's resources and closes the watches on them. */
  unregisterCrd(name: string, storageKey: string): void {
    this.registry.removeCrd(name);
    this.openapiGeneration++;
    for (const w of [...this.watches]) if (w.storageKey === storageKey) w.close();
  }

  /** The object as served in `rt`'s version (the `None` conversion: only apiVersion changes). */
  versioned(obj: KubeObject, rt: ResourceType): KubeObject {
    const apiVersion = groupVersion(rt.group, rt.version);
    return obj.apiVersion === apiVersion ? obj : { ...obj, apiVersion };
  }

  log(record: RequestRecord): void {
    this.requestLog.push(record);
    if (this.requestLog.length > 2000) this.requestLog.splice(0, this.requestLog.length - 1000);
  }
}

/** What a resource handler works with. */
export interface Ctx {
  api: ApiState;
  rt: ResourceType;
  req: ResourceRequest;
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
  user: string;
  body: Buffer;
  /** Warning headers to send (`299 - "<text>"` each). */
  warnings: string[];
}

/** A handler's answer: status code and JSON body. */
export interface Reply {
  code: number;
  body: unknown;
}

/** The group and resource of a context, for error messages. */
export function grOf(rt: ResourceType): GroupResource {
  return { group: rt.group, resource: rt.plural };
}

/** A header as one string. */
export function header(ctx: Ctx, name: string): string | undefined {
  const v = ctx.headers[name.toLowerCase()];
  return Array.isArray(v) ? v.join(',') : v;
}
