/**
 * Fidelity proof: the real kubectl (the one on PATH, or $KUBECTL; 1.32 on the project machines)
 * against the API test server, through the kubeconfig the server writes. Each test runs kubectl
 * commands a user would run and checks both what kubectl prints and what the server then holds.
 * Skipped only when there is no kubectl.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startApiServer, type ApiServer } from '../../apiserver/index';
import { client, hasKubectl, KUBECTL, kubectlFor } from './helpers';

const skip = hasKubectl ? false : 'kubectl is not installed (none on PATH and KUBECTL is not set)';

const virtualService = (hosts: string[], fieldExtra = '') => `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews
  labels: {app: reviews, tier: backend}
spec:
  hosts: [${hosts.join(', ')}]
  http:
  - route:
    - destination: {host: reviews, subset: v1}
      weight: 90
    - destination: {host: reviews, subset: v2}
      weight: 10
${fieldExtra}`;

const httpRoute = `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: reviews
  namespace: shop
spec:
  parentRefs:
  - name: mesh-gateway
  hostnames: [reviews.example.com]
  rules:
  - matches:
    - path: {type: PathPrefix, value: /reviews}
    backendRefs:
    - {name: reviews-v1, port: 9080, weight: 90}
    - {name: reviews-v2, port: 9080, weight: 10}
`;

describe('kubectl against the API test server', { skip }, () => {
  let server: ApiServer;
  let kubectl: ReturnType<typeof kubectlFor>;
  let k: ReturnType<typeof kubectlFor>['run'];

  before(async () => {
    server = await startApiServer();
    kubectl = kubectlFor(server);
    k = kubectl.run;
    server.controls.seed([
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: 'default', labels: { app: 'reviews', tier: 'backend' } }, data: { mode: 'fast' } },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'other', namespace: 'default', labels: { app: 'ratings', tier: 'frontend' } }, data: {} },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'shop-settings', namespace: 'shop', labels: { app: 'reviews' } }, data: {} },
    ]);
  });
  after(async () => {
    await server.stop();
    kubectl.remove();
  });

  test('version and api-resources come from /version and discovery', async (t) => {
    const version = await k(['version', '-o', 'json']);
    assert.equal(version.code, 0, version.stderr);
    t.diagnostic(`kubectl ${String(JSON.parse(version.stdout).clientVersion.gitVersion)} at ${KUBECTL}`);
    assert.equal(JSON.parse(version.stdout).serverVersion.gitVersion, 'v1.32.4');
    const resources = await k(['api-resources']);
    assert.equal(resources.code, 0, resources.stderr);
    const lines = resources.stdout.split('\n').map((l) => l.trim().split(/\s+/).join(' '));
    for (const want of [
      'virtualservices vs networking.istio.io/v1 true VirtualService',
      'httproutes gateway.networking.k8s.io/v1 true HTTPRoute',
      'gatewayclasses gc gateway.networking.k8s.io/v1 false GatewayClass',
      'leases coordination.k8s.io/v1 true Lease',
      'customresourcedefinitions crd,crds apiextensions.k8s.io/v1 false CustomResourceDefinition',
      'namespaces ns v1 false Namespace',
    ]) {
      assert.ok(lines.includes(want), `api-resources lists "${want}"`);
    }
  });

  test('get: a table, and -o json of a list and of an object', async () => {
    const table = await k(['get', 'configmaps']);
    assert.equal(table.code, 0, table.stderr);
    assert.match(table.stdout, /^NAME\s+DATA\s+AGE\n/);
    assert.match(table.stdout, /\nsettings\s+1\s+\d+s\n/);
    const list = JSON.parse((await k(['get', 'configmaps', '-o', 'json'])).stdout);
    assert.equal(list.kind, 'List');
    assert.deepEqual(list.items.map((i: { metadata: { name: string } }) => i.metadata.name).sort(), ['other', 'settings']);
    assert.equal(list.items[0].kind, 'ConfigMap', 'kubectl fills in the kind of typed list items');
    const one = JSON.parse((await k(['get', 'configmap', 'settings', '-o', 'json'])).stdout);
    assert.deepEqual(one.data, { mode: 'fast' });
    assert.equal(one.metadata.managedFields, undefined, 'kubectl hides managedFields by default');
  });

  test('get -A and get -l, including set-based selectors', async () => {
    const all = await k(['get', 'configmaps', '-A']);
    assert.match(all.stdout, /^NAMESPACE\s+NAME\s+DATA\s+AGE\n/);
    assert.match(all.stdout, /\nshop\s+shop-settings\s/);
    const byLabel = await k(['get', 'configmaps', '-A', '-l', 'app=reviews', '-o', 'name']);
    assert.deepEqual(byLabel.stdout.trim().split('\n').sort(), ['configmap/settings', 'configmap/shop-settings']);
    const setBased = await k(['get', 'configmaps', '-l', 'tier in (backend),app notin (ratings),!missing', '-o', 'name']);
    assert.equal(setBased.stdout.trim(), 'configmap/settings');
    const none = await k(['get', 'configmaps', '-l', 'app=nothing']);
    assert.match(none.stderr, /No resources found in default namespace/);
  });

  test('create -f, then a second create fails with AlreadyExists', async () => {
    const created = await k(['create', '-f', '-'], { input: virtualService(['reviews']) });
    assert.equal(created.code, 0, created.stderr);
    assert.equal(created.stdout.trim(), 'virtualservice.networking.istio.io/reviews created');
    const again = await k(['create', '-f', '-'], { input: virtualService(['reviews']) });
    assert.notEqual(again.code, 0);
    assert.match(again.stderr, /Error from server \(AlreadyExists\).*virtualservices\.networking\.istio\.io "reviews" already exists/);
    const stored = server.controls.get('networking.istio.io/v1', 'VirtualService', 'reviews');
    assert.equal(stored?.metadata.managedFields?.[0].manager, 'kubectl-create');
  });

  test('create -f with an unknown field fails under kubectl\'s default strict validation', async () => {
    const r = await k(['create', '-f', '-'], { input: virtualService(['x'], '  bogus: true\n').replace('name: reviews', 'name: strict') });
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /strict decoding error: unknown field "spec\.bogus"/);
  });

  test('apply --server-side: create, a conflicting manager fails, --force-conflicts takes over', async () => {
    const vs = virtualService(['ssa']).replace('name: reviews', 'name: ssa');
    const first = await k(['apply', '--server-side', '-f', '-'], { input: vs });
    assert.equal(first.code, 0, first.stderr);
    assert.equal(first.stdout.trim(), 'virtualservice.networking.istio.io/ssa serverside-applied');

    const theirs = virtualService(['ssa', 'canary']).replace('name: reviews', 'name: ssa');
    const conflict = await k(['apply', '--server-side', '--field-manager=rollout-engine', '-f', '-'], { input: theirs });
    assert.equal(conflict.code, 1);
    assert.match(conflict.stderr, /Apply failed with 1 conflict: conflict with "kubectl": \.spec\.hosts/);
    assert.match(conflict.stderr, /--force-conflicts/);
    assert.deepEqual(server.controls.get('networking.istio.io/v1', 'VirtualService', 'ssa')?.spec, { hosts: ['ssa'], http: [{ route: [{ destination: { host: 'reviews', subset: 'v1' }, weight: 90 }, { destination: { host: 'reviews', subset: 'v2' }, weight: 10 }] }] });

    const forced = await k(['apply', '--server-side', '--field-manager=rollout-engine', '--force-conflicts', '-f', '-'], { input: theirs });
    assert.equal(forced.code, 0, forced.stderr);
    const json = JSON.parse((await k(['get', 'vs', 'ssa', '-o', 'json', '--show-managed-fields'])).stdout);
    assert.deepEqual(json.spec.hosts, ['ssa', 'canary']);
    const owners = Object.fromEntries(json.metadata.managedFields.map((m: { manager: string; fieldsV1: { 'f:spec': Record<string, unknown> } }) => [m.manager, Object.keys(m.fieldsV1['f:spec'] ?? {})]));
    assert.deepEqual(owners, { kubectl: ['f:http'], 'rollout-engine': ['f:hosts', 'f:http'] });
  });

  test('apply --server-side --dry-run=server persists nothing', async () => {
    const before = server.controls.resourceVersion();
    const vs = virtualService(['dry']).replace('name: reviews', 'name: dry-run');
    const r = await k(['apply', '--server-side', '--dry-run=server', '-f', '-', '-o', 'json'], { input: vs });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout).spec.hosts, ['dry']);
    assert.equal(server.controls.resourceVersion(), before);
    assert.equal(server.controls.get('networking.istio.io/v1', 'VirtualService', 'dry-run'), undefined);
    const missing = await k(['get', 'vs', 'dry-run']);
    assert.match(missing.stderr, /NotFound/);
  });

  test('delete removes the object (kubectl waits for it through a watch)', async () => {
    // Not `kubectl create configmap`: kubectl's typed generators send protobuf, which this server does not read.
    assert.equal((await k(['create', '-f', '-'], { input: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: to-delete}\ndata: {a: b}\n' })).code, 0);
    const r = await k(['delete', 'configmap', 'to-delete']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout.trim(), 'configmap "to-delete" deleted');
    assert.equal(server.controls.get('v1', 'ConfigMap', 'to-delete'), undefined);
    const again = await k(['delete', 'configmap', 'to-delete']);
    assert.match(again.stderr, /Error from server \(NotFound\): configmaps "to-delete" not found/);
  });

  test('get --raw returns the API response unchanged', async () => {
    const r = await k(['get', '--raw', '/api/v1/namespaces/default/configmaps/settings']);
    const body = JSON.parse(r.stdout);
    assert.equal(body.kind, 'ConfigMap');
    const raw = JSON.parse((await k(['get', '--raw', '/apis/networking.istio.io/v1'])).stdout);
    assert.equal(raw.kind, 'APIResourceList');
  });

  test('get --watch prints the current objects, then changes as they happen', async () => {
    const watch = kubectl.start(['get', 'configmaps', '--watch', '-l', 'watched=yes']);
    const c = client(server);
    await c.post('/api/v1/namespaces/default/configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'w1', labels: { watched: 'yes' } }, data: {} });
    await watch.waitFor(/\nw1\s+0\s/);
    await c.post('/api/v1/namespaces/default/configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'w2', labels: { watched: 'yes' } }, data: { a: '1' } });
    await c.patch('/api/v1/namespaces/default/configmaps/w1', { data: { x: '1', y: '2' } }, 'application/merge-patch+json');
    const out = await watch.waitFor(/\nw1\s+2\s/);
    await watch.stop();
    assert.match(out, /w2\s+1\s/);
  });

  test('an Istio VirtualService and a Gateway API HTTPRoute round-trip unchanged', async () => {
    const vs = virtualService(['reviews.shop.svc.cluster.local']).replace('name: reviews', 'name: roundtrip');
    assert.equal((await k(['apply', '--server-side', '-n', 'shop', '-f', '-'], { input: vs })).code, 0);
    assert.equal((await k(['apply', '--server-side', '-f', '-'], { input: httpRoute })).code, 0);
    const gotVs = JSON.parse((await k(['get', 'virtualservice', 'roundtrip', '-n', 'shop', '-o', 'json'])).stdout);
    assert.deepEqual(gotVs.spec, {
      hosts: ['reviews.shop.svc.cluster.local'],
      http: [{ route: [{ destination: { host: 'reviews', subset: 'v1' }, weight: 90 }, { destination: { host: 'reviews', subset: 'v2' }, weight: 10 }] }],
    });
    assert.deepEqual(gotVs.metadata.labels, { app: 'reviews', tier: 'backend' });
    const gotRoute = JSON.parse((await k(['get', 'httproute', 'reviews', '-n', 'shop', '-o', 'json'])).stdout);
    assert.deepEqual(gotRoute.spec, {
      parentRefs: [{ name: 'mesh-gateway' }],
      hostnames: ['reviews.example.com'],
      rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/reviews' } }], backendRefs: [{ name: 'reviews-v1', port: 9080, weight: 90 }, { name: 'reviews-v2', port: 9080, weight: 10 }] }],
    });
    const table = await k(['get', 'httproutes', '-n', 'shop']);
    assert.match(table.stdout, /^NAME\s+HOSTNAMES\s+AGE\nreviews\s+\["reviews\.example\.com"\]\s+\d+s/);
    const beta = JSON.parse((await k(['get', 'httproutes.v1beta1.gateway.networking.k8s.io', 'reviews', '-n', 'shop', '-o', 'json'])).stdout);
    assert.equal(beta.apiVersion, 'gateway.networking.k8s.io/v1beta1');
  });

  test('patch --type merge works on custom resources; a strategic patch is refused', async () => {
    const merge = await k(['patch', 'vs', 'reviews', '--type', 'merge', '-p', '{"spec":{"hosts":["patched"]}}']);
    assert.equal(merge.code, 0, merge.stderr);
    assert.deepEqual((server.controls.get('networking.istio.io/v1', 'VirtualService', 'reviews')?.spec as { hosts?: string[] }).hosts, ['patched']);
    const smp = await k(['patch', 'vs', 'reviews', '-p', '{"spec":{"hosts":["x"]}}']);
    assert.notEqual(smp.code, 0);
    assert.match(smp.stderr, /strategic merge patch is not supported/);
    const label = await k(['label', 'vs', 'reviews', 'stage=canary']);
    assert.equal(label.code, 0, label.stderr);
  });

  test('scale, and client-side apply (a strategic merge patch computed by kubectl) on a Deployment', async () => {
    const deployment = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  replicas: 1\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: web, image: "nginx:1"}]}\n';
    assert.equal((await k(['apply', '-f', '-'], { input: deployment })).code, 0);
    const scaled = await k(['scale', 'deployment', 'web', '--replicas=3']);
    assert.equal(scaled.code, 0, scaled.stderr);
    assert.equal((await k(['get', 'deployment', 'web', '-o', 'jsonpath={.spec.replicas}'])).stdout, '3');
    const updated = await k(['apply', '-f', '-'], { input: deployment.replace('nginx:1', 'nginx:2') });
    assert.equal(updated.code, 0, updated.stderr);
    assert.equal(updated.stdout.trim(), 'deployment.apps/web configured');
    const image = await k(['get', 'deployment', 'web', '-o', 'jsonpath={.spec.template.spec.containers[0].image} {.metadata.generation}']);
    assert.equal(image.stdout, 'nginx:2 3');
  });

  test('explain reads the OpenAPI v3 document of the group version', async () => {
    const r = await k(['explain', 'httproute.spec.rules.backendRefs.weight']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /FIELD: weight <integer>/);
  });

  test('a CRD applied with kubectl becomes established and serves its kind', async () => {
    const crd = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: canaries.example.com}
spec:
  group: example.com
  names: {plural: canaries, kind: Canary, shortNames: [cny]}
  scope: Namespaced
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec: {type: object, properties: {weight: {type: integer, maximum: 100}}}
`;
    assert.equal((await k(['apply', '--server-side', '-f', '-'], { input: crd })).code, 0);
    const wait = await k(['wait', '--for=condition=Established', 'crd/canaries.example.com', '--timeout=10s']);
    assert.equal(wait.code, 0, wait.stderr);
    const bad = await k(['apply', '--server-side', '-f', '-'], { input: 'apiVersion: example.com/v1\nkind: Canary\nmetadata: {name: c}\nspec: {weight: 101}\n' });
    assert.notEqual(bad.code, 0);
    // kubectl renders Invalid errors from details (kind, name, causes), as for a real cluster.
    assert.match(bad.stderr, /The Canary "c" is invalid: spec\.weight: Invalid value: 101: spec\.weight in body should be less than or equal to 100/);
    const ok = await k(['apply', '--server-side', '-f', '-'], { input: 'apiVersion: example.com/v1\nkind: Canary\nmetadata: {name: c}\nspec: {weight: 10}\n' });
    assert.equal(ok.code, 0, ok.stderr);
    assert.match((await k(['get', 'cny'])).stdout, /\nc\s+\d+s\n/);
  });

  test('auth can-i and a denied request follow the deny list', async () => {
    server.controls.deny({ verb: 'delete', resource: 'virtualservices', group: 'networking.istio.io' });
    try {
      const no = await k(['auth', 'can-i', 'delete', 'virtualservices.networking.istio.io']);
      assert.equal(no.stdout.trim(), 'no');
      const yes = await k(['auth', 'can-i', 'get', 'virtualservices.networking.istio.io']);
      assert.equal(yes.stdout.trim(), 'yes');
      const denied = await k(['delete', 'vs', 'reviews']);
      assert.notEqual(denied.code, 0);
      assert.match(
        denied.stderr,
        /Error from server \(Forbidden\): virtualservices\.networking\.istio\.io "reviews" is forbidden: User "system:anonymous" cannot delete resource "virtualservices" in API group "networking\.istio\.io" in the namespace "default"/,
      );
    } finally {
      server.controls.allowAll();
    }
  });

  test('kubectl retries after 429 with Retry-After', async () => {
    server.controls.failNext(2, { status: 429, retryAfterSeconds: 1, path: '/configmaps/settings' });
    const started = Date.now();
    const r = await k(['get', 'configmap', 'settings', '-o', 'name']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout.trim(), 'configmap/settings');
    assert.ok(Date.now() - started >= 1900, 'kubectl honoured Retry-After twice');
  });
});

describe('kubectl with per-group discovery and a bearer token', { skip }, () => {
  let server: ApiServer;
  let kubectl: ReturnType<typeof kubectlFor>;
  before(async () => {
    server = await startApiServer({ aggregatedDiscovery: false, token: 'kubectl-token', user: 'ci' });
    kubectl = kubectlFor(server);
  });
  after(async () => {
    await server.stop();
    kubectl.remove();
  });

  test('kubectl discovers through /api/v1 and /apis/<group>/<version> documents', async () => {
    const r = await kubectl.run(['get', 'virtualservices', '-A']);
    assert.equal(r.code, 0, r.stderr);
    const paths = server.controls.requests().map((x) => x.url.split('?')[0]);
    assert.ok(paths.includes('/apis/networking.istio.io/v1'), 'per-group-version documents were fetched');
    assert.equal(server.controls.requests().find((x) => x.url.startsWith('/apis?'))?.status, 200);
  });

  test('the kubeconfig token authenticates as its user; a wrong token is refused', async () => {
    server.controls.deny({ verb: 'list', resource: 'secrets', user: 'ci' });
    const forbidden = await kubectl.run(['get', 'secrets']);
    assert.match(forbidden.stderr, /User "ci" cannot list resource "secrets" in API group "" in the namespace "default"/);
    server.controls.allowAll();
    assert.equal((await kubectl.run(['get', 'secrets'])).code, 0);
    const denied = await kubectl.run(['get', 'configmaps', '--token=wrong']);
    assert.notEqual(denied.code, 0);
    assert.match(denied.stderr, /Unauthorized/);
  });
});
