/**
 * The server process's lifetime with its two threads (server/src/lsp/front-process.ts): it ends when the
 * client says exit (0 after shutdown), when the client goes away without a word (1), and refuses
 * a command line it cannot serve (2, with the usage). Raw JSON-RPC framing on purpose: what is
 * tested is the process, not a client library.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { test } from 'node:test';
import { SERVER } from '../support/repo';

function frame(message: object): string {
  const body = JSON.stringify({ jsonrpc: '2.0', ...message });
  return `Content-Length: ${Buffer.byteLength(body, 'utf8')}\r\n\r\n${body}`;
}

/** Answers read from the server's stdout, by id. */
function answers(child: ChildProcessWithoutNullStreams): Map<number, unknown> {
  const seen = new Map<number, unknown>();
  let buffer = Buffer.alloc(0);
  child.stdout.on('data', (chunk: Buffer) => {
    buffer = Buffer.concat([buffer, chunk]);
    for (;;) {
      const header = buffer.indexOf('\r\n\r\n');
      if (header < 0) return;
      const length = Number(/Content-Length: (\d+)/i.exec(buffer.subarray(0, header).toString())?.[1]);
      if (buffer.length < header + 4 + length) return;
      const message = JSON.parse(buffer.subarray(header + 4, header + 4 + length).toString('utf8')) as { id?: number; method?: string };
      buffer = buffer.subarray(header + 4 + length);
      if (message.id !== undefined && message.method === undefined) seen.set(message.id, message);
    }
  });
  return seen;
}

async function exitOf(child: ChildProcessWithoutNullStreams, timeoutMs = 10_000): Promise<number | null> {
  if (child.exitCode !== null) return child.exitCode;
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const [code] = await once(child, 'exit') as [number | null];
  clearTimeout(timer);
  return code;
}

async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const started = performance.now();
  while (!condition()) {
    if (performance.now() - started > timeoutMs) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

function started(): { child: ChildProcessWithoutNullStreams; seen: Map<number, unknown>; stderr: () => string } {
  const child = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
  const seen = answers(child);
  child.stdin.write(frame({ id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } }));
  return { child, seen, stderr: () => stderr };
}

test('server lifetime: shutdown then exit ends the process with 0', async () => {
  const { child, seen, stderr } = started();
  await until(() => seen.has(1));
  child.stdin.write(frame({ method: 'initialized', params: {} }));
  child.stdin.write(frame({ id: 2, method: 'shutdown' }));
  await until(() => seen.has(2));
  child.stdin.write(frame({ method: 'exit' }));
  assert.equal(await exitOf(child), 0, stderr());
});

test('server lifetime: a client that goes away without exit ends the process with 1', async () => {
  const { child, seen } = started();
  await until(() => seen.has(1));
  child.stdin.end();
  assert.equal(await exitOf(child), 1);
});

test('server lifetime: a client that goes away after shutdown, without exit, ends the process with 0', async () => {
  const { child, seen } = started();
  await until(() => seen.has(1));
  child.stdin.write(frame({ id: 2, method: 'shutdown' }));
  await until(() => seen.has(2));
  child.stdin.end();
  assert.equal(await exitOf(child), 0);
});

test('server lifetime: exit without shutdown ends the process with 1', async () => {
  const { child, seen } = started();
  await until(() => seen.has(1));
  child.stdin.write(frame({ method: 'exit' }));
  assert.equal(await exitOf(child), 1);
});

for (const args of [[], ['--stdio', '--request-deadline=soon']]) {
  test(`server lifetime: ${args.length === 0 ? 'no transport' : 'a bad deadline'} is refused with exit 2 and the usage`, async () => {
    const child = spawn(process.execPath, [SERVER, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    assert.equal(await exitOf(child), 2);
    assert.match(stderr, /Usage: mesh-lifecycle-ls --stdio \| --node-ipc/);
    assert.doesNotMatch(stderr, /^\s+at /m, 'a stack trace');
  });
}
