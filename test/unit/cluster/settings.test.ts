import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clusterSettingsFrom, DEFAULT_CLUSTER_SETTINGS, namespaceScope, sameClusterSettings } from '../../../server/src/cluster/settings';
import { enabledRules, watchedKinds } from '../../../server/src/cluster/watched-kinds';
import { RULES } from '../../../server/src/rules/registry';
import type { Rule } from '../../../server/src/rules/rule';

const cases: { name: string; input: unknown; expect: Partial<ReturnType<typeof clusterSettingsFrom>> }[] = [
  { name: 'nothing: defaults', input: undefined, expect: DEFAULT_CLUSTER_SETTINGS },
  { name: 'nested object', input: { cluster: { enabled: false, context: ' kind-dev ', namespaces: ['shop', 'default'], kubeconfig: '/tmp/k' } }, expect: { enabled: false, context: 'kind-dev', namespaces: ['default', 'shop'], kubeconfig: '/tmp/k' } },
  { name: 'dotted keys', input: { 'cluster.context': 'prod', 'cluster.namespaces': 'a, b' }, expect: { context: 'prod', namespaces: ['a', 'b'] } },
  { name: 'empty strings mean the default', input: { cluster: { context: '', kubeconfig: '  ' } }, expect: { context: null, kubeconfig: null } },
  { name: 'wrong types fall back one by one', input: { cluster: { enabled: 'yes', context: 3, namespaces: 7 } }, expect: { enabled: true, context: null, namespaces: 'all' } },
];
for (const c of cases) {
  test(`cluster settings: ${c.name}`, () => {
    const s = clusterSettingsFrom(c.input);
    for (const [k, v] of Object.entries(c.expect)) assert.deepEqual((s as unknown as Record<string, unknown>)[k], v, k);
  });
}

test('namespace scope: invalid names dropped, duplicates merged, * or nothing is all', () => {
  assert.deepEqual(namespaceScope(['b', 'a', 'b', 'Bad_Name', '']), ['a', 'b']);
  assert.equal(namespaceScope(['a', '*']), 'all');
  assert.equal(namespaceScope([]), 'all');
  assert.equal(namespaceScope(['Nope']), 'all');
});

test('settings equality', () => {
  const a = clusterSettingsFrom({ cluster: { namespaces: ['x'] } });
  assert.equal(sameClusterSettings(a, clusterSettingsFrom({ cluster: { namespaces: ['x'] } })), true);
  assert.equal(sameClusterSettings(a, DEFAULT_CLUSTER_SETTINGS), false);
});

test('watched kinds: exactly the kinds enabled rules read, no pseudo-kinds', () => {
  const kinds = watchedKinds(RULES);
  const declared = new Set(RULES.flatMap((r) => r.reads));
  assert.ok(kinds.every((k) => declared.has(k)));
  assert.ok(!kinds.some((k) => k.startsWith('mesh.istio.io/') || k.startsWith('inputs.mesh-lifecycle/')), 'options and the clock are not API kinds');
  assert.deepEqual(kinds, [...kinds].sort());
  assert.ok(kinds.includes('core/Service') && kinds.includes('networking.istio.io/VirtualService'));
});

test('watched kinds: a kind only an "off" rule reads is not watched', () => {
  const rule = (name: string, code: string, reads: string[]): Rule => ({ name, code, reads, severity: 'error', docs: { summary: '', rationale: '' }, messages: {}, check: () => undefined }) as unknown as Rule;
  const rules = [rule('a', 'MSH1', ['core/Service', 'core/Pod']), rule('b', 'IST2', ['core/Secret', 'mesh.istio.io/MeshConfig'])];
  assert.deepEqual(watchedKinds(enabledRules(rules)), ['core/Pod', 'core/Secret', 'core/Service']);
  assert.deepEqual(watchedKinds(enabledRules(rules, { IST2: 'off' })), ['core/Pod', 'core/Service']);
  assert.deepEqual(watchedKinds(enabledRules(rules, { a: 'off' })), ['core/Secret']);
  assert.deepEqual(watchedKinds(enabledRules(rules, { a: 'warning' })), ['core/Pod', 'core/Secret', 'core/Service']);
});
