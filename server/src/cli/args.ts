/**
 * Command-line grammar of `mesh-lifecycle`. Pure: argv in, options or a usage error out, so the
 * whole grammar is tested by table without spawning anything.
 */
import { parseArgs } from 'node:util';
import type { ClusterLintOptions } from './cluster';
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
  /** The live cluster to check against (--context, --kubeconfig, -n, -A), or null for files only. */
  readonly cluster: ClusterLintOptions | null;
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
  --context CTX                     also check against this kubeconfig context's live cluster: files
                                    override its objects, its objects satisfy references, its CRDs
                                    replace the bundled schemas; findings on live objects are listed too
  --kubeconfig FILE                 the kubeconfig (default: $KUBECONFIG, else ~/.kube/config)
  -n, --namespace NS                read these namespaces of the cluster (repeatable; default: the context's)
  -A, --all-namespaces              read every namespace of the cluster
  --cluster-timeout SECONDS         how long to wait for the cluster (default: 30)
  --no-color                        plain text output
  -h, --help                        show this help
  --version                         print the version

Any of --context, --kubeconfig, -n or -A reads the cluster (the current context unless --context
names one).

Exit codes: 0 no finding at or above the threshold, 1 findings at or above it, 2 usage or I/O error
(or a cluster that cannot be read).`;

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
        context: { type: 'string' },
        kubeconfig: { type: 'string' },
        namespace: { type: 'string', short: 'n', multiple: true },
        'all-namespaces': { type: 'boolean', short: 'A' },
        'cluster-timeout': { type: 'string' },
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
    cluster: clusterFlags(values),
  };
}

/** The cluster flags; null when none is given (files only, as before). */
function clusterFlags(values: { context?: string; kubeconfig?: string; namespace?: string[]; 'all-namespaces'?: boolean; 'cluster-timeout'?: string }): ClusterLintOptions | null {
  const namespaces = (values.namespace ?? []).flatMap((n) => n.split(',')).map((n) => n.trim()).filter((n) => n !== '');
  const timeout = values['cluster-timeout'];
  if (values.context === undefined && values.kubeconfig === undefined && namespaces.length === 0 && !values['all-namespaces']) {
    if (timeout !== undefined) throw new UsageError('--cluster-timeout needs a cluster: add --context (or --kubeconfig, -n, -A).');
    return null;
  }
  if (values['all-namespaces'] && namespaces.length > 0) throw new UsageError('-n/--namespace and -A/--all-namespaces cannot be combined.');
  for (const n of namespaces) {
    if (!/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(n)) throw new UsageError(`-n takes a Kubernetes namespace name; got "${n}".`);
  }
  if (values.context === '') throw new UsageError('--context takes the name of a kubeconfig context.');
  const seconds = timeout === undefined ? 30 : Number(timeout);
  if (!Number.isFinite(seconds) || seconds <= 0 || !/^\d+(\.\d+)?$/.test(timeout ?? '30')) throw new UsageError(`--cluster-timeout takes a positive number of seconds; got "${timeout}".`);
  return {
    context: values.context ?? null,
    kubeconfig: values.kubeconfig ?? null,
    namespaces: values['all-namespaces'] ? 'all' : namespaces.length > 0 ? [...new Set(namespaces)].sort() : 'context',
    timeoutMs: Math.round(seconds * 1000),
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
