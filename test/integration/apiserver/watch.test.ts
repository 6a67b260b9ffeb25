/**
 * WATCH over HTTP: initial state, resumption from a resourceVersion, 410 after compaction,
 * bookmarks, timeouts, selector transitions, the streaming-list protocol, several watchers, and
 * watches that the test drops.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { connect } from 'node:net';
import { startApiServer, type ApiServer } from '../../apiserver/index';
import { client, openWatch } from './helpers';

const CM = '/api/v1/namespaces/default/configmaps';

function configMap(name: string, labels: Record<string, string> = {}, data: Record<string, string> = {}) {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, labels }, data };
}

describe('WATCH over HTTP', () => {
  let server: ApiServer;
  let c: ReturnType<typeof client>;
  before(async () => {
    server = await startApiServer({ bookmarkIntervalMs: 100 });
    c = client(server);
  });
  after(() => server.stop());

  test('without a resourceVersion: ADDED for existing objects, then changes in order', async () => {
    await c.post(CM, configMap('w-existing', { watch: 'one' }));
    const w = await openWatch(server, `${CM}?watch=1&labelSelector=watch%3Done`);
    assert.equal(w.status, 200);
    const [initial] = await w.take(1);
    assert.equal(initial.type, 'ADDED');
    assert.equal(initial.object.metadata.name, 'w-existing');
    assert.equal(initial.object.kind, 'ConfigMap');
    const created = (await c.post(CM, configMap('w-new', { watch: 'one' }))).body;
    await c.patch(`${CM}/w-new`, { data: { x: '1' } }, 'application/merge-patch+json');
    await c.delete(`${CM}/w-new`);
    const events = await w.take(3);
    assert.deepEqual(events.map((e) => e.type), ['ADDED', 'MODIFIED', 'DELETED']);
    assert.equal(events[0].object.metadata.resourceVersion, created.metadata.resourceVersion);
    const rvs = events.map((e) => Number(e.object.metadata.resourceVersion));
    assert.ok(rvs[0] < rvs[1] && rvs[1] < rvs[2], 'resourceVersions increase, the DELETED event has its own');
    w.close();
  });

  test('from a resourceVersion: replays what happened after it', async () => {
    const list = (await c.get(CM)).body;
    await c.post(CM, configMap('w-replay-1'));
    await c.post(CM, configMap('w-replay-2'));
    const w = await openWatch(server, `${CM}?watch=true&resourceVersion=${list.metadata.resourceVersion}`);
    const events = await w.take(2);
    assert.deepEqual(events.map((e) => `${e.type} ${e.object.metadata.name}`), ['ADDED w-replay-1', 'ADDED w-replay-2']);
    w.close();
  });

  test('from a compacted resourceVersion: one ERROR event with 410 Expired, then the stream ends', async () => {
    const old = server.controls.resourceVersion();
    await c.post(CM, configMap('w-compacted'));
    server.controls.compact();
    const w = await openWatch(server, `${CM}?watch=1&resourceVersion=${old}`);
    assert.equal(w.status, 200);
    const rest = await w.ended();
    assert.equal(rest.length, 1);
    assert.equal(rest[0].type, 'ERROR');
    assert.equal(rest[0].object.kind, 'Status');
    assert.equal(rest[0].object.code, 410);
    assert.equal(rest[0].object.reason, 'Expired');
  });

  test('bookmarks carry the current resourceVersion', async () => {
    const w = await openWatch(server, `${CM}?watch=1&resourceVersion=${server.controls.resourceVersion()}&allowWatchBookmarks=true`);
    const e = await w.next(2000);
    assert.equal(e?.type, 'BOOKMARK');
    assert.equal(e?.object.kind, 'ConfigMap');
    assert.equal(e?.object.apiVersion, 'v1');
    assert.equal(e?.object.metadata.resourceVersion, server.controls.resourceVersion());
    w.close();
  });

  test('timeoutSeconds ends the stream', async () => {
    const started = Date.now();
    const w = await openWatch(server, `${CM}?watch=1&resourceVersion=${server.controls.resourceVersion()}&timeoutSeconds=1`);
    await w.ended(3000);
    assert.ok(Date.now() - started >= 900);
  });

  test('objects entering and leaving a selector arrive as ADDED and DELETED', async () => {
    const w = await openWatch(server, `${CM}?watch=1&resourceVersion=${server.controls.resourceVersion()}&labelSelector=stage%3Dlive`);
    const cm = (await c.post(CM, configMap('w-mover', { stage: 'draft' }))).body;
    await c.patch(`${CM}/w-mover`, { metadata: { labels: { stage: 'live' } } }, 'application/merge-patch+json');
    const leave = (await c.patch(`${CM}/w-mover`, { metadata: { labels: { stage: 'gone' } } }, 'application/merge-patch+json')).body;
    const events = await w.take(2);
    assert.deepEqual(events.map((e) => e.type), ['ADDED', 'DELETED']);
    assert.equal(events[1].object.metadata.labels.stage, 'live', 'DELETED carries the last matching state');
    assert.equal(events[1].object.metadata.resourceVersion, leave.metadata.resourceVersion);
    assert.ok(cm);
    w.close();
  });

  test('sendInitialEvents streams the state, then a bookmark marking its end', async () => {
    await c.post(CM, configMap('w-initial', { initial: 'yes' }));
    const bad = await c.get(`${CM}?watch=1&sendInitialEvents=true`);
    assert.equal(bad.status, 422);
    const w = await openWatch(server, `${CM}?watch=1&labelSelector=initial%3Dyes&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true`);
    const [added, mark] = await w.take(2);
    assert.equal(added.type, 'ADDED');
    assert.equal(mark.type, 'BOOKMARK');
    assert.equal(mark.object.metadata.annotations['k8s.io/initial-events-end'], 'true');
    w.close();
  });

  test('a watch on one object by name', async () => {
    await c.post(CM, configMap('w-single'));
    await c.post(CM, configMap('w-other'));
    const w = await openWatch(server, `${CM}/w-single?watch=1`);
    const [first] = await w.take(1);
    assert.equal(first.object.metadata.name, 'w-single');
    await c.patch(`${CM}/w-other`, { data: { a: '1' } }, 'application/merge-patch+json');
    await c.patch(`${CM}/w-single`, { data: { a: '1' } }, 'application/merge-patch+json');
    const [second] = await w.take(1);
    assert.equal(second.object.metadata.name, 'w-single');
    w.close();
  });

  test('several watchers see the same events; custom resources in the version watched', async () => {
    const rv = server.controls.resourceVersion();
    const v1 = await openWatch(server, `/apis/networking.istio.io/v1/virtualservices?watch=1&resourceVersion=${rv}`);
    const beta = await openWatch(server, `/apis/networking.istio.io/v1beta1/namespaces/default/virtualservices?watch=1&resourceVersion=${rv}`);
    const third = await openWatch(server, `/apis/networking.istio.io/v1/virtualservices?watch=1&resourceVersion=${rv}`);
    await c.post('/apis/networking.istio.io/v1/namespaces/default/virtualservices', { apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name: 'fan' }, spec: { hosts: ['a'] } });
    const [a] = await v1.take(1);
    const [b] = await beta.take(1);
    const [d] = await third.take(1);
    assert.equal(a.object.apiVersion, 'networking.istio.io/v1');
    assert.equal(b.object.apiVersion, 'networking.istio.io/v1beta1');
    assert.deepEqual(a, d);
    for (const w of [v1, beta, third]) w.close();
  });

  test('Table watches (kubectl get -w) carry one-row tables', async () => {
    const w = await openWatch(server, `${CM}?watch=1&resourceVersion=${server.controls.resourceVersion()}`, { Accept: 'application/json;as=Table;v=v1;g=meta.k8s.io' });
    await c.post(CM, configMap('w-table'));
    const [e] = await w.take(1);
    assert.equal(e.object.kind, 'Table');
    assert.equal(e.object.rows[0].cells[0], 'w-table');
    w.close();
  });

  test('dropWatches ends open streams; the server forgets closed ones', async () => {
    const w = await openWatch(server, `${CM}?watch=1&resourceVersion=${server.controls.resourceVersion()}`);
    await new Promise((r) => setTimeout(r, 20));
    assert.ok(server.controls.openWatches() >= 1);
    assert.ok(server.controls.dropWatches({ path: '/configmaps' }) >= 1);
    await w.ended();
    assert.equal(server.controls.openWatches(), 0);
  });

  test('a watch from the future is 504; a bad resourceVersion 400', async () => {
    const future = await c.get(`${CM}?watch=1&resourceVersion=${Number(server.controls.resourceVersion()) + 50}`);
    assert.equal(future.status, 504);
    assert.equal((await c.get(`${CM}?watch=1&resourceVersion=abc`)).status, 400);
  });

  test('the old /watch/ path prefix is a watch too', async () => {
    const w = await openWatch(server, `/api/v1/watch/namespaces/default/configmaps?resourceVersion=${server.controls.resourceVersion()}`);
    await c.post(CM, configMap('w-prefix'));
    const [e] = await w.take(1);
    assert.equal(e.object.metadata.name, 'w-prefix');
    w.close();
  });
});

describe('a watcher that stops reading', () => {
  test('is disconnected once its unsent output passes watchBufferBytes', async () => {
    const server = await startApiServer({ watchBufferBytes: 64 * 1024 });
    try {
      const c = client(server, {}, true);
      // A raw socket that sends the request and never reads: the kernel buffers fill, then ours.
      const socket = connect(server.port, '127.0.0.1');
      await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
      socket.pause();
      socket.write(`GET ${CM}?watch=1&resourceVersion=${server.controls.resourceVersion()} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);
      await new Promise((r) => setTimeout(r, 50));
      assert.equal(server.controls.openWatches(), 1);
      const big = 'x'.repeat(8 * 1024);
      for (let i = 0; i < 2000 && server.controls.openWatches() > 0; i += 20) {
        await Promise.all(Array.from({ length: 20 }, (_, j) => c.post(CM, configMap(`flood-${i + j}`, {}, { big }))));
      }
      assert.equal(server.controls.openWatches(), 0, 'the slow watcher was cut off');
      socket.destroy();
    } finally {
      await server.stop();
    }
  });
});
