/**
 * Each class of bad input gets one clear, positioned message, and the same one from the CLI
 * (`dist/cli.js lint FILE --format json`, reading the bytes from disk) and from the language
 * server (given the text as an editor decodes those bytes). Never a stack trace, never a crash.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver';
import { CLI, REPO_ROOT } from '../../support/repo';
import { startServer, type TestServer } from '../../support/lspClient';
import { countLineBreaks } from '../../../server/src/parse/lines';
import {
  aliasBombResource, binaryText, deepResource, largeFile, wideAliasResource,
} from '../../fuzz/hostile';

interface CliFinding {
  code: string;
  severity: string;
  message: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
}

const SEVERITY: Record<string, number> = { error: 1, warning: 2, info: 3, hint: 4 };
const STACK_TRACE = /^\s+at .+:\d+:\d+\)?$/m;

let dir: string;
let server: TestServer;
let n = 0;
before(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'mesh-hostile-'));
  server = await startServer();
});
after(async () => {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Runs the CLI on `bytes` written to a file; returns its findings, exit code and stderr. */
function lint(bytes: Uint8Array | string, args: string[] = []): { findings: CliFinding[]; code: number | null; stderr: string } {
  const file = path.join(dir, `input-${++n}.yaml`);
  writeFileSync(file, bytes);
  const r = spawnSync(process.execPath, [CLI, 'lint', file, '--format', 'json', ...args], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 120_000, maxBuffer: 64 * 1024 * 1024 });
  assert.doesNotMatch(r.stderr, STACK_TRACE, 'the CLI printed a stack trace');
  let parsed: { findings: CliFinding[] };
  try {
    parsed = JSON.parse(r.stdout) as { findings: CliFinding[] };
  } catch {
    throw new Error(`the CLI did not print JSON (exit ${r.status}): ${r.stdout.slice(0, 500)} ${r.stderr.slice(0, 500)}`);
  }
  return { findings: parsed.findings, code: r.status, stderr: r.stderr };
}

/** What the server publishes for `text`, opened as an editor would. */
async function diagnose(text: string, on: TestServer = server): Promise<Diagnostic[]> {
  const uri = `file:///hostile/input-${++n}.yaml`;
  on.open(uri, text);
  const diagnostics = await on.diagnostics(uri, 1, 60_000);
  on.close(uri);
  assert.doesNotMatch(on.stderr(), STACK_TRACE, 'the server printed a stack trace');
  assert.equal(on.process.exitCode, null, 'the server exited');
  return diagnostics;
}

/** The CLI and the server say the same: code, severity, message and range. */
function assertSame(cli: readonly CliFinding[], lsp: readonly Diagnostic[]): void {
  assert.deepEqual(
    lsp.map((d) => ({ code: d.code, severity: d.severity, message: d.message, range: d.range })),
    cli.map((f) => ({ code: f.code, severity: SEVERITY[f.severity], message: f.message, range: f.range })),
  );
}

/** Exactly one finding, with this code and severity, starting at `start`, whose message matches. */
function assertOne(findings: readonly CliFinding[], code: string, severity: string, message: RegExp, start: { line: number; character: number }): void {
  assert.equal(findings.length, 1, JSON.stringify(findings, null, 1).slice(0, 2000));
  const [f] = findings;
  assert.equal(f!.code, code);
  assert.equal(f!.severity, severity);
  assert.match(f!.message, message);
  assert.deepEqual(f!.range.start, start);
}

test('hostile: a file over the size limit gets one finding that names the limit, the setting and the flag', async () => {
  const text = largeFile(6 * 1024 * 1024);
  const cli = lint(text);
  assert.equal(cli.code, 1);
  assertOne(cli.findings, 'MSH0002', 'error', /larger than the 5\.0 MB limit.*meshLifecycle\.maxFileSize.*--max-file-size/, { line: 0, character: 0 });
  assertSame(cli.findings, await diagnose(text));
});

test('hostile: raising the size limit (setting or flag) gets the file analysed', async () => {
  const text = 'apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata:\n  name: r\nspec:\n  host: r\n  trafficPolicy:\n    loadBalancer:\n      simple: ROUND_ROBBIN\n';
  assertOne(lint(text, ['--max-file-size', '100']).findings, 'MSH0002', 'error', /larger than the 100 bytes limit.*meshLifecycle\.maxFileSize/, { line: 0, character: 0 });
  const raised = lint(text, ['--max-file-size', '100000']);
  assert.deepEqual(raised.findings.map((f) => f.code), ['MSH1003']);
  const small = await startServer({ maxFileSize: 100 });
  const large = await startServer({ maxFileSize: 100_000 });
  try {
    assert.deepEqual((await diagnose(text, small)).map((d) => d.code), ['MSH0002']);
    assertSame(raised.findings, await diagnose(text, large));
  } finally {
    await small.stop();
    await large.stop();
  }
});

