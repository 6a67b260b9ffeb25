/**
 * Istio Gateways as VirtualServices and other gateways see them: resolving a `gateways:` entry to
 * an object, and the hosts a Gateway's servers admit from a given namespace.
 */
import { K } from '../../model/kinds';
import type { Resource } from '../../model/resource';
import type { ResourceIndex } from '../../model/resource-index';
import { asArray, asObject, asStrings, specOf } from './values';

/** The reserved gateway name for the mesh's sidecars. */
export const MESH_GATEWAY = 'mesh';

/** Namespace and name of a `gateways:` entry (`ns/name`, or `name` in the referrer's namespace). */
export function gatewayRef(entry: string, namespace: string): { readonly namespace: string; readonly name: string } {
  const slash = entry.indexOf('/');
  return slash === -1 ? { namespace, name: entry } : { namespace: entry.slice(0, slash), name: entry.slice(slash + 1) };
}

/** The Istio Gateway a `gateways:` entry names, if it exists. */
export function findGateway(index: ResourceIndex, entry: string, namespace: string): Resource | undefined {
  const ref = gatewayRef(entry, namespace);
  return index.get(K.IstioGateway, ref.namespace, ref.name);
}

/**
 * The hosts a Gateway admits for VirtualServices in `namespace`. A server host may carry a
 * namespace (`ns/host`): `./host` means the Gateway's own namespace, `*\/host` any namespace, and a
 * host of another namespace is not admitted. A plain host is admitted from every namespace.
 */
export function gatewayHostsFor(gateway: Resource, namespace: string): string[] {
  const out: string[] = [];
  for (const server of asArray(specOf(gateway)['servers'])) {
    for (const h of asStrings(asObject(server)['hosts'])) {
      const slash = h.indexOf('/');
      if (slash === -1) {
        out.push(h);
        continue;
      }
      const ns = h.slice(0, slash);
      const host = h.slice(slash + 1);
      const owner = ns === '.' ? gateway.namespace : ns;
      if (owner === '*' || owner === namespace) out.push(host);
    }
  }
  return out;
}
