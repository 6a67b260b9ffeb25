/**
 * Malformed answers from the API server (issue 7, robustness): hostile input never crashes or
 * hangs the cluster layer. A seeded property plays random sequences of corrupted list, watch,
 * discovery and CRD answers (test/apiserver/corrupt.ts) against a fresh cache each, then restores
 * the server, and checks (test/support/malformed-cases.ts): no unhandled rejection or exception,
 * nothing a corrupted answer carried in the cache, a status that says what is wrong while it
 * lasts, and the server's exact state once it behaves again. Regression tests pin each bug the
 * property found; the language server and the CLI are checked end to end.
 *
 * MALFORMED_CASES sets the number of property cases (default 200), MALFORMED_SEED the seed.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, beforeEach, describe, test } from 'node:test';
import fc from 'fast-check';
import { runCli } from '../../../server/src/cli';
import type { ClusterCache } from '../../../server/src/cluster/cache';
import type { ClusterStatusParams } from '../../../server/src/protocol';
import { startApiServer, type ApiServer, type Corruption, type StreamCorruption } from '../../apiserver/index';
import { within } from '../../support/cluster-harness';
import { startCache } from '../../support/live-workspace';
import { startWorkspaceServer, type WorkspaceClient } from '../../support/lspWorkspace';
import { malformedCase, runCase, targetMatch } from '../../support/malformed-cases';

const CASES = Number(process.env['MALFORMED_CASES'] ?? 200);
const SEED = Number(process.env['MALFORMED_SEED'] ?? 20_261_126);

/** Unhandled rejections and exceptions seen in this process while the suite runs. */
const unhandled: string[] = [];
const onRejection = (reason: unknown): void => {
  unhandled.push(`unhandled rejection: ${reason instanceof Error ? (reason.stack ?? reason.message) : String(reason)}`);
};
const onException = (error: Error): void => {
  unhandled.push(`uncaught exception: ${error.stack ?? error.message}`);
};

