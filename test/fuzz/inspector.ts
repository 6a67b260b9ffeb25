/**
 * Measures the server's live heap from outside: the server runs with `--inspect=127.0.0.1:0`
 * (loopback, a free port), and this speaks the inspector protocol to it to force a full garbage
 * collection and read the heap size, in every thread. RSS alone says little, since V8 keeps freed pages for a
 * while; the live heap after a forced GC is what a leak would grow.
 */

/** The address the server printed when its inspector started ("Debugger listening on ws://…"). */
export function inspectorUrl(stderr: string): string | null {
  return /Debugger listening on (ws:\/\/127\.0\.0\.1:\d+\/[\w-]+)/.exec(stderr)?.[1] ?? null;
}

/** Lines the inspector itself writes to stderr; they are not the server's output. */
export const INSPECTOR_NOISE = /^(Debugger listening on ws:|For help, see: https:\/\/nodejs\.org\/|Debugger attached\.|Debugger ending on ws:|Waiting for the debugger to disconnect)/;

/** One inspector session: the process's main thread, or a worker thread reached through it. */
type Call = (method: string, params?: object) => Promise<unknown>;

/**
 * Forces a full GC in every thread of the process behind `url` (its main thread and, through the
 * NodeWorker domain, each worker thread: the language server analyses on one) and returns their
 * used heap in bytes, summed.
 */
export async function liveHeap(url: string, timeoutMs = 30_000): Promise<number> {
  const socket = new WebSocket(url);
  const pending = new Map<number, (result: unknown) => void>();
  const workerPending = new Map<string, Map<number, (result: unknown) => void>>();
  const workers: string[] = [];
  let nextId = 1;
  await new Promise<void>((resolve, reject) => {
    socket.addEventListener('open', () => resolve(), { once: true });
    socket.addEventListener('error', () => reject(new Error(`cannot connect to the inspector at ${url}`)), { once: true });
  });
  socket.addEventListener('message', (event) => {
    const message = JSON.parse(String(event.data)) as { id?: number; method?: string; result?: unknown; params?: { sessionId: string; message: string } };
    if (message.id !== undefined) pending.get(message.id)?.(message.result);
    else if (message.method === 'NodeWorker.attachedToWorker') workers.push(message.params!.sessionId);
    else if (message.method === 'NodeWorker.receivedMessageFromWorker') {
      const inner = JSON.parse(message.params!.message) as { id?: number; result?: unknown };
      if (inner.id !== undefined) workerPending.get(message.params!.sessionId)?.get(inner.id)?.(inner.result);
    }
  });
  const timed = (method: string, register: (id: number, done: (result: unknown) => void) => void): Promise<unknown> =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      const timer = setTimeout(() => reject(new Error(`inspector: ${method} timed out`)), timeoutMs);
      register(id, (result) => { clearTimeout(timer); resolve(result); });
    });
  const call: Call = (method, params = {}) => timed(method, (id, done) => {
    pending.set(id, done);
    socket.send(JSON.stringify({ id, method, params }));
  });
  const callIn = (sessionId: string): Call => (method, params = {}) => timed(method, (id, done) => {
    let map = workerPending.get(sessionId);
    if (!map) workerPending.set(sessionId, map = new Map());
    map.set(id, done);
    void call('NodeWorker.sendMessageToWorker', { sessionId, message: JSON.stringify({ id, method, params }) });
  });
  try {
    // Attaching reports every running worker before enable's own answer arrives.
    await call('NodeWorker.enable', { waitForDebuggerOnStart: false });
    let total = 0;
    for (const session of [call, ...workers.map(callIn)]) total += await collectedHeap(session);
    await call('NodeWorker.disable');
    return total;
  } finally {
    socket.close();
  }
}

async function collectedHeap(call: Call): Promise<number> {
  await call('HeapProfiler.enable');
  // Twice: objects with finalizers or weak references need a second pass to go.
  await call('HeapProfiler.collectGarbage');
  await call('HeapProfiler.collectGarbage');
  const usage = await call('Runtime.getHeapUsage') as { usedSize: number };
  await call('HeapProfiler.disable');
  return usage.usedSize;
}
