/**
 * Living with Red Hat's YAML extension: which documents we take from it (the pure decision) and
 * how the glue registers with its API (driven through a fake `vscode` module, since the real one
 * exists only inside the editor).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import Ajv from 'ajv';
import {
  documentHeaders, meshKindsFromCatalog, PERMISSIVE_SCHEMA, PERMISSIVE_SCHEMA_URI, SCHEMA_SCHEME, schemaContent, schemaFor,
  startYamlCoexistence, YAML_EXTENSION_ID, type SchemaQuery, type VscodeApi, type YamlExtensionApi,
} from '../../../client/src/yaml-coexistence';
import { REPO_ROOT } from '../../support/repo';

const kinds = meshKindsFromCatalog(JSON.parse(readFileSync(path.join(REPO_ROOT, 'schemas', 'index.json'), 'utf8')));

const VIRTUAL_SERVICE = [
  'apiVersion: networking.istio.io/v1',
  'kind: VirtualService',
  'metadata:',
  '  name: reviews',
  'spec:',
  '  hosts: [reviews]',
].join('\n');

const DEPLOYMENT = [
  'apiVersion: apps/v1',
  'kind: Deployment',
  'metadata:',
  '  name: reviews',
  'spec:',
  '  template:',
  '    spec:',
  '      containers:',
  '      - name: reviews',
  '        env:',
  '        - name: kind',
  '          value: VirtualService',
].join('\n');

const query = (text: string, over: Partial<SchemaQuery> = {}): SchemaQuery => ({
  scheme: 'file', languageId: 'yaml', text, enabled: true, maxFileSize: 5 * 1024 * 1024, ...over,
});

// ---------------------------------------------------------------------------------------------
// Which kinds are ours

test('mesh kinds: every catalogued mesh kind, in any version; core Kubernetes kinds stay with the YAML extension', () => {
  assert.ok(kinds.size > 50, `only ${kinds.size} kinds`);
  for (const [apiVersion, kind] of [
    ['networking.istio.io/v1', 'VirtualService'],
    ['networking.istio.io/v1alpha3', 'VirtualService'], // old version: the server reports it, so it is ours
    ['security.istio.io/v1', 'AuthorizationPolicy'],
    ['gateway.networking.k8s.io/v1', 'HTTPRoute'],
    ['gateway.networking.k8s.io/v1', 'Gateway'],
    ['policy.linkerd.io/v1beta3', 'Server'],
    ['policy.linkerd.io/v1alpha1', 'AuthorizationPolicy'],
    ['consul.hashicorp.com/v1alpha1', 'ServiceSplitter'],
    ['split.smi-spec.io/v1alpha4', 'TrafficSplit'],
    ['argoproj.io/v1alpha1', 'Rollout'],
    ['flagger.app/v1beta1', 'Canary'],
    ['cert-manager.io/v1', 'Certificate'],
  ]) {
    assert.ok(kinds.has(apiVersion!, kind!), `${apiVersion} ${kind} should be a mesh kind`);
  }
  for (const [apiVersion, kind] of [
    ['v1', 'Service'],
    ['v1', 'ConfigMap'],
    ['apps/v1', 'Deployment'],
    ['networking.k8s.io/v1', 'Ingress'],
    ['networking.istio.io/v1', 'NotAKind'],
    ['example.com/v1', 'VirtualService'],
    ['networking.istio.io/v1', 'virtualservice'],
  ]) {
    assert.ok(!kinds.has(apiVersion!, kind!), `${apiVersion} ${kind} is not ours`);
  }
});

test('mesh kinds: a missing or malformed catalogue claims nothing', () => {
  for (const index of [null, undefined, 42, {}, { entries: 'x' }, { entries: [null, 1, { kind: 'X' }] }]) {
    const none = meshKindsFromCatalog(index);
    assert.equal(none.size, 0);
    assert.ok(!none.has('networking.istio.io/v1', 'VirtualService'));
  }
});

// ---------------------------------------------------------------------------------------------
// Reading apiVersion and kind

test('headers: top-level apiVersion and kind of each document, in any order, quoted or not, with comments', () => {
  assert.deepEqual(documentHeaders(VIRTUAL_SERVICE), [{ apiVersion: 'networking.istio.io/v1', kind: 'VirtualService' }]);
  assert.deepEqual(documentHeaders([
    '# leading comment',
    'kind: "Gateway"   # trailing comment',
    "apiVersion: 'gateway.networking.k8s.io/v1'",
    '---',
    '"apiVersion": v1',
    '"kind": Service',
    '--- # second separator with a comment',
    'kind: Rollout # no apiVersion',
  ].join('\n')), [
    { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway' },
    { apiVersion: 'v1', kind: 'Service' },
    { apiVersion: null, kind: 'Rollout' },
  ]);
});

test('headers: nested apiVersion/kind keys (refs, env values, block scalars) are not the document\'s', () => {
  assert.deepEqual(documentHeaders(DEPLOYMENT), [{ apiVersion: 'apps/v1', kind: 'Deployment' }]);
  assert.deepEqual(documentHeaders([
    'apiVersion: policy.linkerd.io/v1alpha1',
    'kind: AuthorizationPolicy',
    'spec:',
    '  targetRef:',
    '    kind: Server',
    '  note: |',
    '    kind: VirtualService',
  ].join('\n')), [{ apiVersion: 'policy.linkerd.io/v1alpha1', kind: 'AuthorizationPolicy' }]);
});

test('headers: document markers, end markers, directives, CRLF, a BOM, and empty documents', () => {
  const text = '\uFEFF%YAML 1.2\r\n---\r\napiVersion: networking.istio.io/v1\r\nkind: DestinationRule\r\n...\r\n---\r\n---\r\n# only a comment\r\n---\r\napiVersion: v1\r\nkind: Namespace\r\n';
  assert.deepEqual(documentHeaders(text), [
    { apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule' },
    { apiVersion: 'v1', kind: 'Namespace' },
  ]);
  assert.deepEqual(documentHeaders(''), []);
  assert.deepEqual(documentHeaders('just: a config\nlist:\n- 1\n'), []);
  // `---` glued to text is not a marker; `----` neither.
  assert.deepEqual(documentHeaders('apiVersion: v1\nkind: Pod\n---x: 1\n----\n'), [{ apiVersion: 'v1', kind: 'Pod' }]);
});

test('headers: a value on the next line, and flow-style or JSON documents', () => {
  assert.deepEqual(documentHeaders('apiVersion:\n  security.istio.io/v1\nkind:\n  # why not\n  PeerAuthentication\n'), [
    { apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication' },
  ]);
  assert.deepEqual(documentHeaders('{"apiVersion": "networking.istio.io/v1", "kind": "Sidecar", "metadata": {"name": "x"}}'), [
    { apiVersion: 'networking.istio.io/v1', kind: 'Sidecar' },
  ]);
  assert.deepEqual(documentHeaders('--- {apiVersion: flagger.app/v1beta1, kind: Canary}\n'), [{ apiVersion: 'flagger.app/v1beta1', kind: 'Canary' }]);
  assert.deepEqual(documentHeaders("{\n  'kind': 'ServiceEntry',\n  'apiVersion': 'networking.istio.io/v1'\n}"), [
    { apiVersion: 'networking.istio.io/v1', kind: 'ServiceEntry' },
  ]);
});

test('headers: odd scalars stay harmless', () => {
  assert.deepEqual(documentHeaders("apiVersion: 'it''s'\nkind: \"unterminated\n"), [{ apiVersion: "it's", kind: null }]);
  assert.deepEqual(documentHeaders('apiVersion: ""\nkind: \'\'\n'), []);
  assert.deepEqual(documentHeaders('kindly: VirtualService\napiVersions: x\n'), []);
});

// ---------------------------------------------------------------------------------------------
// The decision

test('decision: a file with a mesh resource gets the permissive schema; other YAML is left alone', () => {
  assert.equal(schemaFor(query(VIRTUAL_SERVICE), kinds), PERMISSIVE_SCHEMA_URI);
  assert.equal(schemaFor(query(DEPLOYMENT), kinds), undefined);
  assert.equal(schemaFor(query('name: CI\non: [push]\n'), kinds), undefined);
  assert.equal(schemaFor(query(''), kinds), undefined);
  // A file that mixes both is answered for as a whole (the YAML extension asks per file).
  assert.equal(schemaFor(query(`${DEPLOYMENT}\n---\n${VIRTUAL_SERVICE}`), kinds), PERMISSIVE_SCHEMA_URI);
  // An apiVersion alone or a kind alone is no resource.
  assert.equal(schemaFor(query('kind: VirtualService\n'), kinds), undefined);
});

test('decision: nothing is claimed where our server does not check', () => {
  assert.equal(schemaFor(query(VIRTUAL_SERVICE, { enabled: false }), kinds), undefined, 'setting off');
  assert.equal(schemaFor(query(VIRTUAL_SERVICE, { scheme: 'untitled' }), kinds), PERMISSIVE_SCHEMA_URI, 'untitled buffers are checked');
  for (const scheme of ['git', 'vscode-remote-x', 'output', 'https']) {
    assert.equal(schemaFor(query(VIRTUAL_SERVICE, { scheme }), kinds), undefined, `scheme ${scheme}`);
  }
  assert.equal(schemaFor(query(VIRTUAL_SERVICE, { languageId: 'dockercompose' }), kinds), undefined, 'other languages');
  assert.equal(schemaFor(query(VIRTUAL_SERVICE, { maxFileSize: VIRTUAL_SERVICE.length - 1 }), kinds), undefined, 'too large to analyse');
  assert.equal(schemaFor(query(VIRTUAL_SERVICE, { maxFileSize: VIRTUAL_SERVICE.length }), kinds), PERMISSIVE_SCHEMA_URI, 'exactly at the limit');
  const helm = `${VIRTUAL_SERVICE.replace('name: reviews', 'name: {{ .Release.Name }}')}\n{{- if .Values.canary }}\n`;
  assert.equal(schemaFor(query(helm), kinds), undefined, 'templates are skipped by the server');
  // A template action inside a quoted string is not a template.
  assert.equal(schemaFor(query(VIRTUAL_SERVICE.replace('name: reviews', 'name: "{{x}}"')), kinds), PERMISSIVE_SCHEMA_URI);
});

test('the permissive schema accepts any document and says whose checks apply', () => {
  const content = schemaContent(PERMISSIVE_SCHEMA_URI);
  assert.ok(content);
  const schema = JSON.parse(content) as Record<string, unknown>;
  assert.deepEqual(schema, PERMISSIVE_SCHEMA);
  assert.equal(schema['title'], 'Mesh Lifecycle');
  const validate = new Ajv({ strict: true }).compile(schema);
  for (const value of [{}, { apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', spec: { wieght: 'x' } }, [], 'text', 1, null]) {
    assert.ok(validate(value), JSON.stringify(value));
  }
  assert.equal(schemaContent('meshlifecycle://schemas/other.json'), undefined);
  assert.equal(schemaContent('https://example.com/x.json'), undefined);
  // The YAML extension routes content requests to the contributor named like the URI's scheme.
  assert.equal(new URL(PERMISSIVE_SCHEMA_URI).protocol, `${SCHEMA_SCHEME}:`);
});

// ---------------------------------------------------------------------------------------------
// The glue, with a fake VS Code

interface FakeDocument {
  uri: { scheme: string; toString(): string };
  languageId: string;
  version: number;
  getText(): string;
  reads: number;
}

function fakeDocument(uri: string, text: string, languageId = 'yaml', version = 1): FakeDocument {
  const doc: FakeDocument = {
    uri: { scheme: uri.slice(0, uri.indexOf(':')), toString: () => uri },
    languageId,
    version,
    reads: 0,
    getText: () => {
      doc.reads += 1;
      return text;
    },
  };
  return doc;
}

interface Contribution {
  name: string;
  requestSchema: (resource: string) => string | undefined;
  requestSchemaContent: (uri: string) => string | undefined;
}

class FakeYamlExtension {
  readonly contributions: Contribution[] = [];
  isActive = false;
  activations = 0;
  exports: YamlExtensionApi | Record<string, never> | undefined;
  failActivation = false;

  constructor(withApi = true) {
    this.exports = withApi
      ? {
          registerContributor: (name, requestSchema, requestSchemaContent) => {
            if (this.contributions.some((c) => c.name === name)) return false;
            this.contributions.push({ name, requestSchema, requestSchemaContent });
            return true;
          },
        }
      : {};
  }

  async activate(): Promise<unknown> {
    this.activations += 1;
    if (this.failActivation) throw new Error('boom');
    this.isActive = true;
    return this.exports;
  }

  /** What the YAML extension does for a document: ask every contributor. */
  ask(resource: string): (string | undefined)[] {
    return this.contributions.map((c) => c.requestSchema(resource));
  }
}

