/**
 * DestinationRules as route destinations see them: which rules apply to a host from a namespace,
 * and which subsets they define.
 */
import { K } from '../../model/kinds';
import type { Resource } from '../../model/resource';
import type { ResourceIndex } from '../../model/resource-index';
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
 */
export function destinationRulesFor(index: ResourceIndex, host: string, namespace: string): Resource[] {
  const matching = index.ofKind(K.DestinationRule).filter((dr) => {
    const drHost = destinationRuleHost(dr);
    return drHost !== undefined && hostCovers(drHost, host) && isVisibleFrom(dr, namespace, index);
  });
  const local = matching.filter((dr) => dr.namespace === namespace);
  const candidates = local.length > 0 ? local : matching;
  const best = mostSpecific(candidates.map((dr) => destinationRuleHost(dr)!));
  return candidates.filter((dr) => destinationRuleHost(dr) === best);
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
