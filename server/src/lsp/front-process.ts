/**
 * The language server's main thread: it reads the client's messages (`--stdio` or `--node-ipc`),
 * starts the analysis thread (a worker running the whole language server, analysis-thread.ts),
 * and puts the front (front.ts) between the two, so an analysis that takes seconds blocks that
 * thread only, never the answers to the client. This thread loads nothing of the engine.
 *
 * Flow control: the analysis thread posts "ready" on a second port whenever it gets to its timers
 * (i.e. once the synchronous work in progress has ended); the front hands over what waited in its
 * outbox only then, so messages pile up (and keystrokes merge) in the front, not in the thread.
 *
 * Lifetime: the client's `exit` ends the analysis thread (vscode-languageserver calls
 * process.exit, which in a worker ends the thread); this thread then exits with the thread's code.
 * The client going away without `exit` ends both, with 0 after `shutdown` and 1 otherwise (as
 * vscode-languageserver does). The analysis thread's stdout is sent to
 * stderr: on `--stdio` stdout carries the protocol.
 */
import { MessageChannel, Worker } from 'node:worker_threads';
import {
  IPCMessageReader, IPCMessageWriter, StreamMessageReader, StreamMessageWriter, type MessageReader, type MessageWriter,
} from 'vscode-jsonrpc/node';
import type { ThreadData } from './analysis-thread';
import { DEFAULT_DEADLINE_MS, Front } from './front';
import type { RpcMessage } from './outbox';

const USAGE = 'Usage: mesh-lifecycle-ls --stdio | --node-ipc [--request-deadline=MS]';

/** The client's transport, from the command line. */
function clientTransport(args: readonly string[]): { reader: MessageReader; writer: MessageWriter } | null {
  if (args.includes('--stdio')) return { reader: new StreamMessageReader(process.stdin), writer: new StreamMessageWriter(process.stdout) };
  if (args.includes('--node-ipc')) return { reader: new IPCMessageReader(process), writer: new IPCMessageWriter(process) };
  return null;
}

/** `--request-deadline=MS` (or `--request-deadline MS`); the default when absent. */
export function deadlineFrom(args: readonly string[]): number | string {
  const at = args.findIndex((a) => a === '--request-deadline' || a.startsWith('--request-deadline='));
  if (at < 0) return DEFAULT_DEADLINE_MS;
  const raw = args[at]!.includes('=') ? args[at]!.slice(args[at]!.indexOf('=') + 1) : args[at + 1];
  const ms = Number(raw);
  return Number.isInteger(ms) && ms > 0 ? ms : `--request-deadline needs a whole number of milliseconds above 0, got "${raw ?? ''}"`;
}

/** Node options the thread must not inherit: the inspector belongs to the process (it reaches workers itself). */
function threadExecArgv(): string[] {
  return process.execArgv.filter((a) => !/^--inspect(-brk|-port|-wait)?(=|$)/.test(a));
}

/** The main thread: starts the analysis thread and the front between it and the client. */
export function startFront(args: readonly string[], entry: string): void {
  const transport = clientTransport(args);
  const deadline = deadlineFrom(args);
  if (!transport || typeof deadline === 'string') {
    process.stderr.write(`mesh-lifecycle-ls: ${typeof deadline === 'string' ? deadline : 'no transport given'}.\n${USAGE}\n`);
    process.exit(2);
  }
  const channel = new MessageChannel();
  const worker = new Worker(entry, {
    argv: [...args], execArgv: threadExecArgv(), stdout: true,
    workerData: { control: channel.port2 } satisfies ThreadData, transferList: [channel.port2],
  });
  worker.stdout.pipe(process.stderr);
  const front = new Front({
    deadlineMs: deadline,
    toClient: (message) => void transport.writer.write(message as never),
    toWorker: (message) => worker.postMessage(message),
  });
  channel.port1.on('message', () => front.ready());
  worker.on('message', (message: RpcMessage) => front.fromWorker(message));
  worker.on('error', (error) => {
    process.stderr.write(`mesh-lifecycle-ls: the analysis thread failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  });
  // The thread's own exit code, unless the client went away first (then: did it shut down?).
  let clientGone: number | null = null;
  worker.on('exit', (code) => process.exit(clientGone ?? code));
  let shutDown = false;
  transport.reader.listen((message) => {
    if ((message as RpcMessage).method === 'shutdown') shutDown = true;
    front.fromClient(message as RpcMessage);
  });
  // The client went away without `exit`: end as vscode-languageserver would (0 only after shutdown).
  transport.reader.onClose(() => {
    clientGone = shutDown ? 0 : 1;
    void worker.terminate();
  });
}