class FakeVscode {
  installed: FakeYamlExtension | undefined;
  documents: FakeDocument[] = [];
  settings: Record<string, unknown> = {};
  private listeners: (() => void)[] = [];
  readonly logs: { level: string; message: string }[] = [];
  readonly api: VscodeApi;

  constructor() {
    const owner = this;
    this.api = {
      extensions: {
        getExtension: (id: string) => (id === YAML_EXTENSION_ID ? owner.installed : undefined),
        onDidChange: (listener: () => void) => {
          owner.listeners.push(listener);
          return { dispose: () => { owner.listeners = owner.listeners.filter((l) => l !== listener); } };
        },
      },
      workspace: {
        get textDocuments() {
          return owner.documents;
        },
        getConfiguration: (section: string) => ({
          get: <T>(key: string, fallback: T): T => (section === 'meshLifecycle' && key in owner.settings ? (owner.settings[key] as T) : fallback),
        }),
      },
      // Enough of vscode.Uri for the glue: parsing normalises percent-encoding.
      Uri: { parse: (value: string) => ({ toString: () => decodeURIComponent(value) }) },
    } as unknown as VscodeApi;
  }

  readonly log = {
    info: (message: string) => this.logs.push({ level: 'info', message }),
    warn: (message: string) => this.logs.push({ level: 'warn', message }),
  };

