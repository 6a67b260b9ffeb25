/**
 * Schema admission over HTTP (422 with causes, fieldValidation Strict/Warn/Ignore, pruning) and
 * CustomResourceDefinitions created through the API: they register resources, appear in
 * discovery and OpenAPI, validate their objects, and take them along when deleted.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startApiServer, type ApiServer } from '../../apiserver/index';
import { client } from './helpers';

const VS = '/apis/networking.istio.io/v1/namespaces/default/virtualservices';
const ROUTES = '/apis/gateway.networking.k8s.io/v1/namespaces/default/httproutes';

const widgetCrd = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'widgets.example.com' },
  spec: {
    group: 'example.com',
    names: { plural: 'widgets', kind: 'Widget', shortNames: ['wd'] },
    scope: 'Namespaced',
    versions: [
      {
        name: 'v1',
        served: true,
        storage: true,
        subresources: { status: {} },
        schema: {
          openAPIV3Schema: {
            type: 'object',
            properties: {
              spec: { type: 'object', required: ['size'], properties: { size: { type: 'integer', minimum: 1 }, color: { type: 'string', enum: ['red', 'blue'] } } },
              status: { type: 'object', properties: { ready: { type: 'boolean' } } },
            },
          },
        },
      },
    ],
  },
};

describe('admission and CRDs over HTTP', () => {
  let server: ApiServer;
  let c: ReturnType<typeof client>;
  before(async () => {
    server = await startApiServer();
    c = client(server);
  });
  after(() => server.stop());

  test('schema violations are 422 Invalid with field causes', async () => {
    const r = await c.post(VS, { apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name: 'bad' }, spec: { hosts: 'reviews', http: [{ timeout: 5 }] } });
    assert.equal(r.status, 422);
    assert.equal(r.body.reason, 'Invalid');
    assert.deepEqual(r.body.details.name, 'bad');
    assert.deepEqual(r.body.details.group, 'networking.istio.io');
    assert.deepEqual(r.body.details.kind, 'VirtualService');
    const fields = r.body.details.causes.map((x: { field: string }) => x.field).sort();
    assert.deepEqual(fields, ['spec.hosts', 'spec.http[0].timeout']);
    assert.match(r.body.message, /^VirtualService\.networking\.istio\.io "bad" is invalid: \[/);
  });

  test('Gateway API enums and required fields are enforced', async () => {
    const r = await c.post(ROUTES, {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: { name: 'r' },
      spec: { parentRefs: [{ name: 'gw' }], rules: [{ matches: [{ path: { type: 'Sometimes', value: '/' } }], backendRefs: [{ name: 'svc', port: 80 }] }] },
    });
    assert.equal(r.status, 422);
    assert.ok(r.body.details.causes.some((x: { reason: string; field: string }) => x.reason === 'FieldValueNotSupported' && x.field === 'spec.rules[0].matches[0].path.type'), r.text);
  });

  const unknown = { apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', spec: { hosts: ['a'], hostz: ['b'] } };
  test('fieldValidation=Strict: unknown fields are 400 BadRequest naming them', async () => {
    const r = await c.post(`${VS}?fieldValidation=Strict`, { ...unknown, metadata: { name: 'strict' } });
    assert.equal(r.status, 400);
    assert.equal(r.body.message, 'VirtualService in version "v1" cannot be handled as a VirtualService: strict decoding error: unknown field "spec.hostz"');
  });

  test('fieldValidation=Warn (the default): pruned, with a Warning header', async () => {
    for (const query of ['', '?fieldValidation=Warn']) {
      const name = `warn${query ? '-explicit' : ''}`;
      const r = await c.post(`${VS}${query}`, { ...unknown, metadata: { name } });
      assert.equal(r.status, 201);
      assert.equal(r.headers.warning, '299 - "unknown field \\"spec.hostz\\""');
      assert.equal(r.body.spec.hostz, undefined);
    }
  });

  test('fieldValidation=Ignore: pruned silently', async () => {
    const r = await c.post(`${VS}?fieldValidation=Ignore`, { ...unknown, metadata: { name: 'ignore' } });
    assert.equal(r.status, 201);
    assert.equal(r.headers.warning, undefined);
    assert.equal(r.body.spec.hostz, undefined);
    assert.equal((await c.post(`${VS}?fieldValidation=Loud`, { ...unknown, metadata: { name: 'x' } })).status, 400);
  });

  test('built-in kinds are checked against their schema too', async () => {
    const r = await c.post('/api/v1/namespaces/default/services', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'svc' }, spec: { type: 'Balanced', ports: [{ port: 'eighty' }] } });
    assert.equal(r.status, 422);
    const fields = r.body.details.causes.map((x: { field: string }) => x.field).sort();
    assert.deepEqual(fields, ['spec.ports[0].port', 'spec.type']);
  });

  test('a CRD created through the API is served, discovered and validated', async () => {
    const created = await c.post('/apis/apiextensions.k8s.io/v1/customresourcedefinitions', widgetCrd);
    assert.equal(created.status, 201, created.text);
    const conditions = created.body.status.conditions.map((x: { type: string; status: string }) => `${x.type}=${x.status}`);
    assert.deepEqual(conditions, ['NamesAccepted=True', 'Established=True']);
    assert.equal(created.body.spec.names.singular, 'widget');
    assert.equal(created.body.spec.names.listKind, 'WidgetList');

    const group = (await c.get('/apis/example.com')).body;
    assert.equal(group.preferredVersion.groupVersion, 'example.com/v1');
    const resources = (await c.get('/apis/example.com/v1')).body.resources.map((r: { name: string }) => r.name);
    assert.deepEqual(resources, ['widgets', 'widgets/status']);
    const root = (await c.get('/openapi/v3')).body;
    assert.ok(root.paths['apis/example.com/v1'].serverRelativeURL.startsWith('/openapi/v3/apis/example.com/v1?hash='));

    const W = '/apis/example.com/v1/namespaces/default/widgets';
    const ok = await c.post(W, { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' }, spec: { size: 2, color: 'red' } });
    assert.equal(ok.status, 201);
    const bad = await c.post(W, { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w2' }, spec: { size: 0, color: 'green' } });
    assert.equal(bad.status, 422);
    assert.deepEqual(bad.body.details.causes.map((x: { reason: string }) => x.reason).sort(), ['FieldValueInvalid', 'FieldValueNotSupported']);
  });

  test('an invalid CRD is 422', async () => {
    const r = await c.post('/apis/apiextensions.k8s.io/v1/customresourcedefinitions', {
      ...widgetCrd,
      metadata: { name: 'wrong.example.com' },
      spec: { ...widgetCrd.spec, versions: [{ ...widgetCrd.spec.versions[0], storage: false }] },
    });
    assert.equal(r.status, 422);
    const fields = r.body.details.causes.map((x: { field: string }) => x.field).sort();
    assert.deepEqual(fields, ['metadata.name', 'spec.versions']);
  });

  test('deleting a CRD deletes its objects and stops serving them', async () => {
    assert.equal((await c.delete('/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.example.com')).status, 200);
    assert.equal((await c.get('/apis/example.com/v1/namespaces/default/widgets')).status, 404);
    assert.equal((await c.get('/apis/example.com')).status, 404);
    // Re-creating the CRD starts from an empty collection.
    await c.post('/apis/apiextensions.k8s.io/v1/customresourcedefinitions', widgetCrd);
    assert.deepEqual((await c.get('/apis/example.com/v1/widgets')).body.items, []);
  });

  test('the CRDs of the project index are stored objects, with their schemas', async () => {
    const crd = (await c.get('/apis/apiextensions.k8s.io/v1/customresourcedefinitions/httproutes.gateway.networking.k8s.io')).body;
    assert.equal(crd.spec.names.kind, 'HTTPRoute');
    assert.deepEqual(crd.spec.versions.map((v: { name: string }) => v.name), ['v1', 'v1beta1']);
    assert.equal(crd.spec.versions[0].schema.openAPIV3Schema.type, 'object');
    assert.equal(server.controls.catalogProblem(), undefined);
  });

  test('Secrets: stringData becomes base64 data; data must be base64; immutable data stays', async () => {
    const S = '/api/v1/namespaces/default/secrets';
    const created = await c.post(S, { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'tls' }, stringData: { 'tls.crt': 'PEM' }, data: { a: 'Yg==' } });
    assert.equal(created.status, 201, created.text);
    assert.deepEqual(created.body.data, { a: 'Yg==', 'tls.crt': Buffer.from('PEM').toString('base64') });
    assert.equal(created.body.stringData, undefined);
    assert.equal((await c.post(S, { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'bad' }, data: { a: 'not base64!' } })).status, 400);
    const frozen = (await c.post(S, { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'frozen' }, immutable: true, data: { a: 'Yg==' } })).body;
    const changed = await c.put(`${S}/frozen`, { ...frozen, data: { a: 'Yw==' } });
    assert.equal(changed.status, 422);
    assert.equal(changed.body.details.causes[0].field, 'data');
  });

  test('Deployments: the selector must match the template and cannot change', async () => {
    const D = '/apis/apps/v1/namespaces/default/deployments';
    const deploy = (name: string, selector: Record<string, string>, labels: Record<string, string>) => ({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name },
      spec: { selector: { matchLabels: selector }, template: { metadata: { labels }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
    });
    const mismatch = await c.post(D, deploy('d1', { app: 'a' }, { app: 'b' }));
    assert.equal(mismatch.status, 422);
    assert.equal(mismatch.body.details.causes[0].field, 'spec.template.metadata.labels');
    const ok = (await c.post(D, deploy('d2', { app: 'a' }, { app: 'a', v: '1' }))).body;
    const moved = await c.put(`${D}/d2`, { ...ok, spec: { ...ok.spec, selector: { matchLabels: { app: 'a', v: '1' } } } });
    assert.equal(moved.status, 422);
    assert.match(moved.body.details.causes[0].message, /field is immutable/);
  });
});
