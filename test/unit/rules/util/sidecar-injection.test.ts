import assert from 'node:assert/strict';
import { test } from 'node:test';
import { K } from '../../../../server/src/model/kinds';
import type { Resource } from '../../../../server/src/model/resource';
import { WorkspaceIndex } from '../../../../server/src/model/workspace-index';
import { parseFile } from '../../../../server/src/parse/file';
import { DEFAULT_LIMITS } from '../../../../server/src/parse/limits';
import {
  enableNamespacesByDefault,
  injectorConfigMapName,
  injectorProxyImage,
  isIstioControlPlane,
  workloadInMesh,
} from '../../../../server/src/rules/util/sidecar-injection';
import { podTemplateOf } from '../../../../server/src/rules/util/workload';

test('sidecar injection: injector ConfigMap names and values', () => {
  assert.equal(injectorConfigMapName(''), 'istio-sidecar-injector');
  assert.equal(injectorConfigMapName('default'), 'istio-sidecar-injector');
  assert.equal(injectorConfigMapName('canary'), 'istio-sidecar-injector-canary');
  assert.equal(injectorProxyImage({ global: { hub: 'docker.io/istio', tag: '1.30.0', proxy: { image: 'proxyv2' } } }), 'docker.io/istio/proxyv2:1.30.0');
  assert.equal(injectorProxyImage({ global: { hub: 'docker.io/istio', tag: '1.30.0', proxy: { image: 'gcr.io/x/proxy:2' } } }), 'gcr.io/x/proxy:2');
  assert.equal(enableNamespacesByDefault({ sidecarInjectorWebhook: { enableNamespacesByDefault: true } }), true);
  assert.equal(enableNamespacesByDefault({ sidecarInjectorWebhook: {} }), false);
  assert.equal(enableNamespacesByDefault(undefined), false);
  assert.equal(isIstioControlPlane({ istio: 'pilot' }), true);
  assert.equal(isIstioControlPlane({ release: 'istio' }), true);
  assert.equal(isIstioControlPlane({ app: 'istiod' }), false);
});

test('sidecar injection: whether a workload is in the mesh, in Istio\'s order of evidence', () => {
  const index = new WorkspaceIndex();
  index.setFile('ns.yaml', parseFile([
    'apiVersion: v1', 'kind: Namespace', 'metadata: { name: on, labels: { istio-injection: enabled } }', '---',
    'apiVersion: v1', 'kind: Namespace', 'metadata: { name: off }',
  ].join('\n'), DEFAULT_LIMITS));
  const pod = (namespace: string, extra: { labels?: object; annotations?: object; containers?: object[] }): Resource => {
    const value = {
      apiVersion: 'v1', kind: 'Pod',
      metadata: { name: 'p', namespace, labels: extra.labels ?? {}, annotations: extra.annotations ?? {} },
      spec: { containers: extra.containers ?? [{ name: 'app', image: 'app' }] },
    };
    return { key: 'k', kind: K.Pod, apiVersion: 'v1', name: 'p', namespace, written: { apiVersion: 'v1', kind: 'Pod', namespace, name: 'p' }, value, origin: { type: 'file', file: 'f', documentIndex: 0 } };
  };
  const rows: [Resource, boolean, string][] = [
    [pod('off', { containers: [{ name: 'istio-proxy', image: 'proxyv2' }] }), true, 'a proxy container'],
    [pod('off', { containers: [{ name: 'istio-proxy' }] }), false, 'a proxy container without image'],
    [pod('on', {}), true, 'the namespace label'],
    [pod('off', {}), false, 'no label anywhere'],
    [pod('unknown', {}), false, 'an unknown namespace'],
    [pod('off', { labels: { 'sidecar.istio.io/inject': 'true' } }), true, 'the pod label'],
    [pod('on', { annotations: { 'sidecar.istio.io/inject': 'false' } }), false, 'the annotation over the namespace'],
    [pod('off', { labels: { 'sidecar.istio.io/inject': 'false' }, annotations: { 'sidecar.istio.io/inject': 'true' } }), false, 'the label over the annotation'],
  ];
  for (const [p, expected, why] of rows) assert.equal(workloadInMesh(index, podTemplateOf(p)!, p.namespace), expected, why);
});
