/**
 * `mesh-lifecycle lint --context CTX [-n NS | -A] [--kubeconfig FILE]` against a live cluster: files
 * are checked as if applied (live objects satisfy their references, files override live objects),
 * findings on live objects without a file are listed, missing permissions warn, and a cluster that
 * cannot be read stops the run with exit code 2 and the reason.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { runCli } from '../../../server/src/cli';
import { NEEDS_TEST_SERVER, startCluster, type TestCluster } from '../../support/cluster-harness';

interface Run { code: number; stdout: string; stderr: string }

async function lint(args: string[], cwd: string): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(['lint', ...args], { stdout: (t) => { stdout += t; }, stderr: (t) => { stderr += t; }, readStdin: async () => '', cwd, colorSupported: false });
  return { code, stdout, stderr };
}

describe('mesh-lifecycle lint against a cluster', () => {
  let cluster: TestCluster;
  let dir: string;
  let istio = false;
  const service = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'details' }, spec: { selector: { app: 'details' }, ports: [{ name: 'http', port: 9080 }] } };

  before(async () => {
    cluster = await startCluster();
    istio = await cluster.serves('networking.istio.io/v1', 'VirtualService');
    await cluster.create([service]);
    if (istio) await cluster.create([{ apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name: 'stale-route' }, spec: { hosts: ['stale'], http: [{ route: [{ destination: { host: 'decommissioned' } }] }] } }]);
    dir = mkdtempSync(path.join(tmpdir(), 'cli-cluster-'));
    // No namespace written: with -n (or the context's namespace) it is checked as if applied there.
    writeFileSync(path.join(dir, 'details.yaml'), 'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: details\nspec:\n  hosts: [details]\n  http:\n  - route:\n    - destination:\n        host: details\n        port: { number: 9080 }\n');
  });
  after(async () => {
    await cluster?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const base = () => ['--kubeconfig', cluster.kubeconfigPath, '--context', cluster.context, '--format', 'json', '--no-color'];
  const findings = (run: Run) => (JSON.parse(run.stdout) as { findings: { code: string; file: string; message: string }[] }).findings;

  test('without the cluster the file says nothing about hosts; with it, the live Service satisfies it', async () => {
    const offline = await lint(['--format', 'json', dir], dir);
    assert.equal(offline.code, 0, offline.stderr);
    const run = await lint([...base(), '-n', cluster.namespace, dir], dir);
    assert.equal(run.stderr, '');
    assert.deepEqual(findings(run).filter((f) => f.file.endsWith('details.yaml')), []);
  });

  test('findings on live objects without a file are listed, and count', async (t) => {
    if (!istio) return t.skip('this cluster has no Istio CRDs');
    const run = await lint([...base(), '-n', cluster.namespace, dir], dir);
    const live = findings(run).filter((f) => f.file.startsWith('cluster:'));
    // Only objects in scope: the VirtualService, and the namespace itself (not injected, though Istio is in use).
    assert.deepEqual(live.map((f) => [f.file, f.code]), [
      [`cluster:core/Namespace//${cluster.namespace}`, 'IST0102'],
      [`cluster:networking.istio.io/VirtualService/${cluster.namespace}/stale-route`, 'IST0101'],
    ]);
    assert.equal(run.code, 1);
    // The text format names them the same way.
    const text = await lint(['--kubeconfig', cluster.kubeconfigPath, '-n', cluster.namespace, '--no-color', dir], dir);
    assert.match(text.stdout, new RegExp(`cluster:networking\\.istio\\.io/VirtualService/${cluster.namespace}/stale-route:1:1: error IST0101 Destination host "decommissioned"`));
  });

  test('-A reads every namespace; -n another namespace reads only that one', async (t) => {
    if (!istio) return t.skip('this cluster has no Istio CRDs');
    const stale = `cluster:networking.istio.io/VirtualService/${cluster.namespace}/stale-route`;
    const all = await lint([...base(), '-A', dir], dir);
    assert.ok(findings(all).some((f) => f.file === stale), 'the live object of another namespace is read');
    // The file names no namespace: with -A it lands in "default", where no Service "details" is.
    assert.deepEqual(findings(all).filter((f) => f.file.endsWith('details.yaml')).map((f) => f.code), ['IST0101']);
    const elsewhere = await lint([...base(), '-n', 'kube-system', dir], dir);
    assert.ok(!findings(elsewhere).some((f) => f.file === stale));
    assert.ok(!findings(elsewhere).some((f) => f.file.startsWith('cluster:core/Namespace//') && !f.file.endsWith('//kube-system')), 'only the namespace in scope');
  });

  test('an unknown context is a usage problem (exit 2) naming the contexts there are', async () => {
    const run = await lint(['--kubeconfig', cluster.kubeconfigPath, '--context', 'nope', dir], dir);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /has no context "nope"; it has: /);
  });

  test('a denied kind: a warning that names the permission, and the rest is checked', { skip: NEEDS_TEST_SERVER }, async () => {
    cluster.controls!.deny({ verb: 'list', resource: 'pods' });
    try {
      const run = await lint([...base(), '-n', cluster.namespace, dir], dir);
      assert.match(run.stderr, new RegExp(`warning: cluster "${cluster.context}": 1 of \\d+ kinds could not be read, so checks that need them are skipped: not allowed to list pods in namespace "${cluster.namespace}"`));
      assert.deepEqual(findings(run).filter((f) => f.file.endsWith('details.yaml')), []);
    } finally {
      cluster.controls!.allowAll();
    }
  });

  test('an unreachable cluster stops the run (exit 2) with the reason', { skip: NEEDS_TEST_SERVER }, async () => {
    await cluster.controls!.outage('refuse');
    try {
      const started = performance.now();
      const run = await lint([...base(), dir], dir);
      assert.equal(run.code, 2);
      assert.match(run.stderr, /mesh-lifecycle: cannot read cluster "apiserver-test": connection refused by 127\.0\.0\.1:\d+: is the cluster running\?/);
      assert.equal(run.stdout, '');
      assert.ok(performance.now() - started < 5000, 'a refused connection does not wait for the timeout');
    } finally {
      await cluster.controls!.restore();
    }
  });
});
