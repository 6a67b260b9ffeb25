/**
 * Measures the server's live heap from outside: the server runs with `--inspect=127.0.0.1:0`
 * (loopback, a free port), and this speaks the inspector protocol to it to force a full garbage
 * collection and read the heap size. RSS alone says little, since V8 keeps freed pages for a
 * while; the live heap after a forced GC is what a leak would grow.
 */

/** The address the server printed when its inspector started ("Debugger listening on ws://…"). */
export function inspectorUrl(stderr: string): string | null {
  return /Debugger listening on (ws:\/\/127\.0\.0\.1:\d+\/[\w-]+)/.exec(stderr)?.[1] ?? null;
}

/** Lines the inspector itself writes to stderr; they are not the server's output. */
export const INSPECTOR_NOISE = /^(Debugger listening on ws:|For help, see: https:\/\/nodejs\.org\/|Debugger attached\.|Debugger ending on ws:|Waiting for the debugger to disconnect)/;

/** Forces a full GC in the process behind `url` and returns its used heap in bytes. */
export async function liveHeap(url: string, timeoutMs = 30_000): Promise<number> {
  const socket = new WebSocket(url);
  const pending = new Map<number, (result: unknown) => void>();
  let nextId = 1;
  await new Promise<void>((resolve, reject) => {
    socket.addEventListener('open', () => resolve(), { once: true });
    socket.addEventListener('error', () => reject(new Error(`cannot connect to the inspector at ${url}`)), { once: true });
  });
  socket.addEventListener('message', (event) => {
    const message = JSON.parse(String(event.data)) as { id?: number; result?: unknown };
    if (message.id !== undefined) pending.get(message.id)?.(message.result);
  });
  const call = (method: string): Promise<unknown> => new Promise((resolve, reject) => {
    const id = nextId++;
    const timer = setTimeout(() => reject(new Error(`inspector: ${method} timed out`)), timeoutMs);
    pending.set(id, (result) => { clearTimeout(timer); resolve(result); });
    socket.send(JSON.stringify({ id, method }));
  });
  try {
    await call('HeapProfiler.enable');
    // Twice: objects with finalizers or weak references need a second pass to go.
    await call('HeapProfiler.collectGarbage');
    await call('HeapProfiler.collectGarbage');
    const usage = await call('Runtime.getHeapUsage') as { usedSize: number };
    await call('HeapProfiler.disable');
    return usage.usedSize;
  } finally {
    socket.close();
  }
}
