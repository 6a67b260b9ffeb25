import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { configFrom, withProjectDefaults } from '../../../server/src/analysis/config';
import { globMatcher } from '../../../server/src/analysis/glob';
import { findProjectFile, ignoreMatcher, loadProjectConfig, parseProjectConfig } from '../../../server/src/analysis/project-file';
import { inChartTemplates, looksTemplated } from '../../../server/src/analysis/templated';

test('glob: gitignore-style patterns on relative paths', () => {
  const rows: [string, string, boolean][] = [
    ['*.yaml', 'a.yaml', true],
    ['*.yaml', 'deep/a.yaml', true],
    ['charts/**', 'charts/x/templates/a.yaml', true],
    ['charts/**', 'other/charts/a.yaml', false],
    ['generated/', 'generated/a.yaml', true],
    ['generated/', 'src/generated/a.yaml', true],
    ['/generated/', 'src/generated/a.yaml', false],
    ['**/tmp-*.yml', 'a/b/tmp-1.yml', true],
    ['a?.yaml', 'ab.yaml', true],
    ['a?.yaml', 'a/.yaml', false],
    ['k8s/*.yaml', 'k8s/deep/a.yaml', false],
  ];
  for (const [pattern, file, expected] of rows) assert.equal(globMatcher(pattern)(file), expected, `${pattern} ~ ${file}`);
});

test('project file: parsed, resolved beside the file, problems reported not thrown', () => {
  const file = path.join('/repo', '.mesh-lifecycle.yaml');
  const p = parseProjectConfig('rules: {IST0101: warning, MSH1001: off, X: loud}\nmeshConfig: istio/mesh.yaml\nignore: ["charts/**", 3]\ndefaultNamespace: apps\nextra: 1\n', file);
  assert.deepEqual(p.rules, { IST0101: 'warning', MSH1001: 'off' });
  assert.equal(p.meshConfig, path.join('/repo', 'istio', 'mesh.yaml'));
  assert.equal(p.meshNetworks, null);
  assert.deepEqual(p.ignore, ['charts/**']);
  assert.equal(p.defaultNamespace, 'apps');
  assert.equal(p.problems.length, 3);
  assert.match(p.problems.join('\n'), /unknown key "extra"/);
  assert.match(parseProjectConfig('rules: [\n', file).problems[0]!, /not valid YAML/);
  assert.deepEqual(parseProjectConfig('', file).problems, []);
  assert.equal(ignoreMatcher(p)(path.join('/repo', 'charts', 'a', 'b.yaml')), true);
  assert.equal(ignoreMatcher(p)(path.join('/elsewhere', 'charts', 'b.yaml')), false);
});

test('project file: found from a folder upward; settings override it code by code', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'mesh-project-'));
  mkdirSync(path.join(root, 'a', 'b'), { recursive: true });
  assert.equal(findProjectFile(path.join(root, 'a', 'b')), null);
  writeFileSync(path.join(root, '.mesh-lifecycle.yaml'), 'rules: {IST0101: warning, MSH1001: off}\ndefaultNamespace: apps\n');
  const project = loadProjectConfig(path.join(root, 'a', 'b'));
  assert.equal(project.file, path.join(root, '.mesh-lifecycle.yaml'));
  const merged = withProjectDefaults(configFrom({ rules: { IST0101: 'info' } }), project);
  assert.deepEqual(merged.rules, { IST0101: 'info', MSH1001: 'off' });
  assert.equal(merged.defaultNamespace, 'apps');
  assert.equal(withProjectDefaults(configFrom({ defaultNamespace: 'mine' }), project).defaultNamespace, 'mine');
});

test('templated files: chart templates and structural template actions', () => {
  const exists = (p: string) => p === path.join('/c', 'chart', 'Chart.yaml');
  assert.equal(inChartTemplates('/c/chart/templates/deploy.yaml', exists), true);
  assert.equal(inChartTemplates('/c/chart/templates/sub/deploy.yaml', exists), true);
  assert.equal(inChartTemplates('/c/other/templates/deploy.yaml', exists), false);
  const rows: [string, boolean][] = [
    ['a: b\n', false],
    ['{{- if .Values.x }}\na: b\n{{- end }}\n', true],
    ['name: {{ .Release.Name }}\n', true],
    ['  - {{ .Values.host }}\n', true],
    ['name: "{{ .Release.Name }}"\n', false],
    ['query: |\n  sum(rate(x{ns="{{ namespace }}"}[1m]))\n', false],
    ['# {{ comment }}\n', false],
  ];
  for (const [text, expected] of rows) assert.equal(looksTemplated(text), expected, JSON.stringify(text));
});
