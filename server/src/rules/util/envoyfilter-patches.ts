/**
 * How each EnvoyFilter patch stands, in Istio's reading of patch operations:
 *
 * - ADD and REMOVE do nothing when `applyTo` is ROUTE_CONFIGURATION or HTTP_ROUTE;
 * - REPLACE only works on HTTP_FILTER and NETWORK_FILTER;
 * - INSERT_BEFORE, INSERT_AFTER, and REPLACE or REMOVE where they work, are relative: they find
 *   their place by another filter, so without a `priority` on the EnvoyFilter their outcome
 *   depends on the order filters are applied in, and may silently not apply.
 *
 * A relative patch is flagged more strongly when a patch seen before it (in this EnvoyFilter or an
 * earlier one) targets the same filter name under a `proxyVersion` match: during an upgrade that
 * filter comes and goes with the proxy version, and the relative patch loses its anchor. The
 * filter name of a patch is the `name` in its value, else the name its listener match selects.
 * Patches after one without a `patch` section are not read, as in Istio.
 */
import { K } from '../../model/kinds';
import type { Resource } from '../../model/resource';
import type { ResourceIndex } from '../../model/resource-index';
import type { Path } from '../../parse/types';
import { asArray, asNumber, asObject, asString, isObject, specOf } from './values';

/** The standing of one patch. */
export type PatchVerdict =
  | 'add-ignored'
  | 'remove-ignored'
  | 'replace-invalid'
  | 'relative'
  | 'relative-with-proxy-version';

export interface PatchFinding {
  readonly filter: Resource;
  readonly verdict: PatchVerdict;
  /** Path of the patch's `operation`. */
  readonly path: Path;
  readonly operation: string;
  readonly applyTo: string;
}

const ROUTE_LEVEL = new Set(['ROUTE_CONFIGURATION', 'HTTP_ROUTE']);
const FILTER_LEVEL = new Set(['HTTP_FILTER', 'NETWORK_FILTER']);

/** The filter name a patch is about (see the module comment), or '' when it names none. */
function filterName(patch: Readonly<Record<string, unknown>>, match: Readonly<Record<string, unknown>>): string {
  const value = patch['value'];
  if (!isObject(value)) return '';
  const name = value['name'];
  if (name !== undefined && name !== null) return typeof name === 'string' ? name : JSON.stringify(name);
  return asString(asObject(asObject(asObject(match['listener'])['filterChain'])['filter'])['name']) ?? '';
}

/** Every EnvoyFilter patch worth a finding, in index order. */
export function envoyFilterPatchFindings(index: ResourceIndex): PatchFinding[] {
  const out: PatchFinding[] = [];
  // Filter names that a patch with a proxyVersion match has targeted so far.
  const versioned = new Set<string>();
  for (const filter of index.ofKind(K.EnvoyFilter)) {
    const spec = specOf(filter);
    const prioritized = (asNumber(spec['priority']) ?? 0) !== 0;
    const patches = asArray(spec['configPatches']);
    for (let i = 0; i < patches.length; i++) {
      const entry = asObject(patches[i]);
      if (!isObject(entry['patch'])) break;
      const patch = entry['patch'];
      const match = asObject(entry['match']);
      const name = filterName(patch, match);
      const operation = asString(patch['operation']) ?? '';
      const applyTo = asString(entry['applyTo']) ?? '';
      const path: Path = ['spec', 'configPatches', i, 'patch', 'operation'];
      const relative = (): void => {
        if (!prioritized) out.push({ filter, verdict: versioned.has(name) ? 'relative-with-proxy-version' : 'relative', path, operation, applyTo });
      };
      switch (operation) {
        case 'ADD':
          if (ROUTE_LEVEL.has(applyTo)) out.push({ filter, verdict: 'add-ignored', path, operation, applyTo });
          break;
        case 'REMOVE':
          if (ROUTE_LEVEL.has(applyTo)) out.push({ filter, verdict: 'remove-ignored', path, operation, applyTo });
          else relative();
          break;
        case 'REPLACE':
          if (!FILTER_LEVEL.has(applyTo)) out.push({ filter, verdict: 'replace-invalid', path, operation, applyTo });
          else relative();
          break;
        case 'INSERT_BEFORE':
        case 'INSERT_AFTER':
          relative();
          break;
      }
      if (asString(asObject(match['proxy'])['proxyVersion'])) versioned.add(name);
    }
  }
  return out;
}
