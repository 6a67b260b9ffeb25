/**
 * Rule docs are generated (`npm run gen:docs`) and must be up to date: every rule's page in
 * docs/rules/, no page without a rule, the README rules table between its markers — and every
 * page's example really triggers its rule.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { RULES } from '../../../server/src/rules/registry';
import { DOCS_DIR, examplesOf, exampleCase, expectedDocs, orphanDocs } from '../../support/ruleDocs';
import { runCase } from '../../support/ruleHarness';

test('docs: every generated file is up to date (run `npm run gen:docs`)', () => {
  const stale: string[] = [];
  for (const [file, text] of expectedDocs()) {
    if (!existsSync(file) || readFileSync(file, 'utf8') !== text) stale.push(path.relative(path.dirname(DOCS_DIR), file));
  }
  assert.deepEqual(stale, [], 'stale or missing generated docs; run `npm run gen:docs` and commit the result');
  assert.deepEqual(orphanDocs(), [], 'doc pages without a rule; run `npm run gen:docs`');
});

test('docs: every example triggers its rule', () => {
  for (const rule of RULES) {
    const file = path.join(DOCS_DIR, `${rule.name}.md`);
    if (!existsSync(file) || !exampleCase(rule)) continue;
    const example = examplesOf(readFileSync(file, 'utf8'));
    assert.ok(example, `${rule.name}.md has no example`);
    const companion = (key: 'cluster' | 'mesh' | 'meshNetworks') =>
      (example[key] !== undefined ? { [key]: { file: `${file}#${key}.yaml`, text: example[key] } } : {});
    const c = {
      rule: rule.name, name: 'doc-example', main: { file: `${file}#example.yaml`, text: example.main },
      ...companion('cluster'), ...companion('mesh'), ...companion('meshNetworks'),
    };
    assert.ok(runCase(rule, c).findings.length > 0, `the example in docs/rules/${rule.name}.md does not trigger ${rule.name}`);
  }
});
