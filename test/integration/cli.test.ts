/**
 * The CLI as users run it: the bundled dist/cli.js in a child process, every format and every
 * exit code, on the shipped examples and on small inline manifests.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import Ajv from 'ajv-draft-04';
import { CLI, REPO_ROOT } from '../support/repo';
import { MISSPELT_WEIGHT } from '../support/samples';

function run(args: string[], input?: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: REPO_ROOT, input, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const BROKEN = MISSPELT_WEIGHT;
const CLEAN = BROKEN.replace('wieght', 'weight');

function tempFile(name: string, text: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'mesh-cli-'));
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

test('cli: clean input exits 0 and says so', () => {
  const r = run(['lint', '--no-color', tempFile('clean.yaml', CLEAN)]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /No problems found in 1 file\./);
});

test('cli: a finding at the threshold exits 1 with file:line:column text', () => {
  const file = tempFile('broken.yaml', BROKEN);
  const r = run(['lint', '--no-color', file]);
  assert.equal(r.code, 1);
  assert.match(r.stdout, new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:11:7: error MSH1001 .*wieght.*weight`));
  assert.match(r.stdout, /1 error, 0 warnings in 1 file\./);
});

test('cli: JSON has the documented shape, with namespace null when not written', () => {
  const r = run(['lint', '--format', 'json', '-'], BROKEN);
  assert.equal(r.code, 1);
  const out = JSON.parse(r.stdout) as { findings: unknown[] };
  assert.deepEqual(out.findings, [{
    code: 'MSH1001',
    name: 'unknown-field',
    severity: 'error',
    message: (out.findings[0] as { message: string }).message,
    resource: { apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', namespace: null, name: 'reviews' },
    file: '-',
    range: { start: { line: 10, character: 6 }, end: { line: 10, character: 12 } },
  }]);
});

test('cli: SARIF output is valid SARIF 2.1.0', () => {
  const r = run(['lint', '--format', 'sarif', 'examples']);
  assert.equal(r.code, 1);
  const log = JSON.parse(r.stdout) as { runs: { results: unknown[] }[] };
  const schemaFile = require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');
  // The published schema has a pattern that is only valid without the u flag.
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  const validate = ajv.compile(JSON.parse(readFileSync(schemaFile, 'utf8')));
  assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));
  assert.ok(log.runs[0]!.results.length > 0);
});

test('cli: --failure-threshold decides the exit code', () => {
  const file = tempFile('old.yaml', CLEAN.replace('networking.istio.io/v1', 'networking.istio.io/v1alpha3'));
  const json = JSON.parse(run(['lint', '--format', 'json', file]).stdout) as { findings: { severity: string }[] };
  const worst = json.findings.map((f) => f.severity);
  // Whatever the deprecation severity is, the threshold must follow it.
  if (worst.length > 0 && !worst.includes('error')) {
    assert.equal(run(['lint', file]).code, 0);
    assert.equal(run(['lint', '--failure-threshold', 'info', file]).code, 1);
  }
  assert.equal(run(['lint', '--failure-threshold', 'info', tempFile('c.yaml', CLEAN)]).code, 0);
});

test('cli: usage errors exit 2 with the usage text on stderr', () => {
  const r = run(['lint', '--format', 'xml']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--format must be one of/);
  assert.match(r.stderr, /Usage: mesh-lifecycle lint/);
});

test('cli: a missing path exits 2 naming it', () => {
  const r = run(['lint', 'no/such/file.yaml']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /Cannot read "no\/such\/file.yaml": no such file or folder/);
});

test('cli: an unreadable mesh config exits 2', () => {
  assert.equal(run(['lint', '--mesh-config', 'no/such/mesh.yaml', 'examples']).code, 2);
  const bad = tempFile('mesh.yaml', '- not\n- a mapping\n');
  const r = run(['lint', '--mesh-config', bad, 'examples/istio-bookinfo']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /not a valid mesh configuration/);
});

test('cli: folders are searched recursively and the clean examples have no findings', () => {
  const r = run(['lint', '--format', 'json', 'examples/istio-bookinfo', 'examples/gateway-api', 'examples/linkerd']);
  assert.equal(r.code, 0, r.stdout);
  assert.deepEqual(JSON.parse(r.stdout), { findings: [] });
  // These are whole applications, each its own workspace: linted beside the Istio example, Istio's
  // checks would rightly speak about their namespaces.
  for (const example of ['examples/gateway-api-linkerd', 'examples/consul-splitter']) {
    const own = run(['lint', '--format', 'json', example]);
    assert.equal(own.code, 0, own.stdout);
    assert.deepEqual(JSON.parse(own.stdout), { findings: [] }, example);
  }
});

test('cli: a file over --max-file-size gets one finding naming the limit and the setting', () => {
  const r = run(['lint', '--format', 'json', '--max-file-size', '100', tempFile('big.yaml', BROKEN)]);
  const findings = (JSON.parse(r.stdout) as { findings: { code: string; message: string }[] }).findings;
  assert.equal(findings.length, 1);
  assert.equal(findings[0]!.code, 'MSH0002');
  assert.match(findings[0]!.message, /limit.*meshLifecycle\.maxFileSize/);
});

test('cli: --help and --version exit 0', () => {
  assert.equal(run(['--help']).code, 0);
  assert.match(run(['--version']).stdout, /^\d+\.\d+\.\d+\n$/);
});
