/**
 * Who the cache is, and what it may read: exec-plugin and OIDC credentials through client-node,
 * rejected credentials (401), and RBAC denials (403) — with the status naming the missing verb and
 * resource while the files' findings stay.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { stringify } from 'yaml';
import { startApiServer, type ApiServer } from '../../apiserver/index';
import { kubeconfigDocument } from '../../apiserver/kubeconfig';
import { startCluster, within, type TestCluster } from '../../support/cluster-harness';
import { liveWorkspace, startCache } from '../../support/live-workspace';

const b64url = (o: unknown): string => Buffer.from(JSON.stringify(o)).toString('base64url');
/** An unsigned JWT that client-node's OIDC support accepts as a current id-token. */
const idToken = `${b64url({ alg: 'none' })}.${b64url({ sub: 'dev', exp: Math.floor(Date.now() / 1000) + 3600 })}.sig`;
const execToken = 'token-from-an-exec-plugin';

describe('credentials', () => {
  let server: ApiServer;
  let dir: string;
  /** A kubeconfig for the server with another user entry. */
  const kubeconfigWith = (name: string, user: Record<string, unknown>): string => {
    const doc = kubeconfigDocument(server.url, undefined, 'default', server.ca) as { users: { name: string; user: unknown }[] };
    doc.users = [{ name: 'apiserver-test', user }];
    const file = path.join(dir, `${name}.yaml`);
    writeFileSync(file, stringify(doc));
    return file;
  };
  const execUser = (script: string) => ({
    exec: { apiVersion: 'client.authentication.k8s.io/v1', command: process.execPath, args: ['-e', script], interactiveMode: 'Never' },
  });

  before(async () => {
    server = await startApiServer({ token: 'static-token', tokens: { [execToken]: 'exec-user', [idToken]: 'oidc-user' } });
    dir = mkdtempSync(path.join(tmpdir(), 'cluster-access-'));
  });
  after(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const usersSeen = () => new Set(server.controls.requests().map((r) => r.user));

  test('an exec plugin supplies the token', async () => {
    const file = kubeconfigWith('exec', execUser(`console.log(JSON.stringify({ apiVersion: 'client.authentication.k8s.io/v1', kind: 'ExecCredential', status: { token: '${execToken}' } }))`));
    server.controls.clearRequests();
    const { cache } = await startCache(file, ['core/Service']);
    try {
      await within(10_000, 'sync as the exec user', () => cache.status().state === 'synced');
      assert.deepEqual([...usersSeen()], ['exec-user']);
    } finally {
      await cache.stop();
    }
  });

  test('an OIDC id-token is sent as the bearer token', async () => {
    const file = kubeconfigWith('oidc', { 'auth-provider': { name: 'oidc', config: { 'client-id': 'kubernetes', 'id-token': idToken, 'idp-issuer-url': 'https://127.0.0.1:1' } } });
    server.controls.clearRequests();
    const { cache } = await startCache(file, ['core/Service']);
    try {
      await within(10_000, 'sync as the OIDC user', () => cache.status().state === 'synced');
      assert.deepEqual([...usersSeen()], ['oidc-user']);
    } finally {
      await cache.stop();
    }
  });

  test('a failing exec plugin is a credentials problem, in plain words', async () => {
    const file = kubeconfigWith('exec-fails', execUser("process.stderr.write('login required'); process.exit(1)"));
    const { cache } = await startCache(file, ['core/Service']);
    try {
      await within(10_000, 'the credentials problem', () => /credentials of the kubeconfig could not be obtained/.test(cache.status().message));
      assert.equal(cache.status().state, 'degraded');
    } finally {
      await cache.stop();
    }
  });

  test('rejected credentials: 401 in the status', async () => {
    const file = kubeconfigWith('wrong', { token: 'not-a-valid-token' });
    const { cache } = await startCache(file, ['core/Service']);
    try {
      await within(10_000, 'the 401', () => /rejected the credentials of this context \(401 Unauthorized\)/.test(cache.status().message));
    } finally {
      await cache.stop();
    }
  });
});

describe('RBAC denials', () => {
  let cluster: TestCluster;
  before(async () => {
    cluster = await startCluster({ testServer: true });
  });
  after(() => cluster?.stop());

  test('a denied kind: the status says which permission is missing, file findings remain', async () => {
    cluster.controls!.deny({ verb: ['list', 'watch'], resource: 'secrets' });
    const file = 'file:///w/gw.yaml';
    const live = await liveWorkspace({
      kubeconfig: cluster.kubeconfigPath,
      files: { [file]: 'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: vs\n  namespace: shop\nspec:\n  hosts: [vs]\n  http:\n  - route:\n    - destination:\n        host: nowhere\n' },
    });
    try {
      const othersSynced = () => live.link.status().kinds.filter((k) => k.kind !== 'core/Secret').every((k) => k.state === 'synced' || k.state === 'not-served');
      await within(10_000, 'the denial in the status, the rest synced', () => live.link.status().state === 'degraded' && othersSynced());
      const status = live.link.status();
      assert.match(status.message, /not allowed to list secrets in all namespaces \(403 Forbidden for user "system:anonymous"\)/);
      assert.match(status.message, /file findings are unaffected/);
      assert.deepEqual(status.kinds.filter((k) => k.state === 'denied').map((k) => k.kind), ['core/Secret']);
      // The file is still checked, against everything else the cluster holds.
      await within(5000, 'the file finding', () => live.findings(file).some((f) => f.code === 'IST0101'));
      assert.ok(!live.link.cache!.snapshot().listedKinds.includes('core/Secret'), 'a denied kind is not claimed as known');
      // Permission granted: the kind syncs on the next retry.
      cluster.controls!.allowAll();
      await within(10_000, 'sync once allowed', () => live.link.status().state === 'synced');
    } finally {
      cluster.controls!.allowAll();
      await live.close();
    }
  });

  test('list allowed but watch denied: the status names watch', async () => {
    cluster.controls!.deny({ verb: 'watch', resource: 'services' });
    const { cache } = await startCache(cluster.kubeconfigPath, ['core/Service']);
    try {
      await within(10_000, 'the watch denial', () => /not allowed to watch services in all namespaces/.test(cache.status().message));
      assert.equal(cache.status().kinds[0]!.state, 'denied');
    } finally {
      cluster.controls!.allowAll();
      await cache.stop();
    }
  });

  test('denied in one namespace of several', async () => {
    cluster.controls!.deny({ verb: 'list', resource: 'pods', namespace: 'kube-system' });
    const { cache } = await startCache(cluster.kubeconfigPath, ['core/Pod'], { namespaces: ['default', 'kube-system'] });
    try {
      await within(10_000, 'the namespaced denial', () => /not allowed to list pods in namespace "kube-system"/.test(cache.status().message));
    } finally {
      cluster.controls!.allowAll();
      await cache.stop();
    }
  });

  test('CRDs denied: the bundled schemas stay, and the status says so', async () => {
    cluster.controls!.deny({ verb: 'list', resource: 'customresourcedefinitions' });
    const { cache } = await startCache(cluster.kubeconfigPath, ['core/Service'], { schemaGroups: new Set(['networking.istio.io']) });
    try {
      await within(10_000, 'the schema note', () => /Schemas: not allowed to list customresourcedefinitions\.apiextensions\.k8s\.io at the cluster scope .*; using the bundled schemas\./.test(cache.status().message));
      assert.equal(cache.status().state, 'synced');
      assert.deepEqual(cache.overlay(), []);
    } finally {
      cluster.controls!.allowAll();
      await cache.stop();
    }
  });
});
