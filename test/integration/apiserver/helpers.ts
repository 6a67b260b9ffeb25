/**
 * Test helpers for the API test server: a tiny HTTP client, a watch reader, a kubectl runner.
 *
 * The client speaks plain HTTP to the loopback server with node:http (not fetch), so tests control
 * sockets exactly: a watch is a real streaming response whose events are read line by line, and
 * a test can close it whenever it likes. Nothing here retries; tests see exactly what the server
 * sends. kubectl runs asynchronously (the server lives in the same process, so a synchronous child
 * process would block it) with a private HOME and discovery cache per server.
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { request as plainRequest, type ClientRequest, type IncomingHttpHeaders, type IncomingMessage, type RequestOptions as HttpOptions } from 'node:http';
import { request as tlsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ApiServer } from '../../apiserver/index';

/** A response: status, headers, parsed JSON body (or the text when it is not JSON). */
export interface Response {
  status: number;
  headers: IncomingHttpHeaders;
  /** Tests read arbitrary JSON; `any` keeps assertions short. */
  body: any;
  text: string;
}

/** Request options. */
export interface RequestOptions {
  body?: unknown;
  contentType?: string;
  headers?: Record<string, string>;
  /** Reuse connections (Node's global agent). Off by default: a fresh connection per request keeps fault tests free of stale-socket races. */
  keepAlive?: boolean;
}

/** An http or https request to the server, trusting its certificate. */
function httpRequest(server: ApiServer, path: string, options: HttpOptions, onResponse: (res: IncomingMessage) => void): ClientRequest {
  const url = `${server.url}${path}`;
  return server.ca ? tlsRequest(url, { ...options, ca: server.ca }, onResponse) : plainRequest(url, options, onResponse);
}

/** Sends one request and reads the whole response. */
export function call(server: ApiServer, method: string, path: string, options: RequestOptions = {}): Promise<Response> {
  return new Promise((resolve, reject) => {
    const data = options.body === undefined ? undefined : typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
    const headers: Record<string, string> = { Accept: 'application/json', ...(options.headers ?? {}) };
    if (data !== undefined) {
      headers['Content-Type'] = options.contentType ?? 'application/json';
      headers['Content-Length'] = String(Buffer.byteLength(data));
    }
    const req = httpRequest(server, path, { method, headers, ...(options.keepAlive ? {} : { agent: false }) }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let body: unknown = text;
        try {
          body = JSON.parse(text);
        } catch {
          // Not JSON: keep the text.
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body, text });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    if (data !== undefined) req.write(data);
    req.end();
  });
}

/** A JSON client bound to one server. */
export function client(server: ApiServer, defaults: Record<string, string> = {}, keepAlive = false) {
  const withDefaults = (o: RequestOptions = {}): RequestOptions => ({ keepAlive, ...o, headers: { ...defaults, ...(o.headers ?? {}) } });
  return {
    get: (p: string, o?: RequestOptions) => call(server, 'GET', p, withDefaults(o)),
    post: (p: string, body: unknown, o?: RequestOptions) => call(server, 'POST', p, withDefaults({ ...o, body })),
    put: (p: string, body: unknown, o?: RequestOptions) => call(server, 'PUT', p, withDefaults({ ...o, body })),
    patch: (p: string, body: unknown, contentType: string, o?: RequestOptions) => call(server, 'PATCH', p, withDefaults({ ...o, body, contentType })),
    delete: (p: string, body?: unknown, o?: RequestOptions) => call(server, 'DELETE', p, withDefaults({ ...o, body })),
  };
}

/** One watch event. */
export interface WatchEvent {
  type: string;
  object: any;
}

/** An open watch: read events one at a time, close when done. */
export interface Watch {
  status: number;
  /** The next event, or undefined when the stream ended; rejects after `timeoutMs`. */
  next(timeoutMs?: number): Promise<WatchEvent | undefined>;
  /** Reads `n` events. */
  take(n: number, timeoutMs?: number): Promise<WatchEvent[]>;
  /** Resolves when the server ends the stream (with the events not yet read). */
  ended(timeoutMs?: number): Promise<WatchEvent[]>;
  close(): void;
}

