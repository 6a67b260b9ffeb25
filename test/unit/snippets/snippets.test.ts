/**
 * The snippets (snippets/, contributed for YAML in package.json) are correct manifests. Each one,
 * expanded with its defaults as a user who tabs through it gets it, is linted by the real engine
 * (a Workspace with every rule and the bundled CRD schemas, as the editor and the CLI run it) and
 * must give zero findings:
 *
 *   - on its own, as in a fresh file of a new project;
 *   - against `surroundings/<prefix>.cluster.yaml` when the snippet names objects that live
 *     elsewhere (the Service a route sends to, the pods of a subset, the Gateway a route attaches
 *     to). That file is loaded as the live-cluster snapshot, listing its kinds completely, which is
 *     what turns on the rules that stay silent without evidence ("no such Service", "selects no
 *     pod"). So a default that contradicts the world it is meant for fails here.
 *
 * Meta-tests keep the file honest: prefixes start with `mesh-`, every snippet has a description,
 * one default per tab stop, no tabs or unknown variables, only served, non-deprecated kinds; and
 * package.json contributes the file.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { configFrom } from '../../../server/src/analysis/config';
import { bundledSchemasDir } from '../../../server/src/analysis/create';
import { Workspace } from '../../../server/src/analysis/workspace';
import type { Finding } from '../../../server/src/findings/finding';
import { kindOf, type Kind } from '../../../server/src/model/kinds';
import type { ClusterObject } from '../../../server/src/model/workspace-index';
import { parseFile } from '../../../server/src/parse/file';
import { DEFAULT_LIMITS } from '../../../server/src/parse/limits';
import { Catalog } from '../../../server/src/schema/catalog';
import { REPO_ROOT } from '../../support/repo';
import { expandSnippet } from './expand';

interface Snippet {
  readonly prefix?: unknown;
  readonly description?: unknown;
  readonly body?: unknown;
  readonly scope?: unknown;
}

const SNIPPETS_DIR = path.join(REPO_ROOT, 'snippets');
const SNIPPET_FILE = path.join(SNIPPETS_DIR, 'mesh.code-snippets');
const SURROUNDINGS = path.join(REPO_ROOT, 'test', 'unit', 'snippets', 'surroundings');

const snippets = Object.entries(JSON.parse(readFileSync(SNIPPET_FILE, 'utf8')) as Record<string, Snippet>);

function bodyOf(snippet: Snippet): string[] {
  const body = snippet.body;
  if (typeof body === 'string') return [body];
  assert.ok(Array.isArray(body) && body.every((line) => typeof line === 'string'), 'body must be a string or an array of strings');
  return body as string[];
}

function prefixesOf(snippet: Snippet): string[] {
  const prefix = snippet.prefix;
  if (typeof prefix === 'string') return [prefix];
  assert.ok(Array.isArray(prefix) && prefix.length > 0 && prefix.every((p) => typeof p === 'string'), 'prefix must be a string or a non-empty array of strings');
  return prefix as string[];
}

/** The first prefix names the snippet's surroundings file. */
const mainPrefix = (snippet: Snippet): string => prefixesOf(snippet)[0]!;

/** A cluster snapshot file as the editor would see the live cluster: every kind in it fully listed. */
function clusterObjects(file: string): { objects: ClusterObject[]; kinds: Kind[] } {
  const documents = parseFile(readFileSync(file, 'utf8'), DEFAULT_LIMITS);
  const objects: ClusterObject[] = [];
  const kinds = new Set<Kind>();
  for (const document of documents) {
    const { identity, value } = document.chunk;
    assert.ok(identity?.apiVersion && identity.kind, `${path.basename(file)}: document ${document.index} is not a Kubernetes object`);
    objects.push({ value: value as Record<string, unknown>, source: { file, document } });
    kinds.add(kindOf(identity.apiVersion, identity.kind));
  }
  return { objects, kinds: [...kinds] };
}

