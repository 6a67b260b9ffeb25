/**
 * LIST over HTTP: label and field selectors, all-namespace lists, pagination with consistent
 * snapshots, resourceVersion semantics, 410 after compaction, and Table output.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startApiServer, type ApiServer } from '../../apiserver/index';
import { client } from './helpers';

function pod(name: string, namespace: string, labels: Record<string, string>) {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace, labels }, spec: { containers: [{ name: 'c', image: 'nginx' }] } };
}

const names = (body: { items: { metadata: { name: string } }[] }): string[] => body.items.map((i) => i.metadata.name);

describe('LIST over HTTP', () => {
  let server: ApiServer;
  let c: ReturnType<typeof client>;
  before(async () => {
    server = await startApiServer();
    c = client(server);
    server.controls.seed([
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } },
      pod('a', 'default', { app: 'web', tier: 'front', version: 'v1' }),
      pod('b', 'default', { app: 'web', tier: 'front', version: 'v2' }),
      pod('c', 'default', { app: 'db', tier: 'back' }),
      pod('d', 'shop', { app: 'web', version: 'v3' }),
      pod('e', 'shop', { app: 'cache' }),
    ]);
  });
  after(() => server.stop());

  const selectorRows: { name: string; query: string; want: string[] }[] = [
    { name: 'equality', query: 'labelSelector=app%3Dweb', want: ['a', 'b'] },
    { name: 'inequality', query: 'labelSelector=app!%3Dweb', want: ['c'] },
    { name: 'in', query: `labelSelector=${encodeURIComponent('version in (v1,v3)')}`, want: ['a'] },
    { name: 'notin', query: `labelSelector=${encodeURIComponent('version notin (v1)')}`, want: ['b', 'c'] },
    { name: 'exists', query: 'labelSelector=version', want: ['a', 'b'] },
    { name: 'does not exist', query: `labelSelector=${encodeURIComponent('!version')}`, want: ['c'] },
    { name: 'combined', query: `labelSelector=${encodeURIComponent('app=web,tier,version!=v1')}`, want: ['b'] },
    { name: 'field selector on name', query: 'fieldSelector=metadata.name%3Db', want: ['b'] },
    { name: 'field selector negated', query: 'fieldSelector=metadata.name!%3Db', want: ['a', 'c'] },
  ];
  for (const row of selectorRows) {
    test(`selects by ${row.name}`, async () => {
      const r = await c.get(`/api/v1/namespaces/default/pods?${row.query}`);
      assert.equal(r.status, 200, r.text);
      assert.deepEqual(names(r.body), row.want);
    });
  }

  test('lists across all namespaces, and by namespace field selector', async () => {
    assert.deepEqual(names((await c.get('/api/v1/pods')).body), ['a', 'b', 'c', 'd', 'e']);
    assert.deepEqual(names((await c.get('/api/v1/pods?labelSelector=app%3Dweb')).body), ['a', 'b', 'd']);
    assert.deepEqual(names((await c.get('/api/v1/pods?fieldSelector=metadata.namespace%3Dshop')).body), ['d', 'e']);
  });

  test('malformed selectors and unsupported fields are 400', async () => {
    for (const q of ['labelSelector=app%3D%3D%3D', `labelSelector=${encodeURIComponent('app in (a')}`, 'fieldSelector=spec.nodeName%3Dx']) {
      const r = await c.get(`/api/v1/pods?${q}`);
      assert.equal(r.status, 400, q);
      assert.equal(r.body.reason, 'BadRequest');
    }
  });

  test('pages with limit/continue form a consistent snapshot while objects change', async () => {
    const first = (await c.get('/api/v1/pods?limit=2')).body;
    assert.deepEqual(names(first), ['a', 'b']);
    assert.ok(first.metadata.continue);
    assert.equal(first.metadata.remainingItemCount, 3);
    // Changes after the first page must not show up in later pages.
    await c.delete('/api/v1/namespaces/shop/pods/d');
    await c.post('/api/v1/namespaces/shop/pods', pod('cc', 'shop', {}));
    const second = (await c.get(`/api/v1/pods?limit=2&continue=${first.metadata.continue}`)).body;
    assert.deepEqual(names(second), ['c', 'd']);
    assert.equal(second.metadata.resourceVersion, first.metadata.resourceVersion);
    const third = (await c.get(`/api/v1/pods?limit=2&continue=${second.metadata.continue}`)).body;
    assert.deepEqual(names(third), ['e']);
    assert.equal(third.metadata.continue, undefined);
    // A fresh list sees the changes.
    assert.deepEqual(names((await c.get('/api/v1/pods')).body), ['a', 'b', 'c', 'cc', 'e']);
  });

  test('a continue token from before a compaction is 410 Expired', async () => {
    const first = (await c.get('/api/v1/pods?limit=1')).body;
    await c.post('/api/v1/namespaces/default/pods', pod('z', 'default', {}));
    server.controls.compact();
    const r = await c.get(`/api/v1/pods?limit=1&continue=${first.metadata.continue}`);
    assert.equal(r.status, 410);
    assert.equal(r.body.reason, 'Expired');
    assert.equal((await c.get('/api/v1/pods?continue=garbage')).status, 400);
  });

  test('resourceVersion semantics: Exact reads the past, a future version is 504', async () => {
    const before = (await c.get('/api/v1/namespaces/default/pods')).body;
    await c.post('/api/v1/namespaces/default/pods', pod('late', 'default', {}));
    const exact = await c.get(`/api/v1/namespaces/default/pods?resourceVersion=${before.metadata.resourceVersion}&resourceVersionMatch=Exact`);
    assert.deepEqual(names(exact.body), names(before));
    const notOlder = await c.get(`/api/v1/namespaces/default/pods?resourceVersion=${before.metadata.resourceVersion}`);
    assert.ok(names(notOlder.body).includes('late'));
    const future = await c.get(`/api/v1/namespaces/default/pods?resourceVersion=${Number(server.controls.resourceVersion()) + 100}`);
    assert.equal(future.status, 504);
    assert.equal(future.body.details.causes[0].reason, 'ResourceVersionTooLarge');
    assert.equal((await c.get('/api/v1/pods?resourceVersionMatch=Exact')).status, 400);
  });

  test('Table output: columns and rows with object metadata', async () => {
    const r = await c.get('/api/v1/namespaces/default/pods?labelSelector=app%3Dweb', {
      headers: { Accept: 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json' },
    });
    assert.equal(r.body.kind, 'Table');
    assert.equal(r.body.apiVersion, 'meta.k8s.io/v1');
    assert.deepEqual(r.body.columnDefinitions.map((col: { name: string }) => col.name), ['Name', 'Ready', 'Status', 'Restarts', 'Age']);
    assert.deepEqual(r.body.rows.map((row: { cells: unknown[] }) => row.cells[0]), ['a', 'b']);
    assert.equal(r.body.rows[0].object.kind, 'PartialObjectMetadata');
    assert.equal(r.body.rows[0].object.metadata.name, 'a');
  });

  test('CRD printer columns are evaluated', async () => {
    await c.post('/apis/networking.istio.io/v1/namespaces/default/virtualservices', {
      apiVersion: 'networking.istio.io/v1',
      kind: 'VirtualService',
      metadata: { name: 'cols' },
      spec: { hosts: ['reviews'], gateways: ['mesh'] },
    });
    const r = await c.get('/apis/networking.istio.io/v1/namespaces/default/virtualservices', { headers: { Accept: 'application/json;as=Table;v=v1;g=meta.k8s.io' } });
    assert.deepEqual(r.body.columnDefinitions.map((col: { name: string }) => col.name), ['Name', 'Gateways', 'Hosts', 'Age']);
    assert.deepEqual(r.body.rows[0].cells.slice(0, 3), ['cols', '["mesh"]', '["reviews"]']);
  });

  test('PartialObjectMetadataList', async () => {
    const r = await c.get('/api/v1/namespaces/shop/pods', { headers: { Accept: 'application/json;as=PartialObjectMetadataList;v=v1;g=meta.k8s.io' } });
    assert.equal(r.body.kind, 'PartialObjectMetadataList');
    assert.equal(r.body.items[0].kind, 'PartialObjectMetadata');
  });
});
