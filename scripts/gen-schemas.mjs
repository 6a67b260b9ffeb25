// Generate schemas/ from the upstream CRDs and from the Kubernetes models of @kubernetes/client-node.
//
//   npm run gen:schemas [-- --crds DIR] [-- --out DIR]
//
// Inputs: the upstream CRD folders (default ../shared/crds next to the repo, or --crds / MESH_CRDS_DIR)
// with their SOURCES.md, and node_modules/@kubernetes/client-node. Output (default schemas/):
//   index.json        one entry per (apiVersion, kind, channel); the contract the validator reads
//   <mesh>/*.json      one openAPIV3Schema per distinct schema, compact JSON, shared between versions
//   SOURCES.md         where every folder came from, its license, and how many entries it produced
//
// The CRD schemas are copied verbatim (every x-kubernetes-* keyword, nullable, format, CEL rule...):
// interpreting them is the validator's job, not this script's. The output is deterministic (source
// key order, sorted entries, no timestamps), so re-running on the same inputs is byte-identical and a
// test can detect a stale schemas/ folder.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import YAML from 'yaml';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

// ---------------------------------------------------------------------------------------------
// Command line

function parseArgs(argv) {
  const opts = {
    crds: process.env.MESH_CRDS_DIR || path.resolve(root, '..', 'shared', 'crds'),
    out: path.join(root, 'schemas'),
    quiet: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) fail(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--crds') opts.crds = path.resolve(value());
    else if (a.startsWith('--crds=')) opts.crds = path.resolve(a.slice('--crds='.length));
    else if (a === '--out') opts.out = path.resolve(value());
    else if (a.startsWith('--out=')) opts.out = path.resolve(a.slice('--out='.length));
    else if (a === '--quiet') opts.quiet = true;
    else if (a === '--help' || a === '-h') {
      process.stdout.write('usage: node scripts/gen-schemas.mjs [--crds DIR] [--out DIR] [--quiet]\n');
      process.exit(0);
    } else fail(`unknown argument ${a}`);
  }
  return opts;
}

function fail(message) {
  process.stderr.write(`gen-schemas: ${message}\n`);
  process.exit(1);
}

// ---------------------------------------------------------------------------------------------
// Source folders

// The folders of the CRD checkout, in the order SOURCES.md lists them. Gateway API ships two
// channels; each becomes its own set of entries. Linkerd's golden/ and templates/ hold the same
// CRDs as rendered/ (golden is upstream's test output, templates are Helm sources that are not YAML).
const MESHES = ['istio', 'gateway-api', 'linkerd', 'smi', 'consul', 'argo-rollouts', 'flagger', 'cert-manager'];
const SKIP_DIRS = new Set(['linkerd/golden', 'linkerd/templates']);
const CHANNELS = new Set(['standard', 'experimental']);

function listYamlFiles(dir, rel = '') {
  const out = [];
  for (const ent of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    const r = rel ? `${rel}/${ent.name}` : ent.name;
    if (ent.isDirectory()) out.push(...listYamlFiles(dir, r));
    else if (/\.ya?ml$/.test(ent.name)) out.push(r);
  }
  return out.sort(compareStrings);
}