describe('cluster cache against malformed answers', () => {
  let server: ApiServer;
  let serial = 0;

  before(async () => {
    process.on('unhandledRejection', onRejection);
    process.on('uncaughtException', onException);
    server = await startApiServer();
  });
  beforeEach(async () => {
    await server.controls.restore();
    unhandled.length = 0;
  });
  after(async () => {
    await server?.stop();
    process.off('unhandledRejection', onRejection);
    process.off('uncaughtException', onException);
  });

  test(`property: ${CASES} seeded cases of corrupted answers, then convergence`, { timeout: 10 * 60_000 }, async (t) => {
    const applied = new Map<Corruption, number>();
    let slowest = 0;
    await fc.assert(
      fc.asyncProperty(malformedCase, async (c) => {
        const report = await runCase(server, `case-${++serial}`, c, 10_000);
        if (unhandled.length > 0) throw new Error(unhandled[0]);
        for (const kind of report.applied) applied.set(kind, (applied.get(kind) ?? 0) + 1);
        slowest = Math.max(slowest, report.convergedMs);
      }),
      { seed: SEED, numRuns: CASES },
    );
    t.diagnostic(`corruptions applied: ${[...applied].sort().map(([k, n]) => `${k} ${n}`).join(', ')}`);
    t.diagnostic(`slowest convergence after restore: ${Math.round(slowest)} ms`);
    assert.deepEqual(unhandled, []);
  });

  // ---- regressions: one per bug the property found, each failing before its fix ----

  const SVC = 'core/Service';
  const svc = (name: string, namespace: string) => ({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace }, spec: { ports: [{ port: 80 }] } });
  /** The Services the cache holds in a namespace, as "name@rv", sorted. */
  const held = (cache: ClusterCache, namespace: string) => cache.snapshot().objects
    .filter((o) => o.value['kind'] === 'Service' && (o.value['metadata'] as { namespace?: unknown }).namespace === namespace)
    .map((o) => { const m = o.value['metadata'] as { name?: unknown; resourceVersion?: unknown }; return `${String(m.name)}@${String(m.resourceVersion)}`; }).sort();
  /** The Services the server holds in a namespace, as "name@rv", sorted. */
  const stored = (namespace: string, names: string[]) => names.map((n) => server.controls.get('v1', 'Service', n, namespace)).filter((o) => o !== undefined)
    .map((o) => `${o.metadata!.name!}@${o.metadata!.resourceVersion!}`).sort();
  /** A namespace of its own with these Services, and a cache watching Services there. */
  const fresh = async (names: string[], extra: Parameters<typeof startCache>[2] = {}) => {
    const namespace = `regression-${++serial}`;
    server.controls.seed([{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } }, ...names.map((n) => svc(n, namespace))]);
    const { cache, log } = await startCache(server.kubeconfigPath, [SVC], { namespaces: [namespace], ...extra });
    return { namespace, cache, log };
  };

  test('discovery: /apis with a null group entry is a protocol problem, not an unhandled TypeError', async () => {
    server.controls.corruptNext(Infinity, { method: 'GET', path: /^\/apis(\?|$)/, kind: 'array-null-entry' });
    const { cache } = await startCache(server.kubeconfigPath, ['networking.istio.io/VirtualService'], { namespaces: ['default'] });
    try {
      await within(5000, 'the problem in the status', () => /sent an answer that is not a Kubernetes API response \(get API groups \(\/apis\)\): /.test(cache.status().message));
      assert.notEqual(cache.status().state, 'synced');
      await server.controls.restore();
      await within(5000, 'synced after restore', () => cache.status().state === 'synced');
      assert.deepEqual(unhandled, []);
    } finally {
      await cache.stop();
    }
  });

  for (const kind of ['not-an-object', 'array-not-array'] as const) {
    test(`discovery: /api/v1 answered with ${kind} is retried, never taken for "not served"`, async () => {
      server.controls.corruptNext(1, { method: 'GET', path: /^\/api\/v1(\?|$)/, kind });
      const { namespace, cache } = await fresh(['a']);
      try {
        await within(5000, 'synced', () => cache.status().state === 'synced');
        assert.equal(cache.status().kinds[0]!.state, 'synced');
        assert.deepEqual(held(cache, namespace), stored(namespace, ['a']));
        assert.deepEqual(unhandled, []);
      } finally {
        await cache.stop();
      }
    });
  }

  for (const kind of ['item-without-metadata', 'item-name-number', 'huge-name', 'array-null-entry', 'list-rv-missing'] as const) {
    test(`list: ${kind} is refused whole, named in the status, and the next list converges`, async () => {
      server.controls.corruptNext(1, { ...targetMatch('list'), kind });
      const { namespace, cache, log } = await fresh(['a', 'b']);
      try {
        await within(5000, 'the server\'s exact Services', () => cache.status().state === 'synced' && held(cache, namespace).join() === stored(namespace, ['a', 'b']).join());
        assert.ok(log.some((l) => new RegExp(`not a Kubernetes API response \\(list services in namespace "${namespace}"\\)`).test(l)), log.join('\n'));
      } finally {
        await cache.stop();
      }
    });
  }

  test('list: a resourceVersion the server never issued makes the watch fail; the cache lists again instead of retrying it forever', async () => {
    server.controls.corruptNext(1, { ...targetMatch('list'), kind: 'list-rv-garbage' });
    const { namespace, cache } = await fresh(['a']);
    try {
      await within(5000, 'synced', () => cache.status().state === 'synced');
      server.controls.seed([svc('later', namespace)]);
      await within(5000, 'the Service written after the bad list', () => held(cache, namespace).join() === stored(namespace, ['a', 'later']).join());
    } finally {
      await cache.stop();
    }
  });

  test('watch: two kinds whose every event is garbage back off, instead of cutting each other\'s backoff short', async () => {
    const namespace = `regression-${++serial}`;
    server.controls.seed([{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } }]);
    const { cache } = await startCache(server.kubeconfigPath, [SVC, 'networking.istio.io/VirtualService'], { namespaces: [namespace] });
    try {
      await within(5000, 'synced', () => cache.status().state === 'synced');
      const watches = new RegExp(`^/api[^?]*/namespaces/${namespace}/(services|virtualservices)\\?.*watch=1`);
      server.controls.corruptNext(Infinity, { method: 'GET', path: watches, kind: 'garbage-line' });
      server.controls.dropWatches({ path: `/namespaces/${namespace}/` });
      // One event per kind: every resumed watch replays it, and it is garbage every time.
      server.controls.seed([svc('a', namespace), { apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name: 'a', namespace }, spec: { hosts: ['a'] } }]);
      server.controls.clearRequests();
      // A rate over a window, not a wait for a result. TEST_BACKOFF (20 ms doubling to 200 ms) allows
      // about a dozen attempts per watch in 1.5 s; a watch that opens must not wake the other at once.
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const tried = server.controls.requests().filter((r) => watches.test(r.url)).length;
      assert.ok(tried <= 40, `${tried} watch requests in 1.5 s`);
      await server.controls.restore();
      await within(5000, 'both objects, synced', () => cache.status().state === 'synced' && cache.snapshot().objects.length === 2);
      assert.deepEqual(unhandled, []);
    } finally {
      await cache.stop();
    }
  });

  const lost: StreamCorruption[] = ['unknown-type', 'event-not-object', 'object-not-object', 'nameless-object', 'event-rv-wrong-type', 'huge-line', 'error-not-status'];
  for (const kind of lost) {
    test(`watch: an event mangled as ${kind} ends the watch and is replayed, never lost or cached`, async () => {
      const { namespace, cache, log } = await fresh(['a']);
      try {
        await within(5000, 'synced', () => cache.status().state === 'synced');
        await within(5000, 'the watch open', () => server.controls.openWatches() > 0 && cache.resumePoints(SVC).every((p) => p !== null));
        server.controls.corruptNext(1, { ...targetMatch('watch'), kind });
        server.controls.dropWatches({ path: `/namespaces/${namespace}/` });
        await within(5000, 'the watch open again', () => server.controls.pendingFaults().corruptions === 0);
        server.controls.seed([svc('b', namespace)]);
        server.controls.seed([svc('c', namespace)]);
        await within(5000, 'both Services', () => held(cache, namespace).join() === stored(namespace, ['a', 'b', 'c']).join())
          .catch((e: Error) => assert.fail(`${e.message}: cache ${held(cache, namespace).join(' ')}; log ${log.slice(-4).join(' | ')}`));
        assert.ok(log.some((l) => /not a Kubernetes API response \(watch services in namespace/.test(l)), log.join('\n'));
      } finally {
        await cache.stop();
      }
    });
  }
});

