/**
 * Runs rules over a resource index and keeps their results, so that after a change only the
 * rules that read a changed kind run again.
 *
 *   run(index, changed) -> for each rule: reads ∩ changed ≠ ∅ (or first run) ? check() : reuse
 *                       -> every kept RuleFinding placed (place.ts) -> Findings in rule order
 *
 * Reused findings are placed again on every run, because an edit elsewhere in a file moves the
 * documents after it; placing is a lookup plus `locate`, far cheaper than checking. A finding
 * whose subject left the index is dropped (its kind changed, so its rule re-ran anyway).
 *
 * A rule that throws loses its own findings for that run and is reported in `errors`; the other
 * rules are unaffected.
 */
import type { Finding } from '../../findings/finding';
import type { Kind } from '../../model/kinds';
import type { PlacedIndex } from '../../model/workspace-index';
import type { Rule, RuleFinding } from '../rule';
import { placeRuleFinding } from './place';

/** What one run did. */
export interface RuleRun {
  /** Every rule's findings, placed, in rule order. */
  readonly findings: readonly Finding[];
  /** Names of the rules that were checked this time; the others were reused. */
  readonly ran: readonly string[];
  /** Rules that threw, with the error. */
  readonly errors: readonly { readonly rule: string; readonly error: unknown }[];
}

export class RuleRunner {
  private readonly results = new Map<string, readonly RuleFinding[]>();

  constructor(readonly rules: readonly Rule[]) {}

  /** Checks the rules affected by `changed` ('all': every rule) and places every kept finding. */
  run(index: PlacedIndex, changed: ReadonlySet<Kind> | 'all'): RuleRun {
    const ran: string[] = [];
    const errors: { rule: string; error: unknown }[] = [];
    for (const rule of this.rules) {
      const stale = changed === 'all' || !this.results.has(rule.name) || rule.reads.some((k) => changed.has(k));
      if (!stale) continue;
      ran.push(rule.name);
      const out: RuleFinding[] = [];
      try {
        rule.check({ index, report: (f) => { out.push(f); } });
        this.results.set(rule.name, out);
      } catch (error) {
        this.results.set(rule.name, []);
        errors.push({ rule: rule.name, error });
      }
    }
    const findings: Finding[] = [];
    for (const rule of this.rules) {
      for (const f of this.results.get(rule.name) ?? []) {
        const placed = placeRuleFinding(rule, f, index);
        if (placed) findings.push(placed);
      }
    }
    return { findings, ran, errors };
  }

  /** Forgets every result, so the next run checks every rule. */
  reset(): void {
    this.results.clear();
  }
}

/** Runs rules once over an index: the CLI's and the tests' one-shot form. */
export function runRules(rules: readonly Rule[], index: PlacedIndex): RuleRun {
  return new RuleRunner(rules).run(index, 'all');
}
