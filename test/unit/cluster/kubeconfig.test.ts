import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { stringify } from 'yaml';
import { contextsOf, kubeconfigFiles, KubeconfigError, loadKubeconfig, targetFor } from '../../../server/src/cluster/kubeconfig';

const dir = mkdtempSync(path.join(tmpdir(), 'kubeconfig-test-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, doc: Record<string, unknown>): string {
  const file = path.join(dir, name);
  writeFileSync(file, stringify(doc));
  return file;
}

const first = write('a.yaml', {
  apiVersion: 'v1', kind: 'Config', 'current-context': 'dev',
  clusters: [{ name: 'dev', cluster: { server: 'https://dev.example:6443' } }, { name: 'shared', cluster: { server: 'https://first.example' } }],
  users: [{ name: 'dev', user: { token: 'T' } }],
  contexts: [{ name: 'dev', context: { cluster: 'dev', user: 'dev', namespace: 'shop' } }, { name: 'shared', context: { cluster: 'shared', user: 'dev' } }],
});
const second = write('b.yaml', {
  apiVersion: 'v1', kind: 'Config', 'current-context': 'prod',
  clusters: [{ name: 'prod', cluster: { server: 'https://prod.example' } }, { name: 'shared', cluster: { server: 'https://second.example' } }],
  users: [{ name: 'prod', user: { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: 'get-token' } } }],
  contexts: [{ name: 'prod', context: { cluster: 'prod', user: 'prod' } }, { name: 'broken', context: { cluster: 'missing', user: 'prod' } }],
});

test('kubeconfig files: the setting, else $KUBECONFIG, else ~/.kube/config; missing files skipped', () => {
  const missing = path.join(dir, 'missing.yaml');
  assert.deepEqual(kubeconfigFiles(`${first}${path.delimiter}${missing}`, { KUBECONFIG: second }, dir), [first]);
  assert.deepEqual(kubeconfigFiles(null, { KUBECONFIG: [second, first, second].join(path.delimiter) }, dir), [second, first]);
  assert.deepEqual(kubeconfigFiles(null, {}, dir), []);
  const home = mkdtempSync(path.join(dir, 'home-'));
  assert.deepEqual(kubeconfigFiles(null, { KUBECONFIG: '' }, home), []);
});

test('merged kubeconfig: the first file wins names and the current context', async () => {
  const kc = await loadKubeconfig([first, second]);
  assert.equal(kc.currentContext, 'dev');
  assert.deepEqual(contextsOf(kc), [
    { name: 'broken', cluster: 'missing', server: '', namespace: null },
    { name: 'dev', cluster: 'dev', server: 'https://dev.example:6443', namespace: 'shop' },
    { name: 'prod', cluster: 'prod', server: 'https://prod.example', namespace: null },
    { name: 'shared', cluster: 'shared', server: 'https://first.example', namespace: null },
  ]);
});

test('targets: the current context by default, any by name, plain errors otherwise', async () => {
  const kc = await loadKubeconfig([first, second]);
  const current = await targetFor(kc, null);
  assert.deepEqual([current.context, current.namespace, current.server], ['dev', 'shop', 'https://dev.example:6443']);
  const prod = await targetFor(kc, 'prod');
  assert.deepEqual([prod.context, prod.namespace, prod.server], ['prod', 'default', 'https://prod.example']);
  assert.equal(prod.kubeConfig.getCurrentUser()?.name, 'prod');
  assert.equal(kc.currentContext, 'dev', "choosing a context does not switch the caller's kubeconfig");
  await assert.rejects(targetFor(kc, 'staging'), (e: unknown) => e instanceof KubeconfigError && /has no context "staging"; it has: broken, dev, prod, shared/.test(e.message));
  await assert.rejects(targetFor(kc, 'broken'), (e: unknown) => e instanceof KubeconfigError && /names cluster "missing"/.test(e.message));
});

test('no file and broken files are kubeconfig errors', async () => {
  await assert.rejects(loadKubeconfig([]), KubeconfigError);
  const bad = path.join(dir, 'bad.yaml');
  writeFileSync(bad, 'clusters: [\n');
  await assert.rejects(loadKubeconfig([bad]), (e: unknown) => e instanceof KubeconfigError && e.message.startsWith(`The kubeconfig ${bad} cannot be read`));
});
