/**
 * Every rule, in one explicit list sorted by name. No glob loading: a meta-test proves that every
 * rule file in this folder is listed here, that the list is sorted, and that names are unique.
 *
 * To add a rule: write `<name>.ts` beside this file (its default export is the rule), import it
 * here in sorted position, and add it to RULES in the same position. See README.md.
 */
import type { Rule } from './rule';
import virtualserviceSubsetExists from './virtualservice-subset-exists';

export const RULES: readonly Rule[] = [
  virtualserviceSubsetExists,
];

/** A rule by its name. */
export function ruleByName(name: string): Rule | undefined {
  return RULES.find((r) => r.name === name);
}
