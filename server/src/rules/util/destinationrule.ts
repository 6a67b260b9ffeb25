/**
 * DestinationRules as route destinations see them: which rules apply to a host from a namespace,
 * and which subsets they define.
 */
import { K } from '../../model/kinds';
import type { Resource } from '../../model/resource';
import type { ResourceIndex } from '../../model/resource-index';
import { dependOn } from '../engine/memo';
import { isVisibleFrom } from './exportto';
import { fqdn, hostCovers, isWildcard } from './hosts';
import { asArray, asObject, asString, specOf } from './values';

/** One subset of a DestinationRule, with its index for paths. */
export interface Subset {
  readonly name: string;
  readonly labels: Readonly<Record<string, unknown>>;
  readonly index: number;
}

/** The DestinationRule's host, expanded in its own namespace. */
export function destinationRuleHost(dr: Resource): string | undefined {
  const host = asString(specOf(dr)['host']);
  return host === undefined ? undefined : fqdn(host, dr.namespace);
}

/** The subsets a DestinationRule defines (entries without a name are skipped). */
export function subsetsOf(dr: Resource): Subset[] {
  const out: Subset[] = [];
  asArray(specOf(dr)['subsets']).forEach((raw, index) => {
    const s = asObject(raw);
    const name = asString(s['name']);
    if (name !== undefined) out.push({ name, labels: asObject(s['labels']), index });
  });
  return out;
}

/**
 * The DestinationRules that apply to traffic for `host` (already expanded) sent from `namespace`,
 * the way Istio picks them: among the rules visible there (exportTo) whose host equals or covers
 * `host`, the client namespace's own rules win over rules exported from elsewhere, and within
 * those only the most specific host applies (exact beats wildcard, a longer wildcard beats a
 * shorter one); rules with that same host are merged, so all of them are returned.
 * Reads DestinationRules and the mesh config.
 *
 * Rules are grouped by host once per index state (memoized on the index's DestinationRule list,
 * which the index rebuilds when a DestinationRule changes), so a check that asks for every route
 * destination stays linear. A rule memoizing per subject (engine/memo.ts) depends on the answer,
 * so editing one DestinationRule recomputes only the subjects it applies to (or applied to).
 */
export function destinationRulesFor(index: ResourceIndex, host: string, namespace: string): Resource[] {
  return dependOn(index, `destinationRulesFor\u0000${host}\u0000${namespace}`, (i) => resolve(i, host, namespace));
}

function resolve(index: ResourceIndex, host: string, namespace: string): Resource[] {
  const byHost = lookupFor(index);
  const candidates: Resource[] = [...(byHost.exact.get(host.toLowerCase()) ?? [])];
  for (const [wildcard, rules] of byHost.wildcards) if (hostCovers(wildcard, host)) candidates.push(...rules);
  const matching = candidates.filter((dr) => isVisibleFrom(dr, namespace, index));
  const local = matching.filter((dr) => dr.namespace === namespace);
  const chosen = local.length > 0 ? local : matching;
  const best = mostSpecific(chosen.map((dr) => destinationRuleHost(dr)!));
  return chosen.filter((dr) => destinationRuleHost(dr) === best);
}

interface HostLookup {
  readonly exact: Map<string, Resource[]>;
  readonly wildcards: Map<string, Resource[]>;
}

const lookups = new WeakMap<readonly Resource[], HostLookup>();

function lookupFor(index: ResourceIndex): HostLookup {
  const all = index.ofKind(K.DestinationRule);
  const hit = lookups.get(all);
  if (hit) return hit;
  const lookup: HostLookup = { exact: new Map(), wildcards: new Map() };
  for (const dr of all) {
    const h = destinationRuleHost(dr);
    if (h === undefined) continue;
    const map = isWildcard(h) ? lookup.wildcards : lookup.exact;
    const key = h.toLowerCase();
    map.set(key, [...(map.get(key) ?? []), dr]);
  }
  lookups.set(all, lookup);
  return lookup;
}

/** The most specific of several covering hosts: a non-wildcard, else the longest wildcard. */
function mostSpecific(hosts: readonly string[]): string | undefined {
  let best: string | undefined;
  for (const h of hosts) {
    if (best === undefined) best = h;
    else if (isWildcard(best) && (!isWildcard(h) || h.length > best.length)) best = h;
  }
  return best;
}
