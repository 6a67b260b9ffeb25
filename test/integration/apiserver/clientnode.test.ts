/**
 * The project's Kubernetes client, @kubernetes/client-node, against the API test server through
 * the generated kubeconfig: typed CRUD, server-side apply with conflicts, and an informer that
 * keeps its cache right across dropped watches and a 410 after compaction. Runs once over plain
 * http and once over https with a bearer token.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startApiServer, type ApiServer } from '../../apiserver/index';
import { eventually } from './helpers';

for (const mode of ['http', 'https with a token'] as const) {
  describe(`@kubernetes/client-node over ${mode}`, () => {
    let server: ApiServer;
    let k8s: typeof import('@kubernetes/client-node');
    let kc: InstanceType<typeof k8s.KubeConfig>;
    before(async () => {
      k8s = await import('@kubernetes/client-node');
      server = await startApiServer(mode === 'http' ? {} : { token: 'client-node-token', user: 'engine' });
      kc = new k8s.KubeConfig();
      kc.loadFromFile(server.kubeconfigPath);
    });
    after(() => server.stop());

    test('typed CRUD on a built-in kind', async () => {
      const core = kc.makeApiClient(k8s.CoreV1Api);
      await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'cfg', labels: { app: 'x' } }, data: { a: '1' } } });
      const list = await core.listNamespacedConfigMap({ namespace: 'default', labelSelector: 'app in (x)' });
      assert.deepEqual(list.items.map((i) => i.metadata?.name), ['cfg']);
      const got = await core.readNamespacedConfigMap({ name: 'cfg', namespace: 'default' });
      await core.replaceNamespacedConfigMap({ name: 'cfg', namespace: 'default', body: { ...got, data: { a: '2' } } });
      await assert.rejects(core.replaceNamespacedConfigMap({ name: 'cfg', namespace: 'default', body: { ...got, data: { a: '3' } } }), (err: { code?: number }) => err.code === 409);
      await core.deleteNamespacedConfigMap({ name: 'cfg', namespace: 'default' });
      await assert.rejects(core.readNamespacedConfigMap({ name: 'cfg', namespace: 'default' }), (err: { code?: number }) => err.code === 404);
    });

    test('server-side apply of a custom resource, and a conflict with another manager', async () => {
      const objects = k8s.KubernetesObjectApi.makeApiClient(kc);
      const vs = { apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name: 'reviews', namespace: 'default' }, spec: { hosts: ['reviews'] } };
      const applied = await objects.patch(vs, undefined, undefined, 'mesh-lifecycle', true, k8s.PatchStrategy.ServerSideApply);
      assert.equal((applied.metadata as { managedFields?: { manager: string }[] }).managedFields?.[0].manager, 'mesh-lifecycle');
      await assert.rejects(
        objects.patch({ ...vs, spec: { hosts: ['other'] } }, undefined, undefined, 'someone-else', false, k8s.PatchStrategy.ServerSideApply),
        (err: { code?: number; body?: unknown }) => err.code === 409 && /Apply failed with 1 conflict/.test(typeof err.body === 'string' ? err.body : JSON.stringify(err.body)),
      );
    });

    test('an informer follows changes, survives dropped watches, and re-lists after 410', async () => {
      const objects = k8s.KubernetesObjectApi.makeApiClient(kc);
      const path = '/apis/networking.istio.io/v1/namespaces/default/virtualservices';
      const informer = k8s.makeInformer(kc, path, () => objects.list('networking.istio.io/v1', 'VirtualService', 'default'));
      const apply = (name: string, hosts: string[]) =>
        objects.patch(
          { apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name, namespace: 'default' }, spec: { hosts } },
          undefined,
          undefined,
          'mesh-lifecycle',
          true,
          k8s.PatchStrategy.ServerSideApply,
        );
      const hosts = (name: string) => (informer.get(name, 'default') as { spec?: { hosts?: string[] } } | undefined)?.spec?.hosts?.join(',');
      await informer.start();
      try {
        await apply('a', ['one']);
        await eventually(() => hosts('a') === 'one', 5000, 'the informer to see a');

        server.controls.dropWatches();
        await apply('a', ['two']);
        await eventually(() => hosts('a') === 'two', 10_000, 'the informer to catch up after a dropped watch');

        // Cut the watch and hold its re-connection back while a write happens and the history is
        // compacted: the resumed watch then gets 410 Expired, and the informer must list again.
        const lists = () => server.controls.requests().filter((r) => r.url.split('?')[0] === path && !/watch=/.test(r.url)).length;
        const listsBefore = lists();
        server.controls.setLatency(300, { path: /watch=/ });
        server.controls.dropWatches();
        await apply('c', ['four']);
        server.controls.compact();
        await eventually(() => hosts('c') === 'four', 10_000, 'the informer to re-list after 410');
        server.controls.setLatency(0);
        assert.ok(lists() > listsBefore, 'the informer listed again');
      } finally {
        await informer.stop();
      }
    });
  });
}
