/**
 * The front's deadlines and flow control, with a hand-driven clock: what reaches the client and
 * the analysis thread, and when.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Front, REQUEST_CANCELLED, SERVER_CANCELLED } from '../../../server/src/lsp/front';
import type { RpcMessage } from '../../../server/src/lsp/outbox';

/** A front with a fake clock; `advance` runs the timers that fall due. */
function rig(deadlineMs = 750) {
  let now = 0;
  let nextHandle = 1;
  const timers = new Map<number, { at: number; run: () => void }>();
  const client: RpcMessage[] = [];
  const worker: RpcMessage[] = [];
  const front = new Front({
    deadlineMs,
    toClient: (m) => client.push(m),
    toWorker: (m) => worker.push(m),
    timers: {
      setTimeout: (run, ms) => { const h = nextHandle++; timers.set(h, { at: now + ms, run }); return h; },
      clearTimeout: (h) => { timers.delete(h as number); },
    },
  });
  const advance = (ms: number) => {
    now += ms;
    for (const [h, t] of [...timers].sort((a, b) => a[1].at - b[1].at)) {
      if (t.at <= now && timers.delete(h)) t.run();
    }
  };
  return { front, client, worker, advance };
}

const hover = (id: number): RpcMessage => ({ jsonrpc: '2.0', id, method: 'textDocument/hover', params: {} });

test('front: a request the thread answers in time goes through untouched, and its timer stops', () => {
  const { front, client, worker, advance } = rig();
  front.ready();
  front.fromClient(hover(1));
  assert.deepEqual(worker.map((m) => m.id), [1]);
  front.fromWorker({ jsonrpc: '2.0', id: 1, result: { contents: 'x' } });
  advance(10_000);
  assert.deepEqual(client, [{ jsonrpc: '2.0', id: 1, result: { contents: 'x' } }]);
  assert.equal(front.waiting, 0);
});

test('front: while the thread is busy, messages wait; at the deadline a waiting request is answered ServerCancelled and never sent', () => {
  const { front, client, worker, advance } = rig(750);
  front.fromClient(hover(1));
  advance(749);
  assert.equal(client.length, 0);
  advance(1);
  assert.equal(client.length, 1);
  assert.equal(client[0]!.id, 1);
  assert.equal(client[0]!.error?.code, SERVER_CANCELLED);
  front.ready();
  assert.equal(worker.length, 0, 'the cancelled request was still handed over');
});

test('front: a request the thread holds past the deadline is cancelled there too, and its late answer is dropped', () => {
  const { front, client, worker, advance } = rig();
  front.ready();
  front.fromClient(hover(7));
  advance(800);
  assert.equal(client[0]!.error?.code, SERVER_CANCELLED);
  front.ready();
  assert.deepEqual(worker.map((m) => m.method), ['textDocument/hover', '$/cancelRequest']);
  assert.deepEqual(worker[1]!.params, { id: 7 });
  front.fromWorker({ jsonrpc: '2.0', id: 7, result: null });
  assert.equal(client.length, 1, 'the late answer reached the client');
});

test('front: keystrokes sent while the thread is busy arrive as one change', () => {
  const { front, worker } = rig();
  for (let v = 2; v <= 6; v++) {
    front.fromClient({ jsonrpc: '2.0', method: 'textDocument/didChange', params: { textDocument: { uri: 'file:///a.yaml', version: v }, contentChanges: [{ text: `v${v}` }] } });
  }
  front.ready();
  assert.equal(worker.length, 1);
  assert.equal((worker[0]!.params as { contentChanges: unknown[] }).contentChanges.length, 5);
  front.fromClient({ jsonrpc: '2.0', method: 'textDocument/didChange', params: { textDocument: { uri: 'file:///a.yaml', version: 7 }, contentChanges: [] } });
  assert.equal(worker.length, 1, 'handed over before the thread said it was ready again');
});

test('front: initialize and shutdown have no deadline', () => {
  const { front, client, advance } = rig();
  front.fromClient({ jsonrpc: '2.0', id: 1, method: 'initialize', params: {} });
  front.fromClient({ jsonrpc: '2.0', id: 2, method: 'shutdown' });
  advance(60_000);
  assert.equal(client.length, 0);
});

test("front: the client's cancellation of a waiting request is answered here; of a handed-over one, passed on", () => {
  const { front, client, worker, advance } = rig();
  front.fromClient(hover(1));
  front.fromClient({ jsonrpc: '2.0', method: '$/cancelRequest', params: { id: 1 } });
  assert.equal(client[0]!.error?.code, REQUEST_CANCELLED);
  advance(10_000);
  assert.equal(client.length, 1, 'answered twice');
  front.ready();
  front.fromClient(hover(2));
  front.fromClient({ jsonrpc: '2.0', method: '$/cancelRequest', params: { id: 2 } });
  front.ready();
  assert.deepEqual(worker.map((m) => m.method), ['textDocument/hover', '$/cancelRequest']);
});

test("front: the thread's own requests and notifications, and the client's answers to them, pass through", () => {
  const { front, client, worker } = rig();
  front.ready();
  front.fromWorker({ jsonrpc: '2.0', id: 0, method: 'workspace/configuration', params: { items: [] } });
  front.fromWorker({ jsonrpc: '2.0', method: 'textDocument/publishDiagnostics', params: { uri: 'file:///a.yaml', diagnostics: [] } });
  front.fromClient({ jsonrpc: '2.0', id: 0, result: [{}] });
  assert.equal(client.length, 2);
  assert.deepEqual(worker, [{ jsonrpc: '2.0', id: 0, result: [{}] }]);
});
