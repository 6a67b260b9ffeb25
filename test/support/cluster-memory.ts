/**
 * How much memory the cluster cache takes for N live objects: the figure behind "10,000 live
 * objects are watched with bounded memory". Callable from tests (test/integration/cluster/
 * capacity.test.ts) and from the benchmark (bench/cluster-memory.mjs).
 *
 *   the API test server runs in a child process (apiserver-process.ts), so only our side counts
 *   1. seed N VirtualServices; full GC; heap baseline (client-node already loaded)
 *   2. start a ClusterCache on that kind; wait until it holds N objects   -> syncMs
 *   3. full GC; heap - baseline                                            -> cacheBytes
 *   4. hand the snapshot to a Workspace (the resource index over it)      -> withIndexBytes
 *   5. churn: every object modified once through the watch; full GC      -> afterChurnBytes
 *   6. relist: watches cut and history compacted (410); full GC           -> afterRelistBytes
 *
 * Bounded means steps 5 and 6 end where step 4 did: replaced objects are released, nothing piles
 * up per event, and a relist swaps the state instead of doubling it.
 */
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { DEFAULT_CONFIG } from '../../server/src/analysis/config';
import { Workspace } from '../../server/src/analysis/workspace';
import { ClusterCache } from '../../server/src/cluster/cache';
import { clientNode } from '../../server/src/cluster/client-node';
import { resolveTarget } from '../../server/src/cluster/kubeconfig';
import { kubeTransport } from '../../server/src/cluster/transport';

export interface ClusterMemoryFigure {
  readonly objects: number;
  /** From starting the cache to holding every object. */
  readonly syncMs: number;
  /** Heap retained by the cache (projected objects, stores, reflectors). */
  readonly cacheBytes: number;
  readonly bytesPerObject: number;
  /** Cache plus a Workspace's resource index over the same objects. */
  readonly withIndexBytes: number;
  /** After every object was modified once (events through the watch). */
  readonly afterChurnBytes: number;
  /** After a 410-forced relist of everything. */
  readonly afterRelistBytes: number;
  /** Milliseconds from the churn's last write to the cache holding every change. */
  readonly churnCatchUpMs: number;
  /** Process RSS at the end (includes the runtime and loaded code). */
  readonly rssBytes: number;
}

function collect(): void {
  setFlagsFromString('--expose_gc');
  const gc = runInNewContext('gc') as (() => void) | undefined;
  // Twice: the first pass may only queue finalisation of what the second frees.
  gc?.();
  gc?.();
}

function heap(): number {
  collect();
  return process.memoryUsage().heapUsed;
}

async function until(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`cluster memory: timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** The child server, with a promise per request. */
function child(): { call: (op: string, args?: Record<string, unknown>) => Promise<Record<string, unknown>>; process: ChildProcess } {
  const proc = fork(path.join(__dirname, 'apiserver-process.js'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv: [] });
  let id = 0;
  const waiting = new Map<number, { resolve: (v: Record<string, unknown>) => void; reject: (e: Error) => void }>();
  proc.on('message', (m: { id: number; result?: Record<string, unknown>; error?: string }) => {
    const w = waiting.get(m.id);
    waiting.delete(m.id);
    if (m.error !== undefined) w?.reject(new Error(m.error));
    else w?.resolve(m.result ?? {});
  });
  return {
    process: proc,
    call: (op, args = {}) => new Promise((resolve, reject) => {
      const n = ++id;
      waiting.set(n, { resolve, reject });
      proc.send({ id: n, op, ...args });
    }),
  };
}

/** What the server does on a cache change; no reference to the snapshot outlives the call. */
function handOver(cache: ClusterCache, workspace: Workspace): void {
  const snapshot = cache.snapshot();
  workspace.setCluster(snapshot.context, snapshot.objects, snapshot.listedKinds);
}

export async function measureClusterMemory(options: { objects?: number; timeoutMs?: number } = {}): Promise<ClusterMemoryFigure> {
  const objects = options.objects ?? 10_000;
  const timeoutMs = options.timeoutMs ?? 120_000;
  const server = child();
  let cache: ClusterCache | null = null;
  try {
    const { kubeconfigPath } = await server.call('start') as { kubeconfigPath: string };
    await server.call('seed', { count: objects });
    await clientNode();
    const target = await resolveTarget(kubeconfigPath, null);
    const baseline = heap();

    let relists = 0;
    const started = performance.now();
    cache = new ClusterCache({
      log: (line) => {
        if (/expired, listing again/.test(line)) relists++;
      },
      context: target.context,
      transport: kubeTransport(target.kubeConfig, target.server),
      kinds: ['networking.istio.io/VirtualService'],
      namespaces: 'all',
      debounceMs: 50,
    });
    cache.start();
    const c = cache;
    await until(() => c.objectCount === objects && c.status().state === 'synced', timeoutMs, `${objects} objects`);
    const syncMs = performance.now() - started;
    const cacheBytes = heap() - baseline;

    const workspace = new Workspace({ config: DEFAULT_CONFIG, validator: null });
    handOver(c, workspace);
    const withIndexBytes = heap() - baseline;

    const rev = (v: string) => () => c.snapshot().objects.every((o) => ((o.value['metadata'] as { labels?: Record<string, string> }).labels?.['rev']) === v);
    await server.call('touch', { count: objects, value: '1' });
    const churnStarted = performance.now();
    await until(rev('1'), timeoutMs, 'every modification');
    const churnCatchUpMs = performance.now() - churnStarted;
    handOver(c, workspace);
    const afterChurnBytes = heap() - baseline;

    await server.call('relist');
    await until(() => relists > 0 && c.resumePoints('networking.istio.io/VirtualService').every((p) => p !== null) && c.status().state === 'synced' && c.objectCount === objects, timeoutMs, 'the relist after 410');
    handOver(c, workspace);
    const afterRelistBytes = heap() - baseline;
    // Keep the workspace alive until here so the measurements include it.
    if (workspace.index.ofKind('networking.istio.io/VirtualService').length !== objects) throw new Error('the index lost objects');

    return {
      objects, syncMs, cacheBytes, bytesPerObject: cacheBytes / objects, withIndexBytes, afterChurnBytes, afterRelistBytes, churnCatchUpMs,
      rssBytes: process.memoryUsage().rss,
    };
  } finally {
    await cache?.stop();
    await server.call('stop').catch(() => undefined);
    server.process.kill();
  }
}
