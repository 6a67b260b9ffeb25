/**
 * The resource registry: which (group, version, resource) paths exist and what they serve.
 *
 * A ResourceType is one served version of one resource, with everything the handlers and the
 * discovery documents need: kind names, scope, verbs, subresources, schema, printer columns. Built-in
 * kinds are registered at startup (builtins.ts); custom resources are registered from
 * CustomResourceDefinition objects, whether they came from the project's schemas/index.json at
 * startup or were created through the API later (crds.ts).
 *
 * All served versions of a resource share one collection in the store (`storageKey` is
 * `<group>/<plural>`), as the versions of a CRD share one etcd prefix. Objects are served in the
 * version of the request by rewriting apiVersion, which is what the API server's `None` conversion
 * strategy does for CRDs.
 */
import type { Schema } from './schemainfo';

/** A CRD additionalPrinterColumn. */
export interface PrinterColumn {
  name: string;
  type: string;
  jsonPath: string;
  description?: string;
  format?: string;
  priority?: number;
}

/** Paths of the scale subresource, as a CRD declares them. */
export interface ScaleSubresource {
  specReplicasPath: string;
  statusReplicasPath: string;
  labelSelectorPath?: string;
}

/** One served version of one resource. */
export interface ResourceType {
  group: string;
  version: string;
  kind: string;
  listKind: string;
  plural: string;
  singular: string;
  namespaced: boolean;
  shortNames: string[];
  categories: string[];
  verbs: string[];
  /** Whether /status exists; main-resource writes then leave status alone. */
  status: boolean;
  scale?: ScaleSubresource;
  schema?: Schema;
  printerColumns?: PrinterColumn[];
  /** `<group>/<plural>`: the collection shared by every version. */
  storageKey: string;
  /** A compiled-in kind: list items omit apiVersion/kind, strategic merge patch is allowed. */
  builtin: boolean;
  /** Whether DELETE answers with the object (some built-ins) or a Success Status. */
  returnDeletedObject: boolean;
  /**
   * Whether metadata.generation is kept: custom resources, CRDs and Deployments have one; ConfigMaps,
   * Secrets, Services, Pods (before 1.33), Namespaces, Leases and the like do not.
   */
  generation: boolean;
  deprecated?: boolean;
  deprecationWarning?: string;
  /** For custom resources: the name of the CRD that defines them. */
  crdName?: string;
  /** For write-only virtual resources (access reviews): nothing is stored. */
  virtual?: boolean;
}

/** The verbs of an ordinary stored resource. */
export const STANDARD_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

/** `group/version`, or `v1` for the core group. */
export function groupVersion(group: string, version: string): string {
  return group ? `${group}/${version}` : version;
}

/** Splits an apiVersion into group and version. */
export function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? { group: '', version: apiVersion } : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

/**
 * Orders versions the way Kubernetes does: GA before beta before alpha, higher numbers first,
 * anything that does not look like a Kubernetes version last, alphabetically.
 */
export function compareVersions(a: string, b: string): number {
  const parse = (v: string): [number, number, number] | undefined => {
    const m = /^v(\d+)(?:(alpha|beta)(\d+))?$/.exec(v);
    if (!m) return undefined;
    const stage = m[2] === undefined ? 3 : m[2] === 'beta' ? 2 : 1;
    return [stage, Number(m[1]), m[3] === undefined ? 0 : Number(m[3])];
  };
  const pa = parse(a);
  const pb = parse(b);
  if (pa && pb) return pb[0] - pa[0] || pb[1] - pa[1] || pb[2] - pa[2];
  if (pa) return -1;
  if (pb) return 1;
  return a.localeCompare(b);
}

/** The registry of served resources. */
export class Registry {
  private readonly byPath = new Map<string, ResourceType>();
  /** Registration order of groups, so discovery lists built-in groups first, as a cluster does. */
  private readonly groupOrder: string[] = [];

  add(rt: ResourceType): void {
    this.byPath.set(`${rt.group}/${rt.version}/${rt.plural}`, rt);
    if (!this.groupOrder.includes(rt.group)) this.groupOrder.push(rt.group);
  }

  /** Removes every version registered for a CRD. */
  removeCrd(crdName: string): void {
    for (const [key, rt] of this.byPath) if (rt.crdName === crdName) this.byPath.delete(key);
  }

  get(group: string, version: string, plural: string): ResourceType | undefined {
    return this.byPath.get(`${group}/${version}/${plural}`);
  }

  all(): ResourceType[] {
    return [...this.byPath.values()];
  }

  /** Served groups, built-ins first, each with its versions in priority order. */
  groups(): { name: string; versions: string[] }[] {
    const out: { name: string; versions: string[] }[] = [];
    for (const name of this.groupOrder) {
      const versions = [...new Set(this.all().filter((r) => r.group === name).map((r) => r.version))].sort(compareVersions);
      if (versions.length > 0) out.push({ name, versions });
    }
    return out;
  }

  /** Resources of one group version, in registration order. */
  resources(group: string, version: string): ResourceType[] {
    return this.all().filter((r) => r.group === group && r.version === version);
  }

  /** Any version of a storage collection (used to rewrite objects when a version goes away). */
  versionsOf(storageKey: string): ResourceType[] {
    return this.all().filter((r) => r.storageKey === storageKey).sort((a, b) => compareVersions(a.version, b.version));
  }
}
