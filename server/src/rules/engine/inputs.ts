/**
 * What rules read besides the index: the rule options and the clock.
 *
 * Both are named as pseudo-kinds so that a rule declares them in `reads` like the kinds it reads,
 * and one mechanism serves all of them: the runner re-runs a rule when something it declares
 * changes, and the meta-test proves a rule reads exactly what it declares (the fixture harness
 * records `ctx.options.<name>` and `ctx.now()` as reads of these pseudo-kinds).
 *
 *   option changed (settings, project file, flag) -> its pseudo-kind changed -> its readers re-run
 *   the day changed (a timer in the server)       -> CLOCK changed          -> its readers re-run
 *
 * Their group is no API group, so the cluster module never tries to watch them.
 */
import type { Kind } from '../../model/kinds';
import { DEFAULT_RULE_OPTIONS, RULE_OPTION_NAMES, type RuleOptionName, type RuleOptions } from './options';

/** The group of the engine's own pseudo-kinds. */
export const INPUT_GROUP = 'inputs.mesh-lifecycle';

/** The current time, as a pseudo-kind: a rule that calls `ctx.now()` declares it. */
export const CLOCK: Kind = `${INPUT_GROUP}/Clock`;

/** Each rule option, as a pseudo-kind: a rule that reads `ctx.options.<name>` declares `OPTION.<name>`. */
export const OPTION: { readonly [N in RuleOptionName]: Kind } = Object.fromEntries(
  RULE_OPTION_NAMES.map((name) => [name, `${INPUT_GROUP}/option.${name}`]),
) as unknown as { [N in RuleOptionName]: Kind };

/** The option a pseudo-kind names, if it names one. */
export function optionOfKind(kind: Kind): RuleOptionName | undefined {
  return RULE_OPTION_NAMES.find((name) => OPTION[name] === kind);
}

/** The non-index inputs of a run. */
export interface RuleInputs {
  readonly options: RuleOptions;
  /** Where the time comes from: the real clock, or a pinned one in tests. */
  readonly now: () => Date;
}

/** The defaults and the real clock: what a one-shot run without settings uses. */
export const DEFAULT_RULE_INPUTS: RuleInputs = { options: DEFAULT_RULE_OPTIONS, now: () => new Date() };
