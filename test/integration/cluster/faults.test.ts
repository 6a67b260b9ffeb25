/**
 * The fault suite: the cache against the API test server's injected failures — 5xx, 429 with
 * Retry-After, dropped watches, connection resets, a full outage window (reset, refused,
 * unavailable), and 410 Gone after compaction — plus bookmarks keeping a resumed watch current.
 * Every case ends with the cache holding exactly the server's state. Timing assertions poll
 * against deadlines; nothing passes by sleeping.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import type { ClusterCache } from '../../../server/src/cluster/cache';
import { startCluster, within, type TestCluster } from '../../support/cluster-harness';
import { liveWorkspace, startCache } from '../../support/live-workspace';

const SVC = 'core/Service';

describe('cluster faults', () => {
  let cluster: TestCluster;
  let serial = 0;
  const svc = (name: string) => ({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'shop' }, spec: { ports: [{ port: 80 }] } });
  const lists = (path: string) => cluster.controls!.requests().filter((r) => r.url.split('?')[0]!.endsWith(path) && !/watch=/.test(r.url)).length;
  /** Waits until the cache's watches are open on the server (a synced status comes just before). */
  const watching = (n = 1) => within(5000, `${n} open watches`, () => cluster.controls!.openWatches() >= n);
  const names = (cache: ClusterCache) => cache.snapshot().objects.filter((o) => o.value['kind'] === 'Service').map((o) => (o.value['metadata'] as { name: string }).name).sort();

  before(async () => {
    cluster = await startCluster({ testServer: true });
  });
  after(() => cluster?.stop());
  beforeEach(async () => {
    await cluster.controls!.restore();
    cluster.controls!.allowAll();
    cluster.controls!.clearRequests();
  });

  test('5xx on list and watch: retried with backoff until it works', async () => {
    cluster.controls!.seed([svc(`a${++serial}`)]);
    cluster.controls!.failNext(3, { status: 503, path: '/services' });
    const { cache, log } = await startCache(cluster.kubeconfigPath, [SVC]);
    try {
      await within(10_000, 'sync after three 503s', () => cache.status().state === 'synced');
      assert.ok(log.some((l) => /answered 503 Service Unavailable to list services/.test(l)), log.join('\n'));
      assert.match(cache.status().lastProblem?.text ?? '', /503/);
      await watching();
      cluster.controls!.failNext(2, { status: 500, path: /watch=/ });
      cluster.controls!.dropWatches();
      cluster.controls!.seed([svc(`after-500-${serial}`)]);
      await within(10_000, 'the new Service after 500s on the watch', () => names(cache).includes(`after-500-${serial}`));
    } finally {
      await cache.stop();
    }
  });

  test('429 with Retry-After: the next attempt waits as long as the server asked', async () => {
    cluster.controls!.failNext(1, { status: 429, retryAfterSeconds: 1, path: '/services' });
    const started = performance.now();
    const { cache } = await startCache(cluster.kubeconfigPath, [SVC]);
    try {
      await within(3000, 'the throttling to show', () => /throttling requests \(429 Too Many Requests\); retrying after 1 s/.test(cache.status().message));
      await within(5000, 'sync after the Retry-After', () => cache.status().state === 'synced');
      // Our own backoff would have retried after ~20 ms.
      assert.ok(performance.now() - started >= 950, `synced after ${Math.round(performance.now() - started)} ms`);
    } finally {
      await cache.stop();
    }
  });

  test('dropped watches resume from the last resourceVersion without listing again', async () => {
    const { cache } = await startCache(cluster.kubeconfigPath, [SVC]);
    try {
      await within(5000, 'sync', () => cache.status().state === 'synced');
      const before = lists('/services');
      for (let i = 0; i < 3; i++) {
        await watching();
        assert.ok(cluster.controls!.dropWatches({ path: '/services' }) >= 1);
        cluster.controls!.seed([svc(`dropped-${++serial}`)]);
        await within(5000, 'the Service written after the drop', () => names(cache).includes(`dropped-${serial}`));
      }
      assert.equal(lists('/services'), before, 'no relist: the watch resumed');
    } finally {
      await cache.stop();
    }
  });

  test('connection resets on list and watch', async () => {
    cluster.controls!.resetNext(2, { path: '/services' });
    const { cache, log } = await startCache(cluster.kubeconfigPath, [SVC]);
    try {
      await within(5000, 'sync after resets', () => cache.status().state === 'synced');
      assert.ok(log.some((l) => /connection to 127\.0\.0\.1:\d+ was reset/.test(l)), log.join('\n'));
      await watching();
      cluster.controls!.resetNext(2, { path: /watch=/ });
      cluster.controls!.dropWatches();
      cluster.controls!.seed([svc(`reset-${++serial}`)]);
      await within(5000, 'the Service after watch resets', () => names(cache).includes(`reset-${serial}`));
    } finally {
      await cache.stop();
    }
  });

  for (const mode of ['refuse', 'reset', 'unavailable'] as const) {
    test(`outage window (${mode}): offline with the reason, files still checked, reconnects on its own`, async () => {
      const live = await liveWorkspace({
        kubeconfig: cluster.kubeconfigPath,
        files: { 'file:///w/vs.yaml': 'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: vs\n  namespace: shop\nspec:\n  hosts: [vs]\n  http:\n  - route:\n    - destination:\n        host: missing\n' },
      });
      try {
        await within(10_000, 'sync', () => live.link.status().state === 'synced');
        const findingsBefore = live.findings('file:///w/vs.yaml').map((f) => f.code);
        assert.ok(findingsBefore.includes('IST0101'));
        await cluster.controls!.outage(mode);
        const reason = mode === 'refuse' ? /connection refused by 127\.0\.0\.1:\d+/ : mode === 'reset' ? /was reset/ : /503 Service Unavailable/;
        await within(10_000, `offline with the reason (${mode})`, () => live.link.status().state === 'offline' && reason.test(live.link.status().message));
        assert.match(live.link.status().message, /files are checked against its last known state/);
        // Analysis goes on: an edit during the outage is checked, with the last known cluster state.
        live.workspace.setFile('file:///w/vs.yaml', 'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: vs\n  namespace: shop\nspec:\n  hosts: [vs]\n  http:\n  - route:\n    - destination:\n        host: still-missing\n');
        const during = live.workspace.analyze().findings.get('file:///w/vs.yaml') ?? [];
        assert.match(during.find((f) => f.code === 'IST0101')?.message ?? '', /"still-missing"/);
        // Changes made while the cluster was unreachable arrive once it is back.
        cluster.controls!.seed([svc('still-missing')]);
        await cluster.controls!.restore();
        await within(10_000, 'back in sync', () => live.link.status().state === 'synced');
        await within(5000, 'the Service created during the outage', () => !(live.findings('file:///w/vs.yaml').some((f) => f.code === 'IST0101')));
      } finally {
        await live.close();
        await cluster.remove(svc('still-missing')).catch(() => undefined);
      }
    });
  }

  test('410 Gone after compaction: the cache lists again and converges', async () => {
    const { cache, log } = await startCache(cluster.kubeconfigPath, [SVC]);
    try {
      await within(5000, 'sync', () => cache.status().state === 'synced');
      await watching();
      const before = lists('/services');
      // Hold the re-connection back while a write happens and the history is compacted.
      cluster.controls!.setLatency(300, { path: /watch=/ });
      cluster.controls!.dropWatches();
      cluster.controls!.seed([svc(`gone-${++serial}`)]);
      cluster.controls!.compact();
      await within(10_000, 'the Service after the relist', () => names(cache).includes(`gone-${serial}`));
      cluster.controls!.setLatency(0);
      assert.ok(lists('/services') > before, 'listed again');
      assert.ok(log.some((l) => /expired, listing again/.test(l)), log.join('\n'));
    } finally {
      await cache.stop();
    }
  });

  test('bookmarks keep a quiet watch current, so a resume after heavy unrelated traffic needs no relist', async () => {
    cluster.controls!.setHistoryLimit(50);
    cluster.controls!.setBookmarkInterval(50);
    const { cache } = await startCache(cluster.kubeconfigPath, [SVC]);
    try {
      await within(5000, 'sync', () => cache.status().state === 'synced');
      await watching();
      const before = lists('/services');
      // 200 writes to a kind nobody watches push every Service event out of the history.
      cluster.controls!.seed(Array.from({ length: 200 }, (_, i) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `noise-${serial}-${i}`, namespace: 'shop' }, data: { i: String(i) } })));
      const rv = Number(cluster.controls!.resourceVersion());
      await within(5000, 'a bookmark to carry the Services watch to the current revision', () => cache.resumePoints(SVC).every((p) => Number(p) >= rv));
      await watching();
      assert.equal(cluster.controls!.dropWatches({ path: '/services' }), 1);
      cluster.controls!.seed([svc(`bookmarked-${++serial}`)]);
      await within(5000, 'the new Service', () => names(cache).includes(`bookmarked-${serial}`));
      assert.equal(lists('/services'), before, 'resumed from the bookmark without a 410 relist');
    } finally {
      cluster.controls!.setHistoryLimit(10_000);
      cluster.controls!.setBookmarkInterval(60_000);
      await cache.stop();
    }
  });
});
