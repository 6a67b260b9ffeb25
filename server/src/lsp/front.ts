/**
 * The front: what stands between the LSP client and the analysis thread, so that every request
 * is answered within its deadline even while an analysis runs for seconds (a 100,000-line
 * document, a 5 MB file, the first scan of a large workspace).
 *
 *   client ──> fromClient ──> Outbox (waits while the thread is busy; merges keystrokes)
 *                                 └── flushed when the thread says it is ready ──> thread
 *   client <── toClient  <── fromWorker <── thread (responses, diagnostics, its own requests)
 *
 * Per client request a timer runs from the moment the front reads it. When the deadline passes
 * before the thread's answer, the front answers the request itself with LSP's ServerCancelled
 * error (-32802; clients treat it as "no result", VS Code silently), takes the request out of the
 * outbox or tells the thread to cancel it, and drops the thread's late answer. `initialize` and
 * `shutdown` have no deadline: a client must wait for them. A client's `$/cancelRequest` for a
 * request still in the outbox is answered here (RequestCancelled, -32800); otherwise it goes on.
 *
 * Pure logic: the transports, the thread and the clock are passed in (front-process.ts wires them).
 */
import { idKey, isRequest, isResponse, Outbox, type RpcMessage } from './outbox';

/** LSP's error codes for a request that ends without a result. */
export const SERVER_CANCELLED = -32802;
export const REQUEST_CANCELLED = -32800;

/** Requests a client must wait for, however long they take. */
const NO_DEADLINE: ReadonlySet<string> = new Set(['initialize', 'shutdown']);

/** The default deadline: well inside the 1 s a client should wait, with room for a busy machine. */
export const DEFAULT_DEADLINE_MS = 500;

export interface FrontTimers {
  readonly setTimeout: (callback: () => void, ms: number) => unknown;
  readonly clearTimeout: (handle: unknown) => void;
}

export interface FrontOptions {
  readonly toClient: (message: RpcMessage) => void;
  readonly toWorker: (message: RpcMessage) => void;
  readonly deadlineMs?: number;
  readonly timers?: FrontTimers;
}

interface Pending {
  readonly method: string;
  readonly timer: unknown;
}

export class Front {
  private readonly outbox = new Outbox();
  /** Client requests not answered yet, by idKey. */
  private readonly pending = new Map<string, Pending>();
  /** Requests the front answered while the thread still holds them: their late answers are dropped. */
  private readonly answered = new Set<string>();
  private workerReady = false;
  private readonly deadlineMs: number;
  private readonly timers: FrontTimers;

  constructor(private readonly options: FrontOptions) {
    this.deadlineMs = options.deadlineMs ?? DEFAULT_DEADLINE_MS;
    this.timers = options.timers ?? {
      setTimeout: (callback, ms) => setTimeout(callback, ms),
      clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
    };
  }

  /** A message from the client. */
  fromClient(message: RpcMessage): void {
    if (message.method === '$/cancelRequest' && this.cancelWaiting(message)) return;
    if (isRequest(message)) this.track(message);
    this.outbox.push(message);
    this.flushIfReady();
  }

  /** A message from the analysis thread. */
  fromWorker(message: RpcMessage): void {
    if (isResponse(message) && message.id !== null && message.id !== undefined) {
      const key = idKey(message.id);
      if (this.answered.delete(key)) return;
      const pending = this.pending.get(key);
      if (pending) {
        this.timers.clearTimeout(pending.timer);
        this.pending.delete(key);
      }
    }
    this.options.toClient(message);
  }

  /** The thread has taken everything it was given and can take more. */
  ready(): void {
    this.workerReady = true;
    this.flushIfReady();
  }

  /** Client requests still waiting for an answer. */
  get waiting(): number {
    return this.pending.size;
  }

  private flushIfReady(): void {
    if (!this.workerReady || this.outbox.size === 0) return;
    this.workerReady = false;
    for (const message of this.outbox.take()) this.options.toWorker(message);
  }

  private track(request: RpcMessage): void {
    const method = request.method!;
    if (NO_DEADLINE.has(method)) return;
    const id = request.id as number | string;
    const timer = this.timers.setTimeout(() => this.expire(id), this.deadlineMs);
    this.pending.set(idKey(id), { method, timer });
  }

  private expire(id: number | string): void {
    const key = idKey(id);
    const pending = this.pending.get(key);
    if (!pending) return;
    this.pending.delete(key);
    if (!this.outbox.removeRequest(id)) {
      // The thread has it: it may still be working on it, or it may not have got to it yet.
      this.answered.add(key);
      this.outbox.push({ jsonrpc: '2.0', method: '$/cancelRequest', params: { id } });
      this.flushIfReady();
    }
    this.options.toClient({
      jsonrpc: '2.0', id,
      error: { code: SERVER_CANCELLED, message: `The server is still analysing; ${pending.method} was not answered within ${this.deadlineMs} ms. Ask again in a moment.` },
    });
  }

  /** Answers a client's cancellation of a request that never left the outbox; true when it did. */
  private cancelWaiting(message: RpcMessage): boolean {
    const id = (message.params as { id?: unknown } | undefined)?.id;
    if (typeof id !== 'number' && typeof id !== 'string') return false;
    const key = idKey(id);
    const pending = this.pending.get(key);
    if (!pending || !this.outbox.removeRequest(id)) return false;
    this.timers.clearTimeout(pending.timer);
    this.pending.delete(key);
    this.options.toClient({ jsonrpc: '2.0', id, error: { code: REQUEST_CANCELLED, message: 'The request was cancelled.' } });
    return true;
  }
}
