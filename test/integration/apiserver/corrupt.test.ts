/**
 * Corrupted answers from the test server (corrupt.ts): a rule counts down like the other faults,
 * body corruptions hit plain requests and stream corruptions watches, error answers pass
 * unchanged, a random rule is reproducible from its seed, and every corruption really changes
 * what a client receives (the harmless ones keep the content).
 */
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';
import { BODY_CORRUPTIONS, HARMLESS, STREAM_CORRUPTIONS, startApiServer, type ApiServer } from '../../apiserver/index';

const CM = '/api/v1/namespaces/default/configmaps';

describe('corrupted answers', () => {
  let server: ApiServer;
  const get = async (path: string) => {
    const res = await fetch(server.url + path);
    return { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text() };
  };
  /** The first line of a watch that carries one event, written after it opens. */
  const firstLine = async (): Promise<string> => {
    const rv = server.controls.resourceVersion();
    const res = await fetch(`${server.url}${CM}?watch=1&resourceVersion=${rv}`);
    server.controls.seed([{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `cm-${Date.now()}-${Math.random().toString(36).slice(2)}`, namespace: 'default' } }]);
    const reader = res.body!.getReader();
    let text = '';
    while (!text.includes('\n')) {
      const { value, done } = await reader.read();
      if (done) break;
      text += Buffer.from(value).toString('utf8');
    }
    await reader.cancel();
    return text.split('\n')[0]!;
  };

  before(async () => {
    server = await startApiServer({ objects: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'one', namespace: 'default' }, data: { a: '1' } }] });
  });
  afterEach(() => server.controls.restore());
  after(() => server.stop());

  test('a rule counts down, and only matching requests of its family are corrupted', async () => {
    const clean = await get(CM);
    server.controls.corruptNext(2, { path: '/configmaps', kind: 'invalid-json' });
    server.controls.clearRequests();
    const other = (await get('/api/v1/namespaces/default/secrets')).text;
    assert.doesNotThrow(() => JSON.parse(other), 'another path is not corrupted');
    assert.notEqual((await get(CM)).text, clean.text);
    assert.equal(server.controls.pendingFaults().corruptions, 1);
    assert.notEqual((await get(CM)).text, clean.text);
    assert.equal((await get(CM)).text, clean.text);
    assert.deepEqual(server.controls.corruptions().map((c) => c.kind), ['invalid-json', 'invalid-json']);
  });

  test('error answers pass unchanged', async () => {
    server.controls.clearRequests();
    server.controls.corruptNext(1, { kind: 'truncated-body' });
    const missing = await get(`${CM}/nope`);
    assert.equal(missing.status, 404);
    assert.equal((JSON.parse(missing.text) as { reason: string }).reason, 'NotFound');
    assert.deepEqual(server.controls.corruptions(), []);
  });

  for (const kind of BODY_CORRUPTIONS) {
    test(`body: ${kind}`, async () => {
      const clean = await get(CM);
      server.controls.corruptNext(1, { path: '/configmaps', kind });
      const got = await get(CM);
      assert.equal(got.status, 200);
      if (kind === 'wrong-content-type') {
        assert.equal(got.text, clean.text);
        assert.match(got.type, /^text\/plain/);
      } else {
        assert.notEqual(got.text, clean.text);
      }
      if (HARMLESS.has(kind)) assert.deepEqual((JSON.parse(got.text) as { items: { metadata: unknown }[] }).items.map((i) => i.metadata), (JSON.parse(clean.text) as { items: { metadata: unknown }[] }).items.map((i) => i.metadata));
    });
  }

  for (const kind of STREAM_CORRUPTIONS) {
    test(`watch: ${kind}`, async () => {
      server.controls.corruptNext(1, { path: '/configmaps', kind });
      const line = await firstLine();
      assert.equal(server.controls.corruptions().at(-1)?.kind, kind);
      let event: unknown;
      try {
        event = JSON.parse(line);
      } catch {
        return; // Not JSON at all: corrupted.
      }
      const e = event as { type?: unknown; object?: { metadata?: { name?: unknown; resourceVersion?: unknown } } };
      const wellFormed = !Array.isArray(event) && e.type === 'ADDED' && typeof e.object === 'object' && typeof e.object?.metadata?.name === 'string'
        && (e.object.metadata.name as string).length < 253 && typeof e.object.metadata.resourceVersion === 'string';
      assert.equal(wellFormed, false, line.slice(0, 200));
    });
  }

  test('a random rule picks from its family, the same picks for the same seed', async () => {
    const picks = async (): Promise<string[]> => {
      server.controls.clearRequests();
      server.controls.corruptNext(5, { path: '/configmaps', kind: 'random', seed: 7 });
      for (let i = 0; i < 5; i++) await get(CM);
      server.controls.corruptNext(1, { path: '/configmaps', kind: 'random', seed: 7 });
      await firstLine();
      return server.controls.corruptions().map((c) => c.kind);
    };
    const first = await picks();
    assert.deepEqual(await picks(), first);
    assert.ok(first.slice(0, 5).every((k) => (BODY_CORRUPTIONS as readonly string[]).includes(k)));
    assert.ok((STREAM_CORRUPTIONS as readonly string[]).includes(first[5]!));
  });
});
