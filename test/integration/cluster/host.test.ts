/**
 * The language server's cluster host: folders attach with their settings, share one cache when
 * they name the same cluster, hear about changes, publish their status, and keep the findings on
 * live objects that have no file. Disabled and misconfigured settings say why in the status.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { DEFAULT_CONFIG } from '../../../server/src/analysis/config';
import { Workspace } from '../../../server/src/analysis/workspace';
import { ClusterHost } from '../../../server/src/cluster/host';
import type { ClusterStatusParams } from '../../../server/src/protocol';
import { startCluster, within, type TestCluster } from '../../support/cluster-harness';
import { TEST_BACKOFF } from '../../support/live-workspace';

describe('cluster host', () => {
  let cluster: TestCluster;
  let host: ClusterHost;
  /** Whether the cluster has Istio's CRDs (a real cluster may not). */
  let istio = false;
  const statuses: ClusterStatusParams[] = [];
  const changed: (string | null)[] = [];
  const home = mkdtempSync(path.join(tmpdir(), 'no-kube-home-'));

  before(async () => {
    cluster = await startCluster();
    istio = await cluster.serves('networking.istio.io/v1', 'VirtualService');
    if (istio) await cluster.create([{ apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name: 'live-only' }, spec: { hosts: ['x'], http: [{ route: [{ destination: { host: 'nowhere' } }] }] } }]);
    host = new ClusterHost({
      cacheDir: null,
      log: () => undefined,
      onChange: (folder) => changed.push(folder),
      onStatus: (s) => statuses.push(s),
      env: { HOME: home },
      tuning: { policy: TEST_BACKOFF, debounceMs: 10 },
    });
  });
  after(async () => {
    await host?.dispose();
    await cluster?.stop();
    rmSync(home, { recursive: true, force: true });
  });

  test('two folders on one cluster share a cache, hear changes and report status', async () => {
    const settings = { cluster: { kubeconfig: cluster.kubeconfigPath } };
    const a = new Workspace({ config: DEFAULT_CONFIG });
    const b = new Workspace({ config: DEFAULT_CONFIG });
    const fa = await host.attach('file:///a', settings, DEFAULT_CONFIG, a);
    const fb = await host.attach('file:///b', settings, DEFAULT_CONFIG, b);
    assert.equal(fa.link.cache, fb.link.cache, 'one cache for both folders');
    await within(10_000, 'both folders synced', () => ['file:///a', 'file:///b'].every((f) => statuses.some((s) => s.folder === f && s.state === 'synced')));
    const last = statuses.filter((s) => s.folder === 'file:///a').at(-1)!;
    assert.equal(last.context, cluster.context);
    assert.match(last.message, new RegExp(`Synced with cluster "${cluster.context}"`));
    assert.ok(changed.includes('file:///a') && changed.includes('file:///b'));
    // The server runs update() when told of a change, then analyses; results feed the live
    // findings it answers ClusterFindingsRequest with.
    fa.update();
    fb.update();
    assert.equal(host.of('file:///a'), fa);
    fa.analyzed(a.analyze().findings);
    fb.analyzed(b.analyze().findings);
    if (istio) {
      const mine = host.liveFindings('file:///a').filter((f) => f.resource.name === 'live-only');
      assert.deepEqual(mine.map((f) => [f.folder, f.code, f.resource.kind]), [['file:///a', 'IST0101', 'VirtualService']]);
      assert.equal(host.liveFindings().filter((f) => f.resource.name === 'live-only').length, 2);
    }
    host.detach(fa);
    host.detach(fb);
    assert.deepEqual(host.liveFindings(), []);
  });

  test('disabled, no kubeconfig, unknown context: the status says why', async () => {
    const ws = new Workspace({ config: DEFAULT_CONFIG });
    const off = await host.attach('file:///off', { cluster: { enabled: false } }, DEFAULT_CONFIG, ws);
    assert.equal(off.status().state, 'disabled');
    assert.match(off.status().message, /meshLifecycle\.cluster\.enabled/);
    const none = await host.attach('file:///none', {}, DEFAULT_CONFIG, ws);
    assert.equal(none.status().state, 'disabled');
    assert.match(none.status().message, /No kubeconfig found/);
    const wrong = await host.attach('file:///wrong', { cluster: { kubeconfig: cluster.kubeconfigPath, context: 'nope' } }, DEFAULT_CONFIG, ws);
    assert.equal(wrong.status().state, 'error');
    assert.match(wrong.status().message, /has no context "nope"; it has: apiserver-test|has no context "nope"/);
    for (const f of [off, none, wrong]) host.detach(f);
  });
});