/** Every finding the engine reports, in the snippet or on the cluster objects. */
function lint(file: string, text: string, clusterFile?: string): Finding[] {
  const workspace = new Workspace({ config: configFrom({}) });
  workspace.setFile(file, text);
  if (clusterFile) {
    const { objects, kinds } = clusterObjects(clusterFile);
    workspace.setCluster('surroundings', objects, kinds);
  }
  const result = workspace.analyze();
  assert.deepEqual(result.errors.map((e) => `${e.rule}: ${String(e.error)}`), [], 'no rule may throw');
  return [...result.findings.values()].flat();
}

function report(findings: readonly Finding[], text: string): string {
  const lines = text.split('\n').map((l, i) => `${String(i + 1).padStart(3)} | ${l}`);
  const list = findings.map((f) => `  ${path.basename(f.file)}:${f.range.start.line + 1}:${f.range.start.character + 1} ${f.code} ${f.name}: ${f.message}`);
  return `${findings.length} finding(s):\n${list.join('\n')}\n\nexpanded snippet:\n${lines.join('\n')}`;
}

const surroundingsOf = (prefix: string): string | undefined => {
  const file = path.join(SURROUNDINGS, `${prefix}.cluster.yaml`);
  return existsSync(file) ? file : undefined;
};

for (const [name, snippet] of snippets) {
  const prefix = mainPrefix(snippet);
  const expansion = expandSnippet(bodyOf(snippet));
  const file = `${prefix}.yaml`;

  test(`${prefix}: expanded with its defaults, lints clean on its own`, () => {
    const findings = lint(file, expansion.text);
    assert.equal(findings.length, 0, `${name}\n${report(findings, expansion.text)}`);
  });

  const cluster = surroundingsOf(prefix);
  if (cluster) {
    test(`${prefix}: expanded with its defaults, lints clean against the cluster it expects`, () => {
      const findings = lint(file, expansion.text, cluster);
      assert.equal(findings.length, 0, `${name} with ${path.basename(cluster)}\n${report(findings, expansion.text)}`);
    });
  }
}

test('the snippets cover the resources the editor features promise', () => {
  const prefixes = snippets.map(([, s]) => mainPrefix(s)).sort();
  assert.deepEqual(prefixes, [
    'mesh-argo-rollout-istio',
    'mesh-consul-splitter',
    'mesh-gateway-httproute-weighted',
    'mesh-istio-authorizationpolicy-allow',
    'mesh-istio-canary',
    'mesh-istio-ingress',
    'mesh-istio-peerauthentication-strict',
    'mesh-linkerd-server-authz',
  ]);
});

test('every snippet has mesh- prefixes, a description and a well-formed body', () => {
  const seen = new Set<string>();
  for (const [name, snippet] of snippets) {
    for (const prefix of prefixesOf(snippet)) {
      assert.match(prefix, /^mesh-[a-z0-9-]+$/, `${name}: prefix "${prefix}" must start with "mesh-" (lower case, dashes)`);
      assert.ok(!seen.has(prefix), `prefix "${prefix}" is used twice`);
      seen.add(prefix);
    }
    assert.ok(typeof snippet.description === 'string' && snippet.description.trim().length > 20, `${name}: needs a description`);
    if (snippet.scope !== undefined) {
      assert.ok(typeof snippet.scope === 'string' && snippet.scope.split(',').map((s) => s.trim()).includes('yaml'), `${name}: a scope must include yaml`);
    }
    const body = bodyOf(snippet);
    assert.ok(body.length > 1, `${name}: empty body`);
    body.forEach((line, i) => {
      // VS Code turns a tab in a body into the editor's indentation, which YAML cannot take.
      assert.ok(!line.includes('\t'), `${name}: body line ${i + 1} has a tab`);
      assert.equal(line, line.trimEnd(), `${name}: body line ${i + 1} has trailing whitespace`);
    });
  }
});

