/**
 * CRD discovery: the cluster's CRDs replace the bundled schemas of their kinds, follow changes to
 * them live, are cached on disk so the next start validates the same way without reaching the
 * cluster, and a CRD that goes away or comes back changes which kinds are watched.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { KubeObject } from '../../apiserver/index';
import { startCluster, within, type TestCluster } from '../../support/cluster-harness';
import { liveWorkspace } from '../../support/live-workspace';

const FILE = 'file:///w/old-api.yaml';
const OLD_API = 'apiVersion: networking.istio.io/v1beta1\nkind: VirtualService\nmetadata:\n  name: old\n  namespace: shop\nspec:\n  hosts: [old]\n';
const VS_CRD = 'virtualservices.networking.istio.io';

describe('CRD schemas from the cluster', () => {
  let cluster: TestCluster;
  let cacheDir: string;

  before(async () => {
    cluster = await startCluster({ testServer: true });
    cacheDir = mkdtempSync(path.join(tmpdir(), 'mesh-crd-cache-'));
  });
  after(async () => {
    await cluster?.stop();
    rmSync(cacheDir, { recursive: true, force: true });
  });

  const versionFindings = (findings: readonly { code: string; message: string }[]) => findings.filter((f) => f.code === 'MSH1009' || f.code === 'MSH1007' || f.code === 'MSH1008');

  test('a cluster that no longer serves v1beta1: files are checked against its CRD, live and after a restart offline', async () => {
    const live = await liveWorkspace({ kubeconfig: cluster.kubeconfigPath, cacheDir, files: { [FILE]: OLD_API } });
    try {
      await within(10_000, 'sync', () => live.link.status().state === 'synced');
      assert.deepEqual(versionFindings(live.findings(FILE)), [], 'v1beta1 is served by the bundle and by this cluster');
      // The cluster stops serving v1beta1 (as an Istio upgrade might).
      const crd = structuredClone(cluster.controls!.get('apiextensions.k8s.io/v1', 'CustomResourceDefinition', VS_CRD)) as KubeObject & { spec: { versions: { name: string; served: boolean }[] } };
      crd.spec.versions = crd.spec.versions.filter((v) => v.name === 'v1');
      await cluster.replace(crd);
      await within(5000, 'the finding from the live CRD', () => versionFindings(live.findings(FILE)).length === 1);
      assert.match(versionFindings(live.findings(FILE))[0]!.message, /v1beta1 is not a version of VirtualService; served: v1/);
    } finally {
      await live.close();
    }
    // Next start, cluster unreachable: the cached CRDs give the same answer before any request.
    await cluster.controls!.outage('refuse');
    const offline = await liveWorkspace({ kubeconfig: cluster.kubeconfigPath, cacheDir, files: { [FILE]: OLD_API } });
    try {
      await within(5000, 'the cached schemas in use', () => versionFindings(offline.findings(FILE)).length === 1);
      assert.match(versionFindings(offline.findings(FILE))[0]!.message, /served: v1/);
      await within(10_000, 'offline status', () => offline.link.status().state === 'offline');
    } finally {
      await offline.close();
      await cluster.controls!.restore();
    }
  });

  test('a CRD removed and installed again: its kind stops and starts being watched', async () => {
    const live = await liveWorkspace({ kubeconfig: cluster.kubeconfigPath });
    const sidecar = 'networking.istio.io/Sidecar';
    const kindState = () => live.link.status().kinds.find((k) => k.kind === sidecar)?.state;
    try {
      await within(10_000, 'sync', () => live.link.status().state === 'synced');
      assert.equal(kindState(), 'synced');
      const crd = structuredClone(cluster.controls!.get('apiextensions.k8s.io/v1', 'CustomResourceDefinition', 'sidecars.networking.istio.io')) as KubeObject;
      await cluster.remove(crd);
      await within(5000, 'Sidecar no longer served', () => kindState() === 'not-served');
      const { metadata, ...rest } = crd;
      await cluster.create([{ ...rest, metadata: { name: metadata!.name } }]);
      await within(5000, 'Sidecar watched again', () => kindState() === 'synced');
      await cluster.create([{ apiVersion: 'networking.istio.io/v1', kind: 'Sidecar', metadata: { name: 'default' }, spec: { egress: [{ hosts: ['./*'] }] } }]);
      await within(5000, 'the new Sidecar in the cache', () => live.workspace.index.ofKind(sidecar).length === 1);
    } finally {
      await live.close();
    }
  });
});
