/**
 * The catalog: apiVersion/kind resolution, deprecation and removal, unknown versions, Gateway API
 * channels, and the version findings (MSH1007/1008/1009) the validator derives from them.
 */
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Catalog, compareKubeVersions, splitApiVersion } from '../../../server/src/schema/catalog';
import { SchemaValidator } from '../../../server/src/schema/validator';
import { realSchemasDir, writeSchemasDir } from './helpers';

const open = { type: 'object', properties: { spec: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } };
const routeStandard = { type: 'object', properties: { spec: { type: 'object', properties: { hosts: { type: 'array', items: { type: 'string' } } } } } };
const routeExperimental = {
  type: 'object',
  properties: { spec: { type: 'object', properties: { hosts: { type: 'array', items: { type: 'string' } }, mirror: { type: 'string' } } } },
};

const dir = writeSchemasDir([
  {
    group: 'shop.example.com',
    kind: 'Gadget',
    versions: [
      { name: 'v1', storage: true, schema: open },
      { name: 'v1beta1', deprecated: true, deprecationWarning: 'shop.example.com/v1beta1 Gadget is deprecated; use shop.example.com/v1 Gadget', schema: open },
      { name: 'v1alpha2', deprecated: true, removedIn: '3.0', schema: open },
      { name: 'v1alpha1', served: false, deprecated: true, replacement: 'shop.example.com/v1', schema: open },
      { name: 'v2alpha1', served: false, replacement: 'v1' },
    ],
  },
  {
    group: 'gw.example.io',
    kind: 'Route',
    versions: [
      { name: 'v1', storage: true, channel: 'standard', mesh: 'gateway-api', schema: routeStandard },
      { name: 'v1', storage: true, channel: 'experimental', mesh: 'gateway-api', schema: routeExperimental },
      { name: 'v1alpha2', served: false, deprecated: true, channel: 'standard', mesh: 'gateway-api', replacement: 'gw.example.io/v1', schema: routeStandard },
      { name: 'v1alpha2', deprecated: true, channel: 'experimental', mesh: 'gateway-api', schema: routeExperimental },
    ],
  },
  {
    group: 'gw.example.io',
    kind: 'Mesh',
    versions: [{ name: 'v1alpha1', storage: true, channel: 'experimental', mesh: 'gateway-api', schema: open }],
  },
]);
after(() => rmSync(dir, { recursive: true, force: true }));

function id(apiVersion: string, kind: string): { apiVersion: string; kind: string; namespace: null; name: null } {
  return { apiVersion, kind, namespace: null, name: null };
}

function doc(apiVersion: string, kind: string, spec: unknown = {}): Record<string, unknown> {
  return { apiVersion, kind, metadata: { name: 'x' }, spec };
}

describe('apiVersion helpers', () => {
  test('splitApiVersion', () => {
    assert.deepEqual(splitApiVersion('networking.istio.io/v1'), { group: 'networking.istio.io', version: 'v1' });
    assert.deepEqual(splitApiVersion('v1'), { group: '', version: 'v1' });
  });
  test('Kubernetes version priority', () => {
    const sorted = ['v1alpha3', 'v1beta1', 'v2', 'v1', 'v1beta2', 'foo', 'v10alpha1'].sort(compareKubeVersions);
    assert.deepEqual(sorted, ['v2', 'v1', 'v1beta2', 'v1beta1', 'v10alpha1', 'v1alpha3', 'foo']);
  });
});

