/**
 * Gateway names as a VirtualService writes them, resolved the way Istio resolves them, so that
 * `my-gw`, `./my-gw`, `ingress/my-gw` and the legacy `my-gw.ingress.svc.cluster.local` compare
 * equal when they name the same Gateway.
 */
import { MESH_GATEWAY } from './istio-gateway-refs';

/**
 * `ns/name` for a gateway named in a VirtualService of `namespace`: `name` and `./name` in that
 * namespace, `ns/name` as written, the legacy dotted form by its first two labels (name, then
 * namespace), and `mesh` as itself.
 */
export function resolveGatewayName(entry: string, namespace: string): string {
  if (entry === MESH_GATEWAY) return entry;
  const slash = entry.indexOf('/');
  if (slash >= 0) return entry.slice(0, slash) === '.' ? `${namespace}/${entry.slice(slash + 1)}` : entry;
  const dot = entry.indexOf('.');
  if (dot < 0) return `${namespace}/${entry}`;
  const rest = entry.slice(dot + 1);
  const next = rest.indexOf('.');
  return `${next < 0 ? rest : rest.slice(0, next)}/${entry.slice(0, dot)}`;
}

/** Namespace and name of a resolved `ns/name` gateway reference. */
export function splitGatewayName(resolved: string): { readonly namespace: string; readonly name: string } {
  const slash = resolved.indexOf('/');
  return { namespace: resolved.slice(0, slash), name: resolved.slice(slash + 1) };
}
