import assert from 'node:assert/strict';
import { test } from 'node:test';
import { K } from '../../../../server/src/model/kinds';
import { WorkspaceIndex } from '../../../../server/src/model/workspace-index';
import { ChunkCache, parseFile } from '../../../../server/src/parse/file';
import { DEFAULT_LIMITS } from '../../../../server/src/parse/limits';
import { placeholdersOf, renderMessage } from '../../../../server/src/rules/engine/render';
import { RuleRunner } from '../../../../server/src/rules/engine/runner';
import { defineRule, type Rule } from '../../../../server/src/rules/rule';

const cache = new ChunkCache();
const parse = (text: string) => parseFile(text, DEFAULT_LIMITS, cache);

/** A rule that reports every Service's first port, counting its checks. */
function servicePortRule(counter: { n: number }): Rule {
  return defineRule({
    code: 'MSH2999', name: 'test-service-port', severity: 'warning', reads: [K.Service],
    docs: { summary: 'Test.', rationale: 'Test.' },
    messages: { port: 'Service {name} exposes port {port}{missing}.' },
    check({ index, report }) {
      counter.n++;
      for (const s of index.ofKind(K.Service)) {
        report({
          subject: s.key, path: ['spec', 'ports', 0, 'port'], messageId: 'port', data: { name: s.name, port: 80 },
          related: [{ subject: s.key, path: ['metadata', 'name'], note: 'named here' }],
        });
      }
    },
  });
}

const throwing = defineRule({
  code: 'MSH2998', name: 'test-throws', severity: 'error', reads: [K.VirtualService],
  docs: { summary: 'Test.', rationale: 'Test.' }, messages: { x: 'x' },
  check() { throw new Error('boom'); },
});

const SERVICE = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  ports:\n  - port: 80\n';
const VS = 'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: v}\nspec: {}\n';

test('render: placeholders filled, unknown ones kept', () => {
  assert.equal(renderMessage('A {a} and {b}.', { a: 1 }), 'A 1 and {b}.');
  assert.deepEqual(placeholdersOf('{a} {b} {a}'), ['a', 'b']);
});

test('runner: places findings on the exact token, with related locations', () => {
  const index = new WorkspaceIndex();
  index.setFile('f.yaml', parse(`${VS}---\n${SERVICE}`));
  const run = new RuleRunner([servicePortRule({ n: 0 })]).run(index, 'all');
  assert.equal(run.findings.length, 1);
  const [f] = run.findings;
  assert.equal(f!.message, 'Service s exposes port 80{missing}.');
  assert.deepEqual(f!.range, { start: { line: 11, character: 10 }, end: { line: 11, character: 12 } });
  assert.deepEqual(f!.resource, { apiVersion: 'v1', kind: 'Service', namespace: null, name: 's' });
  assert.equal(f!.documentIndex, 1);
  assert.equal(f!.messageId, 'port');
  assert.deepEqual(f!.related, [{ file: 'f.yaml', range: { start: { line: 8, character: 8 }, end: { line: 8, character: 9 } }, message: 'named here' }]);
});

test('runner: re-checks only rules whose reads changed, and re-places reused findings', () => {
  const counter = { n: 0 };
  const runner = new RuleRunner([servicePortRule(counter), throwing]);
  const index = new WorkspaceIndex();
  const first = runner.run(index, index.setFile('f.yaml', parse(`${VS}---\n${SERVICE}`)));
  assert.deepEqual(first.ran, ['test-service-port', 'test-throws']);
  assert.equal(first.errors.length, 1);
  assert.equal(first.errors[0]!.rule, 'test-throws');
  // A comment-only edit re-parses to equal values: nothing changed, nothing re-runs.
  assert.deepEqual([...index.setFile('f.yaml', parse(`${VS}# a comment\n---\n${SERVICE}`))], []);
  // A VirtualService edit that moves the Service two lines down: the Service rule is reused but
  // its finding moves with the text.
  const changed = index.setFile('f.yaml', parse(`${VS.replace('spec: {}', 'spec:\n  hosts: [a]\n  gateways: [mesh]')}---\n${SERVICE}`));
  assert.deepEqual([...changed], [K.VirtualService]);
  const second = runner.run(index, changed);
  assert.deepEqual(second.ran, ['test-throws']);
  assert.equal(counter.n, 1);
  assert.equal(second.findings[0]!.range.start.line, 13);
  // A Service change re-runs the Service rule.
  runner.run(index, index.setFile('f.yaml', parse(`${VS}---\n${SERVICE.replace('name: s', 'name: t')}`)));
  assert.equal(counter.n, 2);
});

test('runner: findings on cluster-only objects name the resource key', () => {
  const index = new WorkspaceIndex();
  index.setCluster('ctx', [{ value: { apiVersion: 'v1', kind: 'Service', metadata: { name: 'live', namespace: 'ns' }, spec: { ports: [{ port: 80 }] } } }]);
  const [f] = new RuleRunner([servicePortRule({ n: 0 })]).run(index, 'all').findings;
  assert.equal(f!.file, 'cluster:core/Service/ns/live');
  assert.deepEqual(f!.range.start, { line: 0, character: 0 });
});