describe('catalog resolution', () => {
  const catalog = new Catalog(dir);
  const cases: { apiVersion: string; kind: string; status: string; suggested?: string | null }[] = [
    { apiVersion: 'shop.example.com/v1', kind: 'Gadget', status: 'ok' },
    { apiVersion: 'shop.example.com/v1beta1', kind: 'Gadget', status: 'deprecated', suggested: 'shop.example.com/v1' },
    { apiVersion: 'shop.example.com/v1alpha1', kind: 'Gadget', status: 'removed', suggested: 'shop.example.com/v1' },
    { apiVersion: 'shop.example.com/v2alpha1', kind: 'Gadget', status: 'removed', suggested: 'shop.example.com/v1' },
    { apiVersion: 'shop.example.com/v3', kind: 'Gadget', status: 'unknown-version', suggested: 'shop.example.com/v1' },
    { apiVersion: 'shop.example.com/v1', kind: 'Gizmo', status: 'unknown' },
    { apiVersion: 'other.example.com/v1', kind: 'Gadget', status: 'unknown' },
    { apiVersion: 'v1', kind: 'Service', status: 'unknown' },
  ];
  for (const c of cases) {
    test(`${c.apiVersion} ${c.kind} -> ${c.status}`, () => {
      const r = catalog.resolve(c.apiVersion, c.kind);
      assert.equal(r.status, c.status);
      if (c.suggested !== undefined) assert.equal('suggestedApiVersion' in r ? r.suggestedApiVersion : undefined, c.suggested);
    });
  }
  test('served versions are listed in priority order', () => {
    assert.deepEqual(catalog.kindVersions('shop.example.com', 'Gadget')?.served, ['v1', 'v1beta1', 'v1alpha2']);
  });
  test('a missing index leaves the catalog empty with a load error, and nothing throws', () => {
    const empty = mkdtempSync(path.join(os.tmpdir(), 'mesh-lifecycle-empty-'));
    try {
      const v = new SchemaValidator({ schemasDir: empty });
      assert.match(v.loadError ?? '', /index\.json/);
      assert.deepEqual(v.validate(id('networking.istio.io/v1', 'VirtualService'), doc('networking.istio.io/v1', 'VirtualService')), []);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
  test('a broken schema file is reported once through problems, not thrown', () => {
    const broken = writeSchemasDir([{ group: 'b.example.com', kind: 'Broken', versions: [{ name: 'v1', storage: true, schema: open }] }]);
    try {
      writeFileSync(path.join(broken, 'test/none/Broken-v1.json'), '{ not json');
      const v = new SchemaValidator({ schemasDir: broken });
      assert.deepEqual(v.validate(id('b.example.com/v1', 'Broken'), doc('b.example.com/v1', 'Broken')), []);
      assert.equal(v.problems.size, 1);
    } finally {
      rmSync(broken, { recursive: true, force: true });
    }
  });
});

describe('version findings', () => {
  const v = new SchemaValidator({ schemasDir: dir });
  test('deprecated: a warning on the apiVersion value, with the CRD text and a fix', () => {
    const f = v.validate(id('shop.example.com/v1beta1', 'Gadget'), doc('shop.example.com/v1beta1', 'Gadget'));
    assert.equal(f.length, 1);
    assert.equal(f[0]!.code, 'MSH1007');
    assert.equal(f[0]!.name, 'deprecated-api-version');
    assert.equal(f[0]!.severity, 'warning');
    assert.deepEqual(f[0]!.path, ['apiVersion']);
    assert.equal(f[0]!.target, 'value');
    assert.equal(f[0]!.message, 'shop.example.com/v1beta1 Gadget is deprecated; use shop.example.com/v1 Gadget');
    assert.deepEqual(f[0]!.fixes?.[0]?.edits, [{ op: 'set', path: ['apiVersion'], value: 'shop.example.com/v1' }]);
  });
  test('deprecated without a CRD warning: our own text, with removedIn', () => {
    const f = v.validate(id('shop.example.com/v1alpha2', 'Gadget'), doc('shop.example.com/v1alpha2', 'Gadget'));
    assert.equal(f.length, 1);
    assert.equal(f[0]!.message, 'shop.example.com/v1alpha2 Gadget is deprecated and will be removed in 3.0; use shop.example.com/v1');
  });
  test('removed: an error with the replacement and a fix', () => {
    const f = v.validate(id('shop.example.com/v1alpha1', 'Gadget'), doc('shop.example.com/v1alpha1', 'Gadget'));
    assert.equal(f.length, 1);
    assert.equal(f[0]!.code, 'MSH1008');
    assert.equal(f[0]!.severity, 'error');
    assert.equal(f[0]!.message, 'shop.example.com/v1alpha1 Gadget is no longer served; use shop.example.com/v1');
    assert.deepEqual(f[0]!.fixes?.[0]?.edits, [{ op: 'set', path: ['apiVersion'], value: 'shop.example.com/v1' }]);
  });
  test('removed with a bare-version replacement and no schema', () => {
    const f = v.validate(id('shop.example.com/v2alpha1', 'Gadget'), doc('shop.example.com/v2alpha1', 'Gadget'));
    assert.deepEqual(f.map((x) => x.code), ['MSH1008']);
    assert.match(f[0]!.message, /use shop\.example\.com\/v1$/);
  });
  test('unknown version: lists the served versions, suggests the storage version, skips the schema', () => {
    const f = v.validate(id('shop.example.com/v3', 'Gadget'), doc('shop.example.com/v3', 'Gadget', { whatever: 1 }));
    assert.equal(f.length, 1);
    assert.equal(f[0]!.code, 'MSH1009');
    assert.equal(f[0]!.message, 'shop.example.com/v3 is not a version of Gadget; served: v1, v1beta1, v1alpha2');
    assert.deepEqual(f[0]!.fixes?.[0]?.edits, [{ op: 'set', path: ['apiVersion'], value: 'shop.example.com/v1' }]);
  });
  test('a deprecated version is still validated against its schema', () => {
    const f = v.validate(id('gw.example.io/v1alpha2', 'Route'), doc('gw.example.io/v1alpha2', 'Route', { hosts: 'a' }));
    assert.deepEqual(f.map((x) => x.code).sort(), ['MSH1002', 'MSH1007']);
  });
});

describe('Gateway API channels', () => {
  test('experimental is the default: experimental fields are accepted', () => {
    const v = new SchemaValidator({ schemasDir: dir });
    assert.deepEqual(v.validate(id('gw.example.io/v1', 'Route'), doc('gw.example.io/v1', 'Route', { hosts: ['a'], mirror: 'm' })), []);
  });
  test('standard: experimental fields are unknown fields', () => {
    const v = new SchemaValidator({ schemasDir: dir, gatewayApiChannel: 'standard' });
    const f = v.validate(id('gw.example.io/v1', 'Route'), doc('gw.example.io/v1', 'Route', { hosts: ['a'], mirror: 'm' }));
    assert.deepEqual(f.map((x) => `${x.code} ${x.path.join('.')}`), ['MSH1001 spec.mirror']);
  });
  test('a version served only in experimental: deprecated there, removed in standard', () => {
    const e = new SchemaValidator({ schemasDir: dir });
    const s = new SchemaValidator({ schemasDir: dir, gatewayApiChannel: 'standard' });
    const d = doc('gw.example.io/v1alpha2', 'Route', { hosts: ['a'] });
    assert.deepEqual(e.validate(id('gw.example.io/v1alpha2', 'Route'), d).map((x) => x.code), ['MSH1007']);
    assert.deepEqual(s.validate(id('gw.example.io/v1alpha2', 'Route'), d).map((x) => x.code), ['MSH1008']);
  });
  test('a kind only in experimental is still known when standard is selected', () => {
    const s = new SchemaValidator({ schemasDir: dir, gatewayApiChannel: 'standard' });
    assert.equal(s.resolve('gw.example.io/v1alpha1', 'Mesh').status, 'ok');
  });
});

describe('the real index', () => {
  const real = realSchemasDir();
  test('unknown version of VirtualService names the served versions', { skip: real === null }, () => {
    const v = new SchemaValidator({ schemasDir: real! });
    const f = v.validate(id('networking.istio.io/v2', 'VirtualService'), doc('networking.istio.io/v2', 'VirtualService'));
    assert.equal(f.length, 1);
    assert.equal(f[0]!.message, 'networking.istio.io/v2 is not a version of VirtualService; served: v1, v1beta1, v1alpha3');
  });
  test('TCPRoute v1alpha2: deprecated in experimental, not served in standard', { skip: real === null }, () => {
    const d = doc('gateway.networking.k8s.io/v1alpha2', 'TCPRoute', { parentRefs: [{ name: 'gw' }], rules: [{ backendRefs: [{ name: 's', port: 9000 }] }] });
    const e = new SchemaValidator({ schemasDir: real! }).validate(id('gateway.networking.k8s.io/v1alpha2', 'TCPRoute'), d);
    assert.deepEqual(e.map((x) => x.code), ['MSH1007']);
    assert.match(e[0]!.message, /deprecated/);
    assert.deepEqual(e[0]!.fixes?.[0]?.edits, [{ op: 'set', path: ['apiVersion'], value: 'gateway.networking.k8s.io/v1' }]);
    const s = new SchemaValidator({ schemasDir: real!, gatewayApiChannel: 'standard' }).validate(id('gateway.networking.k8s.io/v1alpha2', 'TCPRoute'), d);
    assert.deepEqual(s.map((x) => x.code), ['MSH1008']);
  });
  test('Istio v1alpha3 and v1beta1 are served and not deprecated', { skip: real === null }, () => {
    const v = new SchemaValidator({ schemasDir: real! });
    for (const av of ['networking.istio.io/v1alpha3', 'networking.istio.io/v1beta1']) {
      assert.equal(v.resolve(av, 'VirtualService').status, 'ok');
    }
  });
});
