/**
 * The services Istio's proxies know of, seen from a namespace: Kubernetes Services and
 * ServiceEntry hosts, each visible in the namespaces it is exported to (util/exportto.ts). This
 * is what a route destination or a DestinationRule host must resolve against.
 *
 * A lookup from namespace `ns` on behalf of an object exported to `exportTo` finds a host when an
 * entry is visible everywhere, or in a namespace the object is exported to (its own namespace
 * when it has no `exportTo`): a VirtualService exported elsewhere must name hosts that exist
 * where it applies. Wildcard ServiceEntry hosts (`*.example.com`) match by suffix when visible
 * everywhere or in `ns` itself.
 *
 * Short names expand with the mesh's `clusterDomain` (MeshConfig), `cluster.local` by default.
 *
 * Reads Services, ServiceEntries and the mesh config (default exportTo, cluster domain).
 */
import { K } from '../../model/kinds';
import type { MeshConfig } from '../../model/mesh-config';
import type { Resource } from '../../model/resource';
import type { ResourceIndex } from '../../model/resource-index';
import { exportToOf } from './exportto';
import { CLUSTER_DOMAIN, hostCovers, isWildcard } from './hosts';
import { servicePorts } from './services';
import { asArray, asNumber, asObject, asString, asStrings, isObject, specOf, stringMap } from './values';

/** One port of a registry entry. */
export interface RegistryPort {
  readonly number: number;
  readonly name: string | undefined;
  readonly protocol: string | undefined;
}

/** A Service or a ServiceEntry, as the registry holds it. */
export interface RegistryEntry {
  readonly source: Resource;
  readonly ports: readonly RegistryPort[];
  /**
   * The labels that pick the workloads behind the entry: a Service's selector or a ServiceEntry's
   * `workloadSelector.labels`; undefined when the entry selects no workloads (a Service without a
   * selector, a ServiceEntry with static or DNS endpoints).
   */
  readonly selector: Readonly<Record<string, string>> | undefined;
}

const ALL = '*';

/** The registry last built from a Service list, with the other inputs it was built from. */
const built = new WeakMap<readonly Resource[], { entries: readonly Resource[]; mesh: MeshConfig; registry: IstioServiceRegistry }>();

export class IstioServiceRegistry {
  /** scope ('*' or a namespace) -> FQDN -> entry; the first writer of a key wins. */
  private readonly byScope = new Map<string, Map<string, RegistryEntry>>();

  private constructor(private readonly domain: string) {}

  /**
   * The registry of every Service and ServiceEntry in the index. Built once per index state: it
   * is kept while the index returns the same Service and ServiceEntry lists and mesh config (the
   * index rebuilds a kind's list when one of its objects changes), since several rules ask.
   */
  static of(index: ResourceIndex): IstioServiceRegistry {
    const mesh = index.meshConfig;
    const entries = index.ofKind(K.ServiceEntry);
    const services = index.ofKind(K.Service);
    const hit = built.get(services);
    if (hit && hit.entries === entries && hit.mesh === mesh) return hit.registry;
    const registry = new IstioServiceRegistry(asString(mesh.raw['clusterDomain']) ?? CLUSTER_DOMAIN);
    for (const se of entries) registry.addServiceEntry(se, index);
    for (const svc of services) registry.addService(svc, index);
    built.set(services, { entries, mesh, registry });
    return registry;
  }

  /**
   * The entry a host names, seen from `namespace` by an object exported to `exportTo` (empty: the
   * object's own namespace is what matters).
   */
  lookup(host: string, namespace: string, exportTo: readonly string[] = []): RegistryEntry | undefined {
    const name = this.fqdn(host, namespace);
    const everywhere = this.byScope.get(ALL)?.get(name);
    if (everywhere) return everywhere;
    const scopes = exportTo.length === 0 ? [namespace] : exportTo.map((e) => (e === '.' ? namespace : e));
    for (const scope of scopes) {
      const hit = this.byScope.get(scope)?.get(name);
      if (hit) return hit;
    }
    // Wildcard hosts last: a host under `*.example.com`, or a narrower wildcard destination.
    for (const scope of [ALL, namespace]) {
      for (const [entryHost, entry] of this.byScope.get(scope) ?? []) {
        if (isWildcard(entryHost) && hostCovers(entryHost, name)) return entry;
      }
    }
    return undefined;
  }

  /** A short name expanded in `namespace`; other hosts as written. */
  private fqdn(host: string, namespace: string): string {
    return host.startsWith('*') || host.includes('.') ? host : `${host}.${namespace}.svc.${this.domain}`;
  }

  private add(scopes: readonly string[], owner: string, host: string, entry: RegistryEntry): void {
    if (scopes.includes('~')) return;
    const resolved = scopes.includes(ALL) ? [ALL] : [...new Set(scopes.map((s) => (s === '.' ? owner : s)))];
    for (const scope of resolved) {
      let hosts = this.byScope.get(scope);
      if (!hosts) this.byScope.set(scope, (hosts = new Map()));
      if (!hosts.has(host)) hosts.set(host, entry);
    }
  }

  private addServiceEntry(se: Resource, index: ResourceIndex): void {
    const spec = specOf(se);
    const workloadSelector = asObject(spec['workloadSelector']);
    const ports: RegistryPort[] = [];
    for (const raw of asArray(spec['ports'])) {
      const p = asObject(raw);
      const number = asNumber(p['number']);
      if (number !== undefined) ports.push({ number, name: asString(p['name']), protocol: asString(p['protocol']) });
    }
    const entry: RegistryEntry = {
      source: se,
      ports,
      selector: isObject(workloadSelector['labels']) ? stringMap(workloadSelector['labels']) : undefined,
    };
    const scopes = exportToOf(se, index);
    for (const host of asStrings(spec['hosts'])) this.add(scopes, se.namespace, this.fqdn(host, se.namespace), entry);
  }

  private addService(svc: Resource, index: ResourceIndex): void {
    const selector = stringMap(specOf(svc)['selector']);
    const entry: RegistryEntry = {
      source: svc,
      ports: servicePorts(svc).map((p) => ({ number: p.port, name: p.name, protocol: p.protocol })),
      selector: Object.keys(selector).length > 0 ? selector : undefined,
    };
    this.add(exportToOf(svc, index), svc.namespace, `${svc.name}.${svc.namespace}.svc.${this.domain}`, entry);
  }
}
