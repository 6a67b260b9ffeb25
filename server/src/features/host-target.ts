/**
 * Which object a host names: the Service a short name or `*.svc.<cluster domain>` name refers to,
 * else a ServiceEntry that lists the host.
 *
 *   (host, namespace of the referring document) ─> Service | ServiceEntry | undefined
 *
 * Completion (ports of a destination, workloads behind a subset), hover and references all need
 * this one resolution, so it lives apart from any of them. The cluster domain comes from the
 * mesh config (`cluster.local` by default).
 */
import { K } from '../model/kinds';
import type { Resource } from '../model/resource';
import type { ResourceIndex } from '../model/resource-index';
import { asString, asStrings, specOf } from '../rules/util/values';

/** The cluster's DNS domain, from the mesh config. */
export function clusterDomain(index: ResourceIndex): string {
  return asString(index.meshConfig.raw['clusterDomain']) ?? 'cluster.local';
}

/** The Service a host names (short names expand in `namespace`), else a ServiceEntry listing it. */
export function hostTarget(index: ResourceIndex, host: string, namespace: string): Resource | undefined {
  const domain = clusterDomain(index);
  const full = host.includes('.') || host.startsWith('*') ? host : `${host}.${namespace}.svc.${domain}`;
  const suffix = `.svc.${domain}`;
  if (full.endsWith(suffix)) {
    const parts = full.slice(0, -suffix.length).split('.');
    if (parts.length === 2) {
      const svc = index.get(K.Service, parts[1]!, parts[0]!);
      if (svc) return svc;
    }
  }
  const byHost = serviceEntryHosts(index);
  const entries = byHost.get(host) ?? byHost.get(full) ?? [];
  return entries.find((se) => se.namespace === namespace) ?? entries[0];
}

const entryHosts = new WeakMap<readonly Resource[], Map<string, Resource[]>>();

/** ServiceEntries by the hosts they list, built once per index state (a search resolves many hosts). */
function serviceEntryHosts(index: ResourceIndex): Map<string, Resource[]> {
  const all = index.ofKind(K.ServiceEntry);
  let map = entryHosts.get(all);
  if (!map) {
    map = new Map();
    for (const se of all) for (const h of asStrings(specOf(se)['hosts'])) map.set(h, [...(map.get(h) ?? []), se]);
    entryHosts.set(all, map);
  }
  return map;
}
