/**
 * Runs rules over a resource index and keeps their results, so that after a change only the
 * rules that read a changed kind run again.
 *
 *   run(index, changed, inputs)
 *     -> changed += the pseudo-kinds of options that differ from the previous run's (inputs.ts)
 *     -> for each rule: reads ∩ changed ≠ ∅ (or first run) ? check() : reuse
 *     -> every kept RuleFinding placed (place.ts) -> Findings in rule order
 *
 * The runner compares options itself, since it knows what the kept results were computed with.
 * It cannot see time pass, so callers say when it did by putting CLOCK in `changed`.
 *
 * Reused findings are placed again when the documents they point into moved or changed (an edit
 * earlier in a file shifts the documents after it); a finding whose documents are untouched keeps
 * its placed form. A finding whose subject left the index is dropped (its kind changed, so its
 * rule re-ran anyway).
 *
 * A rule that re-runs usually reports mostly what it reported before (one DestinationRule edit
 * re-runs a rule over every VirtualService): a finding equal to one it had, on untouched
 * documents, keeps that placed object too. Placing is the costly part of a finding, and an
 * unchanged object lets the workspace tell unchanged results apart by identity.
 *
 * A rule that throws loses its own findings for that run and is reported in `errors`; the other
 * rules are unaffected.
 */
import type { Finding } from '../../findings/finding';
import type { Kind } from '../../model/kinds';
import type { Resource } from '../../model/resource';
import type { PlacedIndex } from '../../model/workspace-index';
import type { ParsedChunk } from '../../parse/document';
import type { Rule, RuleFinding } from '../rule';
import { DEFAULT_RULE_INPUTS, OPTION, type RuleInputs } from './inputs';
import { changedRuleOptions, type RuleOptions } from './options';
import { placeRuleFinding } from './place';

/** What one run did. */
export interface RuleRun {
  /** Every rule's findings, placed, in rule order. */
  readonly findings: readonly Finding[];
  /** Names of the rules that were checked this time; the others were reused. */
  readonly ran: readonly string[];
  /** Rules that threw, with the error. */
  readonly errors: readonly { readonly rule: string; readonly error: unknown }[];
  /** Milliseconds each checked rule took, by name (to find slow rules). */
  readonly timings: ReadonlyMap<string, number>;
}

/** Where a placed finding points: what must be unchanged for its range to stay right. */
interface Anchor {
  readonly key: string;
  /** The resource itself, whose written identity the placed finding carries. */
  readonly resource: Resource | undefined;
  readonly chunk: ParsedChunk | null;
  readonly startLine: number;
}

/** One kept finding: as reported, and as last placed. */
interface Kept {
  readonly finding: RuleFinding;
  placed: Finding | null;
  anchors: readonly Anchor[];
}

export class RuleRunner {
  private readonly results = new Map<string, Kept[]>();
  /** The options the kept results were computed with (null before the first run). */
  private options: RuleOptions | null = null;

  constructor(readonly rules: readonly Rule[]) {}

  /**
   * Checks the rules affected by `changed` ('all': every rule) or by an option that differs from
   * the previous run's, and places every kept finding.
   */
  run(index: PlacedIndex, kinds: ReadonlySet<Kind> | 'all', inputs: RuleInputs = DEFAULT_RULE_INPUTS): RuleRun {
    const changed = this.withChangedOptions(kinds, inputs.options);
    this.options = inputs.options;
    // One instant per run, taken when a rule first asks: rules judging the same certificate in
    // one run (MSH8006 defers to IST0161) must agree on what "now" is.
    let at: number | undefined;
    const now = (): Date => new Date(at ??= inputs.now().getTime());
    const ran: string[] = [];
    const errors: { rule: string; error: unknown }[] = [];
    const timings = new Map<string, number>();
    for (const rule of this.rules) {
      const stale = changed === 'all' || !this.results.has(rule.name) || rule.reads.some((k) => changed.has(k));
      if (!stale) continue;
      ran.push(rule.name);
      const started = performance.now();
      const out: Kept[] = [];
      try {
        rule.check({ index, options: inputs.options, now, report: (finding) => { out.push({ finding, placed: null, anchors: [] }); } });
        const before = new Reusable(this.results.get(rule.name), index);
        for (const kept of out) {
          const same = before.find(kept.finding);
          if (same) {
            kept.placed = same.placed;
            kept.anchors = same.anchors;
          } else this.place(rule, kept, index);
        }
        this.results.set(rule.name, out);
      } catch (error) {
        this.results.set(rule.name, []);
        errors.push({ rule: rule.name, error });
      }
      timings.set(rule.name, performance.now() - started);
    }
    const findings: Finding[] = [];
    for (const rule of this.rules) {
      for (const kept of this.results.get(rule.name) ?? []) {
        if (!kept.anchors.every((a) => anchored(a, index))) this.place(rule, kept, index);
        if (kept.placed) findings.push(kept.placed);
      }
    }
    return { findings, ran, errors, timings };
  }

