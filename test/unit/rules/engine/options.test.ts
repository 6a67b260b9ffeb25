/**
 * Rule options: one validation for every source, and the precedence between the sources
 * (defaults < project file < editor settings or command-line flags).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { configFrom, withProjectDefaults } from '../../../../server/src/analysis/config';
import { NO_PROJECT, parseProjectConfig } from '../../../../server/src/analysis/project-file';
import { parseCommandLine, USAGE, type LintOptions } from '../../../../server/src/cli/args';
import { CLOCK, OPTION, optionOfKind } from '../../../../server/src/rules/engine/inputs';
import {
  changedRuleOptions, DEFAULT_RULE_OPTIONS, readRuleOptions, resolveRuleOptions, RULE_OPTION_NAMES, RULE_OPTIONS,
} from '../../../../server/src/rules/engine/options';
import { REPO_ROOT } from '../../../support/repo';

test('rule options: values are accepted or explained, the same way from every source', () => {
  const rows: [unknown, number | undefined, RegExp | undefined][] = [
    [14, 14, undefined],
    [1, 1, undefined],
    [365, 365, undefined],
    [undefined, undefined, undefined],
    // null is "not set at this layer": VS Code's value for a setting nobody touched.
    [null, undefined, undefined],
    [0, undefined, /at least 1; got 0/],
    [-5, undefined, /got -5/],
    [2.5, undefined, /whole number/],
    ['14', undefined, /got "14"/],
    [true, undefined, /got true/],
    [Number.POSITIVE_INFINITY, undefined, /whole number/],
  ];
  for (const [value, accepted, problem] of rows) {
    const read = readRuleOptions({ certificateExpiryWarningDays: value });
    assert.equal(read.options.certificateExpiryWarningDays, accepted, String(value));
    if (problem) assert.match(read.problems.join(' '), problem, String(value));
    else assert.deepEqual(read.problems, [], String(value));
  }
  assert.deepEqual(readRuleOptions({ rules: {}, other: 1 }), { options: {}, problems: [] }, 'other keys are not options');
});

test('rule options: defaults fill the gaps; changes are named', () => {
  assert.equal(DEFAULT_RULE_OPTIONS.certificateExpiryWarningDays, 30);
  assert.deepEqual(resolveRuleOptions(), DEFAULT_RULE_OPTIONS);
  assert.equal(resolveRuleOptions({ certificateExpiryWarningDays: 7 }).certificateExpiryWarningDays, 7);
  assert.deepEqual(changedRuleOptions(DEFAULT_RULE_OPTIONS, resolveRuleOptions({ certificateExpiryWarningDays: 30 })), []);
  assert.deepEqual(changedRuleOptions(DEFAULT_RULE_OPTIONS, resolveRuleOptions({ certificateExpiryWarningDays: 7 })), ['certificateExpiryWarningDays']);
});

test('rule options: each option is a pseudo-kind of its own, apart from the clock and API kinds', () => {
  for (const name of RULE_OPTION_NAMES) {
    assert.equal(optionOfKind(OPTION[name]), name);
    assert.notEqual(OPTION[name], CLOCK);
    assert.ok(USAGE.includes(RULE_OPTIONS[name].flag), `the CLI usage names ${RULE_OPTIONS[name].flag}`);
  }
  assert.equal(optionOfKind(CLOCK), undefined);
  assert.equal(optionOfKind('core/Secret'), undefined);
});

test('rule options: project file values are checked, and wrong ones reported, not thrown', () => {
  const file = path.join(path.sep, 'repo', '.mesh-lifecycle.yaml');
  const good = parseProjectConfig('certificateExpiryWarningDays: 14\n', file);
  assert.deepEqual(good.ruleOptions, { certificateExpiryWarningDays: 14 });
  assert.deepEqual(good.problems, []);
  const bad = parseProjectConfig('certificateExpiryWarningDays: two weeks\n', file);
  assert.deepEqual(bad.ruleOptions, {});
  assert.deepEqual(bad.problems, [`${file}: "certificateExpiryWarningDays" must be a whole number of days, at least 1; got "two weeks".`]);
  assert.deepEqual(NO_PROJECT.ruleOptions, {});
});

test('rule options: editor settings override the project file option by option, which overrides the default', () => {
  const project = (days?: number) => ({ ...NO_PROJECT, ruleOptions: days === undefined ? {} : { certificateExpiryWarningDays: days } });
  const rows: { settings: Record<string, unknown>; project?: number; expect: number }[] = [
    { settings: {}, expect: 30 },
    { settings: {}, project: 14, expect: 14 },
    { settings: { certificateExpiryWarningDays: 45 }, project: 14, expect: 45 },
    { settings: { certificateExpiryWarningDays: 45 }, expect: 45 },
    // VS Code reports an untouched setting as its default, null: the project file still applies.
    { settings: { certificateExpiryWarningDays: null }, project: 14, expect: 14 },
    // A malformed setting is dropped (the settings schema flags it in the editor), not applied.
    { settings: { certificateExpiryWarningDays: 0 }, project: 14, expect: 14 },
    { settings: { certificateExpiryWarningDays: 'x' }, expect: 30 },
  ];
  for (const row of rows) {
    const config = withProjectDefaults(configFrom(row.settings), project(row.project));
    assert.equal(resolveRuleOptions(config.ruleOptions).certificateExpiryWarningDays, row.expect, JSON.stringify(row));
  }
});

test('rule options: the CLI flag is checked like the project file, and overrides it', () => {
  const lint = (argv: string[]) => parseCommandLine(['lint', ...argv]) as LintOptions;
  assert.deepEqual(lint([]).ruleOptions, {});
  assert.deepEqual(lint(['--certificate-expiry-warning-days', '14']).ruleOptions, { certificateExpiryWarningDays: 14 });
  assert.deepEqual(lint(['--certificate-expiry-warning-days=7', 'k8s/']).ruleOptions, { certificateExpiryWarningDays: 7 });
  for (const bad of ['0', '-1', '1.5', 'soon', '', ' 7']) {
    assert.throws(() => lint([`--certificate-expiry-warning-days=${bad}`]),
      /--certificate-expiry-warning-days must be a whole number of days, at least 1; got "/, JSON.stringify(bad));
  }
  // The CLI builds its config as flags over the project file (cli.ts).
  const flags = lint(['--certificate-expiry-warning-days', '60']).ruleOptions;
  const config = withProjectDefaults(configFrom({ ...flags }), { ...NO_PROJECT, ruleOptions: { certificateExpiryWarningDays: 14 } });
  assert.equal(resolveRuleOptions(config.ruleOptions).certificateExpiryWarningDays, 60);
});

test('rule options: each is an editor setting that defaults to "not set", so the project file shows through', () => {
  const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { contributes: { configuration: { properties: Record<string, Record<string, unknown>> } } };
  for (const name of RULE_OPTION_NAMES) {
    const setting = pkg.contributes.configuration.properties[`meshLifecycle.${name}`];
    assert.ok(setting, `package.json contributes meshLifecycle.${name}`);
    assert.equal(setting['default'], null);
    assert.deepEqual(setting['type'], ['integer', 'null']);
    assert.equal(setting['scope'], 'resource');
    assert.ok(RULE_OPTIONS[name].valid(setting['minimum'] as number) && !RULE_OPTIONS[name].valid((setting['minimum'] as number) - 1), 'its minimum is the smallest valid value');
  }
});
