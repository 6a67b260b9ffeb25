/**
 * HTTP to the API server: one JSON GET, or one streaming watch, per call.
 *
 *   KubeConfig.applyToHTTPSOptions -> TLS material, the Authorization header (token, exec plugin,
 *                                     OIDC), and client-node's agent for the cluster (proxy aware)
 *   node:http(s).request           -> status 2xx: JSON body, or newline-delimited watch events
 *                                     otherwise: the Status body -> ClusterError('status')
 *                                     socket errors, timeouts    -> ClusterError('network'|'timeout')
 *
 * Why not client-node's own Watch and API classes: its Watch drops the body of an error answer,
 * and the body of a 403 is what names the missing permission; and a generic list through its
 * object API parses every item into typed models before we can shrink it. Authentication, the one
 * part that must match other Kubernetes clients exactly, is still entirely client-node's.
 *
 * Timeouts are inactivity timeouts: a request fails when no byte arrives for `timeoutMs`, so a
 * large list that keeps streaming is never cut, while a dead connection (no FIN, no RST) is.
 */
import { request as httpRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { KubeConfig } from './client-node';
import { parseRetryAfter } from './backoff';
import { ClusterError, problemOfError, type ClusterProblem, type RequestInfo } from './problems';

export interface ApiRequest {
  /** Path from the API root, e.g. /api/v1/namespaces/shop/services. */
  readonly path: string;
  readonly query?: Readonly<Record<string, string>>;
  /** The verb and resource, for error messages. */
  readonly info: Omit<RequestInfo, 'server'>;
  /** Fail when nothing arrives for this long (default 30 s). */
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
}

/** What the cluster module needs from HTTP; tests may substitute their own. */
export interface Transport {
  readonly server: string;
  /** GET and parse JSON. Rejects with ClusterError, or with an AbortError when aborted. */
  getJson(request: ApiRequest): Promise<unknown>;
  /**
   * A streaming GET (a watch): `onEvent` gets each parsed line. Resolves when the server ends
   * the stream or the signal aborts it; rejects with ClusterError when it cannot be opened or
   * breaks. `onOpen` is called once the server has accepted the watch (200 OK).
   */
  stream(request: ApiRequest, onEvent: (event: unknown) => void, onOpen?: () => void): Promise<void>;
}

const USER_AGENT = 'mesh-lifecycle';
/** An error answer's body is read up to this size: a Status is small. */
const MAX_ERROR_BODY = 64 * 1024;

/**
 * How much of an answer is read before it is refused: a server (or a proxy in front of one) that
 * sends without end must not take the editor's memory with it.
 */
export interface AnswerLimits {
  /** A JSON answer (one list page, one discovery document). */
  readonly maxAnswerBytes: number;
  /** One watch event (one line): one object, which etcd keeps under about 1.5 MB. */
  readonly maxWatchEventChars: number;
}

export const DEFAULT_ANSWER_LIMITS: AnswerLimits = { maxAnswerBytes: 256 * 1024 * 1024, maxWatchEventChars: 16 * 1024 * 1024 };

export function kubeTransport(kubeConfig: KubeConfig, server: string, limits: AnswerLimits = DEFAULT_ANSWER_LIMITS): Transport {
  const base = server.replace(/\/+$/, '');

  const open = async (req: ApiRequest): Promise<{ res: IncomingMessage; info: RequestInfo; timedOut: () => ClusterError | null }> => {
    const info: RequestInfo = { ...req.info, server };
    const url = new URL(base + req.path);
    for (const [k, v] of Object.entries(req.query ?? {})) url.searchParams.set(k, v);
    const options: RequestOptions = { method: 'GET', headers: {} };
    try {
      await kubeConfig.applyToHTTPSOptions(options);
    } catch (error) {
      throw new ClusterError({ type: 'auth', detail: error instanceof Error ? error.message.split('\n')[0]! : String(error) }, info);
    }
    options.headers = { ...(options.headers as Record<string, string>), Accept: 'application/json', 'User-Agent': USER_AGENT };
    const timeoutMs = req.timeoutMs ?? 30_000;
    let timeout: ClusterError | null = null;
    return new Promise((resolve, reject) => {
      if (req.signal?.aborted) return reject(abortError());
      const send = url.protocol === 'http:' ? httpRequest : httpsRequest;
      const r = send(url, options, (res) => {
        resolve({ res, info, timedOut: () => timeout });
      });
      r.setTimeout(timeoutMs, () => {
        timeout = new ClusterError({ type: 'timeout', ms: timeoutMs }, info);
        r.destroy(timeout);
      });
      r.on('socket', (socket) => socket.setKeepAlive(true, 30_000));
      r.on('error', (error) => reject(error instanceof ClusterError ? error : req.signal?.aborted ? abortError() : new ClusterError(problemOfError(error), info)));
      const onAbort = (): void => {
        r.destroy(abortError());
      };
      req.signal?.addEventListener('abort', onAbort, { once: true });
      r.on('close', () => req.signal?.removeEventListener('abort', onAbort));
      r.end();
    });
  };

  const failure = async (res: IncomingMessage, info: RequestInfo): Promise<never> => {
    const text = await readBody(res, MAX_ERROR_BODY).catch(() => '');
    throw new ClusterError(statusProblem(res.statusCode ?? 0, text, res.headers['retry-after']), info);
  };

  return {
    server,
    async getJson(req) {
      const { res, info, timedOut } = await open(req);
      if ((res.statusCode ?? 0) < 200 || (res.statusCode ?? 0) >= 300) return failure(res, info);
      let text: string;
      try {
        text = await readBody(res, limits.maxAnswerBytes, () => new ClusterError({ type: 'protocol', detail: `the answer is larger than ${mib(limits.maxAnswerBytes)}` }, info));
      } catch (error) {
        if (req.signal?.aborted) throw abortError();
        throw timedOut() ?? (error instanceof ClusterError ? error : new ClusterError(problemOfError(error), info));
      }
      try {
        return JSON.parse(text) as unknown;
      } catch {
        throw new ClusterError({ type: 'protocol', detail: `expected JSON, got ${text.slice(0, 40).replace(/\s+/g, ' ')}…` }, info);
      }
    },
    async stream(req, onEvent, onOpen) {
      const { res, info, timedOut } = await open(req);
      if ((res.statusCode ?? 0) < 200 || (res.statusCode ?? 0) >= 300) return failure(res, info);
      onOpen?.();
      await new Promise<void>((resolve, reject) => {
        let buffer = '';
        let settled = false;
        const finish = (error?: unknown): void => {
          if (settled) return;
          settled = true;
          if (req.signal?.aborted || (error !== undefined && isAbort(error))) resolve();
          else if (timedOut()) reject(timedOut());
          else if (error === undefined) resolve();
          else reject(error instanceof ClusterError ? error : new ClusterError(problemOfError(error), info));
        };
        // Where the search for the next line break resumes: a long line arriving in many chunks is
        // scanned once, not again from its start with every chunk.
        let scanned = 0;
        const tooLarge = (): void => {
          res.destroy();
          finish(new ClusterError({ type: 'protocol', detail: `a watch event is larger than ${mib(limits.maxWatchEventChars)}` }, info));
        };
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          if (settled) return;
          buffer += chunk;
          let nl: number;
          while ((nl = buffer.indexOf('\n', scanned)) >= 0) {
            scanned = 0;
            if (nl > limits.maxWatchEventChars) return tooLarge();
            const line = buffer.slice(0, nl).trim();
            buffer = buffer.slice(nl + 1);
            if (line === '') continue;
            let event: unknown;
            try {
              event = JSON.parse(line);
            } catch {
              res.destroy();
              const shown = line.slice(0, 40).replace(/\s+/g, ' ');
              finish(new ClusterError({ type: 'protocol', detail: `a watch event is not JSON: ${shown}${line.length > 40 ? '…' : ''}` }, info));
              return;
            }
            try {
              onEvent(event);
            } catch (error) {
              res.destroy();
              finish(error);
              return;
            }
          }
          if (buffer.length > limits.maxWatchEventChars) return tooLarge();
          scanned = buffer.length;
        });
        res.on('end', () => finish());
        res.on('error', (error) => finish(error));
        // 'close' without 'end' is a broken stream (a reset mid-watch), unless we aborted it.
        res.on('close', () => finish(res.complete ? undefined : new ClusterError({ type: 'network', code: 'ECONNRESET', detail: 'the watch was cut' }, info)));
      });
    },
  };
}