  readonly context = { asAbsolutePath: (p: string) => path.join(REPO_ROOT, p) };

  listenerCount(): number {
    return this.listeners.length;
  }

  fireExtensionsChanged(): void {
    for (const l of [...this.listeners]) l();
  }
}

const fakeVscode = (): FakeVscode => new FakeVscode();

/** Lets the glue's pending activation settle. */
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

test('glue: registers a contributor that answers for open mesh files only', async () => {
  const vscode = fakeVscode();
  const yaml = new FakeYamlExtension();
  vscode.installed = yaml;
  vscode.documents = [
    fakeDocument('file:///w/reviews.yaml', VIRTUAL_SERVICE),
    fakeDocument('file:///w/deploy.yaml', DEPLOYMENT),
    fakeDocument('untitled:Untitled-1', VIRTUAL_SERVICE),
    fakeDocument('git:/w/reviews.yaml?ref', VIRTUAL_SERVICE),
  ];
  const handle = startYamlCoexistence(vscode.api, vscode.context, vscode.log);
  await settle();
  assert.equal(yaml.activations, 1, 'activates the YAML extension to reach its API');
  assert.deepEqual(yaml.contributions.map((c) => c.name), [SCHEMA_SCHEME]);
  assert.deepEqual(yaml.ask('file:///w/reviews.yaml'), [PERMISSIVE_SCHEMA_URI]);
  assert.deepEqual(yaml.ask('file:///w/deploy.yaml'), [undefined]);
  assert.deepEqual(yaml.ask('untitled:Untitled-1'), [PERMISSIVE_SCHEMA_URI]);
  assert.deepEqual(yaml.ask('git:/w/reviews.yaml?ref'), [undefined]);
  assert.deepEqual(yaml.ask('file:///w/not-open.yaml'), [undefined]);
  assert.equal(yaml.contributions[0]!.requestSchemaContent(PERMISSIVE_SCHEMA_URI), JSON.stringify(PERMISSIVE_SCHEMA));
  assert.ok(vscode.logs.some((l) => l.level === 'info' && l.message.includes('meshLifecycle.yamlExtension.suppressDuplicates')));
  assert.equal(vscode.listenerCount(), 0, 'stops watching extensions once registered');
  handle.dispose();
});

