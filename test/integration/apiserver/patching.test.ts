/**
 * PATCH over HTTP: merge, JSON and strategic merge patches, server-side apply (create, conflict,
 * force, shared ownership, dry run), the status subresource, and Leases used as locks.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startApiServer, type ApiServer } from '../../apiserver/index';
import { client } from './helpers';

const VS = '/apis/networking.istio.io/v1/namespaces/default/virtualservices';
const DEPLOY = '/apis/apps/v1/namespaces/default/deployments';
const LEASES = '/apis/coordination.k8s.io/v1/namespaces/default/leases';
const MERGE = 'application/merge-patch+json';
const JSONPATCH = 'application/json-patch+json';
const SMP = 'application/strategic-merge-patch+json';
const APPLY = 'application/apply-patch+yaml';

function vs(name: string, spec: Record<string, unknown>) {
  return { apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name }, spec };
}

function deployment(name: string) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'web', image: 'nginx:1' }, { name: 'sidecar', image: 'envoy:1' }] } },
    },
  };
}

describe('PATCH over HTTP', () => {
  let server: ApiServer;
  let c: ReturnType<typeof client>;
  before(async () => {
    server = await startApiServer();
    c = client(server);
  });
  after(() => server.stop());

  test('merge patch and JSON patch', async () => {
    await c.post(VS, vs('p1', { hosts: ['a'], gateways: ['mesh'] }));
    const merged = await c.patch(`${VS}/p1`, { spec: { hosts: ['b'], gateways: null } }, MERGE);
    assert.equal(merged.status, 200);
    assert.deepEqual(merged.body.spec, { hosts: ['b'] });
    const patched = await c.patch(`${VS}/p1`, [{ op: 'add', path: '/spec/hosts/-', value: 'c' }], JSONPATCH);
    assert.deepEqual(patched.body.spec.hosts, ['b', 'c']);
    const failed = await c.patch(`${VS}/p1`, [{ op: 'test', path: '/spec/hosts/0', value: 'zzz' }], JSONPATCH);
    assert.equal(failed.status, 422);
    const malformed = await c.patch(`${VS}/p1`, { op: 'add' }, JSONPATCH);
    assert.equal(malformed.status, 400);
    assert.equal((await c.patch(`${VS}/missing`, { spec: {} }, MERGE)).status, 404);
  });

  test('a patch carrying a stale resourceVersion conflicts', async () => {
    const created = (await c.post(VS, vs('p2', { hosts: ['a'] }))).body;
    await c.patch(`${VS}/p2`, { spec: { hosts: ['b'] } }, MERGE);
    const r = await c.patch(`${VS}/p2`, { metadata: { resourceVersion: created.metadata.resourceVersion }, spec: { hosts: ['c'] } }, MERGE);
    assert.equal(r.status, 409);
    assert.equal(r.body.reason, 'Conflict');
  });

  test('strategic merge patch merges containers by name on built-ins and is 415 for custom resources', async () => {
    await c.post(DEPLOY, deployment('smp'));
    const r = await c.patch(`${DEPLOY}/smp`, { spec: { template: { spec: { containers: [{ name: 'web', image: 'nginx:2' }] } } } }, SMP);
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.body.spec.template.spec.containers.map((x: { image: string }) => x.image), ['nginx:2', 'envoy:1']);
    assert.equal(r.body.metadata.generation, 2);
    const cr = await c.patch(`${VS}/p1`, { spec: { hosts: ['x'] } }, SMP);
    assert.equal(cr.status, 415);
    assert.equal(cr.body.reason, 'UnsupportedMediaType');
  });

  test('apply creates, records ownership, and conflicts with another manager', async () => {
    const config = JSON.stringify(vs('sa', { hosts: ['reviews'], http: [{ route: [{ destination: { host: 'reviews' } }] }] }));
    const created = await c.patch(`${VS}/sa?fieldManager=alice`, config, APPLY);
    assert.equal(created.status, 201, created.text);
    const entry = created.body.metadata.managedFields[0];
    assert.equal(entry.manager, 'alice');
    assert.equal(entry.operation, 'Apply');
    assert.deepEqual(entry.fieldsV1, { 'f:spec': { 'f:hosts': {}, 'f:http': {} } });

    const bob = 'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: sa\nspec:\n  hosts: [ratings]\n';
    const conflict = await c.patch(`${VS}/sa?fieldManager=bob`, bob, APPLY);
    assert.equal(conflict.status, 409);
    assert.equal(conflict.body.reason, 'Conflict');
    assert.equal(conflict.body.message, 'Apply failed with 1 conflict: conflict with "alice": .spec.hosts');
    assert.deepEqual(conflict.body.details.causes, [{ reason: 'FieldManagerConflict', message: 'conflict with "alice"', field: '.spec.hosts' }]);

    const forced = await c.patch(`${VS}/sa?fieldManager=bob&force=true`, bob, APPLY);
    assert.equal(forced.status, 200);
    assert.deepEqual(forced.body.spec.hosts, ['ratings']);
    const owners = Object.fromEntries(forced.body.metadata.managedFields.map((m: { manager: string; fieldsV1: unknown }) => [m.manager, m.fieldsV1]));
    assert.deepEqual(owners, { alice: { 'f:spec': { 'f:http': {} } }, bob: { 'f:spec': { 'f:hosts': {} } } });
  });

  test('apply needs a field manager; force is for apply only', async () => {
    const r = await c.patch(`${VS}/sa`, JSON.stringify(vs('sa', { hosts: ['x'] })), APPLY);
    assert.equal(r.status, 422);
    assert.match(r.body.message, /fieldManager: Required value/);
    assert.equal((await c.patch(`${VS}/sa?force=true`, { spec: {} }, MERGE)).status, 422);
  });

  test('apply with the same value shares ownership; an Update then takes it', async () => {
    await c.patch(`${VS}/share?fieldManager=a`, JSON.stringify(vs('share', { hosts: ['h'] })), APPLY);
    const shared = await c.patch(`${VS}/share?fieldManager=b`, JSON.stringify(vs('share', { hosts: ['h'] })), APPLY);
    assert.equal(shared.status, 200);
    assert.equal(shared.body.metadata.managedFields.filter((m: { fieldsV1: { 'f:spec'?: unknown } }) => m.fieldsV1['f:spec']).length, 2);
    const edited = await c.patch(`${VS}/share?fieldManager=editor`, { spec: { hosts: ['i'] } }, MERGE);
    const managers = edited.body.metadata.managedFields.map((m: { manager: string; operation: string }) => `${m.manager}/${m.operation}`);
    assert.deepEqual(managers.sort(), ['editor/Update']);
  });

  test('apply with dryRun persists nothing', async () => {
    const before = (await c.get(`${VS}/sa`)).body;
    const r = await c.patch(`${VS}/sa?fieldManager=bob&force=true&dryRun=All`, JSON.stringify(vs('sa', { hosts: ['dry'] })), APPLY);
    assert.equal(r.status, 200);
    assert.deepEqual(r.body.spec.hosts, ['dry']);
    assert.deepEqual((await c.get(`${VS}/sa`)).body, before);
  });

  test('apply: Strict rejects unknown fields in the apply wording, Warn warns', async () => {
    const config = JSON.stringify(vs('strict', { hosts: ['x'], bogus: 1 }));
    const strict = await c.patch(`${VS}/strict?fieldManager=a&fieldValidation=Strict`, config, APPLY);
    assert.equal(strict.status, 400);
    assert.equal(strict.body.message, '.spec.bogus: field not declared in schema');
    const warn = await c.patch(`${VS}/strict?fieldManager=a&fieldValidation=Warn`, config, APPLY);
    assert.equal(warn.status, 201);
    assert.equal(warn.headers.warning, '299 - "unknown field \\"spec.bogus\\""');
    assert.equal(warn.body.spec.bogus, undefined);
  });

  test('the status subresource: main writes ignore status, /status writes change only status', async () => {
    const created = (await c.post(VS, { ...vs('st', { hosts: ['a'] }), status: { observedGeneration: 9 } })).body;
    assert.equal(created.status, undefined, 'status is dropped on create');
    const main = await c.patch(`${VS}/st`, { spec: { hosts: ['b'] }, status: { observedGeneration: 1 } }, MERGE);
    assert.equal(main.body.status, undefined);
    assert.deepEqual(main.body.spec.hosts, ['b']);
    const status = await c.patch(`${VS}/st/status?fieldManager=controller`, { spec: { hosts: ['c'] }, status: { observedGeneration: 2 } }, MERGE);
    assert.equal(status.status, 200, status.text);
    assert.deepEqual(status.body.status, { observedGeneration: 2 });
    assert.deepEqual(status.body.spec.hosts, ['b']);
    assert.equal(status.body.metadata.generation, main.body.metadata.generation, 'status writes never bump generation');
    const entry = status.body.metadata.managedFields.find((m: { manager: string }) => m.manager === 'controller');
    assert.equal(entry.subresource, 'status');
    const put = await c.put(`${VS}/st/status`, { ...status.body, status: { observedGeneration: 3 } });
    assert.equal(put.body.status.observedGeneration, 3);
    const got = await c.get(`${VS}/st/status`);
    assert.equal(got.body.status.observedGeneration, 3);
    const applied = await c.patch(`${VS}/st/status?fieldManager=ctl&force=true`, JSON.stringify({ ...vs('st', {}), status: { observedGeneration: 4 } }), APPLY);
    assert.equal(applied.body.status.observedGeneration, 4);
    assert.deepEqual(applied.body.spec.hosts, ['b']);
  });

  test('Leases as locks: acquire, renew with resourceVersion, a stale contender conflicts', async () => {
    const now = () => new Date().toISOString().replace(/Z$/, '000Z');
    const lease = { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: 'rollout-lock' }, spec: { holderIdentity: 'a', leaseDurationSeconds: 15, acquireTime: now(), renewTime: now(), leaseTransitions: 0 } };
    const acquired = await c.post(LEASES, lease);
    assert.equal(acquired.status, 201);
    assert.equal((await c.post(LEASES, { ...lease, spec: { ...lease.spec, holderIdentity: 'b' } })).status, 409, 'b cannot create it again');
    const seenByB = (await c.get(`${LEASES}/rollout-lock`)).body;
    const renewed = await c.put(`${LEASES}/rollout-lock`, { ...acquired.body, spec: { ...acquired.body.spec, renewTime: now() } });
    assert.equal(renewed.status, 200);
    const takeover = await c.put(`${LEASES}/rollout-lock`, { ...seenByB, spec: { ...seenByB.spec, holderIdentity: 'b', leaseTransitions: 1 } });
    assert.equal(takeover.status, 409, 'b read before the renewal');
    const invalid = await c.put(`${LEASES}/rollout-lock`, { ...renewed.body, spec: { ...renewed.body.spec, leaseDurationSeconds: 'long' } });
    assert.equal(invalid.status, 422);
    assert.equal(invalid.body.details.causes[0].field, 'spec.leaseDurationSeconds');
    const released = await c.put(`${LEASES}/rollout-lock`, { ...renewed.body, spec: { ...renewed.body.spec, holderIdentity: null } });
    assert.equal(released.status, 200);
    assert.equal(released.body.spec.holderIdentity, undefined);
  });

  test('the scale subresource reads and writes replicas, with preconditions and ownership', async () => {
    await c.post(DEPLOY, deployment('scaled'));
    const scale = (await c.get(`${DEPLOY}/scaled/scale`)).body;
    assert.deepEqual({ kind: scale.kind, apiVersion: scale.apiVersion, spec: scale.spec, status: scale.status }, {
      kind: 'Scale',
      apiVersion: 'autoscaling/v1',
      spec: { replicas: 1 },
      status: { replicas: 0, selector: 'app=scaled' },
    });
    const patched = await c.patch(`${DEPLOY}/scaled/scale?fieldManager=autoscaler`, { spec: { replicas: 4 } }, MERGE);
    assert.equal(patched.status, 200, patched.text);
    assert.equal(patched.body.spec.replicas, 4);
    const deploy = (await c.get(`${DEPLOY}/scaled`)).body;
    assert.equal(deploy.spec.replicas, 4);
    assert.equal(deploy.metadata.generation, 2);
    const entry = deploy.metadata.managedFields.find((m: { manager: string }) => m.manager === 'autoscaler');
    assert.deepEqual({ subresource: entry.subresource, fields: entry.fieldsV1 }, { subresource: 'scale', fields: { 'f:spec': { 'f:replicas': {} } } });
    const stale = await c.put(`${DEPLOY}/scaled/scale`, { ...scale, spec: { replicas: 2 } });
    assert.equal(stale.status, 409, 'the Scale read before the patch is stale');
    assert.equal((await c.patch(`${DEPLOY}/scaled/scale`, { spec: { replicas: -1 } }, MERGE)).status, 422);
    assert.equal((await c.get(`${VS}/p1/scale`)).status, 404, 'no scale subresource on VirtualService');
  });

  test('scale on a custom resource follows its CRD paths (Argo Rollouts)', async () => {
    const R = '/apis/argoproj.io/v1alpha1/namespaces/default/rollouts';
    const created = await c.post(R, { apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', metadata: { name: 'ro' }, spec: { replicas: 2, selector: { matchLabels: { app: 'ro' } } } });
    assert.equal(created.status, 201, created.text);
    assert.equal((await c.get(`${R}/ro/scale`)).body.spec.replicas, 2);
    await c.patch(`${R}/ro/scale`, [{ op: 'replace', path: '/spec/replicas', value: 5 }], JSONPATCH);
    assert.equal((await c.get(`${R}/ro`)).body.spec.replicas, 5);
  });

  test('a resourceVersion in an applied configuration is a precondition', async () => {
    const created = (await c.patch(`${VS}/ssa-rv?fieldManager=a`, JSON.stringify(vs('ssa-rv', { hosts: ['a'] })), APPLY)).body;
    await c.patch(`${VS}/ssa-rv?fieldManager=a`, JSON.stringify(vs('ssa-rv', { hosts: ['b'] })), APPLY);
    const stale = { ...vs('ssa-rv', { hosts: ['c'] }), metadata: { name: 'ssa-rv', resourceVersion: created.metadata.resourceVersion } };
    const r = await c.patch(`${VS}/ssa-rv?fieldManager=a`, JSON.stringify(stale), APPLY);
    assert.equal(r.status, 409);
    assert.equal(r.body.reason, 'Conflict');
  });
});
