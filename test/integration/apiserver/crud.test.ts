/**
 * Create, read, update and delete over HTTP: system metadata, optimistic concurrency, Status
 * errors, generateName, namespaces, finalizers, dry runs and version conversion.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startApiServer, type ApiServer } from '../../apiserver/index';
import { client } from './helpers';

const CM = '/api/v1/namespaces/default/configmaps';
const VS = '/apis/networking.istio.io/v1/namespaces/default/virtualservices';
const FM = '?fieldManager=crud-test';

function configMap(name: string, data: Record<string, string> = { a: '1' }, extra: Record<string, unknown> = {}) {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, ...extra }, data };
}

function virtualService(name: string, hosts: string[] = ['reviews']) {
  return { apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name }, spec: { hosts } };
}

describe('CRUD over HTTP', () => {
  let server: ApiServer;
  let c: ReturnType<typeof client>;
  before(async () => {
    server = await startApiServer();
    c = client(server);
  });
  after(() => server.stop());

  test('create answers 201 with uid, creationTimestamp, resourceVersion and managedFields', async () => {
    const r = await c.post(CM + FM, configMap('created'));
    assert.equal(r.status, 201);
    const m = r.body.metadata;
    assert.match(m.uid, /^[0-9a-f-]{36}$/);
    assert.match(m.creationTimestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.match(m.resourceVersion, /^\d+$/);
    assert.equal(m.generation, undefined, 'ConfigMaps have no generation');
    assert.equal(m.namespace, 'default');
    assert.equal(m.managedFields[0].manager, 'crud-test');
    assert.equal(m.managedFields[0].operation, 'Update');
    assert.deepEqual(m.managedFields[0].fieldsV1, { 'f:data': { '.': {}, 'f:a': {} } });
    const again = await c.get(`${CM}/created`);
    assert.equal(again.status, 200);
    assert.deepEqual(again.body, r.body);
  });

  test('a taken name is 409 AlreadyExists, a missing object 404 NotFound, both as Status objects', async () => {
    await c.post(CM, configMap('taken'));
    const dup = await c.post(CM, configMap('taken'));
    assert.equal(dup.status, 409);
    assert.deepEqual(dup.body, {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'configmaps "taken" already exists',
      reason: 'AlreadyExists',
      details: { name: 'taken', group: '', kind: 'configmaps' },
      code: 409,
    });
    const missing = await c.get(`${VS}/nope`);
    assert.equal(missing.status, 404);
    assert.equal(missing.body.reason, 'NotFound');
    assert.equal(missing.body.message, 'virtualservices.networking.istio.io "nope" not found');
    assert.deepEqual(missing.body.details, { name: 'nope', group: 'networking.istio.io', kind: 'virtualservices' });
  });

  test('generateName appends five random characters', async () => {
    const r = await c.post(CM, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { generateName: 'gen-' } });
    assert.equal(r.status, 201);
    assert.match(r.body.metadata.name, /^gen-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
  });

  test('update with a stale resourceVersion is 409 Conflict; with the current one it succeeds and bumps it', async () => {
    const created = (await c.post(CM, configMap('cas'))).body;
    const ok = await c.put(`${CM}/cas`, { ...created, data: { a: '2' } });
    assert.equal(ok.status, 200);
    assert.ok(Number(ok.body.metadata.resourceVersion) > Number(created.metadata.resourceVersion));
    const stale = await c.put(`${CM}/cas`, { ...created, data: { a: '3' } });
    assert.equal(stale.status, 409);
    assert.equal(stale.body.reason, 'Conflict');
    assert.match(stale.body.message, /^Operation cannot be fulfilled on configmaps "cas": the object has been modified/);
    const unconditional = await c.put(`${CM}/cas`, { ...configMap('cas'), data: { a: '4' } });
    assert.equal(unconditional.status, 200, 'a PUT without resourceVersion is unconditional');
  });

  test('an update that changes nothing does not write', async () => {
    const created = (await c.post(CM, configMap('noop'))).body;
    const same = await c.put(`${CM}/noop`, created);
    assert.equal(same.status, 200);
    assert.equal(same.body.metadata.resourceVersion, created.metadata.resourceVersion);
  });

  test('generation starts at 1 and bumps on spec changes only (custom resources, Deployments)', async () => {
    const created = (await c.post(VS, virtualService('gen'))).body;
    assert.equal(created.metadata.generation, 1);
    const labelled = (await c.put(`${VS}/gen`, { ...created, metadata: { ...created.metadata, labels: { a: 'b' } } })).body;
    assert.equal(labelled.metadata.generation, 1);
    const changed = (await c.put(`${VS}/gen`, { ...labelled, spec: { hosts: ['other'] } })).body;
    assert.equal(changed.metadata.generation, 2);
  });

  test('name and namespace must agree with the URL', async () => {
    const created = (await c.post(CM, configMap('url'))).body;
    const renamed = await c.put(`${CM}/url`, { ...created, metadata: { ...created.metadata, name: 'other' } });
    assert.equal(renamed.status, 400);
    const moved = await c.post(CM, configMap('x', {}, { namespace: 'kube-system' }));
    assert.equal(moved.status, 400);
    assert.match(moved.body.message, /namespace of the provided object does not match/);
  });

  test('kind and apiVersion must match the endpoint', async () => {
    const r = await c.post(CM, { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'k' } });
    assert.equal(r.status, 400);
    const defaulted = await c.post(CM, { metadata: { name: 'k' } });
    assert.equal(defaulted.status, 201, 'built-in kinds default apiVersion and kind from the endpoint');
    assert.equal(defaulted.body.kind, 'ConfigMap');
    const missing = await c.post(VS, { metadata: { name: 'k' }, spec: { hosts: ['a'] } });
    assert.equal(missing.status, 400, 'custom resources must carry them');
  });

  test('creating in a missing namespace is 404 for the namespace', async () => {
    const r = await c.post('/api/v1/namespaces/ghost/configmaps', configMap('x'));
    assert.equal(r.status, 404);
    assert.equal(r.body.message, 'namespaces "ghost" not found');
  });

  test('an invalid name is 422 with a metadata.name cause', async () => {
    const r = await c.post(CM, configMap('Not_Valid'));
    assert.equal(r.status, 422);
    assert.equal(r.body.reason, 'Invalid');
    assert.equal(r.body.details.kind, 'ConfigMap');
    assert.equal(r.body.details.causes[0].field, 'metadata.name');
    assert.equal(r.body.details.causes[0].reason, 'FieldValueInvalid');
  });

  test('delete: preconditions, Success Status for most kinds, the object for pods, then 404', async () => {
    const created = (await c.post(CM, configMap('doomed'))).body;
    const wrongUid = await c.delete(`${CM}/doomed`, { preconditions: { uid: 'nope' } });
    assert.equal(wrongUid.status, 409);
    const wrongRv = await c.delete(`${CM}/doomed`, { preconditions: { resourceVersion: '1' } });
    assert.equal(wrongRv.status, 409);
    const gone = await c.delete(`${CM}/doomed`, { preconditions: { uid: created.metadata.uid } });
    assert.equal(gone.status, 200);
    assert.deepEqual(gone.body, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details: { name: 'doomed', group: '', kind: 'configmaps', uid: created.metadata.uid } });
    assert.equal((await c.get(`${CM}/doomed`)).status, 404);
    assert.equal((await c.delete(`${CM}/doomed`)).status, 404);

    await c.post('/api/v1/namespaces/default/pods', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: 'nginx' }] } });
    const pod = await c.delete('/api/v1/namespaces/default/pods/p');
    assert.equal(pod.body.kind, 'Pod');
  });

  test('finalizers hold a deletion until the last one is removed', async () => {
    await c.post(CM, configMap('held', {}, { finalizers: ['example.com/hold'] }));
    const marked = await c.delete(`${CM}/held`);
    assert.equal(marked.status, 200);
    assert.ok(marked.body.metadata.deletionTimestamp);
    assert.equal(marked.body.metadata.deletionGracePeriodSeconds, 0);
    const still = (await c.get(`${CM}/held`)).body;
    assert.ok(still.metadata.deletionTimestamp);
    const adding = await c.put(`${CM}/held`, { ...still, metadata: { ...still.metadata, finalizers: ['example.com/hold', 'example.com/more'] } });
    assert.equal(adding.status, 422, 'no new finalizers while deleting');
    const released = await c.put(`${CM}/held`, { ...still, metadata: { ...still.metadata, finalizers: [] } });
    assert.equal(released.status, 200);
    assert.equal((await c.get(`${CM}/held`)).status, 404);
  });

  test('dryRun=All validates and answers without persisting', async () => {
    const rv = server.controls.resourceVersion();
    const created = await c.post(`${CM}?dryRun=All`, configMap('dry'));
    assert.equal(created.status, 201);
    assert.equal(created.body.metadata.name, 'dry');
    assert.equal(created.body.metadata.resourceVersion, undefined);
    assert.equal((await c.get(`${CM}/dry`)).status, 404);
    const invalid = await c.post(`${CM}?dryRun=All`, configMap('BAD'));
    assert.equal(invalid.status, 422, 'a dry run still validates');
    const real = (await c.post(CM, configMap('dry'))).body;
    const rv2 = server.controls.resourceVersion();
    assert.equal((await c.put(`${CM}/dry?dryRun=All`, { ...real, data: { a: 'x' } })).body.data.a, 'x');
    assert.equal((await c.patch(`${CM}/dry?dryRun=All`, { data: { a: 'y' } }, 'application/merge-patch+json')).body.data.a, 'y');
    assert.equal((await c.delete(`${CM}/dry?dryRun=All`)).status, 200);
    assert.equal(server.controls.resourceVersion(), rv2, 'nothing was written');
    assert.deepEqual((await c.get(`${CM}/dry`)).body.data, { a: '1' });
    assert.equal((await c.post(`${CM}?dryRun=Some`, configMap('x'))).status, 400);
    assert.ok(Number(rv2) > Number(rv));
  });

  test('deleting a namespace deletes its content', async () => {
    await c.post('/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'temp' } });
    const ns = (await c.get('/api/v1/namespaces/temp')).body;
    assert.equal(ns.status.phase, 'Active');
    await c.post('/api/v1/namespaces/temp/configmaps', configMap('inside'));
    await c.post('/apis/networking.istio.io/v1/namespaces/temp/virtualservices', virtualService('inside'));
    assert.equal((await c.delete('/api/v1/namespaces/temp')).status, 200);
    assert.equal((await c.get('/api/v1/namespaces/temp/configmaps/inside')).status, 404);
    assert.equal((await c.get('/apis/networking.istio.io/v1/namespaces/temp/virtualservices/inside')).status, 404);
  });

  test('custom resources are served in every served version of their CRD', async () => {
    await c.post(VS, virtualService('versions'));
    const beta = await c.get('/apis/networking.istio.io/v1beta1/namespaces/default/virtualservices/versions');
    assert.equal(beta.status, 200);
    assert.equal(beta.body.apiVersion, 'networking.istio.io/v1beta1');
    const list = await c.get('/apis/networking.istio.io/v1alpha3/virtualservices');
    assert.ok(list.body.items.some((i: { apiVersion: string; metadata: { name: string } }) => i.metadata.name === 'versions' && i.apiVersion === 'networking.istio.io/v1alpha3'));
  });

  test('list items of built-in kinds carry no apiVersion/kind; custom resources do', async () => {
    const cms = (await c.get(CM)).body;
    assert.equal(cms.kind, 'ConfigMapList');
    assert.equal(cms.apiVersion, 'v1');
    assert.equal(cms.items[0].kind, undefined);
    const vss = (await c.get(VS)).body;
    assert.equal(vss.kind, 'VirtualServiceList');
    assert.equal(vss.items[0].kind, 'VirtualService');
  });

  test('unknown paths, resources and subresources are 404; wrong methods 405', async () => {
    assert.equal((await c.get('/apis/nope.example.com/v1/things')).status, 404);
    assert.equal((await c.get('/api/v1/namespaces/default/configmaps/x/status')).status, 404);
    assert.equal((await c.put(CM, configMap('x'))).status, 405);
    assert.equal((await c.get('/openapi/v2')).status, 404);
  });

  test('cluster-scoped kinds live outside namespaces', async () => {
    const r = await c.get('/apis/gateway.networking.k8s.io/v1/gatewayclasses');
    assert.equal(r.status, 200);
    const created = await c.post('/apis/gateway.networking.k8s.io/v1/gatewayclasses', {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'GatewayClass',
      metadata: { name: 'istio', namespace: 'ignored' },
      spec: { controllerName: 'istio.io/gateway-controller' },
    });
    assert.equal(created.status, 201);
    assert.equal(created.body.metadata.namespace, undefined);
    assert.equal((await c.get('/apis/gateway.networking.k8s.io/v1/namespaces/default/gatewayclasses')).status, 404);
  });

  test('DELETE of a collection deletes what its selectors select and answers with the list', async () => {
    for (const [name, tier] of [['dc-a', 'x'], ['dc-b', 'x'], ['dc-c', 'y']]) await c.post(CM, configMap(name, {}, { labels: { tier } }));
    const r = await c.delete(`${CM}?labelSelector=tier%3Dx`);
    assert.equal(r.status, 200);
    assert.equal(r.body.kind, 'ConfigMapList');
    assert.deepEqual(r.body.items.map((i: { metadata: { name: string } }) => i.metadata.name), ['dc-a', 'dc-b']);
    assert.equal((await c.get(`${CM}/dc-a`)).status, 404);
    assert.equal((await c.get(`${CM}/dc-c`)).status, 200);
  });
});
