/**
 * The cluster as the CLI reads it: once, with lists only (no watches), until every kind has an
 * answer or the time is up.
 *
 *   readClusterOnce({ kubeconfig, context, namespaces, kinds, timeoutMs })
 *     -> kubeconfig + context (KubeconfigError when they are unusable)
 *     -> ClusterCache { watch: false } with CRD schemas, settled or timed out, stopped
 *     -> { target, snapshot, overlay, status, verdict }
 *
 * The verdict decides what the CLI does: `fatal` when nothing could be read (no cluster state to
 * check against would make every answer wrong), `warning` when some kinds are missing (checks
 * that need them say nothing, the rest runs), nothing when all is read.
 */
import type { Kind } from '../model/kinds';
import type { LiveCatalogEntry } from '../schema/catalog';
import { ClusterCache, type ClusterSnapshot } from './cache';
import type { ClusterStatus } from './health';
import { resolveTarget, type ClusterTarget } from './kubeconfig';
import { schemaGroups } from './link';
import type { NamespaceScope } from './settings';
import { kubeTransport } from './transport';

export interface OneShotOptions {
  readonly kubeconfig: string | null;
  readonly context: string | null;
  /** 'context': the context's own namespace (the CLI's default, as in kubectl). */
  readonly namespaces: NamespaceScope | 'context';
  readonly kinds: readonly Kind[];
  readonly timeoutMs: number;
  readonly env?: NodeJS.ProcessEnv;
  readonly log?: (line: string) => void;
}

export interface OneShotResult {
  readonly target: ClusterTarget;
  readonly namespaces: NamespaceScope;
  readonly snapshot: ClusterSnapshot;
  readonly overlay: readonly LiveCatalogEntry[];
  readonly status: ClusterStatus;
  /** What the CLI should say: stop (fatal) or warn, in plain words. */
  readonly verdict: { readonly fatal?: string; readonly warning?: string };
}

export async function readClusterOnce(options: OneShotOptions): Promise<OneShotResult> {
  const target = await resolveTarget(options.kubeconfig, options.context, options.env);
  const namespaces = options.namespaces === 'context' ? [target.namespace] : options.namespaces;
  const cache = new ClusterCache({
    context: target.context,
    transport: kubeTransport(target.kubeConfig, target.server),
    kinds: options.kinds,
    namespaces,
    schemaGroups: schemaGroups(),
    watch: false,
    ...(options.log ? { log: options.log } : {}),
  });
  cache.start();
  try {
    await cache.whenSettled(options.timeoutMs);
    const status = cache.status();
    return { target, namespaces, snapshot: cache.snapshot(), overlay: cache.overlay(), status, verdict: verdictOf(status, options.timeoutMs) };
  } finally {
    await cache.stop();
  }
}

/** Fatal when nothing was read; a warning when something is missing. */
export function verdictOf(status: ClusterStatus, timeoutMs: number): OneShotResult['verdict'] {
  const read = status.kinds.some((k) => k.state === 'synced' || k.state === 'stale');
  const missing = status.kinds.filter((k) => k.state !== 'synced' && k.state !== 'not-served');
  if (!read && missing.length > 0) {
    const problem = missing.find((k) => k.problem)?.problem ?? `no answer within ${Math.round(timeoutMs / 1000)} s`;
    return { fatal: `cannot read cluster "${status.context ?? ''}": ${problem}` };
  }
  if (missing.length > 0) {
    const problems = [...new Set(missing.map((k) => k.problem ?? `${k.kind}: no answer within ${Math.round(timeoutMs / 1000)} s`))];
    return { warning: `cluster "${status.context ?? ''}": ${missing.length} of ${status.kinds.length} kinds could not be read, so checks that need them are skipped: ${problems.join('; ')}` };
  }
  return {};
}
