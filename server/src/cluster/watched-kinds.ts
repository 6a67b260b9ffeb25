/**
 * Which kinds the cache follows: exactly the kinds the enabled rules read. A rule is off when the
 * overrides turn off its code or its name (the same lookup analysis/overrides.ts makes for its
 * findings), and then nothing is watched on its behalf.
 *
 * Pseudo-kinds (Istio's mesh config and mesh networks, read from files or flags; rule options
 * and the clock, rules/engine/inputs.ts) are not API kinds and are never watched.
 */
import type { SeverityOverride } from '../analysis/config';
import type { Kind } from '../model/kinds';
import { INPUT_GROUP } from '../rules/engine/inputs';
import type { Rule } from '../rules/rule';

/** Kinds that exist only inside the engine. */
const PSEUDO_GROUPS = new Set(['mesh.istio.io', INPUT_GROUP]);

/** The rules that are not turned off. */
export function enabledRules(rules: readonly Rule[], overrides: Readonly<Record<string, SeverityOverride>> = {}): Rule[] {
  return rules.filter((r) => (overrides[r.code] ?? overrides[r.name]) !== 'off');
}

/** The API kinds those rules read, sorted. */
export function watchedKinds(rules: readonly Rule[]): Kind[] {
  const kinds = new Set<Kind>();
  for (const rule of rules) for (const kind of rule.reads) if (!PSEUDO_GROUPS.has(kind.slice(0, kind.indexOf('/')))) kinds.add(kind);
  return [...kinds].sort();
}