/** A VirtualService with a file finding of its own (an unknown field), whatever the cluster says. */
const ROUTE = [
  'apiVersion: networking.istio.io/v1', 'kind: VirtualService', 'metadata:', '  name: ratings', '  namespace: shop',
  'spec:', '  hosts: [ratings]', '  http:', '  - route:', '    - destination:', '        host: ratings', '    retriez: 3', '',
].join('\n');

describe('the language server while the cluster answers garbage', () => {
  let server: ApiServer;
  let client: WorkspaceClient;
  let dir: string;
  const statuses: ClusterStatusParams[] = [];

  before(async () => {
    server = await startApiServer({
      objects: [
        { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } },
        { apiVersion: 'v1', kind: 'Service', metadata: { name: 'ratings', namespace: 'shop' }, spec: { ports: [{ name: 'http', port: 9080 }] } },
      ],
    });
    dir = mkdtempSync(path.join(tmpdir(), 'ls-malformed-'));
    mkdirSync(path.join(dir, 'ws'));
    writeFileSync(path.join(dir, 'ws', 'ratings.yaml'), ROUTE);
    client = await startWorkspaceServer({
      folders: [path.join(dir, 'ws')],
      settings: { cluster: { kubeconfig: server.kubeconfigPath } },
      initializationOptions: { cacheDir: path.join(dir, 'cache') },
      env: { HOME: dir },
      notifications: { 'meshLifecycle/clusterStatus': (p: ClusterStatusParams) => { statuses.push(p); } },
    });
  });
  after(async () => {
    await client?.stop();
    await server?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('keeps answering and keeps file findings, and says in plain words which answers are garbage', async () => {
    const uri = client.uri(path.join(dir, 'ws', 'ratings.yaml'));
    await within(15_000, 'a synced status', () => statuses.some((s) => s.state === 'synced'));
    client.open(uri, ROUTE);
    const before = await client.waitFor(uri, (d) => d.length > 0);
    const codes = before.map((d) => String(d.code)).sort();
    assert.ok(!codes.includes('IST0101'), 'the live Service satisfies the destination');

    // Every Services answer turns to garbage: lists get an HTML page, watches a line of junk.
    server.controls.corruptNext(Infinity, { ...targetMatch('list'), kind: 'html-body' });
    server.controls.corruptNext(Infinity, { ...targetMatch('watch'), kind: 'garbage-line' });
    // Off its watch, a write it has not seen and a compaction: resuming gets 410, so it lists again.
    server.controls.dropWatches();
    server.controls.seed([{ apiVersion: 'v1', kind: 'Service', metadata: { name: 'reviews', namespace: 'shop' }, spec: { ports: [{ port: 9080 }] } }]);
    server.controls.compact();
    // Whichever it tried last: the list (an HTML page) or the watch (a line of junk).
    const said = /sent an answer that is not a Kubernetes API response \((list|watch) services[^)]*\): (expected JSON, got <!DOCTYPE html>|a watch event is not JSON)/;
    await within(15_000, 'a status that names the garbage', () => said.test(statuses.at(-1)?.message ?? ''))
      .catch((e: Error) => assert.fail(`${e.message}: ${statuses.slice(-3).map((s) => `${s.state}: ${s.message}`).join(' | ')}`));
    const status = statuses.at(-1)!;
    assert.notEqual(status.state, 'synced');
    assert.match(status.message, /127\.0\.0\.1:\d+/, 'where: the server');
    assert.equal(status.kinds.find((k) => k.kind === 'core/Service')?.state, 'stale');

    // An edit is still checked: the same file findings, and the last known Service still counts.
    client.change(uri, 2, `${ROUTE}# edited while the cluster answers garbage\n`);
    const during = await client.waitFor(uri, (d) => d.length === codes.length);
    assert.deepEqual(during.map((d) => String(d.code)).sort(), codes);
    const symbols = await client.connection.sendRequest<unknown[]>('textDocument/documentSymbol', { textDocument: { uri } });
    assert.ok(Array.isArray(symbols) && symbols.length > 0, 'requests are answered');

    await server.controls.restore();
    await within(15_000, 'synced again after restore', () => statuses.at(-1)?.state === 'synced');
    assert.equal(client.process.exitCode, null, 'the server is still running');
  });
});

