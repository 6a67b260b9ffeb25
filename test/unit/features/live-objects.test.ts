import assert from 'node:assert/strict';
import { test } from 'node:test';
import { liveRange, liveUri, parseLiveUri, renderLive } from '../../../server/src/features/live-objects';
import { K } from '../../../server/src/model/kinds';
import type { Resource } from '../../../server/src/model/resource';
import { textAt } from '../../support/cursor';

function live(kind: Resource['kind'], namespace: string, name: string, value: Record<string, unknown>, context = 'kind-dev'): Resource {
  return { key: `cluster:${kind}/${namespace}/${name}`, kind, apiVersion: 'v1', name, namespace, value, written: { apiVersion: 'v1', kind: kind.split('/')[1]!, namespace: namespace || null, name }, origin: { type: 'cluster', context } };
}

test('live objects: URIs name the object and round-trip to its resource key', () => {
  const svc = live(K.Service, 'default', 'reviews', {});
  assert.equal(liveUri(svc), 'mesh-lifecycle-live:/kind-dev/core/Service/default/reviews.yaml');
  assert.equal(parseLiveUri(liveUri(svc)), svc.key);
  const ns = live(K.Namespace, '', 'shop', {}, 'arn:aws:eks:eu/prod');
  assert.equal(liveUri(ns), 'mesh-lifecycle-live:/arn%3Aaws%3Aeks%3Aeu%2Fprod/core/Namespace/-/shop.yaml');
  assert.equal(parseLiveUri(liveUri(ns)), ns.key, 'cluster-scoped objects and odd context names');
  assert.equal(parseLiveUri('mesh-lifecycle-live:/a/b.yaml'), null);
  assert.equal(parseLiveUri('file:///x.yaml'), null);
});

test('live objects: rendered read-only, without managedFields, with ranges on the rendered text', () => {
  const dr = live(K.DestinationRule, 'default', 'reviews', {
    apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule',
    metadata: { name: 'reviews', namespace: 'default', managedFields: [{ manager: 'kubectl' }] },
    spec: { host: 'reviews', subsets: [{ name: 'v1' }, { name: 'v2' }] },
  });
  const text = renderLive(dr);
  assert.equal(text.split('\n')[0], '# DestinationRule default/reviews as the cluster (context "kind-dev") reports it. Read-only.');
  assert.doesNotMatch(text, /managedFields/);
  assert.deepEqual(textAt(text, liveRange(dr, ['spec', 'subsets', 1, 'name'])), { token: 'v2', line: '    - name: v2' });
});
