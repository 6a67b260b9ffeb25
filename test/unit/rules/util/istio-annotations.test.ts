import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  ISTIO_ANNOTATIONS,
  annotationAllowedOn,
  isIstioAnnotationKey,
  lookupIstioAnnotation,
} from '../../../../server/src/rules/util/istio-annotations';

test('istio annotations: which keys are Istio\'s to judge', () => {
  const rows: [string, boolean][] = [
    ['sidecar.istio.io/inject', true],
    ['networking.istio.io/exportTo', true],
    ['istio.io/rev', true],
    ['custom.istio.io/anything', true],
    ['kubernetes.io/ingress.class', true],
    ['kubernetes.io/psp', false],
    ['istio.io.example.com/x', false],
    ['helm.sh/hook', false],
  ];
  for (const [key, expected] of rows) assert.equal(isIstioAnnotationKey(key), expected, key);
});

test('istio annotations: catalog lookups and placement', () => {
  assert.equal(lookupIstioAnnotation('sidecar.istio.io/inject')?.deprecated, true);
  assert.equal(lookupIstioAnnotation('proxy.istio.io/config')?.status, 'Beta');
  assert.equal(lookupIstioAnnotation('networking.istio.io/exportThree'), undefined);
  const exportTo = lookupIstioAnnotation('networking.istio.io/exportTo')!;
  assert.equal(annotationAllowedOn(exportTo, 'Service'), true);
  assert.equal(annotationAllowedOn(exportTo, 'Pod'), false);
  assert.equal(annotationAllowedOn(lookupIstioAnnotation('galley.istio.io/analyze-suppress')!, 'Deployment'), true);
});

test('istio annotations: the catalog is sorted and has no duplicates', () => {
  const names = ISTIO_ANNOTATIONS.map((a) => a.name);
  assert.deepEqual(names, [...names].sort());
  assert.equal(new Set(names).size, names.length);
});