test('glue: matches differently encoded URIs, and decides once per document version', async () => {
  const vscode = fakeVscode();
  const yaml = new FakeYamlExtension();
  yaml.isActive = true;
  vscode.installed = yaml;
  const doc = fakeDocument('file:///c:/w/reviews.yaml', VIRTUAL_SERVICE);
  vscode.documents = [doc];
  const handle = startYamlCoexistence(vscode.api, vscode.context, vscode.log);
  await settle();
  assert.equal(yaml.activations, 0, 'an active extension is not activated again');
  assert.deepEqual(yaml.ask('file:///c%3A/w/reviews.yaml'), [PERMISSIVE_SCHEMA_URI]);
  for (let i = 0; i < 5; i++) yaml.ask('file:///c:/w/reviews.yaml');
  assert.equal(doc.reads, 1, 'asked once per YAML document per check, the text is read once per version');
  doc.version = 2;
  doc.getText = () => DEPLOYMENT;
  assert.deepEqual(yaml.ask('file:///c:/w/reviews.yaml'), [undefined], 'a new version is decided afresh');
  handle.dispose();
});

test('glue: the setting turns it off (per resource, at once) and on again', async () => {
  const vscode = fakeVscode();
  const yaml = new FakeYamlExtension();
  vscode.installed = yaml;
  vscode.documents = [fakeDocument('file:///w/reviews.yaml', VIRTUAL_SERVICE)];
  const handle = startYamlCoexistence(vscode.api, vscode.context, vscode.log);
  await settle();
  assert.deepEqual(yaml.ask('file:///w/reviews.yaml'), [PERMISSIVE_SCHEMA_URI]);
  vscode.settings['yamlExtension.suppressDuplicates'] = false;
  assert.deepEqual(yaml.ask('file:///w/reviews.yaml'), [undefined]);
  vscode.settings['yamlExtension.suppressDuplicates'] = true;
  assert.deepEqual(yaml.ask('file:///w/reviews.yaml'), [PERMISSIVE_SCHEMA_URI]);
  vscode.settings['maxFileSize'] = 10;
  vscode.documents[0]!.version = 2;
  assert.deepEqual(yaml.ask('file:///w/reviews.yaml'), [undefined], 'over meshLifecycle.maxFileSize our server does not check it');
  handle.dispose();
});

