import assert from 'node:assert/strict';
import { test } from 'node:test';
import { K } from '../../../../server/src/model/kinds';
import { WorkspaceIndex } from '../../../../server/src/model/workspace-index';
import { parseFile } from '../../../../server/src/parse/file';
import { DEFAULT_LIMITS } from '../../../../server/src/parse/limits';
import { destinationRulesFor, subsetsOf } from '../../../../server/src/rules/util/destinationrule';
import { podsOfService, podsSelectedBy } from '../../../../server/src/rules/util/pods';
import { serviceByHost, servicePorts } from '../../../../server/src/rules/util/services';
import { routeDestinations } from '../../../../server/src/rules/util/virtualservice';

const WORLD = `
apiVersion: v1
kind: Service
metadata: {name: reviews, namespace: shop}
spec:
  selector: {app: reviews}
  ports: [{name: http, port: 9080, targetPort: 8080}, {port: bad}]
---
apiVersion: v1
kind: Service
metadata: {name: headless, namespace: shop}
spec: {ports: [{port: 80}]}
---
apiVersion: v1
kind: Pod
metadata: {name: reviews-1, namespace: shop, labels: {app: reviews, version: v1}}
---
apiVersion: v1
kind: Pod
metadata: {name: reviews-other-ns, namespace: web, labels: {app: reviews}}
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: wildcard, namespace: shop}
spec: {host: "*.shop.svc.cluster.local", subsets: [{name: all}]}
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: exact, namespace: shop}
spec: {host: reviews, subsets: [{name: v1, labels: {version: v1}}, {labels: {}}]}
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: local-copy, namespace: web}
spec: {host: reviews.shop.svc.cluster.local, subsets: [{name: web-only}]}
`;

function world(): WorkspaceIndex {
  const index = new WorkspaceIndex();
  index.setFile('world.yaml', parseFile(WORLD, DEFAULT_LIMITS));
  return index;
}

test('services: lookup by short name and FQDN, ports as written', () => {
  const index = world();
  assert.equal(serviceByHost(index, 'reviews', 'shop')?.name, 'reviews');
  assert.equal(serviceByHost(index, 'reviews.shop.svc.cluster.local', 'web')?.name, 'reviews');
  assert.equal(serviceByHost(index, 'reviews', 'web'), undefined);
  assert.equal(serviceByHost(index, 'reviews.shop', 'web'), undefined, 'Istio takes dotted hosts literally');
  assert.deepEqual(servicePorts(index.get(K.Service, 'shop', 'reviews')!), [{ port: 9080, index: 0, protocol: 'TCP', name: 'http', targetPort: 8080 }]);
});

test('pods: of a Service (same namespace, selector) and by workload selector', () => {
  const index = world();
  assert.deepEqual(podsOfService(index, index.get(K.Service, 'shop', 'reviews')!).map((p) => p.name), ['reviews-1']);
  assert.deepEqual(podsOfService(index, index.get(K.Service, 'shop', 'headless')!), [], 'no selector, no pods');
  assert.deepEqual(podsSelectedBy(index, null, { matchLabels: { app: 'reviews' } }).map((p) => p.name), ['reviews-1', 'reviews-other-ns']);
  assert.deepEqual(podsSelectedBy(index, 'web', {}).map((p) => p.name), ['reviews-other-ns']);
});

test('destination rules: local first, then most specific host', () => {
  const index = world();
  const host = 'reviews.shop.svc.cluster.local';
  assert.deepEqual(destinationRulesFor(index, host, 'shop').map((d) => d.name), ['exact']);
  assert.deepEqual(destinationRulesFor(index, host, 'web').map((d) => d.name), ['local-copy']);
  assert.deepEqual(destinationRulesFor(index, 'ratings.shop.svc.cluster.local', 'other').map((d) => d.name), ['wildcard']);
  assert.deepEqual(subsetsOf(index.get(K.DestinationRule, 'shop', 'exact')!).map((s) => s.name), ['v1']);
});

test('virtual service: every destination with its path', () => {
  const index = new WorkspaceIndex();
  index.setFile('vs.yaml', parseFile(`apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: vs}
spec:
  http:
  - route: [{destination: {host: a, subset: v1}}, {weight: 1}]
    mirror: {host: m}
    mirrors: [{destination: {host: m2}}]
  tcp:
  - route: [{destination: {host: t}}]
  tls:
  - route: [{destination: {host: s, port: {number: 443}}}]
`, DEFAULT_LIMITS));
  const [vs] = index.ofKind(K.VirtualService);
  assert.deepEqual(routeDestinations(vs!).map((d) => `${d.role} ${d.protocol} ${d.host}/${d.subset ?? '-'} ${d.path.join('.')}`), [
    'route http a/v1 spec.http.0.route.0.destination',
    'mirror http m/- spec.http.0.mirror',
    'mirror http m2/- spec.http.0.mirrors.0.destination',
    'route tcp t/- spec.tcp.0.route.0.destination',
    'route tls s/- spec.tls.0.route.0.destination',
  ]);
});
