/**
 * Gateway API hostname intersection: whether a route hostname and a listener hostname can both
 * match one request host, which is what decides whether a listener accepts a route's hostname.
 *
 * Gateway API hostnames are either precise (`foo.example.com`) or carry one leading wildcard
 * label (`*.example.com`) that stands for one or more labels — a suffix match, so
 * `*.example.com` matches `a.example.com` and `a.b.example.com` but never `example.com` itself.
 * Two hostnames intersect when some concrete host matches both:
 *
 *   precise  / precise   equal (case-insensitively)
 *   wildcard / precise   the precise name ends in the wildcard's `.suffix`
 *   wildcard / wildcard  one suffix ends in the other (`*.com` and `*.example.com` share
 *                        `a.example.com`), so the narrower wildcard is the intersection
 *
 * A listener without a hostname accepts every route hostname, and a route without hostnames
 * takes the listener's. Istio's `hosts.ts` answers a different question (does one host *cover*
 * another), so this module stands apart from it.
 */

/** Whether a hostname is a wildcard (`*.example.com`, or the catch-all `*`). */
export function isWildcardHostname(hostname: string): boolean {
  return hostname.startsWith('*');
}

/** Whether some request host matches both hostnames (see the module comment). */
export function hostnamesIntersect(a: string, b: string): boolean {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  if (x === y || x === '*' || y === '*') return true;
  const xWild = isWildcardHostname(x);
  const yWild = isWildcardHostname(y);
  if (!xWild && !yWild) return false;
  if (xWild && yWild) {
    const xs = x.slice(1);
    const ys = y.slice(1);
    return xs.endsWith(ys) || ys.endsWith(xs);
  }
  const [wild, precise] = xWild ? [x, y] : [y, x];
  const suffix = wild.slice(1);
  return precise.endsWith(suffix) && precise.length > suffix.length;
}

/** Whether a listener (hostname `undefined` when it sets none) accepts a route hostname. */
export function listenerAcceptsHostname(listenerHostname: string | undefined, routeHostname: string): boolean {
  return listenerHostname === undefined || hostnamesIntersect(listenerHostname, routeHostname);
}
