/**
 * A Workspace linked to a cluster the way the language server links one: a ClusterLink from a
 * pool, and on every cache change the live objects and schemas handed over and the workspace
 * analysed again. Tests read `findings(file)` and `link.status()`.
 */
import { Workspace } from '../../server/src/analysis/workspace';
import { DEFAULT_CONFIG } from '../../server/src/analysis/config';
import type { BackoffPolicy } from '../../server/src/cluster/backoff';
import { ClusterCache, type ClusterCacheOptions } from '../../server/src/cluster/cache';
import { resolveTarget } from '../../server/src/cluster/kubeconfig';
import { openClusterLink, type ClusterLink } from '../../server/src/cluster/link';
import { ClusterPool } from '../../server/src/cluster/pool';
import { clusterSettingsFrom } from '../../server/src/cluster/settings';
import { kubeTransport } from '../../server/src/cluster/transport';
import { enabledRules, watchedKinds } from '../../server/src/cluster/watched-kinds';
import type { Finding } from '../../server/src/findings/finding';
import type { Kind } from '../../server/src/model/kinds';
import { RULES } from '../../server/src/rules/registry';

/** Quick retries for tests: 20 ms doubling to 200 ms. */
export const TEST_BACKOFF: BackoffPolicy = { initialMs: 20, maxMs: 200, factor: 2, jitter: 0.5, maxRetryAfterMs: 5_000 };

export interface LiveWorkspace {
  readonly workspace: Workspace;
  readonly link: ClusterLink;
  /** The latest findings of a file (or of a live object's `cluster:` key). */
  findings(file: string): readonly Finding[];
  /** Every file's latest findings. */
  all(): ReadonlyMap<string, readonly Finding[]>;
  /** How many times the cache reported a change. */
  readonly updates: number;
  readonly log: readonly string[];
  close(): Promise<void>;
}

export async function liveWorkspace(options: {
  kubeconfig: string;
  context?: string;
  namespaces?: string[];
  files?: Record<string, string>;
  cacheDir?: string | null;
  watchTimeoutSeconds?: number;
}): Promise<LiveWorkspace> {
  const pool = new ClusterPool(0);
  const workspace = new Workspace({ config: DEFAULT_CONFIG });
  for (const [file, text] of Object.entries(options.files ?? {})) workspace.setFile(file, text);
  let latest = new Map<string, readonly Finding[]>();
  const analyze = (): void => {
    const result = workspace.analyze();
    const next = new Map(latest);
    for (const [file, list] of result.findings) {
      if (list.length === 0) next.delete(file);
      else next.set(file, list);
    }
    latest = next;
  };
  const log: string[] = [];
  let updates = 0;
  let link: ClusterLink | null = null;
  const settings = clusterSettingsFrom({ cluster: { kubeconfig: options.kubeconfig, ...(options.context ? { context: options.context } : {}), ...(options.namespaces ? { namespaces: options.namespaces } : {}) } });
  link = await openClusterLink(settings, watchedKinds(enabledRules(RULES)), {
    pool,
    cacheDir: options.cacheDir ?? null,
    log: (line) => log.push(line),
    tuning: { policy: TEST_BACKOFF, debounceMs: 10, ...(options.watchTimeoutSeconds ? { watchTimeoutSeconds: () => options.watchTimeoutSeconds! } : {}) },
  }, () => {
    updates++;
    if (link?.update(workspace, { gatewayApiChannel: DEFAULT_CONFIG.gatewayApiChannel })) analyze();
  });
  analyze();
  return {
    workspace,
    link,
    findings: (file) => latest.get(file) ?? [],
    all: () => latest,
    get updates() {
      return updates;
    },
    log,
    async close() {
      link?.dispose();
      await pool.dispose();
    },
  };
}

/** A bare ClusterCache on a kubeconfig's current context, with test timings. */
export async function startCache(kubeconfig: string, kinds: readonly Kind[], extra: Partial<ClusterCacheOptions> = {}): Promise<{ cache: ClusterCache; log: string[] }> {
  const target = await resolveTarget(kubeconfig, null);
  const log: string[] = [];
  const cache = new ClusterCache({
    context: target.context,
    transport: kubeTransport(target.kubeConfig, target.server),
    kinds,
    namespaces: 'all',
    policy: TEST_BACKOFF,
    debounceMs: 5,
    log: (line) => log.push(line),
    ...extra,
  });
  cache.start();
  return { cache, log };
}
