import assert from 'node:assert/strict';
import { test } from 'node:test';
import { K } from '../../../../server/src/model/kinds';
import { WorkspaceIndex } from '../../../../server/src/model/workspace-index';
import { parseFile } from '../../../../server/src/parse/file';
import { DEFAULT_LIMITS } from '../../../../server/src/parse/limits';
import { unverifiedTlsMode } from '../../../../server/src/rules/util/destinationrule-tls';
import { namespaceInAmbient } from '../../../../server/src/rules/util/namespace-ambient';
import { workloadLabels } from '../../../../server/src/rules/util/pod-labels';
import { isNamespaceDefault, podsOfSidecar } from '../../../../server/src/rules/util/sidecar-scope';

const WORLD = `
apiVersion: v1
kind: Namespace
metadata: {name: amb, labels: {istio.io/dataplane-mode: ambient}}
---
apiVersion: v1
kind: Namespace
metadata: {name: amb-injected, labels: {istio.io/dataplane-mode: ambient, istio-injection: enabled}}
---
apiVersion: v1
kind: Namespace
metadata: {name: amb-rev, labels: {istio.io/dataplane-mode: ambient, istio.io/rev: canary}}
---
apiVersion: v1
kind: Namespace
metadata: {name: plain}
---
apiVersion: v1
kind: Node
metadata: {name: node-1, labels: {topology.kubernetes.io/region: eu, topology.kubernetes.io/zone: eu-1a, topology.istio.io/subzone: rack-7}}
---
apiVersion: v1
kind: Pod
metadata: {name: web-1, namespace: plain, labels: {app: web, topology.kubernetes.io/zone: stale}}
spec: {nodeName: node-1}
---
apiVersion: v1
kind: Pod
metadata: {name: web-2, namespace: plain, labels: {app: web}}
spec: {nodeName: unknown-node}
---
apiVersion: v1
kind: Pod
metadata: {name: web-3, namespace: other, labels: {app: web}}
---
apiVersion: networking.istio.io/v1
kind: Sidecar
metadata: {name: web, namespace: plain}
spec: {workloadSelector: {labels: {app: web}}}
---
apiVersion: networking.istio.io/v1
kind: Sidecar
metadata: {name: default, namespace: plain}
spec: {workloadSelector: {labels: {}}}
`;

function world(): WorkspaceIndex {
  const index = new WorkspaceIndex();
  index.setFile('world.yaml', parseFile(WORLD, DEFAULT_LIMITS));
  return index;
}

test('ambient namespaces: the label counts unless sidecar injection is asked for', () => {
  const index = world();
  const rows: [string, boolean][] = [['amb', true], ['amb-injected', false], ['amb-rev', false], ['plain', false], ['missing', false]];
  for (const [ns, want] of rows) assert.equal(namespaceInAmbient(index.get(K.Namespace, '', ns)), want, ns);
});

test('workload labels: node topology and hostname are added, and win', () => {
  const index = world();
  const pod = (name: string) => index.ofKind(K.Pod).find((p) => p.name === name)!;
  assert.deepEqual(workloadLabels(pod('web-1'), index), {
    app: 'web', 'topology.kubernetes.io/region': 'eu', 'topology.kubernetes.io/zone': 'eu-1a',
    'topology.istio.io/subzone': 'rack-7', 'kubernetes.io/hostname': 'node-1',
  });
  assert.deepEqual(workloadLabels(pod('web-2'), index), { app: 'web', 'kubernetes.io/hostname': 'unknown-node' });
  assert.deepEqual(workloadLabels(pod('web-3'), index), { app: 'web' });
});

test('sidecar scope: selectors pick pods of their own namespace; empty labels make a default', () => {
  const index = world();
  const [web, def] = ['web', 'default'].map((n) => index.ofKind(K.Sidecar).find((s) => s.name === n)!);
  assert.equal(isNamespaceDefault(web!), false);
  assert.equal(isNamespaceDefault(def!), true);
  assert.deepEqual(podsOfSidecar(index, web!).map((p) => p.name), ['web-1', 'web-2']);
});

test('destinationrule TLS: which settings leave the server unverified', () => {
  const rows: [Record<string, unknown>, boolean, string | undefined][] = [
    [{ mode: 'SIMPLE' }, false, 'SIMPLE'],
    [{ mode: 'MUTUAL', clientCertificate: '/c' }, false, 'MUTUAL'],
    [{ mode: 'SIMPLE', caCertificates: '/ca' }, false, undefined],
    [{ mode: 'SIMPLE', credentialName: 'c' }, false, 'SIMPLE'],
    [{ mode: 'SIMPLE', credentialName: 'c' }, true, undefined],
    [{ mode: 'ISTIO_MUTUAL' }, false, undefined],
    [{ mode: 'DISABLE' }, false, undefined],
    [{}, false, undefined],
  ];
  for (const [tls, selected, want] of rows) assert.equal(unverifiedTlsMode(tls, selected), want, JSON.stringify([tls, selected]));
});
