/**
 * What a user can change about analysis, in one typed place. The editor reads it from the
 * `meshLifecycle.*` settings per workspace folder; the CLI from flags and `.mesh-lifecycle.yaml`.
 */
import type { Severity } from '../findings/finding';
import { DEFAULT_LIMITS, type ParseLimits } from '../parse/limits';
import { readRuleOptions, type RuleOptions } from '../rules/engine/options';

/** A per-code override: another severity, or `off` to silence the code. */
export type SeverityOverride = Severity | 'off';

export interface AnalysisConfig {
  readonly limits: ParseLimits;
  /** Overrides keyed by code (e.g. "MSH1001") or by check name (e.g. "unknown-field"). */
  readonly rules: Readonly<Record<string, SeverityOverride>>;
  /** Which Gateway API channel's schemas to validate against. */
  readonly gatewayApiChannel: 'standard' | 'experimental';
  /** The namespace of namespaced objects that name none (default: 'default'). */
  readonly defaultNamespace?: string;
  /** Server only: also publish findings of workspace files that are not open (default: true). */
  readonly workspaceDiagnostics?: boolean;
  /**
   * Rule options set at this layer (rules/engine/options.ts); unset ones fall through to the
   * project file, then to their defaults.
   */
  readonly ruleOptions: Partial<RuleOptions>;
}

export const DEFAULT_CONFIG: AnalysisConfig = {
  limits: DEFAULT_LIMITS,
  rules: {},
  gatewayApiChannel: 'experimental',
  ruleOptions: {},
};

const SEVERITIES: readonly string[] = ['error', 'warning', 'info', 'hint', 'off'];

/**
 * Builds a config from untrusted input (settings JSON, YAML), keeping only well-formed values.
 * Rule options sit at the top level, as `meshLifecycle.certificateExpiryWarningDays` does.
 */
export function configFrom(raw: unknown): AnalysisConfig {
  const input = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
  const rules: Record<string, SeverityOverride> = {};
  if (typeof input['rules'] === 'object' && input['rules'] !== null) {
    for (const [code, value] of Object.entries(input['rules'] as Record<string, unknown>)) {
      if (typeof value === 'string' && SEVERITIES.includes(value)) rules[code] = value as SeverityOverride;
    }
  }
  const maxFileSize = input['maxFileSize'];
  const channel = input['gatewayApiChannel'];
  const defaultNamespace = input['defaultNamespace'];
  const workspaceDiagnostics = input['workspaceDiagnostics'];
  return {
    limits: {
      ...DEFAULT_LIMITS,
      maxFileSize: typeof maxFileSize === 'number' && maxFileSize > 0 ? maxFileSize : DEFAULT_LIMITS.maxFileSize,
    },
    rules,
    gatewayApiChannel: channel === 'standard' || channel === 'experimental' ? channel : DEFAULT_CONFIG.gatewayApiChannel,
    ...(typeof defaultNamespace === 'string' && defaultNamespace !== '' ? { defaultNamespace } : {}),
    ...(typeof workspaceDiagnostics === 'boolean' ? { workspaceDiagnostics } : {}),
    ruleOptions: readRuleOptions(input).options,
  };
}

/** The parts of the project file that settings are layered over. */
export interface ProjectDefaults {
  readonly rules: Readonly<Record<string, SeverityOverride>>;
  readonly defaultNamespace: string | null;
  readonly ruleOptions?: Partial<RuleOptions>;
}

/**
 * Settings layered over the project file: the project file's `rules`, `defaultNamespace` and
 * rule options apply unless the settings name the same code, a namespace or the same option
 * themselves.
 */
export function withProjectDefaults(config: AnalysisConfig, project: ProjectDefaults): AnalysisConfig {
  const namespace = config.defaultNamespace ?? project.defaultNamespace ?? undefined;
  return {
    ...config,
    rules: { ...project.rules, ...config.rules },
    ruleOptions: { ...project.ruleOptions, ...config.ruleOptions },
    ...(namespace !== undefined ? { defaultNamespace: namespace } : {}),
  };
}
