/**
 * Istio host names: short-name expansion and wildcard matching.
 *
 * Expansion follows Istio: a host without a dot is a short Kubernetes service name and expands
 * to `<name>.<namespace>.svc.cluster.local` in the namespace of the resource that names it; a host
 * with a dot (including `reviews.default`) and a wildcard host are taken as written.
 *
 * Matching follows Istio's host.Name semantics: `*` matches every host, `*.example.com` matches
 * any host ending in `.example.com` (and narrower wildcards such as `*.a.example.com`), and
 * anything else matches only itself.
 */

/** The cluster DNS domain Istio assumes. */
export const CLUSTER_DOMAIN = 'cluster.local';

/** Expands a short host name in a namespace (see the module comment). */
export function fqdn(host: string, namespace: string): string {
  if (host.startsWith('*') || host.includes('.') || namespace === '') return host;
  return `${host}.${namespace}.svc.${CLUSTER_DOMAIN}`;
}

/** The FQDN of a Kubernetes Service. */
export function serviceFqdn(name: string, namespace: string): string {
  return `${name}.${namespace}.svc.${CLUSTER_DOMAIN}`;
}

/** Splits `<name>.<namespace>.svc.cluster.local` into its parts, or null for other hosts. */
export function parseServiceFqdn(host: string): { name: string; namespace: string } | null {
  const suffix = `.svc.${CLUSTER_DOMAIN}`;
  if (!host.endsWith(suffix)) return null;
  const parts = host.slice(0, -suffix.length).split('.');
  if (parts.length !== 2 || parts[0] === '' || parts[1] === '' || parts[0]!.includes('*')) return null;
  return { name: parts[0]!, namespace: parts[1]! };
}

export function isWildcard(host: string): boolean {
  return host.startsWith('*');
}

/** Whether `pattern` covers every host `host` names (equal, or a wider wildcard). */
export function hostCovers(pattern: string, host: string): boolean {
  const p = pattern.toLowerCase();
  const h = host.toLowerCase();
  if (p === h || p === '*') return true;
  if (!p.startsWith('*')) return false;
  // `*.example.com` covers `a.example.com` and `*.a.example.com`, but not `example.com`.
  const suffix = p.slice(1);
  return h.endsWith(suffix) && h.length > suffix.length;
}

/** Whether two hosts can name a common host (either covers the other). */
export function hostsOverlap(a: string, b: string): boolean {
  return hostCovers(a, b) || hostCovers(b, a);
}
