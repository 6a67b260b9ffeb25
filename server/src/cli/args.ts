/**
 * Command-line grammar of `mesh-lifecycle`. Pure: argv in, options or a usage error out, so the
 * whole grammar is tested by table without spawning anything.
 */
import { parseArgs } from 'node:util';
import type { Severity } from '../findings/finding';
import { RULE_OPTION_NAMES, RULE_OPTIONS, type RuleOptions } from '../rules/engine/options';

export const FORMATS = ['text', 'json', 'sarif', 'junit', 'github'] as const;
export type OutputFormat = (typeof FORMATS)[number];
export const THRESHOLDS = ['error', 'warning', 'info'] as const;

export interface LintOptions {
  readonly command: 'lint';
  /** Files, folders (searched recursively) or `-` for standard input. */
  readonly paths: readonly string[];
  readonly format: OutputFormat;
  /** Exit 1 when any finding is at least this severe. */
  readonly failureThreshold: Exclude<Severity, 'hint'>;
  readonly meshConfig: string | null;
  readonly meshNetworks: string | null;
  readonly maxFileSize: number | null;
  readonly gatewayApiChannel: 'standard' | 'experimental' | null;
  /** Rule options given as flags (one per option, e.g. --certificate-expiry-warning-days). */
  readonly ruleOptions: Partial<RuleOptions>;
  readonly color: boolean;
}

export type ParsedArgs = LintOptions | { readonly command: 'help' } | { readonly command: 'version' };

/** A mistake on the command line; the CLI prints it with the usage text and exits 2. */
export class UsageError extends Error {}

export const USAGE = `Usage: mesh-lifecycle lint [options] [paths...]

Checks service-mesh manifests (Istio, Gateway API, Linkerd, Consul, SMI, Argo Rollouts, Flagger,
cert-manager and core Kubernetes kinds) against their schemas and across files, as one workspace.
Paths are files, folders (searched recursively for .yaml and .yml files, skipping Helm templates)
or - for standard input; the default is the current folder. Settings come from the nearest
.mesh-lifecycle.yaml at or above the current folder; flags override it.

Options:
  --format text|json|sarif|junit|github
                                    output format (default: text); github prints workflow annotations
  --failure-threshold error|warning|info
                                    exit 1 when a finding is at or above this severity (default: error)
  --mesh-config FILE                Istio mesh config (MeshConfig YAML) for mesh-wide defaults
  --mesh-networks FILE              Istio mesh networks (MeshNetworks YAML)
  --max-file-size BYTES             skip files larger than this (default: 5242880)
  --gateway-api-channel standard|experimental
                                    which Gateway API schemas to validate against (default: experimental)
  --certificate-expiry-warning-days N
                                    report a gateway certificate this many days before it expires (default: 30)
  --no-color                        plain text output
  -h, --help                        show this help
  --version                         print the version

Exit codes: 0 no finding at or above the threshold, 1 findings at or above it, 2 usage or I/O error.`;

export function parseCommandLine(argv: readonly string[]): ParsedArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        format: { type: 'string' },
        'failure-threshold': { type: 'string' },
        'mesh-config': { type: 'string' },
        'mesh-networks': { type: 'string' },
        'max-file-size': { type: 'string' },
        'gateway-api-channel': { type: 'string' },
        ...RULE_OPTION_FLAGS,
        'no-color': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean' },
      },
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message.split('\n')[0]! : String(error));
  }
  const { values, positionals } = parsed;
  if (values.help) return { command: 'help' };
  if (values.version) return { command: 'version' };
  const [command, ...paths] = positionals;
  if (command === undefined) throw new UsageError('Missing command: try `mesh-lifecycle lint .`');
  if (command === 'help') return { command: 'help' };
  if (command !== 'lint') throw new UsageError(`Unknown command "${command}"; the only command is "lint".`);
  return {
    command: 'lint',
    paths: paths.length > 0 ? paths : ['.'],
    format: oneOf('--format', values.format ?? 'text', FORMATS),
    failureThreshold: oneOf('--failure-threshold', values['failure-threshold'] ?? 'error', THRESHOLDS),
    meshConfig: values['mesh-config'] ?? null,
    meshNetworks: values['mesh-networks'] ?? null,
    maxFileSize: positiveInteger('--max-file-size', values['max-file-size']),
    gatewayApiChannel: values['gateway-api-channel'] === undefined ? null
      : oneOf('--gateway-api-channel', values['gateway-api-channel'], ['standard', 'experimental'] as const),
    ruleOptions: ruleOptionFlags(values as Record<string, unknown>),
    color: !values['no-color'],
  };
}

/** One string flag per rule option, named by its catalog entry (rules/engine/options.ts). */
const RULE_OPTION_FLAGS = Object.fromEntries(
  RULE_OPTION_NAMES.map((name) => [RULE_OPTIONS[name].flag.slice(2), { type: 'string' as const }]),
);

/** The rule options given on the command line, checked as the project file checks them. */
function ruleOptionFlags(values: Readonly<Record<string, unknown>>): Partial<RuleOptions> {
  const out: Partial<Record<keyof RuleOptions, number>> = {};
  for (const name of RULE_OPTION_NAMES) {
    const spec = RULE_OPTIONS[name];
    const text = values[spec.flag.slice(2)];
    if (typeof text !== 'string') continue;
    // Number('') is 0 and Number(' 7 ') is 7: only plain digits count as a number of days.
    const n = /^\d+$/.test(text) ? Number(text) : NaN;
    if (!spec.valid(n)) throw new UsageError(`${spec.flag} must be ${spec.expected}; got "${text}".`);
    out[name] = n;
  }
  return out;
}

function oneOf<T extends string>(flag: string, value: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`${flag} must be one of ${allowed.join(', ')}; got "${value}".`);
}

function positiveInteger(flag: string, value: string | undefined): number | null {
  if (value === undefined) return null;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new UsageError(`${flag} takes a positive whole number of bytes; got "${value}".`);
  return n;
}
