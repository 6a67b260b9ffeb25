import assert from 'node:assert/strict';
import { test } from 'node:test';
import { WorkspaceIndex } from '../../../../server/src/model/workspace-index';
import { K } from '../../../../server/src/model/kinds';
import { parseFile } from '../../../../server/src/parse/file';
import { DEFAULT_LIMITS } from '../../../../server/src/parse/limits';
import { findGateway, gatewayHostsFor, gatewayRef } from '../../../../server/src/rules/util/istio-gateway-refs';
import { gatewayPods, servicesOfPod, tcpPortNumbers } from '../../../../server/src/rules/util/istio-gateway-workloads';

const WORLD = `
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: public, namespace: edge}
spec:
  selector: {istio: ingressgateway}
  servers:
  - hosts: ["*.shop.example.com", "./admin.example.com", "*/api.example.com", "other/private.example.com"]
---
apiVersion: v1
kind: Pod
metadata: {name: gw-1, namespace: istio-system, labels: {istio: ingressgateway}}
---
apiVersion: v1
kind: Pod
metadata: {name: web-1, namespace: shop, labels: {app: web}}
---
apiVersion: v1
kind: Service
metadata: {name: istio-ingressgateway, namespace: istio-system}
spec:
  selector: {istio: ingressgateway}
  ports: [{port: 80, targetPort: 8080}, {port: 443, targetPort: https}, {port: 53, protocol: UDP}]
---
apiVersion: v1
kind: Service
metadata: {name: no-selector, namespace: istio-system}
spec: {ports: [{port: 9999}]}
---
apiVersion: v1
kind: Service
metadata: {name: elsewhere, namespace: shop}
spec: {selector: {istio: ingressgateway}, ports: [{port: 7777}]}
`;

function world(): WorkspaceIndex {
  const index = new WorkspaceIndex();
  index.setFile('world.yaml', parseFile(WORLD, DEFAULT_LIMITS));
  return index;
}

test('istio gateways: references, and the hosts admitted per namespace', () => {
  const index = world();
  assert.deepEqual(gatewayRef('public', 'shop'), { namespace: 'shop', name: 'public' });
  assert.deepEqual(gatewayRef('edge/public', 'shop'), { namespace: 'edge', name: 'public' });
  assert.equal(findGateway(index, 'edge/public', 'shop')?.name, 'public');
  assert.equal(findGateway(index, 'public', 'shop'), undefined);
  const gw = findGateway(index, 'public', 'edge')!;
  const rows: [string, string[]][] = [
    ['shop', ['*.shop.example.com', 'api.example.com']],
    ['edge', ['*.shop.example.com', 'admin.example.com', 'api.example.com']],
    ['other', ['*.shop.example.com', 'api.example.com', 'private.example.com']],
  ];
  for (const [ns, hosts] of rows) assert.deepEqual(gatewayHostsFor(gw, ns), hosts, ns);
});

test('istio gateways: pods, their Services, and the TCP ports that reach them', () => {
  const index = world();
  const gw = index.ofKind(K.IstioGateway)[0]!;
  const pods = gatewayPods(index, gw);
  assert.deepEqual(pods.map((p) => p.name), ['gw-1']);
  const services = servicesOfPod(index, pods[0]!);
  assert.deepEqual(services.map((s) => s.name), ['istio-ingressgateway'], 'same namespace, non-empty matching selector');
  assert.deepEqual(tcpPortNumbers(services[0]!), [80, 8080, 443]);
});
