import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hover } from '../../../server/src/features/hover';
import { featureWorkspace, textAt, withCursor } from '../../support/cursor';
import { MESH } from '../../support/mesh';

function hoverAt(marked: string, cluster: Parameters<typeof featureWorkspace>[1] = []): { markdown: string; token: string } | null {
  const { text, position } = withCursor(marked);
  const fx = featureWorkspace({ 'mesh.yaml': MESH, 'edit.yaml': text }, cluster);
  const h = hover(fx.ctx, fx.view('edit.yaml'), position);
  if (!h) return null;
  const markdown = typeof h.contents === 'object' && 'value' in h.contents ? h.contents.value : JSON.stringify(h.contents);
  return { markdown, token: h.range ? textAt(text, h.range).token : '' };
}

const VS = (destination: string) => `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: r, namespace: default}
spec:
  hosts: [reviews]
  gateways: [istio-system/ingress]
  http:
  - route:
    - destination: ${destination}
`;

test('hover: field documentation from the schema, on keys and values', () => {
  const key = hoverAt(VS('{host: reviews}').replace('  http:', '  ht$0tp:'))!;
  assert.equal(key.token, 'http');
  assert.match(key.markdown, /^\*\*http\*\* · list of objects/);
  assert.match(key.markdown, /HTTP traffic/);
  const enumValue = hoverAt('apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata: {name: d}\nspec:\n  trafficPolicy:\n    loadBalancer:\n      simple: ROUND$0_ROBIN\n')!;
  assert.match(enumValue.markdown, /\*\*simple\*\* · enum/);
  assert.match(enumValue.markdown, /Allowed values: .*`LEAST_REQUEST`/);
});

test('hover: a subset shows its labels and the workloads and pods it selects', () => {
  const h = hoverAt(VS('{host: reviews, subset: v$01}'))!;
  assert.equal(h.token, 'v1');
  assert.match(h.markdown, /Subset \*\*v1\*\* of DestinationRule `default\/reviews`/);
  assert.match(h.markdown, /Labels: `version=v1`/);
  assert.match(h.markdown, /Pods: no pods known \(connect a cluster to count them\)/);
  assert.match(h.markdown, /Workloads: Deployment `reviews-v1`/);
  assert.match(h.markdown, /\*\*subset\*\* · string/);
  const pod = (name: string, version: string) => ({ value: { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default', labels: { app: 'reviews', version } } } });
  const live = hoverAt(VS('{host: reviews, subset: v$01}'), [pod('a', 'v1'), pod('b', 'v1'), pod('c', 'v2')])!;
  assert.match(live.markdown, /Pods: 2 pods match \(2 live\)/);
});

test('hover: a host shows its Service and ports; a gateway its servers', () => {
  const host = hoverAt(VS('{host: revi$0ews}'))!;
  assert.match(host.markdown, /\*\*Service `default\/reviews`\*\*/);
  assert.match(host.markdown, /- 9080\/TCP "http" → 9080/);
  assert.match(host.markdown, /Selector: `app=reviews`/);
  const gateway = hoverAt(VS('{host: reviews}').replace('istio-system/ingress', 'istio-system/ingr$0ess'))!;
  assert.match(gateway.markdown, /\*\*Gateway `istio-system\/ingress`\*\*/);
  assert.match(gateway.markdown, /- HTTP 80 "http": \*/);
  const missing = hoverAt(VS('{host: nowh$0ere}'))!;
  assert.match(missing.markdown, /`nowhere`: no Service or ServiceEntry of that name is known/);
});

test('hover: apiVersion and kind say which versions are served', () => {
  const h = hoverAt('apiVersion: networking.istio.io/v1\nkind: Virtual$0Service\n')!;
  assert.match(h.markdown, /\*\*VirtualService\*\* \(istio\): `networking.istio.io\/v1` \(preferred\)/);
  assert.equal(hoverAt('apiVersion: networking.istio.io/v1\nkind: VirtualService\n# a comm$0ent\n'), null);
});

test('hover: on a subset definition, who routes to it', () => {
  const marked = MESH.replace('  - name: v1', '  - name: v$01');
  const { text, position } = withCursor(marked);
  const route = VS('{host: reviews, subset: v1}');
  const fx = featureWorkspace({ 'mesh.yaml': text, 'route.yaml': route, 'route2.yaml': route.replace('name: r,', 'name: r2,') });
  const h = hover(fx.ctx, fx.view('mesh.yaml'), position)!;
  assert.match((h.contents as { value: string }).value, /Referenced 2 times by VirtualService `default\/r`, VirtualService `default\/r2`/);
  const unused = withCursor(MESH.replace('  - name: v2', '  - name: v$02'));
  const fx2 = featureWorkspace({ 'mesh.yaml': unused.text, 'route.yaml': route });
  assert.match((hover(fx2.ctx, fx2.view('mesh.yaml'), unused.position)!.contents as { value: string }).value, /Referenced by nothing/);
});
