/**
 * Fixtures that check themselves. Every YAML file in test/fixtures/schema-cases/ is linted by the
 * Analyzer (parse + schema checks) and every folder of examples/ as one Workspace (parse, schema
 * and every rule, as `mesh-lifecycle lint examples/...` does); findings must equal the files'
 * `# expect:` markers exactly. UPDATE_FIXTURES=1 rewrites the trailing markers of the schema
 * cases (never of examples/, whose markers are documentation too).
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { configFrom } from '../../server/src/analysis/config';
import { createAnalyzer } from '../../server/src/analysis/create';
import { Workspace } from '../../server/src/analysis/workspace';
import { compareWithMarkers, renderWithMarkers } from '../support/markers';
import { FIXTURES, REPO_ROOT } from '../support/repo';

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return yamlFiles(full);
    return /\.ya?ml$/.test(name) ? [full] : [];
  });
}

const analyzer = createAnalyzer(configFrom({}));
const schemaCases = yamlFiles(path.join(FIXTURES, 'schema-cases'));

for (const file of schemaCases) {
  test(`schema fixture: ${path.relative(REPO_ROOT, file)}`, () => {
    const text = readFileSync(file, 'utf8');
    const findings = analyzer.analyzeText(file, text);
    const report = compareWithMarkers(text, findings);
    if (report && process.env['UPDATE_FIXTURES'] === '1') {
      writeFileSync(file, renderWithMarkers(text, findings));
      return;
    }
    assert.equal(report, null, report ?? '');
  });
}

const examplesRoot = path.join(REPO_ROOT, 'examples');
for (const folder of readdirSync(examplesRoot).filter((name) => statSync(path.join(examplesRoot, name)).isDirectory())) {
  test(`example workspace: examples/${folder}`, () => {
    const workspace = new Workspace({ config: configFrom({}) });
    const files = yamlFiles(path.join(examplesRoot, folder));
    for (const file of files) workspace.setFile(file, readFileSync(file, 'utf8'));
    const result = workspace.analyze();
    for (const file of files) {
      const report = compareWithMarkers(readFileSync(file, 'utf8'), result.findings.get(file) ?? []);
      assert.equal(report, null, `${path.relative(REPO_ROOT, file)}\n${report}`);
    }
  });
}

const cases = [...schemaCases, ...yamlFiles(examplesRoot)].map((file) => ({ file }));

test('schema fixtures: there are cases, and some expect findings while others expect none', () => {
  const texts = cases.map((c) => readFileSync(c.file, 'utf8'));
  assert.ok(texts.some((t) => t.includes('# expect:')));
  assert.ok(texts.some((t) => !t.includes('# expect:')));
});