/** Opens a watch (the path should include `watch=1`). */
export function openWatch(server: ApiServer, path: string, headers: Record<string, string> = {}): Promise<Watch> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(server, path, { method: 'GET', headers: { Accept: 'application/json', ...headers }, agent: false }, (res: IncomingMessage) => {
      const queue: WatchEvent[] = [];
      const waiters: (() => void)[] = [];
      let done = false;
      let buffer = '';
      const wake = (): void => {
        for (const w of waiters.splice(0)) w();
      };
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let nl: number;
        while ((nl = buffer.indexOf('\n')) >= 0) {
          const line = buffer.slice(0, nl).trim();
          buffer = buffer.slice(nl + 1);
          if (line) queue.push(JSON.parse(line) as WatchEvent);
        }
        wake();
      });
      const end = (): void => {
        done = true;
        wake();
      };
      res.on('end', end);
      res.on('close', end);
      res.on('error', end);
      const waitFor = (ready: () => boolean, timeoutMs: number, what: string): Promise<void> =>
        new Promise((ok, fail) => {
          if (ready()) return ok();
          const timer = setTimeout(() => fail(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)), timeoutMs);
          const check = (): void => {
            if (ready()) {
              clearTimeout(timer);
              ok();
            } else waiters.push(check);
          };
          waiters.push(check);
        });
      const watch: Watch = {
        status: res.statusCode ?? 0,
        async next(timeoutMs = 5000) {
          await waitFor(() => queue.length > 0 || done, timeoutMs, 'a watch event');
          return queue.shift();
        },
        async take(n, timeoutMs = 5000) {
          const out: WatchEvent[] = [];
          for (let i = 0; i < n; i++) {
            const e = await watch.next(timeoutMs);
            if (!e) throw new Error(`watch ended after ${out.length} of ${n} events: ${JSON.stringify(out)}`);
            out.push(e);
          }
          return out;
        },
        async ended(timeoutMs = 5000) {
          await waitFor(() => done, timeoutMs, 'the watch to end');
          return queue.splice(0);
        },
        close() {
          req.destroy();
        },
      };
      resolve(watch);
    });
    req.on('error', reject);
    req.end();
  });
}

/** The result of running kubectl. */
export interface KubectlResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** The real kubectl: `$KUBECTL` if set, else the first `kubectl` on PATH (empty when there is none). */
export const KUBECTL: string =
  process.env.KUBECTL ?? (process.env.PATH ?? '').split(path.delimiter).map((dir) => path.join(dir, 'kubectl')).find((file) => existsSync(file)) ?? '';

/** Whether the real kubectl is installed (kubectl tests are skipped, with a reason, when not). */
export const hasKubectl = KUBECTL !== '' && existsSync(KUBECTL);

/** A kubectl process left running (for `get --watch`). */
export interface KubectlProcess {
  /** Resolves with everything printed so far once `pattern` appears in stdout. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** Stops the process; resolves with its whole output. */
  stop(): Promise<KubectlResult>;
}

/** Runs kubectl against a server with a private HOME and discovery cache. */
export function kubectlFor(server: ApiServer, extraArgs: string[] = []) {
  const home = mkdtempSync(path.join(tmpdir(), 'apiserver-kubectl-'));
  const fullArgs = (args: string[]): string[] => ['--kubeconfig', server.kubeconfigPath, '--cache-dir', path.join(home, 'cache'), '--request-timeout=10s', ...extraArgs, ...args];
  const env = { PATH: process.env.PATH ?? '', HOME: home, KUBECONFIG: server.kubeconfigPath };
  const run = (args: string[], options: { input?: string; timeoutMs?: number } = {}): Promise<KubectlResult> =>
    new Promise((resolve) => {
      const child = execFile(KUBECTL, fullArgs(args), { encoding: 'utf8', timeout: options.timeoutMs ?? 30_000, env }, (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
        resolve({ code, stdout, stderr });
      });
      child.stdin?.end(options.input ?? '');
    });
  const start = (args: string[]): KubectlProcess => {
    const child = spawn(KUBECTL, fullArgs(args), { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const listeners: (() => void)[] = [];
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
      for (const l of [...listeners]) l();
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
    });
    const exited = new Promise<number>((resolve) => child.on('exit', (code) => resolve(code ?? 1)));
    return {
      waitFor: (pattern, timeoutMs = 10_000) =>
        new Promise((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`kubectl did not print ${String(pattern)}; stdout: ${stdout}; stderr: ${stderr}`)), timeoutMs);
          const check = (): void => {
            if (!pattern.test(stdout)) return;
            clearTimeout(timer);
            listeners.splice(listeners.indexOf(check), 1);
            resolve(stdout);
          };
          listeners.push(check);
          check();
        }),
      async stop() {
        child.kill();
        const code = await exited;
        return { code, stdout, stderr };
      },
    };
  };
  return { run, start, home, remove: () => rmSync(home, { recursive: true, force: true }) };
}

/** Polls until `check` returns a value, or fails after `timeoutMs` (for state reached asynchronously). */
export async function eventually<T>(check: () => Promise<T | undefined> | T | undefined, timeoutMs = 5000, what = 'a condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
