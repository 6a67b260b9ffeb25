import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseCommandLine, UsageError, type LintOptions } from '../../../server/src/cli/args';

const cluster = (argv: string[]) => (parseCommandLine(['lint', ...argv]) as LintOptions).cluster;

const good: { argv: string[]; expect: LintOptions['cluster'] }[] = [
  { argv: [], expect: null },
  { argv: ['--context', 'kind-dev'], expect: { context: 'kind-dev', kubeconfig: null, namespaces: 'context', timeoutMs: 30_000 } },
  { argv: ['--context', 'kind-dev', '-n', 'shop'], expect: { context: 'kind-dev', kubeconfig: null, namespaces: ['shop'], timeoutMs: 30_000 } },
  { argv: ['--context=prod', '-n', 'b', '--namespace', 'a,c', '-n', 'a'], expect: { context: 'prod', kubeconfig: null, namespaces: ['a', 'b', 'c'], timeoutMs: 30_000 } },
  { argv: ['-A'], expect: { context: null, kubeconfig: null, namespaces: 'all', timeoutMs: 30_000 } },
  { argv: ['--all-namespaces', '--kubeconfig', 'k.yaml', '--cluster-timeout', '2.5'], expect: { context: null, kubeconfig: 'k.yaml', namespaces: 'all', timeoutMs: 2500 } },
  { argv: ['--kubeconfig', 'k.yaml'], expect: { context: null, kubeconfig: 'k.yaml', namespaces: 'context', timeoutMs: 30_000 } },
];
for (const c of good) {
  test(`cluster flags: ${c.argv.join(' ') || '(none)'}`, () => {
    assert.deepEqual(cluster(c.argv), c.expect);
  });
}

const bad: { argv: string[]; message: RegExp }[] = [
  { argv: ['-n', 'a', '-A'], message: /cannot be combined/ },
  { argv: ['-n', 'Not_A_Namespace'], message: /-n takes a Kubernetes namespace name; got "Not_A_Namespace"/ },
  { argv: ['--context', ''], message: /--context takes the name/ },
  { argv: ['--context', 'x', '--cluster-timeout', 'soon'], message: /--cluster-timeout takes a positive number of seconds/ },
  { argv: ['--context', 'x', '--cluster-timeout', '0'], message: /--cluster-timeout takes a positive number of seconds/ },
  { argv: ['--cluster-timeout', '5'], message: /needs a cluster/ },
];
for (const c of bad) {
  test(`cluster flags rejected: ${c.argv.join(' ')}`, () => {
    assert.throws(() => parseCommandLine(['lint', ...c.argv]), (e: unknown) => e instanceof UsageError && c.message.test(e.message));
  });
}
