import assert from 'node:assert/strict';
import { test } from 'node:test';
import { K } from '../../../../server/src/model/kinds';
import { WorkspaceIndex } from '../../../../server/src/model/workspace-index';
import { parseFile } from '../../../../server/src/parse/file';
import { DEFAULT_LIMITS } from '../../../../server/src/parse/limits';
import {
  hostServiceName, managedRoutes, rolloutDestinationRule, rolloutPluginRoutes, rolloutServices, rolloutTemplateRefs, rolloutVirtualServices, splitIstioRef,
} from '../../../../server/src/rules/util/argo-rollouts';
import { apexName, generatedKinds, targetKind } from '../../../../server/src/rules/util/flagger';

const WORLD = `
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: vs, namespace: shop}
spec:
  http:
  - {name: a, route: [{destination: {host: s}}]}
  - {name: b, route: [{destination: {host: s}}]}
  tls:
  - {match: [{port: 443, sniHosts: [x.example.com]}], route: [{destination: {host: s}}]}
  - {match: [{port: 443, sniHosts: [x.example.com, y.example.com]}], route: [{destination: {host: s}}]}
  - {match: [{port: 443}, {port: 8443}], route: [{destination: {host: s}}]}
  tcp:
  - {match: [{port: 5432}], route: [{destination: {host: s}}]}
---
apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata: {name: r, namespace: shop}
spec:
  strategy:
    canary:
      canaryService: c
      stableService: s
      pingPong: {pingService: ping, pongService: pong}
      analysis: {templates: [{templateName: bg}]}
      steps:
      - analysis: {templates: [{templateName: step, clusterScope: true}]}
      - experiment: {analyses: [{name: x, templateName: exp}]}
      trafficRouting:
        smi: {rootService: root}
        istio:
          virtualServices:
          - {name: vs, routes: [b, missing]}
          - {name: vs.shop, tlsRoutes: [{port: 443, sniHosts: [x.example.com]}], tcpRoutes: [{port: 5432}]}
          destinationRule: {name: dr.infra, canarySubsetName: canary, stableSubsetName: stable, additionalSubsetNames: [extra]}
        plugins:
          argoproj-labs/gatewayAPI: {httpRoute: h, grpcRoutes: [{name: g}], namespace: edge}
---
apiVersion: flagger.app/v1beta1
kind: Canary
metadata: {name: c, namespace: shop}
spec:
  provider: gatewayapi:v1beta1
  targetRef: {apiVersion: apps/v1, kind: DaemonSet, name: agent}
`;

function world(): WorkspaceIndex {
  const index = new WorkspaceIndex();
  index.setFile('w.yaml', parseFile(WORLD, DEFAULT_LIMITS));
  return index;
}

test('argo rollouts: Istio references are name or name.namespace; managed routes follow Argo', () => {
  assert.deepEqual(splitIstioRef('vs', 'shop'), { name: 'vs', namespace: 'shop' });
  assert.deepEqual(splitIstioRef('vs.infra', 'shop'), { name: 'vs', namespace: 'infra' });
  const index = world();
  const rollout = index.get(K.Rollout, 'shop', 'r')!;
  const vs = index.get(K.VirtualService, 'shop', 'vs')!;
  const refs = rolloutVirtualServices(rollout);
  assert.deepEqual(refs.map((r) => [r.namespace, r.name, r.routes ?? null]), [['shop', 'vs', ['b', 'missing']], ['shop', 'vs', null]]);
  // Named HTTP routes that exist; TLS by one port and exactly the SNI hosts; TCP by one port.
  assert.deepEqual(managedRoutes(refs[0]!, vs), [{ protocol: 'http', index: 1 }]);
  assert.deepEqual(managedRoutes(refs[1]!, vs), [{ protocol: 'tls', index: 0 }, { protocol: 'tcp', index: 0 }]);
  // With routes omitted, Argo manages the only HTTP route, and nothing when there are several.
  assert.deepEqual(managedRoutes({ name: 'vs', namespace: 'shop', tlsRoutes: [], tcpRoutes: [], path: [] }, vs), []);
  assert.equal(hostServiceName('web-stable.shop.svc.cluster.local'), 'web-stable');
});

test('argo rollouts: DestinationRule subsets, Services, templates and plugin routes with their paths', () => {
  const rollout = world().get(K.Rollout, 'shop', 'r')!;
  const dr = rolloutDestinationRule(rollout)!;
  assert.deepEqual([dr.namespace, dr.name, dr.subsets.map((s) => `${s.key}=${s.name}`)], ['infra', 'dr', ['canarySubsetName=canary', 'stableSubsetName=stable', 'additionalSubsetNames=extra']]);
  assert.deepEqual(rolloutServices(rollout).map((s) => `${s.role}=${s.name}`), ['canaryService=c', 'stableService=s', 'pingService=ping', 'pongService=pong', 'SMI rootService=root']);
  assert.deepEqual(rolloutTemplateRefs(rollout).map((t) => `${t.templateName}${t.clusterScope ? ' (cluster)' : ''} @${t.path.slice(3).join('.')}`), [
    'bg @analysis.templates.0.templateName',
    'step (cluster) @steps.0.analysis.templates.0.templateName',
    'exp @steps.1.experiment.analyses.0.templateName',
  ]);
  assert.deepEqual(rolloutPluginRoutes(rollout).map((r) => `${r.kind} ${r.namespace}/${r.name}`), [`${K.HTTPRoute} edge/h`, `${K.GRPCRoute} edge/g`]);
});

test('flagger: apex name, target kind and the routing kinds each provider generates', () => {
  const canary = world().get(K.Canary, 'shop', 'c')!;
  assert.equal(apexName(canary), 'agent');
  assert.equal(targetKind(canary), 'apps/DaemonSet');
  assert.deepEqual(generatedKinds(canary), [K.HTTPRoute]);
});
