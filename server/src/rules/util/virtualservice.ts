/**
 * Walking a VirtualService: every place it sends traffic to, with the path to it.
 */
import type { Resource } from '../../model/resource';
import type { Path } from '../../parse/types';
import { asArray, asObject, asString, specOf, type Json } from './values';

/** One destination a VirtualService names. */
export interface RouteDestination {
  /** Where the destination is: a route's weighted destination, or an HTTP mirror. */
  readonly role: 'route' | 'mirror';
  /** Which route list: http, tcp or tls. */
  readonly protocol: 'http' | 'tcp' | 'tls';
  readonly host: string | undefined;
  readonly subset: string | undefined;
  /** The destination mapping itself (with host, subset, port). */
  readonly destination: Json;
  /** Path to the destination mapping. */
  readonly path: Path;
}

/**
 * Every destination of a VirtualService, in document order: `http[].route[].destination`,
 * `http[].mirror`, `http[].mirrors[].destination`, `tcp[].route[].destination` and
 * `tls[].route[].destination`.
 */
export function routeDestinations(vs: Resource): RouteDestination[] {
  const out: RouteDestination[] = [];
  const spec = specOf(vs);
  for (const protocol of ['http', 'tcp', 'tls'] as const) {
    asArray(spec[protocol]).forEach((rawRoute, i) => {
      const route = asObject(rawRoute);
      asArray(route['route']).forEach((rawWeighted, j) => {
        const destination = asObject(asObject(rawWeighted)['destination']);
        if (Object.keys(destination).length === 0) return;
        out.push(entry('route', protocol, destination, ['spec', protocol, i, 'route', j, 'destination']));
      });
      if (protocol !== 'http') return;
      const mirror = asObject(route['mirror']);
      if (Object.keys(mirror).length > 0) out.push(entry('mirror', protocol, mirror, ['spec', protocol, i, 'mirror']));
      asArray(route['mirrors']).forEach((rawMirror, j) => {
        const destination = asObject(asObject(rawMirror)['destination']);
        if (Object.keys(destination).length === 0) return;
        out.push(entry('mirror', protocol, destination, ['spec', protocol, i, 'mirrors', j, 'destination']));
      });
    });
  }
  return out;
}

function entry(role: RouteDestination['role'], protocol: RouteDestination['protocol'], destination: Json, path: Path): RouteDestination {
  return { role, protocol, host: asString(destination['host']), subset: asString(destination['subset']), destination, path };
}
