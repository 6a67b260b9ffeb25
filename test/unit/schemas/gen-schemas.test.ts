// Checks the committed schemas/ folder: the index contract, that every schema file is there and
// parses, that the kinds the rules depend on are present, and (when the upstream CRDs are on this
// machine) that schemas/ is exactly what `npm run gen:schemas` produces today.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';

// Compiled to out/test/unit/schemas/, so the repository is four levels up.
const root = path.resolve(__dirname, '../../../..');
const schemasDir = path.join(root, 'schemas');

interface Entry {
  group: string;
  version: string;
  apiVersion: string;
  kind: string;
  plural: string;
  listKind: string;
  scope: 'Namespaced' | 'Cluster';
  served: boolean;
  storage: boolean;
  deprecated: boolean;
  deprecationWarning: string | null;
  removedIn: string | null;
  replacement: string | null;
  mesh: string;
  channel: 'standard' | 'experimental' | null;
  subresources: Record<string, unknown> | null;
  printerColumns: unknown[] | null;
  file: string | null;
}

const CONTRACT_KEYS = [
  'group', 'version', 'apiVersion', 'kind', 'plural', 'listKind', 'scope', 'served', 'storage', 'deprecated',
  'deprecationWarning', 'removedIn', 'replacement', 'mesh', 'channel', 'subresources', 'printerColumns', 'file',
];
const MESHES = ['istio', 'gateway-api', 'linkerd', 'smi', 'consul', 'argo-rollouts', 'flagger', 'cert-manager', 'kubernetes'];

const entries: Entry[] = (JSON.parse(fs.readFileSync(path.join(schemasDir, 'index.json'), 'utf8')) as { entries: Entry[] }).entries;