test('glue: without the YAML extension it waits, and registers once the extension appears', async () => {
  const vscode = fakeVscode();
  vscode.documents = [fakeDocument('file:///w/reviews.yaml', VIRTUAL_SERVICE)];
  const handle = startYamlCoexistence(vscode.api, vscode.context, vscode.log);
  await settle();
  assert.equal(vscode.listenerCount(), 1);
  vscode.fireExtensionsChanged(); // some other extension changed
  await settle();
  const yaml = new FakeYamlExtension();
  vscode.installed = yaml;
  vscode.fireExtensionsChanged();
  vscode.fireExtensionsChanged(); // a second event while activating must not register twice
  await settle();
  assert.equal(yaml.activations, 1);
  assert.deepEqual(yaml.ask('file:///w/reviews.yaml'), [PERMISSIVE_SCHEMA_URI]);
  assert.equal(vscode.listenerCount(), 0);
  handle.dispose();
});

test('glue: after dispose the contributor answers nothing; a restart reuses the registration', async () => {
  const vscode = fakeVscode();
  const yaml = new FakeYamlExtension();
  vscode.installed = yaml;
  vscode.documents = [fakeDocument('file:///w/reviews.yaml', VIRTUAL_SERVICE)];
  const first = startYamlCoexistence(vscode.api, vscode.context, vscode.log);
  await settle();
  first.dispose();
  // The YAML extension cannot forget a contributor, so ours must go quiet.
  assert.deepEqual(yaml.ask('file:///w/reviews.yaml'), [undefined]);
  const second = startYamlCoexistence(vscode.api, vscode.context, vscode.log);
  await settle();
  assert.equal(yaml.contributions.length, 1, 'registered once per YAML extension');
  assert.ok(!vscode.logs.some((l) => l.level === 'warn'), JSON.stringify(vscode.logs));
  assert.deepEqual(yaml.ask('file:///w/reviews.yaml'), [PERMISSIVE_SCHEMA_URI]);
  second.dispose();
  // Disposed before the YAML extension finished activating: nothing answers either.
  const late = new FakeYamlExtension();
  vscode.installed = late;
  startYamlCoexistence(vscode.api, vscode.context, vscode.log).dispose();
  await settle();
  assert.deepEqual(late.ask('file:///w/reviews.yaml'), []);
});