/** The problem an error answer describes (its Status body when there is one). */
export function statusProblem(code: number, body: string, retryAfter?: string | string[]): ClusterProblem {
  let reason = '';
  let message = '';
  try {
    const status = JSON.parse(body) as { reason?: unknown; message?: unknown; code?: unknown };
    if (typeof status.reason === 'string') reason = status.reason;
    if (typeof status.message === 'string') message = status.message;
  } catch {
    message = body.trim().split('\n')[0]!.slice(0, 200);
  }
  const retryAfterMs = parseRetryAfter(retryAfter);
  return { type: 'status', code, reason, message, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) };
}

/**
 * An answer's body. Past `limit` bytes the rest is dropped (an error answer: its start says
 * enough), or, given `tooLarge`, the answer is cut off and refused with that error.
 */
function readBody(res: IncomingMessage, limit: number, tooLarge?: () => Error): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    let size = 0;
    res.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) parts.push(chunk);
      else if (tooLarge) {
        parts.length = 0;
        reject(tooLarge());
        res.destroy();
      }
    });
    res.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
    res.on('error', reject);
    res.on('close', () => {
      if (!res.complete) reject(Object.assign(new Error('the response was cut'), { code: 'ECONNRESET' }));
    });
  });
}

function abortError(): Error {
  const error = new Error('aborted');
  error.name = 'AbortError';
  return error;
}

export function isAbort(error: unknown): boolean {
  return error instanceof Error && error.name === 'AbortError';
}

function mib(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${+(bytes / (1024 * 1024)).toFixed(1)} MiB` : `${bytes} bytes`;
}
