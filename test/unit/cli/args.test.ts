import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseCommandLine, UsageError } from '../../../server/src/cli/args';

const good: { argv: string[]; expect: Record<string, unknown> }[] = [
  { argv: ['lint'], expect: { command: 'lint', paths: ['.'], format: 'text', failureThreshold: 'error' } },
  { argv: ['lint', 'a.yaml', 'dir/'], expect: { paths: ['a.yaml', 'dir/'] } },
  { argv: ['lint', '-'], expect: { paths: ['-'] } },
  { argv: ['lint', '--format', 'json', 'x'], expect: { format: 'json' } },
  { argv: ['lint', '--format=sarif'], expect: { format: 'sarif' } },
  { argv: ['lint', '--format', 'junit'], expect: { format: 'junit' } },
  { argv: ['lint', '--format', 'github'], expect: { format: 'github' } },
  { argv: ['lint', '--failure-threshold', 'warning'], expect: { failureThreshold: 'warning' } },
  { argv: ['lint', '--mesh-config', 'mesh.yaml', '--mesh-networks', 'net.yaml'], expect: { meshConfig: 'mesh.yaml', meshNetworks: 'net.yaml' } },
  { argv: ['lint', '--max-file-size', '1000'], expect: { maxFileSize: 1000 } },
  { argv: ['lint', '--gateway-api-channel', 'standard'], expect: { gatewayApiChannel: 'standard' } },
  { argv: ['lint'], expect: { ruleOptions: {} } },
  { argv: ['lint', '--certificate-expiry-warning-days', '14'], expect: { ruleOptions: { certificateExpiryWarningDays: 14 } } },
  { argv: ['lint', '--no-color'], expect: { color: false } },
  { argv: ['--help'], expect: { command: 'help' } },
  { argv: ['--version'], expect: { command: 'version' } },
];
for (const c of good) {
  test(`args: ${c.argv.join(' ')}`, () => {
    const parsed = parseCommandLine(c.argv) as unknown as Record<string, unknown>;
    for (const [k, v] of Object.entries(c.expect)) assert.deepEqual(parsed[k], v, k);
  });
}

const bad: { argv: string[]; message: RegExp }[] = [
  { argv: [], message: /Missing command/ },
  { argv: ['check'], message: /Unknown command "check"/ },
  { argv: ['lint', '--format', 'xml'], message: /--format must be one of text, json, sarif, junit, github; got "xml"/ },
  { argv: ['lint', '--failure-threshold', 'fatal'], message: /--failure-threshold must be one of/ },
  { argv: ['lint', '--max-file-size=-3'], message: /positive whole number/ },
  { argv: ['lint', '--max-file-size', 'big'], message: /positive whole number/ },
  { argv: ['lint', '--certificate-expiry-warning-days', '0'], message: /--certificate-expiry-warning-days must be a whole number of days, at least 1; got "0"/ },
  { argv: ['lint', '--certificate-expiry-warning-days=2w'], message: /got "2w"/ },
  { argv: ['lint', '--bogus'], message: /bogus/ },
  { argv: ['lint', '--format'], message: /format/ },
];
for (const c of bad) {
  test(`args rejects: ${c.argv.join(' ') || '(nothing)'}`, () => {
    assert.throws(() => parseCommandLine(c.argv), (e: unknown) => e instanceof UsageError && c.message.test(e.message));
  });
}