test('glue: an old YAML extension without the API, or one that fails to activate, only leaves a warning', async () => {
  for (const setup of [(y: FakeYamlExtension) => { y.exports = {}; }, (y: FakeYamlExtension) => { y.exports = undefined; }, (y: FakeYamlExtension) => { y.failActivation = true; }]) {
    const vscode = fakeVscode();
    const yaml = new FakeYamlExtension();
    setup(yaml);
    vscode.installed = yaml;
    const handle = startYamlCoexistence(vscode.api, vscode.context, vscode.log);
    await settle();
    assert.equal(yaml.contributions.length, 0);
    assert.equal(vscode.logs.filter((l) => l.level === 'warn').length, 1, JSON.stringify(vscode.logs));
    assert.equal(vscode.listenerCount(), 0, 'does not keep retrying');
    handle.dispose();
  }
});

test('glue: another contributor holding our name is reported, not fought', async () => {
  const vscode = fakeVscode();
  const yaml = new FakeYamlExtension();
  (yaml.exports as YamlExtensionApi).registerContributor(SCHEMA_SCHEME, () => 'other://x', () => '{}');
  vscode.installed = yaml;
  const handle = startYamlCoexistence(vscode.api, vscode.context, vscode.log);
  await settle();
  assert.equal(yaml.contributions.length, 1);
  assert.ok(vscode.logs.some((l) => l.level === 'warn' && l.message.includes('already uses the name')));
  handle.dispose();
});

test('glue: a broken catalogue or a failing document read never throws into the YAML extension', async () => {
  const vscode = fakeVscode();
  const yaml = new FakeYamlExtension();
  vscode.installed = yaml;
  const broken = fakeDocument('file:///w/broken.yaml', VIRTUAL_SERVICE);
  broken.getText = () => { throw new Error('gone'); };
  vscode.documents = [broken, fakeDocument('file:///w/reviews.yaml', VIRTUAL_SERVICE)];
  const handle = startYamlCoexistence(vscode.api, { asAbsolutePath: (p) => path.join(REPO_ROOT, 'no-such-dir', p) }, vscode.log);
  await settle();
  assert.deepEqual(yaml.ask('file:///w/broken.yaml'), [undefined]);
  assert.deepEqual(yaml.ask('file:///w/reviews.yaml'), [undefined], 'without the catalogue no kind is ours');
  assert.ok(vscode.logs.some((l) => l.level === 'warn' && l.message.includes('schema catalogue')));
  handle.dispose();
});