describe('mesh-lifecycle lint against a cluster that answers garbage', () => {
  let server: ApiServer;
  let dir: string;

  before(async () => {
    server = await startApiServer();
    dir = mkdtempSync(path.join(tmpdir(), 'cli-malformed-'));
    writeFileSync(path.join(dir, 'ratings.yaml'), ROUTE);
  });
  after(async () => {
    await server?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('every list answered with an HTML page: one plain error line, exit code 2, no stack trace, no long wait', async () => {
    // Lists carry a limit; discovery documents do not, so discovery still works.
    server.controls.corruptNext(Infinity, { method: 'GET', path: /[?&]limit=/, kind: 'html-body' });
    let stdout = '';
    let stderr = '';
    const started = performance.now();
    const code = await runCli(['lint', '--kubeconfig', server.kubeconfigPath, '-n', 'shop', '--no-color', dir], {
      stdout: (t) => { stdout += t; }, stderr: (t) => { stderr += t; }, readStdin: async () => '', cwd: dir, colorSupported: false,
    });
    const took = performance.now() - started;
    assert.equal(code, 2, stderr);
    assert.equal(stdout, '');
    assert.match(stderr, /^mesh-lifecycle: cannot read cluster "apiserver-test": 127\.0\.0\.1:\d+ sent an answer that is not a Kubernetes API response \(list [a-z0-9.]+( in namespace "shop")?\): expected JSON, got <!DOCTYPE html>/);
    assert.equal(stderr.trimEnd().split('\n').length, 1, stderr);
    assert.doesNotMatch(stderr, /\n\s+at /);
    // The default --cluster-timeout is 30 s; a server that keeps answering garbage is given up on after a few tries.
    assert.ok(took < 10_000, `took ${Math.round(took)} ms`);
  });
});