function find(apiVersion: string, kind: string, channel: Entry['channel'] = null): Entry | undefined {
  return entries.find((e) => e.apiVersion === apiVersion && e.kind === kind && e.channel === channel);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function listFiles(dir: string, rel = ''): string[] {
  const out: string[] = [];
  for (const ent of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    const r = rel ? `${rel}/${ent.name}` : ent.name;
    if (ent.isDirectory()) out.push(...listFiles(dir, r));
    else out.push(r);
  }
  return out.sort(cmp);
}

type Schema = { [key: string]: unknown; properties?: Record<string, Schema>; items?: Schema; required?: string[] };

function loadSchema(file: string): Schema {
  return JSON.parse(fs.readFileSync(path.join(schemasDir, file), 'utf8')) as Schema;
}

test('schemas: every entry follows the index contract', () => {
  assert.ok(entries.length > 100, `only ${entries.length} entries`);
  for (const e of entries) {
    const label = `${e.apiVersion} ${e.kind} ${e.channel ?? ''}`;
    assert.deepEqual(Object.keys(e), CONTRACT_KEYS, label);
    assert.equal(e.apiVersion, e.group ? `${e.group}/${e.version}` : e.version, label);
    assert.ok(e.scope === 'Namespaced' || e.scope === 'Cluster', label);
    assert.ok(MESHES.includes(e.mesh), label);
    assert.equal(e.channel !== null, e.mesh === 'gateway-api', `${label}: channel is set exactly for gateway-api`);
    assert.ok(e.plural && e.listKind, label);
    if (e.file === null) {
      // Only removed apiVersions come without a schema.
      assert.equal(e.served, false, label);
      assert.ok(e.removedIn && e.replacement, label);
    } else {
      assert.ok(!path.isAbsolute(e.file) && !e.file.includes('..'), label);
      assert.ok(e.file.startsWith(`${e.mesh}/`), label);
    }
    if (!e.served) assert.ok(e.replacement, `${label}: a version that is not served names its replacement`);
  }
});

test('schemas: every schema file exists, parses, and is used', () => {
  const used = new Set<string>();
  for (const e of entries) {
    if (!e.file) continue;
    used.add(e.file);
  }
  for (const file of used) {
    const schema = loadSchema(file);
    assert.equal(schema.type, 'object', file);
  }
  const onDisk = listFiles(schemasDir).filter((f) => f.endsWith('.json') && f !== 'index.json');
  assert.deepEqual(onDisk, [...used].sort(cmp), 'schema files on disk are exactly the ones the index names');
});

test('schemas: the index is sorted by apiVersion, kind, channel without duplicates', () => {
  for (let i = 1; i < entries.length; i++) {
    const a = entries[i - 1];
    const b = entries[i];
    const order = cmp(a.apiVersion, b.apiVersion) || cmp(a.kind, b.kind) || cmp(a.channel ?? '', b.channel ?? '');
    assert.ok(order < 0, `${a.apiVersion} ${a.kind} ${a.channel} must come before ${b.apiVersion} ${b.kind} ${b.channel}`);
  }
});

test('schemas: the kinds the rules depend on are indexed', () => {
  const expected: [string, string, Entry['channel']][] = [
    ['networking.istio.io/v1', 'VirtualService', null],
    ['networking.istio.io/v1beta1', 'VirtualService', null],
    ['networking.istio.io/v1alpha3', 'VirtualService', null],
    ['gateway.networking.k8s.io/v1', 'HTTPRoute', 'standard'],
    ['gateway.networking.k8s.io/v1', 'HTTPRoute', 'experimental'],
    ['policy.linkerd.io/v1beta3', 'Server', null],
    ['split.smi-spec.io/v1alpha4', 'TrafficSplit', null],
    ['consul.hashicorp.com/v1alpha1', 'ServiceSplitter', null],
    ['argoproj.io/v1alpha1', 'Rollout', null],
    ['flagger.app/v1beta1', 'Canary', null],
    ['cert-manager.io/v1', 'Certificate', null],
    ['v1', 'Service', null],
    ['v1', 'Pod', null],
    ['v1', 'Namespace', null],
    ['v1', 'Secret', null],
    ['v1', 'ConfigMap', null],
    ['v1', 'ServiceAccount', null],
    ['apps/v1', 'Deployment', null],
    ['discovery.k8s.io/v1', 'EndpointSlice', null],
  ];
  for (const [apiVersion, kind, channel] of expected) {
    const e = find(apiVersion, kind, channel);
    assert.ok(e, `${apiVersion} ${kind} ${channel ?? ''} is missing`);
    assert.ok(e.served && e.file, `${apiVersion} ${kind} is served and has a schema`);
  }
  const service = find('v1', 'Service');
  assert.equal(service?.group, '');
  assert.equal(find('v1', 'Namespace')?.scope, 'Cluster');
  assert.equal(find('networking.istio.io/v1', 'VirtualService')?.storage, true);
});

test('schemas: removed apiVersions point at their replacement', () => {
  const removed: [string, string, string, string][] = [
    ['extensions/v1beta1', 'Deployment', '1.16', 'apps/v1'],
    ['apps/v1beta1', 'Deployment', '1.16', 'apps/v1'],
    ['apps/v1beta2', 'Deployment', '1.16', 'apps/v1'],
    ['discovery.k8s.io/v1beta1', 'EndpointSlice', '1.25', 'discovery.k8s.io/v1'],
  ];
  for (const [apiVersion, kind, removedIn, replacement] of removed) {
    const e = find(apiVersion, kind);
    assert.ok(e, `${apiVersion} ${kind} is missing`);
    assert.equal(e.served, false);
    assert.equal(e.removedIn, removedIn);
    assert.equal(e.replacement, replacement);
    assert.equal(e.file, null);
  }
  // A CRD version the CRD no longer serves points at the storage version.
  const tcp = find('gateway.networking.k8s.io/v1alpha2', 'TCPRoute', 'standard');
  assert.equal(tcp?.served, false);
  assert.equal(tcp?.replacement, 'gateway.networking.k8s.io/v1');
});

test('schemas: core Service schema is structural where the rules look', () => {
  const service = loadSchema(find('v1', 'Service')!.file!);
  const port = service.properties!.spec!.properties!.ports!.items!;
  assert.equal(port.properties!.targetPort!['x-kubernetes-int-or-string'], true);
  assert.deepEqual(port.properties!.protocol!.enum, ['TCP', 'UDP', 'SCTP']);
  assert.deepEqual(port.required, ['port']);
  assert.deepEqual(service.properties!.spec!.properties!.type!.enum, ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName']);
  const meta = service.properties!.metadata!;
  assert.equal(meta.properties!.labels!.additionalProperties && (meta.properties!.labels!.additionalProperties as Schema).type, 'string');
  const deployment = loadSchema(find('apps/v1', 'Deployment')!.file!);
  const container = deployment.properties!.spec!.properties!.template!.properties!.spec!.properties!.containers!.items!;
  assert.equal((container.properties!.resources!.properties!.limits!.additionalProperties as Schema)['x-kubernetes-int-or-string'], true);
  assert.deepEqual(deployment.properties!.spec!.required, ['selector', 'template']);
});

test('schemas: CRD schemas keep Kubernetes extensions verbatim', () => {
  const text = fs.readFileSync(path.join(schemasDir, find('gateway.networking.k8s.io/v1', 'HTTPRoute', 'standard')!.file!), 'utf8');
  assert.match(text, /"x-kubernetes-validations":\[/);
  assert.match(text, /"x-kubernetes-list-type":/);
});

test('schemas: generated text names no path of this machine', () => {
  for (const file of ['index.json', 'SOURCES.md', 'LICENSE']) {
    const text = fs.readFileSync(path.join(schemasDir, file), 'utf8');
    assert.ok(!text.includes(root), `${file} mentions the repository's absolute path`);
  }
});

const crdsDir = process.env.MESH_CRDS_DIR || path.resolve(root, '..', 'shared', 'crds');
test('schemas: schemas/ is what `npm run gen:schemas` produces (staleness check)', { skip: !fs.existsSync(crdsDir) && 'upstream CRDs not present' }, () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mesh-schemas-'));
  try {
    execFileSync(process.execPath, [path.join(root, 'scripts', 'gen-schemas.mjs'), '--crds', crdsDir, '--out', tmp, '--quiet'], {
      cwd: root,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const fresh = listFiles(tmp);
    assert.deepEqual(listFiles(schemasDir), fresh, 'same files; run `npm run gen:schemas` and commit schemas/');
    for (const f of fresh) {
      const same = fs.readFileSync(path.join(tmp, f)).equals(fs.readFileSync(path.join(schemasDir, f)));
      assert.ok(same, `schemas/${f} is stale; run \`npm run gen:schemas\` and commit schemas/`);
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});
