/**
 * Runs every rule fixture: `test/fixtures/rules/<rule-name>/<case>.yaml` (see
 * test/support/ruleHarness.ts). Only the rule named by the directory runs, and its findings must
 * match the case's `# expect:` markers exactly. With UPDATE_FIXTURES=1 the markers (and existing
 * `.fixed.yaml` files) are rewritten from the actual results instead; review the diff.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { ruleByName } from '../../../server/src/rules/registry';
import { compareWithMarkers, renderWithMarkers } from '../../support/markers';
import { applyPreferredFixes, casesOf, fixtureRuleNames, runCase, withoutMarkers, type RuleCase } from '../../support/ruleHarness';

const UPDATE = process.env['UPDATE_FIXTURES'] === '1';

for (const name of fixtureRuleNames()) {
  describe(`rule fixtures: ${name}`, () => {
    const rule = ruleByName(name);
    test('names a registered rule', () => {
      assert.ok(rule, `test/fixtures/rules/${name}/ has no rule named "${name}" in server/src/rules/registry.ts`);
    });
    if (!rule) return;
    for (const c of casesOf(name)) {
      test(c.name, () => {
        const run = runCase(rule, c);
        assert.deepEqual(run.errors, []);
        checkFile(c, c.main.file, c.main.text, run.findings);
        if (c.cluster) checkFile(c, c.cluster.file, c.cluster.text, run.findings);
        if (c.meshNetworks) checkFile(c, c.meshNetworks.file, c.meshNetworks.text, run.findings);
        if (c.fixed) checkFixed(c, rule.name, applyPreferredFixes(c, run));
      });
    }
  });
}

function checkFile(c: RuleCase, file: string, text: string, all: readonly import('../../../server/src/findings/finding').Finding[]): void {
  const findings = all.filter((f) => f.file === file);
  const report = compareWithMarkers(text, findings);
  if (report === null) return;
  if (UPDATE) {
    writeFileSync(file, renderWithMarkers(text, findings));
    return;
  }
  assert.fail(`${c.rule}/${path.basename(file)}: findings differ from the markers (UPDATE_FIXTURES=1 rewrites them)\n${report}`);
}

function checkFixed(c: RuleCase, ruleName: string, fixedText: string): void {
  const expected = withoutMarkers(c.fixed!.text);
  const actual = withoutMarkers(fixedText);
  if (actual !== expected) {
    if (UPDATE) writeFileSync(c.fixed!.file, actual);
    else assert.equal(actual, expected, `${c.rule}/${c.name}.fixed.yaml differs from the case with its preferred fixes applied`);
  }
  // Fixes converge: the fixed text is clean for this rule.
  const rule = ruleByName(ruleName)!;
  const again = runCase(rule, c, { mainText: actual });
  assert.deepEqual(again.findings.filter((f) => f.file === c.main.file).map((f) => `${f.range.start.line + 1}: ${f.code} ${f.message}`), [],
    `${c.rule}/${c.name}: the rule still reports findings after its preferred fixes`);
}
