import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { crdCacheFile, defaultCacheDir, readCrdCache, writeCrdCache } from '../../../server/src/cluster/crd-cache';
import { entriesFromCrd, overlayFingerprint, overlayOf, summariseCrd } from '../../../server/src/cluster/crd-schemas';
import { SchemaValidator } from '../../../server/src/schema/validator';
import { REPO_ROOT } from '../../support/repo';

const schemasDir = path.join(REPO_ROOT, 'schemas');

/** A VirtualService CRD as a cluster might serve it: v1 only, with a schema that requires `spec.hosts`. */
function virtualServiceCrd(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition',
    metadata: { name: 'virtualservices.networking.istio.io', resourceVersion: '3' },
    spec: {
      group: 'networking.istio.io', scope: 'Namespaced',
      names: { kind: 'VirtualService', plural: 'virtualservices', listKind: 'VirtualServiceList' },
      versions: [{
        name: 'v1', served: true, storage: true, subresources: { status: {} },
        schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', required: ['hosts'], properties: { hosts: { type: 'array', items: { type: 'string' } }, ...extra } } } } },
      }, { name: 'v1alpha3', served: false, storage: false }],
    },
  };
}

test('CRD -> catalog entries, one per version, schema inline and keyed by its hash', () => {
  const entries = entriesFromCrd(virtualServiceCrd());
  assert.deepEqual(entries.map((e) => [e.apiVersion, e.kind, e.served, e.storage, e.scope, e.mesh]), [
    ['networking.istio.io/v1', 'VirtualService', true, true, 'Namespaced', 'cluster'],
    ['networking.istio.io/v1alpha3', 'VirtualService', false, false, 'Namespaced', 'cluster'],
  ]);
  assert.match(entries[0]!.file!, /^cluster:networking\.istio\.io\/VirtualService\/v1@[0-9a-f]{16}$/);
  assert.equal(entries[1]!.file, null);
  const changed = entriesFromCrd(virtualServiceCrd({ extra: { type: 'string' } }));
  assert.notEqual(changed[0]!.file, entries[0]!.file);
});

test('CRDs of groups we do not check are dropped', () => {
  assert.deepEqual(entriesFromCrd(virtualServiceCrd(), (g) => g === 'gateway.networking.k8s.io'), []);
  const summary = summariseCrd(virtualServiceCrd(), () => false);
  assert.deepEqual(summary, { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'virtualservices.networking.istio.io', resourceVersion: '3' }, entries: [] });
});

test('a cluster CRD replaces the bundled schema of its kind', () => {
  const bundled = new SchemaValidator({ schemasDir });
  const live = new SchemaValidator({ schemasDir, overlay: overlayOf([summariseCrd(virtualServiceCrd(), () => true)]) });
  const id = (apiVersion: string) => ({ apiVersion, kind: 'VirtualService', name: 'r', namespace: 'n' });
  const noHosts = { apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name: 'r' }, spec: { http: [] } };
  // The bundled schema knows `http` and does not require hosts; the live one requires hosts and knows nothing else.
  assert.deepEqual(bundled.validate(id('networking.istio.io/v1'), noHosts), []);
  assert.deepEqual(live.validate(id('networking.istio.io/v1'), noHosts).map((f) => [f.name, f.message]), [
    ['missing-required', 'spec is missing required field `hosts`'],
    ['unknown-field', 'Unknown field `http` in spec: the API server rejects or drops it'],
  ]);
  // v1beta1 is served by the bundle but not by this cluster.
  assert.deepEqual(bundled.validate(id('networking.istio.io/v1beta1'), { ...noHosts, apiVersion: 'networking.istio.io/v1beta1', spec: { hosts: ['r'] } }), []);
  assert.match(live.validate(id('networking.istio.io/v1beta1'), { ...noHosts, apiVersion: 'networking.istio.io/v1beta1', spec: { hosts: ['r'] } })[0]?.message ?? '', /not a version of VirtualService; served: v1/);
  // Other kinds keep their bundled schemas.
  assert.equal(live.resolve('networking.istio.io/v1', 'DestinationRule').status, 'ok');
});

test('overlay order and fingerprint are stable', () => {
  const a = overlayOf([summariseCrd(virtualServiceCrd(), () => true)]);
  const b = overlayOf([summariseCrd(virtualServiceCrd(), () => true)]);
  assert.equal(overlayFingerprint(a), overlayFingerprint(b));
  assert.notEqual(overlayFingerprint(a), overlayFingerprint(overlayOf([summariseCrd(virtualServiceCrd({ x: { type: 'string' } }), () => true)])));
});

test('CRD cache: written atomically, read back, ignored when broken', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'crd-cache-'));
  try {
    const file = crdCacheFile(dir, 'kind-dev', 'https://127.0.0.1:6443');
    assert.equal(readCrdCache(file), null);
    const entries = overlayOf([summariseCrd(virtualServiceCrd(), () => true)]);
    assert.equal(writeCrdCache(file, 'kind-dev', 'https://127.0.0.1:6443', entries, new Date('2030-01-01T00:00:00Z')), true);
    const back = readCrdCache(file)!;
    assert.equal(back.savedAt, '2030-01-01T00:00:00.000Z');
    assert.deepEqual(back.entries, JSON.parse(JSON.stringify(entries)));
    assert.equal(back.fingerprint, overlayFingerprint(entries));
    assert.deepEqual(readdirSync(path.dirname(file)), [path.basename(file)], 'no temporary file is left behind');
    assert.notEqual(crdCacheFile(dir, 'kind-prod', 'https://127.0.0.1:6443'), file);
    writeFileSync(file, '{"version": 1, "entries": ');
    assert.equal(readCrdCache(file), null);
    writeFileSync(file, JSON.stringify({ version: 99, entries: [] }));
    assert.equal(readCrdCache(file), null);
    assert.ok(readFileSync(file, 'utf8').length > 0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('default cache dir follows XDG_CACHE_HOME', () => {
  assert.equal(defaultCacheDir({ XDG_CACHE_HOME: '/var/cache/u' }, '/home/u'), path.join('/var/cache/u', 'mesh-lifecycle'));
  assert.equal(defaultCacheDir({}, '/home/u'), path.join('/home/u', '.cache', 'mesh-lifecycle'));
  assert.equal(defaultCacheDir({ XDG_CACHE_HOME: 'relative' }, '/home/u'), path.join('/home/u', '.cache', 'mesh-lifecycle'));
});
