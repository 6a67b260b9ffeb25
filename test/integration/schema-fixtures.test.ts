/**
 * Schema and parse fixtures that check themselves: every YAML file in test/fixtures/schema-cases/
 * and examples/ is linted through the same Analyzer the CLI and server use (all checks on), and
 * its findings must equal its `# expect:` markers exactly. UPDATE_FIXTURES=1 rewrites the
 * trailing markers of the schema cases (never of examples/).
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { configFrom } from '../../server/src/analysis/config';
import { createAnalyzer } from '../../server/src/analysis/create';
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
const cases = [
  ...yamlFiles(path.join(FIXTURES, 'schema-cases')).map((file) => ({ file, updatable: true })),
  ...yamlFiles(path.join(REPO_ROOT, 'examples')).map((file) => ({ file, updatable: false })),
];

for (const { file, updatable } of cases) {
  test(`schema fixture: ${path.relative(REPO_ROOT, file)}`, () => {
    const text = readFileSync(file, 'utf8');
    const findings = analyzer.analyzeText(file, text);
    const report = compareWithMarkers(text, findings);
    if (report && updatable && process.env['UPDATE_FIXTURES'] === '1') {
      writeFileSync(file, renderWithMarkers(text, findings));
      return;
    }
    assert.equal(report, null, report ?? '');
  });
}

test('schema fixtures: there are cases, and some expect findings while others expect none', () => {
  const texts = cases.map((c) => readFileSync(c.file, 'utf8'));
  assert.ok(texts.some((t) => t.includes('# expect:')));
  assert.ok(texts.some((t) => !t.includes('# expect:')));
});
