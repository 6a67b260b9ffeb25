/**
 * `x-kubernetes-validations`: CEL rules evaluated the way the API server evaluates them on create.
 *
 *   build time (compile.ts, once per schema):
 *     K8sSchema --buildCelPlan (cel-plan.ts)--> CelPlan: a tree that mirrors the schema but keeps
 *     only the branches leading to rules; each rule compiled once (cel-compile.ts, cached by source
 *     text, shared by all schemas) into a CompiledRule with status ok | transition | unsupported.
 *   validation time (validator.ts, per document; this module):
 *     evaluateCel(plan, document, isSuppressed) walks the document along the plan; at every node
 *     with rules it converts the value to CEL form (toCel, cel-values.ts) and runs each `ok` rule
 *     with `self`.
 *
 * Semantics:
 *   - `self` is the value at the rule's location, converted by the schema like the API server
 *     does (cel-values.ts);
 *   - transition rules (they mention `oldSelf`) are skipped: a file has no old object;
 *   - a rule that does not parse or type-check (unknown function, ...) is `unsupported` and never
 *     runs; a rule whose evaluation throws or yields a non-boolean produces nothing. We never
 *     report a rule we could not evaluate;
 *   - `message`, `messageExpression` (falling back to `message`, then "failed rule: <rule>"),
 *     `fieldPath` (appended to the rule's location) and `reason` (prefix of the message) are honoured;
 *   - the caller passes `isSuppressed(path)`: true when schema findings already exist at or under
 *     the location, so one mistake (a bad enum, a misspelt field) does not also fail the rules
 *     on the way up to the root; rules in other branches of the document still run.
 *   - Go regexes: `matches(...)` is rewritten to our RE2-aware `k8sMatches(...)` (cel-library-strings.ts).
 */
import type { PathFinding } from '../findings/finding';
import type { Path } from '../parse/types';
import { firstLine, type CompiledRule } from './cel-compile';
import type { CelNode, CelPlan } from './cel-plan';
import { isPlainObject, toCel } from './cel-values';
import { finding } from './codes';
import { displayPath, isContainer, valueAt } from './paths';

const REASON_PREFIX: Readonly<Record<string, string>> = {
  FieldValueRequired: 'Required value: ',
  FieldValueForbidden: 'Forbidden: ',
  FieldValueDuplicate: 'Duplicate value: ',
};

export interface CelRunStats {
  /** Rule evaluations that produced true or false. */
  evaluated: number;
  /** Rule evaluations that threw or produced a non-boolean (reported as nothing). */
  failed: number;
  /** When present, every unevaluable evaluation is logged here (diagnostics and coverage). */
  readonly failures?: { rule: string; path: string; error: string }[];
  /** When present, the source of every rule that evaluated to a boolean is added (coverage). */
  readonly evaluatedRules?: Set<string>;
}

function noteFailure(stats: CelRunStats, rule: CompiledRule, path: Path, error: string): void {
  stats.failed += 1;
  stats.failures?.push({ rule: rule.source.rule, path: displayPath(path), error });
}

function messageFor(rule: CompiledRule, self: unknown): string {
  if (rule.messageProgram) {
    try {
      const m: unknown = rule.messageProgram({ self });
      if (typeof m === 'string' && m.trim() !== '') return m;
    } catch {
      // Fall back to the static message, as the API server does.
    }
  }
  if (rule.source.message && rule.source.message.trim() !== '') return rule.source.message;
  return `failed rule: ${rule.source.rule}`;
}

/**
 * Evaluates every supported rule in `plan` against `doc`. `isSuppressed(path)` skips a location
 * whose subtree already has schema findings. Returns one finding per failing rule.
 */
export function evaluateCel(
  plan: CelPlan,
  doc: unknown,
  isSuppressed: (path: Path) => boolean,
  stats?: CelRunStats,
): PathFinding[] {
  const out: PathFinding[] = [];
  const memo = new Map<object, unknown>();
  const path: (string | number)[] = [];

  const visit = (node: CelNode, value: unknown): void => {
    if (value === null || value === undefined) return;
    if (node.rules.length > 0 && !isSuppressed(path)) {
      const self = toCel(value, node.schema, memo);
      const context = { self };
      for (let r = 0; r < node.rules.length; r++) {
        const rule = node.rules[r]!;
        let result: unknown;
        try {
          result = rule.program!(context);
        } catch (e) {
          if (stats) noteFailure(stats, rule, path, e instanceof Error ? firstLine(e.message) : String(e));
          continue;
        }
        if (typeof result !== 'boolean') {
          if (stats) noteFailure(stats, rule, path, `result is ${typeof result}, not a boolean`);
          continue;
        }
        if (stats) {
          stats.evaluated += 1;
          stats.evaluatedRules?.add(rule.source.rule);
        }
        if (result) continue;
        const at = rule.fieldPath.length > 0 ? [...path, ...rule.fieldPath] : [...path];
        const target = at.length > 0 && isContainer(valueAt(doc, at)) ? 'key' : 'value';
        const prefix = REASON_PREFIX[rule.source.reason ?? ''] ?? '';
        out.push(finding('celRule', `${displayPath(at)}: ${prefix}${messageFor(rule, self)}`, at, target));
      }
    }
    if (node.props && isPlainObject(value)) {
      for (let p = 0; p < node.props.length; p++) {
        const [k, child] = node.props[p]!;
        const x = value[k];
        if (x === undefined || x === null) continue;
        path.push(k);
        visit(child, x);
        path.pop();
      }
    }
    if (node.additional && isPlainObject(value)) {
      for (const k in value) {
        path.push(k);
        visit(node.additional, value[k]);
        path.pop();
      }
    }
    if (node.items && Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        path.push(i);
        visit(node.items, value[i]);
        path.pop();
      }
    }
  };
  visit(plan.root, doc);
  return out;
}
