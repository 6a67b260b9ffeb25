import assert from 'node:assert/strict';
import { test } from 'node:test';
import { collectionPath, discover, groupOf, pickResource, resourceName, versionsOf } from '../../../server/src/cluster/discovery';
import { ClusterError } from '../../../server/src/cluster/problems';
import type { ApiRequest, Transport } from '../../../server/src/cluster/transport';

const groups = {
  groups: [
    { name: 'networking.istio.io', versions: [{ version: 'v1' }, { version: 'v1beta1' }, { version: 'v1alpha3' }], preferredVersion: { version: 'v1' } },
    { name: 'apps', versions: [{ version: 'v1' }] },
    { name: 'odd', versions: [{ version: 'v2' }, { version: 'v1' }], preferredVersion: { version: 'v9' } },
  ],
};

test('versions: preferred first, then as listed; an unknown preferred version is ignored', () => {
  assert.deepEqual(versionsOf(groups, 'networking.istio.io'), ['v1', 'v1beta1', 'v1alpha3']);
  assert.deepEqual(versionsOf(groups, 'odd'), ['v2', 'v1']);
  assert.deepEqual(versionsOf(groups, 'nope'), []);
});

test('pickResource skips subresources and finds the kind', () => {
  const list = { resources: [{ name: 'deployments/status', kind: 'Deployment' }, { name: 'deployments', kind: 'Deployment', namespaced: true, verbs: ['list', 'watch'] }] };
  assert.deepEqual(pickResource('apps/Deployment', 'v1', list), { kind: 'apps/Deployment', group: 'apps', version: 'v1', kindName: 'Deployment', plural: 'deployments', namespaced: true, verbs: ['list', 'watch'] });
  assert.equal(pickResource('apps/StatefulSet', 'v1', list), null);
});

test('paths and names', () => {
  const svc = { kind: 'core/Service' as const, group: '', version: 'v1', kindName: 'Service', plural: 'services', namespaced: true, verbs: [] };
  const ns = { ...svc, kind: 'core/Namespace' as const, kindName: 'Namespace', plural: 'namespaces', namespaced: false };
  const vs = { ...svc, kind: 'networking.istio.io/VirtualService' as const, group: 'networking.istio.io', kindName: 'VirtualService', plural: 'virtualservices' };
  assert.equal(collectionPath(svc, 'shop'), '/api/v1/namespaces/shop/services');
  assert.equal(collectionPath(svc, null), '/api/v1/services');
  assert.equal(collectionPath(ns, 'shop'), '/api/v1/namespaces');
  assert.equal(collectionPath(vs, null), '/apis/networking.istio.io/v1/virtualservices');
  assert.equal(resourceName(vs), 'virtualservices.networking.istio.io');
  assert.equal(groupOf('core/Pod'), '');
});

/** A transport that answers from a table of paths. */
function fake(answers: Record<string, unknown | ClusterError>): Transport & { asked: string[] } {
  const asked: string[] = [];
  return {
    server: 'https://x',
    asked,
    async getJson(req: ApiRequest) {
      asked.push(req.path);
      const a = answers[req.path];
      if (a instanceof ClusterError) throw a;
      if (a === undefined) throw new ClusterError({ type: 'status', code: 404, reason: 'NotFound', message: '' }, { ...req.info, server: 'https://x' });
      return a;
    },
    stream: () => Promise.resolve(),
  };
}

test('discover reads only the groups it needs, falls back across versions, marks the unserved', async () => {
  const t = fake({
    '/apis': groups,
    '/api/v1': { resources: [{ name: 'services', kind: 'Service', namespaced: true }] },
    '/apis/networking.istio.io/v1': { resources: [{ name: 'virtualservices', kind: 'VirtualService', namespaced: true }] },
    '/apis/networking.istio.io/v1beta1': { resources: [{ name: 'workloadgroups', kind: 'WorkloadGroup', namespaced: true }] },
    '/apis/networking.istio.io/v1alpha3': { resources: [] },
  });
  const r = await discover(t, ['core/Service', 'networking.istio.io/VirtualService', 'networking.istio.io/WorkloadGroup', 'networking.istio.io/Sidecar', 'gateway.networking.k8s.io/HTTPRoute']);
  assert.equal(r.resources.get('core/Service')?.plural, 'services');
  assert.equal(r.resources.get('networking.istio.io/VirtualService')?.version, 'v1');
  assert.equal(r.resources.get('networking.istio.io/WorkloadGroup')?.version, 'v1beta1');
  assert.equal(r.resources.get('networking.istio.io/Sidecar'), null);
  assert.equal(r.resources.get('gateway.networking.k8s.io/HTTPRoute'), null);
  assert.equal(r.failed.size, 0);
  assert.ok(!t.asked.includes('/apis/apps/v1'));
});

test('discover reports failures per kind', async () => {
  const denied = new ClusterError({ type: 'status', code: 403, reason: 'Forbidden', message: '' }, { verb: 'get', resource: '/apis', namespace: null, server: 'https://x' });
  const r = await discover(fake({ '/apis': denied, '/api/v1': { resources: [{ name: 'pods', kind: 'Pod', namespaced: true }] } }), ['core/Pod', 'apps/Deployment']);
  assert.equal(r.resources.get('core/Pod')?.plural, 'pods');
  assert.equal(r.failed.get('apps/Deployment'), denied);
});
