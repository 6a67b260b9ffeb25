/**
 * Table tests for the injection helpers that read several objects at once: namespace injection
 * state, injection webhooks, Istio presence, proxy image variants, Services fronting a
 * Deployment, Service ports without a protocol, and Telemetry scopes.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { K } from '../../../../server/src/model/kinds';
import { meshConfigFrom } from '../../../../server/src/model/mesh-config';
import { WorkspaceIndex } from '../../../../server/src/model/workspace-index';
import { parseFile } from '../../../../server/src/parse/file';
import { DEFAULT_LIMITS } from '../../../../server/src/parse/limits';
import { frontedDeployments } from '../../../../server/src/rules/util/deployment-services';
import { injectionConfigurations, istioInjectionWebhooks, webhookRevisions, webhookSelects } from '../../../../server/src/rules/util/injection-webhooks';
import { istioInUse } from '../../../../server/src/rules/util/istio-presence';
import { namespaceInjections } from '../../../../server/src/rules/util/namespace-injection';
import { PROXY_CONFIG_KIND, ProxyImageTypes } from '../../../../server/src/rules/util/proxy-image-type';
import { portsWithoutProtocol } from '../../../../server/src/rules/util/service-port-names';
import { isNamespaceWideTelemetry, telemetrySelectorLabels } from '../../../../server/src/rules/util/telemetry';
import { containersOf, podTemplateOf } from '../../../../server/src/rules/util/workload';

function indexOf(yaml: string, mesh?: object): WorkspaceIndex {
  const index = new WorkspaceIndex();
  index.setFile('world.yaml', parseFile(yaml, DEFAULT_LIMITS));
  if (mesh) index.setMeshConfig(meshConfigFrom(mesh));
  return index;
}

test('namespace injection: labels in force, ambient, sidecar injection, injected by default', () => {
  const index = indexOf(`
apiVersion: v1
kind: Namespace
metadata: {name: a, labels: {istio-injection: enabled}}
---
apiVersion: v1
kind: Namespace
metadata: {name: b, labels: {istio-injection: disabled, istio.io/rev: x, istio.io/dataplane-mode: ambient}}
---
apiVersion: v1
kind: Namespace
metadata: {name: c, labels: {istio.io/rev: x, istio.io/dataplane-mode: ambient}}
---
apiVersion: v1
kind: Namespace
metadata: {name: d}
---
apiVersion: v1
kind: Namespace
metadata: {name: istio-system}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: istio-sidecar-injector, namespace: istio-system}
data: {values: '{"sidecarInjectorWebhook":{"enableNamespacesByDefault":true}}'}
`);
  const rows = new Map(namespaceInjections(index).map((n) => [n.name, n]));
  assert.equal(rows.has('istio-system'), false);
  assert.deepEqual(rows.get('a')!.activeLabels, ['istio-injection=enabled']);
  assert.equal(rows.get('a')!.sidecarEnabled, true);
  assert.deepEqual(rows.get('b')!.activeLabels, ['istio-injection=disabled']);
  assert.deepEqual(rows.get('c')!.activeLabels, ['istio.io/rev=x', 'istio.io/dataplane-mode=ambient']);
  assert.equal(rows.get('c')!.ambient, true);
  assert.equal(rows.get('c')!.injectedByDefault, false, 'revision x has no injector ConfigMap');
  assert.equal(rows.get('d')!.unlabelled, true);
  assert.equal(rows.get('d')!.injectedByDefault, true);
});

test('injection webhooks: Istio entries, revisions, selection', () => {
  const index = indexOf(`
apiVersion: admissionregistration.k8s.io/v1
kind: MutatingWebhookConfiguration
metadata: {name: istio-revision-tag-default, labels: {istio.io/rev: stable}}
webhooks:
- name: namespace.sidecar-injector.istio.io
  namespaceSelector:
    matchExpressions: [{key: istio.io/rev, operator: In, values: [canary]}]
- name: helper.example.com
---
apiVersion: admissionregistration.k8s.io/v1
kind: MutatingWebhookConfiguration
metadata: {name: unrelated}
webhooks:
- name: webhook.example.com
`);
  assert.deepEqual(istioInjectionWebhooks(index).map((e) => e.name), ['namespace.sidecar-injector.istio.io']);
  const [config] = index.ofKind(K.MutatingWebhookConfiguration);
  assert.deepEqual(webhookRevisions(config!), ['canary', 'stable']);
  const included = injectionConfigurations(index);
  assert.deepEqual(included.entries.map((e) => e.name), ['namespace.sidecar-injector.istio.io', 'helper.example.com']);
  assert.deepEqual(included.revisions, ['canary', 'stable']);
  const webhook = included.entries[0]!.webhook;
  assert.equal(webhookSelects(webhook, { 'istio.io/rev': 'canary' }, {}), true);
  assert.equal(webhookSelects(webhook, {}, {}), false);
  assert.equal(webhookSelects({}, {}, { any: 'thing' }), true, 'absent selectors take everything');
});

test('istio presence: evidence of Istio, and its absence', () => {
  const rows: [string, boolean][] = [
    ['apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: shop}\nspec: {ports: [{port: 80}]}', false],
    ['apiVersion: v1\nkind: Namespace\nmetadata: {name: shop, labels: {istio.io/rev: stable}}', true],
    ['apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: web, namespace: shop}', true],
    ['apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: shop}\nspec: {initContainers: [{name: istio-proxy}]}', true],
    ['apiVersion: v1\nkind: Service\nmetadata: {name: istiod, namespace: istio-system}', true],
    ['apiVersion: v1\nkind: Service\nmetadata: {name: istiod, namespace: istio-system}', false],
  ];
  rows.forEach(([yaml, expected], i) => {
    // The last row moves the root namespace away from istio-system.
    const index = indexOf(yaml, i === rows.length - 1 ? { rootNamespace: 'mesh-root' } : undefined);
    assert.equal(istioInUse(index), expected, yaml);
  });
});

test('proxy image type: mesh default, root, namespace, workload, pod annotation', () => {
  const index = indexOf(`
apiVersion: networking.istio.io/v1beta1
kind: ProxyConfig
metadata: {name: ns, namespace: a}
spec: {image: {imageType: debug}}
---
apiVersion: networking.istio.io/v1beta1
kind: ProxyConfig
metadata: {name: wl, namespace: a}
spec: {selector: {matchLabels: {app: x}}, image: {imageType: distroless}}
---
apiVersion: v1
kind: Pod
metadata: {name: plain, namespace: b}
---
apiVersion: v1
kind: Pod
metadata: {name: ns-level, namespace: a}
---
apiVersion: v1
kind: Pod
metadata: {name: workload, namespace: a, labels: {app: x}}
---
apiVersion: v1
kind: Pod
metadata: {name: annotated, namespace: a, labels: {app: x}, annotations: {proxy.istio.io/config: "image: {imageType: default}"}}
`, { defaultConfig: { image: { imageType: 'distroless' } } });
  assert.ok(index.knows(PROXY_CONFIG_KIND));
  const types = new ProxyImageTypes(index);
  const byName = new Map(index.ofKind(K.Pod).map((p) => [p.name, types.of(p)]));
  assert.deepEqual(Object.fromEntries(byName), { plain: 'distroless', 'ns-level': 'debug', workload: 'distroless', annotated: '' });
});

test('deployment services, ports without protocol, telemetry scope, containers', () => {
  const index = indexOf(`
apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: shop}
spec:
  template:
    metadata: {labels: {app: api, sidecar.istio.io/inject: "true"}}
    spec:
      initContainers: [{name: init, image: busybox}]
      containers: [{name: api, image: api}]
---
apiVersion: v1
kind: Service
metadata: {name: api, namespace: shop}
spec:
  selector: {app: api}
  ports: [{name: web, port: 80, targetPort: 0}, {name: grpc, port: 81, protocol: UDP, targetPort: grpc}]
---
apiVersion: telemetry.istio.io/v1
kind: Telemetry
metadata: {name: t, namespace: shop}
spec: {targetRef: {kind: Gateway, name: gw}}
`);
  const [fronted] = frontedDeployments(index);
  assert.deepEqual(fronted!.ports.map((p) => [p.serviceName, p.port, p.protocol, p.targetPort]), [
    ['shop/api', 80, 'TCP', '80'],
    ['shop/api', 81, 'UDP', 'grpc'],
  ]);
  assert.deepEqual(portsWithoutProtocol(index).map((p) => [p.name, p.path]), [['web', ['spec', 'ports', 0, 'name']]]);
  const [telemetry] = index.ofKind(K.Telemetry);
  assert.equal(isNamespaceWideTelemetry(telemetry!), false);
  assert.deepEqual(telemetrySelectorLabels(telemetry!), {});
  const template = podTemplateOf(index.ofKind(K.Deployment)[0]!)!;
  assert.deepEqual(containersOf(template, { includeInit: true }).map((c) => [c.name, c.init, c.path.join('.')]), [
    ['api', false, 'spec.template.spec.containers.0'],
    ['init', true, 'spec.template.spec.initContainers.0'],
  ]);
});
