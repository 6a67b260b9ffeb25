/**
 * Editor features on live cluster objects: a workspace linked to a cluster (the Kubernetes API
 * test server, or MESH_TEST_KUBECONFIG's cluster) through the real watch-driven cache. A route in
 * a file to a Service that exists only in the cluster completes, hovers and jumps into a
 * read-only live document; a subset hover counts the live pods it selects.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { completion } from '../../../server/src/features/completion';
import { contextOf, type FileView } from '../../../server/src/features/documents';
import { hover } from '../../../server/src/features/hover';
import { parseLiveUri, renderLive } from '../../../server/src/features/live-objects';
import { definition } from '../../../server/src/features/navigation';
import { startCluster, within, type TestCluster } from '../../support/cluster-harness';
import { textAt, withCursor } from '../../support/cursor';
import { liveWorkspace, type LiveWorkspace } from '../../support/live-workspace';

const FILE = 'file:///work/routes.yaml';

describe('editor features on live objects', () => {
  let cluster: TestCluster;
  let live: LiveWorkspace;
  const pod = (name: string, version: string) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, labels: { app: 'reviews', version } }, spec: { containers: [{ name: 'app', image: 'reviews' }] } });

  before(async () => {
    cluster = await startCluster();
    await cluster.create([
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'details' }, spec: { selector: { app: 'details' }, ports: [{ name: 'http', port: 9080 }] } },
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'reviews' }, spec: { selector: { app: 'reviews' }, ports: [{ name: 'http', port: 9080 }] } },
      pod('reviews-v1-a', 'v1'), pod('reviews-v1-b', 'v1'), pod('reviews-v2-a', 'v2'),
    ]);
    live = await liveWorkspace({ kubeconfig: cluster.kubeconfigPath });
    await within(10_000, 'the cluster to sync', () => live.link.status().state === 'synced' && live.workspace.index.get('core/Pod', cluster.namespace, 'reviews-v2-a') !== undefined);
  });
  after(async () => {
    await live?.close();
    await cluster?.stop();
  });

  /** Puts `marked` into the workspace as the routes file; returns the view and the cursor. */
  function routes(marked: string): { view: FileView; position: { line: number; character: number }; text: string } {
    const { text, position } = withCursor(marked);
    live.workspace.setFile(FILE, text);
    return { view: { file: FILE, documents: live.workspace.documentsOf(FILE)! }, position, text };
  }

  const vs = (destination: string): string => `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: r, namespace: ${cluster.namespace}}
spec:
  hosts: [reviews]
  http:
  - route:
    - destination: ${destination}
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: reviews, namespace: ${cluster.namespace}}
spec:
  host: reviews
  subsets:
  - name: v1
    labels: {version: v1}
`;

  test('completion offers the live Services as hosts, marked live', () => {
    const { view, position } = routes(vs('{host: $0}'));
    const items = completion(contextOf(live.workspace), view, position);
    assert.equal(items.find((i) => i.label === 'details')?.detail, `Service ${cluster.namespace}/details (live)`);
  });

  test('definition of a host that only the cluster has opens the live object read-only', () => {
    const { view, position } = routes(vs('{host: det$0ails}'));
    const [location] = definition(contextOf(live.workspace), view, position);
    assert.ok(location?.uri.startsWith('mesh-lifecycle-live:/'), location?.uri);
    const resource = live.workspace.index.byKey(parseLiveUri(location!.uri)!);
    assert.equal(resource?.origin.type, 'cluster');
    assert.deepEqual(textAt(renderLive(resource!), location!.range), { token: 'details', line: '  name: details' });
  });

  test('a subset hover counts the live pods it selects', () => {
    const { view, position } = routes(vs('{host: reviews, subset: v$01}'));
    const h = hover(contextOf(live.workspace), view, position)!;
    assert.match((h.contents as { value: string }).value, /Pods: 2 pods match \(2 live\)/);
  });
});
