import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Analyzer, type ResourceValidator } from '../../../server/src/analysis/analyzer';
import { configFrom, DEFAULT_CONFIG } from '../../../server/src/analysis/config';
import type { PathFinding } from '../../../server/src/findings/finding';
import type { ResourceIdentity } from '../../../server/src/parse/types';

/** Records what it was asked to validate, and reports one finding per `bad: true` document. */
class RecordingValidator implements ResourceValidator {
  readonly calls: string[] = [];
  validate(identity: ResourceIdentity, value: unknown): PathFinding[] {
    this.calls.push(identity.name ?? '?');
    const spec = (value as { spec?: { bad?: boolean } }).spec;
    return spec?.bad ? [{ code: 'MSH1005', name: 'invalid-value', severity: 'error', message: 'bad', path: ['spec', 'bad'] }] : [];
  }
}

const doc = (name: string, bad = false) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\nspec:\n  bad: ${bad}\n`;

test('analyzer: findings are placed in the file by document', () => {
  const analyzer = new Analyzer(DEFAULT_CONFIG, new RecordingValidator());
  const findings = analyzer.analyzeText('f.yaml', [doc('a'), doc('b', true)].join('---\n'));
  assert.equal(findings.length, 1);
  assert.equal(findings[0]!.range.start.line, 12);
  assert.equal(findings[0]!.documentIndex, 1);
  assert.deepEqual(findings[0]!.resource, { apiVersion: 'v1', kind: 'ConfigMap', name: 'b', namespace: null });
});

test('analyzer: an unchanged document is not validated again', () => {
  const validator = new RecordingValidator();
  const analyzer = new Analyzer(DEFAULT_CONFIG, validator);
  analyzer.analyzeText('f.yaml', [doc('a'), doc('b')].join('---\n'));
  analyzer.analyzeText('f.yaml', [doc('a'), doc('c')].join('---\n'));
  assert.deepEqual(validator.calls, ['a', 'b', 'c']);
});

test('analyzer: a validator that throws costs one document, not the run', () => {
  const analyzer = new Analyzer(DEFAULT_CONFIG, { validate: () => { throw new Error('boom'); } });
  const findings = analyzer.analyzeText('f.yaml', doc('a'));
  assert.equal(findings.length, 1);
  assert.equal(findings[0]!.code, 'MSH0002');
  assert.match(findings[0]!.message, /boom/);
});

test('analyzer: severity overrides by code and by name, and off', () => {
  const text = doc('a', true);
  const byCode = new Analyzer(configFrom({ rules: { MSH1005: 'warning' } }), new RecordingValidator()).analyzeText('f', text);
  assert.equal(byCode[0]!.severity, 'warning');
  const byName = new Analyzer(configFrom({ rules: { 'invalid-value': 'off' } }), new RecordingValidator()).analyzeText('f', text);
  assert.deepEqual(byName, []);
  const ignoredJunk = configFrom({ rules: { MSH1005: 'loud', X: 3 }, maxFileSize: -1, gatewayApiChannel: 'beta' });
  assert.deepEqual(ignoredJunk.rules, {});
  assert.equal(ignoredJunk.limits.maxFileSize, DEFAULT_CONFIG.limits.maxFileSize);
  assert.equal(ignoredJunk.gatewayApiChannel, 'experimental');
});

test('analyzer: binary and oversized files get one file-level finding', () => {
  const analyzer = new Analyzer(configFrom({ maxFileSize: 50 }), new RecordingValidator());
  const big = analyzer.analyzeText('big.yaml', doc('a'));
  assert.deepEqual(big.map((f) => f.code), ['MSH0002']);
  assert.match(big[0]!.message, /larger than the 50 bytes limit.*meshLifecycle\.maxFileSize/);
  const binary = new Analyzer(DEFAULT_CONFIG, new RecordingValidator()).analyzeText('b.yaml', 'a: 1\u0000\u0001');
  assert.deepEqual(binary.map((f) => f.code), ['MSH0002']);
});