// Read repository, ref, commit and license of each folder from the "## <folder>/" sections.
function readSources(crdsDir) {
  const file = path.join(crdsDir, 'SOURCES.md');
  if (!fs.existsSync(file)) fail(`${file} is missing; it records where the CRDs came from`);
  const text = fs.readFileSync(file, 'utf8');
  const sources = {};
  let current = null;
  for (const line of text.split('\n')) {
    const head = /^## ([a-z0-9-]+)\/\s*$/.exec(line);
    if (head) {
      current = sources[head[1]] = {};
      continue;
    }
    if (!current) continue;
    let m;
    if ((m = /^- Repository: (\S+)/.exec(line))) current.repo = m[1];
    else if ((m = /^- Ref: `([^`]+)`/.exec(line))) current.ref = m[1];
    else if ((m = /^- Commit: `([0-9a-f]+)`/.exec(line))) current.commit = m[1];
    else if ((m = /^- License: (\S+)/.exec(line))) current.license = m[1];
  }
  for (const mesh of MESHES) {
    const s = sources[mesh];
    if (!s || !s.repo || !s.ref || !s.commit || !s.license) fail(`SOURCES.md has no complete section for ${mesh}/`);
  }
  return sources;
}

// ---------------------------------------------------------------------------------------------
// YAML

// Flagger's crd.yaml continues some multi-line single-quoted descriptions at the indentation of
// their key. YAML 1.2 wants continuation lines indented deeper than the key; the Go YAML parser
// that kubectl and the API server use accepts them anyway. Indent such continuation lines by two
// more spaces so this parser reads what Kubernetes reads. Only used when a document fails to parse.
function indentQuotedContinuations(text) {
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^(\s*)(- )?[^\s'"#][^:]*: '(.*)$/.exec(lines[i]);
    if (!m || closesSingleQuote(m[3])) continue;
    const keyIndent = m[1].length + (m[2] ? 2 : 0);
    for (let j = i + 1; j < lines.length; j++) {
      const indent = /^\s*/.exec(lines[j])[0].length;
      if (lines[j].trim() !== '' && indent <= keyIndent) lines[j] = `${' '.repeat(keyIndent + 2)}${lines[j].trimStart()}`;
      if (closesSingleQuote(lines[j])) {
        i = j;
        break;
      }
    }
  }
  return lines.join('\n');
}

// Whether a single-quoted scalar's remaining text contains its closing quote ('' is an escaped quote).
function closesSingleQuote(rest) {
  return /^(?:[^']|'')*'(?!')/.test(rest);
}

function parseYamlStream(text, label) {
  let docs = YAML.parseAllDocuments(text);
  let repaired = false;
  if (docs.some((d) => d.errors.length > 0)) {
    docs = YAML.parseAllDocuments(indentQuotedContinuations(text));
    const bad = docs.find((d) => d.errors.length > 0);
    if (bad) fail(`${label}: ${bad.errors[0].message}`);
    repaired = true;
  }
  return { docs: docs.map((d) => d.toJS()).filter((o) => o != null), repaired };
}

// ---------------------------------------------------------------------------------------------
// CRD entries

function entryFromCrdVersion(crd, v, mesh, channel) {
  const spec = crd.spec;
  const storage = spec.versions.find((x) => x.storage);
  const apiVersion = `${spec.group}/${v.name}`;
  return {
    group: spec.group,
    version: v.name,
    apiVersion,
    kind: spec.names.kind,
    plural: spec.names.plural,
    // The API server defaults listKind to <kind>List; several CRDs (SMI, Linkerd) leave it out.
    listKind: spec.names.listKind ?? `${spec.names.kind}List`,
    scope: spec.scope,
    served: v.served === true,
    storage: v.storage === true,
    deprecated: v.deprecated === true,
    deprecationWarning: typeof v.deprecationWarning === 'string' ? v.deprecationWarning : null,
    removedIn: null,
    // A version that is not served is as good as removed: point at the version that replaced it.
    replacement: v.served === true || !storage ? null : `${spec.group}/${storage.name}`,
    mesh,
    channel,
    subresources: v.subresources ?? null,
    printerColumns: v.additionalPrinterColumns ?? null,
    file: null,
    schema: v.schema?.openAPIV3Schema ?? null,
  };
}

function readCrdFolder(crdsDir, mesh) {
  const dir = path.join(crdsDir, mesh);
  if (!fs.existsSync(dir)) fail(`${dir} is missing`);
  const entries = [];
  const files = [];
  const skipped = [];
  const repaired = [];
  for (const rel of listYamlFiles(dir)) {
    const relToCrds = `${mesh}/${rel}`;
    if ([...SKIP_DIRS].some((d) => relToCrds.startsWith(`${d}/`))) continue;
    let channel = null;
    if (mesh === 'gateway-api') {
      channel = rel.split('/')[0];
      if (!CHANNELS.has(channel)) fail(`${relToCrds}: gateway-api files must be under standard/ or experimental/`);
    }
    const { docs, repaired: wasRepaired } = parseYamlStream(fs.readFileSync(path.join(dir, rel), 'utf8'), relToCrds);
    if (wasRepaired) repaired.push(rel);
    let used = false;
    for (const doc of docs) {
      if (doc.kind !== 'CustomResourceDefinition' || doc.apiVersion !== 'apiextensions.k8s.io/v1') {
        if (!skipped.includes(rel)) skipped.push(rel);
        continue;
      }
      used = true;
      for (const v of doc.spec.versions) entries.push({ ...entryFromCrdVersion(doc, v, mesh, channel), source: rel });
    }
    if (used) files.push(rel);
  }
  return { entries, files, skipped, repaired };
}

// ---------------------------------------------------------------------------------------------
// Core Kubernetes kinds, from the models @kubernetes/client-node generates from the Kubernetes
// OpenAPI spec. Each model class has a static attributeTypeMap (property name, JSON name, type,
// format); its .d.ts carries the doc comment of every property and whether it is optional.

const clientNodeDir = path.join(root, 'node_modules', '@kubernetes', 'client-node');
const modelsDir = path.join(clientNodeDir, 'dist', 'gen', 'models');

const CORE_KINDS = [
  { model: 'V1Service', group: '', version: 'v1', kind: 'Service', plural: 'services', scope: 'Namespaced', subresources: { status: {} } },
  { model: 'V1Pod', group: '', version: 'v1', kind: 'Pod', plural: 'pods', scope: 'Namespaced', subresources: { status: {} } },
  { model: 'V1Namespace', group: '', version: 'v1', kind: 'Namespace', plural: 'namespaces', scope: 'Cluster', subresources: { status: {} } },
  { model: 'V1Secret', group: '', version: 'v1', kind: 'Secret', plural: 'secrets', scope: 'Namespaced', subresources: null },
  { model: 'V1ConfigMap', group: '', version: 'v1', kind: 'ConfigMap', plural: 'configmaps', scope: 'Namespaced', subresources: null },
  { model: 'V1ServiceAccount', group: '', version: 'v1', kind: 'ServiceAccount', plural: 'serviceaccounts', scope: 'Namespaced', subresources: null },
  {
    model: 'V1Deployment', group: 'apps', version: 'v1', kind: 'Deployment', plural: 'deployments', scope: 'Namespaced',
    subresources: { status: {}, scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas', labelSelectorPath: '.status.selector' } },
  },
  { model: 'V1EndpointSlice', group: 'discovery.k8s.io', version: 'v1', kind: 'EndpointSlice', plural: 'endpointslices', scope: 'Namespaced', subresources: null },
];

// apiVersions Kubernetes no longer serves but that old manifests still carry. No schema: the
// validator reports the removal and points at the replacement.
const REMOVED_CORE = [
  { group: 'extensions', version: 'v1beta1', kind: 'Deployment', plural: 'deployments', removedIn: '1.16', replacement: 'apps/v1' },
  { group: 'apps', version: 'v1beta1', kind: 'Deployment', plural: 'deployments', removedIn: '1.16', replacement: 'apps/v1' },
  { group: 'apps', version: 'v1beta2', kind: 'Deployment', plural: 'deployments', removedIn: '1.16', replacement: 'apps/v1' },
  { group: 'discovery.k8s.io', version: 'v1beta1', kind: 'EndpointSlice', plural: 'endpointslices', removedIn: '1.25', replacement: 'discovery.k8s.io/v1' },
];

// resource.Quantity is an int-or-string on the wire ("500m", "1Gi", but also a bare 2), yet the
// generated models type it as a plain string and say nothing else about it. These are the Quantity
// properties reachable from the kinds above (a map when the model holds a map of quantities). The
// schema is the one controller-gen writes for Quantity in CRDs.
const QUANTITY_PROPS = {
  V1ContainerStatus: ['allocatedResources'],
  V1EmptyDirVolumeSource: ['sizeLimit'],
  V1NodeAllocatableResourceClaimStatus: ['resources'],
  V1PodSpec: ['overhead'],
  V1PodStatus: ['allocatedResources'],
  V1ResourceFieldSelector: ['divisor'],
  V1ResourceRequirements: ['limits', 'requests'],
  V1VolumeResourceRequirements: ['limits', 'requests'],
};
const QUANTITY_SCHEMA = {
  anyOf: [{ type: 'integer' }, { type: 'string' }],
  pattern: '^(\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))))?$',
  'x-kubernetes-int-or-string': true,
};

// Closed enums the API server enforces but the generated models type as plain strings (the
// generator drops the OpenAPI enum). Only values Kubernetes has accepted for many releases are
// listed, so an editor never flags a valid manifest. An array-typed property gets the enum on items.
const ENUMS = {
  V1ServiceSpec: {
    type: ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'],
    ipFamilyPolicy: ['SingleStack', 'PreferDualStack', 'RequireDualStack'],
    ipFamilies: ['IPv4', 'IPv6'],
    externalTrafficPolicy: ['Cluster', 'Local'],
    internalTrafficPolicy: ['Cluster', 'Local'],
    sessionAffinity: ['ClientIP', 'None'],
  },
  V1ServicePort: { protocol: ['TCP', 'UDP', 'SCTP'] },
  V1ContainerPort: { protocol: ['TCP', 'UDP', 'SCTP'] },
  DiscoveryV1EndpointPort: { protocol: ['TCP', 'UDP', 'SCTP'] },
  V1EndpointSlice: { addressType: ['IPv4', 'IPv6', 'FQDN'] },
  V1PodSpec: {
    restartPolicy: ['Always', 'OnFailure', 'Never'],
    dnsPolicy: ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'],
  },
  V1Container: {
    imagePullPolicy: ['Always', 'Never', 'IfNotPresent'],
    terminationMessagePolicy: ['File', 'FallbackToLogsOnError'],
  },
  V1EphemeralContainer: {
    imagePullPolicy: ['Always', 'Never', 'IfNotPresent'],
    terminationMessagePolicy: ['File', 'FallbackToLogsOnError'],
  },
  V1HTTPGetAction: { scheme: ['HTTP', 'HTTPS'] },
  V1DeploymentStrategy: { type: ['Recreate', 'RollingUpdate'] },
  V1LabelSelectorRequirement: { operator: ['In', 'NotIn', 'Exists', 'DoesNotExist'] },
};

// The generator documents every IntOrString property with the doc comment of the IntOrString type
// itself, which says nothing about the field. These are our own short descriptions for the ones the
// core kinds reach; any other IntOrString property simply gets no description.
const INT_OR_STRING_DOC = /^IntOrString is a type that can hold/;
const DESCRIPTIONS = {
  V1ServicePort: {
    targetPort:
      'Port on the selected pods that traffic is sent to: a number, or the name of a port declared in the pod\'s containers (ports[].name). Defaults to the value of port.',
  },
  V1HTTPGetAction: { port: 'Port of the container to probe: a number (1-65535) or the name of a container port (IANA_SVC_NAME).' },
  V1TCPSocketAction: { port: 'Port of the container to connect to: a number (1-65535) or the name of a container port (IANA_SVC_NAME).' },
  V1RollingUpdateDeployment: {
    maxSurge:
      'How many pods may be created above the desired replica count during a rolling update: a number, or a percentage of the desired replicas such as "25%" (rounded up). Defaults to 25%.',
    maxUnavailable:
      'How many pods may be unavailable during a rolling update: a number, or a percentage of the desired replicas such as "25%" (rounded down). Cannot be 0 when maxSurge is 0. Defaults to 25%.',
  },
};

// Required properties the generated .d.ts gets wrong, as [model, property, required?].
const REQUIRED_OVERRIDES = [
  // `endpoints` has no omitempty in Go, so the spec calls it required, but an EndpointSlice of a
  // Service without ready pods has none, and the API server returns it as null.
  ['V1EndpointSlice', 'endpoints', false],
];
// Properties the API server returns as null when empty (Go slices without omitempty).
// creationTimestamp: `kubectl create --dry-run=client -o yaml` writes `creationTimestamp: null` into
// every manifest it generates, and Kubernetes accepts it.
const NULLABLE_PROPS = { V1EndpointSlice: ['endpoints'], V1ObjectMeta: ['creationTimestamp'] };

const modelCache = new Map();

async function loadModel(name) {
  if (modelCache.has(name)) return modelCache.get(name);
  const js = path.join(modelsDir, `${name}.js`);
  if (!fs.existsSync(js)) return null;
  const mod = await import(pathToFileURL(js).href);
  const cls = mod[name];
  if (!cls || !Array.isArray(cls.attributeTypeMap)) fail(`client-node model ${name} has no attributeTypeMap`);
  const dts = parseDts(fs.readFileSync(path.join(modelsDir, `${name}.d.ts`), 'utf8'), name);
  const model = { name, attrs: cls.attributeTypeMap, doc: dts.classDoc, props: dts.props };
  modelCache.set(name, model);
  return model;
}

// Read the class doc comment and, per property, its doc comment and optionality from a model's
// .d.ts: `/** ... */` followed by `'name'?: type;` (optional) or `'name': type;` (required).
function parseDts(text, name) {
  const unescape = (s) => s.replace(/\\(.)/g, '$1');
  const docText = (block) =>
    unescape(
      block
        .split('\n')
        .map((l) => l.replace(/^\s*\/?\*+\/?\s?/, '').replace(/\s*\*\/\s*$/, ''))
        .filter((l) => l.trim() !== '')
        .join('\n')
        .trim(),
    );
  const classMatch = new RegExp(`(/\\*\\*(?:(?!\\*/)[\\s\\S])*\\*/)\\s*export declare class ${name}\\b`).exec(text);
  const classDoc = classMatch ? docText(classMatch[1]) : '';
  const body = text.slice(text.indexOf(`export declare class ${name}`));
  const props = {};
  const re = /(?:(\/\*\*(?:(?!\*\/)[\s\S])*\*\/)\s*)?^\s*'([^']+)'(\??):/gm;
  let m;
  while ((m = re.exec(body))) props[m[2]] = { doc: m[1] ? docText(m[1]) : '', optional: m[3] === '?' };
  return { classDoc, props };
}

// A JSON Schema for one attributeTypeMap type string. `stack` holds the models being expanded on
// the current path; meeting one again cuts the recursion with an open object.
async function schemaForType(type, format, stack) {
  let m;
  // The format of an array or map type describes its elements (Array<number> int32, Secret.data byte).
  if ((m = /^Array<(.+)>$/.exec(type))) return { type: 'array', items: await schemaForType(m[1], format, stack) };
  if ((m = /^\{ \[key: string\]: (.+); \}$/.exec(type))) return { type: 'object', additionalProperties: await schemaForType(m[1], format, stack) };
  switch (type) {
    case 'string':
      return format ? { type: 'string', format } : { type: 'string' };
    case 'Date':
      // MicroTime ('date-time-micro') is an RFC 3339 date-time with microseconds on the wire.
      return { type: 'string', format: 'date-time' };
    case 'number':
      if (format === 'int32' || format === 'int64') return { type: 'integer', format };
      return format ? { type: 'number', format } : { type: 'number' };
    case 'boolean':
      return { type: 'boolean' };
    case 'IntOrString':
      return { anyOf: [{ type: 'integer' }, { type: 'string' }], 'x-kubernetes-int-or-string': true };
    case 'any':
    case 'object':
      // RawExtension, FieldsV1 and similar free-form JSON.
      return { 'x-kubernetes-preserve-unknown-fields': true };
  }
  return schemaForModel(type, stack);
}

async function schemaForModel(name, stack) {
  const model = await loadModel(name);
  if (!model) fail(`client-node has no model for type ${name}`);
  if (stack.includes(name)) return { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };
  const inner = [...stack, name];
  const schema = {};
  if (model.doc) schema.description = model.doc;
  schema.type = 'object';
  const properties = {};
  const required = [];
  for (const attr of model.attrs) {
    const info = model.props[attr.name];
    if (!info) fail(`${name}.d.ts does not declare ${attr.name}`);
    let prop;
    if (QUANTITY_PROPS[name]?.includes(attr.baseName)) {
      prop = attr.type.startsWith('{') ? { type: 'object', additionalProperties: { ...QUANTITY_SCHEMA } } : { ...QUANTITY_SCHEMA };
    } else {
      prop = await schemaForType(attr.type, attr.format, inner);
    }
    // The property's own doc comment wins over the referenced model's description.
    let doc = info.doc || prop.description;
    if (attr.type === 'IntOrString' && INT_OR_STRING_DOC.test(doc ?? '')) doc = DESCRIPTIONS[name]?.[attr.baseName];
    else if (DESCRIPTIONS[name]?.[attr.baseName]) fail(`DESCRIPTIONS supplement for ${name}.${attr.baseName} is no longer needed`);
    delete prop.description;
    const values = ENUMS[name]?.[attr.baseName];
    if (values) {
      if (prop.type === 'array') prop.items = { ...prop.items, enum: values };
      else if (prop.type === 'string') prop.enum = values;
      else fail(`enum supplement for ${name}.${attr.baseName} does not fit type ${attr.type}`);
    }
    if (NULLABLE_PROPS[name]?.includes(attr.baseName)) prop.nullable = true;
    properties[attr.baseName] = doc ? { description: doc, ...prop } : prop;
    let isRequired = !info.optional;
    for (const [m, p, r] of REQUIRED_OVERRIDES) if (m === name && p === attr.baseName) isRequired = r;
    if (isRequired) required.push(attr.baseName);
  }
  schema.properties = properties;
  if (required.length > 0) schema.required = required;
  return schema;
}

async function coreEntries() {
  const pkg = JSON.parse(fs.readFileSync(path.join(clientNodeDir, 'package.json'), 'utf8'));
  const header = fs.readFileSync(path.join(modelsDir, 'V1Service.js'), 'utf8');
  const specVersion = /OpenAPI spec version: (\S+)/.exec(header)?.[1] ?? 'unknown';
  // Every override must still name a real property, or the table has gone stale.
  for (const [model, prop] of REQUIRED_OVERRIDES) {
    const m = await loadModel(model);
    if (!m?.props[prop]) fail(`REQUIRED_OVERRIDES names ${model}.${prop}, which client-node no longer has`);
  }
  const entries = [];
  for (const k of CORE_KINDS) {
    const apiVersion = k.group ? `${k.group}/${k.version}` : k.version;
    entries.push({
      group: k.group, version: k.version, apiVersion, kind: k.kind, plural: k.plural, listKind: `${k.kind}List`,
      scope: k.scope, served: true, storage: true, deprecated: false, deprecationWarning: null, removedIn: null,
      replacement: null, mesh: 'kubernetes', channel: null, subresources: k.subresources, printerColumns: null,
      file: null, schema: await schemaForModel(k.model, []), source: k.model,
    });
  }
  for (const r of REMOVED_CORE) {
    const apiVersion = `${r.group}/${r.version}`;
    entries.push({
      group: r.group, version: r.version, apiVersion, kind: r.kind, plural: r.plural, listKind: `${r.kind}List`,
      scope: 'Namespaced', served: false, storage: false, deprecated: true,
      deprecationWarning: `${apiVersion} ${r.kind} is unavailable in v${r.removedIn}+; use ${r.replacement} ${r.kind}`,
      removedIn: r.removedIn, replacement: r.replacement, mesh: 'kubernetes', channel: null, subresources: null,
      printerColumns: null, file: null, schema: null, source: null,
    });
  }
  // A supplement entry that names nothing the core kinds reach means the tables went stale against a
  // newer client-node.
  const supplements = [
    ...Object.entries(ENUMS).map(([m, p]) => [m, Object.keys(p)]),
    ...Object.entries(DESCRIPTIONS).map(([m, p]) => [m, Object.keys(p)]),
    ...Object.entries(QUANTITY_PROPS),
    ...Object.entries(NULLABLE_PROPS),
  ];
  for (const [model, props] of supplements) {
    const m = modelCache.get(model);
    if (!m) fail(`supplement names model ${model}, which the core kinds never reach`);
    for (const p of props) if (!m.attrs.some((a) => a.baseName === p)) fail(`supplement names ${model}.${p}, which does not exist`);
  }
  return { entries, clientNode: { version: pkg.version, license: pkg.license, repo: repoUrl(pkg.repository), specVersion } };
}

function repoUrl(repository) {
  const url = typeof repository === 'string' ? repository : repository?.url ?? '';
  return url.replace(/^git\+/, '').replace(/\.git$/, '');
}

// ---------------------------------------------------------------------------------------------
// Output

function compareStrings(a, b) {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareEntries(a, b) {
  return compareStrings(a.apiVersion, b.apiVersion) || compareStrings(a.kind, b.kind) || compareStrings(a.channel ?? '', b.channel ?? '');
}

// Give every distinct schema one file inside its mesh folder: <group>_<kind>_<version>.json, named
// after the storage version among the entries that use it (else a served one, else the first in
// index order), plus _<channel> when only one Gateway API channel uses that exact schema. Identical
// schemas of other versions or channels share the file.
function assignFiles(entries) {
  const byContent = new Map();
  const taken = new Set();
  for (const e of entries) {
    if (!e.schema) continue;
    const json = JSON.stringify(e.schema);
    const key = `${e.mesh}\n${json}`;
    let group = byContent.get(key);
    if (!group) byContent.set(key, (group = { json, entries: [] }));
    group.entries.push(e);
  }
  const files = [];
  for (const { json, entries: users } of byContent.values()) {
    const first = users.find((u) => u.storage) ?? users.find((u) => u.served) ?? users[0];
    const channels = new Set(users.map((u) => u.channel));
    let base = `${first.group || 'core'}_${first.kind.toLowerCase()}_${first.version}`;
    if (channels.size === 1 && first.channel) base += `_${first.channel}`;
    let name = `${first.mesh}/${base}.json`;
    if (taken.has(name)) name = `${first.mesh}/${base}_${createHash('sha256').update(json).digest('hex').slice(0, 8)}.json`;
    taken.add(name);
    for (const u of users) u.file = name;
    files.push({ name, json });
  }
  return files;
}

const INDEX_KEYS = [
  'group', 'version', 'apiVersion', 'kind', 'plural', 'listKind', 'scope', 'served', 'storage', 'deprecated',
  'deprecationWarning', 'removedIn', 'replacement', 'mesh', 'channel', 'subresources', 'printerColumns', 'file',
];

function indexJson(entries) {
  // One entry per line: compact, yet a diff of index.json stays readable.
  const lines = entries.map((e) => JSON.stringify(Object.fromEntries(INDEX_KEYS.map((k) => [k, e[k]]))));
  return `{"entries":[\n${lines.join(',\n')}\n]}\n`;
}

function sourcesMarkdown({ sources, folders, core, entries }) {
  const count = (mesh) => entries.filter((e) => e.mesh === mesh).length;
  const fileCount = (mesh) => new Set(entries.filter((e) => e.mesh === mesh && e.file).map((e) => e.file)).size;
  const out = [];
  out.push('# Schema sources');
  out.push('');
  out.push('Generated by `npm run gen:schemas` (scripts/gen-schemas.mjs); do not edit by hand.');
  out.push('');
  out.push('The files in this folder are data derived from upstream CustomResourceDefinitions: each');
  out.push('`<mesh>/*.json` file is the `spec.versions[].schema.openAPIV3Schema` of one CRD version, unchanged');
  out.push('(re-serialized from YAML to compact JSON); versions and channels with identical schemas share a');
  out.push('file. `index.json` lists every (apiVersion, kind, channel) with its CRD metadata. The `kubernetes/`');
  out.push('schemas are generated from the Kubernetes API models of @kubernetes/client-node (see below).');
  out.push('');
  out.push('| folder | upstream repository | ref | commit | license | files used | entries | schema files |');
  out.push('|---|---|---|---|---|---|---|---|');
  for (const mesh of MESHES) {
    const s = sources[mesh];
    const used = folders[mesh].files.map((f) => `\`${f}\``).join('<br>');
    out.push(`| ${mesh}/ | ${s.repo} | \`${s.ref}\` | \`${s.commit}\` | ${s.license} | ${used} | ${count(mesh)} | ${fileCount(mesh)} |`);
  }
  out.push(
    `| kubernetes/ | ${core.repo} (npm package @kubernetes/client-node) | \`${core.version}\` (OpenAPI spec \`${core.specVersion}\`) | — | ${core.license} | ` +
      `\`dist/gen/models/*.js\` (attributeTypeMap), \`dist/gen/models/*.d.ts\` (doc comments, optional/required) | ${count('kubernetes')} | ${fileCount('kubernetes')} |`,
  );
  out.push('');
  out.push(`Total: ${entries.length} entries, ${new Set(entries.filter((e) => e.file).map((e) => e.file)).size} schema files.`);
  out.push('');
  out.push('## Notes');
  out.push('');
  out.push('- Every version of every CRD has an entry, served or not. A version with `served: false` keeps its');
  out.push('  schema and gets `replacement` set to the apiVersion of the CRD\'s storage version.');
  out.push('- gateway-api/: the `standard` and `experimental` channels are both indexed (`channel` says which).');
  const skipped = MESHES.flatMap((m) => folders[m].skipped.map((s) => `${m}/${s}`));
  if (skipped.length > 0) out.push(`  Skipped because they hold no CRD (e.g. a ValidatingAdmissionPolicy): ${skipped.map((s) => `\`${s}\``).join(', ')}.`);
  out.push('- linkerd/: only `rendered/` is read (`golden/` and `templates/` hold the same CRDs). Linkerd bundles');
  out.push('  its own, older copies of some Gateway API CRDs; they contribute only the apiVersions gateway-api/');
  out.push('  does not define (indexed with `mesh: "linkerd"`, `channel: null`).');
  const dropped = MESHES.flatMap((m) => folders[m].shadowed ?? []);
  if (dropped.length > 0) out.push(`  Shadowed by gateway-api/ and not indexed (files that contribute nothing are not listed as used): ${dropped.map((d) => `\`${d}\``).join(', ')}.`);
  const repaired = MESHES.flatMap((m) => folders[m].repaired.map((r) => `\`${m}/${r}\``));
  if (repaired.length > 0) {
    out.push(`- ${repaired.join(', ')}: continues some single-quoted descriptions at the indentation of their key,`);
    out.push('  which strict YAML 1.2 rejects and the Go YAML parser Kubernetes uses accepts; the generator');
    out.push('  re-indents those continuation lines before parsing, so the schema text is what Kubernetes reads.');
  }
  out.push('- CRDs without `names.listKind` get `<kind>List`, the API server\'s default.');
  out.push('');
  out.push('## kubernetes/ (core kinds)');
  out.push('');
  out.push(`Service, Pod, Namespace, Secret, ConfigMap, ServiceAccount (v1), Deployment (apps/v1) and EndpointSlice`);
  out.push(`(discovery.k8s.io/v1) are generated from the models in @kubernetes/client-node ${core.version}, which are`);
  out.push(`generated from the Kubernetes OpenAPI spec (${core.specVersion}) by the client's generator (license ${core.license}).`);
  out.push('Referenced models are inlined; IntOrString becomes `x-kubernetes-int-or-string`, free-form JSON becomes');
  out.push('`x-kubernetes-preserve-unknown-fields`, string maps become `additionalProperties`, descriptions come');
  out.push('from the doc comments and `required` from the non-optional properties. The generated models lose a');
  out.push('few facts of the OpenAPI spec, so the generator adds them from a commented table: closed enums');
  out.push('(Service type, protocols, traffic policies, restart and pull policies, ...), resource.Quantity as');
  out.push('int-or-string, required-field corrections, `nullable` where Kubernetes itself writes null');
  out.push('(`metadata.creationTimestamp: null` from `kubectl create --dry-run`), and descriptions of our own for');
  out.push('the IntOrString fields, whose generated doc comment only describes the IntOrString type.');
  out.push('The generated models do not carry list/map markers (`x-kubernetes-list-type` etc.) or defaults.');
  out.push('');
  out.push('Removed apiVersions that old manifests still use are indexed with `served: false`, `removedIn`,');
  out.push('`replacement` and `file: null`: extensions/v1beta1, apps/v1beta1 and apps/v1beta2 Deployment (removed');
  out.push('in 1.16, use apps/v1) and discovery.k8s.io/v1beta1 EndpointSlice (removed in 1.25, use discovery.k8s.io/v1).');
  out.push('');
  out.push('## License');
  out.push('');
  out.push('The schemas keep the license of the project they were derived from:');
  out.push('');
  const byLicense = new Map();
  for (const mesh of MESHES) {
    const l = sources[mesh].license;
    byLicense.set(l, [...(byLicense.get(l) ?? []), `${mesh}/`]);
  }
  byLicense.set(core.license, [...(byLicense.get(core.license) ?? []), 'kubernetes/']);
  for (const [license, dirs] of byLicense) out.push(`- ${license}: ${dirs.map((d) => `\`${d}\``).join(', ')}`);
  out.push('');
  out.push('Apache-2.0: https://www.apache.org/licenses/LICENSE-2.0. MPL-2.0: https://mozilla.org/MPL/2.0/ — the');
  out.push('consul/ files are covered by the Mozilla Public License 2.0; their source form is the upstream');
  out.push('repository at the commit listed above. The rest of this project is not affected by either license.');
  out.push('');
  return out.join('\n');
}

function licenseNote(sources, core) {
  const lines = ['The schemas in this folder are data derived from third-party sources and keep their licenses:', ''];
  for (const mesh of MESHES) lines.push(`  ${`${mesh}/`.padEnd(16)} ${sources[mesh].license.padEnd(11)} ${sources[mesh].repo} @ ${sources[mesh].commit}`);
  lines.push(`  ${'kubernetes/'.padEnd(16)} ${core.license.padEnd(11)} ${core.repo} (@kubernetes/client-node ${core.version})`);
  lines.push('');
  lines.push('Apache-2.0: https://www.apache.org/licenses/LICENSE-2.0');
  lines.push('MPL-2.0:    https://mozilla.org/MPL/2.0/ (consul/ only; the source form of those files is the');
  lines.push('            upstream repository at the commit above)');
  lines.push('');
  lines.push('See SOURCES.md for the files used and how the schemas were derived.');
  lines.push('');
  return lines.join('\n');
}

// Write only what changed, then delete generated files that are no longer produced.
function writeOutput(outDir, outputs) {
  fs.mkdirSync(outDir, { recursive: true });
  for (const [rel, content] of outputs) {
    const file = path.join(outDir, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    if (!fs.existsSync(file) || fs.readFileSync(file, 'utf8') !== content) fs.writeFileSync(file, content);
  }
  const keep = new Set(outputs.keys());
  for (const mesh of [...MESHES, 'kubernetes']) {
    const dir = path.join(outDir, mesh);
    if (!fs.existsSync(dir)) continue;
    for (const name of fs.readdirSync(dir)) if (name.endsWith('.json') && !keep.has(`${mesh}/${name}`)) fs.rmSync(path.join(dir, name));
    if (fs.readdirSync(dir).length === 0) fs.rmdirSync(dir);
  }
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (!fs.existsSync(opts.crds)) fail(`no CRD folder at ${opts.crds} (use --crds DIR or MESH_CRDS_DIR)`);
  const sources = readSources(opts.crds);
  const folders = {};
  for (const mesh of MESHES) folders[mesh] = readCrdFolder(opts.crds, mesh);

  // Linkerd's bundled Gateway API CRDs: keep only the apiVersions gateway-api/ lacks.
  const gatewayGroups = new Set(folders['gateway-api'].entries.map((e) => e.group));
  const gatewayKeys = new Set(folders['gateway-api'].entries.map((e) => `${e.apiVersion} ${e.kind}`));
  const linkerd = folders.linkerd;
  linkerd.shadowed = [];
  linkerd.entries = linkerd.entries.filter((e) => {
    if (!gatewayGroups.has(e.group) || !gatewayKeys.has(`${e.apiVersion} ${e.kind}`)) return true;
    linkerd.shadowed.push(`${e.apiVersion} ${e.kind}`);
    return false;
  });
  linkerd.files = linkerd.files.filter((f) => linkerd.entries.some((e) => e.source === f));

  const core = await coreEntries();
  const entries = [...MESHES.flatMap((m) => folders[m].entries), ...core.entries].sort(compareEntries);
  for (let i = 1; i < entries.length; i++) {
    if (compareEntries(entries[i - 1], entries[i]) === 0) {
      const e = entries[i];
      fail(`two sources define ${e.apiVersion} ${e.kind} (channel ${e.channel}): ${entries[i - 1].mesh}/${entries[i - 1].source} and ${e.mesh}/${e.source}`);
    }
  }
  const files = assignFiles(entries);

  const outputs = new Map();
  outputs.set('index.json', indexJson(entries));
  for (const f of files) outputs.set(f.name, `${f.json}\n`);
  outputs.set('SOURCES.md', sourcesMarkdown({ sources, folders, core: core.clientNode, entries }));
  outputs.set('LICENSE', licenseNote(sources, core.clientNode));
  writeOutput(opts.out, outputs);

  if (!opts.quiet) {
    const bytes = [...outputs.values()].reduce((n, s) => n + Buffer.byteLength(s), 0);
    process.stdout.write(`gen-schemas: ${entries.length} entries, ${files.length} schema files, ${(bytes / 1048576).toFixed(1)} MiB -> ${path.relative(process.cwd(), opts.out) || '.'}\n`);
  }
}

await main();
