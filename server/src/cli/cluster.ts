/**
 * `mesh-lifecycle lint --context CTX [-n NS ... | -A] [--kubeconfig FILE]`: the CLI's use of the
 * cluster module. Reads the cluster once (cluster/one-shot.ts) before the files are analysed and
 * gives the Workspace its live objects and, when the cluster has CRDs of kinds we check, a
 * validator with their schemas.
 *
 * Nothing could be read (unreachable, no permission at all, a bad context): an InputError, exit
 * code 2, in plain words. Some kinds missing: a warning on stderr, and the rest is checked. Files
 * that name no namespace are checked in the namespace read, as if applied there.
 */
import type { AnalysisConfig } from '../analysis/config';
import type { Workspace, WorkspaceOptions } from '../analysis/workspace';
import { KubeconfigError } from '../cluster/kubeconfig';
import { validatorFor } from '../cluster/link';
import { overlayFingerprint } from '../cluster/crd-schemas';
import { readClusterOnce } from '../cluster/one-shot';
import type { NamespaceScope } from '../cluster/settings';
import { enabledRules, watchedKinds } from '../cluster/watched-kinds';
import { RULES } from '../rules/registry';
import { InputError } from './files';

/** The cluster flags, as parsed (cli/args.ts). */
export interface ClusterLintOptions {
  readonly context: string | null;
  readonly kubeconfig: string | null;
  /** 'context': the context's namespace (no -n, no -A). */
  readonly namespaces: NamespaceScope | 'context';
  readonly timeoutMs: number;
}

export interface LiveForLint {
  /** Options for the Workspace (a validator with the cluster's CRD schemas, when it has any). */
  readonly workspaceOptions: Pick<WorkspaceOptions, 'validator'>;
  /** Hands the live objects to the Workspace. */
  apply(workspace: Workspace): void;
  /**
   * The config for the files: objects that name no namespace land in the one namespace read
   * (-n NS, or the context's), as `kubectl apply` would put them, unless the project file or
   * settings say otherwise.
   */
  configure(config: AnalysisConfig): AnalysisConfig;
  readonly context: string;
}

export async function readClusterForLint(options: ClusterLintOptions, config: AnalysisConfig, warn: (text: string) => void): Promise<LiveForLint> {
  let result;
  try {
    result = await readClusterOnce({
      kubeconfig: options.kubeconfig,
      context: options.context,
      namespaces: options.namespaces,
      kinds: watchedKinds(enabledRules(RULES, config.rules)),
      timeoutMs: options.timeoutMs,
    });
  } catch (error) {
    if (error instanceof KubeconfigError) throw new InputError(error.message);
    throw error;
  }
  if (result.verdict.fatal) throw new InputError(`${result.verdict.fatal}.`);
  if (result.verdict.warning) warn(`${result.verdict.warning}.`);
  const overlay = result.overlay;
  const snapshot = result.snapshot;
  const single = result.namespaces !== 'all' && result.namespaces.length === 1 ? result.namespaces[0]! : undefined;
  return {
    context: result.target.context,
    configure: (c) => (single !== undefined && c.defaultNamespace === undefined ? { ...c, defaultNamespace: single } : c),
    workspaceOptions: overlay.length > 0 ? { validator: validatorFor({ gatewayApiChannel: config.gatewayApiChannel }, overlay, overlayFingerprint(overlay)) } : {},
    apply: (workspace) => workspace.setCluster(snapshot.context, snapshot.objects, snapshot.listedKinds),
  };
}
