import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatGithub } from '../../../server/src/cli/format/github';
import { formatJunit } from '../../../server/src/cli/format/junit';
import type { Finding } from '../../../server/src/findings/finding';

const finding = (over: Partial<Finding> = {}): Finding => ({
  code: 'MSH1001', name: 'unknown-field', severity: 'error', message: 'Unknown field "wieght"; did you mean "weight"?',
  resource: { apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', namespace: null, name: 'reviews' },
  file: 'k8s/vs.yaml', range: { start: { line: 10, character: 6 }, end: { line: 10, character: 12 } }, ...over,
});

test('github: workflow commands with 1-based inclusive ranges and escaping', () => {
  assert.equal(formatGithub([finding()]),
    '::error file=k8s/vs.yaml,line=11,col=7,endLine=11,endColumn=12,title=MSH1001 unknown-field::Unknown field "wieght"; did you mean "weight"?\n');
  const odd = formatGithub([finding({ severity: 'info', file: 'a,b:c.yaml', message: '50%\nnext', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } })]);
  assert.equal(odd, '::notice file=a%2Cb%3Ac.yaml,line=1,col=1,endLine=1,endColumn=1,title=MSH1001 unknown-field::50%25%0Anext\n');
  assert.match(formatGithub([finding({ severity: 'warning' })]), /^::warning /);
  assert.equal(formatGithub([]), '');
});

test('junit: a suite per file, a failure per finding, a passing case for clean files', () => {
  const xml = formatJunit([finding({ message: 'a < b & "c"' })], ['k8s/vs.yaml', 'clean.yaml']);
  assert.match(xml, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="mesh-lifecycle" tests="2" failures="1" errors="0">/);
  assert.match(xml, /<testsuite name="k8s\/vs.yaml" tests="1" failures="1" errors="0" skipped="0">/);
  assert.match(xml, /<testcase name="MSH1001 unknown-field at 11:7" classname="k8s\/vs.yaml">/);
  assert.match(xml, /<failure message="a &lt; b &amp; &quot;c&quot;" type="error">k8s\/vs.yaml:11:7: error MSH1001 a &lt; b &amp; &quot;c&quot; \(unknown-field\) \[VirtualService reviews\]<\/failure>/);
  assert.match(xml, /<testsuite name="clean.yaml" tests="1" failures="0" errors="0" skipped="0">\n {4}<testcase name="clean.yaml" classname="mesh-lifecycle"\/>/);
});
