/**
 * Rule options: the few values a user can tune about what rules judge (not only how loudly they
 * report it, which is the severity overrides' job). Rules read them from `ctx.options`, typed and
 * already validated, so no rule ever sees a raw setting.
 *
 * One catalog describes each option once: its default, how a value is checked, and the names it
 * goes by in the project file, the editor settings and the CLI. Every source (settings JSON, the
 * project file's YAML, a command-line flag) goes through `readRuleOptions`, so a value accepted
 * in one place is accepted in all of them, with the same wording when it is not.
 *
 * An option is also an input the runner tracks (rules/inputs.ts): a rule that reads one declares
 * its pseudo-kind in `reads`, and changing the option re-runs exactly those rules.
 */

export interface RuleOptions {
  /** An upcoming certificate expiry is reported once it is this many days away (or fewer). */
  readonly certificateExpiryWarningDays: number;
}

export type RuleOptionName = keyof RuleOptions;

export interface RuleOptionSpec {
  readonly default: number;
  /** What a valid value is, as the end of "must be …". */
  readonly expected: string;
  readonly valid: (value: number) => boolean;
  /** The CLI flag that sets it. */
  readonly flag: string;
  /** One sentence for docs and help. */
  readonly description: string;
}

export const RULE_OPTIONS: { readonly [N in RuleOptionName]: RuleOptionSpec } = {
  certificateExpiryWarningDays: {
    default: 30,
    expected: 'a whole number of days, at least 1',
    // Zero would mean "never warn", which `rules: { MSH8007: off }` already says plainly.
    valid: (n) => Number.isSafeInteger(n) && n >= 1,
    flag: '--certificate-expiry-warning-days',
    description: 'How many days before a gateway certificate expires it is reported (default 30).',
  },
};

export const RULE_OPTION_NAMES = Object.keys(RULE_OPTIONS) as RuleOptionName[];

export const DEFAULT_RULE_OPTIONS: RuleOptions = Object.fromEntries(
  RULE_OPTION_NAMES.map((name) => [name, RULE_OPTIONS[name].default]),
) as unknown as RuleOptions;

/** What reading options from one source gave: the well-formed values, and why others were not. */
export interface RuleOptionsRead {
  readonly options: Partial<RuleOptions>;
  readonly problems: readonly string[];
}

/**
 * Reads the option keys of a mapping (settings JSON, a project file), ignoring other keys.
 * Absent and null values are "not set here", so a lower layer still applies: VS Code reports a
 * setting the user never touched as its default, and the settings declare that default as null.
 */
export function readRuleOptions(input: Readonly<Record<string, unknown>>): RuleOptionsRead {
  const options: Partial<Record<RuleOptionName, number>> = {};
  const problems: string[] = [];
  for (const name of RULE_OPTION_NAMES) {
    const value = input[name];
    if (value === undefined || value === null) continue;
    const spec = RULE_OPTIONS[name];
    if (typeof value === 'number' && spec.valid(value)) options[name] = value;
    else problems.push(`"${name}" must be ${spec.expected}; got ${JSON.stringify(value)}.`);
  }
  return { options, problems };
}

/** Every option: the given ones over the defaults. */
export function resolveRuleOptions(options: Partial<RuleOptions> = {}): RuleOptions {
  return { ...DEFAULT_RULE_OPTIONS, ...options };
}

/** The options whose values differ between two sets. */
export function changedRuleOptions(a: RuleOptions, b: RuleOptions): RuleOptionName[] {
  return RULE_OPTION_NAMES.filter((name) => a[name] !== b[name]);
}