  private place(rule: Rule, kept: Kept, index: PlacedIndex): void {
    kept.placed = placeRuleFinding(rule, kept.finding, index);
    kept.anchors = [kept.finding.subject, ...(kept.finding.related ?? []).map((r) => r.subject)].map((key) => anchorOf(key, index));
  }

  /** Forgets every result, so the next run checks every rule. */
  reset(): void {
    this.results.clear();
    this.options = null;
  }

  private withChangedOptions(changed: ReadonlySet<Kind> | 'all', options: RuleOptions): ReadonlySet<Kind> | 'all' {
    if (changed === 'all' || this.options === null || this.options === options) return changed;
    const names = changedRuleOptions(this.options, options);
    return names.length === 0 ? changed : new Set([...changed, ...names.map((name) => OPTION[name])]);
  }
}

function anchorOf(key: string, index: PlacedIndex): Anchor {
  const p = index.placement(key);
  return { key, resource: index.byKey(key), chunk: p ? p.document.chunk : null, startLine: p ? p.document.startLine : -1 };
}

function anchored(a: Anchor, index: PlacedIndex): boolean {
  const resource = index.byKey(a.key);
  if (resource === undefined || resource !== a.resource) return false;
  const p = index.placement(a.key);
  if (!p) return a.chunk === null;
  return p.document.chunk === a.chunk && p.document.startLine === a.startLine;
}

/**
 * A rule's previous findings whose placed form still holds. A rule that memoizes per subject
 * (engine/memo.ts) reports the very same finding objects again; other findings are matched by
 * content.
 */
class Reusable {
  private readonly byIdentity = new Map<RuleFinding, Kept>();
  private bySignature: Map<string, Kept[]> | null = null;

  constructor(previous: readonly Kept[] | undefined, index: PlacedIndex) {
    for (const kept of previous ?? []) {
      if (kept.placed && kept.anchors.every((a) => anchored(a, index))) this.byIdentity.set(kept.finding, kept);
    }
  }

  find(finding: RuleFinding): Kept | undefined {
    if (this.byIdentity.size === 0) return undefined;
    const same = this.byIdentity.get(finding);
    if (same) return same;
    if (!this.bySignature) {
      this.bySignature = new Map();
      for (const kept of this.byIdentity.values()) {
        const key = signature(kept.finding);
        const list = this.bySignature.get(key);
        if (list) list.push(kept);
        else this.bySignature.set(key, [kept]);
      }
    }
    return this.bySignature.get(signature(finding))?.find((k) => sameRuleFinding(k.finding, finding));
  }
}

/** What most findings differ in, as a map key; sameRuleFinding settles the rest. */
function signature(f: RuleFinding): string {
  return `${f.subject}\u0000${f.messageId}\u0000${f.path.join('\u0001')}`;
}

function sameRuleFinding(a: RuleFinding, b: RuleFinding): boolean {
  return a.subject === b.subject && a.messageId === b.messageId && (a.target ?? 'value') === (b.target ?? 'value')
    && sameData(a.path, b.path) && sameData(a.data, b.data) && sameData(a.related, b.related) && sameData(a.fixes, b.fixes);
}

/** Deep equality of plain data (what findings carry: strings, numbers, arrays, plain objects). */
function sameData(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameData(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b) || Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  if (Object.getPrototypeOf(a) !== Object.prototype && Object.getPrototypeOf(a) !== null) return false;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  for (const k of ka) {
    if (!Object.prototype.hasOwnProperty.call(b, k)) return false;
    if (!sameData((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
  }
  return true;
}

/** Runs rules once over an index: the tests' one-shot form (default options, real clock unless given). */
export function runRules(rules: readonly Rule[], index: PlacedIndex, inputs: RuleInputs = DEFAULT_RULE_INPUTS): RuleRun {
  return new RuleRunner(rules).run(index, 'all', inputs);
}
