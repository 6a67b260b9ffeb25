/**
 * The fault controls and authentication/authorization over HTTP: latency, injected 5xx and 429
 * with Retry-After, connection resets, outages of each kind, dropped watches, bearer tokens (401),
 * the deny list (403 with the API's message) and SelfSubjectAccessReview.
 */
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';
import { startApiServer, type ApiServer } from '../../apiserver/index';
import { call, client, openWatch } from './helpers';

const CM = '/api/v1/namespaces/default/configmaps';
const TOKEN = 'secret-token';

describe('faults and auth over HTTP', () => {
  let server: ApiServer;
  let c: ReturnType<typeof client>;
  before(async () => {
    server = await startApiServer({ token: TOKEN, user: 'alice', tokens: { 'bob-token': 'bob' } });
    c = client(server, { Authorization: `Bearer ${TOKEN}` });
  });
  afterEach(() => server.controls.restore());
  after(() => server.stop());

  test('a missing or wrong bearer token is 401 Unauthorized', async () => {
    const none = await call(server, 'GET', CM);
    assert.equal(none.status, 401);
    assert.deepEqual(none.body, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'Unauthorized', reason: 'Unauthorized', code: 401 });
    assert.equal((await call(server, 'GET', CM, { headers: { Authorization: 'Bearer nope' } })).status, 401);
    assert.equal((await c.get(CM)).status, 200);
  });

  test('latency is added to every request', async () => {
    server.controls.setLatency(150);
    const started = Date.now();
    await c.get(CM);
    assert.ok(Date.now() - started >= 140);
  });

  test('failNext: the next N matching requests fail, others pass', async () => {
    server.controls.failNext(2, { status: 503, path: '/configmaps', method: 'GET' });
    assert.equal((await c.get('/api/v1/namespaces/default/secrets')).status, 200, 'not matching');
    const first = await c.get(CM);
    assert.equal(first.status, 503);
    assert.equal(first.body.reason, 'ServiceUnavailable');
    assert.equal((await c.get(CM)).status, 503);
    assert.equal((await c.get(CM)).status, 200, 'used up');
  });

  test('429 carries Retry-After', async () => {
    server.controls.failNext(1, { status: 429, retryAfterSeconds: 2 });
    const r = await c.get(CM);
    assert.equal(r.status, 429);
    assert.equal(r.headers['retry-after'], '2');
    assert.equal(r.body.reason, 'TooManyRequests');
    assert.equal(r.body.details.retryAfterSeconds, 2);
  });

  test('a RegExp matches on path and query', async () => {
    server.controls.failNext(1, { status: 500, path: /watch=1/ });
    assert.equal((await c.get(CM)).status, 200);
    const w = await openWatch(server, `${CM}?watch=1`, { Authorization: `Bearer ${TOKEN}` });
    assert.equal(w.status, 500);
    w.close();
  });

  test('resetNext destroys the connection', async () => {
    server.controls.resetNext(1, { path: '/configmaps' });
    await assert.rejects(c.get(CM), /socket hang up|ECONNRESET/);
    assert.equal((await c.get(CM)).status, 200);
  });

  test("outage 'reset': every request fails at the socket until restored, watches are cut", async () => {
    const w = await openWatch(server, `${CM}?watch=1`, { Authorization: `Bearer ${TOKEN}` });
    await server.controls.outage('reset');
    await w.ended();
    await assert.rejects(c.get(CM));
    await server.controls.restore();
    assert.equal((await c.get(CM)).status, 200);
  });

  test("outage 'refuse': the port is closed until restored", async () => {
    await server.controls.outage('refuse');
    await assert.rejects(c.get(CM), /ECONNREFUSED/);
    await server.controls.restore();
    assert.equal((await c.get(CM)).status, 200);
  });

  test("outage 'unavailable': every request is 503", async () => {
    await server.controls.outage('unavailable');
    assert.equal((await c.get('/version')).status, 503);
    await server.controls.restore();
    assert.equal((await c.get('/version')).status, 200);
  });

  test('deny rules answer 403 with the API message, per verb, resource, namespace and user', async () => {
    server.controls.deny({ verb: 'list', resource: 'configmaps', namespace: 'default' });
    server.controls.deny({ verb: ['patch', 'update'], resource: 'virtualservices/status', group: 'networking.istio.io', user: 'alice' });
    server.controls.deny({ verb: 'get', resource: 'namespaces' });
    const list = await c.get(CM);
    assert.equal(list.status, 403);
    assert.equal(list.body.reason, 'Forbidden');
    assert.equal(list.body.message, 'configmaps is forbidden: User "alice" cannot list resource "configmaps" in API group "" in the namespace "default"');
    assert.equal((await c.get('/api/v1/namespaces/kube-system/configmaps')).status, 200, 'other namespace');

    const status = await c.patch('/apis/networking.istio.io/v1/namespaces/default/virtualservices/x/status', {}, 'application/merge-patch+json');
    assert.equal(status.status, 403);
    assert.equal(
      status.body.message,
      'virtualservices.networking.istio.io "x" is forbidden: User "alice" cannot patch resource "virtualservices/status" in API group "networking.istio.io" in the namespace "default"',
    );
    const asBob = await call(server, 'PATCH', '/apis/networking.istio.io/v1/namespaces/default/virtualservices/x/status', {
      body: {},
      contentType: 'application/merge-patch+json',
      headers: { Authorization: 'Bearer bob-token' },
    });
    assert.equal(asBob.status, 404, 'bob is allowed (and the object does not exist)');

    const ns = await c.get('/api/v1/namespaces/default');
    assert.equal(ns.body.message, 'namespaces "default" is forbidden: User "alice" cannot get resource "namespaces" in API group "" at the cluster scope');
    server.controls.allowAll();
    assert.equal((await c.get(CM)).status, 200);
  });

  test('Impersonate-User replaces the authenticated user', async () => {
    server.controls.deny({ verb: 'list', resource: 'secrets', user: 'carol' });
    const r = await c.get('/api/v1/namespaces/default/secrets', { headers: { 'Impersonate-User': 'carol' } });
    assert.equal(r.status, 403);
    assert.match(r.body.message, /User "carol" cannot list/);
    assert.equal((await c.get('/api/v1/namespaces/default/secrets')).status, 200);
    server.controls.allowAll();
  });

  test('SelfSubjectAccessReview answers from the deny list', async () => {
    server.controls.deny({ verb: 'delete', resource: 'pods' });
    const review = (verb: string) =>
      c.post('/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', {
        apiVersion: 'authorization.k8s.io/v1',
        kind: 'SelfSubjectAccessReview',
        spec: { resourceAttributes: { verb, resource: 'pods', namespace: 'default' } },
      });
    assert.equal((await review('delete')).body.status.allowed, false);
    assert.equal((await review('get')).body.status.allowed, true);
    server.controls.allowAll();
  });

  test('the request log records method, URL, status, user and verb', async () => {
    server.controls.clearRequests();
    await c.get(CM);
    const [entry] = server.controls.requests();
    assert.deepEqual({ method: entry.method, url: entry.url, status: entry.status, user: entry.user, verb: entry.verb }, { method: 'GET', url: CM, status: 200, user: 'alice', verb: 'list' });
  });
});
