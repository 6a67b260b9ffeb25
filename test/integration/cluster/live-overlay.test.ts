/**
 * The what-if overlay against a live cluster: files layered over the watch-driven cache.
 *
 * Done-when: a VirtualService in a file routing to a Service that exists only in the cluster has no
 * finding; deleting that Service in the cluster makes the finding appear within a second, through
 * the watch (no new list request). Also: a file overrides the live object with the same identity,
 * and live objects without a file get findings of their own.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startCluster, within, type TestCluster } from '../../support/cluster-harness';
import { liveWorkspace, type LiveWorkspace } from '../../support/live-workspace';

const VS_FILE = 'file:///work/reviews-vs.yaml';

describe('live overlay', () => {
  let cluster: TestCluster;
  let live: LiveWorkspace;
  const service = (name: string, port: number) => ({ apiVersion: 'v1', kind: 'Service', metadata: { name }, spec: { selector: { app: name }, ports: [{ name: 'http', port }] } });

  before(async () => {
    cluster = await startCluster();
    await cluster.create([service('reviews', 9080)]);
    live = await liveWorkspace({
      kubeconfig: cluster.kubeconfigPath,
      files: {
        [VS_FILE]: [
          'apiVersion: networking.istio.io/v1',
          'kind: VirtualService',
          'metadata:',
          '  name: reviews',
          `  namespace: ${cluster.namespace}`,
          'spec:',
          '  hosts: [reviews]',
          '  http:',
          '  - route:',
          '    - destination:',
          '        host: reviews',
          '        port: { number: 9080 }',
          '',
        ].join('\n'),
      },
    });
    await within(10_000, 'the cluster to sync', () => live.link.status().state === 'synced');
  });
  after(async () => {
    await live?.close();
    await cluster?.stop();
  });

  const hostFindings = () => live.findings(VS_FILE).filter((f) => f.code === 'IST0101');

  test('a Service that exists only in the cluster satisfies the file', () => {
    assert.deepEqual(hostFindings(), []);
    assert.ok(live.workspace.index.get('core/Service', cluster.namespace, 'reviews'), 'the live Service is in the index');
  });

  test('a file overrides the live object with the same identity (what if I applied this)', async () => {
    const file = 'file:///work/reviews-svc.yaml';
    live.workspace.setFile(file, `apiVersion: v1\nkind: Service\nmetadata:\n  name: reviews\n  namespace: ${cluster.namespace}\nspec:\n  ports:\n  - name: http\n    port: 8080\n`);
    const result = live.workspace.analyze();
    assert.match(result.findings.get(VS_FILE)?.find((f) => f.code === 'IST0101')?.message ?? '', /has no port 9080; it exposes 8080/);
    live.workspace.removeFile(file);
    assert.deepEqual((live.workspace.analyze().findings.get(VS_FILE) ?? []).filter((f) => f.code === 'IST0101'), []);
  });

  test('deleting the Service in the cluster makes the finding appear within a second, via the watch', async () => {
    const lists = () => cluster.controls?.requests().filter((r) => r.method === 'GET' && /\/services(\?|$)/.test(r.url) && !/watch=/.test(r.url)).length ?? 0;
    const listsBefore = lists();
    await cluster.remove(service('reviews', 9080));
    const took = await within(1000, 'the IST0101 finding after the delete', () => hostFindings().length === 1);
    assert.match(hostFindings()[0]!.message, /Destination host "reviews" matches no Service or ServiceEntry/);
    assert.equal(lists(), listsBefore, 'the change came through the watch, not a new list');
    assert.ok(took < 1000);
    // And back: creating it again clears the finding the same way.
    await cluster.create([service('reviews', 9080)]);
    await within(1000, 'the finding to clear after the Service returns', () => hostFindings().length === 0);
  });

  test('a live object with no file gets findings of its own, served as live findings', async (t) => {
    if (!(await cluster.serves('networking.istio.io/v1', 'VirtualService'))) return t.skip('this cluster has no Istio CRDs');
    await cluster.create([{
      apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name: 'orphan' },
      spec: { hosts: ['orphan'], http: [{ route: [{ destination: { host: 'nowhere' } }] }] },
    }]);
    const key = `cluster:networking.istio.io/VirtualService/${cluster.namespace}/orphan`;
    await within(2000, 'a finding on the live VirtualService', () => live.findings(key).some((f) => f.code === 'IST0101'));
    const found = live.link.liveFindings(live.all(), null).filter((f) => f.resource.name === 'orphan');
    assert.deepEqual(found.map((f) => [f.resource.kind, f.resource.namespace, f.code, f.message]), [
      ['VirtualService', cluster.namespace, 'IST0101', `Destination host "nowhere" matches no Service or ServiceEntry visible from namespace "${cluster.namespace}".`],
    ]);
    assert.equal(found[0]!.context, cluster.context);
    // A file with the same identity replaces the live object, and with it the live finding.
    const file = 'file:///work/orphan.yaml';
    live.workspace.setFile(file, `apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: orphan\n  namespace: ${cluster.namespace}\nspec:\n  hosts: [orphan]\n  http:\n  - route:\n    - destination:\n        host: reviews\n`);
    const result = live.workspace.analyze();
    assert.deepEqual(result.findings.get(key) ?? [], []);
    live.workspace.removeFile(file);
    live.workspace.analyze();
  });
});
