/**
 * The transport against a server that sends without end: a JSON answer or a watch line past its
 * limit is cut off and refused as a protocol problem, instead of growing in memory until the
 * editor dies. A loopback HTTP server plays the endless sender; the limits are set small.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { clientNode } from '../../../server/src/cluster/client-node';
import { ClusterError } from '../../../server/src/cluster/problems';
import { kubeTransport, type Transport } from '../../../server/src/cluster/transport';

const LIMIT = 100_000;
let server: Server;
let transport: Transport;
/** Bytes each endless answer got out before the client hung up. */
const sent = new Map<string, number>();
let closed = 0;

before(async () => {
  server = createServer((req, res) => {
    const path = req.url!.split('?')[0]!;
    res.writeHead(200, { 'Content-Type': 'application/json' });
    // A line with no end (the watch), or a JSON string with no end (the list), 10 KB every 2 ms.
    res.write(path === '/watch' ? '{"type":"ADDED","object":{"metadata":{"name":"' : '{"kind":"List","items":[{"metadata":{"name":"');
    let total = 0;
    const timer = setInterval(() => {
      total += 10_000;
      sent.set(path, total);
      res.write('x'.repeat(10_000));
    }, 2);
    res.on('close', () => {
      clearInterval(timer);
      closed++;
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { KubeConfig } = await clientNode();
  const kc = new KubeConfig();
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  kc.loadFromOptions({
    clusters: [{ name: 'c', server: url, skipTLSVerify: true }],
    users: [{ name: 'u' }],
    contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
    currentContext: 'x',
  });
  transport = kubeTransport(kc, url, { maxAnswerBytes: LIMIT, maxWatchEventChars: LIMIT });
});
after(() => new Promise<void>((resolve) => server.close(() => resolve())));

const info = { verb: 'list', resource: 'services', namespace: 'shop', clusterScoped: false } as const;

test('transport: a JSON answer past the limit is refused as a protocol problem, and the connection closed', async () => {
  const closedBefore = closed;
  const error = await transport.getJson({ path: '/list', info }).then(() => null, (e: unknown) => e);
  assert.ok(error instanceof ClusterError, String(error));
  assert.equal(error.problem.type, 'protocol');
  assert.match(error.message, /larger than 100000 bytes/);
  await until(() => closed > closedBefore);
  assert.ok((sent.get('/list') ?? 0) < 50 * LIMIT, `the server got ${sent.get('/list')} bytes out`);
});

test('transport: a watch line past the limit ends the watch as a protocol problem, and the connection closed', async () => {
  const closedBefore = closed;
  const events: unknown[] = [];
  const error = await transport.stream({ path: '/watch', info: { ...info, verb: 'watch' } }, (e) => events.push(e)).then(() => null, (e: unknown) => e);
  assert.ok(error instanceof ClusterError, String(error));
  assert.equal(error.problem.type, 'protocol');
  assert.match(error.message, /a watch event is larger than 100000 bytes/);
  assert.deepEqual(events, []);
  await until(() => closed > closedBefore);
});

async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const started = performance.now();
  while (!condition()) {
    if (performance.now() - started > timeoutMs) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}