test('every tab stop has one default, so a name typed once is the same everywhere', () => {
  for (const [name, snippet] of snippets) {
    const expansion = expandSnippet(bodyOf(snippet));
    assert.ok(expansion.tabstops.filter((n) => n > 0).length >= 1, `${name}: has no tab stops`);
    assert.deepEqual(expansion.unknownVariables, [], `${name}: uses variables VS Code does not define`);
    for (const [index, values] of expansion.defaults) {
      assert.equal(values.length, 1, `${name}: tab stop $${index} has different defaults: ${values.join(' / ')}`);
    }
    // Tab stops are numbered 1..n without gaps, so Tab visits every field in order.
    const numbers = [...new Set(expansion.tabstops.filter((n) => n > 0))].sort((a, b) => a - b);
    assert.deepEqual(numbers, numbers.map((_, i) => i + 1), `${name}: tab stops ${numbers.join(', ')} have gaps`);
  }
});

test('every document a snippet writes is a served, current kind of the schema catalogue', () => {
  // Zero findings would prove nothing for documents the engine leaves alone as unknown kinds.
  const catalog = new Catalog(bundledSchemasDir(), { gatewayApiChannel: configFrom({}).gatewayApiChannel });
  assert.equal(catalog.loadError, null);
  for (const [name, snippet] of snippets) {
    const documents = parseFile(expandSnippet(bodyOf(snippet)).text, DEFAULT_LIMITS);
    assert.ok(documents.length > 0, `${name}: no documents`);
    for (const document of documents) {
      const identity = document.chunk.identity;
      assert.ok(identity?.apiVersion && identity.kind && identity.name, `${name}: document ${document.index} lacks apiVersion, kind or name`);
      const resolution = catalog.resolve(identity.apiVersion, identity.kind);
      assert.equal(resolution.status, 'ok', `${name}: ${identity.apiVersion} ${identity.kind} resolves as ${resolution.status}`);
    }
  }
});

test('surroundings files belong to a snippet', () => {
  const prefixes = new Set(snippets.flatMap(([, s]) => prefixesOf(s)));
  for (const file of readdirSync(SURROUNDINGS)) {
    const prefix = file.replace(/\.cluster\.yaml$/, '');
    assert.ok(file.endsWith('.cluster.yaml') && prefixes.has(prefix), `${file} names no snippet`);
  }
});

test('the check is armed: a snippet with a mistake in it is reported', () => {
  const [, canary] = snippets.find(([, s]) => mainPrefix(s) === 'mesh-istio-canary')!;
  const text = expandSnippet(bodyOf(canary)).text;
  const misspelt = lint('canary.yaml', text.replace('weight: 90', 'wieght: 90'));
  assert.ok(misspelt.some((f) => f.name === 'unknown-field'), report(misspelt, text));
  const unknownSubset = lint('canary.yaml', text.replace('subset: canary', 'subset: canry'));
  assert.ok(unknownSubset.some((f) => f.name === 'virtualservice-subset-exists'), report(unknownSubset, text));
  // And the surroundings matter: without the pods of a subset, the evidence rules speak.
  const cluster = surroundingsOf('mesh-istio-canary')!;
  const withoutV2 = lint('canary.yaml', text.replace('version: v2', 'version: v3'), cluster);
  assert.ok(withoutV2.some((f) => f.name === 'destinationrule-subset-selects-no-pods'), report(withoutV2, text));
});

test('package.json contributes the snippet file for YAML, and every snippet file is contributed', () => {
  const manifest = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { contributes?: { snippets?: { language?: string; path?: string }[] } };
  const contributed = manifest.contributes?.snippets ?? [];
  assert.ok(Array.isArray(contributed) && contributed.length > 0, 'contributes.snippets is missing');
  const files = contributed.map((c) => {
    assert.equal(c.language, 'yaml');
    assert.ok(typeof c.path === 'string' && c.path.startsWith('./'), 'a snippet path is relative to the extension, starting with ./');
    const full = path.join(REPO_ROOT, c.path);
    assert.ok(existsSync(full), `${c.path} does not exist`);
    JSON.parse(readFileSync(full, 'utf8'));
    return path.resolve(full);
  });
  assert.ok(files.includes(path.resolve(SNIPPET_FILE)), 'snippets/mesh.code-snippets is not contributed');
  for (const name of readdirSync(SNIPPETS_DIR)) {
    assert.ok(files.includes(path.resolve(SNIPPETS_DIR, name)), `snippets/${name} is not contributed`);
  }
});
