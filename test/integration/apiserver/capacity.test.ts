/**
 * Capacity: 10,000 objects in memory, lists and pages over them, and several watchers following a
 * burst of writes. The numbers are reported as test diagnostics; the assertions are generous
 * bounds that catch regressions by an order of magnitude, not benchmarks.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { startApiServer, type ApiServer, type KubeObject } from '../../apiserver/index';
import { client, openWatch } from './helpers';

/** A full garbage collection, if the runtime lets us ask for one (it does via the V8 flag). */
function collect(): void {
  setFlagsFromString('--expose_gc');
  const gc = runInNewContext('gc') as (() => void) | undefined;
  gc?.();
}

function heapMb(): number {
  collect();
  return process.memoryUsage().heapUsed / 1024 / 1024;
}

function virtualService(i: number): KubeObject {
  return {
    apiVersion: 'networking.istio.io/v1',
    kind: 'VirtualService',
    metadata: { name: `vs-${String(i).padStart(5, '0')}`, namespace: `team-${i % 10}`, labels: { app: `app-${i % 100}`, shard: String(i % 7) } },
    spec: {
      hosts: [`svc-${i}.team-${i % 10}.svc.cluster.local`],
      http: [{ route: [{ destination: { host: `svc-${i}`, subset: 'stable' }, weight: 90 }, { destination: { host: `svc-${i}`, subset: 'canary' }, weight: 10 }] }],
    },
  };
}

const N = 10_000;
const VS = '/apis/networking.istio.io/v1';

describe('capacity', () => {
  let server: ApiServer;
  let c: ReturnType<typeof client>;
  let baseline = 0;
  before(async () => {
    server = await startApiServer();
    c = client(server, {}, true);
    server.controls.seed(Array.from({ length: 10 }, (_, i) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: `team-${i}` } })));
    baseline = heapMb();
  });
  after(() => server.stop());

  test(`holds ${N} objects`, (t) => {
    const started = Date.now();
    server.controls.seed(Array.from({ length: N }, (_, i) => virtualService(i)));
    const seconds = (Date.now() - started) / 1000;
    const grown = heapMb() - baseline;
    t.diagnostic(`seeded ${N} VirtualServices through admission in ${seconds.toFixed(2)} s; heap grew by ${grown.toFixed(1)} MB (${((grown * 1024) / N).toFixed(2)} KB per object, history included)`);
    assert.ok(grown < 200, `heap growth ${grown.toFixed(1)} MB`);
    assert.ok(seconds < 20);
  });

  test('lists all of them at once, by namespace and by label, and in consistent pages', async (t) => {
    let started = Date.now();
    const all = await c.get(`${VS}/virtualservices`);
    const fullMs = Date.now() - started;
    assert.equal(all.body.items.length, N);
    const bytes = all.text.length;
    const ns = await c.get(`${VS}/namespaces/team-3/virtualservices`);
    assert.equal(ns.body.items.length, N / 10);
    const labelled = await c.get(`${VS}/virtualservices?labelSelector=${encodeURIComponent('app in (app-1,app-2),shard!=3')}`);
    assert.ok(labelled.body.items.length > 0 && labelled.body.items.length < 200);

    started = Date.now();
    let token = '';
    let seen = 0;
    let pages = 0;
    const rv = all.body.metadata.resourceVersion;
    do {
      const page = await c.get(`${VS}/virtualservices?limit=500${token ? `&continue=${token}` : ''}`);
      assert.equal(page.status, 200);
      if (pages === 0) await c.delete(`${VS}/namespaces/team-0/virtualservices/vs-09990`);
      seen += page.body.items.length;
      token = page.body.metadata.continue ?? '';
      pages++;
    } while (token);
    const pagedMs = Date.now() - started;
    assert.equal(seen, N, 'a delete during paging does not change the snapshot');
    assert.equal(pages, N / 500);
    t.diagnostic(`LIST of ${N}: ${fullMs} ms, ${(bytes / 1024 / 1024).toFixed(1)} MB of JSON; ${pages} pages of 500 in ${pagedMs} ms (from revision ${rv})`);
    assert.ok(fullMs < 5000 && pagedMs < 10000);
  });

  test('five watchers each see a burst of 1,000 writes', async (t) => {
    const rv = server.controls.resourceVersion();
    const watchers = await Promise.all(Array.from({ length: 5 }, () => openWatch(server, `${VS}/virtualservices?watch=1&resourceVersion=${rv}`)));
    const started = Date.now();
    for (let i = 0; i < 1000; i += 50) {
      await Promise.all(
        Array.from({ length: 50 }, (_, j) => {
          const n = i + j;
          return c.patch(`${VS}/namespaces/team-${n % 10}/virtualservices/vs-${String(n).padStart(5, '0')}`, { metadata: { labels: { touched: 'yes' } } }, 'application/merge-patch+json');
        }),
      );
    }
    const writesMs = Date.now() - started;
    const received = await Promise.all(watchers.map((w) => w.take(1000, 20_000)));
    const totalMs = Date.now() - started;
    for (const events of received) {
      assert.equal(events.length, 1000);
      assert.ok(events.every((e) => e.type === 'MODIFIED'));
      const rvs = events.map((e) => Number(e.object.metadata.resourceVersion));
      assert.ok(rvs.every((v, i) => i === 0 || v > rvs[i - 1]), 'in commit order');
    }
    for (const w of watchers) w.close();
    t.diagnostic(`1,000 patches over HTTP in ${writesMs} ms; all 5 watchers had all 5,000 events after ${totalMs} ms`);
    assert.ok(totalMs < 30_000);
  });

  test('the event history stays bounded', async () => {
    // The default history is 10,000 events; the seeding alone wrote more, so old revisions are gone.
    const r = await c.get(`${VS}/virtualservices?watch=1&resourceVersion=2`);
    assert.equal(r.status, 200);
    assert.match(r.text, /"reason":"Expired"/);
  });
});
