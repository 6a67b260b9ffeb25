/**
 * Weighted destinations of VirtualService routes, as Istio 1.30 reads them.
 *
 * A weight is relative: a destination receives `weight / (sum of the route's weights)` of the
 * traffic, and an absent weight counts as 0. A route with a single destination sends it all
 * traffic whatever its weight says. Istio's validation rejects a route with several destinations
 * whose weights are all zero ("total destination weight = 0"); older releases also rejected
 * sums other than 100, which is why weights are conventionally percentages.
 */
import type { Resource } from '../../model/resource';
import type { Path } from '../../parse/types';
import { asArray, asNumber, asObject, asString, isObject, specOf } from './values';

/** One destination of a route, with its weight as written (undefined when absent). */
export interface WeightedDestination {
  readonly index: number;
  readonly weight: number | undefined;
  readonly host: string | undefined;
  readonly subset: string | undefined;
  readonly port: number | undefined;
  /** Path of the destination entry (its `weight` is at [...path, 'weight']). */
  readonly path: Path;
}

/** One route (an http, tcp or tls rule's `route` list). */
export interface WeightedRoute {
  readonly section: 'http' | 'tcp' | 'tls';
  readonly rule: number;
  /** Path of the `route` list. */
  readonly path: Path;
  readonly destinations: readonly WeightedDestination[];
  /** A weight is written but is not a number: the schema check reports it, weight rules skip the route. */
  readonly malformed: boolean;
}

/** Every route of a VirtualService with its destinations, except routes with a malformed weight. */
export function weightedRoutes(vs: Resource): readonly WeightedRoute[] {
  let routes = wellFormed.get(vs);
  if (!routes) wellFormed.set(vs, (routes = allWeightedRoutes(vs).filter((r) => !r.malformed)));
  return routes;
}

/** Every route of a VirtualService with its destinations. */
export function allWeightedRoutes(vs: Resource): readonly WeightedRoute[] {
  let routes = all.get(vs);
  if (!routes) all.set(vs, (routes = readRoutes(vs)));
  return routes;
}

/**
 * Routes by VirtualService: several rules walk every VirtualService after each edit of one, and
 * the routes depend on that object alone (the index keeps it while its document is unchanged).
 */
const all = new WeakMap<Resource, readonly WeightedRoute[]>();
const wellFormed = new WeakMap<Resource, readonly WeightedRoute[]>();

function readRoutes(vs: Resource): WeightedRoute[] {
  const out: WeightedRoute[] = [];
  for (const section of ['http', 'tcp', 'tls'] as const) {
    asArray(specOf(vs)[section]).forEach((rule, n) => {
      if (!isObject(rule) || !Array.isArray(rule['route'])) return;
      const path: Path = ['spec', section, n, 'route'];
      const destinations: WeightedDestination[] = [];
      let malformed = false;
      asArray(rule['route']).forEach((raw, i) => {
        if (!isObject(raw)) return;
        const d = asObject(raw['destination']);
        if (raw['weight'] !== undefined && raw['weight'] !== null && asNumber(raw['weight']) === undefined) malformed = true;
        destinations.push({
          index: i,
          weight: asNumber(raw['weight']),
          host: asString(d['host']),
          subset: asString(d['subset']),
          port: asNumber(asObject(d['port'])['number']),
          path: [...path, i],
        });
      });
      out.push({ section, rule: n, path, destinations, malformed });
    });
  }
  return out;
}

/** The weight Istio uses (absent = 0). */
export function effectiveWeight(d: WeightedDestination): number {
  return d.weight ?? 0;
}

/**
 * Integer weights summing to 100 in the same proportions (largest remainder, ties to the earlier
 * destination); zero stays zero. With every weight zero, the traffic is split evenly.
 */
export function normalizeWeights(weights: readonly number[]): number[] {
  const total = weights.reduce((a, b) => a + Math.max(0, b), 0);
  const base = total > 0 ? weights.map((w) => Math.max(0, w)) : weights.map(() => 1);
  const sum = total > 0 ? total : weights.length;
  const exact = base.map((w) => (w * 100) / sum);
  const out = exact.map(Math.floor);
  let left = 100 - out.reduce((a, b) => a + b, 0);
  const order = exact.map((e, i) => ({ i, frac: e - Math.floor(e) })).filter((x) => base[x.i]! > 0).sort((a, b) => b.frac - a.frac || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    out[i]!++;
    left--;
  }
  return out;
}

/** `host/subset:port` for messages. */
export function destinationLabel(d: WeightedDestination): string {
  return `${d.host ?? '?'}${d.subset ? `/${d.subset}` : ''}${d.port !== undefined ? `:${d.port}` : ''}`;
}

/** The share of each destination as a percentage text, e.g. "reviews/v1 50%, reviews/v2 50%". */
export function sharesText(route: WeightedRoute): string {
  const total = route.destinations.reduce((a, d) => a + Math.max(0, effectiveWeight(d)), 0);
  return route.destinations.map((d) => {
    const pct = total > 0 ? (Math.max(0, effectiveWeight(d)) * 100) / total : 0;
    return `${destinationLabel(d)} ${Number.isInteger(pct) ? pct : pct.toFixed(1)}%`;
  }).join(', ');
}
