/**
 * The language server with a live cluster, over LSP: a folder whose settings name the cluster
 * gets its status notifications, diagnostics that follow the cluster through the watch, and the
 * findings on live objects without a file through meshLifecycle/clusterFindings. The CRD schema
 * cache goes where initializationOptions.cacheDir says.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ClusterFindingsRequest, type ClusterFindingsResult, type ClusterStatusParams } from '../../../server/src/protocol';
import { startCluster, within, type TestCluster } from '../../support/cluster-harness';
import { startWorkspaceServer, type WorkspaceClient } from '../../support/lspWorkspace';

describe('language server with a live cluster', () => {
  let cluster: TestCluster;
  let client: WorkspaceClient;
  let dir: string;
  let istio = false;
  const statuses: ClusterStatusParams[] = [];
  const service = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'ratings' }, spec: { selector: { app: 'ratings' }, ports: [{ name: 'http', port: 9080 }] } };

  before(async () => {
    cluster = await startCluster();
    istio = await cluster.serves('networking.istio.io/v1', 'VirtualService');
    await cluster.create([service]);
    if (istio) await cluster.create([{ apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name: 'orphan' }, spec: { hosts: ['orphan'], http: [{ route: [{ destination: { host: 'gone' } }] }] } }]);
    dir = mkdtempSync(path.join(tmpdir(), 'ls-cluster-'));
    mkdirSync(path.join(dir, 'ws'));
    writeFileSync(path.join(dir, 'ws', 'ratings.yaml'), [
      'apiVersion: networking.istio.io/v1', 'kind: VirtualService', 'metadata:', '  name: ratings', `  namespace: ${cluster.namespace}`,
      'spec:', '  hosts: [ratings]', '  http:', '  - route:', '    - destination:', '        host: ratings', '',
    ].join('\n'));
    client = await startWorkspaceServer({
      folders: [path.join(dir, 'ws')],
      settings: { cluster: { kubeconfig: cluster.kubeconfigPath } },
      initializationOptions: { cacheDir: path.join(dir, 'cache') },
      env: { HOME: dir },
      notifications: { 'meshLifecycle/clusterStatus': (p: ClusterStatusParams) => { statuses.push(p); } },
    });
  });
  after(async () => {
    await client?.stop();
    await cluster?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const uri = () => client.uri(path.join(dir, 'ws', 'ratings.yaml'));
  const ist0101 = (d: { code?: unknown }[]) => d.some((x) => x.code === 'IST0101');

  test('the folder reports its cluster and is checked against it', async () => {
    await within(15_000, 'a synced status', () => statuses.some((s) => s.state === 'synced'));
    const synced = statuses.find((s) => s.state === 'synced')!;
    assert.equal(synced.folder, client.uri(path.join(dir, 'ws')));
    assert.equal(synced.context, cluster.context);
    assert.match(synced.message, /Synced with cluster/);
    // Open, so that its diagnostics are published even when there are none.
    client.open(uri(), readFileSync(path.join(dir, 'ws', 'ratings.yaml'), 'utf8'));
    await client.waitFor(uri(), (d) => !ist0101(d));
    assert.ok(existsSync(path.join(dir, 'cache', 'crd-schemas')) && readdirSync(path.join(dir, 'cache', 'crd-schemas')).length === 1, 'CRD schemas cached where the client said');
  });

  test('deleting the Service in the cluster publishes the finding within a second', async () => {
    await cluster.remove(service);
    const started = performance.now();
    await client.waitFor(uri(), ist0101, 5000);
    const took = performance.now() - started;
    assert.ok(took < 1000, `took ${Math.round(took)} ms`);
  });

  test('findings on live objects without a file', async (t) => {
    if (!istio) return t.skip('this cluster has no Istio CRDs');
    const result = await client.connection.sendRequest<ClusterFindingsResult>(ClusterFindingsRequest.method, {});
    const orphan = result.findings.filter((f) => f.resource.name === 'orphan');
    assert.deepEqual(orphan.map((f) => [f.code, f.resource.kind, f.resource.namespace, f.context]), [['IST0101', 'VirtualService', cluster.namespace, cluster.context]]);
  });

  test('turning the cluster off in the settings takes its objects away', async () => {
    await cluster.create([service]);
    await client.waitFor(uri(), (d) => !ist0101(d), 5000);
    client.setSettings({ cluster: { enabled: false } });
    await within(10_000, 'a disabled status', () => statuses.at(-1)?.state === 'disabled');
    // With no Service known at all, the host check has nothing to say either way.
    await client.waitFor(uri(), (d) => !ist0101(d), 5000);
    const result = await client.connection.sendRequest<ClusterFindingsResult>(ClusterFindingsRequest.method, {});
    assert.deepEqual(result.findings, []);
  });
});