for (const style of ['flow', 'flow-map', 'compact', 'explicit'] as const) {
  test(`hostile: 10,000-deep ${style} nesting gets one finding on the first level past the limit`, async () => {
    const text = deepResource(style);
    const cli = lint(text);
    assert.equal(cli.code, 1);
    const line = style === 'flow' || style === 'flow-map' ? 6 : 7;
    // Flow nesting is counted in brackets, so the finding is on the 257th; block nesting counts
    // the two mappings above (root, data), deep's collection at column 4, then one per indicator.
    const character = style === 'flow' ? 8 + 256 : style === 'flow-map' ? 8 + 4 * 256 : 4 + 2 * 254;
    assertOne(cli.findings, 'MSH0002', 'error', /nests deeper than 256 levels/, { line, character });
    assertSame(cli.findings, await diagnose(text));
  });
}

test('hostile: an alias bomb gets one finding on its first alias', async () => {
  const text = aliasBombResource();
  const cli = lint(text);
  assertOne(cli.findings, 'MSH0002', 'error', /expands aliases more than 1000 times \(an "alias bomb"\)/, { line: 7, character: 11 });
  assertSame(cli.findings, await diagnose(text));
});

test('hostile: thousands of aliases get one finding on the first alias past the limit', async () => {
  const text = wideAliasResource();
  const cli = lint(text);
  assertOne(cli.findings, 'MSH0002', 'error', /uses more than 1000 aliases/, { line: 7 + 1000, character: 9 });
  assertSame(cli.findings, await diagnose(text));
});

test('hostile: a binary file (NUL bytes) gets one file-level finding', async () => {
  const bytes = Buffer.from(binaryText(8192, 3), 'utf8');
  bytes[100] = 0;
  const cli = lint(bytes);
  // The finding sits on the first NUL, counted in the decoded text as editors count it.
  const decoded = new TextDecoder().decode(bytes);
  const nul = decoded.indexOf('\u0000');
  const before = decoded.slice(0, nul);
  const lastBreak = Math.max(before.lastIndexOf('\n'), before.lastIndexOf('\r'));
  const at = { line: countLineBreaks(before), character: nul - (lastBreak + 1) };
  assertOne(cli.findings, 'MSH0002', 'error', /NUL bytes and looks binary/, at);
  assertSame(cli.findings, await diagnose(decoded));
});

test('hostile: control characters get one finding per document, on the first one', async () => {
  // An escape sequence pasted from a terminal into a manifest.
  const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: colours\ndata:\n  banner: "\u001b[31mred\u001b[0m"\n';
  const cli = lint(text);
  assertOne(cli.findings, 'MSH0001', 'error', /control character U\+001B \(and 1 more\), which YAML does not allow.*binary or is not UTF-8/, { line: 5, character: 11 });
  assertSame(cli.findings, await diagnose(text));
});

test('hostile: a file that is not UTF-8 gets a warning on the first lost character, and is still checked', async () => {
  // Saved as Latin-1: é is the single byte 0xE9, which is not valid UTF-8. The CLI reads the bytes;
  // the editor sends what it decoded, with U+FFFD for that byte.
  const bytes = Buffer.from('apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata:\n  name: cafe\n  annotations:\n    note: caf\u00e9\nspec:\n  host: cafe\n  trafficPolicy:\n    loadBalancer:\n      simple: ROUND_ROBBIN\n', 'latin1');
  const cli = lint(bytes);
  assert.equal(cli.code, 1, 'the schema error is still reported');
  assert.deepEqual(cli.findings.map((f) => [f.code, f.severity]), [['MSH0001', 'warning'], ['MSH1003', 'error']]);
  assert.match(cli.findings[0]!.message, /U\+FFFD.*not valid UTF-8/);
  assert.deepEqual(cli.findings[0]!.range.start, { line: 5, character: 13 });
  assertSame(cli.findings, await diagnose(new TextDecoder().decode(bytes)));
});

// Found while writing these tests (both failed first): where a binary file's finding points, and bytes vs code units.

test('hostile: a binary file\'s finding points at its first NUL byte', async () => {
  const text = 'apiVersion: v1\nkind: ConfigMap\ndata:\n  x: "a\u0000b"\n';
  const cli = lint(text);
  assertOne(cli.findings, 'MSH0002', 'error', /NUL bytes/, { line: 3, character: 7 });
});

test('hostile: the size limit counts bytes, as the setting says', async () => {
  const text = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: euro\n# ${'\u20ac'.repeat(2 * 1024 * 1024)}\n`;
  assert.ok(Buffer.byteLength(text) > 5 * 1024 * 1024);
  assertOne(lint(text).findings, 'MSH0002', 'error', /larger than the 5\.0 MB limit/, { line: 0, character: 0 });
});
