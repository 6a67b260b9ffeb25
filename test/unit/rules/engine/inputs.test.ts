/**
 * The runner treats rule options and the clock as inputs, like kinds: a changed option re-runs the
 * rules that declare it, CLOCK in `changed` re-runs the rules that read the time, and nothing else
 * runs again. Rules see one instant per run.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { K, type Kind } from '../../../../server/src/model/kinds';
import { WorkspaceIndex } from '../../../../server/src/model/workspace-index';
import { parseFile } from '../../../../server/src/parse/file';
import { DEFAULT_LIMITS } from '../../../../server/src/parse/limits';
import { CLOCK, OPTION, type RuleInputs } from '../../../../server/src/rules/engine/inputs';
import { resolveRuleOptions } from '../../../../server/src/rules/engine/options';
import { RuleRunner } from '../../../../server/src/rules/engine/runner';
import { defineRule, type Rule, type RuleContext } from '../../../../server/src/rules/rule';

/** A rule reading `reads`, recording what its context gave it on each check. */
function probe(name: string, reads: readonly Kind[], seen: { name: string; days: number; at: number }[], use: (ctx: RuleContext<'x'>) => { days: number; at: number }): Rule {
  return defineRule({
    code: 'MSH2999', name, severity: 'warning', reads,
    docs: { summary: 'Test.', rationale: 'Test.' }, messages: { x: 'x' },
    check(ctx) { seen.push({ name, ...use(ctx) }); },
  });
}

function setup() {
  const seen: { name: string; days: number; at: number }[] = [];
  const rules = [
    probe('reads-option', [K.Secret, OPTION.certificateExpiryWarningDays], seen, (c) => ({ days: c.options.certificateExpiryWarningDays, at: -1 })),
    probe('reads-clock', [K.Secret, CLOCK], seen, (c) => ({ days: -1, at: c.now().getTime() })),
    probe('reads-both', [OPTION.certificateExpiryWarningDays, CLOCK], seen, (c) => ({ days: c.options.certificateExpiryWarningDays, at: c.now().getTime() })),
    probe('reads-services', [K.Service], seen, () => ({ days: -1, at: -1 })),
  ];
  const index = new WorkspaceIndex();
  index.setFile('s.yaml', parseFile('apiVersion: v1\nkind: Service\nmetadata: {name: s}\n', DEFAULT_LIMITS));
  let clock = Date.parse('2030-06-01T00:00:00Z');
  const inputs = (days?: number): RuleInputs => ({
    options: resolveRuleOptions(days === undefined ? {} : { certificateExpiryWarningDays: days }),
    now: () => new Date(clock),
  });
  return { runner: new RuleRunner(rules), index, seen, inputs, advance: (ms: number) => { clock += ms; } };
}

const NOTHING: ReadonlySet<Kind> = new Set();

test('inputs: a changed option re-runs exactly the rules that declare it', () => {
  const { runner, index, seen, inputs } = setup();
  const rows: { days?: number; changed?: ReadonlySet<Kind> | 'all'; ran: string[] }[] = [
    { changed: 'all', ran: ['reads-option', 'reads-clock', 'reads-both', 'reads-services'] },
    { ran: [] },
    // Spelled out or defaulted, 30 is 30.
    { days: 30, ran: [] },
    { days: 14, ran: ['reads-option', 'reads-both'] },
    { days: 14, ran: [] },
    { days: 14, changed: new Set([K.Service]), ran: ['reads-services'] },
    { ran: ['reads-option', 'reads-both'] },
  ];
  for (const [i, row] of rows.entries()) {
    const run = runner.run(index, row.changed ?? NOTHING, inputs(row.days));
    assert.deepEqual(run.ran, row.ran, `step ${i}: ${JSON.stringify(row)}`);
  }
  assert.deepEqual(seen.filter((s) => s.name === 'reads-option').map((s) => s.days), [30, 14, 30]);
});

test('inputs: the clock changing re-runs only the rules that read it', () => {
  const { runner, index, seen, inputs, advance } = setup();
  runner.run(index, 'all', inputs());
  advance(24 * 60 * 60 * 1000);
  // Time passing alone is invisible to the runner: nothing re-runs until someone says so.
  assert.deepEqual(runner.run(index, NOTHING, inputs()).ran, []);
  assert.deepEqual(runner.run(index, new Set([CLOCK]), inputs()).ran, ['reads-clock', 'reads-both']);
  assert.deepEqual(seen.filter((s) => s.name === 'reads-clock').map((s) => new Date(s.at).toISOString()),
    ['2030-06-01T00:00:00.000Z', '2030-06-02T00:00:00.000Z']);
  runner.reset();
  assert.equal(runner.run(index, NOTHING, inputs()).ran.length, 4, 'after reset every rule runs');
});

test('inputs: every rule of one run sees the same instant, and cannot change it', () => {
  let calls = 0;
  const instants: number[] = [];
  const rule = (name: string): Rule => defineRule({
    code: 'MSH2999', name, severity: 'warning', reads: [CLOCK],
    docs: { summary: 'Test.', rationale: 'Test.' }, messages: { x: 'x' },
    check({ now }) {
      const at = now();
      instants.push(at.getTime());
      at.setFullYear(1999);
      instants.push(now().getTime());
    },
  });
  const run = new RuleRunner([rule('a'), rule('b')]).run(new WorkspaceIndex(), 'all', {
    options: resolveRuleOptions(), now: () => new Date(Date.parse('2030-06-01T00:00:00Z') + 1000 * calls++),
  });
  assert.deepEqual(run.errors, []);
  assert.equal(calls, 1, 'the clock is read once per run');
  assert.deepEqual(new Set(instants), new Set([Date.parse('2030-06-01T00:00:00Z')]));
});
